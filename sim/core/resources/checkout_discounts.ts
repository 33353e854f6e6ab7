// Discounts on a Checkout Session: which coupon or promotion code applies (and why one cannot), how much it takes off
// each line item, and the Discount object (`di_...`) Stripe shows in `total_details.breakdown.discounts` and in line
// items' `discounts`. checkout_sessions.ts applies the result to the session's totals.
//
// Rules (Stripe's "Add discounts" guide and the Coupons / Promotion Codes references): one discount per session; a
// coupon's `applies_to.products` limits it to those products' line items; an amount_off coupon applies in its own
// currency or one of its `currency_options`, and never takes off more than the eligible subtotal (so a session can
// be made free); shipping is not discounted. A promotion code must be active, not expired, under its redemption
// limit, on a valid coupon, for the session's customer when it names one, for a first-time customer when restricted
// so (Stripe: "Promotion codes limited to first time customers will return invalid" for sessions that create no
// Customer), and over its minimum amount in the session's currency.
//
// Wording: Stripe's answers as its users quote them for an invalid coupon ("Coupon expired: X", code
// coupon_expired), a used-up code ("... because it has been used the maximum number of times.") and a first-time-only
// one ("... because the associated customer has prior transactions."); the other promotion-code refusals follow that
// family's form (unconfirmed), and the currency one is the simulator's.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { formatAmount } from '../money.ts';
import { couponIsValid, findCoupon, type CouponObject } from './coupons.ts';
import { promotionCodeCoupon, promotionCodeCustomer, type PromotionCodeObject } from './promotion_codes.ts';

type LineItemObject = Stripe.LineItem & StripeObject;

/** The discount a session holds (internal record), with the coupon's terms as they were when it was applied. */
export interface SessionDiscount {
  /** The Discount object's id (`di_...`). */
  id: string;
  coupon: string;
  promotion_code: string | null;
  /** The promotion code as the customer typed it (the page shows it), when one was used. */
  code: string | null;
  start: number;
  terms: {
    name: string | null;
    percent_off: number | null;
    amount_off: number | null;
    currency: string | null;
    currency_options: Record<string, { amount_off: number }> | null;
    products: string[] | null;
  };
}

/** Why a discount cannot apply: `invalid` (unknown, inactive, expired, used up, someone else's), or a rule it fails. */
export type RefusalReason = 'invalid' | 'customer' | 'first_time' | 'minimum' | 'currency' | 'not_applicable';

export interface Refusal {
  reason: RefusalReason;
  message: string;
  /** For `minimum`: the amount the order must reach, in the session's currency. */
  minimum?: number;
  /** Stripe's error code, where one fits (`coupon_expired`: "The coupon provided ... has expired"). */
  code?: string;
}

/** What about the session decides whether a discount applies. */
export interface DiscountTarget {
  currency: string;
  items: LineItemObject[];
  customer: string | null;
  /** The session's `customer_creation` (`always` makes a first-time Customer). */
  customerCreation: string | null;
}

function productOf(li: LineItemObject): string | null {
  const price = li.price as Stripe.Price | null;
  const product = price?.product;
  return typeof product === 'string' ? product : (product?.id ?? null);
}

function eligible(d: SessionDiscount, items: LineItemObject[]): LineItemObject[] {
  const products = d.terms.products;
  return products ? items.filter((li) => products.includes(productOf(li) ?? '')) : items;
}

/** The amount an amount_off coupon takes off in `currency` (its own or a currency option), or null when none. */
function amountIn(d: SessionDiscount, currency: string): number | null {
  if (d.terms.amount_off === null) return null;
  if (d.terms.currency === currency) return d.terms.amount_off;
  return d.terms.currency_options?.[currency]?.amount_off ?? null;
}

/** Splits `total` over `weights` in proportion, whole minor units, the remainder to the largest fractions. */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/** The discount of each line item (by id) and their sum; items outside `applies_to` get 0. */
export function discountAmounts(d: SessionDiscount, items: LineItemObject[], currency: string): { total: number; amounts: Record<string, number> } {
  const targets = eligible(d, items);
  const base = targets.reduce((s, li) => s + li.amount_subtotal, 0);
  const total = d.terms.percent_off !== null ? Math.round((base * d.terms.percent_off) / 100) : Math.min(amountIn(d, currency) ?? 0, base);
  const shares = allocate(total, targets.map((li) => li.amount_subtotal));
  const amounts: Record<string, number> = {};
  targets.forEach((li, i) => {
    amounts[li.id] = shares[i];
  });
  return { total, amounts };
}

function termsOf(c: CouponObject): SessionDiscount['terms'] {
  return {
    name: c.name,
    percent_off: c.percent_off,
    amount_off: c.amount_off,
    currency: c.currency,
    currency_options: (c.currency_options as Record<string, { amount_off: number }> | undefined) ?? null,
    products: c.applies_to?.products ?? null,
  };
}

/** Why `coupon` cannot discount this session, or null. */
function couponRefusal(ctx: RequestContext, c: CouponObject, target: DiscountTarget): Refusal | null {
  // Past redeem_by or used up: no longer `valid`, and Stripe answers both as an expired coupon.
  if (!couponIsValid(ctx, c)) return { reason: 'invalid', code: 'coupon_expired', message: `Coupon expired: ${c.id}` };
  if (c.amount_off !== null && amountIn({ terms: termsOf(c) } as SessionDiscount, target.currency) === null) {
    return {
      reason: 'currency',
      message: `Coupon ${c.id} takes an amount off in ${c.currency ?? ''} and has no \`currency_options\` for ${target.currency}, the currency of this Checkout Session.`,
    };
  }
  return null;
}

/** A SessionDiscount for a coupon the merchant named (`discounts[][coupon]`), or the refusal. */
export function couponDiscount(ctx: RequestContext, couponId: string, target: DiscountTarget): SessionDiscount | Refusal | undefined {
  const c = findCoupon(ctx, couponId);
  if (!c) return undefined;
  const refusal = couponRefusal(ctx, c, target);
  if (refusal) return refusal;
  return { id: ctx.newId('di'), coupon: c.id, promotion_code: null, code: null, start: ctx.now(), terms: termsOf(c) };
}

/** Whether the customer has paid before (a succeeded PaymentIntent). */
function hasPaid(ctx: RequestContext, customer: string): boolean {
  return ctx.store.list({ account: ctx.account, type: 'payment_intent', where: { customer, status: 'succeeded' }, limit: 1 }).items.length > 0;
}

/** A SessionDiscount for a promotion code, or the refusal. */
export function promotionCodeDiscount(ctx: RequestContext, pc: PromotionCodeObject, target: DiscountTarget): SessionDiscount | Refusal {
  const code = pc.code;
  if (!pc.active) return { reason: 'invalid', message: 'This promotion code cannot be redeemed because it is inactive.' };
  if (pc.expires_at !== null && pc.expires_at <= ctx.now()) return { reason: 'invalid', message: 'This promotion code cannot be redeemed because it has expired.' };
  if (pc.max_redemptions !== null && pc.times_redeemed >= pc.max_redemptions) {
    return { reason: 'invalid', message: 'This promotion code cannot be redeemed because it has been used the maximum number of times.' };
  }
  const c = findCoupon(ctx, promotionCodeCoupon(pc));
  if (!c) return { reason: 'invalid', message: 'This promotion code cannot be redeemed because it is inactive.' };
  const refusal = couponRefusal(ctx, c, target);
  if (refusal) return refusal;
  const owner = promotionCodeCustomer(pc);
  if (owner && owner !== target.customer) {
    return { reason: 'customer', message: 'This promotion code cannot be redeemed by this customer.' };
  }
  if (pc.restrictions.first_time_transaction) {
    const firstTime = target.customer ? !hasPaid(ctx, target.customer) : target.customerCreation === 'always';
    // Stripe's wording (quoted in stripe-node#1318), for a session without a customer too.
    if (!firstTime) return { reason: 'first_time', message: 'This promotion code cannot be redeemed because the associated customer has prior transactions.' };
  }
  const r = pc.restrictions;
  const minimum = r.minimum_amount_currency === target.currency ? r.minimum_amount : (r.currency_options?.[target.currency]?.minimum_amount ?? null);
  const subtotal = target.items.reduce((s, li) => s + li.amount_subtotal, 0);
  if (minimum !== null && minimum !== undefined && subtotal < minimum) {
    return {
      reason: 'minimum', minimum,
      message: `This promotion code cannot be redeemed because the order does not meet its minimum amount of ${formatAmount(minimum, target.currency)} ${target.currency}.`,
    };
  }
  return { id: ctx.newId('di'), coupon: c.id, promotion_code: pc.id, code, start: ctx.now(), terms: termsOf(c) };
}

export function isRefusal(x: SessionDiscount | Refusal): x is Refusal {
  return 'reason' in x;
}

/** Stripe's Discount object for a session's discount. */
export function discountObject(d: SessionDiscount, session: { id: string; customer: unknown }): Stripe.Discount {
  return {
    id: d.id,
    object: 'discount',
    checkout_session: session.id,
    customer: typeof session.customer === 'string' ? session.customer : null,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: d.promotion_code,
    source: { coupon: d.coupon, type: 'coupon' },
    start: d.start,
    subscription: null,
    subscription_item: null,
  };
}

// Promotion codes: customer-facing codes on top of a coupon (`promotion: { type: 'coupon', coupon }`, the shape of
// both API versions the simulator speaks, endive and dahlia). Create (generated `code` when none is given; a code is
// unique, regardless of case, among the active codes of the same customer scope: Stripe's "An active promotion code
// with `code: X` already exists."), retrieve, update (active, metadata, restrictions.currency_options), list (active,
// code, coupon, customer, created). `times_redeemed` counts the completed Checkout Sessions that used the code.
// Events: promotion_code.created / .updated.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { bool, createdFilter, listParams, metadataFrom, p, saveUpdate, type Schema } from '../resource-kit.ts';
import { registerVersionTransform } from '../versions.ts';
import type { Simulator } from '../app.ts';
import { checkCurrency } from './prices.ts';
import { couponIsValid, currencyOptionKey, findCoupon, type CouponObject } from './coupons.ts';

export type PromotionCodeObject = Stripe.PromotionCode & StripeObject;

const CODE_RE = /^[A-Za-z0-9-]+$/;
/** Where a rendered code keeps its includable `restrictions.currency_options` until expanded. */
const HIDDEN_OPTIONS = '__currency_options';
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const currencyOptionsField = p.map(p.object({ minimum_amount: p.integer({ min: 0 }) }));

const createParams: Schema = {
  promotion: p.object({ type: p.enumOf(['coupon'], { required: true }), coupon: p.id() }, { required: true }),
  active: p.boolean(),
  code: p.string({
    maxLength: 500, pattern: CODE_RE,
    patternMessage: 'Invalid code: valid characters are lower case letters (a-z), upper case letters (A-Z), digits (0-9), and dashes (-).',
  }),
  customer: p.id(),
  customer_account: p.string(),
  expires_at: p.timestamp(),
  max_redemptions: p.integer({ min: 1 }),
  metadata: p.metadata(),
  restrictions: p.object({
    currency_options: currencyOptionsField,
    first_time_transaction: p.boolean(),
    minimum_amount: p.integer({ min: 0 }),
    minimum_amount_currency: p.string({ maxLength: 3 }),
  }),
};

const updateParams: Schema = {
  active: p.boolean(),
  metadata: p.metadata(),
  restrictions: p.object({ currency_options: currencyOptionsField }),
};

const listSchema: Schema = {
  ...listParams,
  active: p.boolean(),
  code: p.string(),
  coupon: p.id(),
  created: p.range(),
  customer: p.id(),
  customer_account: p.string(),
};

function couponOf(pc: PromotionCodeObject): string {
  const c = pc.promotion.coupon;
  return typeof c === 'string' ? c : (c?.id ?? '');
}

function customerOf(pc: PromotionCodeObject): string | null {
  return typeof pc.customer === 'string' ? pc.customer : (pc.customer?.id ?? null);
}

function indexOf(pc: PromotionCodeObject): Record<string, string | null | undefined> {
  return { code: pc.code.toLowerCase(), coupon: couponOf(pc), customer: customerOf(pc), active: bool(pc.active) };
}

/**
 * "A promotion code is only active if the coupon is also valid": a code whose coupon expired, was used up or deleted
 * reads as inactive from then on (saved, no event, as the coupon's own `valid`).
 */
function refreshCode(ctx: RequestContext, pc: PromotionCodeObject): PromotionCodeObject {
  if (!pc.active) return pc;
  if (findCoupon(ctx, couponOf(pc))?.valid) return pc;
  pc.active = false;
  ctx.update(pc, indexOf(pc));
  return pc;
}

function generateCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** The codes spelled `code` (any case) that are active now (a code whose coupon became invalid is refreshed first). */
function activeCodes(ctx: RequestContext, code: string): PromotionCodeObject[] {
  const page = ctx.store.list<PromotionCodeObject>({ account: ctx.account, type: 'promotion_code', where: { code: code.toLowerCase(), active: 'true' }, limit: 100 });
  return page.items.map((r) => refreshCode(ctx, r.data)).filter((pc) => pc.active);
}

/** The active code (other than `selfId`) that `code` would collide with, for the same customer scope. */
function activeHolder(ctx: RequestContext, code: string, customer: string | null, selfId: string | null): PromotionCodeObject | undefined {
  return activeCodes(ctx, code).find((pc) => pc.id !== selfId && customerOf(pc) === customer);
}

function duplicate(code: string) {
  return invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, { param: 'code' });
}

function checkMinimumOptions(v: unknown): Record<string, { minimum_amount: number }> | undefined {
  if (v === undefined || v === null) return undefined;
  const out: Record<string, { minimum_amount: number }> = {};
  for (const [k, o] of Object.entries(v as Record<string, { minimum_amount?: number | null }>)) {
    out[currencyOptionKey(k, 'restrictions[currency_options]')] = { minimum_amount: o.minimum_amount ?? 0 };
  }
  return out;
}

function create(ctx: RequestContext): PromotionCodeObject {
  const q = ctx.params;
  const promotion = q.promotion as { type: 'coupon'; coupon?: string | null };
  if (!promotion.coupon) throw parameterMissing('promotion[coupon]');
  const coupon: CouponObject | undefined = findCoupon(ctx, promotion.coupon);
  if (!coupon) throw resourceMissing('coupon', promotion.coupon, 'promotion[coupon]');
  // Wording of the three coupon-bound refusals below is the simulator's (Stripe's reference states the rules).
  if (!coupon.valid) throw invalidRequest(`Coupon ${coupon.id} is no longer valid: a promotion code cannot be created for it.`, { param: 'promotion[coupon]' });
  const customer = (q.customer as string | null | undefined) ?? null;
  if (customer) {
    const c = ctx.find<StripeObject>(customer, 'customer');
    if (!c || c.data.deleted === true) throw resourceMissing('customer', customer, 'customer');
  }
  const expiresAt = (q.expires_at as number | null | undefined) ?? null;
  if (expiresAt !== null && expiresAt <= ctx.now()) {
    throw invalidRequest(
      `The parameter \`expires_at\` expects a unix timestamp representing a date and time in the future. You specified the value \`${expiresAt}\` which is in the past.`,
      { param: 'expires_at' },
    );
  }
  // expires_at: "If the coupon has specified a `redeems_by`, then this value cannot be after the coupon's `redeems_by`."
  if (expiresAt !== null && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
    throw invalidRequest(`The promotion code's \`expires_at\` (${expiresAt}) cannot be after the coupon's \`redeem_by\` (${coupon.redeem_by}).`, { param: 'expires_at' });
  }
  // max_redemptions: "If the coupon has specified a `max_redemptions`, then this value cannot be greater than the coupon's".
  const max = (q.max_redemptions as number | null | undefined) ?? null;
  if (max !== null && coupon.max_redemptions !== null && max > coupon.max_redemptions) {
    throw invalidRequest(`The promotion code's \`max_redemptions\` (${max}) cannot be greater than the coupon's \`max_redemptions\` (${coupon.max_redemptions}).`, { param: 'max_redemptions' });
  }
  const r = (q.restrictions as Record<string, unknown> | null | undefined) ?? {};
  const minimum = (r.minimum_amount as number | null | undefined) ?? null;
  let minimumCurrency = (r.minimum_amount_currency as string | null | undefined) ?? null;
  if (minimum !== null && minimumCurrency === null) {
    throw invalidRequest('You must pass minimum_amount_currency when passing minimum_amount', { param: 'restrictions[minimum_amount_currency]' });
  }
  if (minimumCurrency !== null && minimum === null) throw parameterMissing('restrictions[minimum_amount]');
  if (minimumCurrency !== null) minimumCurrency = checkCurrency(minimumCurrency, 'restrictions[minimum_amount_currency]');
  const options = checkMinimumOptions(r.currency_options);
  const active = (q.active as boolean | null | undefined) ?? true;
  let code = q.code as string | null | undefined;
  if (code) {
    if (active && activeHolder(ctx, code, customer, null)) throw duplicate(code);
  } else {
    do code = generateCode();
    while (activeHolder(ctx, code, customer, null));
  }
  const restrictions: Stripe.PromotionCode.Restrictions = {
    ...(options || minimumCurrency ? { currency_options: { ...(options ?? {}), ...(minimumCurrency ? { [minimumCurrency]: { minimum_amount: minimum! } } : {}) } } : {}),
    first_time_transaction: (r.first_time_transaction as boolean | null | undefined) ?? false,
    minimum_amount: minimum,
    minimum_amount_currency: minimumCurrency,
  };
  const pc = {
    id: ctx.newId('promo'),
    object: 'promotion_code',
    active,
    code,
    created: ctx.now(),
    customer,
    customer_account: (q.customer_account as string | null | undefined) ?? null,
    expires_at: expiresAt,
    livemode: false,
    max_redemptions: max,
    metadata: metadataFrom(undefined, q.metadata),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions,
    times_redeemed: 0,
  } as PromotionCodeObject;
  ctx.insert(pc, indexOf(pc));
  ctx.emit('promotion_code.created', pc);
  return pc;
}

function retrieve(ctx: RequestContext): PromotionCodeObject {
  return refreshCode(ctx, ctx.get<PromotionCodeObject>(ctx.pathParams.id, 'promotion_code', { param: 'promotion_code' }));
}

function update(ctx: RequestContext): PromotionCodeObject {
  const q = ctx.params;
  const before = retrieve(ctx);
  const after = JSON.parse(JSON.stringify(before)) as PromotionCodeObject;
  if ('active' in q) {
    after.active = (q.active as boolean | null) ?? true;
    if (after.active && !before.active) {
      if (!findCoupon(ctx, couponOf(before))?.valid) {
        // The wording is the simulator's.
        throw invalidRequest(`The coupon ${couponOf(before)} of this promotion code is no longer valid: the code cannot be activated.`, { param: 'active' });
      }
      if (activeHolder(ctx, before.code, customerOf(before), before.id)) throw duplicate(before.code);
    }
  }
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata ?? {}, q.metadata);
  const r = q.restrictions as { currency_options?: unknown } | null | undefined;
  if (r && r.currency_options !== undefined) {
    const opts = checkMinimumOptions(r.currency_options) ?? {};
    after.restrictions.currency_options = { ...(before.restrictions.currency_options ?? {}), ...opts };
  }
  return saveUpdate(ctx, before, after, 'promotion_code.updated', indexOf(after));
}

/** Whether the code is active now, without saving anything (a list's filter runs while the store is read). */
function activeNow(ctx: RequestContext, pc: PromotionCodeObject): boolean {
  if (!pc.active) return false;
  const c = ctx.find<CouponObject>(couponOf(pc), 'coupon')?.data;
  return !!c && couponIsValid(ctx, c);
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  const active = bool(q.active);
  const account = (q.customer_account as string | null | undefined) ?? undefined;
  const res = ctx.list<PromotionCodeObject>('promotion_code', {
    where: {
      // The stored `active` of a code whose coupon since became invalid (deleted, expired, used up) is still true
      // until something reads the code: `active=true` narrows by the index, and both answers are checked below.
      active: active === 'true' ? 'true' : undefined,
      code: typeof q.code === 'string' ? q.code.toLowerCase() : undefined,
      coupon: (q.coupon as string | null | undefined) ?? undefined,
      customer: (q.customer as string | null | undefined) ?? undefined,
    },
    filter: active === undefined && account === undefined
      ? undefined
      : (pc) => (account === undefined || pc.customer_account === account) && (active === undefined || activeNow(ctx, pc) === (active === 'true')),
    created: createdFilter(q.created),
  });
  return { ...res, data: res.data.map((pc) => refreshCode(ctx, pc)) };
}

/** The active promotion code a customer typed (case-insensitive): a code of `customer` first, then an open one. */
export function findActiveCode(ctx: RequestContext, code: string, customer: string | null): PromotionCodeObject | undefined {
  const codes = activeCodes(ctx, code);
  return (customer ? codes.find((pc) => customerOf(pc) === customer) : undefined) ?? codes.find((pc) => customerOf(pc) === null) ?? codes[0];
}

/** One more redemption (a completed Checkout Session): `times_redeemed` + 1 (a side effect: no event, as for coupons). */
export function redeemPromotionCode(ctx: RequestContext, id: string): void {
  const pc = ctx.find<PromotionCodeObject>(id, 'promotion_code')?.data;
  if (!pc) return;
  pc.times_redeemed += 1;
  ctx.update(pc, indexOf(pc));
}

export { couponOf as promotionCodeCoupon, customerOf as promotionCodeCustomer };

export function registerPromotionCodes(sim: Simulator): void {
  // restrictions.currency_options is includable (as a coupon's currency_options): stored, shown only when expanded.
  // A rendered code keeps it under a non-enumerable key (JSON leaves it out), where expanding it finds it.
  registerExpandable('promotion_code', {
    customer: null,
    'promotion.coupon': null,
    'restrictions.currency_options': (_ctx, _v, parent) => (parent as Record<string, unknown>)[HIDDEN_OPTIONS],
  });
  registerVersionTransform('promotion_code', (obj) => {
    const r = obj.restrictions as Record<string, unknown> | undefined;
    if (!r || !('currency_options' in r)) return obj;
    const { currency_options: options, ...rest } = r;
    Object.defineProperty(rest, HIDDEN_OPTIONS, { value: options, enumerable: false });
    return { ...obj, restrictions: rest };
  });
  sim.route({ method: 'POST', path: '/v1/promotion_codes', params: createParams, handler: create });
  sim.route({ method: 'GET', path: '/v1/promotion_codes', params: listSchema, handler: list });
  sim.route({ method: 'GET', path: '/v1/promotion_codes/:id', handler: retrieve });
  sim.route({ method: 'POST', path: '/v1/promotion_codes/:id', params: updateParams, handler: update });
}

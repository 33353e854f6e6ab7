// Coupons: create (custom or generated id, percent_off xor amount_off + currency, duration, redemption limits,
// applies_to), retrieve, update (name, metadata, currency_options), delete, list (created). `valid` turns false once
// `redeem_by` has passed on the simulator clock or `max_redemptions` is reached; `times_redeemed` counts the Checkout
// Sessions completed with the coupon (checkout_sessions.ts calls redeemCoupon). Events: coupon.created / .updated /
// .deleted.
//
// The refusals' wording is Stripe's as recorded by probing the live API at a 2026 version ("Must provide percent_off
// or amount_off.", "Received both percent_off and amount_off parameters. Please pass in only one.", "You must pass
// currency when passing amount_off", the duration_in_months one naming `param: duration`, the 0.01 floor of
// percent_off, "Coupon already exists.", the redeem_by-in-the-past one). `applies_to` and `currency_options` are
// includable: left out of responses unless expanded, as on Stripe.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { randomString } from '../ids.ts';
import { createdFilter, deletedStub, listParams, metadataFrom, p, saveUpdate, type Schema } from '../resource-kit.ts';
import { registerVersionTransform } from '../versions.ts';
import type { Simulator } from '../app.ts';
import { checkCurrency } from './prices.ts';

export type CouponObject = Stripe.Coupon & StripeObject;

/** Coupon ids Stripe accepts: letters, digits and a few separators. */
const ID_RE = /^[A-Za-z0-9_\-.~%]{1,200}$/;
/** Fields stored on the coupon but shown only when expanded (includable). */
const INCLUDABLE = ['applies_to', 'currency_options'] as const;

const currencyOptionsField = p.map(p.object({ amount_off: p.integer({ required: true, min: 1 }) }));

const createParams: Schema = {
  id: p.string({ maxLength: 200, pattern: ID_RE, patternMessage: 'Invalid id: coupon ids may only contain letters, digits, underscores, dashes, periods, tildes and percent signs.' }),
  amount_off: p.integer({ min: 1 }),
  applies_to: p.object({ products: p.array(p.id(), { maxItems: 100 }) }),
  currency: p.string({ maxLength: 3 }),
  currency_options: currencyOptionsField,
  duration: p.enumOf(['forever', 'once', 'repeating']),
  duration_in_months: p.integer({ min: 1 }),
  max_redemptions: p.integer({ min: 1 }),
  metadata: p.metadata(),
  name: p.string({ maxLength: 40 }),
  percent_off: p.decimal(),
  redeem_by: p.timestamp(),
};

const updateParams: Schema = {
  currency_options: currencyOptionsField,
  metadata: p.metadata(),
  name: p.string({ maxLength: 40 }),
};

const listSchema: Schema = { ...listParams, created: p.range() };

/** A number as Stripe's (Ruby) messages print a float: `0.0`, `150.0`, `12.5`. */
function rubyFloat(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/** A `currency_options` key: a lowercase supported currency (Stripe's map-key refusal, then its currency list). */
export function currencyOptionKey(k: string, param: string): string {
  if (k !== k.toLowerCase() && k.length === 3) {
    throw invalidRequest(`Currencies must be lowercase when used as keys in a map. Use \`${k.toLowerCase()}\` instead of \`${k}\`.`, { param });
  }
  return checkCurrency(k, param);
}

/** `currency_options`, its keys checked by currencyOptionKey. */
function checkCurrencyOptions(v: unknown, param: string): Record<string, { amount_off: number }> | undefined {
  if (v === undefined || v === null) return undefined;
  const out: Record<string, { amount_off: number }> = {};
  for (const [k, o] of Object.entries(v as Record<string, { amount_off: number }>)) out[currencyOptionKey(k, param)] = { amount_off: o.amount_off };
  return out;
}

/** Whether the coupon can still be redeemed now: before `redeem_by`, under `max_redemptions`. */
export function couponIsValid(ctx: RequestContext, c: CouponObject): boolean {
  if (c.redeem_by !== null && c.redeem_by <= ctx.now()) return false;
  if (c.max_redemptions !== null && c.times_redeemed >= c.max_redemptions) return false;
  return true;
}

/** The stored coupon with `valid` brought up to date with the clock (saved when it changed; Stripe sends no event). */
export function refreshCoupon(ctx: RequestContext, c: CouponObject): CouponObject {
  const valid = couponIsValid(ctx, c);
  if (c.valid !== valid) {
    c.valid = valid;
    ctx.update(c);
  }
  return c;
}

/** A live (not deleted) coupon of this account, or undefined. */
export function findCoupon(ctx: RequestContext, id: string): CouponObject | undefined {
  const rec = ctx.find<CouponObject>(id, 'coupon');
  return rec ? refreshCoupon(ctx, rec.data) : undefined;
}

/**
 * One more redemption (a completed Checkout Session): `times_redeemed` + 1, `valid` recomputed. A side effect of the
 * session, not an update through the API: no coupon.updated (the session's checkout.session.completed tells).
 */
export function redeemCoupon(ctx: RequestContext, id: string): void {
  const c = ctx.find<CouponObject>(id, 'coupon')?.data;
  if (!c) return;
  c.times_redeemed += 1;
  c.valid = couponIsValid(ctx, c);
  ctx.update(c);
}

function create(ctx: RequestContext): CouponObject {
  const q = ctx.params;
  const hasAmount = q.amount_off !== undefined && q.amount_off !== null;
  const hasPercent = q.percent_off !== undefined && q.percent_off !== null;
  if (!hasAmount && !hasPercent) throw invalidRequest('Must provide percent_off or amount_off.', { code: 'parameter_missing' });
  if (hasAmount && hasPercent) throw invalidRequest('Received both percent_off and amount_off parameters. Please pass in only one.');
  if (hasAmount && (q.currency === undefined || q.currency === null)) {
    throw invalidRequest('You must pass currency when passing amount_off', { param: 'currency' });
  }
  const duration = (q.duration as string | null | undefined) ?? 'once';
  if (duration === 'repeating' && (q.duration_in_months === undefined || q.duration_in_months === null)) {
    throw invalidRequest('The duration_in_months param must be set when creating a coupon with a repeating duration', { param: 'duration' });
  }
  if (duration !== 'repeating' && q.duration_in_months !== undefined && q.duration_in_months !== null) {
    // Stripe's reference: "Required only if duration is repeating"; the wording of this refusal is the simulator's.
    throw invalidRequest(`duration_in_months can only be set when duration is \`repeating\` (this coupon's duration is \`${duration}\`).`, { param: 'duration_in_months' });
  }
  let percentOff: number | null = null;
  if (hasPercent) {
    percentOff = Number(q.percent_off);
    if (percentOff < 0.01) throw invalidRequest(`This value must be greater than or equal to 0.01 (it currently is '${rubyFloat(percentOff)}').`, { param: 'percent_off' });
    if (percentOff > 100) throw invalidRequest(`This value must be less than or equal to 100 (it currently is '${rubyFloat(percentOff)}').`, { param: 'percent_off' });
    if (q.currency_options !== undefined && q.currency_options !== null) {
      throw invalidRequest('You may only specify one of these parameters: currency_options, percent_off.', { param: 'currency_options' });
    }
  }
  const currency = hasAmount ? checkCurrency(q.currency as string) : null;
  const currencyOptions = checkCurrencyOptions(q.currency_options, 'currency_options');
  const redeemBy = (q.redeem_by as number | null | undefined) ?? null;
  if (redeemBy !== null && redeemBy <= ctx.now()) {
    throw invalidRequest(
      `The parameter \`redeem_by\` expects a unix timestamp representing a date and time in the future. You specified the value \`${redeemBy}\` which is in the past.`,
      { param: 'redeem_by' },
    );
  }
  const products = (q.applies_to as { products?: string[] | null } | null | undefined)?.products ?? null;
  (products ?? []).forEach((id, i) => {
    if (!ctx.find(id, 'product')) throw resourceMissing('product', id, `applies_to[products][${i}]`);
  });
  const id = (q.id as string | null | undefined) ?? randomString(8);
  if (ctx.store.get(id)) throw invalidRequest('Coupon already exists.', { code: 'resource_already_exists' });
  const coupon = {
    id,
    object: 'coupon',
    amount_off: hasAmount ? (q.amount_off as number) : null,
    ...(products ? { applies_to: { products } } : {}),
    created: ctx.now(),
    currency,
    ...(hasAmount ? { currency_options: { ...(currencyOptions ?? {}), [currency!]: { amount_off: q.amount_off as number } } } : {}),
    duration: duration as Stripe.Coupon.Duration,
    duration_in_months: (q.duration_in_months as number | null | undefined) ?? null,
    livemode: false,
    max_redemptions: (q.max_redemptions as number | null | undefined) ?? null,
    metadata: metadataFrom(undefined, q.metadata),
    name: (q.name as string | null | undefined) ?? null,
    percent_off: percentOff,
    redeem_by: redeemBy,
    times_redeemed: 0,
    valid: true,
  } as CouponObject;
  ctx.insert(coupon);
  ctx.emit('coupon.created', coupon);
  return coupon;
}

function retrieve(ctx: RequestContext): CouponObject {
  const id = ctx.pathParams.id;
  const c = findCoupon(ctx, id);
  // A deleted coupon is gone: 404, as Stripe answers (it keeps no retrievable stub for coupons).
  if (!c) throw resourceMissing('coupon', id, 'coupon');
  return c;
}

function update(ctx: RequestContext): CouponObject {
  const q = ctx.params;
  const before = retrieve(ctx);
  const after = JSON.parse(JSON.stringify(before)) as CouponObject;
  if ('name' in q) after.name = (q.name as string | null) ?? null;
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata ?? {}, q.metadata);
  if ('currency_options' in q) {
    if (before.amount_off === null) {
      throw invalidRequest('You may only specify one of these parameters: currency_options, percent_off.', { param: 'currency_options' });
    }
    const opts = checkCurrencyOptions(q.currency_options, 'currency_options') ?? {};
    if (before.currency && opts[before.currency] && opts[before.currency].amount_off !== before.amount_off) {
      // The coupon's own currency keeps its amount_off (amounts are immutable); the wording is the simulator's.
      throw invalidRequest(`The amount_off in the coupon's own currency (${before.currency}) cannot be changed.`, { param: `currency_options[${before.currency}][amount_off]` });
    }
    after.currency_options = { ...(before.currency_options ?? {}), ...opts };
  }
  return saveUpdate(ctx, before, after, 'coupon.updated');
}

function remove(ctx: RequestContext): StripeObject {
  const c = retrieve(ctx);
  const stub = deletedStub(c);
  // Nothing is kept: a deleted coupon's id answers 404 and may be given to a new coupon.
  ctx.remove(c.id);
  ctx.emit('coupon.deleted', { ...c, valid: false });
  return stub;
}

function list(ctx: RequestContext) {
  const res = ctx.list<CouponObject>('coupon', { created: createdFilter(ctx.params.created) });
  return { ...res, data: res.data.map((c) => refreshCoupon(ctx, c)) };
}

export function registerCoupons(sim: Simulator): void {
  // Includable fields: the stored coupon keeps them, responses show them only when asked for.
  const stored = (ctx: RequestContext, parent: Record<string, unknown>, k: (typeof INCLUDABLE)[number]) =>
    ctx.store.get<CouponObject>(String(parent.id))?.data[k] ?? undefined;
  registerExpandable('coupon', {
    applies_to: (ctx, _v, parent) => stored(ctx, parent, 'applies_to'),
    currency_options: (ctx, _v, parent) => stored(ctx, parent, 'currency_options'),
  });
  registerVersionTransform('coupon', (obj) => {
    if (!INCLUDABLE.some((k) => k in obj)) return obj;
    const out = { ...obj };
    for (const k of INCLUDABLE) delete out[k];
    return out;
  });
  sim.route({ method: 'POST', path: '/v1/coupons', params: createParams, handler: create });
  sim.route({ method: 'GET', path: '/v1/coupons', params: listSchema, handler: list });
  sim.route({ method: 'GET', path: '/v1/coupons/:id', handler: retrieve });
  sim.route({ method: 'POST', path: '/v1/coupons/:id', params: updateParams, handler: update });
  sim.route({ method: 'DELETE', path: '/v1/coupons/:id', handler: remove });
}

// PaymentMethods (type card): create from raw test numbers, `card[token]=tok_*` or the `pm_card_*` test ids,
// retrieve, update, list, attach, detach. The card number itself is kept in an internal `sim_card` record
// (never serialised); the PaymentMethod object holds only what Stripe shows.

import type Stripe from 'stripe';
import {
  cardDetails, cardSpecFor, detectBrand, normalizeExpYear, normalizeNumber, testIdNumber, validateCvc,
  validateExpiry, validateNumber, type CardDecline,
} from '../cards.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing, StripeError } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { saveUpdate } from '../resource-kit.ts';

export type PaymentMethodObject = Stripe.PaymentMethod & StripeObject;

/** Internal record: the card behind a PaymentMethod. Never rendered by the API. */
export interface SimCard extends StripeObject {
  object: 'sim_card';
  payment_method: string;
  number: string;
  /** A SetupIntent or an authenticated payment with setup_future_usage prepared it for off-session use. */
  set_up_for_off_session: boolean;
  /** Used by a PaymentIntent while unattached: Stripe refuses to use it again. */
  consumed: boolean;
  /** It was attached then detached: it may not be used again. */
  detached: boolean;
}

export const simCardId = (pmId: string): string => `simcard_${pmId}`;

const DOC_BASE = 'https://stripe.com/docs/error-codes/';

/** A 402 card error in Stripe's envelope, with optional embedded objects (payment_intent, payment_method, ...). */
export function cardError(decline: CardDecline, extra: Record<string, unknown> = {}): StripeError {
  const e: Record<string, unknown> = {};
  if (decline.advice_code) e.advice_code = decline.advice_code;
  Object.assign(e, extra);
  return new StripeError({
    status: 402,
    type: 'card_error',
    code: decline.code,
    decline_code: decline.decline_code,
    param: decline.param,
    message: decline.message,
    doc_url: DOC_BASE + decline.code.replace(/_/g, '-'),
    extra: e,
  });
}

const addressSchema: Schema = {
  city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};
export const billingDetailsSchema: Schema = {
  address: p.object(addressSchema), email: p.string(), name: p.string(), phone: p.string(), tax_id: p.string(),
};
/** `card[networks][preferred]`: "Supports `cartes_bancaires`, `mastercard`, or `visa`." */
const PREFERRED_NETWORKS = ['cartes_bancaires', 'mastercard', 'visa'] as const;

/**
 * The customer's preferred network for co-branded cards: "Selection of a network that does not apply to the card will
 * be stored as `invalid_preference` on the card." An empty value clears it.
 */
function applyPreferredNetwork(card: Stripe.PaymentMethod.Card | null | undefined, networks: unknown): void {
  if (!card || networks === undefined) return;
  const wanted = networks === null ? null : ((networks as { preferred?: string | null }).preferred ?? null);
  if (networks !== null && !('preferred' in (networks as object))) return;
  const available = card.networks?.available ?? [];
  card.networks = { available, preferred: wanted === null ? null : available.includes(wanted) ? wanted : 'invalid_preference' };
}

export const cardParamsSchema: Schema = {
  number: p.string({ maxLength: 40 }),
  exp_month: p.integer(),
  exp_year: p.integer(),
  cvc: p.string({ maxLength: 10 }),
  token: p.string(),
  networks: p.object({ preferred: p.enumOf(PREFERRED_NETWORKS) }),
};
/** `payment_method_data` of PaymentIntent/SetupIntent confirmations. */
/** What Stripe.js adds to the requests it makes (telemetry): accepted and ignored. */
export const STRIPE_JS_PARAMS: Schema = {
  payment_user_agent: p.string(),
  time_on_page: p.integer(),
  guid: p.string(),
  muid: p.string(),
  sid: p.string(),
  referrer: p.string(),
};

export const paymentMethodDataSchema: Schema = {
  type: p.enumOf(['card'], { required: true }),
  card: p.object(cardParamsSchema),
  billing_details: p.object(billingDetailsSchema),
  metadata: p.metadata(),
  allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']),
  radar_options: p.any(),
  // Sent by Stripe.js inside payment_method_data.
  ...STRIPE_JS_PARAMS,
  client_attribution_metadata: p.any(),
};

type Address = { city: string | null; country: string | null; line1: string | null; line2: string | null; postal_code: string | null; state: string | null };

export function buildBillingDetails(raw: Record<string, unknown> | null | undefined, current?: Stripe.PaymentMethod.BillingDetails): Stripe.PaymentMethod.BillingDetails {
  const base: Stripe.PaymentMethod.BillingDetails = current
    ? { ...current, address: current.address ? { ...current.address } : null }
    : { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null, tax_id: null };
  if (!raw) return base;
  for (const k of ['email', 'name', 'phone', 'tax_id'] as const) {
    if (k in raw) (base as unknown as Record<string, unknown>)[k] = (raw[k] as string | null) ?? null;
  }
  if ('address' in raw) {
    const a = (raw.address as Record<string, string | null> | null) ?? {};
    const addr: Address = (base.address as Address | null) ?? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
    for (const k of ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const) if (k in a) addr[k] = a[k] ?? null;
    base.address = addr;
  }
  return base;
}

/** Resolves the card number a create/confirm request names (raw number or test token), validating it. */
export function cardNumberFrom(card: Record<string, unknown>, now: Date): { number: string; expMonth: number; expYear: number; cvc?: string } {
  const token = card.token as string | undefined;
  if (token) {
    const n = testIdNumber(token);
    if (!n || !token.startsWith('tok_')) throw invalidRequest(`No such token: '${token}'`, { param: 'card[token]', code: 'resource_missing' });
    return { number: n, expMonth: 12, expYear: new Date(now).getUTCFullYear() + 8, cvc: undefined };
  }
  if (card.number === undefined || card.number === null) throw parameterMissing('card[number]');
  const number = normalizeNumber(String(card.number));
  const bad = validateNumber(number);
  if (bad) throw cardError(bad);
  if (card.exp_month === undefined || card.exp_month === null) throw parameterMissing('card[exp_month]');
  if (card.exp_year === undefined || card.exp_year === null) throw parameterMissing('card[exp_year]');
  const expMonth = card.exp_month as number;
  const expYear = card.exp_year as number;
  const badExp = validateExpiry(expMonth, expYear, now);
  if (badExp) throw cardError(badExp);
  const cvc = card.cvc as string | undefined;
  const badCvc = validateCvc(cvc ?? undefined, detectBrand(number));
  if (badCvc) throw cardError(badCvc);
  return { number, expMonth, expYear, cvc: cvc ?? undefined };
}

function hasAddress(bd: Stripe.PaymentMethod.BillingDetails): { line1: boolean; postal: boolean } {
  return { line1: !!bd.address?.line1, postal: !!bd.address?.postal_code };
}

/** Inserts a card PaymentMethod for `number` (already validated) and its internal card record. */
export function insertCardPaymentMethod(
  ctx: RequestContext,
  input: { number: string; expMonth: number; expYear: number; cvc?: string; billing?: Record<string, unknown> | null; metadata?: MetadataParam | null; allowRedisplay?: string | null },
): PaymentMethodObject {
  const billing = buildBillingDetails(input.billing ?? null);
  const addr = hasAddress(billing);
  const card = cardDetails({ number: input.number, exp_month: input.expMonth, exp_year: input.expYear, cvc: input.cvc, hasAddressLine1: addr.line1, hasPostalCode: addr.postal });
  const pm = {
    id: ctx.newId('pm'),
    object: 'payment_method',
    allow_redisplay: (input.allowRedisplay ?? 'unspecified') as Stripe.PaymentMethod.AllowRedisplay,
    billing_details: billing,
    card: card as unknown as Stripe.PaymentMethod.Card,
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: applyMetadata({}, input.metadata ?? undefined),
    type: 'card',
  } as PaymentMethodObject;
  ctx.insert(pm, { customer: null, type: 'card' });
  const sim: SimCard = { id: simCardId(pm.id), object: 'sim_card', payment_method: pm.id, number: input.number, set_up_for_off_session: false, consumed: false, detached: false };
  ctx.insert(sim);
  return pm;
}

/** A fresh PaymentMethod for a `pm_card_*` / `tok_*` test id, as Stripe creates one per use. */
export function paymentMethodFromTestId(ctx: RequestContext, id: string): PaymentMethodObject | undefined {
  const number = testIdNumber(id);
  if (!number) return undefined;
  const year = new Date(ctx.clock.nowMs()).getUTCFullYear() + 8;
  return insertCardPaymentMethod(ctx, { number, expMonth: 12, expYear: year, cvc: '123' });
}

/** sim.services.useToken (tokens.ts): uses a created token once and gives its card and number. */
type UseToken = (ctx: RequestContext, id: string, param: string) => { card: { exp_month: number; exp_year: number; cvc_check: string | null }; number: string };

/** Creates a card PaymentMethod from `card[...]` parameters (PaymentMethod create, payment_method_data). */
export function createCardFromParams(ctx: RequestContext, params: Record<string, unknown>): PaymentMethodObject {
  const card = params.card as Record<string, unknown> | undefined | null;
  if (!card) throw parameterMissing('card');
  const now = new Date(ctx.clock.nowMs());
  const token = typeof card.token === 'string' ? card.token : undefined;
  const useToken = ctx.sim.services.useToken as UseToken | undefined;
  if (token && !testIdNumber(token) && useToken) {
    // A token created by POST /v1/tokens (Stripe.js createToken): used up by the PaymentMethod made from it.
    const used = useToken(ctx, token, 'card[token]');
    return insertCardPaymentMethod(ctx, {
      number: used.number, expMonth: used.card.exp_month, expYear: used.card.exp_year, cvc: used.card.cvc_check ? 'token' : undefined,
      billing: (params.billing_details as Record<string, unknown> | undefined) ?? null,
      metadata: params.metadata as MetadataParam | undefined,
      allowRedisplay: (params.allow_redisplay as string | undefined) ?? null,
    });
  }
  const { number, expMonth, expYear, cvc } = cardNumberFrom(card, now);
  // Stripe declines real card numbers in test mode when they are collected.
  const spec = cardSpecFor(number);
  if (spec.chargeDecline?.decline_code === 'test_mode_live_card') throw cardError(spec.chargeDecline);
  const pm = insertCardPaymentMethod(ctx, {
    number, expMonth, expYear: normalizeExpYear(expYear), cvc,
    billing: (params.billing_details as Record<string, unknown> | undefined) ?? null,
    metadata: params.metadata as MetadataParam | undefined,
    allowRedisplay: (params.allow_redisplay as string | undefined) ?? null,
  });
  if (card.networks !== undefined && card.networks !== null) {
    applyPreferredNetwork(pm.card, card.networks);
    ctx.update(pm);
  }
  return pm;
}

/**
 * Refuses a spent card: one a payment used without a customer, or one detached from its customer. Stripe answers
 * attach, PaymentIntents, SetupIntents and charges alike with these words.
 */
export function refuseSpent(sim: SimCard | undefined, param?: string): void {
  if (sim?.consumed || sim?.detached) throw invalidRequest('This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.', { param });
}

export function simCardOf(ctx: RequestContext, pmId: string): SimCard | undefined {
  return ctx.find<SimCard>(simCardId(pmId), 'sim_card')?.data;
}

/**
 * Looks up a PaymentMethod named in a request: an existing `pm_...` of this account, or a test id (which makes a
 * fresh one). Throws Stripe's resource_missing otherwise.
 */
export function resolvePaymentMethod(ctx: RequestContext, id: string, param = 'payment_method'): PaymentMethodObject {
  const existing = ctx.find<PaymentMethodObject>(id, 'payment_method');
  if (existing) return existing.data;
  const fresh = paymentMethodFromTestId(ctx, id);
  if (fresh) return fresh;
  throw resourceMissing('PaymentMethod', id, param);
}

function pmIndex(pm: PaymentMethodObject): Record<string, string | null> {
  return { customer: typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null), type: pm.type };
}

/** Attaches `pm` to `customer` (declining cards refuse), emitting payment_method.attached. */
export function attachPaymentMethod(ctx: RequestContext, pm: PaymentMethodObject, customerId: string): PaymentMethodObject {
  const sim = simCardOf(ctx, pm.id);
  refuseSpent(sim);
  if (pm.customer) {
    if (pm.customer === customerId) return pm;
    throw invalidRequest('The payment method you provided has already been attached to a customer.');
  }
  if (sim) {
    const decline = cardSpecFor(sim.number).attachDecline;
    if (decline) throw cardError(decline);
  }
  pm.customer = customerId;
  ctx.update(pm, pmIndex(pm));
  ctx.emit('payment_method.attached', pm);
  return pm;
}

function requireCustomer(ctx: RequestContext, id: string, param = 'customer'): void {
  const c = ctx.find<StripeObject>(id, 'customer');
  if (!c || c.data.deleted === true) throw resourceMissing('customer', id, param);
}

const createSchema: Schema = {
  type: p.enumOf(['card'], { required: true }),
  card: p.object(cardParamsSchema),
  billing_details: p.object(billingDetailsSchema),
  metadata: p.metadata(),
  allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']),
  customer: p.id(),
  payment_method: p.id(),
  radar_options: p.any(),
  // Stripe.js sends these along with a publishable key.
  key: p.string(),
  ...STRIPE_JS_PARAMS,
  client_attribution_metadata: p.any(),
};

const updateSchema: Schema = {
  billing_details: p.object(billingDetailsSchema),
  card: p.object({ exp_month: p.integer(), exp_year: p.integer(), networks: p.object({ preferred: p.enumOf(PREFERRED_NETWORKS) }) }),
  metadata: p.metadata(),
  allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']),
};

function create(ctx: RequestContext): PaymentMethodObject {
  const params = ctx.params;
  if (params.customer || params.payment_method) {
    throw invalidRequest('Cloning PaymentMethods requires Connect; this simulator does not clone PaymentMethods.', { param: 'payment_method' });
  }
  return createCardFromParams(ctx, params);
}

function retrieve(ctx: RequestContext): PaymentMethodObject {
  return resolvePaymentMethod(ctx, ctx.pathParams.id, 'id');
}

function update(ctx: RequestContext): PaymentMethodObject {
  const pm = resolvePaymentMethod(ctx, ctx.pathParams.id, 'id');
  const before = JSON.parse(JSON.stringify(pm)) as PaymentMethodObject;
  const params = ctx.params;
  if (!pm.customer) {
    throw invalidRequest('You must save this PaymentMethod to a customer before you can update it.');
  }
  if ('billing_details' in params) pm.billing_details = buildBillingDetails(params.billing_details as Record<string, unknown>, pm.billing_details);
  if ('metadata' in params) pm.metadata = applyMetadata(pm.metadata ?? {}, params.metadata as MetadataParam | null);
  if (params.allow_redisplay) pm.allow_redisplay = params.allow_redisplay as Stripe.PaymentMethod.AllowRedisplay;
  const card = params.card as Record<string, number | null | Record<string, unknown>> | undefined;
  if (card && pm.card) {
    const month = (card.exp_month as number | undefined) ?? pm.card.exp_month;
    const year = normalizeExpYear((card.exp_year as number | undefined) ?? pm.card.exp_year);
    const bad = validateExpiry(month, year, new Date(ctx.clock.nowMs()));
    if (bad) throw cardError(bad);
    pm.card.exp_month = month;
    pm.card.exp_year = year;
    applyPreferredNetwork(pm.card, card.networks);
  }
  // like every *.updated event, with what changed in data.previous_attributes (none when nothing changed)
  return saveUpdate(ctx, before, pm, 'payment_method.updated', pmIndex(pm));
}

function list(ctx: RequestContext) {
  const customer = ctx.params.customer as string | undefined;
  const type = ctx.params.type as string | undefined;
  const redisplay = (ctx.params.allow_redisplay as string | null | undefined) ?? undefined;
  if (!customer) {
    // Stripe lists no PaymentMethods without a customer (those not attached are not listable).
    return { object: 'list' as const, data: [], has_more: false, url: '/v1/payment_methods' };
  }
  requireCustomer(ctx, customer);
  return ctx.list<PaymentMethodObject>('payment_method', {
    where: { customer, type },
    filter: redisplay === undefined ? undefined : (pm) => pm.allow_redisplay === redisplay,
    url: '/v1/payment_methods',
  });
}

function attach(ctx: RequestContext): PaymentMethodObject {
  const customerId = ctx.params.customer as string;
  const pm = resolvePaymentMethod(ctx, ctx.pathParams.id, 'payment_method');
  requireCustomer(ctx, customerId);
  return attachPaymentMethod(ctx, pm, customerId);
}

function detach(ctx: RequestContext): PaymentMethodObject {
  const pm = resolvePaymentMethod(ctx, ctx.pathParams.id, 'payment_method');
  if (!pm.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
  }
  const previous = pm.customer;
  pm.customer = null;
  ctx.update(pm, pmIndex(pm));
  const sim = simCardOf(ctx, pm.id);
  if (sim) {
    sim.detached = true;
    ctx.update(sim);
  }
  ctx.emit('payment_method.detached', pm, { previousAttributes: { customer: previous } });
  return pm;
}

/** The `type` filter of the PaymentMethod lists: an enum in Stripe's API reference (and the SDK's list params). */
const LIST_TYPES = [
  'acss_debit', 'affirm', 'afterpay_clearpay', 'alipay', 'alma', 'amazon_pay', 'au_becs_debit', 'bacs_debit',
  'bancontact', 'billie', 'bizum', 'blik', 'boleto', 'card', 'cashapp', 'crypto',
  'custom', 'customer_balance', 'eps', 'fpx', 'giropay', 'grabpay', 'ideal', 'kakao_pay',
  'klarna', 'konbini', 'kr_card', 'link', 'mb_way', 'mobilepay', 'multibanco', 'naver_pay',
  'nz_bank_account', 'oxxo', 'p24', 'pay_by_bank', 'payco', 'paynow', 'paypal', 'paypay', 'payto',
  'pix', 'promptpay', 'revolut_pay', 'samsung_pay', 'satispay', 'scalapay', 'sepa_debit', 'sequra',
  'sofort', 'sunbit', 'swish', 'twint', 'upi', 'us_bank_account', 'wechat_pay', 'zip',
] as const;

export const paymentMethodRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/payment_methods', params: createSchema, auth: 'publishable', handler: create },
  {
    method: 'GET', path: '/v1/payment_methods', handler: list,
    params: { ...listParams, customer: p.id(), type: p.enumOf(LIST_TYPES), customer_account: p.string(), allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']) },
  },
  { method: 'GET', path: '/v1/payment_methods/:id', params: {}, handler: retrieve },
  { method: 'POST', path: '/v1/payment_methods/:id', params: updateSchema, handler: update },
  { method: 'POST', path: '/v1/payment_methods/:id/attach', params: { customer: p.id({ required: true }), customer_account: p.string() }, handler: attach },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', params: {}, handler: detach },
];

function listForCustomer(ctx: RequestContext) {
  const customer = ctx.pathParams.customer;
  requireCustomer(ctx, customer);
  const type = ctx.params.type as string | undefined;
  const redisplay = (ctx.params.allow_redisplay as string | null | undefined) ?? undefined;
  return ctx.list<PaymentMethodObject>('payment_method', {
    where: { customer, type },
    filter: redisplay === undefined ? undefined : (pm) => pm.allow_redisplay === redisplay,
    url: `/v1/customers/${customer}/payment_methods`,
  });
}

function retrieveForCustomer(ctx: RequestContext): PaymentMethodObject {
  const customer = ctx.pathParams.customer;
  requireCustomer(ctx, customer);
  const pm = ctx.find<PaymentMethodObject>(ctx.pathParams.id, 'payment_method')?.data;
  if (!pm || pm.customer !== customer) throw resourceMissing('PaymentMethod', ctx.pathParams.id, 'customer');
  return pm;
}

export const customerPaymentMethodRoutes: RouteDef[] = [
  { method: 'GET', path: '/v1/customers/:customer/payment_methods', params: { ...listParams, type: p.enumOf(LIST_TYPES), allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']) }, handler: listForCustomer },
  { method: 'GET', path: '/v1/customers/:customer/payment_methods/:id', params: {}, handler: retrieveForCustomer },
];

/** Registers the PaymentMethod routes and the attach service Customers use (`payment_method` on create). */
export function registerPaymentMethods(sim: Simulator): void {
  registerExpandable('payment_method', ['customer']);
  for (const r of paymentMethodRoutes) sim.route(r);
  for (const r of customerPaymentMethodRoutes) {
    if (!sim.routes().some((d) => d.method === r.method && d.path === r.path)) sim.route(r);
  }
  // Answers the attached PaymentMethod's id (a test id such as pm_card_visa makes a new one).
  sim.services.attachPaymentMethod = (ctx, id, customer, param): string => {
    const pm = resolvePaymentMethod(ctx, id, param);
    return attachPaymentMethod(ctx, pm, customer).id;
  };
}

// Tokens (card tokens of the legacy Charges API): `POST /v1/tokens` with `card[...]` (secret or publishable key, as
// Stripe.js' createToken calls it), `GET /v1/tokens/:id` for created tokens and the `tok_*` test ids. A created
// token is single-use: charging it (POST /v1/charges) or attaching it (sim.services.useToken) sets `used: true`,
// and a second use is refused with Stripe's "You cannot use a Stripe token more than once: tok_...". The `tok_*`
// test ids (tok_visa, tok_chargeDeclined, ...) stand for a fresh card each time and are never used up.
//
// The card behind a token is the legacy Card object (`card_...`, capitalised brand, address_* fields and checks);
// its number lives in the same internal `sim_card` record PaymentMethods use (keyed by the card id), so charges
// made from it find the test card's behaviour (declines, risk, disputes, available balance) like any other.

import type Stripe from 'stripe';
import { cardDetails, cardSpecFor, LEGACY_BRAND_NAMES, normalizeExpYear, testIdNumber, type CardBrand } from '../cards.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing, StripeError } from '../errors.ts';
import { p, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { cardError, cardNumberFrom, simCardId, STRIPE_JS_PARAMS, type SimCard } from './payment_methods.ts';

export type TokenObject = Stripe.Token & StripeObject;
export type LegacyCardObject = Stripe.Card & StripeObject;

/** What a legacy card was created from. */
export interface LegacyCardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc?: string;
  name?: string | null;
  address?: { city?: string | null; country?: string | null; line1?: string | null; line2?: string | null; state?: string | null; zip?: string | null };
}

/**
 * A legacy Card object for a (validated) test card number, and its internal `sim_card` record under the card's id,
 * so that `simCardOf(ctx, card.id)` finds the number as it does for PaymentMethods. The card itself is not stored:
 * it lives inside its token or charge.
 */
export function insertLegacyCard(ctx: RequestContext, input: LegacyCardInput, store = true): LegacyCardObject {
  const a = input.address ?? {};
  const details = cardDetails({
    number: input.number, exp_month: input.expMonth, exp_year: input.expYear, cvc: input.cvc,
    hasAddressLine1: !!a.line1, hasPostalCode: !!a.zip,
  });
  const card = {
    id: ctx.newId('card'),
    object: 'card',
    address_city: a.city ?? null,
    address_country: a.country ?? null,
    address_line1: a.line1 ?? null,
    address_line1_check: details.checks.address_line1_check,
    address_line2: a.line2 ?? null,
    address_state: a.state ?? null,
    address_zip: a.zip ?? null,
    address_zip_check: details.checks.address_postal_code_check,
    allow_redisplay: 'unspecified',
    brand: LEGACY_BRAND_NAMES[details.brand as CardBrand] ?? 'Unknown',
    country: details.country,
    customer: null,
    cvc_check: details.checks.cvc_check,
    dynamic_last4: null,
    exp_month: details.exp_month,
    exp_year: details.exp_year,
    fingerprint: details.fingerprint,
    funding: details.funding,
    last4: details.last4,
    metadata: {},
    name: input.name ?? null,
    networks: { preferred: null },
    regulated_status: details.regulated_status,
    tokenization_method: null,
    wallet: null,
  } as unknown as LegacyCardObject;
  const sim: SimCard = {
    id: simCardId(card.id), object: 'sim_card', payment_method: card.id, number: input.number,
    set_up_for_off_session: false, consumed: false, detached: false,
  };
  if (store) ctx.insert(sim);
  return card;
}

/** The card a `tok_*` test id stands for (expires in December, eight years ahead, as the PaymentMethod test ids). */
function testIdCard(ctx: RequestContext, number: string, store = true): LegacyCardObject {
  return insertLegacyCard(ctx, { number, expMonth: 12, expYear: new Date(ctx.clock.nowMs()).getUTCFullYear() + 8 }, store);
}

function noSuchToken(id: string, param: string): StripeError {
  return resourceMissing('token', id, param);
}

/**
 * Uses a token once (a charge's `source`, or a card attached from it): a created token is marked `used` and refused
 * afterwards ("You cannot use a Stripe token more than once: tok_..."); a `tok_*` test id gives a fresh card each
 * time. Returns the token's card and its number. Offered to other modules as `sim.services.useToken`.
 */
export function useToken(ctx: RequestContext, id: string, param = 'source'): { card: LegacyCardObject; number: string } {
  const rec = ctx.find<TokenObject>(id, 'token');
  if (rec) {
    const token = rec.data;
    if (token.used) {
      throw invalidRequest(`You cannot use a Stripe token more than once: ${id}.`, { param, code: 'token_already_used' });
    }
    const card = token.card as LegacyCardObject | undefined;
    const sim = card ? ctx.find<SimCard>(simCardId(card.id), 'sim_card')?.data : undefined;
    if (!card || !sim) throw noSuchToken(id, param);
    token.used = true;
    ctx.update(token);
    return { card: structuredClone(card), number: sim.number };
  }
  const number = id.startsWith('tok_') ? testIdNumber(id) : undefined;
  if (!number) throw noSuchToken(id, param);
  return { card: testIdCard(ctx, number), number };
}

/** Whether `id` names a token: one created here or a `tok_*` test id. */
export function isTokenId(id: string): boolean {
  return id.startsWith('tok_');
}

/** The cardholder fields of a legacy card (token card hash, customer source create and update). */
export const legacyCardHolderSchema: Schema = {
  name: p.string(),
  address_city: p.string(),
  address_country: p.string(),
  address_line1: p.string(),
  address_line2: p.string(),
  address_state: p.string(),
  address_zip: p.string(),
};

/** A card given by its details: number, expiry, CVC and the cardholder fields. */
export const legacyCardDetailsSchema: Schema = {
  number: p.string({ maxLength: 40 }),
  exp_month: p.integer(),
  exp_year: p.integer(),
  cvc: p.string({ maxLength: 10 }),
  ...legacyCardHolderSchema,
  currency: p.string(),
};

const cardSchema: Schema = {
  ...legacyCardDetailsSchema,
  networks: p.object({ preferred: p.enumOf(['cartes_bancaires', 'mastercard', 'visa']) }),
};

const createSchema: Schema = {
  card: p.union([p.object(cardSchema), p.string()]),
  bank_account: p.any(),
  pii: p.any(),
  account: p.any(),
  person: p.any(),
  cvc_update: p.any(),
  customer: p.string(),
  // Stripe.js sends these along with a publishable key.
  key: p.string(),
  ...STRIPE_JS_PARAMS,
};

function create(ctx: RequestContext): TokenObject {
  const params = ctx.params;
  // Connect tokens (account, person, bank account) are made by the Connect modules (sim/core/connect/tokens.ts).
  const connectToken = ctx.sim.services.createConnectToken as ((c: RequestContext, type: string, raw: unknown) => TokenObject) | undefined;
  for (const k of ['account', 'person', 'bank_account'] as const) {
    if (params[k] !== undefined && connectToken) return connectToken(ctx, k, params[k]);
  }
  for (const k of ['bank_account', 'pii', 'account', 'person', 'cvc_update'] as const) {
    if (params[k] !== undefined) {
      throw invalidRequest(`The simulator creates card tokens only; \`${k}\` tokens are not simulated.`, { param: k });
    }
  }
  if (params.customer !== undefined) {
    throw invalidRequest('Sharing a customer\'s card with a connected account (`customer`) requires Connect cloning, which the simulator does not simulate.', { param: 'customer' });
  }
  const raw = params.card;
  if (raw === undefined || raw === null) throw parameterMissing('card');
  if (typeof raw === 'string') {
    throw invalidRequest('A card token is created from `card[number]`, `card[exp_month]`, `card[exp_year]` and `card[cvc]`; an existing card id cannot be tokenized here.', { param: 'card' });
  }
  const card = raw as Record<string, unknown>;
  const { number, expMonth, expYear, cvc } = cardNumberFrom(card, new Date(ctx.clock.nowMs()));
  // Test mode declines real card numbers (Stripe: "Your card was declined. Your request was in test mode, but used a
  // non test (live) card."), as for PaymentMethods.
  const spec = cardSpecFor(number);
  if (spec.chargeDecline?.decline_code === 'test_mode_live_card') throw cardError(spec.chargeDecline);
  const str = (k: string) => (typeof card[k] === 'string' && card[k] !== '' ? (card[k] as string) : null);
  const legacy = insertLegacyCard(ctx, {
    number, expMonth, expYear: normalizeExpYear(expYear), cvc,
    name: str('name'),
    address: {
      city: str('address_city'), country: str('address_country'), line1: str('address_line1'), line2: str('address_line2'),
      state: str('address_state'), zip: str('address_zip'),
    },
  });
  const token = {
    id: ctx.newId('tok'),
    object: 'token',
    card: legacy,
    client_ip: null,
    created: ctx.now(),
    livemode: false,
    type: 'card',
    used: false,
  } as unknown as TokenObject;
  ctx.insert(token);
  return token;
}

function retrieve(ctx: RequestContext): TokenObject {
  const id = ctx.pathParams.id;
  const rec = ctx.find<TokenObject>(id, 'token');
  if (rec) return rec.data;
  const number = id.startsWith('tok_') ? testIdNumber(id) : undefined;
  if (!number) throw new StripeError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'token', message: `No such token: '${id}'` });
  // A test id is a token that can be used again and again: a fresh card each time it is retrieved or charged.
  return {
    id, object: 'token', card: testIdCard(ctx, number, false), client_ip: null, created: ctx.now(), livemode: false, type: 'card', used: false,
  } as unknown as TokenObject;
}

export const tokenRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/tokens', params: createSchema, auth: 'publishable', handler: create },
  { method: 'GET', path: '/v1/tokens/:id', params: {}, handler: retrieve },
];

export function registerTokens(sim: Simulator): void {
  for (const r of tokenRoutes) sim.route(r);
  sim.services.useToken = useToken;
}

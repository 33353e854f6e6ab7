// The Charges API's create (`POST /v1/charges`, the SDK's `stripe.charges.create`): charges a `source` (a `tok_*`
// test id, a token from POST /v1/tokens, a card PaymentMethod) or a customer's default source, without a
// PaymentIntent (`payment_intent: null`). The Charge, its outcome, balance transaction, Connect transfer/fee and
// dispute come from the same machinery as PaymentIntent confirmations (charges.ts insertCharge). A declined card is
// a 402 card_error naming the failed charge (`charge: 'ch_...'`), which is kept with status failed, as Stripe's
// legacy charges do. Charges cannot run 3D Secure: a card that requires authentication declines
// `authentication_required`, the others are charged without it (as an off-session payment would be).
// `capture: false` authorises only; POST /v1/charges/:id/capture (charges.ts) comes here for such charges.

import type Stripe from 'stripe';
import { authenticationNeed, cardDetails, cardSpecFor, checksAfterCharge, DECLINES, type CardDecline, type CardDetails, type TestCardDispute } from '../cards.ts';
import { forEachAccount, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing, StripeError } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { validateChargeAmount, validateCurrency, validateStatementDescriptor } from '../money.ts';
import { p, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { checkDestinationCharge } from '../connect-money/index.ts';
import { captureCharge, chargeIndex, insertCharge, type ChargeObject } from './charges.ts';
import { cardError, refuseSpent, resolvePaymentMethod, simCardOf, type PaymentMethodObject, type SimCard } from './payment_methods.ts';
import { insertReleaseRefund } from './refunds.ts';
import { isTokenId, useToken, type LegacyCardObject } from './tokens.ts';

type PI = Stripe.PaymentIntent & StripeObject;

/** Internal: the Connect parameters of an uncaptured Charges API charge, applied when it is captured. */
interface SimLegacyCharge extends StripeObject {
  object: 'sim_legacy_charge';
  application_fee_amount: number | null;
  transfer_data: { destination: string; amount?: number } | null;
  on_behalf_of: string | null;
}

const NO_ACTIVE_CARD = 'Cannot charge a customer that has no active card';

const addressSchema: Schema = {
  city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};
const createSchema: Schema = {
  amount: p.integer({ required: true }),
  currency: p.string({ required: true }),
  source: p.string(),
  customer: p.id(),
  capture: p.boolean(),
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  receipt_email: p.string(),
  shipping: p.object({
    address: p.object(addressSchema, { required: true }), carrier: p.string(), name: p.string({ required: true }),
    phone: p.string(), tracking_number: p.string(),
  }),
  statement_descriptor: p.string({ maxLength: 22 }),
  statement_descriptor_suffix: p.string({ maxLength: 22 }),
  transfer_group: p.string(),
  application_fee_amount: p.integer({ min: 0 }),
  application_fee: p.integer({ min: 0 }),
  transfer_data: p.object({ destination: p.string({ required: true }), amount: p.integer({ min: 0 }), description: p.string() }),
  on_behalf_of: p.string(),
  destination: p.any(),
  radar_options: p.any(),
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is charged: the PaymentMethod-shaped view insertCharge reads, and the legacy card shown as `source`. */
interface Charged {
  pm: PaymentMethodObject;
  number: string;
  source: LegacyCardObject | null;
  sim: SimCard | undefined;
}

function fromLegacyCard(card: LegacyCardObject, number: string, sim: SimCard | undefined): Charged {
  const details: CardDetails = cardDetails({
    number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc_check ? 'given' : undefined,
    hasAddressLine1: card.address_line1_check !== null, hasPostalCode: card.address_zip_check !== null,
  });
  const pm = {
    id: card.id,
    object: 'payment_method',
    billing_details: {
      address: {
        city: card.address_city ?? null, country: card.address_country ?? null, line1: card.address_line1 ?? null,
        line2: card.address_line2 ?? null, postal_code: card.address_zip ?? null, state: card.address_state ?? null,
      },
      email: null, name: card.name ?? null, phone: null, tax_id: null,
    },
    card: details,
    type: 'card',
  } as unknown as PaymentMethodObject;
  return { pm, number, source: card, sim };
}

/** A card stored by the Customers module as a customer's source (`card_...` with its `sim_card` record), if any. */
function customerCard(ctx: RequestContext, customer: string, id: string): Charged | undefined {
  const sim = ctx.find<SimCard>(`simcard_${id}`, 'sim_card')?.data;
  const card = ctx.find<LegacyCardObject>(id, 'card')?.data;
  if (!sim || !card) return undefined;
  const owner = typeof card.customer === 'string' ? card.customer : (card.customer?.id ?? null);
  if (owner !== customer) return undefined;
  return fromLegacyCard(card, sim.number, sim);
}

function resolveSource(ctx: RequestContext, source: string | undefined, customer: string | null): Charged {
  if (source === undefined || source === '') {
    if (!customer) throw invalidRequest('Must provide source or customer.', { param: 'source' });
    // Stripe charges the customer's default source; PaymentMethods attached with the PaymentMethods API are not
    // sources, so a customer with only those "has no active card".
    const c = ctx.find<{ default_source?: string | { id: string } | null }>(customer, 'customer')?.data;
    const def = typeof c?.default_source === 'string' ? c.default_source : (c?.default_source?.id ?? null);
    const found = def ? customerCard(ctx, customer, def) : undefined;
    if (!found) throw cardError({ code: 'missing', message: NO_ACTIVE_CARD, param: 'card' });
    return found;
  }
  if (isTokenId(source)) {
    const { card, number } = useToken(ctx, source, 'source');
    return fromLegacyCard(card, number, ctx.find<SimCard>(`simcard_${card.id}`, 'sim_card')?.data);
  }
  if (source.startsWith('card_')) {
    const found = customer ? customerCard(ctx, customer, source) : undefined;
    if (found) return found;
    if (customer) {
      throw invalidRequest(`Customer ${customer} does not have a linked source with ID ${source}.`, { param: 'source', code: 'missing', status: 404 });
    }
    throw resourceMissing('source', source, 'source');
  }
  if (source.startsWith('pm_')) {
    // A card PaymentMethod can be charged as a source; one attached to a customer only with that customer.
    const pm = resolvePaymentMethod(ctx, source, 'source');
    if (pm.type !== 'card') throw invalidRequest(`The PaymentMethod ${pm.id} cannot be charged with the Charges API.`, { param: 'source' });
    const owner = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
    if (owner && !customer) {
      throw invalidRequest(
        `The \`source\` parameter supplied ${pm.id} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter.`,
        { param: 'source', code: 'parameter_missing' },
      );
    }
    if (owner && customer && owner !== customer) {
      throw invalidRequest(`The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${customer}.`, { param: 'source' });
    }
    const sim = simCardOf(ctx, pm.id);
    if (!owner) refuseSpent(sim, 'source');
    return { pm, number: sim?.number ?? '4242424242424242', source: null, sim };
  }
  throw resourceMissing('token', source, 'source');
}

function checkDescriptor(params: Record<string, unknown>, k: 'statement_descriptor' | 'statement_descriptor_suffix'): void {
  if (typeof params[k] !== 'string') return;
  const e = validateStatementDescriptor(params[k] as string, k);
  if (e) throw invalidRequest(e.message, { param: e.param });
}

function shippingOf(raw: Record<string, unknown> | undefined): Stripe.Charge.Shipping | null {
  if (!raw) return null;
  const a = (raw.address as Record<string, string | undefined>) ?? {};
  return {
    address: { city: a.city ?? null, country: a.country ?? null, line1: a.line1 ?? null, line2: a.line2 ?? null, postal_code: a.postal_code ?? null, state: a.state ?? null },
    carrier: (raw.carrier as string | undefined) ?? null, name: raw.name as string, phone: (raw.phone as string | undefined) ?? null,
    tracking_number: (raw.tracking_number as string | undefined) ?? null,
  };
}

type OnChargeCaptured = (ctx: RequestContext, charge: ChargeObject, spec?: TestCardDispute) => void;

function create(ctx: RequestContext): unknown {
  const params = ctx.params;
  const cur = validateCurrency(params.currency as string);
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'currency' });
  const amount = params.amount as number;
  const amountError = validateChargeAmount(amount, cur.currency);
  if (amountError) throw invalidRequest(amountError.message, { param: amountError.param, code: amountError.code });
  if (params.destination !== undefined) {
    throw invalidRequest('The `destination` parameter is deprecated; use `transfer_data[destination]` instead.', { param: 'destination' });
  }
  checkDescriptor(params, 'statement_descriptor');
  checkDescriptor(params, 'statement_descriptor_suffix');
  if (typeof params.receipt_email === 'string' && !EMAIL.test(params.receipt_email)) {
    throw invalidRequest(`Invalid email address: ${params.receipt_email}`, { param: 'receipt_email', code: 'email_invalid' });
  }
  const fee = (params.application_fee_amount as number | undefined) ?? (params.application_fee as number | undefined) ?? null;
  const connect = { application_fee_amount: fee, transfer_data: (params.transfer_data as SimLegacyCharge['transfer_data'] | undefined) ?? null, on_behalf_of: (params.on_behalf_of as string | undefined) ?? null };
  checkDestinationCharge(ctx, { ...params, application_fee_amount: fee ?? undefined }, amount);
  const customer = (params.customer as string | undefined) ?? null;
  if (customer) {
    const c = ctx.find<StripeObject>(customer, 'customer');
    if (!c || c.data.deleted === true) throw resourceMissing('customer', customer, 'customer');
  }
  const charged = resolveSource(ctx, params.source as string | undefined, customer);
  const spec = cardSpecFor(charged.number);
  // No 3D Secure on the Charges API: a card that insists on authentication declines, as unauthenticated.
  const need = authenticationNeed(spec, { offSession: true, requestThreeDSecure: 'automatic', setUpForOffSession: charged.sim?.set_up_for_off_session ?? false });
  const decline: CardDecline | null = need === 'decline' ? DECLINES.authentication_required : spec.chargeDecline;
  const capture = params.capture !== false;
  if (charged.source && !decline) {
    const checks = checksAfterCharge(charged.number, {
      address_line1_check: charged.source.address_line1_check, address_postal_code_check: charged.source.address_zip_check, cvc_check: charged.source.cvc_check,
    });
    charged.source.address_line1_check = checks.address_line1_check;
    charged.source.address_zip_check = checks.address_postal_code_check;
    charged.source.cvc_check = checks.cvc_check;
    // A card saved on the customer (customer_sources.ts) keeps the results of its checks, as on Stripe.
    if (charged.source.customer && ctx.find(charged.source.id, 'card')) ctx.update(charged.source);
  }
  const pi = {
    id: null, amount, currency: cur.currency, customer,
    description: (params.description as string | undefined) ?? null,
    metadata: applyMetadata({}, params.metadata as MetadataParam | undefined),
    receipt_email: (params.receipt_email as string | undefined) ?? null,
    shipping: shippingOf(params.shipping as Record<string, unknown> | undefined),
    statement_descriptor: (params.statement_descriptor as string | undefined) ?? null,
    statement_descriptor_suffix: (params.statement_descriptor_suffix as string | undefined) ?? null,
    transfer_group: (params.transfer_group as string | undefined) ?? null,
    ...connect,
  } as unknown as PI;
  const charge = insertCharge(ctx, {
    pi, pm: charged.pm, decline, capture, deferBalanceTransaction: false, threeDS: null, legacy: { source: charged.source },
  });
  if (typeof params.statement_descriptor === 'string') charge.calculated_statement_descriptor = params.statement_descriptor.toUpperCase();
  if (!charge.captured && charge.status === 'succeeded' && (connect.application_fee_amount !== null || connect.transfer_data || connect.on_behalf_of)) {
    const rec: SimLegacyCharge = { id: `simlegacy_${charge.id}`, object: 'sim_legacy_charge', ...connect };
    ctx.insert(rec);
  }
  ctx.update(charge, chargeIndex(charge));
  if (decline) {
    ctx.emit('charge.failed', charge);
    return ctx.errorResponse(cardError(decline, { charge: charge.id }));
  }
  // A PaymentMethod charged without being attached cannot be used again (as with PaymentIntents).
  const pmOwner = typeof charged.pm.customer === 'string' ? charged.pm.customer : null;
  if (charged.sim && !charged.source && !pmOwner) {
    charged.sim.consumed = true;
    ctx.update(charged.sim);
  }
  ctx.emit('charge.succeeded', charge);
  if (charge.captured && spec.dispute) (ctx.sim.services.onChargeCapturedForDisputes as OnChargeCaptured | undefined)?.(ctx, charge, spec.dispute);
  return charge;
}

/**
 * Captures an uncaptured Charges API charge (POST /v1/charges/:id/capture, called by charges.ts): `amount` (default
 * all) is captured, the rest released as a refund; charge.captured. Status checks were made by the caller.
 */
export function captureLegacyCharge(ctx: RequestContext, charge: ChargeObject, params: Record<string, unknown>): ChargeObject {
  const amount = (params.amount as number | undefined) ?? charge.amount;
  if (amount > charge.amount) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', code: 'amount_too_large', param: 'amount',
      message: 'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge. Contact us via https://support.stripe.com/contact/ for help.',
    });
  }
  const amountError = validateChargeAmount(amount, charge.currency);
  if (amountError) throw invalidRequest(amountError.message, { param: 'amount', code: amountError.code });
  const rec = ctx.find<SimLegacyCharge>(`simlegacy_${charge.id}`, 'sim_legacy_charge')?.data;
  const fee = (params.application_fee_amount as number | undefined) ?? (params.application_fee as number | undefined) ?? rec?.application_fee_amount ?? null;
  if (typeof params.receipt_email === 'string') charge.receipt_email = params.receipt_email;
  if (typeof params.transfer_group === 'string') charge.transfer_group = params.transfer_group;
  if (typeof params.statement_descriptor === 'string') charge.statement_descriptor = params.statement_descriptor;
  if (typeof params.statement_descriptor_suffix === 'string') charge.statement_descriptor_suffix = params.statement_descriptor_suffix;
  if (fee !== null) charge.application_fee_amount = fee;
  const connect = rec || fee !== null
    ? { id: charge.id, application_fee_amount: fee, transfer_data: rec?.transfer_data ?? null, on_behalf_of: rec?.on_behalf_of ?? null } as unknown as PI
    : undefined;
  captureCharge(ctx, charge, amount, connect);
  ctx.emit('charge.captured', charge);
  insertReleaseRefund(ctx, charge, charge.amount - amount);
  const number = typeof charge.payment_method === 'string' ? simCardOf(ctx, charge.payment_method)?.number : undefined;
  const dispute = number ? cardSpecFor(number).dispute : undefined;
  if (dispute) (ctx.sim.services.onChargeCapturedForDisputes as OnChargeCaptured | undefined)?.(ctx, charge, dispute);
  return charge;
}

export const legacyChargeRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/charges', params: createSchema, handler: create },
];

/** Uncaptured authorisations expire after 7 days (simulator clock), as the PaymentIntents' do. */
const AUTHORIZATION_VALIDITY_SECONDS = 7 * 86_400;

/**
 * Releases the Charges API authorisations (capture: false) that were not captured within 7 days: the charge shows
 * the whole amount refunded (a release refund, no money moved) with charge.expired, as Stripe's "If the charge is
 * not captured within 7 days, it is automatically refunded". Runs when the simulator clock advances.
 */
export function expireLegacyAuthorizations(sim: Simulator): number {
  let count = 0;
  forEachAccount(sim, '/_sim/clock/advance', (ctx) => {
    const now = ctx.now();
    const due: ChargeObject[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = sim.store.list<ChargeObject>({
        account: ctx.account, type: 'charge', limit: 100, startingAfter: cursor,
        filter: (c) => c.payment_intent === null && !c.captured && c.status === 'succeeded' && !c.refunded,
      });
      for (const rec of page.items) if (rec.data.created + AUTHORIZATION_VALIDITY_SECONDS <= now) due.push(rec.data);
      if (!page.hasMore || page.items.length === 0) break;
      cursor = page.items[page.items.length - 1].id;
    }
    for (const charge of due) {
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      ctx.update(charge, chargeIndex(charge));
      ctx.emit('charge.expired', charge);
      insertReleaseRefund(ctx, charge, charge.amount);
      count++;
    }
  });
  return count;
}

export function registerLegacyCharges(sim: Simulator): void {
  for (const r of legacyChargeRoutes) sim.route(r);
  sim.onClockAdvance(() => {
    expireLegacyAuthorizations(sim);
  });
}

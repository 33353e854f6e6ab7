// Charges: created by PaymentIntent confirmations (succeeded, failed or authorised-only), captured in full or in
// part, refunded through /v1/refunds. Routes: retrieve, list (customer, payment_intent, created), update.

import type Stripe from 'stripe';
import { cardSpecFor, checksAfterCharge, type CardDecline, type CardDetails } from '../cards.ts';
import { createContext, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest, StripeError } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { calculatedDescriptor, DEFAULT_DESCRIPTOR_PREFIX } from '../money.ts';
import { p, listParams, type Schema } from '../params.ts';
import { callRoute, previousAttributes } from '../resource-kit.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { renderForVersion } from '../versions.ts';
import { insertChargeTransaction, type BalanceTransactionObject } from './balance_transactions.ts';
import { onChargeCaptured } from '../connect-money/index.ts';
import { simCardOf, type PaymentMethodObject } from './payment_methods.ts';
import { captureLegacyCharge } from './legacy_charges.ts';
import { receiptPages, receiptUrlFor } from '../pages/receipt.ts';

export type ChargeObject = Stripe.Charge & StripeObject;

export interface ThreeDSecureResult {
  authenticated: boolean;
  transactionId: string;
}

const RISK_SCORE = { normal: 32, elevated: 67, highest: 95, blocked: 95 } as const;

function successOutcome(number: string): Stripe.Charge.Outcome {
  const risk = cardSpecFor(number).risk ?? 'normal';
  if (risk === 'elevated') {
    return {
      advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network',
      reason: 'elevated_risk_level', risk_level: 'elevated', risk_score: RISK_SCORE.elevated,
      seller_message: 'Stripe evaluated this payment as having elevated risk, and placed it in your manual review queue.',
      type: 'manual_review',
    } as Stripe.Charge.Outcome;
  }
  return {
    advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network',
    reason: null, risk_level: 'normal', risk_score: RISK_SCORE.normal, seller_message: 'Payment complete.', type: 'authorized',
  } as Stripe.Charge.Outcome;
}

function declineOutcome(number: string, decline: CardDecline): Stripe.Charge.Outcome {
  const risk = cardSpecFor(number).risk;
  if (risk === 'blocked' || risk === 'highest') {
    return {
      advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'not_sent_to_network',
      reason: 'highest_risk_level', risk_level: 'highest', risk_score: RISK_SCORE.highest,
      seller_message: 'Stripe blocked this payment as too risky.', type: 'blocked',
    } as Stripe.Charge.Outcome;
  }
  const reason = decline.decline_code ?? decline.code;
  return {
    advice_code: decline.advice_code ?? null, network_advice_code: null,
    network_decline_code: reason === 'insufficient_funds' ? '51' : reason === 'generic_decline' ? '05' : null,
    network_status: 'declined_by_network', reason, risk_level: 'normal', risk_score: RISK_SCORE.normal,
    seller_message: reason === 'generic_decline'
      ? 'The bank did not return any further details with this decline.'
      : `The bank returned the decline code \`${reason}\`.`,
    type: 'issuer_declined',
  } as Stripe.Charge.Outcome;
}

function paymentMethodDetails(
  pm: PaymentMethodObject, number: string, amount: number, succeeded: boolean, threeDS: ThreeDSecureResult | null,
  ctx: RequestContext,
): Stripe.Charge.PaymentMethodDetails {
  const card = pm.card as unknown as CardDetails;
  const checks = succeeded ? checksAfterCharge(number, card.checks) : card.checks;
  return {
    card: {
      amount_authorized: succeeded ? amount : null,
      authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 900000)) : null,
      brand: card.brand,
      checks,
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      extended_authorization: { status: 'disabled' },
      fingerprint: card.fingerprint,
      funding: card.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: card.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: card.brand,
      network_token: { used: false },
      network_transaction_id: succeeded ? ctx.newId('', 15).slice(1) : null,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: card.regulated_status,
      three_d_secure: threeDS
        ? {
          authentication_flow: 'challenge', electronic_commerce_indicator: threeDS.authenticated ? '05' : null,
          exemption_indicator: null, result: threeDS.authenticated ? 'authenticated' : 'failed',
          result_reason: null, transaction_id: threeDS.transactionId, version: '2.2.0',
        }
        : null,
      wallet: null,
    },
    type: 'card',
  } as unknown as Stripe.Charge.PaymentMethodDetails;
}

export interface ChargeInput {
  pi: Stripe.PaymentIntent & StripeObject;
  pm: PaymentMethodObject;
  /** null: authorised (and captured unless `capture` is false). */
  decline: CardDecline | null;
  capture: boolean;
  /** automatic_async: the balance transaction is attached by a later charge.updated. */
  deferBalanceTransaction: boolean;
  threeDS: ThreeDSecureResult | null;
  /**
   * A Charges API charge (POST /v1/charges, sim/core/resources/legacy_charges.ts): `pi` only carries the request's
   * fields (its id is null, so `payment_intent` is null) and `source` is the legacy card charged, if any.
   */
  legacy?: { source: unknown };
}

/** What differs between the Charges of online and in-person attempts; everything else comes from the PaymentIntent. */
export interface ChargeFields {
  pi: Stripe.PaymentIntent & StripeObject;
  pm: PaymentMethodObject;
  amount: number;
  captured: boolean;
  /** null: authorised. */
  decline: CardDecline | null;
  outcome: Stripe.Charge.Outcome;
  paymentMethodDetails: unknown;
}

/** A new Charge object (not stored) for one attempt at paying a PaymentIntent, card or card_present. */
export function newChargeObject(ctx: RequestContext, f: ChargeFields): ChargeObject {
  const { pi, pm, amount, captured, decline } = f;
  const succeeded = decline === null;
  const id = ctx.newId('ch');
  return {
    id,
    object: 'charge',
    amount,
    amount_captured: captured ? amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: pi.application_fee_amount ?? null,
    balance_transaction: null as string | null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: calculatedDescriptor(DEFAULT_DESCRIPTOR_PREFIX, pi.statement_descriptor_suffix),
    captured,
    created: ctx.now(),
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline ? decline.code : null,
    failure_message: decline ? decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...(pi.metadata ?? {}) },
    on_behalf_of: null,
    outcome: f.outcome,
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: f.paymentMethodDetails,
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    // Stripe gives every successful charge a receipt page (sim/core/pages/receipt.ts).
    receipt_url: succeeded ? receiptUrlFor(ctx.sim.baseUrl, id) : null,
    refunded: false,
    review: null,
    shipping: pi.shipping ?? null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor ?? null,
    statement_descriptor_suffix: pi.statement_descriptor_suffix ?? null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: pi.transfer_group ?? null,
  } as unknown as ChargeObject;
}

/** Networks that support incremental authorization of online card payments (Stripe's "Increment an authorization"). */
const INCREMENTAL_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'unionpay'];

/**
 * An authorisation can be incremented when the intent asked for it
 * (`payment_method_options[card][request_incremental_authorization]=if_available`) on a supporting network.
 */
function incrementable(pi: Stripe.PaymentIntent, charge: ChargeObject): boolean {
  const card = pi.payment_method_options?.card as { request_incremental_authorization?: string | null } | undefined;
  const brand = (charge.payment_method_details as { card?: { brand?: string } } | null)?.card?.brand ?? '';
  return card?.request_incremental_authorization === 'if_available' && INCREMENTAL_BRANDS.includes(brand);
}

/**
 * Raises the authorised amount of an uncaptured charge (PaymentIntent increment_authorization): the charge's
 * amount and amount_authorized follow, with charge.updated.
 */
export function incrementCharge(ctx: RequestContext, charge: ChargeObject, amount: number): ChargeObject {
  const previous = { amount: charge.amount };
  charge.amount = amount;
  const card = (charge.payment_method_details as { card?: { amount_authorized: number | null; overcapture?: { maximum_amount_capturable: number } } } | null)?.card;
  if (card) {
    card.amount_authorized = amount;
    if (card.overcapture) card.overcapture.maximum_amount_capturable = amount;
  }
  ctx.update(charge, chargeIndex(charge));
  ctx.emit('charge.updated', charge, { previousAttributes: previous });
  return charge;
}

/** Inserts the Charge of one confirmation attempt (and its balance transaction when captured). */
export function insertCharge(ctx: RequestContext, input: ChargeInput): ChargeObject {
  const { pi, pm, decline } = input;
  const number = simCardOf(ctx, pm.id)?.number ?? '4242424242424242';
  const succeeded = decline === null;
  const captured = succeeded && input.capture;
  const charge = newChargeObject(ctx, {
    pi,
    pm,
    amount: pi.amount,
    captured,
    decline,
    outcome: succeeded ? successOutcome(number) : declineOutcome(number, decline),
    paymentMethodDetails: paymentMethodDetails(pm, number, pi.amount, succeeded, input.threeDS, ctx),
  });
  const id = charge.id;
  if (input.legacy) charge.source = (input.legacy.source ?? null) as Stripe.Charge['source'];
  if (succeeded && !input.capture && incrementable(pi, charge)) {
    (charge.payment_method_details as { card: { incremental_authorization: { status: string } } }).card.incremental_authorization = { status: 'available' };
  }
  if (captured && !input.deferBalanceTransaction) {
    charge.balance_transaction = insertChargeTransaction(ctx, charge, { immediate: cardSpecFor(number).bypassPending }).id;
  }
  // Connect: transfers, application fees (a Charges API charge names its transfer group after itself)
  if (captured) onChargeCaptured(ctx, charge, input.legacy ? { ...pi, id: charge.id } : pi, charge.amount_captured);
  ctx.insert(charge, chargeIndex(charge));
  if (captured && input.deferBalanceTransaction) {
    createdHere(ctx).add(id);
    scheduleAsyncSettle(ctx, id);
  }
  return charge;
}

/** How long after an asynchronous capture the balance transaction is attached (charge.updated). */
export const ASYNC_CAPTURE_DELAY_MS = 200;

interface PendingSettle {
  account: string;
  chargeId: string;
  dueMs: number;
}

/** Asynchronous captures waiting for their balance transaction, per simulator; settled in batches. */
const pendingSettles = new WeakMap<Simulator, { queue: PendingSettle[]; timer: boolean }>();

function scheduleAsyncSettle(ctx: RequestContext, chargeId: string): void {
  const sim = ctx.sim;
  const account = ctx.account;
  ctx.afterCommit(() => {
    let state = pendingSettles.get(sim);
    if (!state) {
      state = { queue: [], timer: false };
      pendingSettles.set(sim, state);
    }
    state.queue.push({ account, chargeId, dueMs: Date.now() + ASYNC_CAPTURE_DELAY_MS });
    armSettleTimer(sim, state);
  });
}

function armSettleTimer(sim: Simulator, state: { queue: PendingSettle[]; timer: boolean }): void {
  if (state.timer || state.queue.length === 0) return;
  state.timer = true;
  const wait = Math.max(0, state.queue[0].dueMs - Date.now());
  const timer = setTimeout(() => {
    state.timer = false;
    const now = Date.now();
    let n = 0;
    while (n < state.queue.length && state.queue[n].dueMs <= now) n++;
    const due = state.queue.splice(0, n);
    settleInBackground(sim, due);
    armSettleTimer(sim, state);
  }, wait) as unknown as { unref?: () => void };
  timer.unref?.();
}

/** One transaction per batch (and one context per account in it), after the confirming responses. */
function settleInBackground(sim: Simulator, due: PendingSettle[]): void {
  if (due.length === 0) return;
  try {
    const contexts = new Map<string, ReturnType<typeof createContext>>();
    sim.store.transaction(() => {
      for (const { account, chargeId } of due) {
        let ctx = contexts.get(account);
        if (!ctx) {
          ctx = createContext({
            sim, account, keyType: 'secret', version: sim.defaultVersion, method: 'POST', path: '/v1/charges', pathParams: {},
            params: {}, rawParams: {}, requestId: null, idempotencyKey: null, origin: null,
          });
          contexts.set(account, ctx);
        }
        const rec = ctx.find<ChargeObject>(chargeId, 'charge');
        if (rec) settleAsyncCapture(ctx, rec.data);
      }
    });
    for (const ctx of contexts.values()) for (const hook of ctx.commitHooks) hook();
  } catch (e) {
    // The simulator may have been closed or reset meanwhile; the next read settles the charge instead.
    try {
      sim.log('debug', 'async capture settle skipped', { error: e instanceof Error ? e.message : String(e) });
    } catch {
      /* closed */
    }
  }
}

/** Charges created by a request: its own response still shows `balance_transaction: null`. */
const createdInRequest = new WeakMap<RequestContext, Set<string>>();
function createdHere(ctx: RequestContext): Set<string> {
  let set = createdInRequest.get(ctx);
  if (!set) {
    set = new Set();
    createdInRequest.set(ctx, set);
  }
  return set;
}

/**
 * Attaches the balance transaction of an asynchronously captured charge (emitting charge.updated), the way
 * Stripe fills it in shortly after the PaymentIntent succeeded: a captured charge without a balance
 * transaction is exactly that state. Runs from a timer after the response, or on the next read.
 */
export function settleAsyncCapture(ctx: RequestContext, charge: ChargeObject): ChargeObject {
  if (!charge.captured || charge.balance_transaction || charge.status !== 'succeeded') return charge;
  if (createdInRequest.get(ctx)?.has(charge.id)) return charge;
  const bt = captureTransaction(ctx, charge, charge.amount_captured);
  charge.balance_transaction = bt.id;
  ctx.update(charge, chargeIndex(charge));
  // Stripe's own doing, whichever request happened to read the charge first: request.id is null
  ctx.emit('charge.updated', charge, { previousAttributes: { balance_transaction: null }, automatic: true, asWritten: true });
  return charge;
}

/**
 * The balance transaction of `amount` captured after the charge was made (manual or asynchronous capture): the
 * charge itself is what is priced (online or in person, with its application fee), only the amount differs.
 */
function captureTransaction(ctx: RequestContext, charge: ChargeObject, amount: number): BalanceTransactionObject {
  const number = typeof charge.payment_method === 'string' ? simCardOf(ctx, charge.payment_method)?.number : undefined;
  return insertChargeTransaction(ctx, { ...charge, amount }, { immediate: number ? cardSpecFor(number).bypassPending : false });
}

export function chargeIndex(c: ChargeObject): Record<string, string | null> {
  return {
    customer: typeof c.customer === 'string' ? c.customer : (c.customer?.id ?? null),
    payment_intent: typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null),
  };
}

/** Loads a charge of this account, settling a pending asynchronous capture first. */
export function loadCharge(ctx: RequestContext, id: string, param = 'id'): ChargeObject {
  const charge = ctx.get<ChargeObject>(id, 'charge', { param });
  return settleAsyncCapture(ctx, charge);
}

/** Captures `amount` of an authorised charge; the rest of the authorisation is released. */
export function captureCharge(
  ctx: RequestContext, charge: ChargeObject, amount: number, connect?: Stripe.PaymentIntent & StripeObject,
): ChargeObject {
  charge.captured = true;
  charge.amount_captured = amount;
  // The uncaptured remainder is released, which Stripe reports as refunded on the charge.
  charge.amount_refunded = charge.amount - amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  charge.balance_transaction = captureTransaction(ctx, charge, amount).id;
  // `connect`: a Charges API charge's Connect parameters (it has no PaymentIntent)
  const pi = typeof charge.payment_intent === 'string' ? ctx.find<Stripe.PaymentIntent & StripeObject>(charge.payment_intent, 'payment_intent')?.data : connect;
  onChargeCaptured(ctx, charge, pi, amount); // Connect: transfers, application fees
  ctx.update(charge, chargeIndex(charge));
  return charge;
}

/** Releases an uncaptured authorisation (PaymentIntent canceled): the whole amount shows as refunded. */
export function releaseCharge(ctx: RequestContext, charge: ChargeObject): ChargeObject {
  charge.amount_refunded = charge.amount;
  charge.refunded = true;
  ctx.update(charge, chargeIndex(charge));
  ctx.emit('charge.refunded', charge, { previousAttributes: { amount_refunded: 0, refunded: false } });
  return charge;
}

const updateSchema: Schema = {
  description: p.string(),
  metadata: p.metadata(),
  receipt_email: p.string(),
  shipping: p.object({
    address: p.object({ city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string() }, { required: true }),
    carrier: p.string(), name: p.string({ required: true }), phone: p.string(), tracking_number: p.string(),
  }),
  fraud_details: p.object({ user_report: p.enumOf(['fraudulent', 'safe'], { required: true }) }),
  transfer_group: p.string(),
  customer: p.id(),
};

function retrieve(ctx: RequestContext): ChargeObject {
  return loadCharge(ctx, ctx.pathParams.id);
}

function update(ctx: RequestContext): ChargeObject {
  const charge = loadCharge(ctx, ctx.pathParams.id);
  const params = ctx.params;
  const old: Record<string, unknown> = {};
  const set = (k: keyof ChargeObject & string, v: unknown) => {
    old[k] = charge[k];
    (charge as unknown as Record<string, unknown>)[k] = v;
  };
  if ('description' in params) set('description', params.description ?? null);
  if ('receipt_email' in params) set('receipt_email', params.receipt_email ?? null);
  if ('metadata' in params) set('metadata', applyMetadata(charge.metadata, params.metadata as MetadataParam | null));
  if ('transfer_group' in params) set('transfer_group', params.transfer_group ?? null);
  if ('fraud_details' in params) set('fraud_details', params.fraud_details ?? {});
  if ('shipping' in params) set('shipping', params.shipping ?? null);
  if ('customer' in params && params.customer) {
    if (charge.customer) throw invalidRequest('This charge already has a customer.', { param: 'customer' });
    ctx.get<StripeObject>(params.customer as string, 'customer', { param: 'customer' });
    set('customer', params.customer);
  }
  ctx.update(charge, chargeIndex(charge));
  // previous_attributes: what changed, a metadata key only when it changed (null when new); nothing changed, no event
  const now = charge as unknown as Record<string, unknown>;
  const previous = previousAttributes(old, Object.fromEntries(Object.keys(old).map((k) => [k, now[k]])));
  if (Object.keys(previous).length > 0) ctx.emit('charge.updated', charge, { previousAttributes: previous });
  return charge;
}

/**
 * Captures an uncaptured charge (Stripe's "Capture a charge"): `amount` (default: all of it) is captured and the
 * rest released. A PaymentIntent's charge is captured through its PaymentIntent, which then succeeds, exactly as
 * PaymentIntent capture with amount_to_capture would.
 */
function capture(ctx: RequestContext): ChargeObject {
  const charge = loadCharge(ctx, ctx.pathParams.id);
  const params = ctx.params;
  if (charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has already been captured.`, { code: 'charge_already_captured' });
  }
  if (charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has a status of ${charge.status} and cannot be captured.`, { param: 'charge' });
  }
  const piId = chargeIndex(charge).payment_intent;
  if (!piId) return captureLegacyCharge(ctx, charge, params); // a Charges API charge (legacy_charges.ts)
  const forward: Record<string, unknown> = {};
  if (params.amount !== undefined) forward.amount_to_capture = params.amount;
  for (const k of ['application_fee_amount', 'statement_descriptor_suffix', 'transfer_data'] as const) if (params[k] !== undefined) forward[k] = params[k];
  try {
    callRoute(ctx, 'POST', '/v1/payment_intents/:id/capture', forward, { id: piId });
  } catch (e) {
    // The Charges API names the amount `amount` (the PaymentIntent's error names `amount_to_capture`).
    if (e instanceof StripeError && e.param === 'amount_to_capture') {
      throw new StripeError({ status: e.status, type: e.type, code: e.code, message: e.message, param: 'amount', doc_url: e.doc_url });
    }
    throw e;
  }
  const captured = loadCharge(ctx, charge.id);
  if (typeof params.receipt_email === 'string') captured.receipt_email = params.receipt_email;
  if (typeof params.transfer_group === 'string') captured.transfer_group = params.transfer_group;
  if (params.receipt_email !== undefined || params.transfer_group !== undefined) ctx.update(captured, chargeIndex(captured));
  return captured;
}

function list(ctx: RequestContext) {
  const params = ctx.params;
  const res = ctx.list<ChargeObject>('charge', {
    where: { customer: params.customer as string | undefined, payment_intent: params.payment_intent as string | undefined },
    created: (params.created as { gt?: number } | undefined) ?? null,
    filter: typeof params.transfer_group === 'string' && params.transfer_group !== '' ? (c) => c.transfer_group === params.transfer_group : undefined,
    url: '/v1/charges',
  });
  return { ...res, data: res.data.map((c) => settleAsyncCapture(ctx, c)) };
}

export const chargeRoutes: RouteDef[] = [
  { method: 'GET', path: '/v1/charges/:id', params: {}, handler: retrieve },
  { method: 'POST', path: '/v1/charges/:id', params: updateSchema, handler: update },
  {
    method: 'POST',
    path: '/v1/charges/:id/capture',
    params: {
      amount: p.integer({ min: 1 }), application_fee: p.integer({ min: 0 }), application_fee_amount: p.integer({ min: 0 }),
      receipt_email: p.string(), statement_descriptor: p.string({ maxLength: 22 }), statement_descriptor_suffix: p.string({ maxLength: 22 }),
      transfer_data: p.any(), transfer_group: p.string(),
    },
    handler: capture,
  },
  {
    method: 'GET',
    path: '/v1/charges',
    params: { ...listParams, customer: p.id(), payment_intent: p.id(), created: p.range(), transfer_group: p.string() },
    handler: list,
  },
];

/** Expands a charge id, settling a pending asynchronous capture from an earlier request first. */
export function expandCharge(ctx: RequestContext, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const rec = ctx.find<ChargeObject>(value, 'charge');
  if (!rec) return value;
  return renderForVersion(settleAsyncCapture(ctx, rec.data) as unknown as Record<string, unknown>, ctx.version);
}

export function registerCharges(sim: Simulator): void {
  registerExpandable('charge', {
    customer: null, balance_transaction: null, payment_intent: null, application_fee: null, review: null,
    on_behalf_of: null, source_transfer: null, failure_balance_transaction: null, transfer: null, 'transfer_data.destination': null,
    refunds: (ctx, _v, parent) => ctx.list('refund', { where: { charge: String(parent.id) }, url: `/v1/charges/${String(parent.id)}/refunds` }),
  });
  for (const r of chargeRoutes) sim.route(r);
  receiptPages(sim.app, sim);
}

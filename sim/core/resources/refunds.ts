// Refunds of card charges: full or partial, by `charge` or `payment_intent`, never beyond what was captured
// and not yet refunded. Card refunds succeed at once with a negative balance transaction.
// Routes: create, retrieve, update (metadata), list (charge, payment_intent, created), cancel (refused for
// card refunds, which never wait).

import type Stripe from 'stripe';
import { createContext, type RequestContext, type StripeObject } from '../context.ts';
import { cardSpecFor } from '../cards.ts';
import { invalidRequest, StripeError } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { previousAttributes } from '../resource-kit.ts';
import { formatAmount } from '../money.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { insertRefundTransaction } from './balance_transactions.ts';
import { onChargeRefunded } from '../connect-money/index.ts';
import { chargeIndex, loadCharge, type ChargeObject } from './charges.ts';
import { simCardOf } from './payment_methods.ts';
import type { BalanceTransactionObject } from './balance_transactions.ts';
import type { PaymentIntentObject } from './payment_intents.ts';

export type RefundObject = Stripe.Refund & StripeObject;

const createSchema: Schema = {
  charge: p.id(),
  payment_intent: p.id(),
  amount: p.integer(),
  reason: p.enumOf(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: p.metadata(),
  instructions_email: p.string(),
  origin: p.enumOf(['customer_balance']),
  refund_application_fee: p.boolean(),
  reverse_transfer: p.boolean(),
  customer: p.id(),
  currency: p.string(),
};

/** A succeeded card refund of `amount` of `charge` (not saved). */
function refundObject(ctx: RequestContext, charge: ChargeObject, amount: number, extra: Pick<Stripe.Refund, 'metadata' | 'reason'>): RefundObject {
  return {
    id: ctx.newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null as string | null,
    charge: charge.id,
    created: ctx.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: extra.metadata,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: charge.payment_method,
    reason: extra.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  } as unknown as RefundObject;
}

/**
 * The refund Stripe records when an authorisation is released without being captured: the uncaptured remainder
 * of a partial capture, or all of it when the PaymentIntent is canceled or its authorisation expires ("the
 * remaining amount_capturable is automatically refunded"). No money moved, so no balance transaction; since API
 * version 2024-10-28.acacia every refund, this kind included, has its refund.created event. The charge's
 * `amount_refunded` already counts it (captureCharge, releaseCharge).
 */
export function insertReleaseRefund(ctx: RequestContext, charge: ChargeObject, amount: number): RefundObject | null {
  if (amount <= 0) return null;
  const refund = refundObject(ctx, charge, amount, { metadata: {}, reason: null });
  ctx.insert(refund, { charge: charge.id, payment_intent: refund.payment_intent as string | null });
  ctx.emit('refund.created', refund);
  return refund;
}

function create(ctx: RequestContext): RefundObject {
  const params = ctx.params;
  const chargeId = params.charge as string | undefined;
  const piId = params.payment_intent as string | undefined;
  if (!chargeId && !piId) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  }
  let charge: ChargeObject;
  let pi: PaymentIntentObject | undefined;
  if (piId) {
    pi = ctx.get<PaymentIntentObject>(piId, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
    if (pi.status === 'requires_capture') {
      throw invalidRequest(
        `This PaymentIntent (${pi.id}) has not been captured, so there is nothing to refund. To release the authorization, cancel the PaymentIntent instead.`,
      );
    }
    if (pi.status !== 'succeeded' || typeof pi.latest_charge !== 'string') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
    }
    charge = loadCharge(ctx, pi.latest_charge, 'payment_intent');
    if (chargeId && chargeId !== charge.id) {
      throw invalidRequest(`The charge ${chargeId} does not belong to the PaymentIntent ${pi.id}.`, { param: 'charge' });
    }
  } else {
    charge = loadCharge(ctx, chargeId as string, 'charge');
    // The charge of a canceled PaymentIntent (its authorisation released): Stripe answers about the PaymentIntent,
    // as for `payment_intent` (observed with API 2022-11-15 and quoted by users), not "already refunded".
    const owner = typeof charge.payment_intent === 'string' ? ctx.find<PaymentIntentObject>(charge.payment_intent, 'payment_intent')?.data : undefined;
    if (owner?.status === 'canceled') {
      throw invalidRequest(`This PaymentIntent (${owner.id}) does not have a successful charge to refund.`);
    }
  }
  if (charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has a status of ${charge.status} and cannot be refunded.`, { param: 'charge' });
  }
  if (!charge.captured && typeof charge.payment_intent !== 'string') return releaseLegacyCharge(ctx, charge, params);
  if (!charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured, so there is nothing to refund. To release the authorization, cancel the PaymentIntent instead.`,
    );
  }
  // A chargeback already took the money back (sim/core/resources/disputes.ts); an inquiry can still be refunded.
  const chargeback = charge.disputed ? (ctx.sim.services.chargebackOf as ((c: RequestContext, id: string) => unknown) | undefined)?.(ctx, charge.id) : undefined;
  if (chargeback) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  }
  if (charge.refunded || charge.amount_refunded >= charge.amount) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const refundable = charge.amount - charge.amount_refunded;
  const amount = (params.amount as number | undefined) ?? refundable;
  if (amount <= 0) {
    throw invalidRequest('Invalid positive integer', { param: 'amount' });
  }
  if (amount > refundable) {
    const message = charge.amount_refunded === 0
      ? `Refund amount (${formatAmount(amount, charge.currency)}) is greater than charge amount (${formatAmount(charge.amount, charge.currency)})`
      : `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(refundable, charge.currency)})`;
    throw new StripeError({ status: 400, type: 'invalid_request_error', param: 'amount', message });
  }
  const refund = refundObject(ctx, charge, amount, {
    metadata: applyMetadata({}, params.metadata as MetadataParam | undefined),
    reason: (params.reason as Stripe.Refund.Reason | undefined) ?? null,
  });
  // Connect: reverse_transfer / refund_application_fee (sim/core/connect-money).
  onChargeRefunded(ctx, charge, refund, { reverseTransfer: params.reverse_transfer === true, refundApplicationFee: params.refund_application_fee === true });
  refund.balance_transaction = insertRefundTransaction(ctx, refund, charge.description).id;
  ctx.insert(refund, { charge: charge.id, payment_intent: refund.payment_intent as string | null });
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  ctx.update(charge, chargeIndex(charge));
  // previous_attributes holds only what changed: a partial refund leaves `refunded` false
  ctx.emit('charge.refunded', charge, { previousAttributes: previousAttributes(previous, { amount_refunded: charge.amount_refunded, refunded: charge.refunded }) });
  ctx.emit('refund.created', refund);
  const number = typeof charge.payment_method === 'string' ? simCardOf(ctx, charge.payment_method)?.number : undefined;
  if (number && cardSpecFor(number).refundFails) scheduleRefundFailure(ctx, refund.id);
  return refund;
}

/**
 * Refunding an uncaptured Charges API charge (no PaymentIntent) releases the authorisation, as Stripe's "Placing a
 * hold on a card" documents ("If you need to cancel an authorization, you can release it by refunding the relevant
 * Charge object"): a succeeded refund of the whole amount without balance transaction (no money moved), the charge
 * `refunded` (still `captured: false`, so it can no longer be captured), charge.refunded and refund.created. A
 * partial amount is refused, as Stripe does: only a partial capture releases part of an authorisation.
 */
function releaseLegacyCharge(ctx: RequestContext, charge: ChargeObject, params: Record<string, unknown>): RefundObject {
  if (charge.refunded || charge.amount_refunded >= charge.amount) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const amount = (params.amount as number | undefined) ?? charge.amount;
  if (amount <= 0) throw invalidRequest('Invalid positive integer', { param: 'amount' });
  if (amount !== charge.amount) {
    throw invalidRequest(
      'You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount',
      { param: 'amount' },
    );
  }
  const refund = refundObject(ctx, charge, amount, {
    metadata: applyMetadata({}, params.metadata as MetadataParam | undefined),
    reason: (params.reason as Stripe.Refund.Reason | undefined) ?? null,
  });
  ctx.insert(refund, { charge: charge.id, payment_intent: null });
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded = charge.amount;
  charge.refunded = true;
  ctx.update(charge, chargeIndex(charge));
  ctx.emit('charge.refunded', charge, { previousAttributes: previousAttributes(previous, { amount_refunded: charge.amount_refunded, refunded: charge.refunded }) });
  ctx.emit('refund.created', refund);
  return refund;
}

/** How long a refund of the refund-failure test card stays succeeded before it fails. */
export const REFUND_FAILURE_DELAY_MS = 300;

function scheduleRefundFailure(ctx: RequestContext, refundId: string): void {
  const { sim, account } = ctx;
  ctx.afterCommit(() => {
    const timer = setTimeout(() => {
      try {
        const bg = createContext({
          sim, account, keyType: 'secret', version: sim.defaultVersion, method: 'POST', path: '/v1/refunds', pathParams: {},
          params: {}, rawParams: {}, requestId: null, idempotencyKey: null, origin: null,
        });
        sim.store.transaction(() => failRefund(bg, refundId));
        for (const hook of bg.commitHooks) hook();
      } catch {
        // closed or reset meanwhile
      }
    }, REFUND_FAILURE_DELAY_MS) as unknown as { unref?: () => void };
    timer.unref?.();
  });
}

/**
 * The card cannot take the money back: the refund turns failed, the amount returns to the balance
 * (a `refund_failure` balance transaction) and to the charge, with charge.refund.updated / refund.failed.
 */
function failRefund(ctx: RequestContext, refundId: string): void {
  const refund = ctx.find<RefundObject>(refundId, 'refund')?.data;
  if (!refund || refund.status !== 'succeeded') return;
  const created = ctx.now();
  const bt = {
    id: ctx.newId('txn'), object: 'balance_transaction', amount: refund.amount, available_on: created, balance_type: 'payments',
    created, currency: refund.currency, description: 'REFUND FAILURE', exchange_rate: null, fee: 0, fee_details: [],
    net: refund.amount, reporting_category: 'refund_failure', source: refund.id, status: 'available', type: 'refund_failure',
  } as unknown as BalanceTransactionObject;
  ctx.insert(bt, { type: 'refund_failure', source: refund.id, currency: refund.currency });
  const old = { ...refund } as Record<string, unknown>;
  refund.status = 'failed';
  refund.failure_reason = 'expired_or_canceled_card';
  refund.failure_balance_transaction = bt.id;
  const before = previousAttributes(old, refund as unknown as Record<string, unknown>);
  ctx.update(refund);
  const charge = typeof refund.charge === 'string' ? ctx.find<ChargeObject>(refund.charge, 'charge')?.data : undefined;
  if (charge) {
    const prev = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = false;
    ctx.update(charge, chargeIndex(charge));
    ctx.emit('charge.updated', charge, { previousAttributes: previousAttributes(prev, { amount_refunded: charge.amount_refunded, refunded: charge.refunded }) });
  }
  ctx.emit('charge.refund.updated', refund, { previousAttributes: before });
  ctx.emit('refund.updated', refund, { previousAttributes: before });
  ctx.emit('refund.failed', refund, { previousAttributes: before });
}

function retrieve(ctx: RequestContext): RefundObject {
  return ctx.get<RefundObject>(ctx.pathParams.id, 'refund', { kind: 'refund' });
}

function update(ctx: RequestContext): RefundObject {
  const refund = ctx.get<RefundObject>(ctx.pathParams.id, 'refund', { kind: 'refund' });
  if ('metadata' in ctx.params) {
    const next = applyMetadata(refund.metadata ?? {}, ctx.params.metadata as MetadataParam | null);
    // previous_attributes: only the keys that changed (null for a new key); nothing changed, no event
    const before = previousAttributes({ metadata: refund.metadata ?? {} }, { metadata: next });
    if (Object.keys(before).length === 0) return refund;
    refund.metadata = next;
    ctx.update(refund, { charge: refund.charge as string, payment_intent: refund.payment_intent as string | null });
    // A charge's refund: charge.refund.updated as before API version 2024-10-28.acacia, and refund.updated, which
    // that version extended to every refund (Stripe's changelog "Adds created, updated, and failed events for all
    // refund types").
    if (refund.charge) ctx.emit('charge.refund.updated', refund, { previousAttributes: before });
    ctx.emit('refund.updated', refund, { previousAttributes: before });
  }
  return refund;
}

function cancel(ctx: RequestContext): RefundObject {
  const refund = ctx.get<RefundObject>(ctx.pathParams.id, 'refund', { kind: 'refund' });
  throw invalidRequest(`Only refunds with a status of requires_action can be canceled. This refund has a status of ${refund.status}.`);
}

function list(ctx: RequestContext) {
  const params = ctx.params;
  return ctx.list<RefundObject>('refund', {
    where: { charge: params.charge as string | undefined, payment_intent: params.payment_intent as string | undefined },
    created: (params.created as { gt?: number } | undefined) ?? null,
    url: '/v1/refunds',
  });
}

export const refundRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/refunds', params: createSchema, handler: create },
  { method: 'GET', path: '/v1/refunds', params: { ...listParams, charge: p.id(), payment_intent: p.id(), created: p.range() }, handler: list },
  { method: 'GET', path: '/v1/refunds/:id', params: {}, handler: retrieve },
  { method: 'POST', path: '/v1/refunds/:id', params: { metadata: p.metadata() }, handler: update },
  { method: 'POST', path: '/v1/refunds/:id/cancel', params: {}, handler: cancel },
];

export function registerRefunds(sim: Simulator): void {
  registerExpandable('refund', ['charge', 'balance_transaction', 'payment_intent', 'failure_balance_transaction', 'source_transfer_reversal', 'transfer_reversal']);
  for (const r of refundRoutes) sim.route(r);
}

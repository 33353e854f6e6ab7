// Transfers (platform -> connected account): created by destination charges (sim/core/connect-money) or directly
// ("separate charges and transfers"); retrieve, list (destination, transfer_group, created), update.

import type { RequestContext } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { metadataFrom, previousAttributes } from '../resource-kit.ts';
import { validateCurrency } from '../money.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import {
  connectedAccount, createReversal, createTransfer, refundApplicationFee, type ApplicationFeeObject, type ReversalObject, type TransferObject,
} from '../connect-money/index.ts';
import { availableBalance } from './balance.ts';
import { availableOn } from './balance_transactions.ts';

const createSchema: Schema = {
  amount: p.integer({ required: true, min: 1 }),
  currency: p.string({ required: true }),
  destination: p.string({ required: true }),
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  source_transaction: p.id(),
  source_type: p.enumOf(['bank_account', 'card', 'fpx']),
  transfer_group: p.string(),
};

function platformOnly(ctx: RequestContext): void {
  if (ctx.account !== ctx.platformAccount) {
    throw invalidRequest('Transfers can only be created by the platform: do not pass a Stripe-Account header.');
  }
}

function create(ctx: RequestContext): TransferObject {
  platformOnly(ctx);
  const q = ctx.params;
  const cur = validateCurrency(q.currency as string);
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'currency' });
  const destination = q.destination as string;
  const acct = connectedAccount(ctx, destination);
  if (!acct) throw resourceMissing('destination', destination, 'destination');
  // As for destination charges (Stripe's wording): the destination must be able to receive transfers.
  const caps = acct.capabilities as Record<string, string> | undefined;
  if (caps && caps.transfers !== 'active' && caps.legacy_payments !== 'active' && caps.crypto_transfers !== 'active') {
    throw invalidRequest(
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      { param: 'destination', code: 'insufficient_capabilities_for_transfer' },
    );
  }
  let on = ctx.now();
  if (q.source_transaction) {
    const charge = ctx.find<{ id: string; amount: number; amount_refunded: number; currency: string; status: string; created: number; balance_transaction: string | null }>(q.source_transaction as string, 'charge');
    if (!charge) throw resourceMissing('charge', q.source_transaction as string, 'source_transaction');
    if (charge.data.currency !== cur.currency) {
      throw invalidRequest(`The currency of source_transaction's balance transaction (${charge.data.currency}) must be the same as the transfer currency (${cur.currency}).`, { param: 'currency' });
    }
    if (charge.data.status !== 'succeeded') {
      // The wording is the simulator's: Stripe only documents that the charge must have succeeded.
      throw invalidRequest(`The source_transaction '${charge.data.id}' has not succeeded: only a succeeded charge can fund a transfer.`, { param: 'source_transaction' });
    }
    // Earlier transfers from the same charge (net of their reversals) use up part of it.
    const earlier = ctx.store.list<TransferObject>({ account: ctx.platformAccount, type: 'transfer', where: { source_transaction: charge.data.id }, limit: Number.MAX_SAFE_INTEGER }).items
      .reduce((sum, r) => sum + r.data.amount - r.data.amount_reversed, 0);
    if ((q.amount as number) > charge.data.amount - charge.data.amount_refunded - earlier) {
      throw invalidRequest('Insufficient funds in Stripe account. The transfer amount cannot exceed the remaining amount of the source transaction.', { param: 'amount', code: 'balance_insufficient' });
    }
    // The transfer is funded by the charge, not by the available balance: the platform's debit and the destination's
    // credit become available when the charge's funds do. An asynchronous capture (automatic_async, the default)
    // attaches its balance transaction a moment later: until then, the charge's own schedule applies.
    const bt = charge.data.balance_transaction ? ctx.find<{ available_on: number }>(charge.data.balance_transaction, 'balance_transaction')?.data : undefined;
    on = bt?.available_on ?? availableOn(charge.data.created, false);
  } else if (availableBalance(ctx, ctx.platformAccount, cur.currency) < (q.amount as number)) {
    throw invalidRequest(
      'You have insufficient funds in your Stripe account. One likely reason you have insufficient funds is that your funds are automatically being paid out; try enabling manual payouts by going to https://dashboard.stripe.com/account/payouts.',
      { code: 'balance_insufficient' },
    );
  }
  const { transfer } = createTransfer(ctx, {
    amount: q.amount as number, currency: cur.currency, destination, sourceTransaction: (q.source_transaction as string | undefined) ?? null,
    transferGroup: (q.transfer_group as string | undefined) ?? null, applicationFee: 0, on,
    metadata: metadataFrom(undefined, q.metadata), description: (q.description as string | undefined) ?? null,
  });
  return transfer;
}

function retrieve(ctx: RequestContext): TransferObject {
  const t = ctx.get<TransferObject>(ctx.pathParams.id, 'transfer');
  // The embedded `reversals` list shows the latest reversals, as on Stripe.
  const data = ctx.store.list<ReversalObject>({ account: ctx.account, type: 'transfer_reversal', where: { transfer: t.id }, limit: 10 }).items.map((r) => r.data);
  return { ...t, reversals: { ...t.reversals, data, has_more: t.reversals.total_count > data.length } };
}

function update(ctx: RequestContext): TransferObject {
  const t = ctx.get<TransferObject>(ctx.pathParams.id, 'transfer');
  const q = ctx.params;
  const old = { metadata: t.metadata, description: t.description };
  if ('metadata' in q) t.metadata = metadataFrom(t.metadata, q.metadata);
  if ('description' in q) t.description = (q.description as string | null) ?? null;
  ctx.update(t);
  // previous_attributes: what changed, a metadata key only when it changed (null when new); nothing changed, no event
  const previous = previousAttributes(old, { metadata: t.metadata, description: t.description });
  if (Object.keys(previous).length > 0) ctx.emit('transfer.updated', t, { previousAttributes: previous });
  return t;
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  return ctx.list<TransferObject>('transfer', {
    where: { destination: q.destination as string | undefined, transfer_group: q.transfer_group as string | undefined },
    created: (q.created as { gt?: number } | undefined) ?? null,
    url: '/v1/transfers',
  });
}

/** Takes back all or part of a transfer from the destination (which may go negative, as on Stripe). */
function reverse(ctx: RequestContext): ReversalObject {
  platformOnly(ctx);
  const t = ctx.get<TransferObject>(ctx.pathParams.id, 'transfer');
  const remaining = t.amount - t.amount_reversed;
  const amount = (ctx.params.amount as number | undefined) ?? remaining;
  if (remaining <= 0) throw invalidRequest(`Transfer ${t.id} has already been fully reversed.`, { code: 'transfer_already_reversed' as string });
  if (amount > remaining) {
    throw invalidRequest(`You have attempted to reverse ${amount} from transfer ${t.id}, but only ${remaining} remains to be reversed.`, { param: 'amount' });
  }
  const reversal = createReversal(ctx, t, amount, metadataFrom(undefined, ctx.params.metadata), null);
  if (ctx.params.refund_application_fee === true) refundFeeOfReversal(ctx, t, amount);
  return reversal;
}

/**
 * `refund_application_fee` (API reference): the application fee taken from the transfer's payment (a destination
 * charge's) is refunded in full on a full reversal, else in proportion to the amount reversed.
 */
function refundFeeOfReversal(ctx: RequestContext, t: TransferObject, amount: number): void {
  if (!t.destination_payment) return;
  const fee = ctx.store.list<ApplicationFeeObject>({
    account: ctx.platformAccount, type: 'application_fee', where: { charge: t.destination_payment }, limit: 1,
  }).items[0]?.data;
  if (!fee) return;
  const left = fee.amount - fee.amount_refunded;
  const share = t.reversed ? left : Math.min(left, Math.round((fee.amount * amount) / t.amount));
  if (share > 0) refundApplicationFee(ctx, fee, share);
}

function listReversals(ctx: RequestContext) {
  const t = ctx.get<TransferObject>(ctx.pathParams.id, 'transfer');
  return ctx.list<ReversalObject>('transfer_reversal', { where: { transfer: t.id }, url: `/v1/transfers/${t.id}/reversals` });
}

function retrieveReversal(ctx: RequestContext): ReversalObject {
  const r = ctx.get<ReversalObject>(ctx.pathParams.reversal, 'transfer_reversal', { kind: 'transfer reversal' });
  if (r.transfer !== ctx.pathParams.id) throw resourceMissing('transfer reversal', ctx.pathParams.reversal);
  return r;
}

/** POST /v1/transfers/:id/reversals/:reversal: only `metadata` can change (the SDK's params; Stripe has no event for it). */
function updateReversal(ctx: RequestContext): ReversalObject {
  const r = retrieveReversal(ctx);
  if (!('metadata' in ctx.params)) return r;
  const after: ReversalObject = { ...r, metadata: metadataFrom(r.metadata ?? undefined, ctx.params.metadata) };
  ctx.update(after);
  return after;
}

export const transferRoutes: RouteDef[] = [
  {
    method: 'POST', path: '/v1/transfers/:id/reversals',
    params: { amount: p.integer({ min: 1 }), description: p.string(), metadata: p.metadata(), refund_application_fee: p.boolean() },
    handler: reverse,
  },
  { method: 'GET', path: '/v1/transfers/:id/reversals', params: { ...listParams }, handler: listReversals },
  { method: 'GET', path: '/v1/transfers/:id/reversals/:reversal', params: {}, handler: retrieveReversal },
  { method: 'POST', path: '/v1/transfers/:id/reversals/:reversal', params: { metadata: p.metadata() }, handler: updateReversal },
  { method: 'POST', path: '/v1/transfers', params: createSchema, handler: create },
  { method: 'GET', path: '/v1/transfers', params: { ...listParams, created: p.range(), destination: p.string(), transfer_group: p.string() }, handler: list },
  { method: 'GET', path: '/v1/transfers/:id', params: {}, handler: retrieve },
  { method: 'POST', path: '/v1/transfers/:id', params: { metadata: p.metadata(), description: p.string() }, handler: update },
];

export function registerTransfers(sim: Simulator): void {
  registerExpandable('transfer', ['balance_transaction', 'destination', 'destination_payment', 'source_transaction']);
  registerExpandable('transfer_reversal', ['balance_transaction', 'transfer', 'destination_payment_refund', 'source_refund']);
  for (const r of transferRoutes) sim.route(r);
}

// Payouts from an account's available balance to its bank account (the connected account's default external
// account for the currency, or the platform's simulated bank account): create, retrieve, update, list, cancel.
// Standard payouts arrive the next business day at midnight UTC; the status follows the simulator clock
// (pending -> paid, with payout.paid; or failed, with payout.failed, for Stripe's failing test bank accounts), instant
// payouts arrive at once. Each payout debits the balance (balance
// transaction of type `payout`); canceling credits it back (`payout_cancel`).

import type Stripe from 'stripe';
import { forEachAccount, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { randomString } from '../ids.ts';
import { validateCurrency } from '../money.ts';
import { metadataFrom, previousAttributes } from '../resource-kit.ts';
import { p, listParams, type RangeFilter, type Schema } from '../params.ts';
import { matchesCreated } from '../store.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { availableBalance } from './balance.ts';

export type PayoutObject = Stripe.Payout & StripeObject;

const DAY = 86_400;
/** The platform's simulated bank account (connected accounts pay out to their own external accounts). */
export const PLATFORM_BANK_ACCOUNT = 'ba_CkSimPlatformBank0001';

const createSchema: Schema = {
  amount: p.integer({ required: true, min: 1 }),
  currency: p.string({ required: true }),
  description: p.string({ maxLength: 5000 }),
  destination: p.string(),
  metadata: p.metadata(),
  method: p.enumOf(['standard', 'instant']),
  source_type: p.enumOf(['bank_account', 'card', 'fpx']),
  statement_descriptor: p.string({ maxLength: 22 }),
  payout_method: p.string(),
};

/** Next business day (Monday to Friday), midnight UTC. */
export function arrivalDate(now: number): number {
  let day = Math.floor(now / DAY) * DAY + DAY;
  while ([0, 6].includes(new Date(day * 1000).getUTCDay())) day += DAY;
  return day;
}

function defaultBankAccount(ctx: RequestContext, currency: string): string | null {
  if (ctx.account === ctx.platformAccount) return PLATFORM_BANK_ACCOUNT;
  let cursor: string | undefined;
  let fallback: string | null = null;
  for (;;) {
    const page = ctx.store.list<StripeObject & { account?: string; currency?: string; default_for_currency?: boolean }>({
      account: ctx.platformAccount, type: 'bank_account', limit: 100, startingAfter: cursor,
    });
    for (const rec of page.items) {
      if (rec.data.account !== ctx.account || rec.data.currency !== currency) continue;
      if (rec.data.default_for_currency) return rec.id;
      fallback ??= rec.id;
    }
    if (!page.hasMore || page.items.length === 0) break;
    cursor = page.items[page.items.length - 1].id;
  }
  return fallback;
}

const TXN_DESCRIPTIONS = { payout: 'STRIPE PAYOUT', payout_cancel: 'PAYOUT CANCEL', payout_failure: 'PAYOUT FAILURE' } as const;

function insertTxn(ctx: RequestContext, amount: number, currency: string, type: 'payout' | 'payout_cancel' | 'payout_failure', source: string, category?: string): string {
  const now = ctx.now();
  const bt = {
    id: ctx.newId('txn'), object: 'balance_transaction', amount, available_on: now, balance_type: 'payments', created: now, currency,
    description: TXN_DESCRIPTIONS[type], exchange_rate: null, fee: 0, fee_details: [], net: amount,
    reporting_category: category ?? (type === 'payout' ? 'payout' : 'payout_reversal'), source, status: 'available', type,
  };
  ctx.insert(bt, { type, source, currency });
  return bt.id;
}

type PayoutFailureFinder = (bankAccountId: string) => { failure_code: string; failure_message: string } | null;

/**
 * pending/in_transit -> paid once the arrival date has passed on the simulator clock; or -> failed when the
 * destination is one of Stripe's failing test bank accounts (000111111116 no_account, 000111111113 account_closed,
 * 000222222227 insufficient_funds, 000333333335 debit_not_authorized, 000444444440 invalid_currency): the amount
 * comes back to the balance (a `payout_failure` balance transaction, the payout's failure_balance_transaction) and
 * `payout.failed` is emitted.
 */
function settle(ctx: RequestContext, po: PayoutObject): PayoutObject {
  if ((po.status === 'pending' || po.status === 'in_transit') && po.arrival_date <= ctx.now()) {
    const before = po.status;
    const failure = typeof po.destination === 'string' ? (ctx.sim.services.payoutFailureFor as PayoutFailureFinder | undefined)?.(po.destination) : null;
    if (failure) {
      po.status = 'failed';
      po.failure_code = failure.failure_code;
      po.failure_message = failure.failure_message;
      po.failure_balance_transaction = insertTxn(ctx, po.amount, po.currency, 'payout_failure', po.id);
      ctx.update(po, { status: po.status });
      ctx.emit('payout.failed', po, { previousAttributes: { status: before, failure_code: null, failure_message: null, failure_balance_transaction: null } });
      markBankErrored(ctx, po.destination as string);
      return po;
    }
    po.status = 'paid';
    ctx.update(po, { status: po.status });
    ctx.emit('payout.paid', po, { previousAttributes: { status: before } });
  }
  return po;
}

/**
 * The bank account object's documented `status`: "if a payout sent to this bank account fails, we'll set the status
 * to errored". The connected account hears `account.external_account.updated`.
 */
function markBankErrored(ctx: RequestContext, bankAccountId: string): void {
  const rec = ctx.store.get<StripeObject & { status?: string; account?: string }>(bankAccountId);
  if (!rec || rec.type !== 'bank_account' || rec.data.status === 'errored') return;
  const before = rec.data.status ?? null;
  const ba = { ...rec.data, status: 'errored' };
  ctx.store.update(bankAccountId, ba);
  ctx.emit('account.external_account.updated', ba, { account: rec.data.account ?? ctx.account, previousAttributes: { status: before } });
}

function create(ctx: RequestContext): PayoutObject {
  const q = ctx.params;
  const cur = validateCurrency(q.currency as string);
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'currency' });
  const amount = q.amount as number;
  if (ctx.account !== ctx.platformAccount) {
    const account = (ctx.sim.services.findConnectedAccount as ((id: string) => Stripe.Account | undefined) | undefined)?.(ctx.account);
    if (account && !account.payouts_enabled) {
      // The code is Stripe's (`payouts_not_allowed`); the message is the simulator's.
      throw invalidRequest(
        `Payouts are not enabled for account ${account.id}: check requirements.disabled_reason and requirements.currently_due (payouts_enabled is false).`,
        { code: 'payouts_not_allowed' },
      );
    }
  }
  const destination = (q.destination as string | undefined) ?? defaultBankAccount(ctx, cur.currency);
  if (!destination) {
    throw invalidRequest(`This account has no external account in ${cur.currency.toUpperCase()}. Add a bank account before creating a payout.`, {
      param: 'destination', code: 'no_external_account' as string,
    });
  }
  if (availableBalance(ctx, ctx.account, cur.currency) < amount) {
    throw invalidRequest(
      'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
      { code: 'balance_insufficient' },
    );
  }
  const instant = q.method === 'instant';
  const now = ctx.now();
  const id = `po_${randomString(24)}`;
  const po = {
    id, object: 'payout', amount, application_fee: null, application_fee_amount: null,
    arrival_date: instant ? now : arrivalDate(now), automatic: false, balance_transaction: insertTxn(ctx, -amount, cur.currency, 'payout', id),
    created: now, currency: cur.currency, description: (q.description as string | undefined) ?? null, destination,
    failure_balance_transaction: null, failure_code: null, failure_message: null, livemode: false, metadata: metadataFrom(undefined, q.metadata),
    method: instant ? 'instant' : 'standard', original_payout: null, payout_method: null, reconciliation_status: 'not_applicable',
    reversed_by: null, source_type: (q.source_type as string | undefined) ?? 'card', statement_descriptor: (q.statement_descriptor as string | undefined) ?? null,
    status: 'pending', trace_id: null, type: 'bank_account',
  } as unknown as PayoutObject;
  ctx.insert(po, { status: po.status });
  ctx.emit('payout.created', po);
  return instant ? settle(ctx, po) : po;
}

function load(ctx: RequestContext): PayoutObject {
  return settle(ctx, ctx.get<PayoutObject>(ctx.pathParams.id, 'payout'));
}

function update(ctx: RequestContext): PayoutObject {
  const po = load(ctx);
  if ('metadata' in ctx.params) {
    const before = po.metadata ?? {};
    po.metadata = metadataFrom(po.metadata ?? {}, ctx.params.metadata);
    ctx.update(po);
    // previous_attributes: the metadata keys that changed (null when new); nothing changed, no event
    const previous = previousAttributes({ metadata: before }, { metadata: po.metadata });
    if (Object.keys(previous).length > 0) ctx.emit('payout.updated', po, { previousAttributes: previous });
  }
  return po;
}

function cancel(ctx: RequestContext): PayoutObject {
  const po = load(ctx);
  if (po.status !== 'pending') {
    throw invalidRequest(`Payouts can only be canceled while they are pending. This payout has a status of ${po.status}.`, { code: 'payout_not_pending' as string });
  }
  po.status = 'canceled';
  po.failure_balance_transaction = insertTxn(ctx, po.amount, po.currency, 'payout_cancel', po.id);
  ctx.update(po, { status: po.status });
  ctx.emit('payout.canceled', po, { previousAttributes: { status: 'pending' } });
  return po;
}

/**
 * POST /v1/payouts/:id/reverse (Stripe's reference and "Payout reversals" guide): debits the destination bank account
 * through a new payout of the opposite amount (`original_payout`), linked from the original (`reversed_by`). Only
 * connected accounts' standard payouts to a US or Canadian bank account that have been paid, arrived less than 90 days
 * ago, and are not themselves reversals; a pending payout is canceled instead. The original hears `payout.updated`,
 * then the reversal `payout.created` (and `payout.paid` when it arrives, on the simulator clock). The amount comes
 * back to the balance at once (a `payout` balance transaction of +amount, reporting category `payout_reversal`).
 */
function reverse(ctx: RequestContext): PayoutObject {
  const po = load(ctx);
  if (ctx.account === ctx.platformAccount) {
    throw invalidRequest('You can only reverse payouts made by connected accounts: pass the connected account in the Stripe-Account header.');
  }
  if (po.status === 'pending') {
    throw invalidRequest(`Payout ${po.id} is still pending: use /v1/payouts/${po.id}/cancel instead.`, { code: 'payout_not_pending' as string });
  }
  if (po.reversed_by) throw invalidRequest(`Payout ${po.id} has already been reversed.`);
  if (po.original_payout) throw invalidRequest(`Payout ${po.id} is itself a payout reversal and can't be reversed.`);
  if (po.status !== 'paid') throw invalidRequest(`Only paid payouts can be reversed. This payout has a status of ${po.status}.`);
  if (po.method === 'instant') throw invalidRequest('Instant Payouts can\'t be reversed.');
  if (po.amount <= 0) throw invalidRequest('Debit payouts can\'t be reversed.');
  const bank = typeof po.destination === 'string' ? ctx.store.get<StripeObject & { country?: string }>(po.destination) : undefined;
  if (!bank || bank.type !== 'bank_account' || !['US', 'CA'].includes(bank.data.country ?? '')) {
    throw invalidRequest('Payout reversals are only available for payouts to US and Canadian bank accounts.');
  }
  if (po.arrival_date < ctx.now() - 90 * DAY) throw invalidRequest('Payouts that arrived more than 90 days ago can\'t be reversed.');
  const now = ctx.now();
  const id = `po_${randomString(24)}`;
  const reversal = {
    ...po, id, amount: -po.amount, arrival_date: arrivalDate(now), automatic: false,
    balance_transaction: insertTxn(ctx, po.amount, po.currency, 'payout', id, 'payout_reversal'), created: now,
    failure_balance_transaction: null, failure_code: null, failure_message: null,
    metadata: metadataFrom(undefined, ctx.params.metadata), original_payout: po.id, reversed_by: null, status: 'pending', trace_id: null,
  } as unknown as PayoutObject;
  ctx.insert(reversal, { status: reversal.status });
  const before = { reversed_by: null };
  po.reversed_by = id;
  ctx.update(po);
  ctx.emit('payout.updated', po, { previousAttributes: before });
  ctx.emit('payout.created', reversal);
  return reversal;
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  const res = ctx.list<PayoutObject>('payout', {
    where: { status: q.status as string | undefined },
    filter: (po) => (q.destination ? po.destination === q.destination : true)
      && matchesCreated(po.arrival_date, q.arrival_date as (RangeFilter & { eq?: number }) | undefined),
    created: (q.created as { gt?: number } | undefined) ?? null,
    url: '/v1/payouts',
  });
  return { ...res, data: res.data.map((po) => settle(ctx, po)) };
}

export const payoutRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/payouts', params: createSchema, handler: create },
  {
    method: 'GET', path: '/v1/payouts',
    params: { ...listParams, created: p.range(), arrival_date: p.range(), destination: p.string(), status: p.enumOf(['pending', 'paid', 'failed', 'canceled', 'in_transit']) },
    handler: list,
  },
  { method: 'GET', path: '/v1/payouts/:id', params: {}, handler: load },
  { method: 'POST', path: '/v1/payouts/:id', params: { metadata: p.metadata() }, handler: update },
  { method: 'POST', path: '/v1/payouts/:id/cancel', params: {}, handler: cancel },
  { method: 'POST', path: '/v1/payouts/:id/reverse', params: { metadata: p.metadata() }, handler: reverse },
];

/** Marks every arrived payout paid (clock advance), one transaction per account. */
function settleDue(sim: Simulator): void {
  forEachAccount(sim, '/_sim/clock/advance', (ctx) => {
    for (const status of ['pending', 'in_transit']) {
      for (const rec of sim.store.list<PayoutObject>({ account: ctx.account, type: 'payout', where: { status }, limit: 100 }).items) settle(ctx, rec.data);
    }
  });
}

export function registerPayouts(sim: Simulator): void {
  registerExpandable('payout', ['application_fee', 'balance_transaction', 'failure_balance_transaction', 'destination', 'original_payout', 'reversed_by']);
  for (const r of payoutRoutes) sim.route(r);
  sim.onClockAdvance(() => settleDue(sim));
}

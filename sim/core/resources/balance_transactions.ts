// BalanceTransactions: one per captured charge (amount, 2.9% + 30c fee, net) and one per refund (negative,
// no fee). Funds become available two days later (midnight UTC), or at once for the bypass-pending test cards.
// Status is derived from the simulator clock when rendered. Also GET /v1/balance (sums of the transactions).

import type Stripe from 'stripe';
import { cardFee } from '../money.ts';
import { withApplicationFee } from '../connect-money/index.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { p, listParams } from '../params.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';

export type BalanceTransactionObject = Stripe.BalanceTransaction & StripeObject;

const DAY = 86_400;

/** Available two days after creation, at midnight UTC. */
export function availableOn(created: number, immediate: boolean): number {
  if (immediate) return created;
  return Math.floor(created / DAY) * DAY + 2 * DAY;
}

/** Card-present (and Interac) charges are priced as in-person payments. */
function channelOf(charge: { payment_method_details?: { type?: string } | null }): 'online' | 'in_person' {
  const type = charge.payment_method_details?.type;
  return type === 'card_present' || type === 'interac_present' ? 'in_person' : 'online';
}

export function insertChargeTransaction(
  ctx: RequestContext,
  charge: {
    id: string; amount: number; currency: string; description: string | null; application_fee_amount?: number | null;
    payment_method_details?: { type?: string } | null;
  },
  opts: { immediate?: boolean } = {},
): BalanceTransactionObject {
  const created = ctx.now();
  // Direct charges also pay the platform's application fee (sim/core/connect-money).
  const { fee, net, fee_details } = withApplicationFee(ctx, charge, charge.currency, cardFee(charge.amount, charge.currency, channelOf(charge)));
  const on = availableOn(created, opts.immediate ?? false);
  const bt = {
    id: ctx.newId('txn'),
    object: 'balance_transaction',
    amount: charge.amount,
    available_on: on,
    balance_type: 'payments',
    created,
    currency: charge.currency,
    description: charge.description,
    exchange_rate: null,
    fee,
    fee_details,
    net,
    reporting_category: 'charge',
    source: charge.id,
    status: on <= created ? 'available' : 'pending',
    type: 'charge',
  } as unknown as BalanceTransactionObject;
  ctx.insert(bt, { type: 'charge', source: charge.id, currency: charge.currency });
  return bt;
}

export function insertRefundTransaction(
  ctx: RequestContext,
  refund: { id: string; amount: number; currency: string },
  chargeDescription: string | null,
): BalanceTransactionObject {
  const created = ctx.now();
  const bt = {
    id: ctx.newId('txn'),
    object: 'balance_transaction',
    amount: -refund.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: refund.currency,
    description: chargeDescription ? `REFUND FOR CHARGE (${chargeDescription})` : 'REFUND FOR CHARGE',
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: -refund.amount,
    reporting_category: 'refund',
    source: refund.id,
    status: 'available',
    type: 'refund',
  } as unknown as BalanceTransactionObject;
  ctx.insert(bt, { type: 'refund', source: refund.id, currency: refund.currency });
  return bt;
}

/** Status follows the clock: pending until available_on. */
export function withStatus(ctx: RequestContext, bt: BalanceTransactionObject): BalanceTransactionObject {
  const status = bt.available_on <= ctx.now() ? 'available' : 'pending';
  return bt.status === status ? bt : { ...bt, status };
}

const TYPES = [
  'adjustment', 'advance', 'advance_funding', 'anticipation_repayment', 'application_fee', 'application_fee_refund',
  'charge', 'climate_order_purchase', 'climate_order_refund', 'connect_collection_transfer', 'contribution',
  'issuing_authorization_hold', 'issuing_authorization_release', 'issuing_dispute', 'issuing_transaction',
  'obligation_outbound', 'obligation_reversal_inbound', 'payment', 'payment_failure_refund', 'payment_network_reserve_hold',
  'payment_network_reserve_release', 'payment_refund', 'payment_reversal', 'payment_unreconciled', 'payout',
  'payout_cancel', 'payout_failure', 'payout_minimum_balance_hold', 'payout_minimum_balance_release', 'refund',
  'refund_failure', 'reserve_transaction', 'reserved_funds', 'stripe_balance_payment_debit',
  'stripe_balance_payment_debit_reversal', 'stripe_fee', 'stripe_fx_fee', 'tax_fee', 'topup', 'topup_reversal',
  'transfer', 'transfer_cancel', 'transfer_failure', 'transfer_refund',
];

function retrieve(ctx: RequestContext): BalanceTransactionObject {
  return withStatus(ctx, ctx.get<BalanceTransactionObject>(ctx.pathParams.id, 'balance_transaction', { kind: 'balance transaction' }));
}

function list(ctx: RequestContext) {
  const params = ctx.params;
  if (typeof params.payout === 'string') {
    // Only automatic payouts can be itemised (Stripe's message); the simulator's payouts are all created through
    // the API (`automatic: false`).
    const payout = ctx.find<{ automatic: boolean }>(params.payout, 'payout');
    if (!payout) throw resourceMissing('payout', params.payout, 'payout');
    if (!payout.data.automatic) throw invalidRequest('Balance transaction history can only be filtered on automatic transfers, not manual.', { param: 'payout' });
  }
  const res = ctx.list<BalanceTransactionObject>('balance_transaction', {
    where: {
      type: (params.type as string | undefined) ?? undefined,
      source: (params.source as string | undefined) ?? undefined,
      currency: (params.currency as string | undefined)?.toLowerCase(),
    },
    created: (params.created as { gt?: number } | undefined) ?? null,
    url: '/v1/balance_transactions',
  });
  return { ...res, data: res.data.map((bt) => withStatus(ctx, bt)) };
}

/** An account's balance by currency: the net amounts of its balance transactions, available or still pending. */
function balancesOf(ctx: RequestContext, account: string): { available: Map<string, number>; pending: Map<string, number> } {
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  const now = ctx.now();
  let cursor: string | undefined;
  for (;;) {
    const page = ctx.store.list<BalanceTransactionObject>({ account, type: 'balance_transaction', limit: 100, startingAfter: cursor });
    for (const rec of page.items) {
      const bt = rec.data;
      const into = bt.available_on <= now ? available : pending;
      into.set(bt.currency, (into.get(bt.currency) ?? 0) + bt.net);
    }
    if (!page.hasMore || page.items.length === 0) break;
    cursor = page.items[page.items.length - 1].id;
  }
  return { available, pending };
}

/**
 * The platform's `connect_reserved`: what its connected accounts whose requirements it collects
 * (`controller.requirement_collection=application`, Custom accounts) owe through negative balances, per currency.
 * The simulator shows the amount; it does not take it out of the platform's available balance.
 */
function connectReserved(ctx: RequestContext): Map<string, number> {
  const reserved = new Map<string, number>();
  let cursor: string | undefined;
  for (;;) {
    const page = ctx.store.list<StripeObject & { controller?: { requirement_collection?: string | null } | null }>({
      account: ctx.platformAccount, type: 'account', limit: 100, startingAfter: cursor,
    });
    for (const rec of page.items) {
      if (rec.id === ctx.platformAccount || rec.data.controller?.requirement_collection !== 'application') continue;
      const { available, pending } = balancesOf(ctx, rec.id);
      for (const currency of new Set([...available.keys(), ...pending.keys()])) {
        const total = (available.get(currency) ?? 0) + (pending.get(currency) ?? 0);
        if (total < 0) reserved.set(currency, (reserved.get(currency) ?? 0) - total);
      }
    }
    if (!page.hasMore || page.items.length === 0) break;
    cursor = page.items[page.items.length - 1].id;
  }
  return reserved;
}

function balance(ctx: RequestContext) {
  const { available, pending } = balancesOf(ctx, ctx.account);
  const platform = ctx.account === ctx.platformAccount;
  const reserved = platform ? connectReserved(ctx) : new Map<string, number>();
  const currencies = new Set([...available.keys(), ...pending.keys(), ...reserved.keys(), 'usd']);
  const row = (m: Map<string, number>) =>
    [...currencies].sort().map((currency) => ({ amount: m.get(currency) ?? 0, currency, source_types: { card: m.get(currency) ?? 0 } }));
  return {
    object: 'balance',
    available: row(available),
    // Connect only: the platform's (Stripe's sample Balance shows [{amount: 0, currency: 'usd'}])
    ...(platform ? { connect_reserved: [...currencies].sort().map((currency) => ({ amount: reserved.get(currency) ?? 0, currency })) } : {}),
    livemode: false,
    pending: row(pending),
    refund_and_dispute_prefunding: { available: [], pending: [] },
  };
}

export const balanceTransactionRoutes: RouteDef[] = [
  { method: 'GET', path: '/v1/balance_transactions/:id', params: {}, handler: retrieve },
  {
    method: 'GET',
    path: '/v1/balance_transactions',
    params: { ...listParams, type: p.enumOf(TYPES), source: p.id(), currency: p.string(), created: p.range(), payout: p.id() },
    handler: list,
  },
  { method: 'GET', path: '/v1/balance', params: {}, handler: balance },
];

export function registerBalanceTransactions(sim: Simulator): void {
  registerExpandable('balance_transaction', ['source']);
  for (const r of balanceTransactionRoutes) sim.route(r);
}

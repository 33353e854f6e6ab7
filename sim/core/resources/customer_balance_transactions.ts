// Customer balance transactions (`cbtxn_`): POST/GET /v1/customers/:id/balance_transactions[/:txn]. Creating one
// moves the customer's `balance` by `amount` (negative = credit, positive = debit) and records `ending_balance`; its
// currency must be the customer's `currency`, which it sets when the customer has none yet. The customer hears
// `customer.updated` with `previous_attributes` (`balance`, and `currency` when it was set). Only `description` and
// `metadata` can be updated. Balance transactions have no events of their own (Stripe has no such event type).

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { validateCurrency } from '../money.ts';
import { createdFilter, listParams, metadataFrom, p, saveUpdate, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';

export type CustomerBalanceTransactionObject = Stripe.CustomerBalanceTransaction & StripeObject;
type CustomerObject = Stripe.Customer & StripeObject;

const KIND = 'customer balance transaction';

const createParams: Schema = {
  amount: p.integer({ required: true }),
  currency: p.string({ required: true }),
  description: p.string({ maxLength: 350 }),
  metadata: p.metadata(),
};

const updateParams: Schema = { description: p.string({ maxLength: 350 }), metadata: p.metadata() };

const listSchema: Schema = { ...listParams, created: p.range(), invoice: p.id() };

function customerOf(ctx: RequestContext): CustomerObject {
  return ctx.get<CustomerObject>(ctx.pathParams.id, 'customer', { kind: 'customer' });
}

/**
 * Adds an `adjustment` of `amount` to the customer's balance (also used when a customer's `balance` is set directly
 * through the Customers API). Returns the transaction and the updated customer; emits `customer.updated`.
 */
export function addBalanceTransaction(
  ctx: RequestContext, customer: CustomerObject, amount: number, currency: string,
  opts: { description?: string | null; metadata?: Record<string, string>; param?: string } = {},
): { txn: CustomerBalanceTransactionObject; customer: CustomerObject } {
  if (customer.currency && customer.currency !== currency) {
    // Stripe's wording for mixing currencies on one customer.
    throw invalidRequest(
      `Can't combine currencies on a single customer. This customer has had a subscription, coupon, or invoice item with currency ${customer.currency}.`,
      { param: opts.param ?? 'currency' },
    );
  }
  const after: CustomerObject = { ...customer, balance: customer.balance + amount, currency };
  const txn = {
    id: ctx.newId('cbtxn'),
    object: 'customer_balance_transaction',
    amount,
    checkout_session: null,
    created: ctx.now(),
    credit_note: null,
    currency,
    customer: customer.id,
    customer_account: null,
    description: opts.description ?? null,
    ending_balance: after.balance,
    invoice: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: 'adjustment',
  } as CustomerBalanceTransactionObject;
  ctx.insert(txn, { customer: customer.id, invoice: null });
  saveUpdate(ctx, customer, after, 'customer.updated');
  return { txn, customer: after };
}

function create(ctx: RequestContext): CustomerBalanceTransactionObject {
  const q = ctx.params;
  const customer = customerOf(ctx);
  const cur = validateCurrency(q.currency as string);
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'currency' });
  return addBalanceTransaction(ctx, customer, q.amount as number, cur.currency, {
    description: (q.description as string | null | undefined) ?? null,
    metadata: metadataFrom(undefined, q.metadata),
  }).txn;
}

function load(ctx: RequestContext): CustomerBalanceTransactionObject {
  const customer = customerOf(ctx);
  const id = ctx.pathParams.txn;
  const rec = ctx.find<CustomerBalanceTransactionObject>(id, 'customer_balance_transaction');
  if (!rec || rec.data.customer !== customer.id) throw resourceMissing(KIND, id);
  return rec.data;
}

function update(ctx: RequestContext): CustomerBalanceTransactionObject {
  const before = load(ctx);
  const q = ctx.params;
  const after: CustomerBalanceTransactionObject = { ...before };
  if ('description' in q) after.description = (q.description as string | null) ?? null;
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata ?? undefined, q.metadata);
  ctx.update(after);
  return after;
}

function list(ctx: RequestContext) {
  const customer = customerOf(ctx);
  return ctx.list<CustomerBalanceTransactionObject>('customer_balance_transaction', {
    where: { customer: customer.id, invoice: (ctx.params.invoice as string | undefined) ?? undefined },
    created: createdFilter(ctx.params.created),
    url: `/v1/customers/${customer.id}/balance_transactions`,
    kind: KIND,
  });
}

export function registerCustomerBalanceTransactions(sim: Simulator): void {
  registerExpandable('customer_balance_transaction', ['customer', 'invoice', 'credit_note', 'checkout_session']);
  sim.services.addCustomerBalanceTransaction = addBalanceTransaction;
  sim.route({ method: 'POST', path: '/v1/customers/:id/balance_transactions', params: createParams, handler: create });
  sim.route({ method: 'GET', path: '/v1/customers/:id/balance_transactions', params: listSchema, handler: list });
  sim.route({ method: 'GET', path: '/v1/customers/:id/balance_transactions/:txn', params: {}, handler: load });
  sim.route({ method: 'POST', path: '/v1/customers/:id/balance_transactions/:txn', params: updateParams, handler: update });
}

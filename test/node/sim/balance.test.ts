// Balance transactions and fees: 2.9% + 30 cents per card charge ($10.00 -> $0.59 fee, $9.41 net), refunds
// negative, pending until available_on (the simulator clock), list filters, and the balance.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

async function chargeTxn(amount: number, pm = 'pm_card_visa'): Promise<Stripe.BalanceTransaction> {
  const pi = await stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: pm, confirm: true, capture_method: 'automatic' });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
  return charge.balance_transaction as Stripe.BalanceTransaction;
}

test('a $10.00 card payment pays a $0.59 fee and nets $9.41', async () => {
  const bt = await chargeTxn(1000);
  assert.match(bt.id, /^txn_/);
  assert.equal(bt.object, 'balance_transaction');
  assert.equal(bt.type, 'charge');
  assert.equal(bt.reporting_category, 'charge');
  assert.equal(bt.amount, 1000);
  assert.equal(bt.fee, 59);
  assert.equal(bt.net, 941);
  assert.equal(bt.currency, 'usd');
  assert.deepEqual(bt.fee_details, [{ amount: 59, application: null, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' }]);
  assert.equal(bt.status, 'pending');
  assert.ok(bt.available_on > bt.created);
});

test('fees follow 2.9% + 30c for other amounts', async () => {
  assert.equal((await chargeTxn(2000)).fee, 88);
  assert.equal((await chargeTxn(5000)).fee, 175);
});

test('funds become available after available_on (advancing the simulator clock)', async () => {
  const bt = await chargeTxn(1500);
  server.sim.advanceClock(3 * 86_400);
  const later = await stripe.balanceTransactions.retrieve(bt.id);
  assert.equal(later.status, 'available');
});

test('the bypass-pending card is available at once', async () => {
  const bt = await chargeTxn(1000, 'pm_card_bypassPending');
  assert.equal(bt.status, 'available');
  assert.equal(bt.available_on, bt.created);
});

test('list by type and source; refunds are negative', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
  const refunds = await stripe.balanceTransactions.list({ type: 'refund' });
  assert.ok(refunds.data.length >= 1);
  assert.ok(refunds.data.every((t) => t.type === 'refund' && t.amount < 0));
  const bySource = await stripe.balanceTransactions.list({ source: refund.id });
  assert.equal(bySource.data[0].amount, -1000);
  const charges = await stripe.balanceTransactions.list({ type: 'charge', limit: 100 });
  assert.ok(charges.data.every((t) => t.type === 'charge'));
  const bad = await stripe.balanceTransactions.list({ type: 'nonsense' }).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((bad as Stripe.errors.StripeError).param, 'type');
});

test('GET /v1/balance sums available and pending funds per currency', async () => {
  const before = await stripe.balance.retrieve();
  const pending = (b: Stripe.Balance) => b.pending.find((x) => x.currency === 'usd')?.amount ?? 0;
  await chargeTxn(1000);
  const after = await stripe.balance.retrieve();
  assert.equal(after.object, 'balance');
  assert.equal(pending(after) - pending(before), 941);
});

test('unknown balance transaction ids are resource_missing', async () => {
  const err = await stripe.balanceTransactions.retrieve('txn_nothere').catch((e: Stripe.errors.StripeError) => e);
  assert.equal((err as Stripe.errors.StripeError).statusCode, 404);
});

// Balances per account and payouts: a connected account's funds from a destination charge become available with
// the simulator clock and can be paid out to its bank account; payouts debit the balance, arrive the next
// business day (payout.paid), and can be canceled while pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount as onboard } from '../helpers/connect.ts';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

const usd = (b: Stripe.Balance, k: 'available' | 'pending') => b[k].find((x) => x.currency === 'usd')?.amount ?? 0;

const landlord = () => onboard(stripe);

test('connected account: pending funds become available, then a payout to its bank account', async () => {
  const acct = await landlord();
  const opts = { stripeAccount: acct };
  await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    application_fee_amount: 123, transfer_data: { destination: acct },
  });
  let balance = await stripe.balance.retrieve({}, opts);
  assert.equal(usd(balance, 'pending'), 877);
  assert.equal(usd(balance, 'available'), 0);
  await assert.rejects(stripe.payouts.create({ amount: 877, currency: 'usd' }, opts), (e: Stripe.errors.StripeError) => e.code === 'balance_insufficient');
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3 * 86_400 });
  balance = await stripe.balance.retrieve({}, opts);
  assert.equal(usd(balance, 'available'), 877);
  const payout = await stripe.payouts.create({ amount: 800, currency: 'usd', metadata: { week: '47' } }, opts);
  assert.match(payout.id, /^po_/);
  assert.equal(payout.status, 'pending');
  assert.match(payout.destination as string, /^ba_/);
  assert.ok(payout.arrival_date > payout.created);
  const bt = await stripe.balanceTransactions.retrieve(payout.balance_transaction as string, {}, opts);
  assert.equal(bt.type, 'payout');
  assert.equal(bt.net, -800);
  balance = await stripe.balance.retrieve({}, opts);
  assert.equal(usd(balance, 'available'), 77);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 4 * 86_400 });
  const paid = await stripe.payouts.retrieve(payout.id, {}, opts);
  assert.equal(paid.status, 'paid');
  const events = await stripe.events.list({ type: 'payout.paid', limit: 10 }, opts);
  assert.ok(events.data.some((e) => (e.data.object as Stripe.Payout).id === payout.id));
  await assert.rejects(stripe.payouts.cancel(payout.id, {}, opts), /only be canceled while they are pending/);
  const listed = await stripe.payouts.list({ status: 'paid' }, opts);
  assert.deepEqual(listed.data.map((p) => p.id), [payout.id]);
});

test('platform: payouts from available funds, cancel credits the balance back', async () => {
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' });
  const before = usd(await stripe.balance.retrieve(), 'available');
  const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd' });
  assert.equal(usd(await stripe.balance.retrieve(), 'available'), before - 1000);
  const canceled = await stripe.payouts.cancel(payout.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(usd(await stripe.balance.retrieve(), 'available'), before);
  const instant = await stripe.payouts.create({ amount: 500, currency: 'usd', method: 'instant' });
  assert.equal(instant.status, 'paid');
  await assert.rejects(stripe.payouts.retrieve('po_missing'), /No such payout: 'po_missing'/);
});

// Connect: updating transfer reversals and application fee refunds, and reversing a connected account's payout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount } from '../helpers/connect.ts';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

async function destinationCharge(acct: string) {
  return stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    application_fee_amount: 123, transfer_data: { destination: acct }, expand: ['latest_charge'],
  });
}

test('transfers.updateReversal changes metadata only; retrieveReversal sees it', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await destinationCharge(acct);
  const transfer = (pi.latest_charge as Stripe.Charge).transfer as string;
  const rev = await stripe.transfers.createReversal(transfer, { amount: 100, metadata: { a: '1' } });
  const updated = await stripe.transfers.updateReversal(transfer, rev.id, { metadata: { a: '', b: '2' } });
  assert.deepEqual(updated.metadata, { b: '2' });
  assert.equal(updated.amount, 100);
  assert.deepEqual((await stripe.transfers.retrieveReversal(transfer, rev.id)).metadata, { b: '2' });
  await assert.rejects(stripe.transfers.updateReversal(transfer, rev.id, { amount: 5 } as Stripe.TransferUpdateReversalParams),
    (e: Stripe.errors.StripeError) => e.code === 'parameter_unknown' && e.param === 'amount');
  await assert.rejects(stripe.transfers.updateReversal(transfer, 'trr_missing', { metadata: { x: '1' } }),
    (e: Stripe.errors.StripeError) => e.statusCode === 404 && e.code === 'resource_missing');
});

test('applicationFees.updateRefund changes metadata and emits application_fee.refund.updated', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await destinationCharge(acct);
  const fee = (pi.latest_charge as Stripe.Charge).application_fee as string;
  const fr = await stripe.applicationFees.createRefund(fee, { amount: 23 });
  const updated = await stripe.applicationFees.updateRefund(fee, fr.id, { metadata: { reason: 'promo' } });
  assert.deepEqual(updated.metadata, { reason: 'promo' });
  assert.deepEqual((await stripe.applicationFees.retrieveRefund(fee, fr.id)).metadata, { reason: 'promo' });
  const events = (await stripe.events.list({ type: 'application_fee.refund.updated' })).data.filter((e) => (e.data.object as { id: string }).id === fr.id);
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].data.previous_attributes, { metadata: { reason: null } });
  await assert.rejects(stripe.applicationFees.updateRefund(fee, fr.id, { amount: 1 } as Stripe.ApplicationFeeUpdateRefundParams),
    (e: Stripe.errors.StripeError) => e.code === 'parameter_unknown');
});

test('payouts.reverse: only paid payouts of connected accounts; creates the reversing payout and links both', async () => {
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  await destinationCharge(acct);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3 * 86_400 });
  const payout = await stripe.payouts.create({ amount: 800, currency: 'usd' }, opts);
  await assert.rejects(stripe.payouts.reverse(payout.id, {}, opts), (e: Stripe.errors.StripeError) =>
    e instanceof Stripe.errors.StripeInvalidRequestError && /cancel/.test(e.message));
  await sim.control('POST', '/_sim/clock/advance', { seconds: 4 * 86_400 });
  assert.equal((await stripe.payouts.retrieve(payout.id, {}, opts)).status, 'paid');
  const balanceBefore = (await stripe.balance.retrieve({}, opts)).available.find((b) => b.currency === 'usd')?.amount ?? 0;

  const reversal = await stripe.payouts.reverse(payout.id, { metadata: { why: 'wrong account' } }, opts);
  assert.match(reversal.id, /^po_/);
  assert.notEqual(reversal.id, payout.id);
  assert.equal(reversal.amount, -800);
  assert.equal(reversal.original_payout, payout.id);
  assert.equal(reversal.reversed_by, null);
  assert.equal(reversal.status, 'pending');
  assert.equal(reversal.destination, payout.destination);
  assert.deepEqual(reversal.metadata, { why: 'wrong account' });
  const original = await stripe.payouts.retrieve(payout.id, { expand: ['reversed_by'] }, opts);
  assert.equal((original.reversed_by as Stripe.Payout).id, reversal.id);
  const balanceAfter = (await stripe.balance.retrieve({}, opts)).available.find((b) => b.currency === 'usd')?.amount ?? 0;
  assert.equal(balanceAfter, balanceBefore + 800);

  await assert.rejects(stripe.payouts.reverse(payout.id, {}, opts), (e: Stripe.errors.StripeError) => /already been reversed/.test(e.message));
  await assert.rejects(stripe.payouts.reverse(reversal.id, {}, opts), (e: Stripe.errors.StripeError) => e.statusCode === 400);

  const events = await stripe.events.list({ limit: 10 }, opts);
  const updated = events.data.find((e) => e.type === 'payout.updated' && (e.data.object as Stripe.Payout).id === payout.id);
  assert.deepEqual(updated?.data.previous_attributes, { reversed_by: null });
  assert.ok(events.data.find((e) => e.type === 'payout.created' && (e.data.object as Stripe.Payout).id === reversal.id));

  await sim.control('POST', '/_sim/clock/advance', { seconds: 4 * 86_400 });
  assert.equal((await stripe.payouts.retrieve(reversal.id, {}, opts)).status, 'paid');

  // Without the Stripe-Account header the platform does not see the connected account's payout.
  await assert.rejects(stripe.payouts.reverse(payout.id), (e: Stripe.errors.StripeError) => e.statusCode === 404 && e.code === 'resource_missing');
});

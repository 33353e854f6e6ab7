// Refunds through the official SDK: full and partial, by charge or PaymentIntent, never beyond the charge,
// not on an authorization; charge fields, balance transactions and events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';
import { stripeError as fails } from '../helpers/sim.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const pay = (amount = 1000, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', ...extra });

test('a full refund by payment_intent refunds the charge with a negative balance transaction', async () => {
  const pi = await pay(1000);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', metadata: { ticket: '7' } }, {});
  assert.match(refund.id, /^re_/);
  assert.equal(refund.object, 'refund');
  assert.equal(refund.amount, 1000);
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.charge, pi.latest_charge);
  assert.equal(refund.payment_intent, pi.id);
  assert.equal(refund.reason, 'requested_by_customer');
  assert.deepEqual(refund.metadata, { ticket: '7' });
  const bt = await stripe.balanceTransactions.retrieve(refund.balance_transaction as string);
  assert.equal(bt.type, 'refund');
  assert.equal(bt.amount, -1000);
  assert.equal(bt.net, -1000);
  assert.equal(bt.fee, 0);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(charge.refunded, true);
  assert.equal(charge.amount_refunded, 1000);
});

test('partial refunds add up; beyond the charge is refused on param amount; a refunded charge is charge_already_refunded', async () => {
  const pi = await pay(1000);
  const chargeId = pi.latest_charge as string;
  await stripe.refunds.create({ charge: chargeId, amount: 300 });
  const mid = await stripe.charges.retrieve(chargeId);
  assert.equal(mid.amount_refunded, 300);
  assert.equal(mid.refunded, false);
  const tooMuch = await fails(stripe.refunds.create({ charge: chargeId, amount: 701 }));
  assert.ok(tooMuch instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(tooMuch.param, 'amount');
  assert.equal(tooMuch.code, undefined);
  assert.equal(tooMuch.message, 'Refund amount ($7.01) is greater than unrefunded amount on charge ($7.00)');
  await stripe.refunds.create({ charge: chargeId, amount: 700 });
  const full = await stripe.charges.retrieve(chargeId);
  assert.equal(full.refunded, true);
  const again = await fails(stripe.refunds.create({ charge: chargeId }));
  assert.equal(again.code, 'charge_already_refunded');
  assert.equal(again.message, `Charge ${chargeId} has already been refunded.`);
  const list = await stripe.refunds.list({ charge: chargeId });
  assert.deepEqual(list.data.map((r) => r.amount), [700, 300]);
});

test('more than the payment on the first refund names the charge amount', async () => {
  const pi = await pay(1000);
  const err = await fails(stripe.refunds.create({ payment_intent: pi.id, amount: 1001 }));
  assert.equal(err.param, 'amount');
  assert.equal(err.message, 'Refund amount ($10.01) is greater than charge amount ($10.00)');
});

test('an uncaptured authorization cannot be refunded: cancel the PaymentIntent instead', async () => {
  const pi = await pay(1000, { capture_method: 'manual' });
  const err = await fails(stripe.refunds.create({ payment_intent: pi.id }));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.code, undefined);
  assert.match(err.message, /cancel the PaymentIntent/);
});

test('a partially captured payment refunds at most what was captured', async () => {
  const pi = await pay(1000, { capture_method: 'manual' });
  await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 600 });
  const err = await fails(stripe.refunds.create({ payment_intent: pi.id, amount: 601 }));
  assert.equal(err.param, 'amount');
  const ok = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(ok.amount, 600);
});

test('refund needs a charge or a payment_intent; unknown ids are resource_missing', async () => {
  const none = await fails(stripe.refunds.create({}));
  assert.equal(none.statusCode, 400);
  const missing = await fails(stripe.refunds.create({ charge: 'ch_nothere' }));
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.statusCode, 404);
  const reason = await fails(stripe.refunds.create({ charge: 'ch_nothere', reason: 'because' as 'duplicate' }));
  assert.equal(reason.param, 'reason');
});

test('refunds emit charge.refunded and refund.created; retrieve, update metadata and list by payment_intent', async () => {
  const pi = await pay(2000);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  const types = (await stripe.events.list({ limit: 5 })).data.map((e) => e.type);
  assert.ok(types.includes('charge.refunded'));
  assert.ok(types.includes('refund.created'));
  const got = await stripe.refunds.retrieve(refund.id, { expand: ['charge'] });
  assert.equal((got.charge as Stripe.Charge).amount_refunded, 500);
  const up = await stripe.refunds.update(refund.id, { metadata: { reason: 'damaged' } });
  assert.equal(up.metadata?.reason, 'damaged');
  const list = await stripe.refunds.list({ payment_intent: pi.id });
  assert.deepEqual(list.data.map((r) => r.id), [refund.id]);
  const cancel = await fails(stripe.refunds.cancel(refund.id));
  assert.equal(cancel.statusCode, 400);
});

test('the refund-failure card: the refund starts succeeded, then fails and the money comes back', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_refundFail', confirm: true, capture_method: 'automatic' });
  const refund = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(refund.status, 'succeeded');
  await new Promise((r) => setTimeout(r, 700));
  const failed = await stripe.refunds.retrieve(refund.id);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure_reason, 'expired_or_canceled_card');
  const bt = await stripe.balanceTransactions.retrieve(failed.failure_balance_transaction as string);
  assert.equal(bt.type, 'refund_failure');
  assert.equal(bt.amount, 1500);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(charge.amount_refunded, 0);
  assert.equal(charge.refunded, false);
  const types = (await stripe.events.list({ limit: 10 })).data.map((e) => e.type);
  assert.ok(types.includes('charge.refund.updated'));
  assert.ok(types.includes('refund.failed'));
});

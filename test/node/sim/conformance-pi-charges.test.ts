// Conformance of Charges with Stripe's API reference: list filters (customer, payment_intent, transfer_group,
// created), the fields a charge carries per test card (outcome, payment_method_details.card), update.
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

const pay = (extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...extra });

test('charges list filters by transfer_group (a documented list parameter)', async () => {
  const a = await pay({ transfer_group: 'ORDER_A' });
  await pay({ transfer_group: 'ORDER_B' });
  await pay();
  const only = await stripe.charges.list({ transfer_group: 'ORDER_A' });
  assert.deepEqual(only.data.map((c) => c.id), [a.latest_charge]);
  assert.equal(only.data[0].transfer_group, 'ORDER_A');
  assert.equal((await stripe.charges.list({ transfer_group: 'NONE' })).data.length, 0);
});

test('charges.capture captures a PaymentIntent charge in part: the PaymentIntent succeeds with amount_received', async () => {
  const pi = await pay({ amount: 2000, capture_method: 'manual' });
  const chargeId = pi.latest_charge as string;
  const over = await stripe.charges.capture(chargeId, { amount: 2001 }).then(() => assert.fail('expected an error'), (e: Stripe.errors.StripeError) => e);
  assert.ok(over instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(over.code, 'amount_too_large');
  assert.equal(over.param, 'amount');
  const charge = await stripe.charges.capture(chargeId, { amount: 1500 });
  assert.equal(charge.captured, true);
  assert.equal(charge.amount_captured, 1500);
  assert.equal(charge.amount_refunded, 500);
  assert.match(String(charge.balance_transaction), /^txn_/);
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.status, 'succeeded');
  assert.equal(after.amount_received, 1500);
  assert.equal(after.amount_capturable, 0);
  const again = await stripe.charges.capture(chargeId).then(() => assert.fail('expected an error'), (e: Stripe.errors.StripeError) => e);
  assert.equal(again.code, 'charge_already_captured');
  assert.equal(again.message, `Charge ${chargeId} has already been captured.`);
});

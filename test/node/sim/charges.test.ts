// Charges created by confirmations: fields, outcome, payment_method_details, retrieve, list and update.
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

test('a successful confirmation creates a captured, paid charge with outcome and card details', async () => {
  const customer = await stripe.customers.create();
  const pi = await stripe.paymentIntents.create({
    amount: 1234, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    description: 'Two mugs', receipt_email: 'jenny@example.com', metadata: { order: '9' },
  });
  const ch = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(ch.object, 'charge');
  assert.equal(ch.amount, 1234);
  assert.equal(ch.amount_captured, 1234);
  assert.equal(ch.amount_refunded, 0);
  assert.equal(ch.captured, true);
  assert.equal(ch.paid, true);
  assert.equal(ch.refunded, false);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.currency, 'usd');
  assert.equal(ch.customer, customer.id);
  assert.equal(ch.payment_intent, pi.id);
  assert.equal(ch.payment_method, pi.payment_method);
  assert.equal(ch.description, 'Two mugs');
  assert.equal(ch.receipt_email, 'jenny@example.com');
  assert.deepEqual(ch.metadata, { order: '9' });
  assert.equal(ch.failure_code, null);
  assert.deepEqual(
    { network_status: ch.outcome?.network_status, type: ch.outcome?.type, risk_level: ch.outcome?.risk_level, seller_message: ch.outcome?.seller_message, reason: ch.outcome?.reason },
    { network_status: 'approved_by_network', type: 'authorized', risk_level: 'normal', seller_message: 'Payment complete.', reason: null },
  );
  const card = ch.payment_method_details?.card;
  assert.equal(ch.payment_method_details?.type, 'card');
  assert.equal(card?.brand, 'visa');
  assert.equal(card?.last4, '4242');
  assert.equal(card?.checks?.cvc_check, 'pass');
  assert.equal(card?.network, 'visa');
  assert.equal(card?.three_d_secure, null);
  assert.match(ch.balance_transaction as string, /^txn_/);
  assert.equal(ch.livemode, false);
});

test('elevated risk cards are paid with an elevated outcome', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_riskLevelElevated', confirm: true });
  const ch = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(ch.status, 'succeeded');
  assert.equal(ch.outcome?.risk_level, 'elevated');
});

test('issuer declines have an issuer_declined outcome naming the decline code', async () => {
  const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true }).catch((e: Stripe.errors.StripeCardError) => e);
  const ch = await stripe.charges.retrieve((err as Stripe.errors.StripeCardError & { raw: { charge: string } }).raw.charge);
  assert.equal(ch.outcome?.type, 'issuer_declined');
  assert.equal(ch.outcome?.network_status, 'declined_by_network');
  assert.equal(ch.outcome?.reason, 'insufficient_funds');
  assert.equal(ch.failure_message, 'Your card has insufficient funds.');
});

test('update sets description and metadata and emits charge.updated', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' });
  const ch = await stripe.charges.update(pi.latest_charge as string, { description: 'updated', metadata: { k: 'v' } });
  assert.equal(ch.description, 'updated');
  assert.equal(ch.metadata.k, 'v');
  const ev = (await stripe.events.list({ type: 'charge.updated', limit: 1 })).data[0];
  assert.equal((ev.data.object as Stripe.Charge).id, ch.id);
  assert.equal((ev.data.previous_attributes as { description: string | null }).description, null);
});

test('list by customer and payment_intent, newest first; unknown charges are resource_missing', async () => {
  const customer = await stripe.customers.create();
  const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  const b = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  const byCustomer = await stripe.charges.list({ customer: customer.id });
  assert.deepEqual(byCustomer.data.map((c) => c.payment_intent), [b.id, a.id]);
  const byPi = await stripe.charges.list({ payment_intent: a.id });
  assert.equal(byPi.data.length, 1);
  const missing = await stripe.charges.retrieve('ch_nothere').catch((e: Stripe.errors.StripeError) => e);
  assert.equal((missing as Stripe.errors.StripeError).code, 'resource_missing');
  assert.equal((missing as Stripe.errors.StripeError).message, "No such charge: 'ch_nothere'");
});

test('expand latest_charge.balance_transaction on a PaymentIntent', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' });
  const got = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction'] });
  const bt = (got.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
  assert.equal(bt.fee, 59);
});

test('charge.refunds is left out unless expanded, then lists the refunds', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  const plain = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal('refunds' in plain, false);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
  assert.equal(charge.refunds?.object, 'list');
  assert.deepEqual(charge.refunds?.data.map((r) => r.id), [refund.id]);
  assert.equal(charge.refunds?.url, `/v1/charges/${charge.id}/refunds`);
  const viaIntent = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.refunds'] });
  assert.equal((viaIntent.latest_charge as Stripe.Charge).refunds?.data[0].amount, 500);
});

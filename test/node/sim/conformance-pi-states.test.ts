// Conformance of PaymentIntent state errors with what Stripe answers (messages as the API returns them, quoted in
// Stripe users' reports and the API reference): cancel, capture, increment_authorization.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';
import { stripeError as rejects } from '../helpers/sim.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

test('cancel after success names exactly the statuses Stripe lists', async () => {
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const err = await rejects(stripe.paymentIntents.cancel(paid.id));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.equal(
    err.message,
    'You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
  );
  assert.equal(err.payment_intent?.id, paid.id);
  const canceled = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  await stripe.paymentIntents.cancel(canceled.id);
  const again = await rejects(stripe.paymentIntents.cancel(canceled.id));
  assert.match(again.message, /^You cannot cancel this PaymentIntent because it has a status of canceled\. Only a PaymentIntent/);
});

test('increment_authorization raises amount and amount_capturable of an eligible uncaptured PaymentIntent', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual',
    payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
    expand: ['latest_charge'],
  });
  assert.equal(pi.status, 'requires_capture');
  assert.equal((pi.latest_charge as Stripe.Charge).payment_method_details?.card?.incremental_authorization?.status, 'available');
  assert.equal(pi.payment_method_options?.card?.request_incremental_authorization, 'if_available');
  const down = await rejects(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1000 }));
  assert.ok(down instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(down.param, 'amount');
  const up = await stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1500, metadata: { step: 'tip' } });
  assert.equal(up.amount, 1500);
  assert.equal(up.amount_capturable, 1500);
  assert.equal(up.status, 'requires_capture');
  assert.equal(up.metadata.step, 'tip');
  const charge = await stripe.charges.retrieve(up.latest_charge as string);
  assert.equal(charge.amount, 1500);
  assert.equal(charge.payment_method_details?.card?.amount_authorized, 1500);
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.amount_received, 1500);
  const after = await rejects(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 2000 }));
  assert.equal(after.code, 'payment_intent_unexpected_state');
  const events = await stripe.events.list({ type: 'payment_intent.amount_capturable_updated', limit: 100 });
  assert.ok(events.data.some((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id && (e.data.object as Stripe.PaymentIntent).amount_capturable === 1500));
});

test('increment_authorization is refused when the authorization was not requested as incrementable', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', expand: ['latest_charge'] });
  assert.equal((pi.latest_charge as Stripe.Charge).payment_method_details?.card?.incremental_authorization?.status, 'unavailable');
  const err = await rejects(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1500 }));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.payment_intent?.id, pi.id);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).amount, 1000);
  const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const state = await rejects(stripe.paymentIntents.incrementAuthorization(open.id, { amount: 1500 }));
  assert.equal(state.code, 'payment_intent_unexpected_state');
  const bad = await rejects(stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method_options: { card: { request_incremental_authorization: 'sometimes' as 'if_available' } },
  }));
  assert.equal(bad.param, 'payment_method_options[card][request_incremental_authorization]');
});

test('increment_authorization: at most 10 increments per PaymentIntent, the 11th is refused and changes nothing', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual',
    payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
  });
  for (let i = 1; i <= 10; i++) assert.equal((await stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1000 + i * 100 })).amount, 1000 + i * 100);
  const err = await rejects(stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 5000 }));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.equal(err.payment_intent?.id, pi.id);
  const same = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(same.amount, 2000);
  assert.equal(same.amount_capturable, 2000);
});

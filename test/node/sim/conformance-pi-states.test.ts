// Conformance of PaymentIntent state errors with what Stripe answers (messages as the API returns them, quoted in
// Stripe users' reports and the API reference): cancel, capture, increment_authorization.
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

async function rejects(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return p.then(() => assert.fail('expected an error'), (e: unknown) => e as Stripe.errors.StripeError);
}

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

// POST /v1/confirmation_tokens, the endpoint Stripe.js's createConfirmationToken calls with the publishable key (the
// simulator's shim sends the PaymentMethod its card iframe made), and POST /v1/tokens with the publishable key (the
// shim's createToken): what each key may do, unknown parameters, and the tokens at work through the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { stripeError, useTestSim } from '../helpers/sim.ts';
import { encodeForm } from '../../../sim/browser/shared/api.ts';

const { sim, stripe } = useTestSim({ store: 'memory' });

/** A request as Stripe.js sends it: publishable key, form body. */
async function asStripeJs(path: string, params: Record<string, unknown>, key = sim.keys.publishable): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sim.request('POST', path, { body: encodeForm(params), headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A card PaymentMethod made with the publishable key, as the card iframe makes it. */
async function iframePaymentMethod(number: string, billing: Record<string, unknown> = {}): Promise<string> {
  const r = await asStripeJs('/v1/payment_methods', { type: 'card', card: { number, exp_month: '12', exp_year: '2034', cvc: '123' }, billing_details: billing });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id as string;
}

test('the publishable key creates a ConfirmationToken from a PaymentMethod, with use_stripe_sdk and what Stripe.js sends', async () => {
  const pm = await iframePaymentMethod('4242424242424242', { name: 'Jenny Rosen', address: { postal_code: '42424', country: 'US' } });
  const r = await asStripeJs('/v1/confirmation_tokens', {
    payment_method: pm,
    return_url: 'https://shop.example/return',
    shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', city: 'Springfield', country: 'US', postal_code: '42424' } },
    metadata: { order: '6735' },
    setup_future_usage: 'off_session',
    payment_user_agent: 'stripe.js/simulator',
    key: sim.keys.publishable,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const token = r.body as unknown as Stripe.ConfirmationToken;
  assert.match(token.id, /^ctoken_/);
  assert.equal(token.object, 'confirmation_token');
  assert.equal(token.use_stripe_sdk, true);
  assert.equal(token.return_url, 'https://shop.example/return');
  assert.equal(token.setup_future_usage, 'off_session');
  assert.deepEqual(token.metadata, { order: '6735' });
  assert.equal(token.shipping?.address.line1, '1 Main St');
  assert.equal(token.expires_at, token.created + 12 * 3600);
  assert.equal(token.payment_method_preview?.type, 'card');
  assert.equal(token.payment_method_preview?.card?.last4, '4242');
  assert.equal(token.payment_method_preview?.billing_details.name, 'Jenny Rosen');
  assert.ok(!JSON.stringify(token).includes('4242424242424242'));
  // The server retrieves it with the secret key and confirms with it.
  const retrieved = await stripe.confirmationTokens.retrieve(token.id);
  assert.equal(retrieved.id, token.id);
  const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', confirm: true, confirmation_token: token.id });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.payment_method, pm);
  assert.equal(pi.shipping?.name, 'Jenny Rosen');
  assert.equal((await stripe.confirmationTokens.retrieve(token.id)).payment_intent, pi.id);
});

test('a Stripe.js token leaves 3D Secure to Stripe.js: the server-side confirmation asks for use_stripe_sdk', async () => {
  const pm = await iframePaymentMethod('4000000000003220');
  const r = await asStripeJs('/v1/confirmation_tokens', { payment_method: pm, return_url: 'https://shop.example/return' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', confirm: true, confirmation_token: r.body.id as string });
  assert.equal(pi.status, 'requires_action');
  assert.equal(pi.next_action?.type, 'use_stripe_sdk');
});

test('the secret key cannot call the Stripe.js endpoint (servers use the test helper)', async () => {
  const err = await stripeError(
    stripe.rawRequest('POST', '/v1/confirmation_tokens', { payment_method: 'pm_card_visa' }),
  );
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.match(err.message, /publishable key/);
  assert.match(err.message, /test_helpers\/confirmation_tokens/);
  // The test helper stays secret-key only.
  const r = await asStripeJs('/v1/test_helpers/confirmation_tokens', { payment_method: 'pm_card_visa' });
  assert.equal(r.status, 403);
  assert.match((r.body.error as { message: string }).message, /cannot be made with a publishable API key/);
});

test('unknown parameters, a missing payment method and a bad return_url are refused', async () => {
  const pm = await iframePaymentMethod('4242424242424242');
  const unknown = await asStripeJs('/v1/confirmation_tokens', { payment_method: pm, amount: 100 });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.error, { ...(unknown.body.error as object), code: 'parameter_unknown', param: 'amount', message: 'Received unknown parameter: amount' });
  const none = await asStripeJs('/v1/confirmation_tokens', { return_url: 'https://shop.example/return' });
  assert.equal(none.status, 400);
  assert.match((none.body.error as { message: string }).message, /payment_method or payment_method_data/);
  const badUrl = await asStripeJs('/v1/confirmation_tokens', { payment_method: pm, return_url: 'javascript:alert(1)' });
  assert.equal(badUrl.status, 400);
  assert.equal((badUrl.body.error as { param: string }).param, 'return_url');
  const unknownPm = await asStripeJs('/v1/confirmation_tokens', { payment_method: 'pm_nope' });
  assert.equal(unknownPm.status, 404);
});

test('a PaymentMethod saved on a customer cannot be wrapped with the publishable key', async () => {
  const customer = await stripe.customers.create();
  const saved = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  const r = await asStripeJs('/v1/confirmation_tokens', { payment_method: saved.id });
  assert.equal(r.status, 404);
  assert.equal((r.body.error as { code: string }).code, 'resource_missing');
});

test('POST /v1/tokens takes the publishable key for card tokens; the token charges once through charges.create', async () => {
  const r = await asStripeJs('/v1/tokens', { card: { number: '4242424242424242', exp_month: '12', exp_year: '2034', cvc: '123', name: 'Jenny Rosen', address_zip: '42424' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const token = r.body as unknown as Stripe.Token;
  assert.match(token.id, /^tok_/);
  assert.equal(token.type, 'card');
  assert.equal(token.card?.last4, '4242');
  const charge = await stripe.charges.create({ amount: 1500, currency: 'usd', source: token.id });
  assert.equal(charge.status, 'succeeded');
  const again = await stripeError(stripe.charges.create({ amount: 1500, currency: 'usd', source: token.id }));
  assert.equal(again.code, 'token_already_used');
  const unknown = await asStripeJs('/v1/tokens', { card: { number: '4242424242424242', exp_month: '12', exp_year: '2034' }, amount: 1 });
  assert.equal(unknown.status, 400);
  assert.equal((unknown.body.error as { code: string }).code, 'parameter_unknown');
});

test('a Stripe.js token confirms a SetupIntent on the server; a 3D Secure card waits for Stripe.js (use_stripe_sdk)', async () => {
  const customer = await stripe.customers.create();
  const plain = await asStripeJs('/v1/confirmation_tokens', { payment_method: await iframePaymentMethod('4242424242424242') });
  const si = await stripe.setupIntents.create({ customer: customer.id, confirm: true, confirmation_token: plain.body.id as string });
  assert.equal(si.status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(si.payment_method as string)).customer, customer.id);
  assert.equal((await stripe.confirmationTokens.retrieve(plain.body.id as string)).setup_intent, si.id);
  const threeDS = await asStripeJs('/v1/confirmation_tokens', { payment_method: await iframePaymentMethod('4000000000003220'), return_url: 'https://shop.example/r' });
  const pending = await stripe.setupIntents.create({ customer: customer.id, confirm: true, confirmation_token: threeDS.body.id as string });
  assert.equal(pending.status, 'requires_action');
  assert.equal(pending.next_action?.type, 'use_stripe_sdk');
});

test('a token from the test helper keeps use_stripe_sdk false: a return_url makes the 3D Secure step a redirect', async () => {
  const token = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_threeDSecure2Required', return_url: 'https://shop.example/r' });
  assert.equal(token.use_stripe_sdk, false);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirm: true, confirmation_token: token.id });
  assert.equal(pi.status, 'requires_action');
  assert.equal(pi.next_action?.type, 'redirect_to_url');
});

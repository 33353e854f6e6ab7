// SetupIntents through the official SDK: saving a card for later, declines on setup, 3DS on setup through the
// challenge page, off-session payments afterwards, cancel rules and publishable-key access.
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

test('a confirmed SetupIntent saves the card to the customer and it pays off session later', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  assert.match(si.id, /^seti_/);
  assert.match(si.client_secret ?? '', new RegExp(`^${si.id}_secret_`));
  assert.equal(si.status, 'succeeded');
  assert.equal(si.usage, 'off_session');
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  assert.equal(pm.customer, customer.id);
  const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
  assert.equal(pi.status, 'succeeded');
});

test('without a card it waits; update then confirm succeeds', async () => {
  const si = await stripe.setupIntents.create({ metadata: { k: 'v' } });
  assert.equal(si.status, 'requires_payment_method');
  const up = await stripe.setupIntents.update(si.id, { payment_method: 'pm_card_mastercard', description: 'save' });
  assert.equal(up.status, 'requires_confirmation');
  const done = await stripe.setupIntents.confirm(si.id);
  assert.equal(done.status, 'succeeded');
});

test('a declining card is refused with a 402 and the SetupIntent stays open', async () => {
  const err = await stripe.setupIntents.create({ payment_method: 'pm_card_visa_chargeDeclined', confirm: true }).catch((e: unknown) => e as Stripe.errors.StripeCardError);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'generic_decline');
  const si = err.setup_intent!;
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.last_setup_error?.code, 'card_declined');
  const ok = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_chargeCustomerFail' });
  assert.equal(ok.status, 'succeeded', 'the attach-then-fail card sets up fine');
});

test('4000002500003155 needs authentication on setup; completed, off-session payments need none', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: 'https://shop.example/saved' });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action?.type, 'redirect_to_url');
  const res = await fetch(si.next_action!.redirect_to_url!.url!, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
  const loc = new URL(res.headers.get('location')!);
  assert.equal(loc.searchParams.get('setup_intent'), si.id);
  assert.equal(loc.searchParams.get('setup_intent_client_secret'), si.client_secret);
  assert.equal(loc.searchParams.get('redirect_status'), 'succeeded');
  const done = await stripe.setupIntents.retrieve(si.id);
  assert.equal(done.status, 'succeeded');
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: done.payment_method as string, off_session: true, confirm: true });
  assert.equal(pi.status, 'succeeded');
});

test('failing authentication on setup leaves setup_intent_authentication_failure', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(si.next_action?.type, 'use_stripe_sdk');
  const url = (si.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'fail' }) });
  const after = await stripe.setupIntents.retrieve(si.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.last_setup_error?.code, 'setup_intent_authentication_failure');
});

test('cancel only while open, with setup_intent_unexpected_state otherwise', async () => {
  const open = await stripe.setupIntents.create();
  const canceled = await stripe.setupIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'abandoned');
  const err = await stripe.setupIntents.cancel(open.id).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((err as Stripe.errors.StripeError).code, 'setup_intent_unexpected_state');
  const done = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true });
  const err2 = await stripe.setupIntents.cancel(done.id).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((err2 as Stripe.errors.StripeError).code, 'setup_intent_unexpected_state');
});

test('list by customer; events created and succeeded', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  const list = await stripe.setupIntents.list({ customer: customer.id });
  assert.deepEqual(list.data.map((s) => s.id), [si.id]);
  const types = (await stripe.events.list({ limit: 10 })).data.filter((e) => (e.data.object as { id: string }).id === si.id).map((e) => e.type).reverse();
  assert.deepEqual(types, ['setup_intent.created', 'setup_intent.succeeded']);
});

test('the publishable key confirms a SetupIntent with its client_secret only', async () => {
  const si = await stripe.setupIntents.create();
  const base = server.url.replace(/\/$/, '');
  const headers = { Authorization: `Bearer ${server.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' };
  const card = { 'payment_method_data[type]': 'card', 'payment_method_data[card][number]': '4242424242424242', 'payment_method_data[card][exp_month]': '12', 'payment_method_data[card][exp_year]': '2035', 'payment_method_data[card][cvc]': '123' };
  const wrong = await fetch(`${base}/v1/setup_intents/${si.id}/confirm`, { method: 'POST', headers, body: new URLSearchParams({ client_secret: 'nope', ...card }) });
  assert.equal(wrong.status, 400);
  const ok = await fetch(`${base}/v1/setup_intents/${si.id}/confirm`, { method: 'POST', headers, body: new URLSearchParams({ client_secret: si.client_secret!, ...card }) });
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as Stripe.SetupIntent;
  assert.equal(body.status, 'succeeded');
  assert.equal('metadata' in body, false);
});

test('a ConfirmationToken confirms a SetupIntent once (create with confirm, or confirm), and saves its card', async () => {
  const customer = await stripe.customers.create();
  const token = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_visa' });
  // only with confirm, as Stripe's other confirm-time parameters
  await assert.rejects(stripe.setupIntents.create({ customer: customer.id, confirmation_token: token.id }), (e: Stripe.errors.StripeError) => {
    assert.equal(e.param, 'confirmation_token');
    return true;
  });
  const si = await stripe.setupIntents.create({ customer: customer.id, confirmation_token: token.id, confirm: true });
  assert.equal(si.status, 'succeeded');
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  assert.equal(pm.customer, customer.id);
  const used = await stripe.confirmationTokens.retrieve(token.id);
  assert.equal(used.setup_intent, si.id);
  assert.equal(used.payment_intent, null);
  // used up
  const again = await stripe.setupIntents.create({ customer: customer.id });
  await assert.rejects(stripe.setupIntents.confirm(again.id, { confirmation_token: token.id }), /has already been used/);
  const second = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_mastercard' });
  const confirmed = await stripe.setupIntents.confirm(again.id, { confirmation_token: second.id });
  assert.equal(confirmed.status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(confirmed.payment_method as string)).card?.brand, 'mastercard');
  assert.equal((await stripe.confirmationTokens.retrieve(second.id)).setup_intent, again.id);
});

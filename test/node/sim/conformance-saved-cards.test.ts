// Conformance of "save a card and charge it later", through the official SDK, as Stripe's guides describe it: "Set up
// future payments" (SetupIntents), "Save payment details during payment" (setup_future_usage), "Charge a saved card
// off-session" (off_session=true, confirm=true; authentication_required and on-session recovery) and the Testing
// page's authentication cards (4000002500003155, 4000002760003184, 4000003800000446, 4000000000003063).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
let dahlia: Stripe;
let publishable: Stripe;
const RETURN = 'https://shop.example/saved';

before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  const opts = { host: '127.0.0.1', port: server.port, protocol: 'http' as const, maxNetworkRetries: 0 };
  stripe = new Stripe(server.keys.secret, opts);
  dahlia = new Stripe(server.keys.secret, { ...opts, apiVersion: '2026-03-25.dahlia' as Stripe.StripeConfig['apiVersion'] });
  publishable = new Stripe(server.keys.publishable, opts);
});
after(() => server.close());

async function answer(url: string, outcome: 'complete' | 'fail'): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome }), redirect: 'manual' });
  assert.ok(res.status < 400, `challenge page answered ${res.status}`);
}

/** A card saved for off-session use with a SetupIntent, authenticating on the challenge page when asked. */
async function saveCard(card: string, usage: 'off_session' | 'on_session' = 'off_session'): Promise<{ customer: string; pm: string; si: Stripe.SetupIntent }> {
  const customer = await stripe.customers.create({ email: 'saver@example.com' });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: card, usage, confirm: true, return_url: RETURN });
  if (si.status === 'requires_action') await answer(si.next_action!.redirect_to_url!.url!, 'complete');
  const done = await stripe.setupIntents.retrieve(si.id);
  assert.equal(done.status, 'succeeded');
  return { customer: customer.id, pm: done.payment_method as string, si: done };
}

function offSession(customer: string, pm: string, amount = 1099): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'eur', customer, payment_method: pm, off_session: true, confirm: true });
}

async function cardError(p: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
  const err = await p.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof Stripe.errors.StripeCardError, `expected a StripeCardError, got ${String(err)}`);
  return err;
}

test('SetupIntent create: usage defaults to off_session, automatic_payment_methods on endive, payment_method_types on dahlia', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id });
  assert.equal(si.object, 'setup_intent');
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.usage, 'off_session');
  assert.equal(si.customer, customer.id);
  assert.deepEqual(si.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.equal(si.latest_attempt, null);
  assert.equal(si.mandate, null);
  assert.equal(si.next_action, null);
  assert.equal(si.last_setup_error, null);
  assert.equal(si.payment_method, null);
  const on = await stripe.setupIntents.create({ usage: 'on_session' });
  assert.equal(on.usage, 'on_session');
  const old = await dahlia.setupIntents.create({ customer: customer.id, payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams);
  assert.deepEqual(old.payment_method_types, ['card']);
  assert.equal(old.automatic_payment_methods, null);
  assert.ok(!('allowed_payment_method_types' in old), 'dahlia has no allowed_payment_method_types');
  const bad = await stripe.setupIntents.create({ usage: 'later' as Stripe.SetupIntentCreateParams.Usage }).catch((e: unknown) => e);
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'usage');
});

test('SetupIntent: automatic_payment_methods and payment_method_types together are refused, as on PaymentIntents', async () => {
  const err = await dahlia.setupIntents.create({
    payment_method_types: ['card'], automatic_payment_methods: { enabled: true },
  } as Stripe.SetupIntentCreateParams).catch((e: unknown) => e);
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.message, 'You may only specify one of these parameters: payment_method_types, automatic_payment_methods.');
  const endive = await stripe.setupIntents.create({
    allowed_payment_method_types: ['card'], automatic_payment_methods: { enabled: true },
  } as Stripe.SetupIntentCreateParams).catch((e: unknown) => e);
  assert.ok(endive instanceof Stripe.errors.StripeInvalidRequestError);
  assert.match(endive.message, /^You may only specify one of these parameters: allowed_payment_method_types, automatic_payment_methods\.$/);
});

test('set up with 4242: the SetupIntent succeeds with a SetupAttempt, attaches the card, and off-session payments succeed', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, expand: ['latest_attempt'] });
  assert.equal(si.status, 'succeeded');
  assert.equal(si.next_action, null);
  const attempt = si.latest_attempt as Stripe.SetupAttempt;
  assert.equal(attempt.object, 'setup_attempt');
  assert.equal(attempt.status, 'succeeded');
  assert.equal(attempt.setup_intent, si.id);
  assert.equal(attempt.customer, customer.id);
  assert.equal(attempt.usage, 'off_session');
  assert.equal(attempt.payment_method_details.type, 'card');
  const pm = await stripe.customers.retrievePaymentMethod(customer.id, si.payment_method as string);
  assert.equal(pm.customer, customer.id);
  assert.equal(pm.card?.last4, '4242');
  const listed = await stripe.customers.listPaymentMethods(customer.id);
  assert.deepEqual(listed.data.map((p) => p.id), [pm.id]);
  const byType = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
  assert.deepEqual(byType.data.map((p) => p.id), [pm.id]);
  const pi = await offSession(customer.id, pm.id);
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.amount_received, 1099);
  assert.equal(pi.customer, customer.id);
  assert.equal(pi.payment_method, pm.id);
  assert.equal(pi.last_payment_error, null);
});

test('4000002500003155: setup needs authentication (requires_action, next_action), then off-session payments succeed', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action?.type, 'use_stripe_sdk');
  assert.ok(si.next_action?.use_stripe_sdk, 'use_stripe_sdk details for Stripe.js');
  const attempt = await stripe.setupAttempts.list({ setup_intent: si.id });
  assert.deepEqual(attempt.data.map((a) => a.status), ['requires_action']);
  assert.deepEqual(
    (await stripe.customers.listPaymentMethods(customer.id)).data, [], 'not attached before the customer authenticates',
  );
  const { customer: saver, pm } = await saveCard('pm_card_authenticationRequiredOnSetup');
  const pi = await offSession(saver, pm);
  assert.equal(pi.status, 'succeeded');
  // The same card attached without a SetupIntent was never set up: off-session it needs authentication.
  const bare = await stripe.customers.create();
  const attached = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: bare.id });
  const err = await cardError(offSession(bare.id, attached.id));
  assert.equal(err.code, 'authentication_required');
});

test('4000008260003178: authenticated and set up, off-session payments are still declined with insufficient_funds', async () => {
  // Stripe's testing docs: "All payments will be declined with an insufficient_funds failure code even after being
  // successfully authenticated or previously set up."
  const { customer, pm } = await saveCard('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds');
  const err = await cardError(offSession(customer, pm));
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'insufficient_funds');
  assert.equal(err.payment_intent?.status, 'requires_payment_method');
});

test('4000002500003155 set up on_session only: off-session payments still need authentication', async () => {
  const { customer, pm, si } = await saveCard('pm_card_authenticationRequiredOnSetup', 'on_session');
  assert.equal(si.usage, 'on_session');
  const err = await cardError(offSession(customer, pm));
  assert.equal(err.code, 'authentication_required');
});

test('4000002760003184: set up, then off-session fails 402 authentication_required with the PaymentIntent, recovered on session', async () => {
  const { customer, pm } = await saveCard('pm_card_authenticationRequired');
  const err = await cardError(offSession(customer, pm));
  assert.equal(err.statusCode, 402);
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.rawType, 'card_error');
  assert.equal(err.code, 'authentication_required');
  assert.equal(err.decline_code, 'authentication_required');
  assert.equal(err.message, 'Your card was declined. This transaction requires authentication.');
  assert.equal(err.doc_url, 'https://stripe.com/docs/error-codes/authentication-required');
  assert.equal(err.payment_method?.id, pm);
  const pi = err.payment_intent!;
  assert.match(pi.id, /^pi_/);
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal(pi.customer, customer);
  const lpe = pi.last_payment_error!;
  assert.equal(lpe.type, 'card_error');
  assert.equal(lpe.code, 'authentication_required');
  assert.equal(lpe.decline_code, 'authentication_required');
  assert.equal((lpe.payment_method as Stripe.PaymentMethod).id, pm, 'last_payment_error.payment_method is the card to authenticate');
  // The issuer's decline is a failed Charge, named by the error and the intent.
  assert.match(err.charge ?? '', /^ch_/);
  assert.equal(pi.latest_charge, err.charge);
  assert.equal(lpe.charge, err.charge);
  const charge = await stripe.charges.retrieve(err.charge!);
  assert.equal(charge.status, 'failed');
  assert.equal(charge.failure_code, 'authentication_required');
  assert.equal(charge.captured, false);
  assert.equal(charge.outcome?.type, 'issuer_declined');
  const retrieved = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(retrieved.status, 'requires_payment_method');
  assert.equal(retrieved.last_payment_error?.code, 'authentication_required');
  const events = await stripe.events.list({ type: 'payment_intent.payment_failed', limit: 100 });
  assert.ok(events.data.some((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id));
  const failed = await stripe.events.list({ type: 'charge.failed', limit: 100 });
  assert.ok(failed.data.some((e) => (e.data.object as Stripe.Charge).id === err.charge));

  // Recovery: the customer comes back on session (Stripe.js, publishable key) and authenticates the same card.
  const back = await publishable.paymentIntents.confirm(pi.id, {
    payment_method: (lpe.payment_method as Stripe.PaymentMethod).id, client_secret: pi.client_secret!, return_url: RETURN,
  } as Stripe.PaymentIntentConfirmParams);
  assert.equal(back.status, 'requires_action');
  assert.equal(back.next_action?.type, 'redirect_to_url');
  await answer(back.next_action!.redirect_to_url!.url!, 'complete');
  const paid = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 1099);
  assert.equal(paid.last_payment_error, null);
  assert.notEqual(paid.latest_charge, err.charge, 'a new, successful charge');
  // Always authenticate: the next off-session payment fails again.
  assert.equal((await cardError(offSession(customer, pm))).code, 'authentication_required');
});

test('4000003800000446 (already set up): off-session payments succeed, even without a SetupIntent; on session it is challenged', async () => {
  const customer = await stripe.customers.create();
  const attached = await stripe.paymentMethods.attach('pm_card_authenticationRequiredSetupForOffSession', { customer: customer.id });
  const pi = await offSession(customer.id, attached.id);
  assert.equal(pi.status, 'succeeded');
  const on = await stripe.paymentIntents.create({ amount: 1099, currency: 'eur', customer: customer.id, payment_method: attached.id, confirm: true, return_url: RETURN });
  assert.equal(on.status, 'requires_action');
});

test('4000000000003063 (3DS required): setup is challenged; failing the challenge is setup_intent_authentication_failure', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action?.type, 'redirect_to_url');
  assert.equal(si.next_action?.redirect_to_url?.return_url, RETURN);
  await answer(si.next_action!.redirect_to_url!.url!, 'fail');
  const failed = await stripe.setupIntents.retrieve(si.id, { expand: ['latest_attempt'] });
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.payment_method, null);
  assert.equal(failed.last_setup_error?.code, 'setup_intent_authentication_failure');
  assert.equal(failed.last_setup_error?.type, 'invalid_request_error');
  assert.equal(failed.last_setup_error?.message, 'The latest attempt to set up the payment method has failed because authentication failed.');
  assert.equal((failed.latest_attempt as Stripe.SetupAttempt).status, 'failed');
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer.id)).data, [], 'a failed setup attaches nothing');
  const types = (await stripe.events.list({ limit: 100 })).data
    .filter((e) => (e.data.object as { id?: string }).id === si.id).map((e) => e.type).reverse();
  assert.deepEqual(types, ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.setup_failed']);
  // Confirmed again with a card that needs nothing, it succeeds.
  const ok = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
  assert.equal(ok.status, 'succeeded');
  assert.equal(ok.last_setup_error, null);
});

test('a declining card fails setup with a 402 card_error carrying the SetupIntent (card_declined, decline_code)', async () => {
  const customer = await stripe.customers.create();
  const err = await cardError(stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true }));
  assert.equal(err.statusCode, 402);
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'insufficient_funds');
  assert.equal(err.setup_intent?.status, 'requires_payment_method');
  assert.equal(err.setup_intent?.last_setup_error?.decline_code, 'insufficient_funds');
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer.id)).data, []);
});

test('a saved card declined off session: 402 card_declined with decline_code and the PaymentIntent', async () => {
  const customer = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  const err = await cardError(offSession(customer.id, pm.id));
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'generic_decline');
  assert.equal(err.message, 'Your card was declined.');
  assert.equal(err.payment_intent?.status, 'requires_payment_method');
  assert.equal(err.payment_intent?.last_payment_error?.decline_code, 'generic_decline');
  assert.match(err.charge ?? '', /^ch_/);
});

test('setup_future_usage: the card is attached to the customer only once the payment succeeds', async () => {
  const customer = await stripe.customers.create();
  const declined = await cardError(stripe.paymentIntents.create({
    amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_visa_chargeDeclined', setup_future_usage: 'off_session', confirm: true,
  }));
  assert.equal(declined.payment_intent?.setup_future_usage, 'off_session');
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer.id)).data, [], 'a declined card is not saved');
  const pending = await stripe.paymentIntents.create({
    amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', setup_future_usage: 'off_session', confirm: true, return_url: RETURN,
  });
  assert.equal(pending.status, 'requires_action');
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer.id)).data, [], 'not saved while authentication is pending');
  await answer(pending.next_action!.redirect_to_url!.url!, 'complete');
  const paid = await stripe.paymentIntents.retrieve(pending.id);
  assert.equal(paid.status, 'succeeded');
  const saved = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
  assert.deepEqual(saved.data.map((p) => p.id), [paid.payment_method]);
  // Set up for off-session use by the authenticated payment: 3155 now pays off session.
  assert.equal((await offSession(customer.id, paid.payment_method as string)).status, 'succeeded');
  const attachedEvents = await stripe.events.list({ type: 'payment_method.attached', limit: 100 });
  assert.ok(attachedEvents.data.some((e) => (e.data.object as Stripe.PaymentMethod).id === paid.payment_method));
});

test('setup_future_usage=on_session saves the card, but off-session payments with 3155 still need authentication', async () => {
  const customer = await stripe.customers.create();
  const first = await stripe.paymentIntents.create({
    amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', setup_future_usage: 'on_session', confirm: true, return_url: RETURN,
  });
  await answer(first.next_action!.redirect_to_url!.url!, 'complete');
  const paid = await stripe.paymentIntents.retrieve(first.id);
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.setup_future_usage, 'on_session');
  const pm = await stripe.paymentMethods.retrieve(paid.payment_method as string);
  assert.equal(pm.customer, customer.id);
  assert.equal((await cardError(offSession(customer.id, pm.id))).code, 'authentication_required');
});

test('without setup_future_usage the card is not saved; an unsaved card cannot be reused', async () => {
  const customer = await stripe.customers.create();
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.setup_future_usage, null);
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer.id)).data, []);
  const again = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pi.payment_method as string, confirm: true }).catch((e: unknown) => e);
  assert.ok(again instanceof Stripe.errors.StripeInvalidRequestError);
  assert.match(again.message, /previously used without being attached to a Customer/);
});

test('a saved card belongs to its customer: another customer, or none, is refused; detached it cannot be used again', async () => {
  const { customer, pm } = await saveCard('pm_card_visa');
  const other = await stripe.customers.create();
  const wrong = await stripe.paymentIntents.create({ amount: 500, currency: 'eur', customer: other.id, payment_method: pm, off_session: true, confirm: true }).catch((e: unknown) => e);
  assert.ok(wrong instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(wrong.param, 'payment_method');
  const none = await stripe.paymentIntents.create({ amount: 500, currency: 'eur', payment_method: pm, confirm: true }).catch((e: unknown) => e);
  assert.ok(none instanceof Stripe.errors.StripeInvalidRequestError);
  assert.match(none.message, /Please include the Customer in the `customer` parameter/);
  const missing = await stripe.customers.retrievePaymentMethod(other.id, pm).catch((e: unknown) => e);
  assert.ok(missing instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(missing.statusCode, 404);
  const reattach = await stripe.paymentMethods.attach(pm, { customer: other.id }).catch((e: unknown) => e);
  assert.ok(reattach instanceof Stripe.errors.StripeInvalidRequestError);
  const detached = await stripe.paymentMethods.detach(pm);
  assert.equal(detached.customer, null);
  assert.deepEqual((await stripe.customers.listPaymentMethods(customer)).data, []);
  const reuse = await offSession(customer, pm).catch((e: unknown) => e);
  assert.ok(reuse instanceof Stripe.errors.StripeInvalidRequestError);
});

test('invoice_settings.default_payment_method takes only a card attached to the customer', async () => {
  const { customer, pm } = await saveCard('pm_card_visa');
  const updated = await stripe.customers.update(customer, { invoice_settings: { default_payment_method: pm } });
  assert.equal(updated.invoice_settings.default_payment_method, pm);
  const stray = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } } as Stripe.PaymentMethodCreateParams);
  const err = await stripe.customers.update(customer, { invoice_settings: { default_payment_method: stray.id } }).catch((e: unknown) => e);
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.param, 'invoice_settings[default_payment_method]');
  assert.match(err.message, /The payment method must be attached to the customer\./);
});

test('SetupIntent rules: update, confirm and cancel only while open; list by customer; setup_intent.canceled', async () => {
  const { customer, si } = await saveCard('pm_card_visa');
  const refusedUpdate = await stripe.setupIntents.update(si.id, { payment_method: 'pm_card_mastercard' }).catch((e: unknown) => e);
  assert.ok(refusedUpdate instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(refusedUpdate.code, 'setup_intent_unexpected_state');
  assert.deepEqual((await stripe.setupIntents.update(si.id, { metadata: { order: '42' } })).metadata, { order: '42' });
  const refusedConfirm = await stripe.setupIntents.confirm(si.id).catch((e: unknown) => e);
  assert.ok(refusedConfirm instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(refusedConfirm.code, 'setup_intent_unexpected_state');
  const refusedCancel = await stripe.setupIntents.cancel(si.id).catch((e: unknown) => e);
  assert.ok(refusedCancel instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(refusedCancel.code, 'setup_intent_unexpected_state');

  const open = await stripe.setupIntents.create({ customer, payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(open.status, 'requires_action');
  const canceled = await stripe.setupIntents.cancel(open.id, { cancellation_reason: 'requested_by_customer' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'requested_by_customer');
  assert.equal(canceled.next_action, null);
  const attempts = await stripe.setupAttempts.list({ setup_intent: open.id });
  assert.deepEqual(attempts.data.map((a) => a.status), ['abandoned']);
  const events = await stripe.events.list({ type: 'setup_intent.canceled', limit: 100 });
  assert.ok(events.data.some((e) => (e.data.object as Stripe.SetupIntent).id === open.id));
  const listed = await stripe.setupIntents.list({ customer });
  assert.deepEqual(listed.data.map((s) => s.id), [open.id, si.id], 'newest first');
  const byPm = await stripe.setupIntents.list({ payment_method: si.payment_method as string });
  assert.deepEqual(byPm.data.map((s) => s.id), [si.id]);
});

test('Stripe.js confirms a SetupIntent with its client_secret and card details (publishable key)', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id });
  const confirmed = await publishable.setupIntents.confirm(si.id, {
    client_secret: si.client_secret!, payment_method_data: { type: 'card', card: { token: 'tok_visa' } },
  } as unknown as Stripe.SetupIntentConfirmParams);
  assert.equal(confirmed.status, 'succeeded');
  assert.ok(!('customer' in confirmed), 'the publishable key sees the client subset');
  const saved = await stripe.setupIntents.retrieve(si.id);
  assert.equal((await stripe.paymentMethods.retrieve(saved.payment_method as string)).customer, customer.id);
});

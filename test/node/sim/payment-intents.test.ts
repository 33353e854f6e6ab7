// PaymentIntents through the official SDK: lifecycle, transitions and their unexpected-state errors, capture,
// cancel, update, list, publishable-key rules, API version differences and the events emitted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';
import { stripeError as rejects } from '../helpers/sim.ts';

let server: SimServer;
let stripe: Stripe;
let dahlia: Stripe;
let base: string;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  const opts = { host: '127.0.0.1', port: server.port, protocol: 'http' as const, maxNetworkRetries: 0 };
  stripe = new Stripe(server.keys.secret, opts);
  dahlia = new Stripe(server.keys.secret, { ...opts, apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  base = server.url.replace(/\/$/, '');
});
after(() => server.close());

async function eventsFor(id: string): Promise<string[]> {
  const list = await stripe.events.list({ limit: 100 });
  return list.data
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: string };
      return o.id === id || o.payment_intent === id;
    })
    .map((e) => e.type)
    .reverse();
}

test('create without a payment method starts at requires_payment_method with a client secret', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1099, currency: 'usd', metadata: { order_id: '6735' }, description: 'Order 6735' });
  assert.match(pi.id, /^pi_/);
  assert.equal(pi.status, 'requires_payment_method');
  assert.match(pi.client_secret ?? '', new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
  assert.equal(pi.amount_capturable, 0);
  assert.equal(pi.amount_received, 0);
  assert.equal(pi.capture_method, 'automatic_async');
  assert.equal(pi.confirmation_method, 'automatic');
  assert.deepEqual(pi.metadata, { order_id: '6735' });
  assert.equal(pi.latest_charge, null);
  assert.deepEqual(pi.payment_method_types, ['card']);
  assert.deepEqual(pi.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.equal(pi.livemode, false);
});

test('create with a payment method waits at requires_confirmation; confirm pays', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa' });
  assert.equal(pi.status, 'requires_confirmation');
  assert.match(pi.payment_method as string, /^pm_/);
  const done = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.amount_received, 1000);
  assert.match(done.latest_charge as string, /^ch_/);
});

test('amount validation: minimum per currency, maximum, integers', async () => {
  const small = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
  assert.equal(small.code, 'amount_too_small');
  assert.equal(small.message, 'Amount must be at least $0.50 usd');
  assert.equal(small.param, 'amount');
  const big = await rejects(stripe.paymentIntents.create({ amount: 100_000_000, currency: 'usd' }));
  assert.equal(big.code, 'amount_too_large');
  assert.equal((await stripe.paymentIntents.create({ amount: 50, currency: 'jpy' })).amount, 50);
  assert.equal((await rejects(stripe.paymentIntents.create({ amount: 49, currency: 'jpy' }))).code, 'amount_too_small');
  const missing = await rejects(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'amount');
  assert.equal((await stripe.paymentIntents.create({ amount: 1000, currency: 'EUR' })).currency, 'eur');
});

test('statement_descriptor is refused on card PaymentIntents; the suffix is accepted and printed after the prefix', async () => {
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', statement_descriptor: 'ACME SHOP' }));
  assert.equal(err.param, 'statement_descriptor');
  assert.match(err.message, /not supported for the payment_method_type `card`/);
  const bad = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', statement_descriptor_suffix: 'ORDER <42>' }));
  assert.equal(bad.param, 'statement_descriptor_suffix');
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', statement_descriptor_suffix: 'Order 42', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'] });
  assert.equal(pi.statement_descriptor_suffix, 'Order 42');
  assert.match((pi.latest_charge as Stripe.Charge).calculated_statement_descriptor ?? '', /\* ORDER 42$/);
});

test('return_url is only accepted with confirm=true', async () => {
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', return_url: 'https://example.com' }));
  assert.equal(err.param, 'return_url');
});

test('manual capture: requires_capture, partial capture releases the rest', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  assert.equal(pi.status, 'requires_capture');
  assert.equal(pi.amount_capturable, 5000);
  assert.equal(pi.amount_received, 0);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(charge.captured, false);
  assert.equal(charge.balance_transaction, null);
  const over = await rejects(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 5001 }));
  assert.equal(over.code, 'amount_too_large');
  const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4500 });
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_received, 4500);
  assert.equal(captured.amount_capturable, 0);
  const after = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
  assert.equal(after.captured, true);
  assert.equal(after.amount_captured, 4500);
  assert.equal(after.amount_refunded, 500);
  assert.equal((after.balance_transaction as Stripe.BalanceTransaction).amount, 4500);
  const again = await rejects(stripe.paymentIntents.capture(pi.id));
  assert.equal(again.code, 'payment_intent_unexpected_state');
  assert.equal(again.message, 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.');
  // the released 500 is a refund of its own (no balance transaction: no money moved), with its refund.created
  const released = await stripe.refunds.list({ charge: after.id });
  assert.deepEqual(released.data.map((r) => [r.amount, r.status, r.balance_transaction, r.reason]), [[500, 'succeeded', null, null]]);
  const refundEvents = await stripe.events.list({ type: 'refund.created', limit: 5 });
  assert.equal((refundEvents.data[0].data.object as Stripe.Refund).id, released.data[0].id);
  assert.deepEqual(await eventsFor(pi.id), [
    'payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'refund.created', 'payment_intent.succeeded',
  ]);
  // what was captured can still be refunded, and no more
  const rest = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(rest.amount, 4500);
});

test('capture outside requires_capture is payment_intent_unexpected_state with the intent embedded', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const err = await rejects(stripe.paymentIntents.capture(pi.id));
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.equal(err.message, 'This PaymentIntent could not be captured because it has a status of requires_payment_method. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.');
  assert.equal(err.payment_intent?.id, pi.id);
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const captureAuto = await rejects(stripe.paymentIntents.capture(paid.id));
  assert.equal(captureAuto.code, 'payment_intent_unexpected_state');
  assert.equal(captureAuto.message, 'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.');
});

test('cancel works from every open status, with a reason, and not after success', async () => {
  for (const setup of [
    () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }),
    () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa' }),
    () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true }),
  ]) {
    const pi = await setup();
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.cancellation_reason, 'requested_by_customer');
    assert.ok(canceled.canceled_at);
    assert.equal(canceled.next_action, null);
  }
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const err = await rejects(stripe.paymentIntents.cancel(paid.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.match(err.message, /^You cannot cancel this PaymentIntent because it has a status of succeeded\./);
  const bad = await rejects(stripe.paymentIntents.cancel(paid.id, { cancellation_reason: 'bored' as 'abandoned' }));
  assert.equal(bad.param, 'cancellation_reason');
});

test('canceling an authorization releases the charge', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  const canceled = await stripe.paymentIntents.cancel(pi.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.amount_capturable, 0);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(charge.refunded, true);
  assert.equal(charge.amount_refunded, 2000);
});

test('confirm after success or cancel is refused', async () => {
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const err = await rejects(stripe.paymentIntents.confirm(paid.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.equal(err.message, 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  await stripe.paymentIntents.cancel(pi.id);
  assert.equal((await rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }))).code, 'payment_intent_unexpected_state');
});

test('confirm without a payment method is refused', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const err = await rejects(stripe.paymentIntents.confirm(pi.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.match(err.message, /missing a payment method/);
});

test('update changes amount and metadata while open; amount is frozen after success', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { a: '1', b: '2' } });
  const up = await stripe.paymentIntents.update(pi.id, { amount: 2500, metadata: { a: '', c: '3' }, description: 'Bigger order' });
  assert.equal(up.amount, 2500);
  assert.deepEqual(up.metadata, { b: '2', c: '3' });
  assert.equal(up.description, 'Bigger order');
  const withPm = await stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(withPm.status, 'requires_confirmation');
  const paid = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(paid.amount_received, 2500);
  const err = await rejects(stripe.paymentIntents.update(pi.id, { amount: 3000 }));
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.equal(err.param, 'amount');
  const meta = await stripe.paymentIntents.update(pi.id, { metadata: { shipped: 'yes' } });
  assert.equal(meta.metadata.shipped, 'yes');
});

test('unknown ids are resource_missing 404s', async () => {
  const err = await rejects(stripe.paymentIntents.retrieve('pi_doesnotexist'));
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'resource_missing');
  assert.equal(err.message, "No such payment_intent: 'pi_doesnotexist'");
});

test('list filters by customer and created, newest first', async () => {
  const customer = await stripe.customers.create({ email: 'list@example.com' });
  const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id });
  const b = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id });
  await stripe.paymentIntents.create({ amount: 3000, currency: 'usd' });
  const list = await stripe.paymentIntents.list({ customer: customer.id });
  assert.deepEqual(list.data.map((p) => p.id), [b.id, a.id]);
  const since = await stripe.paymentIntents.list({ created: { gte: a.created }, limit: 100 });
  assert.ok(since.data.some((p) => p.id === a.id));
  const none = await stripe.paymentIntents.list({ created: { lt: a.created - 10 }, customer: customer.id });
  assert.equal(none.data.length, 0);
});

test('setup_future_usage attaches the card to the customer on success', async () => {
  const customer = await stripe.customers.create({ email: 'sfu@example.com' });
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, setup_future_usage: 'off_session', payment_method: 'pm_card_visa', confirm: true });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.setup_future_usage, 'off_session');
  const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
  assert.equal(pm.customer, customer.id);
  const later = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
  assert.equal(later.status, 'succeeded');
});

test('setup_future_usage without a customer keeps the card reusable: attached afterwards, it pays off session', async () => {
  const card = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', setup_future_usage: 'off_session', payment_method: card.id, confirm: true });
  assert.equal(pi.status, 'succeeded');
  const customer = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach(pi.payment_method as string, { customer: customer.id });
  assert.equal(pm.customer, customer.id);
  const later = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
  assert.equal(later.status, 'succeeded');
});

test('a customer card cannot pay an intent of another customer', async () => {
  const c1 = await stripe.customers.create();
  const c2 = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c1.id });
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: c2.id, payment_method: pm.id, confirm: true }));
  assert.equal(err.param, 'payment_method');
});

test('payment events come in Stripe order', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' });
  assert.deepEqual(await eventsFor(pi.id), ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  const failed = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true }));
  assert.deepEqual(await eventsFor(failed.payment_intent!.id), ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
  const canceled = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  await stripe.paymentIntents.cancel(canceled.id);
  assert.deepEqual(await eventsFor(canceled.id), ['payment_intent.created', 'payment_intent.canceled']);
});

test('automatic capture gives the charge its balance transaction at once; automatic_async a moment later', async () => {
  const sync = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', expand: ['latest_charge'] });
  assert.match((sync.latest_charge as Stripe.Charge).balance_transaction as string, /^txn_/);
  const async_ = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'] });
  assert.equal(async_.capture_method, 'automatic_async');
  assert.equal((async_.latest_charge as Stripe.Charge).balance_transaction, null);
  const charge = await stripe.charges.retrieve((async_.latest_charge as Stripe.Charge).id);
  assert.match(charge.balance_transaction as string, /^txn_/);
  assert.ok((await eventsFor(async_.id)).includes('charge.updated'));
});

// ---- publishable key (Stripe.js) rules

async function pkRequest(method: 'GET' | 'POST', path: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(method === 'GET' ? `${base}${path}?${qs}` : `${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: method === 'POST' ? qs : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('a publishable key retrieves an intent with its client_secret, as the client-side subset', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { secret: 'x' }, customer: (await stripe.customers.create()).id });
  const ok = await pkRequest('GET', `/v1/payment_intents/${pi.id}`, { client_secret: pi.client_secret! });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.id, pi.id);
  assert.equal(ok.body.status, 'requires_payment_method');
  assert.equal('metadata' in ok.body, false, 'metadata is not client-visible');
  assert.equal('customer' in ok.body, false, 'customer is not client-visible');
  const wrong = await pkRequest('GET', `/v1/payment_intents/${pi.id}`, { client_secret: `${pi.id}_secret_wrong` });
  assert.equal(wrong.status, 400);
  assert.equal((wrong.body.error as { message: string }).message, 'The client_secret provided does not match the client_secret associated with the PaymentIntent.');
});

test('a publishable key confirms with the right client_secret and payment_method_data, not with a wrong one', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const card = { 'payment_method_data[type]': 'card', 'payment_method_data[card][number]': '4242424242424242', 'payment_method_data[card][exp_month]': '12', 'payment_method_data[card][exp_year]': '2034', 'payment_method_data[card][cvc]': '123' };
  const wrong = await pkRequest('POST', `/v1/payment_intents/${pi.id}/confirm`, { client_secret: `${pi.id}_secret_nope`, ...card });
  assert.equal(wrong.status, 400);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  const ok = await pkRequest('POST', `/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret!, ...card });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, 'succeeded');
  const declined = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const d = await pkRequest('POST', `/v1/payment_intents/${declined.id}/confirm`, { client_secret: declined.client_secret!, ...card, 'payment_method_data[card][number]': '4000000000000002' });
  assert.equal(d.status, 402);
  assert.equal((d.body.error as { decline_code: string }).decline_code, 'generic_decline');
});

test('a publishable key cannot list, create, capture or cancel PaymentIntents', async () => {
  for (const [method, path] of [['GET', '/v1/payment_intents'], ['POST', '/v1/payment_intents']] as const) {
    const r = await pkRequest(method, path, method === 'POST' ? { amount: '1000', currency: 'usd' } : {});
    assert.ok(r.status === 401 || r.status === 403, `${method} ${path} -> ${r.status}`);
  }
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const r = await pkRequest('POST', `/v1/payment_intents/${pi.id}/cancel`, { client_secret: pi.client_secret! });
  assert.ok(r.status === 401 || r.status === 403);
});

// ---- API versions

test('endive shows allowed_payment_method_types and refuses payment_method_types', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
  assert.deepEqual(pi.allowed_payment_method_types, ['card']);
  assert.deepEqual(pi.payment_method_types, ['card']);
  assert.equal(pi.automatic_payment_methods, null);
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams));
  assert.equal(err.code, 'payment_method_types_no_longer_supported');
  assert.equal(err.param, 'payment_method_types');
});

test('dahlia accepts payment_method_types and has no allowed_payment_method_types', async () => {
  const pi = await dahlia.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams);
  assert.deepEqual(pi.payment_method_types, ['card']);
  assert.equal('allowed_payment_method_types' in pi, false);
  const err = await rejects(dahlia.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] }));
  assert.equal(err.code, 'parameter_unknown');
  const seenByEndive = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(seenByEndive.allowed_payment_method_types, null);
});

test('confirm without a payment method uses the customer default payment method', async () => {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  const pmId = (await stripe.paymentMethods.list({ customer: customer.id })).data[0].id;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pmId } });
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, confirm: true });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.payment_method, pmId);
});

test('receipt_email must be an email address', async () => {
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', receipt_email: 'not-an-email' }));
  assert.equal(err.param, 'receipt_email');
  const ok = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', receipt_email: 'jenny@example.com' });
  assert.equal(ok.receipt_email, 'jenny@example.com');
});

test('an asynchronous capture attaches its balance transaction shortly after, with charge.updated', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  await new Promise((r) => setTimeout(r, 500));
  const events = await eventsFor(pi.id);
  assert.deepEqual(events, ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated']);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.match(charge.balance_transaction as string, /^txn_/);
});

test('metadata is limited to 50 keys; an empty value deletes a key', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 51; i++) many[`k${i}`] = 'v';
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: many }));
  assert.equal(err.param, 'metadata');
  const longKey = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { ['k'.repeat(41)]: 'v' } }));
  assert.equal(longKey.statusCode, 400);
});

test('the transition table: each status allows exactly the transitions Stripe allows', async () => {
  const make: Record<string, () => Promise<Stripe.PaymentIntent>> = {
    requires_payment_method: () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }),
    requires_confirmation: () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa' }),
    requires_action: () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true }),
    requires_capture: () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }),
    succeeded: () => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
    canceled: async () => stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' })).id),
  };
  const allowed: Record<string, { capture: boolean; cancel: boolean; confirm: boolean; amount: boolean }> = {
    requires_payment_method: { capture: false, cancel: true, confirm: true, amount: true },
    requires_confirmation: { capture: false, cancel: true, confirm: true, amount: true },
    requires_action: { capture: false, cancel: true, confirm: true, amount: true },
    requires_capture: { capture: true, cancel: true, confirm: false, amount: false },
    succeeded: { capture: false, cancel: false, confirm: false, amount: false },
    canceled: { capture: false, cancel: false, confirm: false, amount: false },
  };
  const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: Stripe.errors.StripeError) => e.code ?? e.type);
  for (const [status, rules] of Object.entries(allowed)) {
    for (const op of ['capture', 'cancel', 'confirm', 'amount'] as const) {
      const pi = await make[status]();
      assert.equal(pi.status, status);
      const result = await outcome(
        op === 'capture' ? stripe.paymentIntents.capture(pi.id)
          : op === 'cancel' ? stripe.paymentIntents.cancel(pi.id)
            : op === 'confirm' ? stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
              : stripe.paymentIntents.update(pi.id, { amount: 2000 }),
      );
      assert.equal(result, rules[op] ? 'ok' : 'payment_intent_unexpected_state', `${op} from ${status}`);
    }
  }
});

test('an uncaptured authorization expires after 7 days: canceled automatically, charge.expired', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  server.sim.advanceClock(6 * 86_400);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_capture');
  server.sim.advanceClock(86_400 + 60);
  const expired = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(expired.status, 'canceled');
  assert.equal(expired.cancellation_reason, 'automatic');
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  assert.equal(charge.refunded, true);
  assert.equal(charge.captured, false);
  const err = await rejects(stripe.paymentIntents.capture(pi.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
  assert.ok((await eventsFor(pi.id)).includes('charge.expired'));
});

test('a card cannot pay an intent that only allows card_present (in person), as on Stripe', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'], capture_method: 'manual' });
  const err = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'payment_method');
  assert.equal(
    err.message,
    'The PaymentMethod provided (card) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: card_present. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "card".',
  );
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  assert.equal((await stripe.charges.list({ payment_intent: pi.id })).data.length, 0);
  const atCreate = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'], payment_method: 'pm_card_visa', confirm: true }));
  assert.equal(atCreate.param, 'payment_method');
  const atUpdate = await rejects(stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_visa' }));
  assert.equal(atUpdate.param, 'payment_method');
});

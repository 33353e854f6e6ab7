// The flows a developer copies from Stripe's docs for online payments and Checkout, run as the docs write them
// through the official SDK, with the results the docs and API reference describe: accept a payment
// (PaymentIntents with automatic_payment_methods, confirm, capture, cancel, search; ConfirmationTokens), refunds and
// charges by PaymentIntent (receipt_url), Checkout Sessions (price and price_data line items, hosted and embedded,
// expand, line items, expire, list filters, what Checkout owns of its PaymentIntent), webhooks, customers, products
// and prices (default price, currency_options, lookup keys); and the documented mistakes, with Stripe's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

const { sim, stripe } = useTestSim();

async function rejects(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return promise.then(
    () => assert.fail('expected the request to be refused'),
    (e: unknown) => e as Stripe.errors.StripeError,
  );
}

/** Pays a Checkout Session the way its page does; declined test cards answer 402. */
async function pay(session: Stripe.Checkout.Session, pm = 'pm_card_visa', email = 'jenny.rosen@example.com'): Promise<string> {
  const paid = await payCheckoutSession(sim, session, { pm, email, returnUrl: 'https://example.com/return' });
  assert.equal(paid.status, pm.includes('Declined') ? 402 : 200, JSON.stringify(paid.confirm));
  return paid.piId;
}

const tshirt = { price_data: { currency: 'usd', product_data: { name: 'T-shirt' }, unit_amount: 2000 }, quantity: 1 };

// ---------------------------------------------------------------------------------------------------------------
// Accept a payment

test('accept a payment: create with automatic_payment_methods, confirm, retrieve, list, update, search', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true } });
  assert.equal(pi.object, 'payment_intent');
  assert.equal(pi.status, 'requires_payment_method');
  assert.match(pi.client_secret!, new RegExp(`^${pi.id}_secret_\\w+$`));
  assert.deepEqual(pi.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.equal(pi.amount_received, 0);
  assert.equal(pi.latest_charge, null);

  const missing = await rejects(stripe.paymentIntents.confirm(pi.id));
  assert.equal(missing.type, 'StripeInvalidRequestError');
  assert.equal(missing.code, 'payment_intent_unexpected_state');

  const updated = await stripe.paymentIntents.update(pi.id, { amount: 2500, metadata: { order_id: '6735' }, description: 'Order 6735' });
  assert.equal(updated.amount, 2500);
  assert.equal(updated.metadata.order_id, '6735');

  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', return_url: 'https://example.com/return' });
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 2500);
  assert.equal(paid.amount_capturable, 0);
  assert.match(String(paid.latest_charge), /^ch_/);

  const got = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method'] });
  const charge = got.latest_charge as Stripe.Charge;
  assert.equal(charge.object, 'charge');
  assert.equal(charge.amount, 2500);
  assert.equal(charge.captured, true);
  assert.equal(charge.paid, true);
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.payment_intent, pi.id);
  assert.equal(charge.payment_method_details?.card?.last4, '4242');
  assert.equal((got.payment_method as Stripe.PaymentMethod).card?.brand, 'visa');

  // Amount changes stop once it succeeded; metadata still changes.
  const late = await rejects(stripe.paymentIntents.update(pi.id, { amount: 3000 }));
  assert.equal(late.code, 'payment_intent_unexpected_state');
  await stripe.paymentIntents.update(pi.id, { metadata: { shipped: 'yes' } });

  const list = await stripe.paymentIntents.list({ limit: 3 });
  assert.equal(list.object, 'list');
  assert.equal(list.url, '/v1/payment_intents');
  assert.equal(list.data[0]!.id, pi.id);

  const found = await stripe.paymentIntents.search({ query: "status:'succeeded' AND metadata['order_id']:'6735'" });
  assert.equal(found.object, 'search_result');
  assert.equal(found.url, '/v1/payment_intents/search');
  assert.deepEqual(found.data.map((x) => x.id), [pi.id]);
  assert.equal(found.has_more, false);
  assert.equal(found.next_page, null);

  const charges = await stripe.charges.list({ payment_intent: pi.id });
  assert.deepEqual(charges.data.map((c) => c.id), [charge.id]);
});

test('capture later: manual capture, a partial capture, capture of a non-capturable intent', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  assert.equal(pi.status, 'requires_capture');
  assert.equal(pi.amount_capturable, 1099);
  const charge = await stripe.charges.retrieve(String(pi.latest_charge));
  assert.equal(charge.captured, false);
  assert.equal(charge.amount_captured, 0);

  const tooMuch = await rejects(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000 }));
  assert.equal(tooMuch.code, 'amount_too_large');
  assert.equal(tooMuch.param, 'amount_to_capture');

  const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 750 });
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_received, 750);
  assert.equal(captured.amount_capturable, 0);
  const after = await stripe.charges.retrieve(String(pi.latest_charge));
  assert.equal(after.captured, true);
  assert.equal(after.amount_captured, 750);
  assert.equal(after.amount_refunded, 349);

  const again = await rejects(stripe.paymentIntents.capture(pi.id));
  assert.equal(again.type, 'StripeInvalidRequestError');
  assert.equal(again.code, 'payment_intent_unexpected_state');
  // Stripe's answer once a manual capture released the rest of the authorisation.
  assert.equal(again.message, 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.');

  const open = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
  const notYet = await rejects(stripe.paymentIntents.capture(open.id));
  assert.equal(notYet.code, 'payment_intent_unexpected_state');
  assert.match(notYet.message, /status of requires_payment_method/);
});

test('cancel: an uncaptured authorisation is released; a succeeded payment cannot be canceled', async () => {
  const held = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  const canceled = await stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'requested_by_customer' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'requested_by_customer');
  assert.equal(typeof canceled.canceled_at, 'number');
  const refunds = await stripe.refunds.list({ payment_intent: held.id });
  assert.equal(refunds.data.length, 1);
  assert.equal(refunds.data[0]!.amount, 1000);

  const paid = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  const err = await rejects(stripe.paymentIntents.cancel(paid.id));
  assert.equal(err.code, 'payment_intent_unexpected_state');
});

test('a declined card: 402 card_error with the PaymentIntent back in requires_payment_method', async () => {
  const err = await rejects(stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  }));
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.statusCode, 402);
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'generic_decline');
  assert.equal(err.message, 'Your card was declined.');
  assert.equal(err.payment_intent?.status, 'requires_payment_method');
  assert.equal(err.payment_intent?.last_payment_error?.code, 'card_declined');
});

test('create refuses what the reference documents: missing amount, amount below the minimum, unknown id', async () => {
  const noAmount = await rejects(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
  assert.equal(noAmount.code, 'parameter_missing');
  assert.equal(noAmount.param, 'amount');
  assert.equal(noAmount.message, 'Missing required param: amount.');
  const small = await rejects(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }));
  assert.equal(small.code, 'amount_too_small');
  assert.equal(small.param, 'amount');
  const unknown = await rejects(stripe.paymentIntents.retrieve('pi_doesnotexist'));
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.code, 'resource_missing');
  assert.equal(unknown.message, "No such payment_intent: 'pi_doesnotexist'");
});

test('finalize payments on the server: a ConfirmationToken (test helper) confirms a PaymentIntent once', async () => {
  const token = await stripe.testHelpers.confirmationTokens.create({
    payment_method: 'pm_card_visa', return_url: 'https://example.com/return', setup_future_usage: 'off_session',
    shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', city: 'Paris', country: 'FR', postal_code: '75001' } },
  });
  assert.equal(token.object, 'confirmation_token');
  assert.match(token.id, /^ctoken_/);
  assert.equal(token.expires_at, token.created + 12 * 3600);
  assert.equal(token.payment_intent, null);
  assert.equal(token.payment_method_preview?.type, 'card');
  assert.equal(token.payment_method_preview?.card?.last4, '4242');
  assert.equal(token.return_url, 'https://example.com/return');
  assert.equal(token.setup_future_usage, 'off_session');
  assert.equal(token.shipping?.address.city, 'Paris');
  assert.equal((await stripe.confirmationTokens.retrieve(token.id)).id, token.id);

  const customer = await stripe.customers.create({ email: 'ct@example.com' });
  const pi = await stripe.paymentIntents.create({
    amount: 1099, currency: 'usd', customer: customer.id, automatic_payment_methods: { enabled: true }, confirm: true, confirmation_token: token.id,
  });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.setup_future_usage, 'off_session');
  assert.equal(pi.shipping?.name, 'Jenny Rosen');
  assert.match(String(pi.payment_method), /^pm_/);
  const saved = await stripe.customers.listPaymentMethods(customer.id);
  assert.deepEqual(saved.data.map((x) => x.id), [pi.payment_method]);
  assert.equal((await stripe.confirmationTokens.retrieve(token.id)).payment_intent, pi.id);

  const reused = await rejects(stripe.paymentIntents.create({ amount: 500, currency: 'usd', confirm: true, confirmation_token: token.id, automatic_payment_methods: { enabled: true } }));
  assert.equal(reused.type, 'StripeInvalidRequestError');
  assert.equal(reused.param, 'confirmation_token');

  // Confirming an existing intent, and a declined test card through a token.
  const declined = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_chargeDeclined' });
  const open = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', automatic_payment_methods: { enabled: true } });
  const err = await rejects(stripe.paymentIntents.confirm(open.id, { confirmation_token: declined.id, return_url: 'https://example.com/return' }));
  assert.equal(err.code, 'card_declined');
  const second = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_mastercard' });
  const paid = await stripe.paymentIntents.confirm(open.id, { confirmation_token: second.id, return_url: 'https://example.com/return' });
  assert.equal(paid.status, 'succeeded');

  const missing = await rejects(stripe.paymentIntents.create({ amount: 500, currency: 'usd', confirm: true, confirmation_token: 'ctoken_missing' }));
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.message, "No such confirmationtoken: 'ctoken_missing'");
  const withoutConfirm = await rejects(stripe.paymentIntents.create({ amount: 500, currency: 'usd', confirmation_token: second.id }));
  assert.equal(withoutConfirm.param, 'confirmation_token');
  const both = await rejects(stripe.paymentIntents.create({
    amount: 500, currency: 'usd', confirm: true, payment_method: 'pm_card_visa', confirmation_token: (await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_visa' })).id,
  }));
  assert.equal(both.param, 'confirmation_token');
});

// ---------------------------------------------------------------------------------------------------------------
// Refunds

test('refunds: by payment_intent and by charge, list and retrieve, and refunding more than was charged', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  const chargeId = String(pi.latest_charge);

  const over = await rejects(stripe.refunds.create({ payment_intent: pi.id, amount: 5000 }));
  assert.equal(over.type, 'StripeInvalidRequestError');
  assert.equal(over.param, 'amount');
  assert.equal(over.message, 'Refund amount ($50.00) is greater than charge amount ($20.00)');

  const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 500, reason: 'requested_by_customer', metadata: { ticket: '1' } });
  assert.equal(part.object, 'refund');
  assert.equal(part.status, 'succeeded');
  assert.equal(part.amount, 500);
  assert.equal(part.charge, chargeId);
  assert.equal(part.payment_intent, pi.id);
  assert.equal(part.reason, 'requested_by_customer');
  assert.equal(part.currency, 'usd');

  const overRest = await rejects(stripe.refunds.create({ charge: chargeId, amount: 1600 }));
  assert.equal(overRest.message, 'Refund amount ($16.00) is greater than unrefunded amount on charge ($15.00)');

  const rest = await stripe.refunds.create({ charge: chargeId });
  assert.equal(rest.amount, 1500);
  const charge = await stripe.charges.retrieve(chargeId);
  assert.equal(charge.refunded, true);
  assert.equal(charge.amount_refunded, 2000);

  const byPi = await stripe.refunds.list({ payment_intent: pi.id });
  assert.deepEqual(byPi.data.map((r) => r.id), [rest.id, part.id]);
  const byCharge = await stripe.refunds.list({ charge: chargeId });
  assert.deepEqual(byCharge.data.map((r) => r.id), [rest.id, part.id]);
  assert.equal((await stripe.refunds.retrieve(part.id)).metadata?.ticket, '1');

  const done = await rejects(stripe.refunds.create({ charge: chargeId }));
  assert.equal(done.code, 'charge_already_refunded');

  const none = await rejects(stripe.refunds.create({}));
  assert.equal(none.message, 'One of the following params should be provided for this request: payment_intent or charge.');
});

test('refunds: the charge of a canceled PaymentIntent has no successful charge to refund', async () => {
  const held = await stripe.paymentIntents.create({
    amount: 1500, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  await stripe.paymentIntents.cancel(held.id);
  const byCharge = await rejects(stripe.refunds.create({ charge: String(held.latest_charge) }));
  assert.equal(byCharge.type, 'StripeInvalidRequestError');
  assert.equal(byCharge.message, `This PaymentIntent (${held.id}) does not have a successful charge to refund.`);
  const byPi = await rejects(stripe.refunds.create({ payment_intent: held.id }));
  assert.equal(byPi.message, `This PaymentIntent (${held.id}) does not have a successful charge to refund.`);
  // A fully refunded charge of a succeeded PaymentIntent is "already refunded".
  const paid = await stripe.paymentIntents.create({
    amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  await stripe.refunds.create({ payment_intent: paid.id });
  const again = await rejects(stripe.refunds.create({ charge: String(paid.latest_charge) }));
  assert.equal(again.message, `Charge ${String(paid.latest_charge)} has already been refunded.`);
});

test('charges: a successful charge has a receipt_url whose page shows the payment and its refunds; a declined one has none', async () => {
  const pi = await stripe.paymentIntents.create({
    amount: 4250, currency: 'usd', description: 'Order 77', payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  const charge = await stripe.charges.retrieve(String(pi.latest_charge));
  assert.ok(charge.receipt_url);
  assert.ok(charge.receipt_url.startsWith(`${sim.url}/receipts/payment/`), charge.receipt_url);
  const res = await fetch(charge.receipt_url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const html = await res.text();
  assert.match(html, /\$42\.50/);
  assert.match(html, /Visa •••• 4242/);
  assert.match(html, /Order 77/);
  assert.doesNotMatch(html, /Refunded/);
  await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
  const after = await (await fetch(charge.receipt_url)).text();
  assert.match(after, /Refunded<\/dt><dd>\$10\.00/);
  const fr = await (await fetch(`${charge.receipt_url}?locale=fr`)).text();
  assert.match(fr, /Montant payé/);
  assert.match(fr, /42,50/);
  // The URL's secret is required.
  const forged = charge.receipt_url.replace(/\/[^/]+$/, '/notthesecret');
  assert.equal((await fetch(forged)).status, 404);
  // A declined charge has no receipt.
  await rejects(stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  }));
  const failed = (await stripe.charges.list({ limit: 1 })).data[0]!;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.receipt_url, null);
});

// ---------------------------------------------------------------------------------------------------------------
// Checkout

test('Checkout quickstart: a hosted payment session from a Price, paid, then retrieved with its line items and PaymentIntent', async () => {
  const product = await stripe.products.create({ name: 'Stubborn Attachments', default_price_data: { currency: 'usd', unit_amount: 2000 } });
  const price = String(product.default_price);
  const session = await stripe.checkout.sessions.create({
    line_items: [{ price, quantity: 2 }, tshirt],
    mode: 'payment',
    success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://example.com/cancel',
    customer_email: 'jenny.rosen@example.com',
    metadata: { order_id: '6735' },
    payment_intent_data: { metadata: { order_id: '6735' }, description: 'Order 6735' },
  });
  assert.equal(session.object, 'checkout.session');
  assert.match(session.id, /^cs_test_/);
  assert.equal(session.status, 'open');
  assert.equal(session.payment_status, 'unpaid');
  assert.equal(session.mode, 'payment');
  assert.equal(session.ui_mode, 'hosted_page');
  assert.equal(session.amount_subtotal, 6000);
  assert.equal(session.amount_total, 6000);
  assert.equal(session.currency, 'usd');
  assert.equal(session.success_url, 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}');
  assert.equal(session.cancel_url, 'https://example.com/cancel');
  assert.equal(session.customer_email, 'jenny.rosen@example.com');
  assert.equal(session.metadata?.order_id, '6735');
  assert.equal(session.payment_intent, null);
  assert.equal(session.client_secret, null);
  assert.ok(session.url);
  assert.ok(session.expires_at - session.created >= 24 * 3600 - 1 && session.expires_at - session.created <= 24 * 3600);

  const piId = await pay(session);
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items', 'payment_intent'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.url, null);
  const pi = done.payment_intent as Stripe.PaymentIntent;
  assert.equal(pi.id, piId);
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.amount, 6000);
  assert.equal(pi.metadata.order_id, '6735');
  assert.equal(pi.description, 'Order 6735');
  const items = done.line_items!;
  assert.equal(items.object, 'list');
  assert.equal(items.url, `/v1/checkout/sessions/${session.id}/line_items`);
  assert.deepEqual(items.data.map((li) => [li.description, li.quantity, li.amount_total, li.price?.id === price]), [
    ['Stubborn Attachments', 2, 4000, true],
    ['T-shirt', 1, 2000, false],
  ]);

  const listed = await stripe.checkout.sessions.listLineItems(session.id, { limit: 1 });
  assert.equal(listed.data.length, 1);
  assert.equal(listed.has_more, true);

  const byPi = await stripe.checkout.sessions.list({ payment_intent: piId });
  assert.deepEqual(byPi.data.map((s) => s.id), [session.id]);
  const complete = await stripe.checkout.sessions.list({ status: 'complete' });
  assert.ok(complete.data.some((s) => s.id === session.id));
  assert.ok(complete.data.every((s) => s.status === 'complete'));

  const completed = await stripe.events.list({ type: 'checkout.session.completed' });
  const event = completed.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id);
  assert.ok(event);
  assert.equal((event.data.object as Stripe.Checkout.Session).payment_status, 'paid');

  const expireDone = await rejects(stripe.checkout.sessions.expire(session.id));
  assert.equal(expireDone.type, 'StripeInvalidRequestError');
});

test('embedded Checkout: ui_mode embedded_page with return_url gives a client_secret and no url; hosted-only parameters are refused', async () => {
  const session = await stripe.checkout.sessions.create({
    ui_mode: 'embedded_page', line_items: [tshirt], mode: 'payment', return_url: 'https://example.com/return?session_id={CHECKOUT_SESSION_ID}',
  });
  assert.equal(session.ui_mode, 'embedded_page');
  assert.match(session.client_secret!, new RegExp(`^${session.id}_secret_`));
  assert.equal(session.url, null);
  assert.equal(session.return_url, 'https://example.com/return?session_id={CHECKOUT_SESSION_ID}');
  const withSuccess = await rejects(stripe.checkout.sessions.create({
    ui_mode: 'embedded_page', line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success',
  }));
  assert.equal(withSuccess.param, 'success_url');
  await pay(session);
  const done = await stripe.checkout.sessions.retrieve(session.id);
  assert.equal(done.status, 'complete');
});

test('Checkout: customer_creation always creates the Customer with the email collected', async () => {
  const session = await stripe.checkout.sessions.create({
    line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success', customer_creation: 'always',
  });
  assert.equal(session.customer_creation, 'always');
  assert.equal(session.customer, null);
  await pay(session, 'pm_card_visa', 'new.buyer@example.com');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['customer'] });
  const customer = done.customer as Stripe.Customer;
  assert.equal(customer.object, 'customer');
  assert.equal(customer.email, 'new.buyer@example.com');
  assert.equal(done.customer_details?.email, 'new.buyer@example.com');
});

test('Checkout: expire an open session, then operations Stripe refuses on it', async () => {
  const session = await stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success' });
  const expired = await stripe.checkout.sessions.expire(session.id);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.url, null);
  const again = await rejects(stripe.checkout.sessions.expire(session.id));
  assert.equal(again.type, 'StripeInvalidRequestError');
  assert.match(again.message, /expired/);
  const listed = await stripe.checkout.sessions.list({ status: 'expired' });
  assert.ok(listed.data.some((s) => s.id === session.id));
  const event = (await stripe.events.list({ type: 'checkout.session.expired' })).data.find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id);
  assert.ok(event);
});

test("Checkout: an open session's PaymentIntent cannot be canceled through the API (expire the session instead)", async () => {
  const session = await stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success' });
  const piId = await pay(session, 'pm_card_visa_chargeDeclined');
  assert.equal((await stripe.checkout.sessions.retrieve(session.id)).payment_intent, piId);
  const err = await rejects(stripe.paymentIntents.cancel(piId));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.message, 'You cannot perform this action on PaymentIntents created by Checkout. Try expiring the Checkout Session instead.');
  assert.equal((await stripe.paymentIntents.retrieve(piId)).status, 'requires_payment_method');
  await stripe.checkout.sessions.expire(session.id);
  const pi = await stripe.paymentIntents.retrieve(piId);
  assert.equal(pi.status, 'canceled');
  assert.equal(pi.cancellation_reason, 'abandoned');

  // Once the session completed with a held payment, the hold is the merchant's to release.
  const held = await stripe.checkout.sessions.create({
    line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success', payment_intent_data: { capture_method: 'manual' },
  });
  const heldPi = await pay(held);
  const done = await stripe.checkout.sessions.retrieve(held.id);
  assert.equal(done.status, 'complete');
  assert.equal((await stripe.paymentIntents.retrieve(heldPi)).status, 'requires_capture');
  assert.equal((await stripe.paymentIntents.cancel(heldPi)).status, 'canceled');
});

test("Checkout: its PaymentIntent's payment fields are Checkout's; metadata and description stay the merchant's", async () => {
  const session = await stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/success' });
  const piId = await pay(session, 'pm_card_visa_chargeDeclined');
  const err = await rejects(stripe.paymentIntents.update(piId, { amount: 100, payment_method: 'pm_card_visa' }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(
    err.message,
    'Some of the parameters you provided (amount, payment_method) cannot be used when modifying a PaymentIntent that was created by Checkout. You can try again without those parameters.',
  );
  assert.equal((await stripe.paymentIntents.retrieve(piId)).amount, 2000);
  const ok = await stripe.paymentIntents.update(piId, { metadata: { order_id: '42' }, description: 'Order 42' });
  assert.equal(ok.metadata.order_id, '42');
  assert.equal(ok.description, 'Order 42');
  // A PaymentIntent of the merchant's own still updates.
  const own = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true } });
  assert.equal((await stripe.paymentIntents.update(own.id, { amount: 100 })).amount, 100);
});

test('Checkout: expires_at between 30 minutes and 24 hours', async () => {
  const now = Math.floor(Date.now() / 1000);
  const soon = await rejects(stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/s', expires_at: now + 60 }));
  assert.equal(soon.param, 'expires_at');
  const late = await rejects(stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/s', expires_at: now + 25 * 3600 }));
  assert.equal(late.param, 'expires_at');
  const ok = await stripe.checkout.sessions.create({ line_items: [tshirt], mode: 'payment', success_url: 'https://example.com/s', expires_at: now + 3600 });
  assert.equal(ok.expires_at, now + 3600);
});

test('Checkout: the documented mistakes (missing line_items, recurring price in payment mode, bad URLs, mixed currencies)', async () => {
  const noItems = await rejects(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/s' }));
  assert.equal(noItems.param, 'line_items');
  const noMode = await rejects(stripe.checkout.sessions.create({ line_items: [tshirt], success_url: 'https://example.com/s' } as Stripe.Checkout.SessionCreateParams));
  assert.equal(noMode.message, 'Missing required param: mode.');
  const monthly = await stripe.prices.create({ currency: 'usd', unit_amount: 900, recurring: { interval: 'month' }, product_data: { name: 'Monthly' } });
  const recurring = await rejects(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/s', line_items: [{ price: monthly.id, quantity: 1 }] }));
  assert.equal(recurring.message, 'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.');
  const badUrl = await rejects(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'example.com/success', line_items: [tshirt] }));
  assert.equal(badUrl.param, 'success_url');
  assert.equal(badUrl.message, 'Not a valid URL');
  const badCancel = await rejects(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/s', cancel_url: 'nope', line_items: [tshirt] }));
  assert.equal(badCancel.param, 'cancel_url');
  const unknownPrice = await rejects(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/s', line_items: [{ price: 'price_missing', quantity: 1 }] }));
  assert.equal(unknownPrice.code, 'resource_missing');
  assert.equal(unknownPrice.message, "No such price: 'price_missing'");
  const mixed = await rejects(stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s',
    line_items: [tshirt, { price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'Hat' } }, quantity: 1 }],
  }));
  assert.equal(mixed.type, 'StripeInvalidRequestError');
  const both = await rejects(stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s', customer_email: 'a@example.com', customer: (await stripe.customers.create({})).id, line_items: [tshirt],
  }));
  assert.equal(both.message, 'You may only specify one of these parameters: customer, customer_email.');
});

test('Checkout: an existing customer cannot be combined with customer_creation (Stripe refuses the pair)', async () => {
  const customer = await stripe.customers.create({ email: 'known@example.com' });
  const err = await rejects(stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s', line_items: [tshirt], customer: customer.id, customer_creation: 'always',
  }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.message, 'You may only specify one of these parameters: customer, customer_creation.');
  assert.equal(err.param, 'customer');
  // Each alone is fine.
  const withCustomer = await stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com/s', line_items: [tshirt], customer: customer.id });
  assert.equal(withCustomer.customer, customer.id);
});

test('Checkout: one-time prices only in subscription mode is the documented mistake, answered in Stripe\'s words', async () => {
  const oneTime = await stripe.prices.create({ currency: 'usd', unit_amount: 900, product_data: { name: 'Once' } });
  const err = await rejects(stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://example.com/s', line_items: [{ price: oneTime.id, quantity: 1 }] }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.message, 'You must provide at least one recurring price in `subscription` mode when using prices.');
  const inline = await rejects(stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://example.com/s', line_items: [tshirt] }));
  assert.equal(inline.message, 'You must provide at least one recurring price in `subscription` mode when using prices.');
  const unknown = await rejects(stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://example.com/s', line_items: [{ price: 'price_missing', quantity: 1 }] }));
  assert.equal(unknown.code, 'resource_missing');
});

test('Checkout: subscription_data is refused outside subscription mode', async () => {
  const err = await rejects(stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s', line_items: [tshirt], subscription_data: { metadata: { plan: 'pro' } },
  }));
  assert.equal(err.message, 'You can not pass `subscription_data` in `payment` mode.');
  assert.equal(err.param, 'subscription_data');
  const setup = await rejects(stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', success_url: 'https://example.com/s', subscription_data: { metadata: { plan: 'pro' } },
  }));
  assert.equal(setup.message, 'You can not pass `subscription_data` in `setup` mode.');
});

// ---------------------------------------------------------------------------------------------------------------
// Webhooks and events

test('webhook endpoints: create returns the secret once; list, update, delete; events list and retrieve; constructEvent', async () => {
  const endpoint = await stripe.webhookEndpoints.create({
    url: 'https://example.com/my/webhook/endpoint', enabled_events: ['payment_intent.payment_failed', 'payment_intent.succeeded'],
  });
  assert.equal(endpoint.object, 'webhook_endpoint');
  assert.match(endpoint.secret!, /^whsec_/);
  assert.equal(endpoint.status, 'enabled');
  const listed = await stripe.webhookEndpoints.list({ limit: 3 });
  const inList = listed.data.find((w) => w.id === endpoint.id)!;
  assert.equal(inList.secret, undefined);
  const updated = await stripe.webhookEndpoints.update(endpoint.id, { url: 'https://example.com/new_endpoint', enabled_events: ['charge.succeeded'] });
  assert.equal(updated.url, 'https://example.com/new_endpoint');
  assert.deepEqual(updated.enabled_events, ['charge.succeeded']);
  const disabled = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
  assert.equal(disabled.status, 'disabled');
  const deleted = await stripe.webhookEndpoints.del(endpoint.id);
  assert.deepEqual({ ...deleted }, { id: endpoint.id, object: 'webhook_endpoint', deleted: true });
  const gone = await rejects(stripe.webhookEndpoints.retrieve(endpoint.id));
  assert.equal(gone.code, 'resource_missing');
  const badEvent = await rejects(stripe.webhookEndpoints.create({ url: 'https://example.com/h', enabled_events: ['not.an.event' as Stripe.WebhookEndpointCreateParams.EnabledEvent] }));
  assert.equal(badEvent.type, 'StripeInvalidRequestError');

  const customer = await stripe.customers.create({ email: 'events@example.com' });
  const events = await stripe.events.list({ type: 'customer.created', limit: 5 });
  const event = events.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id)!;
  assert.ok(event);
  const fetched = await stripe.events.retrieve(event.id);
  assert.equal(fetched.object, 'event');
  assert.equal(fetched.type, 'customer.created');
  assert.equal(fetched.api_version, '2026-10-28.endive');
  assert.equal(fetched.livemode, false);

  const payload = JSON.stringify(fetched);
  const secret = 'whsec_test_secret';
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
  const constructed = stripe.webhooks.constructEvent(payload, header, secret);
  assert.equal(constructed.id, fetched.id);
  assert.throws(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other'), Stripe.errors.StripeSignatureVerificationError);
});

// ---------------------------------------------------------------------------------------------------------------
// Customers, products and prices

test('customers: create, update, list by email (case-sensitive), search, delete', async () => {
  const c = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
  await stripe.customers.update(c.id, { metadata: { order_id: '6735' } });
  const byEmail = await stripe.customers.list({ email: 'jennyrosen@example.com' });
  assert.deepEqual(byEmail.data.map((x) => x.id), [c.id]);
  assert.equal((await stripe.customers.list({ email: 'JennyRosen@example.com' })).data.length, 0);
  const found = await stripe.customers.search({ query: "name:'Jenny Rosen' AND metadata['order_id']:'6735'" });
  assert.deepEqual(found.data.map((x) => x.id), [c.id]);
  const deleted = await stripe.customers.del(c.id);
  assert.equal(deleted.deleted, true);
  const after = await stripe.customers.retrieve(c.id);
  assert.equal((after as Stripe.DeletedCustomer).deleted, true);
});

test("customers: created with a test PaymentMethod that is also the invoices' default, as Stripe's docs write it", async () => {
  const customer = await stripe.customers.create({
    email: 'jenny.rosen@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const pms = await stripe.customers.listPaymentMethods(customer.id);
  assert.equal(pms.data.length, 1);
  assert.match(pms.data[0]!.id, /^pm_/);
  assert.notEqual(pms.data[0]!.id, 'pm_card_visa');
  assert.equal(customer.invoice_settings.default_payment_method, pms.data[0]!.id);
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method, pms.data[0]!.id);
  const created = (await stripe.events.list({ type: 'customer.created', limit: 5 })).data.find((e) => (e.data.object as Stripe.Customer).id === customer.id)!;
  assert.equal((created.data.object as Stripe.Customer).invoice_settings.default_payment_method, pms.data[0]!.id);
  // A default that is not the customer's is still refused.
  const other = await rejects(stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_mastercard' } }));
  assert.equal(other.param, 'invoice_settings[default_payment_method]');
});

test('products and prices: default_price_data, lookup_keys, list by product and active, search', async () => {
  const product = await stripe.products.create({
    name: 'Gold Plan', default_price_data: { unit_amount: 1000, currency: 'usd', recurring: { interval: 'month' } }, expand: ['default_price'],
  });
  const def = product.default_price as Stripe.Price;
  assert.equal(def.product, product.id);
  assert.equal(def.type, 'recurring');
  assert.equal(def.recurring?.interval, 'month');
  const yearly = await stripe.prices.create({
    product: product.id, unit_amount: 10000, currency: 'usd', recurring: { interval: 'year' }, lookup_key: 'gold_yearly',
  });
  const byKey = await stripe.prices.list({ lookup_keys: ['gold_yearly'], expand: ['data.product'] });
  assert.deepEqual(byKey.data.map((x) => x.id), [yearly.id]);
  assert.equal((byKey.data[0]!.product as Stripe.Product).name, 'Gold Plan');
  await stripe.prices.update(yearly.id, { active: false });
  const active = await stripe.prices.list({ product: product.id, active: true });
  assert.deepEqual(active.data.map((x) => x.id), [def.id]);
  const inactive = await stripe.prices.list({ product: product.id, active: false });
  assert.deepEqual(inactive.data.map((x) => x.id), [yearly.id]);
  const searched = await stripe.prices.search({ query: `product:'${product.id}' AND active:'true'` });
  assert.deepEqual(searched.data.map((x) => x.id), [def.id]);
});

test('currency codes are case-insensitive, as Stripe lowercases them: prices, default_price_data and Checkout price_data', async () => {
  const price = await stripe.prices.create({ currency: 'USD', unit_amount: 1200, product_data: { name: 'Upper' } });
  assert.equal(price.currency, 'usd');
  const product = await stripe.products.create({ name: 'Upper 2', default_price_data: { currency: 'EUR', unit_amount: 900 }, expand: ['default_price'] });
  assert.equal((product.default_price as Stripe.Price).currency, 'eur');
  const session = await stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s',
    line_items: [{ price: price.id, quantity: 1 }, { price_data: { currency: 'USD', unit_amount: 800, product_data: { name: 'Cap' } }, quantity: 1 }],
  });
  assert.equal(session.currency, 'usd');
  assert.equal(session.amount_total, 2000);
  const bad = await rejects(stripe.prices.create({ currency: 'XYZ', unit_amount: 100, product_data: { name: 'Bad' } }));
  assert.equal(bad.param, 'currency');
  assert.match(bad.message, /^Invalid currency: XYZ\. /);
});

test('prices: product and product_data are exclusive (a price and a Checkout price_data alike)', async () => {
  const product = await stripe.products.create({ name: 'Exclusive' });
  const err = await rejects(stripe.prices.create({ currency: 'usd', unit_amount: 100, product: product.id, product_data: { name: 'Other' } }));
  assert.equal(err.message, 'You may only specify one of these parameters: product, product_data.');
  assert.equal(err.param, 'product');
  const inCheckout = await rejects(stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/s',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product: product.id, product_data: { name: 'Other' } }, quantity: 1 }],
  }));
  assert.equal(inCheckout.message, 'You may only specify one of these parameters: product, product_data.');
  assert.equal(inCheckout.param, 'line_items[0][price_data][product]');
  assert.equal((await stripe.prices.list({ product: product.id })).data.length, 0);
});

test('products: one with prices cannot be deleted (archive it instead); one without is deleted', async () => {
  const priced = await stripe.products.create({ name: 'Priced', default_price_data: { currency: 'usd', unit_amount: 300 } });
  const err = await rejects(stripe.products.del(priced.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.message, 'This product cannot be deleted because it has one or more user-created prices.');
  assert.equal(err.code, undefined);
  assert.equal((await stripe.products.update(priced.id, { active: false })).active, false);
  const bare = await stripe.products.create({ name: 'Bare' });
  assert.deepEqual({ ...(await stripe.products.del(bare.id)) }, { id: bare.id, object: 'product', deleted: true });
});

test('prices: currency_options are kept and shown when expanded, with the price\'s own currency', async () => {
  const price = await stripe.prices.create({
    product_data: { name: 'Multi' }, currency: 'usd', unit_amount: 1000, currency_options: { eur: { unit_amount: 900, tax_behavior: 'inclusive' }, GBP: { unit_amount: 800 } },
  });
  assert.equal(price.currency_options, undefined);
  const got = await stripe.prices.retrieve(price.id, { expand: ['currency_options'] });
  assert.deepEqual(Object.keys(got.currency_options!).sort(), ['eur', 'gbp', 'usd']);
  assert.equal(got.currency_options!.usd!.unit_amount, 1000);
  assert.equal(got.currency_options!.eur!.unit_amount, 900);
  assert.equal(got.currency_options!.eur!.tax_behavior, 'inclusive');
  assert.equal(got.currency_options!.gbp!.unit_amount, 800);
  assert.equal(String(got.currency_options!.gbp!.unit_amount_decimal), '800');
  const updated = await stripe.prices.update(price.id, { currency_options: { eur: { unit_amount: 950 }, jpy: { unit_amount: 1500 } }, expand: ['currency_options'] });
  assert.equal(updated.currency_options!.eur!.unit_amount, 950);
  assert.equal(updated.currency_options!.jpy!.unit_amount, 1500);
  assert.equal(updated.currency_options!.gbp!.unit_amount, 800);
  const listed = await stripe.prices.list({ product: String(price.product), expand: ['data.currency_options'] });
  assert.equal(listed.data[0]!.currency_options!.jpy!.unit_amount, 1500);
  const missing = await rejects(stripe.prices.create({ product_data: { name: 'Multi' }, currency: 'usd', unit_amount: 1000, currency_options: { eur: { tax_behavior: 'inclusive' } } }));
  assert.equal(missing.param, 'currency_options[eur][unit_amount]');
  const bad = await rejects(stripe.prices.create({ product_data: { name: 'Multi' }, currency: 'usd', unit_amount: 1000, currency_options: { xyz: { unit_amount: 1 } } }));
  assert.match(bad.message, /^Invalid currency: xyz/);
});

test("prices: the product's default price cannot be archived until another default is set", async () => {
  const product = await stripe.products.create({ name: 'Archivable', default_price_data: { unit_amount: 500, currency: 'usd' } });
  const first = String(product.default_price);
  const err = await rejects(stripe.prices.update(first, { active: false }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.message, 'This price cannot be archived because it is the default price of its product.');
  assert.equal((await stripe.prices.retrieve(first)).active, true);
  // Other updates of the default price still work.
  assert.equal((await stripe.prices.update(first, { nickname: 'launch' })).nickname, 'launch');
  const second = await stripe.prices.create({ product: product.id, unit_amount: 600, currency: 'usd' });
  await stripe.products.update(product.id, { default_price: second.id });
  const archived = await stripe.prices.update(first, { active: false });
  assert.equal(archived.active, false);
});

// Last: moves the simulator's clock.
test('a ConfirmationToken expires 12 hours after its creation', async () => {
  const token = await stripe.testHelpers.confirmationTokens.create({ payment_method: 'pm_card_visa' });
  await sim.control('POST', '/_sim/clock/advance', { seconds: 12 * 3600 + 1 });
  const err = await rejects(stripe.paymentIntents.create({
    amount: 500, currency: 'usd', confirm: true, confirmation_token: token.id, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.param, 'confirmation_token');
  assert.match(err.message, /expired/);
});

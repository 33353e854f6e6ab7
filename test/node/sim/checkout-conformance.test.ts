// Checkout Sessions against Stripe's documented behaviour, through the official SDK: the object's every field,
// the create parameters the session echoes, customer creation on completion, the lazily attached PaymentIntent,
// line items with expansions, list filters, and the differences between API versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

const { sim, stripe } = useTestSim();

const item = (unit = 1000, quantity = 1, name = 'Tee') => ({
  price_data: { currency: 'usd', unit_amount: unit, product_data: { name } }, quantity,
});
const base = { mode: 'payment' as const, success_url: 'https://shop.example/ok' };

async function rejects(promise: Promise<unknown>, expected: { message: string | RegExp; param?: string; code?: string }) {
  await assert.rejects(promise, (err: Stripe.errors.StripeError) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
    else assert.match(err.message, expected.message);
    if (expected.param !== undefined) assert.equal(err.param, expected.param);
    if (expected.code !== undefined) assert.equal(err.code, expected.code);
    return true;
  });
}

/** Pays a session the way its page does (test/node/helpers/checkout.ts). */
function pay(session: Stripe.Checkout.Session, pm = 'pm_card_visa', email = 'buyer@example.com') {
  return payCheckoutSession(sim, session, { pm, email, returnUrl: 'https://shop.example/back' });
}

// Every field `Stripe.Checkout.Session` declares as always present (not `?`), in the SDK 23.1 types.
const SESSION_FIELDS = [
  'id', 'object', 'adaptive_pricing', 'after_expiration', 'allow_promotion_codes', 'allowed_payment_method_types', 'amount_subtotal',
  'amount_total', 'automatic_tax', 'billing_address_collection', 'cancel_url', 'client_reference_id', 'client_secret',
  'collected_information', 'consent', 'consent_collection', 'created', 'currency', 'currency_conversion', 'custom_fields', 'custom_text',
  'customer', 'customer_account', 'customer_creation', 'customer_details', 'customer_email', 'discounts', 'expires_at',
  'integration_identifier', 'invoice', 'invoice_creation', 'livemode', 'locale', 'managed_payments', 'metadata', 'mode',
  'origin_context', 'payment_intent', 'payment_link', 'payment_method_collection', 'payment_method_configuration_details',
  'payment_method_options', 'payment_method_types', 'payment_status', 'permissions', 'recovered_from', 'saved_payment_method_options',
  'setup_intent', 'shipping_address_collection', 'shipping_cost', 'shipping_options', 'status', 'submit_type', 'subscription',
  'success_url', 'total_details', 'ui_mode', 'url', 'wallet_options',
];

test('the object carries every field the SDK types declare, with Stripe defaults for a plain payment session', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(2198)] });
  for (const k of SESSION_FIELDS) assert.ok(k in s, `missing ${k}`);
  assert.equal(s.livemode, false);
  assert.equal(s.customer, null);
  assert.equal(s.customer_creation, 'if_required');
  assert.equal(s.customer_details, null);
  assert.equal(s.payment_intent, null);
  assert.equal(s.invoice, null);
  assert.equal(s.setup_intent, null);
  assert.equal(s.after_expiration, null);
  assert.equal(s.consent, null);
  assert.equal(s.consent_collection, null);
  assert.equal(s.shipping_address_collection, null);
  assert.deepEqual(s.custom_text, { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null });
  assert.deepEqual(s.phone_number_collection, { enabled: false });
  assert.deepEqual(s.tax_id_collection, { enabled: false, required: 'never' });
  assert.deepEqual(s.total_details, { amount_discount: 0, amount_shipping: 0, amount_tax: 0 });
  assert.equal(s.invoice_creation?.enabled, false);
  assert.deepEqual(s.metadata, {});
  assert.equal(s.locale, null);
  assert.equal(s.submit_type, null);
  assert.equal(s.billing_address_collection, null);
  assert.equal(s.client_reference_id, null);
  assert.equal(s.amount_subtotal, 2198);
  assert.equal(s.amount_total, 2198);
});

test('create parameters that shape the page are echoed on the session', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base,
    line_items: [item()],
    client_reference_id: 'cart_77',
    locale: 'fr',
    submit_type: 'donate',
    billing_address_collection: 'required',
    phone_number_collection: { enabled: true },
    consent_collection: { promotions: 'auto', terms_of_service: 'none' },
    custom_text: { submit: { message: 'Ships in 2 days' }, after_submit: { message: 'Thanks!' } },
    shipping_address_collection: { allowed_countries: ['US', 'CA'] },
    tax_id_collection: { enabled: true },
    after_expiration: { recovery: { enabled: true } },
    allow_promotion_codes: true,
    invoice_creation: { enabled: true },
    metadata: { order: '9' },
  });
  assert.equal(s.client_reference_id, 'cart_77');
  assert.equal(s.locale, 'fr');
  assert.equal(s.submit_type, 'donate');
  assert.equal(s.billing_address_collection, 'required');
  assert.deepEqual(s.phone_number_collection, { enabled: true });
  assert.deepEqual(s.consent_collection, { payment_method_reuse_agreement: null, promotions: 'auto', terms_of_service: 'none' });
  assert.deepEqual(s.custom_text, { after_submit: { message: 'Thanks!' }, shipping_address: null, submit: { message: 'Ships in 2 days' }, terms_of_service_acceptance: null });
  assert.deepEqual(s.shipping_address_collection, { allowed_countries: ['US', 'CA'] });
  assert.deepEqual(s.tax_id_collection, { enabled: true, required: 'never' });
  assert.deepEqual(s.after_expiration, { recovery: { allow_promotion_codes: false, enabled: true, expires_at: null, url: null } });
  assert.equal(s.allow_promotion_codes, true);
  assert.equal(s.invoice_creation?.enabled, true);
  assert.deepEqual(s.metadata, { order: '9' });
  assert.equal(s.managed_payments, null);
  assert.equal(s.permissions, null);
  const more = await stripe.checkout.sessions.create({
    ...base, line_items: [item()],
    managed_payments: { enabled: true },
    permissions: { update_shipping_details: 'server_only' },
    name_collection: { individual: { enabled: true } },
    payment_method_data: { allow_redisplay: 'always' },
  });
  assert.deepEqual(more.managed_payments, { enabled: true });
  assert.deepEqual(more.permissions, { update_shipping_details: 'server_only' });
  assert.deepEqual(more.name_collection, { individual: { enabled: true, optional: false } });
  const extra = await stripe.prices.create({ currency: 'usd', unit_amount: 300, product_data: { name: 'Gift wrap' } });
  const optional = await stripe.checkout.sessions.create({ ...base, line_items: [item()], optional_items: [{ price: extra.id, quantity: 1 }] });
  assert.deepEqual(optional.optional_items, [{ adjustable_quantity: null, price: extra.id, quantity: 1 }]);
  assert.equal(optional.amount_total, 1000);
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], optional_items: [{ price: 'price_nope', quantity: 1 }] }), {
    message: "No such price: 'price_nope'", param: 'optional_items[0][price]',
  });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], customer_update: { name: 'auto' } }), { message: /`customer_update` can only be used with `customer`/, param: 'customer_update' });
  const setup = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: base.success_url, customer_creation: 'always' });
  assert.equal(setup.customer_creation, 'always');
  assert.equal(setup.amount_total, null);
  assert.equal(setup.payment_status, 'no_payment_required');
});

test('create validation: locale, customer_email, discounts, customer', async () => {
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], locale: 'xx' as never }), { message: /^Invalid locale: must be one of auto, bg, /, param: 'locale' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], customer_email: 'not-an-email' }), { message: 'Invalid email address: not-an-email', param: 'customer_email', code: 'email_invalid' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], allow_promotion_codes: true, discounts: [{ coupon: 'SUMMER' }] }), {
    message: 'You may only specify one of these parameters: allow_promotion_codes, discounts.', param: 'allow_promotion_codes',
  });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], discounts: [{ coupon: 'SUMMER' }] }), { message: "No such coupon: 'SUMMER'", param: 'discounts[0][coupon]', code: 'resource_missing' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], discounts: [{ promotion_code: 'promo_1' }] }), { message: "No such promotion_code: 'promo_1'", param: 'discounts[0][promotion_code]' });
  // as in Stripe's Checkout quickstart: accepted, no tax computed on the simulated account
  const taxed = await stripe.checkout.sessions.create({ ...base, line_items: [item()], automatic_tax: { enabled: true } });
  assert.deepEqual(taxed.automatic_tax, { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'complete' });
  assert.equal(taxed.total_details?.amount_tax, 0);
  assert.equal(taxed.amount_total, taxed.amount_subtotal);
  assert.equal((await stripe.checkout.sessions.create({ ...base, line_items: [item()], automatic_tax: { enabled: false } })).automatic_tax.enabled, false);
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [{ ...item(), tax_rates: ['txr_nope'] }] }), { message: "No such tax_rate: 'txr_nope'", param: 'line_items[0][tax_rates][0]' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], customer: 'cus_nope' }), { message: "No such customer: 'cus_nope'", param: 'customer', code: 'resource_missing' });
  const c = await stripe.customers.create({ email: 'known@example.com' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], customer: c.id, customer_email: 'x@example.com' }), {
    message: 'You may only specify one of these parameters: customer, customer_email.',
  });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], consent_collection: { promotions: 'sometimes' as never } }), { message: /Invalid consent_collection\[promotions\]/, param: 'consent_collection[promotions]' });
  const elements = { mode: 'payment' as const, ui_mode: 'elements' as const, return_url: 'https://shop.example/r', line_items: [item()] };
  await rejects(stripe.checkout.sessions.create({ ...elements, custom_text: { submit: { message: 'Hi' } } } as Stripe.Checkout.SessionCreateParams), {
    message: 'You cannot pass `custom_text` when `ui_mode` is `elements`.', param: 'custom_text',
  });
  await rejects(stripe.checkout.sessions.create({ ...elements, after_expiration: { recovery: { enabled: true } } } as Stripe.Checkout.SessionCreateParams), { message: /`after_expiration` when `ui_mode` is `elements`/ });
  await rejects(stripe.checkout.sessions.create({ ...elements, submit_type: 'pay' } as Stripe.Checkout.SessionCreateParams), { message: /`submit_type` when `ui_mode` is `elements`/ });
  assert.equal((await stripe.checkout.sessions.create({ ...base, line_items: [item()], origin_context: 'web' })).origin_context, 'web');
  await rejects(stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: base.success_url, submit_type: 'pay' }), { message: 'You can not pass `submit_type` in `setup` mode.', param: 'submit_type' });
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], payment_method_collection: 'if_required' }), {
    message: 'You can not pass `payment_method_collection` in `payment` mode.', param: 'payment_method_collection',
  });
});

test('the PaymentIntent appears on the session once the customer confirms (a decline included), not when the page opens', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(1500)] });
  const declined = await pay(s, 'pm_card_chargeDeclined');
  assert.equal(declined.confirm.error?.code, 'card_declined');
  const after = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(after.status, 'open');
  assert.equal(after.payment_status, 'unpaid');
  assert.equal(after.payment_intent, declined.piId);
  assert.deepEqual((await stripe.checkout.sessions.list({ payment_intent: declined.piId })).data.map((x) => x.id), [s.id]);
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
  assert.equal((expanded.payment_intent as Stripe.PaymentIntent).status, 'requires_payment_method');

  const fresh = await stripe.checkout.sessions.create({ ...base, line_items: [item(1500)] });
  const opened = await fetch(`${sim.url}/v1/payment_pages/${fresh.id}/start`, { method: 'POST', headers: { Authorization: `Bearer ${sim.keys.publishable}` } });
  assert.equal(opened.status, 200);
  assert.equal((await stripe.checkout.sessions.retrieve(fresh.id)).payment_intent, null);
});

test('customer_creation if_required (the default) completes without a Customer; always creates one', async () => {
  const guest = await stripe.checkout.sessions.create({ ...base, line_items: [item()] });
  await pay(guest, 'pm_card_visa', 'guest@example.com');
  const guestDone = await stripe.checkout.sessions.retrieve(guest.id);
  assert.equal(guestDone.status, 'complete');
  assert.equal(guestDone.customer, null);
  assert.equal(guestDone.customer_details?.email, 'guest@example.com');

  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item()], customer_creation: 'always' });
  assert.equal(s.customer_creation, 'always');
  const { piId } = await pay(s, 'pm_card_visa', 'new@example.com');
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['customer'] });
  assert.equal(done.status, 'complete');
  const customer = done.customer as Stripe.Customer;
  assert.match(customer.id, /^cus_/);
  assert.equal(customer.email, 'new@example.com');
  assert.equal((await stripe.paymentIntents.retrieve(piId)).customer, customer.id);
  assert.deepEqual((await stripe.checkout.sessions.list({ customer: customer.id })).data.map((x) => x.id), [s.id]);
  const created = await stripe.events.list({ type: 'customer.created', limit: 5 });
  assert.ok(created.data.some((e) => (e.data.object as Stripe.Customer).id === customer.id));
  const completed = (await stripe.events.list({ type: 'checkout.session.completed', limit: 10 })).data.find((e) => (e.data.object as Stripe.Checkout.Session).id === s.id);
  assert.equal((completed?.data.object as Stripe.Checkout.Session).customer, customer.id);
});

test('setup_future_usage: the card is saved to the Customer the session creates; an existing customer keeps it', async () => {
  // Without a Customer (if_required), the payment method is not attached to any (Stripe's reference).
  const guest = await stripe.checkout.sessions.create({ ...base, line_items: [item()], payment_intent_data: { setup_future_usage: 'off_session' } });
  const guestPay = await pay(guest, 'pm_card_visa', 'guest-saver@example.com');
  assert.equal((await stripe.checkout.sessions.retrieve(guest.id)).customer, null);
  const guestPi = await stripe.paymentIntents.retrieve(guestPay.piId);
  assert.equal(guestPi.customer, null);
  assert.equal((await stripe.paymentMethods.retrieve(String(guestPi.payment_method))).customer, null);

  const s = await stripe.checkout.sessions.create({
    ...base, line_items: [item()], customer_creation: 'always', payment_intent_data: { setup_future_usage: 'off_session' },
  });
  const { piId } = await pay(s, 'pm_card_visa', 'saver@example.com');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.match(String(done.customer), /^cus_/);
  const pi = await stripe.paymentIntents.retrieve(piId);
  assert.equal(pi.setup_future_usage, 'off_session');
  assert.equal(pi.customer, done.customer);
  const saved = await stripe.customers.listPaymentMethods(String(done.customer));
  assert.deepEqual(saved.data.map((pm) => pm.id), [pi.payment_method]);
  // The saved card charges off session.
  const again = await stripe.paymentIntents.create({
    amount: 700, currency: 'usd', customer: String(done.customer), payment_method: String(pi.payment_method), off_session: true, confirm: true,
  });
  assert.equal(again.status, 'succeeded');

  const known = await stripe.customers.create({ email: 'known@example.com' });
  const s2 = await stripe.checkout.sessions.create({ ...base, line_items: [item()], customer: known.id, payment_intent_data: { setup_future_usage: 'on_session' } });
  assert.equal(s2.customer_creation, null);
  await pay(s2);
  const done2 = await stripe.checkout.sessions.retrieve(s2.id);
  assert.equal(done2.customer, known.id);
  assert.equal((await stripe.customers.listPaymentMethods(known.id)).data.length, 1);
});

test('listLineItems: Stripe line item shape, pagination and expand data.price.product', async () => {
  const product = await stripe.products.create({ name: 'Poster' });
  const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1200, product: product.id });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [{ price: price.id, quantity: 3 }, item(500, 1, 'Sticker')] });
  const items = await stripe.checkout.sessions.listLineItems(s.id, { expand: ['data.price.product'] });
  assert.equal(items.object, 'list');
  assert.equal(items.url, `/v1/checkout/sessions/${s.id}/line_items`);
  const [first, second] = items.data;
  assert.match(first.id, /^li_/);
  assert.equal(first.object, 'item');
  assert.equal(first.amount_subtotal, 3600);
  assert.equal(first.amount_total, 3600);
  assert.equal(first.amount_discount, 0);
  assert.equal(first.amount_tax, 0);
  assert.equal(first.currency, 'usd');
  assert.equal(first.description, 'Poster');
  assert.equal(first.quantity, 3);
  assert.equal(first.price?.id, price.id);
  assert.equal((first.price?.product as Stripe.Product).name, 'Poster');
  assert.equal(second.description, 'Sticker');
  assert.equal((second.price?.product as Stripe.Product).object, 'product');
  assert.equal(first.taxes, undefined);
  const included = await stripe.checkout.sessions.listLineItems(s.id, { expand: ['data.discounts', 'data.taxes'] });
  assert.deepEqual(included.data[0].discounts, []);
  assert.deepEqual(included.data[0].taxes, []);
  const page1 = await stripe.checkout.sessions.listLineItems(s.id, { limit: 1 });
  const page2 = await stripe.checkout.sessions.listLineItems(s.id, { limit: 1, starting_after: page1.data[0].id });
  assert.equal(page2.data[0].id, second.id);
  assert.equal(page2.has_more, false);
});

test('list filters: status, customer_details[email], created, customer', async () => {
  const t0 = (await stripe.checkout.sessions.create({ ...base, line_items: [item()] })).created;
  const a = await stripe.checkout.sessions.create({ ...base, line_items: [item()], customer_email: 'filter-a@example.com' });
  const byEmail = await stripe.checkout.sessions.list({ customer_details: { email: 'filter-a@example.com' } });
  assert.deepEqual(byEmail.data.map((x) => x.id), [a.id]);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 10 });
  const b = await stripe.checkout.sessions.create({ ...base, line_items: [item()] });
  const recent = await stripe.checkout.sessions.list({ created: { gt: t0 + 5 }, limit: 100 });
  assert.ok(recent.data.some((x) => x.id === b.id));
  assert.ok(!recent.data.some((x) => x.id === a.id));
  await stripe.checkout.sessions.expire(b.id);
  const expired = await stripe.checkout.sessions.list({ status: 'expired', limit: 100 });
  assert.ok(expired.data.every((x) => x.status === 'expired'));
  assert.ok(expired.data.some((x) => x.id === b.id));
});

test('expiring a session with after_expiration.recovery gives a recovery URL valid for 30 days', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item()], after_expiration: { recovery: { enabled: true, allow_promotion_codes: true } } });
  const expired = await stripe.checkout.sessions.expire(s.id);
  assert.equal(expired.status, 'expired');
  const recovery = expired.after_expiration?.recovery;
  assert.equal(recovery?.enabled, true);
  assert.equal(recovery?.allow_promotion_codes, true);
  assert.ok(recovery?.url && recovery.url.startsWith(sim.url), String(recovery?.url));
  assert.ok(recovery?.expires_at && recovery.expires_at - expired.expires_at >= 29 * 86400, String(recovery?.expires_at));
  // Following the link opens a new session for the same items, recovered_from the expired one.
  const res = await fetch(recovery.url, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const next = /\/c\/pay\/(cs_test_[A-Za-z0-9]+)/.exec(res.headers.get('location') ?? '')?.[1];
  assert.ok(next, String(res.headers.get('location')));
  const recovered = await stripe.checkout.sessions.retrieve(next);
  assert.equal(recovered.recovered_from, s.id);
  assert.equal(recovered.status, 'open');
  assert.equal(recovered.amount_total, s.amount_total);
  assert.equal(recovered.allow_promotion_codes, true);
  assert.equal((await stripe.checkout.sessions.listLineItems(next)).data[0].description, 'Tee');
});

test('dahlia: payment_method_types is accepted and allowed_payment_method_types is not part of the API', async () => {
  const dahlia = sim.client(undefined, { apiVersion: '2026-03-25.dahlia' as Stripe.StripeConfig['apiVersion'] });
  const s = await dahlia.checkout.sessions.create({ ...base, line_items: [item()], payment_method_types: ['card'] } as Stripe.Checkout.SessionCreateParams);
  assert.deepEqual(s.payment_method_types, ['card']);
  assert.ok(!('allowed_payment_method_types' in s));
  await rejects(dahlia.checkout.sessions.create({ ...base, line_items: [item()], allowed_payment_method_types: ['card'] } as Stripe.Checkout.SessionCreateParams), {
    message: 'Received unknown parameter: allowed_payment_method_types', param: 'allowed_payment_method_types',
  });
  const endive = await stripe.checkout.sessions.create({ ...base, line_items: [item()], allowed_payment_method_types: ['card'] } as Stripe.Checkout.SessionCreateParams);
  assert.deepEqual(endive.allowed_payment_method_types, ['card']);
  assert.deepEqual(endive.payment_method_types, ['card']);
});

test('an existing customer: the page is prefilled with its email and the completed session reports it', async () => {
  const known = await stripe.customers.create({ email: 'regular@example.com', name: 'Regular' });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item()], customer: known.id });
  assert.equal(s.customer, known.id);
  assert.equal(s.customer_email, null);
  const view = await fetch(`${sim.url}/v1/payment_pages/${s.id}`, { headers: { Authorization: `Bearer ${sim.keys.publishable}` } });
  const body = (await view.json()) as { customer_email: string | null; email_locked: boolean };
  assert.equal(body.customer_email, 'regular@example.com');
  assert.equal(body.email_locked, false);
  const headers = { Authorization: `Bearer ${sim.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' };
  const started = (await (await fetch(`${sim.url}/v1/payment_pages/${s.id}/start`, { method: 'POST', headers })).json()) as { payment_intent_client_secret: string };
  const secret = started.payment_intent_client_secret;
  await fetch(`${sim.url}/v1/payment_intents/${secret.split('_secret_')[0]}/confirm`, {
    method: 'POST', headers, body: new URLSearchParams({ client_secret: secret, payment_method: 'pm_card_visa' }).toString(),
  });
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.customer, known.id);
  assert.equal(done.customer_details?.email, 'regular@example.com');
});

test('expand: total_details.breakdown and line_items.data.price.product on the session', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(800, 2, 'Cap')] });
  assert.equal(s.total_details?.breakdown, undefined);
  const full = await stripe.checkout.sessions.retrieve(s.id, { expand: ['total_details.breakdown', 'line_items.data.price.product'] });
  assert.deepEqual(full.total_details?.breakdown, { discounts: [], taxes: [] });
  assert.equal(full.line_items?.data[0].amount_total, 1600);
  assert.equal((full.line_items?.data[0].price?.product as Stripe.Product).name, 'Cap');
});

test('an existing customer who changes the email on the page has the Customer updated with it', async () => {
  const known = await stripe.customers.create({ email: 'old@example.com' });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item()], customer: known.id });
  await pay(s, 'pm_card_visa', 'new-address@example.com');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.customer, known.id);
  assert.equal(done.customer_details?.email, 'new-address@example.com');
  assert.equal((await stripe.customers.retrieve(known.id) as Stripe.Customer).email, 'new-address@example.com');
  const updated = await stripe.events.list({ type: 'customer.updated', limit: 5 });
  assert.ok(updated.data.some((e) => (e.data.object as Stripe.Customer).id === known.id));
});

test('update: payment_intent_data on an elements session reaches its PaymentIntent; other ui modes refuse it', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment', ui_mode: 'elements', return_url: 'https://shop.example/r', line_items: [item(2500)],
    payment_intent_data: { description: 'Before', metadata: { a: '1' } },
  } as Stripe.Checkout.SessionCreateParams);
  const updated = await stripe.checkout.sessions.update(s.id, { payment_intent_data: { description: 'After', metadata: { b: '2' }, setup_future_usage: 'off_session' } });
  assert.equal(updated.id, s.id);
  const { piId, confirm } = await pay(s);
  assert.equal(confirm.status, 'succeeded');
  const pi = await stripe.paymentIntents.retrieve(piId);
  assert.equal(pi.description, 'After');
  assert.deepEqual(pi.metadata, { a: '1', b: '2' });
  assert.equal(pi.setup_future_usage, 'off_session');
  await rejects(stripe.checkout.sessions.update(s.id, { payment_intent_data: { description: 'Late' } }), { message: /status of `complete`/, param: 'payment_intent_data' });
  // A PaymentIntent already started by the page takes the update too.
  const s2 = await stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'elements', return_url: 'https://shop.example/r', line_items: [item(2500)] } as Stripe.Checkout.SessionCreateParams);
  const started = await fetch(`${sim.url}/v1/payment_pages/${s2.id}/start`, {
    method: 'POST', headers: { Authorization: `Bearer ${sim.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: s2.client_secret! }).toString(),
  });
  const pi2 = ((await started.json()) as { payment_intent_client_secret: string }).payment_intent_client_secret.split('_secret_')[0];
  await stripe.checkout.sessions.update(s2.id, { payment_intent_data: { description: 'Changed' } });
  assert.equal((await stripe.paymentIntents.retrieve(pi2)).description, 'Changed');
  const hosted = await stripe.checkout.sessions.create({ ...base, line_items: [item()] });
  await rejects(stripe.checkout.sessions.update(hosted.id, { payment_intent_data: { description: 'x' } }), { message: /`ui_mode` `elements`/, param: 'payment_intent_data' });
});

test('shipping_options: the first rate is selected, counted in amount_total, total_details and the PaymentIntent', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base, line_items: [item(2000)],
    shipping_address_collection: { allowed_countries: ['US'] },
    shipping_options: [
      { shipping_rate_data: { display_name: 'Ground', type: 'fixed_amount', fixed_amount: { amount: 500, currency: 'usd' } } },
      { shipping_rate_data: { display_name: 'Express', type: 'fixed_amount', fixed_amount: { amount: 1500, currency: 'usd' } } },
    ],
  });
  assert.equal(s.amount_subtotal, 2000);
  assert.equal(s.amount_total, 2500);
  assert.equal(s.total_details?.amount_shipping, 500);
  assert.equal(s.shipping_options.length, 2);
  assert.deepEqual(s.shipping_options.map((o) => o.shipping_amount), [500, 1500]);
  assert.match(String(s.shipping_options[0].shipping_rate), /^shr_/);
  assert.deepEqual(s.shipping_cost, { amount_subtotal: 500, amount_tax: 0, amount_total: 500, shipping_rate: s.shipping_options[0].shipping_rate });
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['shipping_cost.shipping_rate'] });
  const rate = expanded.shipping_cost?.shipping_rate as Stripe.ShippingRate;
  assert.equal(rate.object, 'shipping_rate');
  assert.equal(rate.display_name, 'Ground');
  assert.deepEqual(rate.fixed_amount, { amount: 500, currency: 'usd' });
  // A rate created for one session can be named by id in another.
  const reuse = await stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], shipping_options: [{ shipping_rate: rate.id }] });
  assert.equal(reuse.amount_total, 1500);
  const view = await fetch(`${sim.url}/v1/payment_pages/${s.id}`, { headers: { Authorization: `Bearer ${sim.keys.publishable}` } });
  assert.deepEqual(((await view.json()) as { shipping: unknown }).shipping, { display_name: 'Ground', amount: 500 });
  const { piId } = await pay(s);
  assert.equal((await stripe.paymentIntents.retrieve(piId)).amount, 2500);
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], shipping_options: [{ shipping_rate: 'shr_nope' }] }), {
    message: "No such shipping_rate: 'shr_nope'", param: 'shipping_options[0][shipping_rate]', code: 'resource_missing',
  });
  await rejects(stripe.checkout.sessions.create({
    ...base, line_items: [item()], shipping_options: [{ shipping_rate_data: { display_name: 'EU', type: 'fixed_amount', fixed_amount: { amount: 500, currency: 'eur' } } }],
  }), { message: /must match the Checkout Session's currency/, param: 'shipping_options[0]' });
});

test('custom_fields are shown on the session with their options and a null value', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base, line_items: [item()],
    custom_fields: [
      { key: 'engraving', label: { type: 'custom', custom: 'Engraving' }, type: 'text', optional: true, text: { maximum_length: 20 } },
      { key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown', dropdown: { options: [{ label: 'Small', value: 's' }, { label: 'Large', value: 'l' }], default_value: 'l' } },
    ],
  });
  assert.deepEqual(s.custom_fields, [
    { key: 'engraving', label: { custom: 'Engraving', type: 'custom' }, optional: true, type: 'text', text: { default_value: null, maximum_length: 20, minimum_length: null, value: null } },
    { key: 'size', label: { custom: 'Size', type: 'custom' }, optional: false, type: 'dropdown', dropdown: { default_value: 'l', options: [{ label: 'Small', value: 's' }, { label: 'Large', value: 'l' }], value: null } },
  ]);
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], custom_fields: [{ key: 'k', label: { type: 'custom', custom: 'K' }, type: 'dropdown' }] }), {
    message: 'Missing required param: custom_fields[0][dropdown].', param: 'custom_fields[0][dropdown]',
  });
  const four = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, label: { type: 'custom' as const, custom: 'K' }, type: 'text' as const }));
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], custom_fields: four }), { param: 'custom_fields', message: /at most 3/ });
});

test('payment_method_options[card], saved_payment_method_options, adaptive_pricing and wallet_options', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base, line_items: [item()],
    payment_method_options: { card: { request_three_d_secure: 'any' } },
    saved_payment_method_options: { payment_method_save: 'enabled' },
    adaptive_pricing: { enabled: true },
    wallet_options: { link: { display: 'never' } },
  });
  assert.equal(s.payment_method_options?.card?.request_three_d_secure, 'any');
  assert.deepEqual(s.saved_payment_method_options, { allow_redisplay_filters: null, payment_method_remove: null, payment_method_save: 'enabled' });
  assert.deepEqual(s.adaptive_pricing, { enabled: true });
  assert.deepEqual(s.wallet_options, { link: { display: 'never' } });
  // request_three_d_secure=any reaches the PaymentIntent: even a card that needs no authentication is challenged.
  const { piId, confirm } = await pay(s, 'pm_card_visa');
  assert.equal(confirm.status, 'requires_action');
  assert.equal((await stripe.paymentIntents.retrieve(piId)).payment_method_options?.card?.request_three_d_secure, 'any');
  await rejects(stripe.checkout.sessions.create({ ...base, line_items: [item()], payment_method_options: { card: { request_three_d_secure: 'always' as never } } }), {
    message: 'Invalid payment_method_options[card][request_three_d_secure]: must be one of any, automatic, or challenge',
    param: 'payment_method_options[card][request_three_d_secure]',
  });
});

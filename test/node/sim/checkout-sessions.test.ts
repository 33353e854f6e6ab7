// Checkout Sessions through the official SDK: validation errors with Stripe's messages, totals, line items,
// list filters, expiry (by request and by the simulator clock), and completion through the page API that
// <ck-checkout> uses (the PaymentIntent it creates carries payment_intent_data; 3D Secure included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

const { sim, stripe } = useTestSim();

const item = (unit = 1000, quantity = 1, name = 'Tee') => ({
  price_data: { currency: 'usd', unit_amount: unit, product_data: { name } }, quantity,
});

async function rejects(params: Stripe.Checkout.SessionCreateParams, message: RegExp | string, param?: string) {
  await assert.rejects(stripe.checkout.sessions.create(params), (err: Stripe.errors.StripeError) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    if (param) assert.equal(err.param, param);
    return true;
  });
}

/** The JSON answers these tests read (page views, PaymentIntents, error envelopes). */
interface Body {
  [k: string]: unknown;
  status?: string;
  error?: { message: string; code?: string };
  payment_intent_client_secret?: string;
  next_action?: { redirect_to_url: { url: string } };
}

async function page(id: string, path = '', body?: Record<string, string>, clientSecret?: string) {
  const params = new URLSearchParams({ ...(clientSecret ? { client_secret: clientSecret } : {}), ...(body ?? {}) });
  const res = await fetch(`${sim.url}/v1/payment_pages/${id}${path}${body ? '' : `?${params}`}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${sim.keys.publishable}`, ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: body ? params.toString() : undefined,
  });
  return { status: res.status, body: (await res.json()) as Body };
}

/** Pays a session the way its page does (test/node/helpers/checkout.ts). */
function pay(session: Stripe.Checkout.Session, pm = 'pm_card_visa', email = 'renter@example.com') {
  return payCheckoutSession(sim, session, { pm, email, returnUrl: 'https://example.com/back' });
}

test('validation: mode, line items, URLs, ui_mode, expires_at, endive type parameters', async () => {
  const base = { mode: 'payment' as const, success_url: 'https://example.com/ok' };
  await rejects({ success_url: 'https://example.com/ok', line_items: [item()] }, 'Missing required param: mode.', 'mode');
  await rejects({ ...base }, '`line_items` is required in `payment` mode.', 'line_items');
  await rejects({ ...base, line_items: [{ quantity: 1 }] }, 'You must provide either price or price_data for each line item when using prices.', 'line_items[0]');
  await rejects({ ...base, line_items: [{ amount: 100, currency: 'usd', name: 'x', quantity: 1 } as never] }, /You cannot use `line_items.amount`/, 'line_items[0][amount]');
  await rejects({ ...base, line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }] }, /Quantity is required/, 'line_items[0][quantity]');
  await rejects({ ...base, line_items: [{ price: 'price_nope', quantity: 1 }] }, "No such price: 'price_nope'", 'line_items[0][price]');
  await rejects({ mode: 'payment', line_items: [item()] }, 'Missing required param: success_url.', 'success_url');
  await rejects({ ...base, success_url: 'not a url', line_items: [item()] }, 'Not a valid URL', 'success_url');
  await rejects({ ...base, cancel_url: 'javascript:alert(1)', line_items: [item()] }, 'Not a valid URL', 'cancel_url');
  await rejects({ ...base, return_url: 'https://example.com/r', line_items: [item()] }, /`return_url` is only supported/, 'return_url');
  await rejects({ mode: 'payment', ui_mode: 'embedded_page', line_items: [item()] } as Stripe.Checkout.SessionCreateParams, /`return_url` is required/, 'return_url');
  await rejects({ ...base, ui_mode: 'embedded_page', return_url: 'https://example.com/r', line_items: [item()] } as Stripe.Checkout.SessionCreateParams, /success_url/, 'success_url');
  await rejects({ ...base, ui_mode: 'hosted' as never, line_items: [item()] }, /Invalid ui_mode: must be one of hosted_page, embedded_page, or elements/, 'ui_mode');
  await rejects({ ...base, ui_mode: 'embedded' as never, line_items: [item()] }, /Invalid ui_mode/, 'ui_mode');
  const now = Math.floor(Date.now() / 1000);
  await rejects({ ...base, line_items: [item()], expires_at: now + 60 }, 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
  await rejects({ ...base, line_items: [item()], expires_at: now + 25 * 3600 }, 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
  await rejects({ ...base, line_items: [item()], payment_method_types: ['card'] } as never, /no longer supported/, 'payment_method_types');
  await rejects({ ...base, line_items: [item(10)] }, "The Checkout Session's total amount due must add up to at least $0.50 usd");
  await rejects({ ...base, line_items: [item(10, 0)] }, "The Checkout Session's total amount due must add up to at least $0.50 usd");
  await rejects({ ...base, line_items: [{ price_data: { currency: 'gbp', unit_amount: 20, product_data: { name: 'x' } }, quantity: 1 }] }, "The Checkout Session's total amount due must add up to at least £0.30 gbp");
  await rejects({ ...base, line_items: [item()], payment_intent_data: { application_fee_amount: 100 } }, /Can only apply an application_fee_amount/, 'payment_intent_data[application_fee_amount]');
  await rejects({ ...base, line_items: [item()], payment_intent_data: { transfer_data: { destination: 'acct_nope' } } }, "No such destination: 'acct_nope'", 'payment_intent_data[transfer_data][destination]');
});

test('hosted session: totals, url, line items, {CHECKOUT_SESSION_ID}, retrieve and list filters', async () => {
  const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, product_data: { name: 'Mug' } });
  const s = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [item(2500, 2, 'Tee'), { price: price.id, quantity: 1 }],
    success_url: 'https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example/cart',
    customer_email: 'a@example.com',
    metadata: { order: '42' },
  });
  assert.match(s.id, /^cs_test_/);
  assert.equal(s.object, 'checkout.session');
  assert.equal(s.ui_mode, 'hosted_page');
  assert.equal(s.status, 'open');
  assert.equal(s.payment_status, 'unpaid');
  assert.equal(s.amount_subtotal, 6500);
  assert.equal(s.amount_total, 6500);
  assert.equal(s.currency, 'usd');
  assert.equal(s.client_secret, null);
  assert.equal(s.payment_intent, null);
  assert.equal(s.url, `${sim.url}/c/pay/${s.id}`);
  assert.equal(s.success_url, 'https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}');
  assert.ok(s.expires_at - s.created >= 24 * 3600 - 2 && s.expires_at - s.created <= 24 * 3600);
  const items = await stripe.checkout.sessions.listLineItems(s.id);
  assert.equal(items.data.length, 2);
  assert.equal(items.data[0].object, 'item');
  assert.equal(items.data[0].description, 'Tee');
  assert.equal(items.data[0].quantity, 2);
  assert.equal(items.data[0].amount_total, 5000);
  assert.equal(items.data[1].price?.id, price.id);
  const limited = await stripe.checkout.sessions.listLineItems(s.id, { limit: 1 });
  assert.equal(limited.has_more, true);
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
  assert.equal(expanded.line_items?.data.length, 2);
  const view = await page(s.id);
  assert.equal(view.status, 200);
  assert.equal(view.body.success_url, `https://shop.example/ok?session_id=${s.id}`);
  assert.equal(view.body.amount_total, 6500);
  const open = await stripe.checkout.sessions.list({ status: 'open', limit: 100 });
  assert.ok(open.data.some((x) => x.id === s.id));
  const updated = await stripe.checkout.sessions.update(s.id, { metadata: { order: '43' } });
  assert.deepEqual(updated.metadata, { order: '43' });
});

test('paying completes the session with the PaymentIntent carrying payment_intent_data; events; list by payment_intent', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment', line_items: [item(1000)], success_url: 'https://shop.example/ok',
    payment_intent_data: { description: 'Rental', metadata: { booking: 'b1' }, capture_method: 'automatic' },
  });
  const { piId, confirm } = await pay(s);
  assert.equal(confirm.status, 'succeeded');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'paid');
  assert.equal(done.payment_intent, piId);
  assert.equal(done.url, null);
  assert.equal(done.customer_details?.email, 'renter@example.com');
  const pi = await stripe.paymentIntents.retrieve(piId);
  assert.equal(pi.amount, 1000);
  assert.equal(pi.description, 'Rental');
  assert.deepEqual(pi.metadata, { booking: 'b1' });
  assert.equal(pi.receipt_email, 'renter@example.com');
  const byPi = await stripe.checkout.sessions.list({ payment_intent: piId });
  assert.deepEqual(byPi.data.map((x) => x.id), [s.id]);
  const events = await stripe.events.list({ type: 'checkout.session.completed', limit: 10 });
  const ev = events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === s.id);
  assert.ok(ev, 'checkout.session.completed emitted');
  assert.equal((ev!.data.object as Stripe.Checkout.Session).payment_status, 'paid');
  await assert.rejects(stripe.checkout.sessions.expire(s.id), { message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`complete\`.` });
  const again = await page(s.id, '/start', { email: 'x@example.com' });
  assert.equal(again.status, 400);
  assert.match(again.body.error!.message, /already been paid/);
});

test('a declined card leaves the session open; 3D Secure completes it after authentication', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [item(2000)], success_url: 'https://shop.example/ok' });
  const declined = await pay(s, 'pm_card_chargeDeclined');
  assert.equal(declined.confirm.error!.code, 'card_declined');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  const threeDS = await pay(s, 'pm_card_authenticationRequired');
  assert.equal(threeDS.confirm.status, 'requires_action');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  const url = threeDS.confirm.next_action!.redirect_to_url.url;
  const form = await fetch(url);
  const html = await form.text();
  assert.equal(form.status, 200);
  assert.ok(html.length > 0);
  const done = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
  assert.ok(done.status < 500);
  const after = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(after.status, 'complete');
  assert.equal(after.payment_status, 'paid');
});

test('expire: by request, then by the simulator clock (with checkout.session.expired)', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [item()], success_url: 'https://shop.example/ok' });
  const expired = await stripe.checkout.sessions.expire(s.id);
  assert.equal(expired.status, 'expired');
  assert.equal(expired.url, null);
  await assert.rejects(stripe.checkout.sessions.expire(s.id), { message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`expired\`.` });
  const now = Math.floor(Date.now() / 1000);
  const s2 = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [item()], success_url: 'https://shop.example/ok', expires_at: now + 3600 });
  const started = await page(s2.id, '/start', { email: 'late@example.com' });
  const piId = (started.body.payment_intent_client_secret as string).split('_secret_')[0];
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3601 });
  const after = await stripe.checkout.sessions.retrieve(s2.id);
  assert.equal(after.status, 'expired');
  assert.equal((await stripe.paymentIntents.retrieve(piId)).status, 'canceled');
  const events = await stripe.events.list({ type: 'checkout.session.expired', limit: 10 });
  assert.ok(events.data.some((e) => (e.data.object as Stripe.Checkout.Session).id === s2.id));
  const view = await page(s2.id);
  assert.equal(view.body.status, 'expired');
});

test('embedded session: client_secret, return_url, redirect_on_completion; the page API requires the secret', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment', ui_mode: 'embedded_page', line_items: [item(1234)],
    return_url: 'https://shop.example/return?session_id={CHECKOUT_SESSION_ID}',
  } as Stripe.Checkout.SessionCreateParams);
  assert.equal(s.url, null);
  assert.match(s.client_secret ?? '', new RegExp(`^${s.id}_secret_`));
  assert.equal(s.redirect_on_completion, 'always');
  const denied = await page(s.id);
  assert.equal(denied.status, 400);
  const ok = await page(s.id, '', undefined, s.client_secret!);
  assert.equal(ok.body.return_url, `https://shop.example/return?session_id=${s.id}`);
  const { confirm } = await pay(s);
  assert.equal(confirm.status, 'succeeded');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'complete');
  const never = await stripe.checkout.sessions.create({
    mode: 'payment', ui_mode: 'embedded_page', redirect_on_completion: 'never', line_items: [item()],
  } as Stripe.Checkout.SessionCreateParams);
  assert.equal(never.redirect_on_completion, 'never');
});

test('hosted page: strict CSP, language, 404 for unknown sessions, branding from the control plane', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'payment', line_items: [item()], success_url: 'https://shop.example/ok' });
  const res = await fetch(s.url!, { headers: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const body = await res.text();
  assert.match(body, /<html lang="fr">/);
  assert.match(body, new RegExp(`session-id="${s.id}"`));
  assert.doesNotMatch(body, /<script>|<style>|style="/);
  assert.equal((await fetch(`${sim.url}/c/pay/cs_test_unknown000000000`)).status, 404);
  // The hosted pages' origin answers the browser's favicon request (no 404 in the customer's console).
  assert.equal((await fetch(`${sim.url}/favicon.ico`)).status, 204);
  const script = await fetch(`${sim.url}/c/checkout.js`);
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
  await sim.control('POST', '/_sim/settings', { branding: { platform_name: 'Rentals & Co', primary_color: '#0a7d5a' } });
  const view = await page(s.id);
  assert.deepEqual(view.body.branding, { display_name: 'Rentals & Co', icon_url: null, primary_color: '#0a7d5a' });
  const embedded = await fetch(`${sim.url}/c/embedded`);
  assert.match(embedded.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
});

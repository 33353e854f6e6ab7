// Checkout Sessions in setup mode ("Save payment details for future payments with Checkout"), through the official
// SDK and the page API the hosted and embedded pages call: the session's SetupIntent, its confirmation with a card
// (3D Secure on setup included), completion with the card saved to the session's customer (given, or created with
// customer_creation: always), events, declines, expiry and the refused parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

const SUCCESS = 'https://shop.example/saved?session_id={CHECKOUT_SESSION_ID}';

interface Body {
  [k: string]: unknown;
  status?: string;
  error?: { message: string; code?: string; type?: string };
  setup_intent_client_secret?: string;
  payment_intent_client_secret?: string;
  next_action?: { type: string; redirect_to_url?: { url: string }; use_stripe_sdk?: { stripe_js: string } };
}

const pk = () => ({ Authorization: `Bearer ${sim.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' });

async function page(id: string, path = '', body?: Record<string, string>, clientSecret?: string) {
  const params = new URLSearchParams({ ...(clientSecret ? { client_secret: clientSecret } : {}), ...(body ?? {}) });
  const res = await fetch(`${sim.url}/v1/payment_pages/${id}${path}${body ? '' : `?${params}`}`, {
    method: body ? 'POST' : 'GET', headers: pk(), body: body ? params.toString() : undefined,
  });
  return { status: res.status, body: (await res.json()) as Body };
}

/** What the page does: start (with the email), then `confirmSetup` with the card typed in the payment form. */
async function save(session: Stripe.Checkout.Session, number = '4242424242424242', email = 'saver@example.com') {
  const started = await page(session.id, '/start', { email }, session.client_secret ?? undefined);
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.equal(started.body.payment_intent_client_secret, undefined);
  const secret = started.body.setup_intent_client_secret as string;
  assert.match(secret, /^seti_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/);
  const setiId = secret.split('_secret_')[0];
  const res = await fetch(`${sim.url}/v1/setup_intents/${setiId}/confirm`, {
    method: 'POST', headers: pk(),
    body: new URLSearchParams({
      client_secret: secret, 'payment_method_data[type]': 'card', 'payment_method_data[card][number]': number,
      'payment_method_data[card][exp_month]': '12', 'payment_method_data[card][exp_year]': '2034', 'payment_method_data[card][cvc]': '123',
      'payment_method_data[billing_details][name]': 'Ada Saver', return_url: 'https://shop.example/back',
    }).toString(),
  });
  return { setiId, status: res.status, confirm: (await res.json()) as Body };
}

async function eventsFor(id: string): Promise<string[]> {
  const list = await stripe.events.list({ limit: 100 });
  return list.data.filter((e) => (e.data.object as { id: string }).id === id).map((e) => e.type).reverse();
}

test('a setup-mode session has its SetupIntent from the start; no amounts, no payment', async () => {
  const customer = await stripe.customers.create({ email: 'known@example.com' });
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'eur', customer: customer.id, success_url: SUCCESS, cancel_url: 'https://shop.example/cancel',
    setup_intent_data: { description: 'Card for the rentals', metadata: { plan: 'pro' } },
  });
  assert.equal(s.mode, 'setup');
  assert.equal(s.status, 'open');
  assert.equal(s.payment_status, 'no_payment_required');
  assert.equal(s.amount_total, null);
  assert.equal(s.amount_subtotal, null);
  assert.equal(s.total_details, null);
  assert.equal(s.payment_intent, null);
  assert.equal(s.currency, 'eur');
  assert.match(String(s.setup_intent), /^seti_/);
  const si = await stripe.setupIntents.retrieve(s.setup_intent as string);
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.customer, customer.id);
  assert.equal(si.usage, 'off_session');
  assert.equal(si.description, 'Card for the rentals');
  assert.deepEqual(si.metadata, { plan: 'pro' });
  const view = await page(s.id);
  assert.equal(view.status, 200);
  assert.equal(view.body.mode, 'setup');
  assert.equal(view.body.amount_total, null);
  assert.deepEqual(view.body.line_items, []);
  assert.equal(view.body.setup_intent_client_secret, undefined, 'the secret comes only from start');
});

test('saving a card with an existing customer: complete, SetupIntent succeeded, card attached, events', async () => {
  const customer = await stripe.customers.create({ email: 'known@example.com' });
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS });
  const { setiId, confirm } = await save(s, '4242424242424242', 'known@example.com');
  assert.equal(confirm.status, 'succeeded');
  assert.equal(setiId, s.setup_intent);
  const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent'] });
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_status, 'no_payment_required');
  assert.equal(done.amount_total, null);
  assert.equal(done.amount_subtotal, null);
  assert.equal(done.customer, customer.id);
  assert.equal(done.url, null);
  assert.equal(done.customer_details?.email, 'known@example.com');
  assert.equal(done.customer_details?.name, 'Ada Saver');
  const si = done.setup_intent as Stripe.SetupIntent;
  assert.equal(si.status, 'succeeded');
  assert.match(String(si.payment_method), /^pm_/);
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  assert.equal(pm.customer, customer.id);
  assert.equal(pm.card?.last4, '4242');
  const saved = await stripe.customers.listPaymentMethods(customer.id);
  assert.ok(saved.data.some((p) => p.id === pm.id));
  // The card works off-session afterwards, as the guide's next step does.
  const later = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true });
  assert.equal(later.status, 'succeeded');
  assert.deepEqual(await eventsFor(s.id), ['checkout.session.completed']);
  const siEvents = await eventsFor(si.id);
  assert.ok(siEvents.includes('setup_intent.created'));
  assert.ok(siEvents.includes('setup_intent.succeeded'));
  const page2 = await page(s.id, '/start', { email: 'x@example.com' });
  assert.equal(page2.status, 400);
  assert.equal(page2.body.error!.code, 'checkout_session_unexpected_state');
});

test('customer_creation: always creates the Customer the card is saved to; without it no Customer is made', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer_creation: 'always', success_url: SUCCESS });
  assert.equal(s.customer, null);
  const { confirm } = await save(s, '4242424242424242', 'new.saver@example.com');
  assert.equal(confirm.status, 'succeeded');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.match(String(done.customer), /^cus_/);
  const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
  assert.equal(customer.email, 'new.saver@example.com');
  assert.equal(customer.name, 'Ada Saver');
  const si = await stripe.setupIntents.retrieve(done.setup_intent as string);
  assert.equal(si.customer, customer.id);
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  assert.equal(pm.customer, customer.id);

  const guest = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  assert.equal(guest.customer_creation, null);
  await save(guest);
  const g = await stripe.checkout.sessions.retrieve(guest.id);
  assert.equal(g.status, 'complete');
  assert.equal(g.customer, null);
  const gsi = await stripe.setupIntents.retrieve(g.setup_intent as string);
  assert.equal(gsi.status, 'succeeded');
  assert.equal(gsi.customer, null);
});

test('3D Secure on setup (4000002500003155): open until authenticated, then complete; a failed challenge leaves it open', async () => {
  const customer = await stripe.customers.create();
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS });
  const first = await save(s, '4000002500003155');
  assert.equal(first.confirm.status, 'requires_action');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  const url = first.confirm.next_action!.redirect_to_url!.url;
  const failed = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'fail' }), redirect: 'manual' });
  assert.ok(failed.status < 500);
  const afterFail = await stripe.setupIntents.retrieve(first.setiId);
  assert.equal(afterFail.status, 'requires_payment_method');
  assert.equal(afterFail.last_setup_error?.code, 'setup_intent_authentication_failure');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');

  const second = await save(s, '4000002500003155');
  assert.equal(second.confirm.status, 'requires_action');
  const ok = await fetch(second.confirm.next_action!.redirect_to_url!.url, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
  assert.ok(ok.status < 500);
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  const si = await stripe.setupIntents.retrieve(done.setup_intent as string);
  assert.equal(si.status, 'succeeded');
  assert.equal((await stripe.paymentMethods.retrieve(si.payment_method as string)).customer, customer.id);
});

test('a card declined on setup leaves the session open; another card completes it', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  const declined = await save(s, '4000000000000002');
  assert.equal(declined.status, 402);
  assert.equal(declined.confirm.error!.code, 'card_declined');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'open');
  const ok = await save(s);
  assert.equal(ok.confirm.status, 'succeeded');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'complete');
});

test('embedded setup sessions: the page needs the client secret; return_url has the id substituted', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', ui_mode: 'embedded_page', return_url: 'https://shop.example/return?session_id={CHECKOUT_SESSION_ID}',
  });
  assert.match(String(s.client_secret), /_secret_/);
  const refused = await page(s.id, '/start', { email: 'e@example.com' });
  assert.equal(refused.status, 400);
  const view = await page(s.id, '', undefined, s.client_secret!);
  assert.equal(view.body.return_url, `https://shop.example/return?session_id=${s.id}`);
  const { confirm } = await save(s);
  assert.equal(confirm.status, 'succeeded');
  assert.equal((await stripe.checkout.sessions.retrieve(s.id)).status, 'complete');
});

test('expiring a setup-mode session cancels its SetupIntent (by request and by the clock)', async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  const expired = await stripe.checkout.sessions.expire(s.id);
  assert.equal(expired.status, 'expired');
  const si = await stripe.setupIntents.retrieve(s.setup_intent as string);
  assert.equal(si.status, 'canceled');
  assert.equal(si.cancellation_reason, 'abandoned');
  assert.ok((await eventsFor(si.id)).includes('setup_intent.canceled'));

  const now = Math.floor(Date.now() / 1000);
  const s2 = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS, expires_at: now + 3600 });
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3601 });
  assert.equal((await stripe.checkout.sessions.retrieve(s2.id)).status, 'expired');
  assert.equal((await stripe.setupIntents.retrieve(s2.setup_intent as string)).status, 'canceled');
});

test('setup mode refuses payment-only parameters; setup_intent_data only in setup mode; currency required', async () => {
  const reject = async (p: Promise<unknown>, message: string | RegExp, param?: string) => {
    await assert.rejects(p, (err: Stripe.errors.StripeError) => {
      assert.equal(err.type, 'StripeInvalidRequestError');
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      if (param) assert.equal(err.param, param);
      return true;
    });
  };
  await reject(stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', success_url: SUCCESS, line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
  }), 'You can not pass `line_items` in `setup` mode.', 'line_items');
  await reject(stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS, payment_intent_data: { description: 'x' } }), 'You can not pass `payment_intent_data` in `setup` mode.', 'payment_intent_data');
  await reject(stripe.checkout.sessions.create({
    mode: 'payment', success_url: SUCCESS, line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
    setup_intent_data: { description: 'x' },
  }), 'You can not pass `setup_intent_data` in `payment` mode.', 'setup_intent_data');
  await reject(stripe.checkout.sessions.create({ mode: 'setup', success_url: SUCCESS }), /currency/, 'currency');
  await reject(stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS, setup_intent_data: { on_behalf_of: 'acct_nope' } }), /No such account/, 'setup_intent_data[on_behalf_of]');
  // With explicit types, currency may be left out.
  const typed = await stripe.checkout.sessions.create({ mode: 'setup', allowed_payment_method_types: ['card'], success_url: SUCCESS } as Stripe.Checkout.SessionCreateParams);
  assert.equal(typed.currency, null);
  const si = await stripe.setupIntents.retrieve(typed.setup_intent as string);
  assert.deepEqual(si.payment_method_types, ['card']);
});

test('request_three_d_secure=any on the session challenges even 4242 on setup', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', success_url: SUCCESS, payment_method_options: { card: { request_three_d_secure: 'any' } },
  });
  const first = await save(s);
  assert.equal(first.confirm.status, 'requires_action');
});

test("the session's SetupIntent is the session's: cancel and payment-method updates are refused, metadata is fine", async () => {
  const s = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: SUCCESS });
  const id = s.setup_intent as string;
  await assert.rejects(stripe.setupIntents.cancel(id), (err: Stripe.errors.StripeError) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.message, 'You cannot perform this action on SetupIntents created by Checkout.');
    return true;
  });
  await assert.rejects(stripe.setupIntents.update(id, { payment_method: 'pm_card_visa' }), (err: Stripe.errors.StripeError) => {
    assert.equal(err.message, 'Some of the parameters you provided (payment_method) cannot be used when modifying a SetupIntent that was created by Checkout. You can try again without those parameters.');
    return true;
  });
  const updated = await stripe.setupIntents.update(id, { metadata: { note: 'ok' } });
  assert.deepEqual(updated.metadata, { note: 'ok' });
  assert.equal((await stripe.setupIntents.retrieve(id)).status, 'requires_payment_method');
  // Other SetupIntents are unaffected.
  const own = await stripe.setupIntents.create({});
  assert.equal((await stripe.setupIntents.cancel(own.id)).status, 'canceled');
});

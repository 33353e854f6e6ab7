// What the checkout page collects for a Checkout Session (custom fields, terms-of-service and promotions consent,
// phone, billing and shipping addresses), driven through the page API <ck-checkout> calls (`start` with `submit`),
// checked on the server whatever the page did, and recorded where Stripe puts it once the session completes: the
// official SDK reads the session, its PaymentIntent, PaymentMethod and Customer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

interface Body {
  [k: string]: unknown;
  error?: { message: string; code?: string; param?: string; type?: string };
  payment_intent_client_secret?: string;
  setup_intent_client_secret?: string;
  collect?: Record<string, unknown>;
}

const pkHeaders = { Authorization: '', 'Content-Type': 'application/x-www-form-urlencoded' };

async function page(id: string, path = '', body?: Record<string, string>) {
  const headers = { ...pkHeaders, Authorization: `Bearer ${sim.keys.publishable}` };
  const params = new URLSearchParams(body ?? {});
  const res = await fetch(`${sim.url}/v1/payment_pages/${id}${path}`, { method: body ? 'POST' : 'GET', headers, body: body ? params.toString() : undefined });
  return { status: res.status, body: (await res.json()) as Body };
}

/** The page's Pay: `start` with `submit` and what the customer entered, then the card form confirms the PaymentIntent. */
async function pay(id: string, fields: Record<string, string>) {
  const loaded = await page(id, '/start', {});
  assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
  const started = await page(id, '/start', { email: 'ada@example.com', submit: 'true', ...fields });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const secret = started.body.payment_intent_client_secret as string;
  const piId = secret.split('_secret_')[0];
  const res = await fetch(`${sim.url}/v1/payment_intents/${piId}/confirm`, {
    method: 'POST', headers: { ...pkHeaders, Authorization: `Bearer ${sim.keys.publishable}` },
    body: new URLSearchParams({
      client_secret: secret, 'payment_method_data[type]': 'card', 'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '12', 'payment_method_data[card][exp_year]': '2034', 'payment_method_data[card][cvc]': '123',
      'payment_method_data[billing_details][name]': 'Card Holder', return_url: 'https://shop.example/back',
    }).toString(),
  });
  const body = (await res.json()) as Body;
  assert.equal(body.status, 'succeeded', JSON.stringify(body));
  return piId;
}

const base = {
  mode: 'payment' as const, success_url: 'https://shop.example/ok',
  line_items: [{ price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Poster' } }, quantity: 1 }],
};

const fields: Stripe.Checkout.SessionCreateParams.CustomField[] = [
  { key: 'engraving', label: { type: 'custom', custom: 'Engraving' }, type: 'text', text: { minimum_length: 2, maximum_length: 10 } },
  { key: 'employees', label: { type: 'custom', custom: 'Team size' }, type: 'numeric', optional: true, numeric: { maximum_length: 4 } },
  {
    key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown',
    dropdown: { default_value: 'm', options: [{ label: 'Small', value: 's' }, { label: 'Medium', value: 'm' }] },
  },
];

test('the page view tells the page what to collect', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base, custom_fields: fields, consent_collection: { terms_of_service: 'required', promotions: 'auto' },
    custom_text: { submit: { message: 'Ships in [2 days](https://shop.example/shipping)' }, terms_of_service_acceptance: { message: 'I agree to the [terms](https://shop.example/terms)' } },
    phone_number_collection: { enabled: true }, billing_address_collection: 'required',
    shipping_address_collection: { allowed_countries: ['FR', 'BE'] },
  });
  const view = await page(s.id);
  assert.equal(view.status, 200);
  assert.deepEqual(view.body.collect, {
    custom_fields: [
      { key: 'engraving', label: 'Engraving', type: 'text', optional: false, default_value: null, minimum_length: 2, maximum_length: 10, options: null },
      { key: 'employees', label: 'Team size', type: 'numeric', optional: true, default_value: null, minimum_length: null, maximum_length: 4, options: null },
      { key: 'size', label: 'Size', type: 'dropdown', optional: false, default_value: 'm', minimum_length: null, maximum_length: null, options: [{ label: 'Small', value: 's' }, { label: 'Medium', value: 'm' }] },
    ],
    terms_of_service: true,
    promotions: true,
    custom_text: {
      submit: 'Ships in [2 days](https://shop.example/shipping)', after_submit: null, shipping_address: null,
      terms_of_service_acceptance: 'I agree to the [terms](https://shop.example/terms)',
    },
    phone: true,
    billing_address: true,
    shipping_countries: ['FR', 'BE'],
  });
  const plain = await page((await stripe.checkout.sessions.create(base)).id);
  assert.deepEqual(plain.body.collect, {
    custom_fields: [], terms_of_service: false, promotions: false,
    custom_text: { submit: null, after_submit: null, shipping_address: null, terms_of_service_acceptance: null },
    phone: false, billing_address: false, shipping_countries: null,
  });
});

test('custom fields and terms: refused until given, then recorded on the session as Stripe does', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, custom_fields: fields, consent_collection: { terms_of_service: 'required', promotions: 'auto' } });
  // Loading the page (start without submit) asks for nothing.
  assert.equal((await page(s.id, '/start', {})).status, 200);
  const refuse = async (body: Record<string, string>, param: string, code?: string, message?: RegExp) => {
    const r = await page(s.id, '/start', { submit: 'true', ...body });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error?.type, 'invalid_request_error');
    assert.equal(r.body.error?.param, param);
    if (code) assert.equal(r.body.error?.code, code);
    if (message) assert.match(r.body.error!.message, message);
  };
  const ok = { 'custom_fields[engraving]': 'ADA', 'custom_fields[size]': 's', 'consent[terms_of_service]': 'accepted' };
  await refuse({ 'custom_fields[size]': 's', 'consent[terms_of_service]': 'accepted' }, 'custom_fields[engraving]', 'parameter_missing', /Missing required param: custom_fields\[engraving\]/);
  await refuse({ ...ok, 'custom_fields[engraving]': '   ' }, 'custom_fields[engraving]', 'parameter_missing');
  await refuse({ ...ok, 'custom_fields[engraving]': 'A' }, 'custom_fields[engraving]', undefined, /between 2 and 10 characters/);
  await refuse({ ...ok, 'custom_fields[engraving]': 'ABCDEFGHIJK' }, 'custom_fields[engraving]');
  await refuse({ ...ok, 'custom_fields[employees]': '12a' }, 'custom_fields[employees]', undefined, /digits only/);
  await refuse({ ...ok, 'custom_fields[employees]': '12345' }, 'custom_fields[employees]');
  await refuse({ ...ok, 'custom_fields[size]': 'xl' }, 'custom_fields[size]', undefined, /must be one of s, m/);
  await refuse({ ...ok, 'custom_fields[nope]': 'x' }, 'custom_fields[nope]');
  await refuse({ 'custom_fields[engraving]': 'ADA', 'custom_fields[size]': 's' }, 'consent[terms_of_service]', 'parameter_missing');
  await refuse({ ...ok, 'consent[terms_of_service]': 'declined' }, 'consent[terms_of_service]');
  // Nothing refused was kept: the session is still open, every value null.
  const before = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(before.status, 'open');
  assert.equal(before.custom_fields[0].text?.value, null);
  assert.equal(before.consent, null);

  const piId = await pay(s.id, { ...ok, 'custom_fields[engraving]': '  ADA  ', 'consent[promotions]': 'opt_in' });
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.payment_intent, piId);
  assert.deepEqual(done.custom_fields[0].text, { default_value: null, maximum_length: 10, minimum_length: 2, value: 'ADA' });
  assert.equal(done.custom_fields[1].numeric?.value, null);
  assert.equal(done.custom_fields[2].dropdown?.value, 's');
  assert.deepEqual(done.consent, { promotions: 'opt_in', terms_of_service: 'accepted' });
  // The checkout.session.completed event carries them too.
  const events = await stripe.events.list({ type: 'checkout.session.completed', limit: 10 });
  const ev = events.data.find((e) => (e.data.object as Stripe.Checkout.Session).id === s.id)!;
  assert.equal((ev.data.object as Stripe.Checkout.Session).custom_fields[2].dropdown?.value, 's');
});

test('promotions left unticked are opt_out; a session paid without the page\'s answers accepted nothing', async () => {
  const s = await stripe.checkout.sessions.create({ ...base, consent_collection: { promotions: 'auto' }, custom_fields: [fields[1]] });
  await pay(s.id, { 'custom_fields[employees]': '42' });
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.deepEqual(done.consent, { promotions: 'opt_out', terms_of_service: null });
  assert.equal(done.custom_fields[0].numeric?.value, '42');

  // A PaymentIntent confirmed without the page's submit (its client secret used directly): no consent recorded.
  const t = await stripe.checkout.sessions.create({ ...base, consent_collection: { terms_of_service: 'required' } });
  const started = await page(t.id, '/start', {});
  const secret = started.body.payment_intent_client_secret as string;
  await fetch(`${sim.url}/v1/payment_intents/${secret.split('_secret_')[0]}/confirm`, {
    method: 'POST', headers: { ...pkHeaders, Authorization: `Bearer ${sim.keys.publishable}` },
    body: new URLSearchParams({ client_secret: secret, payment_method: 'pm_card_visa' }).toString(),
  });
  const bypassed = await stripe.checkout.sessions.retrieve(t.id);
  assert.equal(bypassed.status, 'complete');
  assert.deepEqual(bypassed.consent, { promotions: null, terms_of_service: null });
});

test('phone, billing and shipping addresses: checked, then in customer_details, collected_information, the PaymentMethod, PaymentIntent and Customer', async () => {
  const s = await stripe.checkout.sessions.create({
    ...base, customer_creation: 'always', phone_number_collection: { enabled: true }, billing_address_collection: 'required',
    shipping_address_collection: { allowed_countries: ['FR', 'BE'] },
  });
  const billing = {
    'billing_details[name]': 'Ada Lovelace', 'billing_details[address][line1]': '1 Rue de Rivoli', 'billing_details[address][city]': 'Paris',
    'billing_details[address][postal_code]': '75001', 'billing_details[address][country]': 'FR',
  };
  const shipping = {
    'shipping_details[name]': 'Ada L.', 'shipping_details[address][line1]': '2 Grand-Place', 'shipping_details[address][line2]': 'Box 3',
    'shipping_details[address][city]': 'Bruxelles', 'shipping_details[address][postal_code]': '1000', 'shipping_details[address][country]': 'BE',
  };
  const all = { phone: '+33 6 12 34 56 78', ...billing, ...shipping };
  const refuse = async (body: Record<string, string>, param: string) => {
    const r = await page(s.id, '/start', { submit: 'true', ...body });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error?.param, param);
  };
  const without = (k: string) => Object.fromEntries(Object.entries(all).filter(([key]) => key !== k));
  await refuse(without('phone'), 'phone');
  await refuse({ ...all, phone: 'call me' }, 'phone');
  await refuse(without('billing_details[name]'), 'billing_details[name]');
  await refuse(without('billing_details[address][line1]'), 'billing_details[address][line1]');
  await refuse(without('billing_details[address][postal_code]'), 'billing_details[address][postal_code]');
  await refuse({ ...all, 'billing_details[address][country]': 'US', 'billing_details[address][postal_code]': '10001' }, 'billing_details[address][state]');
  await refuse(without('shipping_details[address][city]'), 'shipping_details[address][city]');
  await refuse({ ...all, 'shipping_details[address][country]': 'DE' }, 'shipping_details[address][country]');

  const piId = await pay(s.id, all);
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.customer_details?.phone, '+33612345678');
  assert.equal(done.customer_details?.name, 'Ada Lovelace');
  assert.deepEqual(done.customer_details?.address, { city: 'Paris', country: 'FR', line1: '1 Rue de Rivoli', line2: null, postal_code: '75001', state: null });
  const shipTo = { city: 'Bruxelles', country: 'BE', line1: '2 Grand-Place', line2: 'Box 3', postal_code: '1000', state: null };
  assert.deepEqual(done.collected_information?.shipping_details, { name: 'Ada L.', address: shipTo });
  const pi = await stripe.paymentIntents.retrieve(piId, { expand: ['payment_method'] });
  assert.equal(pi.shipping?.name, 'Ada L.');
  assert.deepEqual(pi.shipping?.address, shipTo);
  const pm = pi.payment_method as Stripe.PaymentMethod;
  assert.equal(pm.billing_details.name, 'Ada Lovelace');
  assert.deepEqual(pm.billing_details.address, { city: 'Paris', country: 'FR', line1: '1 Rue de Rivoli', line2: null, postal_code: '75001', state: null });
  const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
  assert.equal(customer.phone, '+33612345678');
  assert.equal(customer.address?.city, 'Paris');
  assert.equal(customer.shipping?.address?.city, 'Bruxelles');
});

test('setup mode: custom fields and terms are asked for and recorded too', async () => {
  const s = await stripe.checkout.sessions.create({
    mode: 'setup', currency: 'eur', success_url: 'https://shop.example/ok', custom_fields: [fields[0]], consent_collection: { terms_of_service: 'required' },
  });
  const refused = await page(s.id, '/start', { submit: 'true', 'custom_fields[engraving]': 'ADA' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error?.param, 'consent[terms_of_service]');
  const started = await page(s.id, '/start', { submit: 'true', email: 'ada@example.com', 'custom_fields[engraving]': 'ADA', 'consent[terms_of_service]': 'accepted' });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const secret = started.body.setup_intent_client_secret as string;
  const res = await fetch(`${sim.url}/v1/setup_intents/${secret.split('_secret_')[0]}/confirm`, {
    method: 'POST', headers: { ...pkHeaders, Authorization: `Bearer ${sim.keys.publishable}` },
    body: new URLSearchParams({ client_secret: secret, payment_method: 'pm_card_visa' }).toString(),
  });
  assert.equal(((await res.json()) as Body).status, 'succeeded');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.custom_fields[0].text?.value, 'ADA');
  assert.deepEqual(done.consent, { promotions: null, terms_of_service: 'accepted' });
});

// Customers, Products, Prices, PaymentMethods and SetupIntents as Stripe's API reference describes their CRUD:
// every parameter the official SDK types offer, the objects' documented defaults, list filters, deleted objects,
// and the documented mistakes with Stripe's wording. Each test names the documented behaviour it checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { stripeError, useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

// ---------------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------------

test('customers.create stores every documented field and defaults the rest (API reference: the Customer object)', async () => {
  const c = await stripe.customers.create({
    email: 'jenny.rosen@example.com',
    name: 'Jenny Rosen',
    phone: '+15555550100',
    description: 'VIP',
    balance: -500,
    preferred_locales: ['fr', 'en'],
    tax_exempt: 'reverse',
    address: { line1: '1 Main St', city: 'Paris', country: 'FR', postal_code: '75001' },
    shipping: { name: 'Jenny', address: { line1: '2 Side St', country: 'FR' }, phone: '+33100000000' },
    invoice_settings: { footer: 'Thanks', custom_fields: [{ name: 'VAT', value: 'FR123' }] },
    metadata: { order: '6735' },
  });
  assert.equal(c.object, 'customer');
  assert.match(c.id, /^cus_/);
  assert.equal(c.email, 'jenny.rosen@example.com');
  assert.equal(c.balance, -500);
  assert.deepEqual(c.preferred_locales, ['fr', 'en']);
  assert.equal(c.tax_exempt, 'reverse');
  assert.deepEqual(c.address, { city: 'Paris', country: 'FR', line1: '1 Main St', line2: null, postal_code: '75001', state: null });
  assert.deepEqual(c.shipping, {
    address: { city: null, country: 'FR', line1: '2 Side St', line2: null, postal_code: null, state: null },
    name: 'Jenny',
    phone: '+33100000000',
  });
  assert.equal(c.invoice_settings.footer, 'Thanks');
  assert.deepEqual(c.invoice_settings.custom_fields, [{ name: 'VAT', value: 'FR123' }]);
  assert.equal(c.invoice_settings.default_payment_method, null);
  assert.equal(c.default_source, null);
  assert.equal(c.delinquent, false);
  assert.equal(c.livemode, false);
  assert.deepEqual(c.metadata, { order: '6735' });
  // a bare customer: Stripe's defaults
  const bare = await stripe.customers.create();
  assert.equal(bare.balance, 0);
  assert.equal(bare.tax_exempt, 'none');
  assert.deepEqual(bare.preferred_locales, []);
  assert.equal(bare.email, null);
  assert.equal(bare.address, null);
  assert.equal(bare.shipping, null);
});

test('a malformed email is refused with email_invalid (Stripe: "Invalid email address: ...")', async () => {
  const e = await stripeError(stripe.customers.create({ email: 'not-an-email' }));
  assert.equal(e.type, 'StripeInvalidRequestError');
  assert.equal(e.code, 'email_invalid');
  assert.equal(e.param, 'email');
  assert.equal(e.message, 'Invalid email address: not-an-email');
  const c = await stripe.customers.create();
  const u = await stripeError(stripe.customers.update(c.id, { email: 'a@b' }));
  assert.equal(u.code, 'email_invalid');
});

test('invoice_settings.default_payment_method must be attached to the customer (Stripe’s wording)', async () => {
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const e = await stripeError(stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } }));
  assert.equal(e.type, 'StripeInvalidRequestError');
  assert.equal(e.param, 'invoice_settings[default_payment_method]');
  assert.equal(e.message, `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`);
  await stripe.paymentMethods.attach(pm.id, { customer: c.id });
  const ok = await stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
  assert.equal(ok.invoice_settings.default_payment_method, pm.id);
  // expandable, as the reference marks it
  const expanded = await stripe.customers.retrieve(c.id, { expand: ['invoice_settings.default_payment_method'] }) as Stripe.Customer;
  assert.equal((expanded.invoice_settings.default_payment_method as Stripe.PaymentMethod).object, 'payment_method');
});

test('customers.create with payment_method attaches it; the docs pass the same test id as the invoice default', async () => {
  const c = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const pms = await stripe.customers.listPaymentMethods(c.id);
  assert.equal(pms.data.length, 1);
  assert.equal(c.invoice_settings.default_payment_method, pms.data[0].id);
});

test('update merges address, clears with an empty value, and emits customer.updated with previous_attributes', async () => {
  const c = await stripe.customers.create({ address: { line1: '1 Main St', country: 'US' }, description: 'x' });
  const u = await stripe.customers.update(c.id, { address: { city: 'Boston' }, description: '' });
  assert.equal(u.address?.line1, '1 Main St');
  assert.equal(u.address?.city, 'Boston');
  assert.equal(u.description, null);
  const cleared = await stripe.customers.update(c.id, { address: '' });
  assert.equal(cleared.address, null);
  const events = await stripe.events.list({ type: 'customer.updated', limit: 5 });
  const ev = events.data.find((x) => (x.data.object as Stripe.Customer).id === c.id && x.data.previous_attributes && 'description' in x.data.previous_attributes);
  assert.ok(ev, 'customer.updated with previous_attributes.description');
});

test('delete returns { id, object: "customer", deleted: true }; retrieving gives the deleted stub; update and delete again are refused', async () => {
  const c = await stripe.customers.create({ email: 'gone@example.com' });
  const d = await stripe.customers.del(c.id);
  assert.deepEqual(d, { id: c.id, object: 'customer', deleted: true });
  // API reference: "When requesting the ID of a customer that has been deleted, a subset of the customer’s information
  // will be returned, including a deleted property, which will be true."
  const r = await stripe.customers.retrieve(c.id);
  assert.equal(r.deleted, true);
  assert.equal(r.id, c.id);
  const u = await stripeError(stripe.customers.update(c.id, { name: 'x' }));
  assert.equal(u.code, 'resource_missing');
  assert.equal(u.statusCode, 404);
  assert.equal(u.message, `No such customer: '${c.id}'`);
  const again = await stripeError(stripe.customers.del(c.id));
  assert.equal(again.code, 'resource_missing');
  // deleted customers are not listed
  const listed = await stripe.customers.list({ email: 'gone@example.com' });
  assert.equal(listed.data.length, 0);
});

test('customers.list filters on email (exact) and created', async () => {
  const email = `list-${Date.now()}@example.com`;
  const a = await stripe.customers.create({ email });
  const b = await stripe.customers.create({ email });
  await stripe.customers.create({ email: `other-${email}` });
  const byEmail = await stripe.customers.list({ email });
  assert.deepEqual(byEmail.data.map((x) => x.id), [b.id, a.id]); // newest first
  const byCreated = await stripe.customers.list({ created: { gte: a.created }, email });
  assert.equal(byCreated.data.length, 2);
  const none = await stripe.customers.list({ created: { lt: a.created }, email });
  assert.equal(none.data.length, 0);
});

test('customers.listPaymentMethods filters on type; retrievePaymentMethod finds only the customer’s own', async () => {
  const c = await stripe.customers.create();
  const other = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
  const list = await stripe.customers.listPaymentMethods(c.id, { type: 'card' });
  assert.deepEqual(list.data.map((x) => x.id), [pm.id]);
  assert.equal(list.url, `/v1/customers/${c.id}/payment_methods`);
  const none = await stripe.customers.listPaymentMethods(c.id, { type: 'sepa_debit' });
  assert.equal(none.data.length, 0);
  const got = await stripe.customers.retrievePaymentMethod(c.id, pm.id);
  assert.equal(got.id, pm.id);
  const e = await stripeError(stripe.customers.retrievePaymentMethod(other.id, pm.id));
  assert.equal(e.code, 'resource_missing');
});

test('a card source becomes default_source and is listed under sources', async () => {
  const c = await stripe.customers.create({ source: 'tok_visa' });
  assert.match(String(c.default_source), /^card_/);
  const sources = await stripe.customers.listSources(c.id, { object: 'card' });
  assert.equal(sources.data.length, 1);
  assert.equal(sources.data[0].id, c.default_source);
  const expanded = (await stripe.customers.retrieve(c.id, { expand: ['sources'] })) as Stripe.Customer;
  assert.equal(expanded.sources?.data.length, 1);
});

// ---------------------------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------------------------

test('products.create: documented defaults (active, type service, images [], shippable null, tax_details null)', async () => {
  const p = await stripe.products.create({ name: 'T-shirt' });
  assert.equal(p.object, 'product');
  assert.match(p.id, /^prod_/);
  assert.equal(p.active, true);
  assert.equal(p.type, 'service');
  assert.deepEqual(p.images, []);
  assert.deepEqual(p.marketing_features, []);
  assert.equal(p.shippable, null);
  assert.equal(p.default_price, null);
  assert.equal(p.tax_details, null);
  assert.equal(p.url, null);
  assert.equal(p.package_dimensions, null);
  assert.equal(p.updated, p.created);
});

test('products.create stores images (max 8), url, shippable, unit_label, tax_code, statement_descriptor, package_dimensions', async () => {
  const p = await stripe.products.create({
    name: 'Mug',
    images: ['https://example.com/a.png'],
    url: 'https://example.com/mug',
    shippable: true,
    unit_label: 'mug',
    tax_code: 'txcd_99999999',
    statement_descriptor: 'MUG SHOP',
    package_dimensions: { height: 1.5, length: 2, weight: 10.25, width: 3 },
    marketing_features: [{ name: 'Dishwasher safe' }],
    description: 'A mug',
  });
  assert.deepEqual(p.images, ['https://example.com/a.png']);
  assert.equal(p.url, 'https://example.com/mug');
  assert.equal(p.shippable, true);
  assert.equal(p.unit_label, 'mug');
  assert.equal(p.tax_code, 'txcd_99999999');
  assert.equal(p.statement_descriptor, 'MUG SHOP');
  assert.deepEqual(p.package_dimensions, { height: 1.5, length: 2, weight: 10.25, width: 3 });
  assert.deepEqual(p.marketing_features, [{ name: 'Dishwasher safe' }]);
  const nine = Array.from({ length: 9 }, (_, i) => `https://example.com/${i}.png`);
  const e = await stripeError(stripe.products.create({ name: 'Too many', images: nine }));
  assert.equal(e.param, 'images');
});

test('products.create and update accept tax_details (tax_code, performance_location), shown on the product', async () => {
  const p = await stripe.products.create({ name: 'Ticket', tax_details: { tax_code: 'txcd_10000000' } });
  assert.deepEqual(p.tax_details, { performance_location: null, tax_code: 'txcd_10000000' });
  const u = await stripe.products.update(p.id, { tax_details: { tax_code: 'txcd_20030000' } });
  assert.equal(u.tax_details?.tax_code, 'txcd_20030000');
  const cleared = await stripe.products.update(p.id, { tax_details: '' });
  assert.equal(cleared.tax_details, null);
});

test('a product statement_descriptor follows Stripe’s rules: at most 22 characters, no < > \\ " \', at least one letter', async () => {
  for (const bad of ['<SHOP>', 'A"B', '12345678', 'x'.repeat(23)]) {
    const e = await stripeError(stripe.products.create({ name: 'SD', statement_descriptor: bad }));
    assert.equal(e.type, 'StripeInvalidRequestError', bad);
    assert.equal(e.param, 'statement_descriptor', bad);
  }
});

test('a caller-supplied product id is kept; reusing it is refused with resource_already_exists', async () => {
  const id = `prod_custom_${Date.now()}`;
  const p = await stripe.products.create({ id, name: 'Custom' });
  assert.equal(p.id, id);
  const e = await stripeError(stripe.products.create({ id, name: 'Again' }));
  assert.equal(e.code, 'resource_already_exists');
  assert.equal(e.param, 'id');
  assert.equal(e.message, 'Product already exists.');
});

test('default_price_data creates a Price and sets default_price (expandable)', async () => {
  const p = await stripe.products.create({
    name: 'Gold',
    default_price_data: { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, metadata: { tier: 'gold' }, tax_behavior: 'exclusive' },
    expand: ['default_price'],
  });
  const price = p.default_price as Stripe.Price;
  assert.equal(price.object, 'price');
  assert.equal(price.product, p.id);
  assert.equal(price.unit_amount, 2000);
  assert.equal(price.type, 'recurring');
  assert.deepEqual(price.metadata, { tier: 'gold' });
  assert.equal(price.tax_behavior, 'exclusive');
  const custom = await stripe.products.create({ name: 'Donation', default_price_data: { currency: 'usd', custom_unit_amount: { enabled: true, minimum: 500 } } });
  const cp = await stripe.prices.retrieve(custom.default_price as string);
  assert.equal(cp.unit_amount, null);
  assert.deepEqual(cp.custom_unit_amount, { maximum: null, minimum: 500, preset: null });
});

test('default_price on update must be a price of this product', async () => {
  const a = await stripe.products.create({ name: 'A' });
  const b = await stripe.products.create({ name: 'B', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const e = await stripeError(stripe.products.update(a.id, { default_price: b.default_price as string }));
  assert.equal(e.param, 'default_price');
  const missing = await stripeError(stripe.products.update(a.id, { default_price: 'price_nope' }));
  assert.equal(missing.code, 'resource_missing');
  const own = await stripe.prices.create({ product: a.id, currency: 'usd', unit_amount: 300 });
  const u = await stripe.products.update(a.id, { default_price: own.id });
  assert.equal(u.default_price, own.id);
});

test('a product with user-created prices cannot be deleted (Stripe’s message); one without returns the deleted stub', async () => {
  const p = await stripe.products.create({ name: 'Priced', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const e = await stripeError(stripe.products.del(p.id));
  assert.equal(e.message, 'This product cannot be deleted because it has one or more user-created prices.');
  assert.equal(e.statusCode, 400);
  const q = await stripe.products.create({ name: 'Bare' });
  assert.deepEqual(await stripe.products.del(q.id), { id: q.id, object: 'product', deleted: true });
  const r = await stripe.products.retrieve(q.id);
  assert.equal(r.deleted, true);
  const u = await stripeError(stripe.products.update(q.id, { name: 'x' }));
  assert.equal(u.code, 'resource_missing');
});

test('product name cannot be unset; update changes updated', async () => {
  const p = await stripe.products.create({ name: 'Named' });
  const e = await stripeError(stripe.products.update(p.id, { name: '' }));
  assert.equal(e.code, 'parameter_invalid_empty');
  await sim.control('POST', '/_sim/clock/advance', { seconds: 10 });
  const u = await stripe.products.update(p.id, { active: false, url: 'https://example.com/p' });
  assert.equal(u.active, false);
  assert.ok(u.updated > p.updated);
});

test('products.list filters: active, ids[], shippable, url, type, created', async () => {
  const tag = `${Date.now()}`;
  const a = await stripe.products.create({ name: 'a', shippable: true, url: `https://example.com/${tag}`, type: 'good' });
  const b = await stripe.products.create({ name: 'b', active: false });
  const byIds = await stripe.products.list({ ids: [a.id, b.id] });
  assert.deepEqual(byIds.data.map((x) => x.id).sort(), [a.id, b.id].sort());
  const inactive = await stripe.products.list({ ids: [a.id, b.id], active: false });
  assert.deepEqual(inactive.data.map((x) => x.id), [b.id]);
  const shippable = await stripe.products.list({ ids: [a.id, b.id], shippable: true });
  assert.deepEqual(shippable.data.map((x) => x.id), [a.id]);
  const byUrl = await stripe.products.list({ url: `https://example.com/${tag}` });
  assert.deepEqual(byUrl.data.map((x) => x.id), [a.id]);
  const goods = await stripe.products.list({ ids: [a.id, b.id], type: 'good' });
  assert.deepEqual(goods.data.map((x) => x.id), [a.id]);
  const created = await stripe.products.list({ ids: [a.id, b.id], created: { gt: b.created + 1000 } });
  assert.equal(created.data.length, 0);
});

test('products.list refuses ids together with starting_after (API reference: "Cannot be used with starting_after or ending_before")', async () => {
  const a = await stripe.products.create({ name: 'ids-a' });
  const e = await stripeError(stripe.products.list({ ids: [a.id], starting_after: a.id }));
  assert.equal(e.type, 'StripeInvalidRequestError');
});

// ---------------------------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------------------------

test('a one-time price and a recurring price, with Stripe’s defaults', async () => {
  const prod = await stripe.products.create({ name: 'P' });
  const one = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 1000 });
  assert.equal(one.object, 'price');
  assert.equal(one.type, 'one_time');
  assert.equal(one.recurring, null);
  assert.equal(one.billing_scheme, 'per_unit');
  assert.equal(one.unit_amount, 1000);
  assert.equal(String(one.unit_amount_decimal), '1000');
  assert.equal(one.tax_behavior, 'unspecified');
  assert.equal(one.lookup_key, null);
  assert.equal(one.custom_unit_amount, null);
  assert.equal(one.tiers_mode, null);
  assert.equal(one.transform_quantity, null);
  const rec = await stripe.prices.create({ product: prod.id, currency: 'eur', unit_amount: 500, recurring: { interval: 'week', interval_count: 2 } });
  assert.equal(rec.type, 'recurring');
  assert.deepEqual(rec.recurring, { interval: 'week', interval_count: 2, meter: null, trial_period_days: null, usage_type: 'licensed' });
});

test('recurring interval_count allows at most three years (3 years, 36 months, 156 weeks)', async () => {
  const prod = await stripe.products.create({ name: 'Long' });
  for (const [interval, count] of [['year', 3], ['month', 36], ['week', 156], ['day', 1095]] as const) {
    const ok = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, recurring: { interval, interval_count: count } });
    assert.equal(ok.recurring?.interval_count, count);
  }
  for (const [interval, count] of [['year', 4], ['month', 37], ['week', 157], ['day', 1096]] as const) {
    const e = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, recurring: { interval, interval_count: count } }));
    assert.equal(e.type, 'StripeInvalidRequestError', `${interval} x${count}`);
    assert.equal(e.param, 'recurring[interval_count]');
  }
});

test('unit_amount, unit_amount_decimal and custom_unit_amount: one of them, not two', async () => {
  const prod = await stripe.products.create({ name: 'Amounts' });
  const dec = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('12.5') });
  assert.equal(dec.unit_amount, null);
  assert.equal(String(dec.unit_amount_decimal), '12.5');
  const both = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 1, unit_amount_decimal: Stripe.Decimal.from('1') }));
  assert.equal(both.type, 'StripeInvalidRequestError');
  const none = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd' }));
  assert.equal(none.code, 'parameter_missing');
  const custom = await stripe.prices.create({ product: prod.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 100, maximum: 10000, preset: 500 } });
  assert.deepEqual(custom.custom_unit_amount, { maximum: 10000, minimum: 100, preset: 500 });
  assert.equal(custom.unit_amount, null);
  const mixed = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, custom_unit_amount: { enabled: true } }));
  assert.equal(mixed.type, 'StripeInvalidRequestError');
  const bad = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 1000, maximum: 500 } }));
  assert.equal(bad.type, 'StripeInvalidRequestError');
});

test('tiered prices need tiers and tiers_mode; tiers on per_unit prices are refused; the last tier is up_to inf', async () => {
  const prod = await stripe.products.create({ name: 'Tiered' });
  const noMode = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', billing_scheme: 'tiered', recurring: { interval: 'month' }, tiers: [{ up_to: 'inf', unit_amount: 100 }] }));
  assert.equal(noMode.param, 'tiers_mode');
  const perUnit = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, tiers: [{ up_to: 'inf', unit_amount: 100 }], tiers_mode: 'volume' }));
  assert.equal(perUnit.type, 'StripeInvalidRequestError');
  const noInf = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', recurring: { interval: 'month' }, tiers: [{ up_to: 10, unit_amount: 100 }] }));
  assert.equal(noInf.type, 'StripeInvalidRequestError');
  const amountToo = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', unit_amount: 5, recurring: { interval: 'month' }, tiers: [{ up_to: 'inf', unit_amount: 100 }] }));
  assert.equal(amountToo.type, 'StripeInvalidRequestError');
  const ok = await stripe.prices.create({ product: prod.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', recurring: { interval: 'month' }, tiers: [{ up_to: 5, unit_amount: 100 }, { up_to: 'inf', unit_amount: 80 }] });
  assert.equal(ok.unit_amount, null);
  assert.equal(ok.unit_amount_decimal, null);
});

test('product vs product_data: one of them; product_data makes a product', async () => {
  const prod = await stripe.products.create({ name: 'Existing' });
  const both = await stripeError(stripe.prices.create({ product: prod.id, product_data: { name: 'New' }, currency: 'usd', unit_amount: 100 }));
  assert.equal(both.type, 'StripeInvalidRequestError');
  const missing = await stripeError(stripe.prices.create({ currency: 'usd', unit_amount: 100 }));
  assert.equal(missing.code, 'parameter_missing');
  const unknown = await stripeError(stripe.prices.create({ product: 'prod_nope', currency: 'usd', unit_amount: 100 }));
  assert.equal(unknown.code, 'resource_missing');
  assert.equal(unknown.message, "No such product: 'prod_nope'");
  const made = await stripe.prices.create({ product_data: { name: 'Inline', unit_label: 'seat', metadata: { a: '1' } }, currency: 'usd', unit_amount: 100, expand: ['product'] });
  const p = made.product as Stripe.Product;
  assert.equal(p.name, 'Inline');
  assert.equal(p.unit_label, 'seat');
  assert.deepEqual(p.metadata, { a: '1' });
});

test('lookup_key is unique; transfer_lookup_key moves it (on create and update)', async () => {
  const prod = await stripe.products.create({ name: 'Keys' });
  const key = `standard_${Date.now()}`;
  const a = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, lookup_key: key });
  const dup = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 200, lookup_key: key }));
  assert.equal(dup.param, 'lookup_key');
  assert.equal(dup.message, `A price (\`${a.id}\`) already uses that lookup key.`);
  const b = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 200, lookup_key: key, transfer_lookup_key: true });
  assert.equal(b.lookup_key, key);
  assert.equal((await stripe.prices.retrieve(a.id)).lookup_key, null);
  const back = await stripe.prices.update(a.id, { lookup_key: key, transfer_lookup_key: true });
  assert.equal(back.lookup_key, key);
  const listed = await stripe.prices.list({ lookup_keys: [key] });
  assert.deepEqual(listed.data.map((x) => x.id), [a.id]);
});

test('price amounts are immutable: unit_amount on update is an unknown parameter', async () => {
  const prod = await stripe.products.create({ name: 'Fixed' });
  const pr = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100 });
  const r = await sim.request('POST', `/v1/prices/${pr.id}`, { body: 'unit_amount=200' });
  const body = (await r.json()) as { error: { message: string; param: string; code: string } };
  assert.equal(r.status, 400);
  assert.equal(body.error.message, 'Received unknown parameter: unit_amount');
  assert.equal(body.error.param, 'unit_amount');
  const upd = await stripe.prices.update(pr.id, { nickname: 'Standard', metadata: { a: 'b' }, active: false });
  assert.equal(upd.nickname, 'Standard');
  assert.equal(upd.active, false);
});

test('prices.list filters: active, currency, product, type, lookup_keys, recurring[interval]', async () => {
  const prod = await stripe.products.create({ name: 'Listing' });
  const one = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100 });
  const monthly = await stripe.prices.create({ product: prod.id, currency: 'eur', unit_amount: 100, recurring: { interval: 'month' } });
  const yearly = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'year' }, active: false });
  const ids = async (params: Stripe.PriceListParams) => (await stripe.prices.list({ product: prod.id, ...params })).data.map((x) => x.id);
  assert.deepEqual(await ids({}), [yearly.id, monthly.id, one.id]); // `active`: "Only return prices that are active or inactive"; no filter lists both
  assert.deepEqual(await ids({ active: false }), [yearly.id]);
  assert.deepEqual(await ids({ currency: 'eur' }), [monthly.id]);
  assert.deepEqual(await ids({ type: 'one_time' }), [one.id]);
  assert.deepEqual(await ids({ type: 'recurring', active: true }), [monthly.id]);
  assert.deepEqual(await ids({ recurring: { interval: 'year' }, active: false }), [yearly.id]);
});

// ---------------------------------------------------------------------------------------------------------------
// PaymentMethods
// ---------------------------------------------------------------------------------------------------------------

test('attach twice to the same customer is a no-op; to another customer is refused', async () => {
  const c1 = await stripe.customers.create();
  const c2 = await stripe.customers.create();
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const a = await stripe.paymentMethods.attach(pm.id, { customer: c1.id });
  assert.equal(a.customer, c1.id);
  const again = await stripe.paymentMethods.attach(pm.id, { customer: c1.id });
  assert.equal(again.customer, c1.id);
  const e = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: c2.id }));
  assert.equal(e.type, 'StripeInvalidRequestError');
  assert.equal(e.message, 'The payment method you provided has already been attached to a customer.');
});

test('a PaymentMethod used without a customer, or detached, may not be attached again (Stripe’s message)', async () => {
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  const e = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: c.id }));
  assert.equal(e.message, 'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.');
  const pm2 = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
  const d = await stripe.paymentMethods.detach(pm2.id);
  assert.equal(d.customer, null);
  const re = await stripeError(stripe.paymentMethods.attach(pm2.id, { customer: c.id }));
  assert.equal(re.message, e.message);
  const twice = await stripeError(stripe.paymentMethods.detach(pm2.id));
  assert.equal(twice.message, 'The payment method you provided is not attached to a customer so detachment is impossible.');
});

test('attach needs a customer that exists', async () => {
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const missing = await stripeError(stripe.paymentMethods.attach(pm.id, {}));
  assert.equal(missing.code, 'parameter_missing');
  const gone = await stripe.customers.create();
  await stripe.customers.del(gone.id);
  const e = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: gone.id }));
  assert.equal(e.code, 'resource_missing');
  assert.equal(e.message, `No such customer: '${gone.id}'`);
});

test('update changes billing_details, metadata, card exp_month/exp_year and allow_redisplay, only on attached cards', async () => {
  const c = await stripe.customers.create();
  const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  const e = await stripeError(stripe.paymentMethods.update(loose.id, { metadata: { a: '1' } }));
  assert.equal(e.message, 'You must save this PaymentMethod to a customer before you can update it.');
  const pm = await stripe.paymentMethods.attach(loose.id, { customer: c.id });
  const year = new Date().getUTCFullYear() + 5;
  const u = await stripe.paymentMethods.update(pm.id, {
    billing_details: { name: 'Jenny Rosen', address: { postal_code: '94107' } },
    metadata: { a: '1' },
    card: { exp_month: 4, exp_year: year },
    allow_redisplay: 'always',
  });
  assert.equal(u.billing_details.name, 'Jenny Rosen');
  assert.equal(u.billing_details.address?.postal_code, '94107');
  assert.deepEqual(u.metadata, { a: '1' });
  assert.equal(u.card?.exp_month, 4);
  assert.equal(u.card?.exp_year, year);
  assert.equal(u.allow_redisplay, 'always');
  const past = await stripeError(stripe.paymentMethods.update(pm.id, { card: { exp_year: 2000 } }));
  assert.equal(past.type, 'StripeCardError');
});

test('allow_redisplay is set on create and defaults to unspecified', async () => {
  const a = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  assert.equal(a.allow_redisplay, 'unspecified');
  const b = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' }, allow_redisplay: 'always' });
  assert.equal(b.allow_redisplay, 'always');
});

test('paymentMethods.list by customer and type; an unknown customer is resource_missing', async () => {
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: c.id });
  const list = await stripe.paymentMethods.list({ customer: c.id, type: 'card' });
  assert.deepEqual(list.data.map((x) => x.id), [pm.id]);
  const e = await stripeError(stripe.paymentMethods.list({ customer: 'cus_nope', type: 'card' }));
  assert.equal(e.code, 'resource_missing');
});

// ---------------------------------------------------------------------------------------------------------------
// SetupIntents
// ---------------------------------------------------------------------------------------------------------------

test('setupIntents.create: documented defaults (usage off_session, requires_payment_method, automatic_payment_methods)', async () => {
  const si = await stripe.setupIntents.create();
  assert.equal(si.object, 'setup_intent');
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.usage, 'off_session');
  assert.match(si.client_secret ?? '', /^seti_.+_secret_.+$/);
  assert.deepEqual(si.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.equal(si.payment_method, null);
  assert.equal(si.cancellation_reason, null);
  assert.equal(si.mandate, null);
  const on = await stripe.setupIntents.create({ usage: 'on_session' });
  assert.equal(on.usage, 'on_session');
});

test('on endive, payment_method_types is refused in favour of allowed_payment_method_types; dahlia takes it', async () => {
  const e = await stripeError(stripe.setupIntents.create({ payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams));
  assert.equal(e.param, 'payment_method_types');
  const si = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
  assert.deepEqual(si.allowed_payment_method_types, ['card']);
  assert.equal(si.automatic_payment_methods, null);
  const dahlia = sim.client(undefined, { apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  const d = await dahlia.setupIntents.create({ payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams);
  assert.deepEqual(d.payment_method_types, ['card']);
  assert.equal('allowed_payment_method_types' in d, false);
});

test('confirming with a customer attaches the card to the customer and succeeds', async () => {
  const c = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: c.id, payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  assert.equal(si.status, 'succeeded');
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  assert.equal(pm.customer, c.id);
  const listed = await stripe.setupIntents.list({ customer: c.id });
  assert.deepEqual(listed.data.map((x) => x.id), [si.id]);
  const byPm = await stripe.setupIntents.list({ payment_method: pm.id });
  assert.deepEqual(byPm.data.map((x) => x.id), [si.id]);
});

test('mandate_data is accepted on create and confirm', async () => {
  const si = await stripe.setupIntents.create({
    payment_method: 'pm_card_visa',
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    mandate_data: { customer_acceptance: { type: 'offline' } },
  });
  assert.equal(si.status, 'succeeded');
  const si2 = await stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
  const c = await stripe.setupIntents.confirm(si2.id, { mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'test' } } } });
  assert.equal(c.status, 'succeeded');
});

test('cancel takes Stripe’s cancellation reasons; a canceled SetupIntent cannot be confirmed, updated or canceled again', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
  assert.equal(si.status, 'requires_confirmation');
  const bad = await stripeError(stripe.setupIntents.cancel(si.id, { cancellation_reason: 'fraudulent' as Stripe.SetupIntentCancelParams.CancellationReason }));
  assert.equal(bad.param, 'cancellation_reason');
  const c = await stripe.setupIntents.cancel(si.id, { cancellation_reason: 'requested_by_customer' });
  assert.equal(c.status, 'canceled');
  assert.equal(c.cancellation_reason, 'requested_by_customer');
  const confirm = await stripeError(stripe.setupIntents.confirm(si.id));
  assert.equal(confirm.code, 'setup_intent_unexpected_state');
  assert.equal(confirm.message, 'You cannot confirm this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.');
  const cancel = await stripeError(stripe.setupIntents.cancel(si.id));
  assert.equal(cancel.code, 'setup_intent_unexpected_state');
  const upd = await stripeError(stripe.setupIntents.update(si.id, { payment_method: 'pm_card_visa' }));
  assert.equal(upd.code, 'setup_intent_unexpected_state');
  // metadata stays editable
  const meta = await stripe.setupIntents.update(si.id, { metadata: { k: 'v' } });
  assert.deepEqual(meta.metadata, { k: 'v' });
});

test('a succeeded SetupIntent cannot be canceled (setup_intent_unexpected_state)', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  const e = await stripeError(stripe.setupIntents.cancel(si.id));
  assert.equal(e.code, 'setup_intent_unexpected_state');
  assert.equal((e.raw as { setup_intent?: { id: string } }).setup_intent?.id, si.id);
});

test('confirm without a payment method is refused with Stripe’s message', async () => {
  const si = await stripe.setupIntents.create();
  const e = await stripeError(stripe.setupIntents.confirm(si.id));
  assert.equal(e.code, 'setup_intent_unexpected_state');
  assert.match(e.message, /missing a payment method/);
});

test('setupIntents.update sets description, metadata, customer and payment_method; unknown customer is resource_missing', async () => {
  const si = await stripe.setupIntents.create();
  const c = await stripe.customers.create();
  const u = await stripe.setupIntents.update(si.id, { description: 'Save card', metadata: { a: '1' }, customer: c.id, payment_method: 'pm_card_visa' });
  assert.equal(u.description, 'Save card');
  assert.deepEqual(u.metadata, { a: '1' });
  assert.equal(u.customer, c.id);
  assert.equal(u.status, 'requires_confirmation');
  const e = await stripeError(stripe.setupIntents.update(si.id, { customer: 'cus_nope' }));
  assert.equal(e.code, 'resource_missing');
  const created = await stripeError(stripe.setupIntents.create({ customer: 'cus_nope' }));
  assert.equal(created.code, 'resource_missing');
  assert.equal(created.param, 'customer');
});

test('setupIntents.create stores description and metadata', async () => {
  const si = await stripe.setupIntents.create({ description: 'Card for later', metadata: { order: '1' } });
  assert.equal(si.description, 'Card for later');
  assert.deepEqual(si.metadata, { order: '1' });
});

test('setupIntents.list filters on created', async () => {
  const si = await stripe.setupIntents.create();
  const listed = await stripe.setupIntents.list({ created: { gte: si.created }, limit: 100 });
  assert.ok(listed.data.some((x) => x.id === si.id));
  const none = await stripe.setupIntents.list({ created: { lt: si.created }, limit: 100 });
  assert.ok(!none.data.some((x) => x.id === si.id));
});

// ---------------------------------------------------------------------------------------------------------------
// Second pass: details
// ---------------------------------------------------------------------------------------------------------------

test('a good product takes no statement_descriptor or unit_label ("May only be set if type=service")', async () => {
  const e = await stripeError(stripe.products.create({ name: 'Good', type: 'good', statement_descriptor: 'GOOD SHOP' }));
  assert.equal(e.param, 'statement_descriptor');
  const good = await stripe.products.create({ name: 'Good', type: 'good' });
  assert.equal(good.type, 'good');
  const u = await stripeError(stripe.products.update(good.id, { unit_label: 'box' }));
  assert.equal(u.param, 'unit_label');
});

test('default_price cannot be an archived price; the default price cannot be archived', async () => {
  const p = await stripe.products.create({ name: 'Def', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const e = await stripeError(stripe.prices.update(p.default_price as string, { active: false }));
  assert.equal(e.type, 'StripeInvalidRequestError');
  const other = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 200, active: false });
  const d = await stripeError(stripe.products.update(p.id, { default_price: other.id }));
  assert.equal(d.param, 'default_price');
});

test('customer shipping needs a name and an address', async () => {
  const e = await stripeError(stripe.customers.create({ shipping: { address: { line1: 'x' } } as Stripe.CustomerCreateParams.Shipping }));
  assert.equal(e.code, 'parameter_missing');
  assert.equal(e.param, 'shipping[name]');
});

test('tax_exempt and preferred_locales clear with an empty value; balance updates', async () => {
  const c = await stripe.customers.create({ tax_exempt: 'exempt', preferred_locales: ['de'], balance: 100 });
  const u = await stripe.customers.update(c.id, { tax_exempt: '', balance: 250 });
  assert.equal(u.tax_exempt, 'none');
  assert.equal(u.balance, 250);
  const bad = await stripeError(stripe.customers.update(c.id, { tax_exempt: 'sometimes' as Stripe.CustomerUpdateParams.TaxExempt }));
  assert.equal(bad.param, 'tax_exempt');
});

test('default_source must be one of the customer’s sources', async () => {
  const c = await stripe.customers.create({ source: 'tok_visa' });
  const other = await stripe.customers.create({ source: 'tok_mastercard' });
  const e = await stripeError(stripe.customers.update(c.id, { default_source: other.default_source as string }));
  assert.equal(e.param, 'default_source');
  const card = await stripe.customers.createSource(c.id, { source: 'tok_amex' });
  const u = await stripe.customers.update(c.id, { default_source: card.id });
  assert.equal(u.default_source, card.id);
});

test('retrieving an unknown PaymentMethod is resource_missing: "No such PaymentMethod: \'pm_...\'"', async () => {
  const e = await stripeError(stripe.paymentMethods.retrieve('pm_doesnotexist'));
  assert.equal(e.statusCode, 404);
  assert.equal(e.code, 'resource_missing');
  assert.equal(e.message, "No such PaymentMethod: 'pm_doesnotexist'");
});

test('paymentMethods.list without a customer lists nothing (PaymentMethods not attached are not listable)', async () => {
  const list = await stripe.paymentMethods.list({ type: 'card' });
  assert.equal(list.object, 'list');
  assert.equal(list.url, '/v1/payment_methods');
  assert.deepEqual(list.data, []);
});

test('detach emits payment_method.detached; attach emits payment_method.attached', async () => {
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
  await stripe.paymentMethods.detach(pm.id);
  const attached = await stripe.events.list({ type: 'payment_method.attached', limit: 10 });
  assert.ok(attached.data.some((e) => (e.data.object as Stripe.PaymentMethod).id === pm.id));
  const detached = await stripe.events.list({ type: 'payment_method.detached', limit: 10 });
  const ev = detached.data.find((e) => (e.data.object as Stripe.PaymentMethod).id === pm.id);
  assert.ok(ev);
  assert.equal((ev.data.object as Stripe.PaymentMethod).customer, null);
});

test('a SetupIntent with an unknown payment_method is resource_missing', async () => {
  const e = await stripeError(stripe.setupIntents.create({ payment_method: 'pm_nope' }));
  assert.equal(e.code, 'resource_missing');
  assert.equal(e.param, 'payment_method');
});

test('a SetupIntent’s latest_attempt is the SetupAttempt of its confirmation; setup_intent.canceled is emitted', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, expand: ['latest_attempt'] });
  const attempt = si.latest_attempt as Stripe.SetupAttempt;
  assert.equal(attempt.object, 'setup_attempt');
  assert.equal(attempt.status, 'succeeded');
  const attempts = await stripe.setupAttempts.list({ setup_intent: si.id });
  assert.equal(attempts.data.length, 1);
  const c = await stripe.setupIntents.create();
  await stripe.setupIntents.cancel(c.id, { cancellation_reason: 'abandoned' });
  const evs = await stripe.events.list({ type: 'setup_intent.canceled', limit: 10 });
  assert.ok(evs.data.some((e) => (e.data.object as Stripe.SetupIntent).id === c.id));
});

test('usage on_session is kept through confirmation; a bad usage is refused', async () => {
  const si = await stripe.setupIntents.create({ usage: 'on_session', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  assert.equal(si.usage, 'on_session');
  assert.equal(si.status, 'succeeded');
  const e = await stripeError(stripe.setupIntents.create({ usage: 'sometimes' as Stripe.SetupIntentCreateParams.Usage }));
  assert.equal(e.param, 'usage');
});

test('a SetupIntent that needs 3D Secure waits in requires_action with next_action', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://example.com/r' });
  assert.equal(si.status, 'requires_action');
  assert.equal(si.next_action?.type, 'redirect_to_url');
  // still open: it can be canceled
  const c = await stripe.setupIntents.cancel(si.id);
  assert.equal(c.status, 'canceled');
  assert.equal(c.next_action, null);
});

test('return_url without confirm is refused on create', async () => {
  const e = await stripeError(stripe.setupIntents.create({ return_url: 'https://example.com' }));
  assert.equal(e.param, 'return_url');
});

test('a PaymentMethod of another customer cannot be used by a SetupIntent of this customer', async () => {
  const a = await stripe.customers.create();
  const b = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
  const e = await stripeError(stripe.setupIntents.create({ customer: b.id, payment_method: pm.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }));
  assert.equal(e.param, 'payment_method');
  assert.equal(e.message, `The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${b.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`);
});

test('mandate_data "can only be used with confirm=true", and online acceptance names its ip_address and user_agent', async () => {
  const e = await stripeError(stripe.setupIntents.create({ mandate_data: { customer_acceptance: { type: 'offline' } } }));
  assert.equal(e.param, 'mandate_data');
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
  const missing = await stripeError(stripe.setupIntents.confirm(si.id, { mandate_data: { customer_acceptance: { type: 'online' } } }));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'mandate_data[customer_acceptance][online]');
  const badType = await stripeError(stripe.setupIntents.confirm(si.id, { mandate_data: { customer_acceptance: { type: 'paper' as 'online' } } }));
  assert.equal(badType.param, 'mandate_data[customer_acceptance][type]');
});

test('attach_to_self "cannot be set to true when setting up a PaymentMethod for a Customer"', async () => {
  const c = await stripe.customers.create();
  const e = await stripeError(stripe.setupIntents.create({ customer: c.id, attach_to_self: true }));
  assert.equal(e.param, 'attach_to_self');
});

test('a SetupIntent confirmation takes payment_method or payment_method_data, not both, and a valid return_url', async () => {
  const si = await stripe.setupIntents.create();
  const both = await stripeError(stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa', payment_method_data: { type: 'card', card: { token: 'tok_visa' } } as Stripe.SetupIntentConfirmParams.PaymentMethodData }));
  assert.equal(both.param, 'payment_method_data');
  const url = await stripeError(stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa', return_url: 'not a url' }));
  assert.equal(url.code, 'url_invalid');
  const ok = await stripe.setupIntents.confirm(si.id, { payment_method_data: { type: 'card', card: { token: 'tok_visa' } } as Stripe.SetupIntentConfirmParams.PaymentMethodData });
  assert.equal(ok.status, 'succeeded');
});

test('unit_amount_decimal takes at most 12 decimal places; flat_amount_decimal is a whole number of minor units', async () => {
  const prod = await stripe.products.create({ name: 'Decimals' });
  const ok = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('0.123456789012') });
  assert.equal(String(ok.unit_amount_decimal), '0.123456789012');
  const e = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('0.1234567890123') }));
  assert.equal(e.param, 'unit_amount_decimal');
  const flat = await stripeError(stripe.prices.create({
    product: prod.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', recurring: { interval: 'month' },
    tiers: [{ up_to: 'inf', flat_amount_decimal: Stripe.Decimal.from('10.5') }],
  }));
  assert.equal(flat.param, 'tiers[0][flat_amount_decimal]');
});

test('package_dimensions: "Maximum precision is 2 decimal places"', async () => {
  const ok = await stripe.products.create({ name: 'Box', package_dimensions: { height: 1.25, length: 2, weight: 3.5, width: 4 } });
  assert.equal(ok.package_dimensions?.height, 1.25);
  const e = await stripeError(stripe.products.create({ name: 'Box', package_dimensions: { height: 1.255, length: 2, weight: 3, width: 4 } }));
  assert.equal(e.param, 'package_dimensions[height]');
});

test('product_data follows the product rules: statement_descriptor checked, tax_details kept', async () => {
  const e = await stripeError(stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Inline', statement_descriptor: '<bad>' } }));
  assert.equal(e.param, 'product_data[statement_descriptor]');
  const pr = await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Taxed', tax_details: { tax_code: 'txcd_10000000' } }, expand: ['product'] });
  assert.deepEqual((pr.product as Stripe.Product).tax_details, { performance_location: null, tax_code: 'txcd_10000000' });
});

test('currency_options is Emptyable on update: an empty value removes the other currencies', async () => {
  const prod = await stripe.products.create({ name: 'Multi' });
  const pr = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 1000, currency_options: { eur: { unit_amount: 900 } } });
  const before = await stripe.prices.retrieve(pr.id, { expand: ['currency_options'] });
  assert.deepEqual(Object.keys(before.currency_options ?? {}).sort(), ['eur', 'usd']);
  await stripe.prices.update(pr.id, { currency_options: '' });
  const after = await stripe.prices.retrieve(pr.id, { expand: ['currency_options'] });
  assert.deepEqual(Object.keys(after.currency_options ?? {}), ['usd']);
});

test('paymentMethods.list takes allow_redisplay and every type of the SDK’s enum (p24 included)', async () => {
  const c = await stripe.customers.create();
  const shown = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' }, allow_redisplay: 'always' });
  await stripe.paymentMethods.attach(shown.id, { customer: c.id });
  await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
  const list = await stripe.paymentMethods.list({ customer: c.id, allow_redisplay: 'always' });
  assert.deepEqual(list.data.map((x) => x.id), [shown.id]);
  const p24 = await stripe.paymentMethods.list({ customer: c.id, type: 'p24' });
  assert.deepEqual(p24.data, []);
  const viaCustomer = await stripe.customers.listPaymentMethods(c.id, { type: 'p24' });
  assert.deepEqual(viaCustomer.data, []);
});

test('transform_quantity "Cannot be combined with tiers"; on a per-unit price it is kept', async () => {
  const prod = await stripe.products.create({ name: 'Packs' });
  const ok = await stripe.prices.create({ product: prod.id, currency: 'usd', unit_amount: 1000, transform_quantity: { divide_by: 10, round: 'up' } });
  assert.deepEqual(ok.transform_quantity, { divide_by: 10, round: 'up' });
  const e = await stripeError(stripe.prices.create({
    product: prod.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', recurring: { interval: 'month' },
    tiers: [{ up_to: 'inf', unit_amount: 100 }], transform_quantity: { divide_by: 10, round: 'up' },
  }));
  assert.equal(e.param, 'transform_quantity');
});

test('a SetupIntent refuses a PaymentMethod that was detached or used without a customer (Stripe’s message)', async () => {
  const c = await stripe.customers.create();
  const detached = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
  await stripe.paymentMethods.detach(detached.id);
  const e = await stripeError(stripe.setupIntents.create({ customer: c.id, payment_method: detached.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }));
  assert.equal(e.param, 'payment_method');
  assert.equal(e.message, 'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.');
  const used = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
  await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: used.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  const si = await stripe.setupIntents.create({ payment_method: used.id });
  const e2 = await stripeError(stripe.setupIntents.confirm(si.id));
  assert.equal(e2.message, e.message);
});

test('card[networks][preferred]: a network the card does not have "will be stored as invalid_preference"', async () => {
  const c = await stripe.customers.create();
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123', networks: { preferred: 'visa' } } });
  assert.deepEqual(pm.card?.networks, { available: ['visa'], preferred: 'visa' });
  await stripe.paymentMethods.attach(pm.id, { customer: c.id });
  const other = await stripe.paymentMethods.update(pm.id, { card: { networks: { preferred: 'mastercard' } } });
  assert.equal(other.card?.networks?.preferred, 'invalid_preference');
  const cleared = await stripe.paymentMethods.update(pm.id, { card: { networks: { preferred: '' } } });
  assert.equal(cleared.card?.networks?.preferred, null);
  const bad = await stripeError(stripe.paymentMethods.update(pm.id, { card: { networks: { preferred: 'amex' } } }));
  assert.equal(bad.param, 'card[networks][preferred]');
});

test('custom_unit_amount minimum "Must be at least the minimum charge amount"', async () => {
  const prod = await stripe.products.create({ name: 'Tip jar' });
  const e = await stripeError(stripe.prices.create({ product: prod.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 10 } }));
  assert.equal(e.param, 'custom_unit_amount[minimum]');
  const ok = await stripe.prices.create({ product: prod.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 50 } });
  assert.equal(ok.custom_unit_amount?.minimum, 50);
});

test('single_use takes an amount and a currency, checked as charge amounts are', async () => {
  const missing = await stripeError(stripe.setupIntents.create({ single_use: { amount: 1000 } as Stripe.SetupIntentCreateParams.SingleUse }));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'single_use[currency]');
  const small = await stripeError(stripe.setupIntents.create({ single_use: { amount: 10, currency: 'usd' } }));
  assert.equal(small.code, 'amount_too_small');
  assert.equal(small.param, 'single_use[amount]');
  const ok = await stripe.setupIntents.create({ single_use: { amount: 1000, currency: 'usd' } });
  assert.equal(ok.status, 'requires_payment_method');
});

test('payment_method_options[card]: setup_credential_usage and mandate_options are kept; moto and network only at confirmation', async () => {
  const start = Math.floor(Date.now() / 1000) + 3600;
  const si = await stripe.setupIntents.create({
    payment_method_options: {
      card: {
        setup_credential_usage: 'recurring',
        mandate_options: { amount: 1000, amount_type: 'maximum', currency: 'inr', interval: 'month', reference: 'ref-1', start_date: start },
      },
    },
  });
  const card = si.payment_method_options?.card;
  assert.equal(card?.setup_credential_usage, 'recurring');
  assert.deepEqual(card?.mandate_options, {
    amount: 1000, amount_type: 'maximum', currency: 'inr', description: null, end_date: null, interval: 'month',
    interval_count: null, reference: 'ref-1', start_date: start, supported_types: null,
  });
  const tooLong = await stripeError(stripe.setupIntents.create({
    payment_method_options: { card: { mandate_options: { amount: 1000, amount_type: 'fixed', currency: 'inr', interval: 'month', interval_count: 13, reference: 'r', start_date: start } } },
  }));
  assert.equal(tooLong.param, 'payment_method_options[card][mandate_options][interval_count]');
  const moto = await stripeError(stripe.setupIntents.create({ payment_method_options: { card: { moto: true } } }));
  assert.equal(moto.param, 'payment_method_options[card][moto]');
  const confirmed = await stripe.setupIntents.create({
    payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    payment_method_options: { card: { moto: true, network: 'visa' } },
  });
  assert.equal(confirmed.status, 'succeeded');
  assert.equal(confirmed.payment_method_options?.card?.network, 'visa');
  assert.equal('moto' in (confirmed.payment_method_options?.card ?? {}), false);
});

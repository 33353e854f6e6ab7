// Customers CRUD, deleted customers, metadata rules, default payment method, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('create returns a full customer object typed like Stripe’s', async () => {
  const c = await t.stripe.customers.create({
    email: 'jane@example.com',
    name: 'Jane',
    phone: '+33123456789',
    address: { city: 'Paris', country: 'FR' },
    metadata: { order: '42' },
    preferred_locales: ['fr'],
  });
  assert.match(c.id, /^cus_[A-Za-z0-9]{14}$/);
  assert.equal(c.object, 'customer');
  assert.equal(c.livemode, false);
  assert.equal(c.balance, 0);
  assert.deepEqual(c.address, { city: 'Paris', country: 'FR', line1: null, line2: null, postal_code: null, state: null });
  assert.deepEqual(c.metadata, { order: '42' });
  assert.deepEqual(c.invoice_settings, { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null });
  assert.equal(c.tax_exempt, 'none');
  assert.ok(Math.abs(c.created - Date.now() / 1000) < 5);
});

test('retrieve an unknown customer is a 404 resource_missing', async () => {
  await assert.rejects(t.stripe.customers.retrieve('cus_missing'), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(e.statusCode, 404);
    assert.equal(e.code, 'resource_missing');
    assert.equal(e.message, "No such customer: 'cus_missing'");
    assert.equal(e.param, 'id');
    return true;
  });
});

test('update changes fields, merges addresses and an empty value unsets', async () => {
  const c = await t.stripe.customers.create({ email: 'u@example.com', description: 'before', address: { city: 'Lyon', line1: '1 rue' } });
  const u = await t.stripe.customers.update(c.id, { description: '', address: { city: 'Nice' }, name: 'Now named' });
  assert.equal(u.description, null);
  assert.equal(u.name, 'Now named');
  assert.equal(u.address?.city, 'Nice');
  assert.equal(u.address?.line1, '1 rue');
  assert.equal(u.email, 'u@example.com');
});

test('delete returns the deleted stub, retrieve then returns it, update is a 404', async () => {
  const c = await t.stripe.customers.create({ email: 'del@example.com' });
  const d = await t.stripe.customers.del(c.id);
  assert.deepEqual({ id: d.id, object: d.object, deleted: d.deleted }, { id: c.id, object: 'customer', deleted: true });
  const r = await t.stripe.customers.retrieve(c.id);
  assert.equal((r as Stripe.DeletedCustomer).deleted, true);
  await assert.rejects(t.stripe.customers.update(c.id, { name: 'x' }), /No such customer/);
  await assert.rejects(t.stripe.customers.del(c.id), /No such customer/);
  const list = await t.stripe.customers.list({ email: 'del@example.com' });
  assert.equal(list.data.length, 0);
});

test('metadata: at most 50 keys', async () => {
  const metadata: Record<string, string> = {};
  for (let i = 0; i < 51; i++) metadata[`k${i}`] = 'v';
  await assert.rejects(t.stripe.customers.create({ metadata }), (e: Stripe.errors.StripeError) => {
    assert.equal(e.param, 'metadata');
    assert.match(e.message, /^Metadata can have up to 50 keys, but you've set 51\./);
    return true;
  });
  delete metadata.k50;
  const ok = await t.stripe.customers.create({ metadata });
  assert.equal(Object.keys(ok.metadata).length, 50);
  await assert.rejects(t.stripe.customers.update(ok.id, { metadata: { extra: 'x' } }), /up to 50 keys/);
});

test('metadata: keys up to 40 characters, values up to 500', async () => {
  await assert.rejects(t.stripe.customers.create({ metadata: { ['k'.repeat(41)]: 'v' } }), (e: Stripe.errors.StripeError) => {
    assert.equal(e.message, `Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters. Invalid key: ${'k'.repeat(41)}`);
    return true;
  });
  await assert.rejects(t.stripe.customers.create({ metadata: { k: 'v'.repeat(501) } }), /^Error: Metadata values can have up to 500 characters, but you passed in a value that is 501 characters\./);
  const ok = await t.stripe.customers.create({ metadata: { ['k'.repeat(40)]: 'v'.repeat(500) } });
  assert.equal(Object.keys(ok.metadata)[0].length, 40);
});

test('metadata: an empty value deletes a key, an empty metadata clears all', async () => {
  const c = await t.stripe.customers.create({ metadata: { a: '1', b: '2', c: '3' } });
  const u = await t.stripe.customers.update(c.id, { metadata: { a: '', d: '4' } });
  assert.deepEqual(u.metadata, { b: '2', c: '3', d: '4' });
  const cleared = await t.stripe.customers.update(c.id, { metadata: '' as unknown as Stripe.MetadataParam });
  assert.deepEqual(cleared.metadata, {});
});

test('metadata values must be strings, not objects', async () => {
  const res = await t.request('POST', '/v1/customers', { body: 'metadata[a][b]=1' });
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, /^Invalid value type: \{:b=>"1"\} must be a string$/);
});

test('invoice_settings.default_payment_method must be attached to the customer', async () => {
  const c = await t.stripe.customers.create({});
  await assert.rejects(t.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: 'pm_nope' } }), (e: Stripe.errors.StripeError) => {
    assert.equal(e.code, 'resource_missing');
    assert.equal(e.param, 'invoice_settings[default_payment_method]');
    return true;
  });
  const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
  await assert.rejects(t.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } }), /must be attached to the customer/);
  await t.stripe.paymentMethods.attach(pm.id, { customer: c.id });
  const u = await t.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id }, expand: ['invoice_settings.default_payment_method'] });
  assert.equal((u.invoice_settings.default_payment_method as Stripe.PaymentMethod).id, pm.id);
});

test('create with payment_method attaches it', async () => {
  const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
  const c = await t.stripe.customers.create({ payment_method: pm.id, invoice_settings: { default_payment_method: pm.id } });
  assert.equal(c.invoice_settings.default_payment_method, pm.id);
  assert.equal((await t.stripe.paymentMethods.retrieve(pm.id)).customer, c.id);
});

test('customer.created, .updated (with previous_attributes) and .deleted events are recorded', async () => {
  const c = await t.stripe.customers.create({ name: 'Evented', metadata: { a: '1' } });
  await t.stripe.customers.update(c.id, { name: 'Renamed', metadata: { b: '2' } });
  await t.stripe.customers.del(c.id);
  const events = (await t.stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === c.id);
  assert.deepEqual(events.map((e) => e.type), ['customer.deleted', 'customer.updated', 'customer.created']);
  const updated = events[1];
  assert.deepEqual(updated.data.previous_attributes, { name: 'Evented', metadata: { b: null } });
  assert.equal((updated.data.object as Stripe.Customer).name, 'Renamed');
});

test('list filters by email exactly', async () => {
  await t.stripe.customers.create({ email: 'Filter@example.com' });
  assert.equal((await t.stripe.customers.list({ email: 'Filter@example.com' })).data.length, 1);
  assert.equal((await t.stripe.customers.list({ email: 'nobody@example.com' })).data.length, 0);
});

test('invalid field values are refused with the param named', async () => {
  await assert.rejects(t.stripe.customers.create({ invoice_prefix: 'lower' }), (e: Stripe.errors.StripeError) => e.param === 'invoice_prefix');
  await assert.rejects(t.stripe.customers.create({ email: 'x'.repeat(513) }), (e: Stripe.errors.StripeError) => e.param === 'email');
  await assert.rejects(t.stripe.customers.create({ shipping: { name: 'No address' } as Stripe.CustomerCreateParams.Shipping }), (e: Stripe.errors.StripeError) => e.message === 'Missing required param: shipping[address].');
});

test('a malformed email is refused on create and update (email_invalid), as on Stripe', async () => {
  const created = await t.stripe.customers.create({ email: 'odatakeryu' }).then(() => assert.fail('accepted'), (e: Stripe.errors.StripeError) => e);
  assert.equal(created.type, 'StripeInvalidRequestError');
  assert.equal(created.code, 'email_invalid');
  assert.equal(created.param, 'email');
  assert.equal(created.message, 'Invalid email address: odatakeryu');
  const c = await t.stripe.customers.create({ email: 'jenny.rosen@example.com' });
  await assert.rejects(t.stripe.customers.update(c.id, { email: 'jenny@' }), (e: Stripe.errors.StripeError) => e.code === 'email_invalid' && e.param === 'email');
  assert.equal((await t.stripe.customers.update(c.id, { email: '' })).email, null, 'an empty value still unsets it');
});

// Customers and PaymentMethods against Stripe's API reference, through the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('payment_method.updated carries data.previous_attributes, and a no-op update emits nothing', async () => {
  const customer = await t.stripe.customers.create({ email: 'pmupd@example.com' });
  const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await t.stripe.paymentMethods.update(pm.id, { billing_details: { name: 'Jenny Rosen' }, metadata: { a: '1' } });
  const events = await t.stripe.events.list({ type: 'payment_method.updated' });
  const mine = events.data.filter((e) => (e.data.object as Stripe.PaymentMethod).id === pm.id);
  assert.equal(mine.length, 1);
  assert.equal((mine[0].data.object as Stripe.PaymentMethod).billing_details.name, 'Jenny Rosen');
  assert.deepEqual(mine[0].data.previous_attributes, { billing_details: { name: null }, metadata: { a: null } });

  await t.stripe.paymentMethods.update(pm.id, { metadata: { a: '1' } });
  const again = await t.stripe.events.list({ type: 'payment_method.updated' });
  assert.equal(again.data.filter((e) => (e.data.object as Stripe.PaymentMethod).id === pm.id).length, 1);
});

test('listing a customer’s PaymentMethods filters on allow_redisplay', async () => {
  const customer = await t.stripe.customers.create({ email: 'redisplay@example.com' });
  const always = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await t.stripe.paymentMethods.update(always.id, { allow_redisplay: 'always' });
  const unspecified = await t.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
  const all = await t.stripe.customers.listPaymentMethods(customer.id);
  assert.deepEqual(all.data.map((p) => p.id).sort(), [always.id, unspecified.id].sort());
  const shown = await t.stripe.customers.listPaymentMethods(customer.id, { allow_redisplay: 'always' });
  assert.deepEqual(shown.data.map((p) => p.id), [always.id]);
  const hidden = await t.stripe.customers.listPaymentMethods(customer.id, { allow_redisplay: 'unspecified' });
  assert.deepEqual(hidden.data.map((p) => p.id), [unspecified.id]);
});

test('a customer’s includable fields come back only when expanded: tax, sources, subscriptions, tax_ids', async () => {
  const c = await t.stripe.customers.create({ email: 'tax@example.com', address: { country: 'US', state: 'CA', postal_code: '94107' }, tax: { ip_address: '203.0.113.7' } });
  for (const k of ['tax', 'sources', 'subscriptions', 'tax_ids']) assert.equal(k in c, false, k);
  const e = await t.stripe.customers.retrieve(c.id, { expand: ['tax', 'sources', 'subscriptions', 'tax_ids'] });
  assert.ok(!('deleted' in e));
  const x = e as Stripe.Customer;
  assert.deepEqual(x.tax, { automatic_tax: 'supported', ip_address: '203.0.113.7', location: { country: 'US', source: 'billing_address', state: 'CA' }, provider: 'stripe' });
  assert.equal(x.sources?.object, 'list');
  assert.deepEqual(x.sources?.data, []);
  assert.equal(x.sources?.url, `/v1/customers/${c.id}/sources`);
  assert.equal(x.subscriptions?.url, `/v1/customers/${c.id}/subscriptions`);
  assert.equal(x.tax_ids?.url, `/v1/customers/${c.id}/tax_ids`);

  // no address, no ip: unrecognized_location; an ip given on update is kept
  const bare = await t.stripe.customers.create({ email: 'bare@example.com', expand: ['tax'] });
  assert.deepEqual(bare.tax, { automatic_tax: 'unrecognized_location', ip_address: null, location: null, provider: 'stripe' });
  const upd = await t.stripe.customers.update(bare.id, { tax: { ip_address: '198.51.100.1' }, expand: ['tax'] });
  assert.equal(upd.tax?.ip_address, '198.51.100.1');
  const listed = await t.stripe.customers.list({ email: 'bare@example.com', expand: ['data.tax'] });
  assert.equal(listed.data[0].tax?.ip_address, '198.51.100.1');

  // the ip_address is kept beside the customer, and goes with it
  assert.ok(t.server.sim.store.get(`${bare.id}:tax`));
  await t.stripe.customers.del(bare.id);
  assert.equal(t.server.sim.store.get(`${bare.id}:tax`), undefined);
});

test('the PaymentMethod lists refuse a type outside Stripe’s enum with a 400 on param type', async () => {
  const customer = await t.stripe.customers.create({ email: 'pmtype@example.com' });
  await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  const bogus = 'bogus' as Stripe.PaymentMethodListParams.Type;
  for (const call of [
    () => t.stripe.paymentMethods.list({ customer: customer.id, type: bogus }),
    () => t.stripe.customers.listPaymentMethods(customer.id, { type: bogus }),
  ]) {
    await assert.rejects(call(), (e: Stripe.errors.StripeError) => {
      assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(e.param, 'type');
      assert.match(e.message, /^Invalid type: must be one of acss_debit, .*card, .* or zip$/);
      return true;
    });
  }
  // a known type other than card is fine and lists nothing
  assert.deepEqual((await t.stripe.customers.listPaymentMethods(customer.id, { type: 'sepa_debit' })).data, []);
  assert.equal((await t.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.length, 1);
});

// Customers and PaymentMethods against Stripe's API reference, through the official SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startTestSim, type TestSim } from '../helpers/sim.ts';

let t: TestSim;
before(async () => {
  t = await startTestSim();
});
after(() => t.close());

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

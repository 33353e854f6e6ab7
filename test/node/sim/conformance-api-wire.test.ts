// Conformance of the wire protocol with Stripe's API reference (expand depth, error envelope ...),
// through the official SDK or raw HTTP where the SDK cannot express the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('expand: a list counts `data` as one of the four levels (data.a.b.c is the deepest)', async () => {
  const customer = await t.stripe.customers.create({ email: 'depth@example.com' });
  const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  // four levels including data: allowed
  const ok = await t.stripe.paymentMethods.list({ customer: customer.id, type: 'card', expand: ['data.customer.invoice_settings.default_payment_method'] });
  assert.equal(ok.data[0].id, pm.id);
  assert.equal((ok.data[0].customer as Stripe.Customer).id, customer.id);
  // five levels: refused, as on Stripe
  await assert.rejects(
    t.stripe.paymentMethods.list({ customer: customer.id, type: 'card', expand: ['data.customer.invoice_settings.default_payment_method.customer'] }),
    (e: Stripe.errors.StripeError) => {
      assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'property_expansion_max_depth');
      assert.match(e.message, /more than 4 levels/);
      return true;
    },
  );
});

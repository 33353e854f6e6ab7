// Products and Prices against Stripe's API reference, through the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('price tiers are left out unless expanded, and come back in Stripe’s tier shape', async () => {
  const product = await t.stripe.products.create({ name: 'Seats' });
  const price = await t.stripe.prices.create({
    product: product.id,
    currency: 'usd',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    recurring: { interval: 'month' },
    tiers: [
      { up_to: 10, unit_amount: 1000 },
      { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from('750.5'), flat_amount: 200 },
    ],
  });
  assert.equal(price.billing_scheme, 'tiered');
  assert.equal(price.tiers_mode, 'graduated');
  assert.equal('tiers' in price, false);
  assert.equal('tiers' in (await t.stripe.prices.retrieve(price.id)), false);
  const listed = await t.stripe.prices.list({ product: product.id });
  assert.equal('tiers' in listed.data[0], false);

  const expanded = await t.stripe.prices.retrieve(price.id, { expand: ['tiers'] });
  // the SDK turns *_decimal strings into Decimal objects: compare their text
  const text = (v: unknown) => (v === null || v === undefined ? v : String(v));
  const tiers = expanded.tiers?.map((x) => ({ ...x, flat_amount_decimal: text(x.flat_amount_decimal), unit_amount_decimal: text(x.unit_amount_decimal) }));
  assert.deepEqual(tiers, [
    { flat_amount: null, flat_amount_decimal: null, unit_amount: 1000, unit_amount_decimal: '1000', up_to: 10 },
    { flat_amount: 200, flat_amount_decimal: '200', unit_amount: null, unit_amount_decimal: '750.5', up_to: null },
  ]);
  const listExpanded = await t.stripe.prices.list({ product: product.id, expand: ['data.tiers'] });
  assert.equal(listExpanded.data[0].tiers?.length, 2);

  // a per-unit price has no tiers even when asked for
  const flat = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
  const flatExpanded = await t.stripe.prices.retrieve(flat.id, { expand: ['tiers'] });
  assert.equal(flatExpanded.tiers ?? null, null);

  // and the price.created event carries the price without tiers, as the API does
  const events = await t.stripe.events.list({ type: 'price.created', limit: 5 });
  const ev = events.data.find((e) => (e.data.object as { id: string }).id === price.id);
  assert.ok(ev);
  assert.equal('tiers' in ev.data.object, false);
});

// Products and Prices: CRUD, inline price data, immutable amounts, list filters, deletion rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('a product is created active with Stripe’s fields', async () => {
  const p = await t.stripe.products.create({ name: 'T-shirt', description: 'Cotton', images: ['https://img.example/t.png'], metadata: { sku: 'TS' } });
  assert.match(p.id, /^prod_/);
  assert.equal(p.active, true);
  assert.equal(p.default_price, null);
  assert.deepEqual(p.images, ['https://img.example/t.png']);
  assert.equal(p.updated, p.created);
  assert.equal(p.livemode, false);
});

test('a custom product id is kept; reusing it is refused', async () => {
  const p = await t.stripe.products.create({ id: 'gold-plan', name: 'Gold' });
  assert.equal(p.id, 'gold-plan');
  await assert.rejects(t.stripe.products.create({ id: 'gold-plan', name: 'Again' }), (e: Stripe.errors.StripeError) => e.code === 'resource_already_exists');
});

test('default_price_data creates the default price', async () => {
  const p = await t.stripe.products.create({ name: 'Mug', default_price_data: { currency: 'eur', unit_amount: 1200 }, expand: ['default_price'] });
  const price = p.default_price as Stripe.Price;
  assert.equal(price.unit_amount, 1200);
  assert.equal(price.currency, 'eur');
  assert.equal(price.product, p.id);
  assert.equal(price.type, 'one_time');
});

test('update archives a product and changes its default price', async () => {
  const p = await t.stripe.products.create({ name: 'Cap' });
  const price = await t.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 900 });
  const u = await t.stripe.products.update(p.id, { active: false, default_price: price.id, name: 'Cap v2' });
  assert.equal(u.active, false);
  assert.equal(u.default_price, price.id);
  assert.equal(u.name, 'Cap v2');
  await assert.rejects(t.stripe.products.update(p.id, { default_price: 'price_nope' }), /No such price/);
});

test('a product with prices cannot be deleted; one without can, and is then a deleted stub', async () => {
  const withPrice = await t.stripe.products.create({ name: 'Priced', default_price_data: { currency: 'usd', unit_amount: 100 } });
  await assert.rejects(t.stripe.products.del(withPrice.id), /cannot be deleted because it has one or more user-created prices/);
  const bare = await t.stripe.products.create({ name: 'Bare' });
  const d = await t.stripe.products.del(bare.id);
  assert.equal(d.deleted, true);
  assert.equal(((await t.stripe.products.retrieve(bare.id)) as unknown as { deleted: boolean }).deleted, true);
  const active = await t.stripe.products.list({ limit: 100 });
  assert.ok(!active.data.some((x) => x.id === bare.id));
});

test('product list filters: active and ids', async () => {
  const a = await t.stripe.products.create({ name: 'Listed A' });
  const b = await t.stripe.products.create({ name: 'Listed B', active: false });
  const inactive = await t.stripe.products.list({ active: false, limit: 100 });
  assert.ok(inactive.data.some((x) => x.id === b.id));
  assert.ok(!inactive.data.some((x) => x.id === a.id));
  const byIds = await t.stripe.products.list({ ids: [a.id, b.id] });
  assert.deepEqual(byIds.data.map((x) => x.id), [b.id, a.id]);
});

test('a recurring price with product_data creates its product', async () => {
  const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Monthly' }, expand: ['product'] });
  assert.equal(price.type, 'recurring');
  assert.deepEqual(price.recurring, { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' });
  assert.equal((price.product as Stripe.Product).name, 'Monthly');
  assert.equal(price.unit_amount_decimal?.toString(), '1500');
});

test('a price needs a product and a known lowercase currency', async () => {
  await assert.rejects(t.stripe.prices.create({ currency: 'usd', unit_amount: 100 } as Stripe.PriceCreateParams), (e: Stripe.errors.StripeError) => e.message === 'Missing required param: product.');
  const p = await t.stripe.products.create({ name: 'Cur' });
  await assert.rejects(t.stripe.prices.create({ product: p.id, currency: 'xyz', unit_amount: 100 }), (e: Stripe.errors.StripeError) => e.param === 'currency' && /^Invalid currency: xyz/.test(e.message));
  await assert.rejects(t.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: -1 }), (e: Stripe.errors.StripeError) => e.param === 'unit_amount');
  await assert.rejects(t.stripe.prices.create({ product: 'prod_nope', currency: 'usd', unit_amount: 1 }), /No such product: 'prod_nope'/);
});

test('price amounts are immutable: update refuses unit_amount', async () => {
  const price = await t.stripe.prices.create({ product_data: { name: 'Immutable' }, currency: 'usd', unit_amount: 100 });
  await assert.rejects(t.stripe.prices.update(price.id, { unit_amount: 200 } as Stripe.PriceUpdateParams), (e: Stripe.errors.StripeError) => e.message === 'Received unknown parameter: unit_amount');
  const u = await t.stripe.prices.update(price.id, { active: false, nickname: 'old', metadata: { v: '1' } });
  assert.equal(u.active, false);
  assert.equal(u.nickname, 'old');
  assert.equal(u.unit_amount, 100);
});

test('prices cannot be deleted', async () => {
  const price = await t.stripe.prices.create({ product_data: { name: 'Forever' }, currency: 'usd', unit_amount: 100 });
  const res = await t.request('DELETE', `/v1/prices/${price.id}`);
  assert.equal(res.status, 404);
});

test('lookup keys are unique unless transferred', async () => {
  const a = await t.stripe.prices.create({ product_data: { name: 'LK' }, currency: 'usd', unit_amount: 100, lookup_key: 'standard' });
  await assert.rejects(t.stripe.prices.create({ product_data: { name: 'LK2' }, currency: 'usd', unit_amount: 200, lookup_key: 'standard' }), /already uses that lookup key/);
  const b = await t.stripe.prices.create({ product_data: { name: 'LK3' }, currency: 'usd', unit_amount: 300, lookup_key: 'standard', transfer_lookup_key: true });
  assert.equal((await t.stripe.prices.retrieve(a.id)).lookup_key, null);
  const found = await t.stripe.prices.list({ lookup_keys: ['standard'] });
  assert.deepEqual(found.data.map((x) => x.id), [b.id]);
});

test('price list filters: product, type, currency, active, recurring interval', async () => {
  const p = await t.stripe.products.create({ name: 'Filters' });
  const one = await t.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100 });
  const monthly = await t.stripe.prices.create({ product: p.id, currency: 'eur', unit_amount: 100, recurring: { interval: 'month' } });
  const yearly = await t.stripe.prices.create({ product: p.id, currency: 'eur', unit_amount: 1000, recurring: { interval: 'year' }, active: false });
  const ids = async (q: Stripe.PriceListParams) => (await t.stripe.prices.list({ product: p.id, ...q })).data.map((x) => x.id);
  assert.deepEqual(await ids({}), [yearly.id, monthly.id, one.id]);
  assert.deepEqual(await ids({ type: 'one_time' }), [one.id]);
  assert.deepEqual(await ids({ currency: 'eur' }), [yearly.id, monthly.id]);
  assert.deepEqual(await ids({ active: true }), [monthly.id, one.id]);
  assert.deepEqual(await ids({ recurring: { interval: 'year' } }), [yearly.id]);
});

test('product and price events are emitted', async () => {
  const p = await t.stripe.products.create({ name: 'Evt', default_price_data: { currency: 'usd', unit_amount: 100 } });
  const types = (await t.stripe.events.list({ limit: 10 })).data.filter((e) => {
    const o = e.data.object as { id: string; product?: string };
    return o.id === p.id || o.product === p.id;
  });
  assert.deepEqual(types.map((e) => e.type).sort(), ['price.created', 'product.created']);
});

// Coupons and Promotion Codes through the official SDK: creation rules and Stripe's refusals, includable fields,
// update, delete, lists and their filters, validity by the simulator clock, and the events each change emits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

async function refused(p: Promise<unknown>, expect: { message: string | RegExp; param?: string; code?: string; status?: number }) {
  await assert.rejects(p, (err: Stripe.errors.StripeError) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    if (typeof expect.message === 'string') assert.equal(err.message, expect.message);
    else assert.match(err.message, expect.message);
    assert.equal(err.param, expect.param);
    assert.equal(err.code, expect.code);
    if (expect.status) assert.equal(err.statusCode, expect.status);
    return true;
  });
}

async function lastEvent(type: string, id: string): Promise<Stripe.Event> {
  const events = await stripe.events.list({ type, limit: 20 });
  const e = events.data.find((x) => (x.data.object as { id: string }).id === id);
  assert.ok(e, `no ${type} event for ${id}`);
  return e;
}

test('a percent-off coupon: generated 8-character id, Stripe’s defaults, coupon.created', async () => {
  const c = await stripe.coupons.create({ percent_off: 22.5 });
  assert.match(c.id, /^[A-Za-z0-9]{8}$/);
  assert.equal(c.object, 'coupon');
  assert.equal(c.percent_off, 22.5);
  assert.equal(c.amount_off, null);
  assert.equal(c.currency, null);
  assert.equal(c.duration, 'once');
  assert.equal(c.duration_in_months, null);
  assert.equal(c.max_redemptions, null);
  assert.equal(c.redeem_by, null);
  assert.equal(c.times_redeemed, 0);
  assert.equal(c.valid, true);
  assert.equal(c.livemode, false);
  assert.deepEqual(c.metadata, {});
  assert.ok(!('applies_to' in c) && !('currency_options' in c), 'includable fields are left out');
  await lastEvent('coupon.created', c.id);
});

test('an amount-off repeating coupon with a custom id, and the custom id taken again', async () => {
  const c = await stripe.coupons.create({
    id: 'FIVEOFF', amount_off: 500, currency: 'USD', duration: 'repeating', duration_in_months: 3, name: 'Five off', max_redemptions: 10, metadata: { k: 'v' },
  });
  assert.equal(c.id, 'FIVEOFF');
  assert.equal(c.amount_off, 500);
  assert.equal(c.currency, 'usd');
  assert.equal(c.duration, 'repeating');
  assert.equal(c.duration_in_months, 3);
  assert.equal(c.name, 'Five off');
  assert.equal(c.max_redemptions, 10);
  await refused(stripe.coupons.create({ id: 'FIVEOFF', percent_off: 5 }), { message: 'Coupon already exists.', code: 'resource_already_exists' });
});

test('creation refusals are Stripe’s', async () => {
  await refused(stripe.coupons.create({ duration: 'once' }), { message: 'Must provide percent_off or amount_off.', code: 'parameter_missing' });
  await refused(stripe.coupons.create({ percent_off: 10, amount_off: 500, currency: 'usd' }), {
    message: 'Received both percent_off and amount_off parameters. Please pass in only one.',
  });
  await refused(stripe.coupons.create({ amount_off: 500 }), { message: 'You must pass currency when passing amount_off', param: 'currency' });
  await refused(stripe.coupons.create({ percent_off: 10, duration: 'repeating' }), {
    message: 'The duration_in_months param must be set when creating a coupon with a repeating duration', param: 'duration',
  });
  await refused(stripe.coupons.create({ percent_off: 0 }), { message: "This value must be greater than or equal to 0.01 (it currently is '0.0').", param: 'percent_off' });
  await refused(stripe.coupons.create({ percent_off: 150 }), { message: "This value must be less than or equal to 100 (it currently is '150.0').", param: 'percent_off' });
  await refused(stripe.coupons.create({ percent_off: 10, duration: 'once', duration_in_months: 2 }), { message: /duration_in_months can only be set when duration is `repeating`/, param: 'duration_in_months' });
  await refused(stripe.coupons.create({ percent_off: 10, redeem_by: 1000 }), {
    message: 'The parameter `redeem_by` expects a unix timestamp representing a date and time in the future. You specified the value `1000` which is in the past.',
    param: 'redeem_by',
  });
  await refused(stripe.coupons.create({ amount_off: 100, currency: 'xyz' }), { message: /^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed/, param: 'currency' });
  await refused(stripe.coupons.create({ percent_off: 5, currency_options: { eur: { amount_off: 4 } } }), {
    message: 'You may only specify one of these parameters: currency_options, percent_off.', param: 'currency_options',
  });
  await refused(stripe.coupons.create({ amount_off: 5, currency: 'usd', currency_options: { EUR: { amount_off: 4 } } }), {
    message: 'Currencies must be lowercase when used as keys in a map. Use `eur` instead of `EUR`.', param: 'currency_options',
  });
  await refused(stripe.coupons.create({ percent_off: 5, applies_to: { products: ['prod_nope'] } }), { message: "No such product: 'prod_nope'", param: 'applies_to[products][0]', code: 'resource_missing' });
});

test('applies_to and currency_options are includable: shown when expanded', async () => {
  const prod = await stripe.products.create({ name: 'Mug' });
  const c = await stripe.coupons.create({ amount_off: 300, currency: 'usd', currency_options: { eur: { amount_off: 250 } }, applies_to: { products: [prod.id] } });
  const got = await stripe.coupons.retrieve(c.id, { expand: ['applies_to', 'currency_options'] });
  assert.deepEqual(got.applies_to, { products: [prod.id] });
  assert.deepEqual(got.currency_options, { eur: { amount_off: 250 }, usd: { amount_off: 300 } });
  const plain = await stripe.coupons.retrieve(c.id);
  assert.ok(!('applies_to' in plain));
});

test('update changes name, metadata and currency_options only, with coupon.updated and previous_attributes', async () => {
  const c = await stripe.coupons.create({ amount_off: 500, currency: 'usd', name: 'Old' });
  const u = await stripe.coupons.update(c.id, { name: 'New', metadata: { a: '1' }, currency_options: { gbp: { amount_off: 400 } }, expand: ['currency_options'] });
  assert.equal(u.name, 'New');
  assert.deepEqual(u.metadata, { a: '1' });
  assert.deepEqual(u.currency_options?.gbp, { amount_off: 400 });
  const e = await lastEvent('coupon.updated', c.id);
  assert.deepEqual((e.data.previous_attributes as Record<string, unknown>).name, 'Old');
  // Amounts are not updatable: the SDK's parameter list has no amount_off, Stripe refuses it as unknown.
  await refused(stripe.coupons.update(c.id, { amount_off: 100 } as never), { message: 'Received unknown parameter: amount_off', param: 'amount_off', code: 'parameter_unknown' });
});

test('delete answers the deleted stub; the coupon is then gone (404) and coupon.deleted shows valid false', async () => {
  const c = await stripe.coupons.create({ percent_off: 10 });
  const d = await stripe.coupons.del(c.id);
  assert.deepEqual(d, { id: c.id, object: 'coupon', deleted: true });
  await refused(stripe.coupons.retrieve(c.id), { message: `No such coupon: '${c.id}'`, param: 'coupon', code: 'resource_missing', status: 404 });
  const e = await lastEvent('coupon.deleted', c.id);
  assert.equal((e.data.object as Stripe.Coupon).valid, false);
  const listed = await stripe.coupons.list({ limit: 100 });
  assert.ok(!listed.data.some((x) => x.id === c.id));
});

test('list pages newest first and filters on created', async () => {
  const a = await stripe.coupons.create({ percent_off: 1 });
  const b = await stripe.coupons.create({ percent_off: 2 });
  const page = await stripe.coupons.list({ limit: 2 });
  assert.deepEqual(page.data.map((x) => x.id), [b.id, a.id]);
  assert.equal(page.url, '/v1/coupons');
  const none = await stripe.coupons.list({ created: { lt: a.created - 1 }, limit: 100 });
  assert.ok(!none.data.some((x) => x.id === a.id));
});

test('a coupon becomes invalid when redeem_by passes on the simulator clock', async () => {
  const now = Math.floor(Number((await sim.control('GET', '/_sim/clock')).now ?? Date.now() / 1000));
  const c = await stripe.coupons.create({ percent_off: 10, redeem_by: now + 3600 });
  assert.equal(c.valid, true);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3601 });
  assert.equal((await stripe.coupons.retrieve(c.id)).valid, false);
});

// ---- Promotion codes

test('a promotion code on a coupon: the endive shape (promotion.coupon), defaults, promotion_code.created', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 20 });
  const pc = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'FALL20' });
  assert.match(pc.id, /^promo_/);
  assert.equal(pc.object, 'promotion_code');
  assert.equal(pc.code, 'FALL20');
  assert.equal(pc.active, true);
  assert.deepEqual(pc.promotion, { coupon: coupon.id, type: 'coupon' });
  assert.equal(pc.customer, null);
  assert.equal(pc.expires_at, null);
  assert.equal(pc.max_redemptions, null);
  assert.equal(pc.times_redeemed, 0);
  assert.deepEqual(pc.restrictions, { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null });
  assert.ok(!('coupon' in pc), 'no top-level coupon in the 2025-09-30 and later shape');
  await lastEvent('promotion_code.created', pc.id);
  const expanded = await stripe.promotionCodes.retrieve(pc.id, { expand: ['promotion.coupon'] });
  assert.equal((expanded.promotion.coupon as Stripe.Coupon).percent_off, 20);
});

test('a code is generated when none is given; an active code is unique regardless of case', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 5 });
  const gen = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
  assert.match(gen.code, /^[A-Z0-9]{8}$/);
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'Spring' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING' }), {
    message: 'An active promotion code with `code: SPRING` already exists.', param: 'code',
  });
  // An inactive one may share it; reactivating it while the other is active is refused.
  const inactive = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING', active: false });
  await refused(stripe.promotionCodes.update(inactive.id, { active: true }), { message: 'An active promotion code with `code: SPRING` already exists.', param: 'code' });
});

test('promotion code refusals', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 5, max_redemptions: 3 });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'NOPE' } }), { message: "No such coupon: 'NOPE'", param: 'promotion[coupon]', code: 'resource_missing' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon' } }), { message: 'Missing required param: promotion[coupon].', param: 'promotion[coupon]', code: 'parameter_missing' });
  await refused(stripe.promotionCodes.create({} as never), { message: 'Missing required param: promotion.', param: 'promotion', code: 'parameter_missing' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'no spaces' }), { message: /^Invalid code/, param: 'code' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, max_redemptions: 4 }), { message: /cannot be greater than the coupon's `max_redemptions`/, param: 'max_redemptions' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, customer: 'cus_nope' }), { message: "No such customer: 'cus_nope'", param: 'customer', code: 'resource_missing' });
  await refused(stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, restrictions: { minimum_amount: 1000 } }), {
    message: 'You must pass minimum_amount_currency when passing minimum_amount', param: 'restrictions[minimum_amount_currency]',
  });
  await refused(stripe.promotionCodes.retrieve('promo_nope'), { message: "No such promotion_code: 'promo_nope'", param: 'promotion_code', code: 'resource_missing', status: 404 });
});

test('restrictions, update (active, metadata, currency_options) and promotion_code.updated', async () => {
  const coupon = await stripe.coupons.create({ amount_off: 1000, currency: 'usd' });
  const pc = await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id }, code: 'BIGSPEND',
    restrictions: { first_time_transaction: true, minimum_amount: 5000, minimum_amount_currency: 'usd' },
  });
  assert.equal(pc.restrictions.first_time_transaction, true);
  assert.equal(pc.restrictions.minimum_amount, 5000);
  assert.equal(pc.restrictions.minimum_amount_currency, 'usd');
  // restrictions.currency_options is includable (optional in the SDK's types, as coupons' currency_options): shown
  // only when expanded, with the minimum_amount_currency entry in it.
  assert.ok(!('currency_options' in pc.restrictions), JSON.stringify(pc.restrictions));
  const u = await stripe.promotionCodes.update(pc.id, {
    active: false, metadata: { campaign: 'q4' }, restrictions: { currency_options: { eur: { minimum_amount: 4500 } } }, expand: ['restrictions.currency_options'],
  });
  assert.equal(u.active, false);
  assert.deepEqual(u.metadata, { campaign: 'q4' });
  assert.deepEqual(u.restrictions.currency_options, { eur: { minimum_amount: 4500 }, usd: { minimum_amount: 5000 } });
  assert.ok(!('currency_options' in (await stripe.promotionCodes.retrieve(pc.id)).restrictions));
  const listed = await stripe.promotionCodes.list({ code: 'BIGSPEND', expand: ['data.restrictions.currency_options'] });
  assert.deepEqual(listed.data[0].restrictions.currency_options?.eur, { minimum_amount: 4500 });
  const e = await lastEvent('promotion_code.updated', pc.id);
  assert.equal((e.data.previous_attributes as { active?: boolean }).active, true);
  await refused(stripe.promotionCodes.update(pc.id, { code: 'OTHER' } as never), { message: 'Received unknown parameter: code', param: 'code', code: 'parameter_unknown' });
});

test('list filters: active, code (case-insensitive), coupon, customer', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 15 });
  const other = await stripe.coupons.create({ percent_off: 16 });
  const cus = await stripe.customers.create({ email: 'vip@example.com' });
  const a = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LISTME' });
  const b = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: other.id }, code: 'VIPONLY', customer: cus.id });
  const c = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'OLDONE', active: false });
  const ids = (l: Stripe.ApiList<Stripe.PromotionCode>) => l.data.map((x) => x.id);
  assert.deepEqual(ids(await stripe.promotionCodes.list({ code: 'listme' })), [a.id]);
  assert.deepEqual(ids(await stripe.promotionCodes.list({ coupon: coupon.id })), [c.id, a.id]);
  assert.deepEqual(ids(await stripe.promotionCodes.list({ coupon: coupon.id, active: true })), [a.id]);
  assert.deepEqual(ids(await stripe.promotionCodes.list({ customer: cus.id })), [b.id]);
  const d = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: other.id }, code: 'ACCTONLY', customer_account: 'acct_1CustomerAcct' });
  assert.equal(d.customer_account, 'acct_1CustomerAcct');
  assert.deepEqual(ids(await stripe.promotionCodes.list({ customer_account: 'acct_1CustomerAcct' })), [d.id]);
  assert.deepEqual(ids(await stripe.promotionCodes.list({ customer_account: 'acct_1CustomerAcct', active: false })), []);
});

test('a promotion code is only active while its coupon is valid: deleting the coupon deactivates it for good', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 30 });
  const pc = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'GONESOON' });
  assert.equal(pc.active, true);
  await stripe.coupons.del(coupon.id);
  assert.equal((await stripe.promotionCodes.retrieve(pc.id)).active, false);
  assert.ok(!(await stripe.promotionCodes.list({ active: true, limit: 100 })).data.some((x) => x.id === pc.id));
  await refused(stripe.promotionCodes.update(pc.id, { active: true }), { message: /is no longer valid: the code cannot be activated/, param: 'active' });
  // Its code is free again for a code on another coupon.
  const other = await stripe.coupons.create({ percent_off: 5 });
  assert.equal((await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: other.id }, code: 'GONESOON' })).active, true);
});

test('list filters on active see a code whose coupon became invalid before anything read the code', async () => {
  const now = Math.floor(Number((await sim.control('GET', '/_sim/clock')).now ?? Date.now() / 1000));
  const deleted = await stripe.coupons.create({ percent_off: 12 });
  const expiring = await stripe.coupons.create({ percent_off: 13, redeem_by: now + 3600 });
  const a = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: deleted.id }, code: 'STALE-A' });
  const b = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: expiring.id }, code: 'STALE-B' });
  await stripe.coupons.del(deleted.id);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3601 });
  const active = (await stripe.promotionCodes.list({ active: true, limit: 100 })).data;
  assert.ok(!active.some((x) => x.id === a.id || x.id === b.id), JSON.stringify(active.map((x) => [x.code, x.active])));
  assert.ok(active.every((x) => x.active));
  const inactive = (await stripe.promotionCodes.list({ active: false, limit: 100 })).data.map((x) => x.id);
  assert.ok(inactive.includes(a.id) && inactive.includes(b.id), JSON.stringify(inactive));
});

// Discounts in Checkout Sessions through the official SDK: `discounts` with a coupon or a promotion code, the
// session's and its line items' amounts, includable breakdowns, Stripe's refusals, redemption counted at completion
// (not at creation), the PaymentIntent charging the discounted total, no-cost orders, and the promotion code a
// customer types on the page of a session with `allow_promotion_codes`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

const { sim, stripe } = useTestSim();

const base = { mode: 'payment' as const, success_url: 'https://example.com/ok' };
const item = (unit: number, quantity = 1, name = 'Tee') => ({ price_data: { currency: 'usd', unit_amount: unit, product_data: { name } }, quantity });

interface PageBody {
  [k: string]: unknown;
  status?: string;
  payment_status?: string;
  amount_total?: number;
  amount_subtotal?: number;
  amount_discount?: number;
  discount?: { code: string | null; amount: number; removable: boolean; percent_off: number | null } | null;
  payment_intent_client_secret?: string;
  error?: { message: string; code?: string; reason?: string; minimum_amount?: number };
}

async function page(id: string, path: string, body: Record<string, string>) {
  const res = await fetch(`${sim.url}/v1/payment_pages/${id}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sim.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: res.status, body: (await res.json()) as PageBody };
}

async function refused(p: Promise<unknown>, expect: { message: string | RegExp; param?: string; code?: string }) {
  await assert.rejects(p, (err: Stripe.errors.StripeError) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    if (typeof expect.message === 'string') assert.equal(err.message, expect.message);
    else assert.match(err.message, expect.message);
    if (expect.param !== undefined) assert.equal(err.param, expect.param);
    if (expect.code !== undefined) assert.equal(err.code, expect.code);
    return true;
  });
}

async function pay(s: Stripe.Checkout.Session) {
  const r = await payCheckoutSession(sim, s, { pm: 'pm_card_visa', email: 'buyer@example.com' });
  assert.equal(r.confirm.status, 'succeeded', JSON.stringify(r.confirm));
  return r;
}

test('a percent-off coupon: line items, subtotal, amount_discount, amount_total and discounts', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 25 });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(2000, 2), item(1000, 1, 'Cap')], discounts: [{ coupon: coupon.id }] });
  assert.equal(s.amount_subtotal, 5000);
  assert.equal(s.total_details?.amount_discount, 1250);
  assert.equal(s.amount_total, 3750);
  assert.deepEqual(s.discounts, [{ coupon: coupon.id, promotion_code: null }]);
  assert.equal(s.allow_promotion_codes, null);
  const items = await stripe.checkout.sessions.listLineItems(s.id, { expand: ['data.discounts'] });
  assert.deepEqual(items.data.map((li) => [li.amount_subtotal, li.amount_discount, li.amount_total]), [[4000, 1000, 3000], [1000, 250, 750]]);
  const d = items.data[0].discounts![0];
  assert.equal(d.amount, 1000);
  assert.match(d.discount.id, /^di_/);
  assert.equal(d.discount.checkout_session, s.id);
  assert.deepEqual(d.discount.source, { coupon: coupon.id, type: 'coupon' });
  const plain = await stripe.checkout.sessions.listLineItems(s.id);
  assert.ok(!('discounts' in plain.data[0]), 'line item discounts are includable');
});

test('total_details.breakdown and discounts.coupon expand; the coupon counts a redemption only when the session completes', async () => {
  const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'usd', name: 'Five off' });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(3000)], discounts: [{ coupon: coupon.id }] });
  const got = await stripe.checkout.sessions.retrieve(s.id, { expand: ['total_details.breakdown', 'discounts.coupon', 'line_items.data.discounts'] });
  assert.equal(got.total_details?.breakdown?.discounts.length, 1);
  assert.equal(got.total_details?.breakdown?.discounts[0].amount, 500);
  assert.deepEqual(got.total_details?.breakdown?.taxes, []);
  assert.equal((got.discounts![0].coupon as Stripe.Coupon).name, 'Five off');
  assert.equal(got.line_items?.data[0].discounts?.[0].amount, 500);
  assert.equal((await stripe.coupons.retrieve(coupon.id)).times_redeemed, 0, 'not redeemed at creation');
  const r = await pay(s);
  const pi = await stripe.paymentIntents.retrieve(r.piId);
  assert.equal(pi.amount, 2500, 'the PaymentIntent charges the discounted total');
  const done = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(done.status, 'complete');
  assert.equal(done.amount_total, 2500);
  assert.equal((await stripe.coupons.retrieve(coupon.id)).times_redeemed, 1);
});

test('applies_to limits the discount to those products’ line items; shipping is not discounted', async () => {
  const mug = await stripe.products.create({ name: 'Mug' });
  const mugPrice = await stripe.prices.create({ product: mug.id, currency: 'usd', unit_amount: 1500 });
  const coupon = await stripe.coupons.create({ percent_off: 50, applies_to: { products: [mug.id] } });
  const s = await stripe.checkout.sessions.create({
    ...base, line_items: [{ price: mugPrice.id, quantity: 2 }, item(1000)], discounts: [{ coupon: coupon.id }],
    shipping_options: [{ shipping_rate_data: { display_name: 'Post', type: 'fixed_amount', fixed_amount: { amount: 700, currency: 'usd' } } }],
  });
  assert.equal(s.amount_subtotal, 4000);
  assert.equal(s.total_details?.amount_discount, 1500);
  assert.equal(s.total_details?.amount_shipping, 700);
  assert.equal(s.amount_total, 4000 - 1500 + 700);
  const items = await stripe.checkout.sessions.listLineItems(s.id);
  assert.deepEqual(items.data.map((li) => li.amount_discount), [1500, 0]);
});

test('an amount-off coupon applies in its currency or a currency option, and never beyond the subtotal', async () => {
  const usdOnly = await stripe.coupons.create({ amount_off: 500, currency: 'usd' });
  const eurItem = { price_data: { currency: 'eur', unit_amount: 2000, product_data: { name: 'Book' } }, quantity: 1 };
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [eurItem], discounts: [{ coupon: usdOnly.id }] }), {
    message: /has no `currency_options` for eur/, param: 'discounts[0][coupon]',
  });
  const both = await stripe.coupons.create({ amount_off: 500, currency: 'usd', currency_options: { eur: { amount_off: 450 } } });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [eurItem], discounts: [{ coupon: both.id }] });
  assert.equal(s.total_details?.amount_discount, 450);
  assert.equal(s.amount_total, 1550);
  // 30.00 off a 20.00 order: the order is free.
  const big = await stripe.coupons.create({ amount_off: 3000, currency: 'usd' });
  const free = await stripe.checkout.sessions.create({ ...base, line_items: [item(2000)], discounts: [{ coupon: big.id }] });
  assert.equal(free.total_details?.amount_discount, 2000);
  assert.equal(free.amount_total, 0);
});

test('refusals: one discount, one kind per entry, the mode, and discounts that leave less than the minimum charge', async () => {
  const c = await stripe.coupons.create({ percent_off: 10 });
  const pc = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: c.id } });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: c.id }, { coupon: c.id }] }), { message: /Only one discount/, param: 'discounts' });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: c.id, promotion_code: pc.id }] }), {
    message: 'You may only specify one of these parameters: coupon, promotion_code.', param: 'discounts[0][coupon]',
  });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], allow_promotion_codes: true, discounts: [{ coupon: c.id }] }), {
    message: 'You may only specify one of these parameters: allow_promotion_codes, discounts.', param: 'allow_promotion_codes',
  });
  await refused(stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://example.com/ok', discounts: [{ coupon: c.id }] }), {
    message: 'You can not pass `discounts` in `setup` mode.', param: 'discounts',
  });
  const almost = await stripe.coupons.create({ amount_off: 980, currency: 'usd' });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: almost.id }] }), {
    message: "The Checkout Session's total amount due must add up to at least $0.50 usd",
  });
});

test('an expired or used-up coupon is refused (coupon_expired)', async () => {
  const now = Number((await sim.control('GET', '/_sim/clock')).now);
  const soon = await stripe.coupons.create({ percent_off: 10, redeem_by: now + 600 });
  await sim.control('POST', '/_sim/clock/advance', { seconds: 601 });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: soon.id }] }), {
    message: `Coupon expired: ${soon.id}`, param: 'discounts[0][coupon]', code: 'coupon_expired',
  });
  const once = await stripe.coupons.create({ percent_off: 10, max_redemptions: 1 });
  const s1 = await stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: once.id }] });
  // Creating another session is fine while the first is unpaid: the redemption happens at completion.
  await stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: once.id }] });
  await pay(s1);
  const used = await stripe.coupons.retrieve(once.id);
  assert.equal(used.times_redeemed, 1);
  assert.equal(used.valid, false);
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], discounts: [{ coupon: once.id }] }), {
    message: `Coupon expired: ${once.id}`, param: 'discounts[0][coupon]', code: 'coupon_expired',
  });
});

test('a promotion code: applied by id, its restrictions checked, its redemption counted at completion', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 20 });
  const pc = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'WELCOME' });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: pc.id }] });
  assert.deepEqual(s.discounts, [{ coupon: coupon.id, promotion_code: pc.id }]);
  assert.equal(s.amount_total, 4000);
  const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ['discounts.promotion_code'] });
  assert.equal((expanded.discounts![0].promotion_code as Stripe.PromotionCode).code, 'WELCOME');
  await pay(s);
  assert.equal((await stripe.promotionCodes.retrieve(pc.id)).times_redeemed, 1);
  assert.equal((await stripe.coupons.retrieve(coupon.id)).times_redeemed, 1);
  const single = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, max_redemptions: 1 });
  await pay(await stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: single.id }] }));
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: single.id }] }), {
    message: 'This promotion code cannot be redeemed because it has been used the maximum number of times.', param: 'discounts[0][promotion_code]',
  });

  const inactive = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, active: false });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: inactive.id }] }), { message: 'This promotion code cannot be redeemed because it is inactive.', param: 'discounts[0][promotion_code]' });
  const minimum = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, restrictions: { minimum_amount: 10000, minimum_amount_currency: 'usd' } });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: minimum.id }] }), { message: /does not meet its minimum amount of \$100\.00 usd/, param: 'discounts[0][promotion_code]' });
  assert.equal((await stripe.checkout.sessions.create({ ...base, line_items: [item(10000)], discounts: [{ promotion_code: minimum.id }] })).amount_total, 8000);
  const cus = await stripe.customers.create({ email: 'vip@example.com' });
  const vip = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, customer: cus.id });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: vip.id }] }), { message: 'This promotion code cannot be redeemed by this customer.' });
  assert.equal((await stripe.checkout.sessions.create({ ...base, customer: cus.id, line_items: [item(5000)], discounts: [{ promotion_code: vip.id }] })).amount_total, 4000);
  const first = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, restrictions: { first_time_transaction: true } });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: first.id }] }), {
    message: 'This promotion code cannot be redeemed because the associated customer has prior transactions.', param: 'discounts[0][promotion_code]',
  });
  assert.equal((await stripe.checkout.sessions.create({ ...base, customer_creation: 'always', line_items: [item(5000)], discounts: [{ promotion_code: first.id }] })).amount_total, 4000);
  const returning = await stripe.customers.create({ email: 'again@example.com' });
  assert.equal((await stripe.checkout.sessions.create({ ...base, customer: returning.id, line_items: [item(5000)], discounts: [{ promotion_code: first.id }] })).amount_total, 4000);
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: returning.id, payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  assert.equal(paid.status, 'succeeded');
  await refused(stripe.checkout.sessions.create({ ...base, customer: returning.id, line_items: [item(5000)], discounts: [{ promotion_code: first.id }] }), {
    message: 'This promotion code cannot be redeemed because the associated customer has prior transactions.',
  });
  const once = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, max_redemptions: 1, expires_at: Number((await sim.control('GET', '/_sim/clock')).now) + 600 });
  await sim.control('POST', '/_sim/clock/advance', { seconds: 601 });
  await refused(stripe.checkout.sessions.create({ ...base, line_items: [item(5000)], discounts: [{ promotion_code: once.id }] }), { message: 'This promotion code cannot be redeemed because it has expired.' });
});

test('a 100%-off session completes without a payment method: no_payment_required, a Customer, no PaymentIntent', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 100 });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(2500)], discounts: [{ coupon: coupon.id }] });
  assert.equal(s.amount_total, 0);
  const started = await page(s.id, '/start', { email: 'free@example.com' });
  assert.equal(started.status, 200);
  assert.equal(started.body.payment_intent_client_secret, undefined, 'no PaymentIntent for a free order');
  const done = await page(s.id, '/start', { email: 'free@example.com', submit: 'true' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.status, 'complete');
  const got = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(got.status, 'complete');
  assert.equal(got.payment_status, 'no_payment_required');
  assert.equal(got.payment_intent, null);
  assert.equal(got.customer_details?.email, 'free@example.com');
  assert.match(String(got.customer), /^cus_/);
  assert.equal((await stripe.coupons.retrieve(coupon.id)).times_redeemed, 1);
  const events = await stripe.events.list({ type: 'checkout.session.completed', limit: 10 });
  assert.ok(events.data.some((e) => (e.data.object as Stripe.Checkout.Session).id === s.id));
});

test('the page applies and removes a promotion code (case-insensitive), and the PaymentIntent follows the total', async () => {
  const coupon = await stripe.coupons.create({ percent_off: 10, name: 'Ten' });
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SAVE10' });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(4000)], allow_promotion_codes: true });
  const started = await page(s.id, '/start', { email: 'code@example.com' });
  const piId = started.body.payment_intent_client_secret!.split('_secret_')[0];
  const bad = await page(s.id, '/promotion_code', { code: 'NOPE' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error?.message, 'This code is invalid.');
  assert.equal(bad.body.error?.reason, 'invalid');
  const ok = await page(s.id, '/promotion_code', { code: 'save10' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.amount_total, 3600);
  assert.equal(ok.body.amount_discount, 400);
  assert.deepEqual(ok.body.discount, { code: 'SAVE10', name: 'Ten', percent_off: 10, amount: 400, removable: true });
  assert.equal((await stripe.paymentIntents.retrieve(piId)).amount, 3600);
  const api = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(api.amount_total, 3600);
  assert.equal(api.discounts?.[0].coupon, coupon.id);
  const removed = await page(s.id, '/promotion_code/remove', {});
  assert.equal(removed.body.amount_total, 4000);
  assert.equal(removed.body.discount, null);
  assert.equal((await stripe.paymentIntents.retrieve(piId)).amount, 4000);
  await page(s.id, '/promotion_code', { code: 'SAVE10' });
  await pay(s);
  assert.equal((await stripe.paymentIntents.retrieve(piId)).amount_received, 3600);
});

test('the page refuses codes on sessions without allow_promotion_codes, and a code that makes the order free cancels the unused PaymentIntent', async () => {
  const plain = await stripe.checkout.sessions.create({ ...base, line_items: [item(1000)] });
  const no = await page(plain.id, '/promotion_code', { code: 'ANY' });
  assert.equal(no.status, 400);
  assert.match(no.body.error!.message, /does not accept promotion codes/);
  const coupon = await stripe.coupons.create({ percent_off: 100 });
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'FREEBIE' });
  const min = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'BIGONLY', restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } });
  const s = await stripe.checkout.sessions.create({ ...base, line_items: [item(1000)], allow_promotion_codes: true });
  const started = await page(s.id, '/start', { email: 'free@example.com' });
  const piId = started.body.payment_intent_client_secret!.split('_secret_')[0];
  const tooSmall = await page(s.id, '/promotion_code', { code: min.code });
  assert.equal(tooSmall.body.error?.reason, 'minimum');
  assert.equal(tooSmall.body.error?.minimum_amount, 5000);
  const free = await page(s.id, '/promotion_code', { code: 'freebie' });
  assert.equal(free.body.amount_total, 0);
  assert.equal((await stripe.paymentIntents.retrieve(piId)).status, 'canceled');
  const done = await page(s.id, '/start', { email: 'free@example.com', submit: 'true' });
  assert.equal(done.body.status, 'complete');
  const got = await stripe.checkout.sessions.retrieve(s.id);
  assert.equal(got.payment_status, 'no_payment_required');
  assert.equal(got.payment_intent, null);
  assert.equal(got.discounts?.[0].promotion_code, (await stripe.promotionCodes.list({ code: 'FREEBIE' })).data[0].id);
});

test('the dahlia version shows the same discount shapes', async () => {
  const dahlia = sim.client(undefined, { apiVersion: '2026-03-25.dahlia' as never });
  const coupon = await dahlia.coupons.create({ percent_off: 5 });
  const pc = await dahlia.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
  assert.deepEqual(pc.promotion, { coupon: coupon.id, type: 'coupon' });
  const s = await dahlia.checkout.sessions.create({ ...base, line_items: [item(2000)], discounts: [{ promotion_code: pc.id }] });
  assert.deepEqual(s.discounts, [{ coupon: coupon.id, promotion_code: pc.id }]);
  assert.equal(s.amount_total, 1900);
});

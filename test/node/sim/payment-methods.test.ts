// PaymentMethods through the official SDK: card validation errors, test ids, attach/detach/list/update, and
// the publishable key (Stripe.js) creating cards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const YEAR = new Date().getUTCFullYear();
const card = (over: { number?: string; exp_month?: number; exp_year?: number; cvc?: string } = {}): Stripe.PaymentMethodCreateParams => ({
  type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: YEAR + 5, cvc: '123', ...over },
});

async function cardErr(params: Stripe.PaymentMethodCreateParams): Promise<Stripe.errors.StripeCardError> {
  return stripe.paymentMethods.create(params).then(() => assert.fail('expected a card error'), (e: unknown) => e as Stripe.errors.StripeCardError);
}

test('a card PaymentMethod shows brand, last4, expiry, funding, country, checks and fingerprint', async () => {
  const pm = await stripe.paymentMethods.create({ ...card(), billing_details: { name: 'Jenny Rosen', address: { postal_code: '94103' } } });
  assert.match(pm.id, /^pm_/);
  assert.equal(pm.type, 'card');
  assert.equal(pm.customer, null);
  assert.equal(pm.card?.brand, 'visa');
  assert.equal(pm.card?.last4, '4242');
  assert.equal(pm.card?.exp_month, 12);
  assert.equal(pm.card?.exp_year, YEAR + 5);
  assert.equal(pm.card?.funding, 'credit');
  assert.equal(pm.card?.country, 'US');
  assert.equal(pm.card?.checks?.cvc_check, 'unchecked');
  assert.equal(pm.card?.checks?.address_postal_code_check, 'unchecked');
  assert.equal(pm.card?.three_d_secure_usage?.supported, true);
  assert.equal(pm.card?.wallet, null);
  assert.equal(pm.billing_details.name, 'Jenny Rosen');
  const again = await stripe.paymentMethods.create(card());
  assert.equal(again.card?.fingerprint, pm.card?.fingerprint, 'same number, same fingerprint');
  const other = await stripe.paymentMethods.create(card({ number: '5555555555554444' }));
  assert.notEqual(other.card?.fingerprint, pm.card?.fingerprint);
  assert.equal(JSON.stringify(pm).includes('4242424242424242'), false, 'the number is never returned');
});

test('invalid card data is a 402 card_error with Stripe code and param', async () => {
  const luhn = await cardErr(card({ number: '4242424242424241' }));
  assert.ok(luhn instanceof Stripe.errors.StripeCardError);
  assert.equal(luhn.code, 'incorrect_number');
  assert.equal(luhn.message, 'Your card number is incorrect.');
  const month = await cardErr(card({ exp_month: 13 }));
  assert.equal(month.code, 'invalid_expiry_month');
  assert.equal(month.message, "Your card's expiration month is invalid.");
  const year = await cardErr(card({ exp_year: YEAR - 1 }));
  assert.equal(year.code, 'invalid_expiry_year');
  assert.equal(year.message, "Your card's expiration year is invalid.");
  const cvc = await cardErr(card({ cvc: '99' }));
  assert.equal(cvc.code, 'invalid_cvc');
  assert.equal(cvc.message, "Your card's security code is invalid.");
  const amexCvc = await cardErr(card({ number: '378282246310005', cvc: '123' }));
  assert.equal(amexCvc.code, 'invalid_cvc');
  const amex = await stripe.paymentMethods.create(card({ number: '378282246310005', cvc: '1234' }));
  assert.equal(amex.card?.brand, 'amex');
  const union = await stripe.paymentMethods.create(card({ number: '6205500000000000004' }));
  assert.equal(union.card?.brand, 'unionpay');
  const missing = await stripe.paymentMethods.create({ type: 'card', card: { exp_month: 1, exp_year: YEAR + 1 } } as Stripe.PaymentMethodCreateParams).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((missing as Stripe.errors.StripeError).code, 'parameter_missing');
});

test('test tokens and test ids make PaymentMethods', async () => {
  const fromToken = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
  assert.equal(fromToken.card?.brand, 'mastercard');
  const a = await stripe.paymentMethods.retrieve('pm_card_visa_debit');
  assert.equal(a.card?.funding, 'debit');
  const b = await stripe.paymentMethods.retrieve('pm_card_visa_debit');
  assert.notEqual(a.id, b.id, 'each use of a test id is a fresh PaymentMethod');
  const missing = await stripe.paymentMethods.retrieve('pm_nothere').catch((e: Stripe.errors.StripeError) => e);
  assert.equal((missing as Stripe.errors.StripeError).statusCode, 404);
  assert.equal((missing as Stripe.errors.StripeError).message, "No such PaymentMethod: 'pm_nothere'");
});

test('attach, list by customer and type, update, detach; a detached card cannot come back', async () => {
  const customer = await stripe.customers.create({ email: 'pm@example.com' });
  const pm = await stripe.paymentMethods.create(card());
  const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  assert.equal(attached.customer, customer.id);
  const mc = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
  assert.notEqual(mc.id, 'pm_card_mastercard');
  const list = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
  assert.deepEqual(list.data.map((p) => p.id), [mc.id, pm.id]);
  const viaCustomer = await stripe.customers.listPaymentMethods(customer.id);
  assert.equal(viaCustomer.data.length, 2);
  const updated = await stripe.paymentMethods.update(pm.id, { billing_details: { name: 'New Name' }, metadata: { note: 'x' }, card: { exp_month: 6 } });
  assert.equal(updated.billing_details.name, 'New Name');
  assert.equal(updated.metadata?.note, 'x');
  assert.equal(updated.card?.exp_month, 6);
  const detached = await stripe.paymentMethods.detach(pm.id);
  assert.equal(detached.customer, null);
  const again = await stripe.paymentMethods.detach(pm.id).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((again as Stripe.errors.StripeError).statusCode, 400);
  const reattach = await stripe.paymentMethods.attach(pm.id, { customer: customer.id }).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((reattach as Stripe.errors.StripeError).statusCode, 400);
  assert.equal((await stripe.paymentMethods.list({ customer: customer.id })).data.length, 1);
  const events = (await stripe.events.list({ limit: 20 })).data.map((e) => e.type);
  assert.ok(events.includes('payment_method.attached'));
  assert.ok(events.includes('payment_method.detached'));
});

test('declining cards refuse to attach, except the attach-then-fail card', async () => {
  const customer = await stripe.customers.create();
  const err = await stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: customer.id }).catch((e: unknown) => e as Stripe.errors.StripeCardError);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.decline_code, 'generic_decline');
  const ok = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  assert.equal(ok.customer, customer.id);
  const charge = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: ok.id, confirm: true }).catch((e: unknown) => e as Stripe.errors.StripeCardError);
  assert.ok(charge instanceof Stripe.errors.StripeCardError);
});

test('an unattached card cannot be updated and attaching to an unknown customer is resource_missing', async () => {
  const pm = await stripe.paymentMethods.create(card());
  const up = await stripe.paymentMethods.update(pm.id, { metadata: { a: 'b' } }).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((up as Stripe.errors.StripeError).statusCode, 400);
  const att = await stripe.paymentMethods.attach(pm.id, { customer: 'cus_nothere' }).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((att as Stripe.errors.StripeError).code, 'resource_missing');
});

test('an unattached card pays once and may not be used again', async () => {
  const pm = await stripe.paymentMethods.create(card());
  await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true });
  const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true }).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((err as Stripe.errors.StripeError).statusCode, 400);
  assert.match((err as Stripe.errors.StripeError).message, /may not be used again/);
});

test('the publishable key creates card PaymentMethods but cannot list or attach them', async () => {
  const base = server.url.replace(/\/$/, '');
  const headers = { Authorization: `Bearer ${server.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams({ type: 'card', 'card[number]': '4000002760003184', 'card[exp_month]': '12', 'card[exp_year]': String(YEAR + 3), 'card[cvc]': '123' });
  const created = await fetch(`${base}/v1/payment_methods`, { method: 'POST', headers, body });
  assert.equal(created.status, 200);
  const pm = (await created.json()) as Stripe.PaymentMethod;
  assert.equal(pm.card?.last4, '3184');
  const listed = await fetch(`${base}/v1/payment_methods?customer=cus_x`, { headers });
  assert.ok(listed.status === 401 || listed.status === 403);
  const attach = await fetch(`${base}/v1/payment_methods/${pm.id}/attach`, { method: 'POST', headers, body: new URLSearchParams({ customer: 'cus_x' }) });
  assert.ok(attach.status === 401 || attach.status === 403);
});

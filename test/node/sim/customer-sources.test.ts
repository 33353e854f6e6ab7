// Customer sources (cards saved on a customer from a token) through the official SDK: customers.create/update with
// `source`, default_source, createSource/listSources/retrieveSource/updateSource/deleteSource, declining cards on
// attach, events, then charges.create({customer}) charging the default source or a given card; refunding an
// uncaptured Charges API charge releases it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { stripeError as fails, useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await sim.request('POST', path, { body: new URLSearchParams(form).toString() });
  return { status: res.status, body: await res.json() };
}

async function eventsFor(type: string, id: string): Promise<Stripe.Event[]> {
  const list = await stripe.events.list({ type, limit: 100 });
  return list.data.filter((e) => (e.data.object as { id: string }).id === id);
}

test('customers.create with source tok_visa saves a card as the default source; charges.create({customer}) charges it', async () => {
  const customer = await stripe.customers.create({ email: 'jenny@example.com', source: 'tok_visa' });
  assert.match(String(customer.default_source), /^card_/);
  const cardId = customer.default_source as string;
  const card = await stripe.customers.retrieveSource(customer.id, cardId) as Stripe.Card;
  assert.equal(card.object, 'card');
  assert.equal(card.id, cardId);
  assert.equal(card.brand, 'Visa');
  assert.equal(card.last4, '4242');
  assert.equal(card.funding, 'credit');
  assert.equal(card.country, 'US');
  assert.equal(card.customer, customer.id);
  assert.equal(typeof card.fingerprint, 'string');
  assert.equal(typeof card.exp_month, 'number');
  assert.ok(card.exp_year > new Date().getUTCFullYear());
  assert.deepEqual(card.metadata, {});
  // expand default_source and sources
  const expanded = await stripe.customers.retrieve(customer.id, { expand: ['default_source', 'sources'] }) as Stripe.Customer;
  assert.equal((expanded.default_source as Stripe.Card).last4, '4242');
  assert.deepEqual(expanded.sources?.data.map((s) => s.id), [cardId]);
  // events: customer.created (with the default source) and customer.source.created
  const created = await eventsFor('customer.created', customer.id);
  assert.equal((created[0].data.object as Stripe.Customer).default_source, cardId);
  assert.equal((await eventsFor('customer.source.created', cardId)).length, 1);

  const charge = await stripe.charges.create({ amount: 1500, currency: 'usd', customer: customer.id });
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.customer, customer.id);
  assert.equal((charge.source as Stripe.Card).id, cardId);
  assert.equal(charge.payment_method, cardId);
  assert.equal(charge.payment_method_details?.card?.last4, '4242');
  // the list by customer finds it
  assert.deepEqual((await stripe.charges.list({ customer: customer.id })).data.map((c) => c.id), [charge.id]);
});

test('a created token is used up by saving it; a second use is refused', async () => {
  const token = await stripe.tokens.create({ card: { number: '5555555555554444', exp_month: '12', exp_year: String(new Date().getUTCFullYear() + 2), cvc: '123', name: 'Jenny Rosen', address_zip: '94103' } as Stripe.TokenCreateParams.Card });
  const customer = await stripe.customers.create({ name: 'Jenny' });
  const card = await stripe.customers.createSource(customer.id, { source: token.id, metadata: { k: 'v' } }) as Stripe.Card;
  assert.equal(card.id, token.card?.id); // the token's card is the card saved
  assert.equal(card.brand, 'MasterCard');
  assert.equal(card.name, 'Jenny Rosen');
  assert.equal(card.address_zip, '94103');
  assert.deepEqual(card.metadata, { k: 'v' });
  assert.equal((await stripe.tokens.retrieve(token.id)).used, true);
  const again = await fails(stripe.customers.createSource(customer.id, { source: token.id }));
  assert.equal(again.code, 'token_already_used');
  assert.equal(again.statusCode, 400);
  // the first card on a customer without one becomes the default (customer.updated with previous_attributes)
  const c = await stripe.customers.retrieve(customer.id) as Stripe.Customer;
  assert.equal(c.default_source, card.id);
  const upd = (await eventsFor('customer.updated', customer.id))[0];
  assert.deepEqual(upd.data.previous_attributes, { default_source: null });
  // checks: unchecked until the card is charged, then kept on the saved card
  assert.equal(card.cvc_check, 'unchecked');
  assert.equal(card.address_zip_check, 'unchecked');
  const charge = await stripe.charges.create({ amount: 700, currency: 'eur', customer: customer.id });
  assert.equal((charge.source as Stripe.Card).cvc_check, 'pass');
  const saved = await stripe.customers.retrieveSource(customer.id, card.id) as Stripe.Card;
  assert.equal(saved.cvc_check, 'pass');
  assert.equal(saved.address_zip_check, 'pass');
  // unknown tokens
  const missing = await fails(stripe.customers.createSource(customer.id, { source: 'tok_nope_123' }));
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
});

test('createSource keeps the default; default_source switches it; listSources filters by object', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const first = customer.default_source as string;
  const amex = await stripe.customers.createSource(customer.id, { source: 'tok_amex' }) as Stripe.Card;
  assert.equal(amex.brand, 'American Express');
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, first);
  const list = await stripe.customers.listSources(customer.id, { object: 'card' });
  assert.equal(list.object, 'list');
  assert.equal(list.url, `/v1/customers/${customer.id}/sources`);
  assert.deepEqual(list.data.map((s) => s.id), [amex.id, first]);
  assert.deepEqual((await stripe.customers.listSources(customer.id, { object: 'bank_account' })).data, []);
  assert.deepEqual((await stripe.customers.listSources(customer.id, { limit: 1 })).data.map((s) => s.id), [amex.id]);

  const updated = await stripe.customers.update(customer.id, { default_source: amex.id });
  assert.equal(updated.default_source, amex.id);
  const ev = (await eventsFor('customer.updated', customer.id))[0];
  assert.deepEqual(ev.data.previous_attributes, { default_source: first });
  // charging the customer now takes the Amex; a given card with `source`
  const byDefault = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id });
  assert.equal((byDefault.source as Stripe.Card).id, amex.id);
  const byCard = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, source: first });
  assert.equal((byCard.source as Stripe.Card).id, first);
  // another customer's card is refused
  const other = await stripe.customers.create({ source: 'tok_visa' });
  const e = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, source: other.default_source as string }));
  assert.equal(e.statusCode, 404);
  const e2 = await fails(stripe.customers.update(customer.id, { default_source: other.default_source as string }));
  assert.equal(e2.statusCode, 404);
  assert.equal(e2.param, 'default_source');
  const e3 = await fails(stripe.customers.retrieveSource(customer.id, other.default_source as string));
  assert.equal(e3.statusCode, 404);
  assert.equal(e3.code, 'resource_missing');
});

test('customers.update with source replaces the default source (the old default is deleted)', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const old = customer.default_source as string;
  const updated = await stripe.customers.update(customer.id, { source: 'tok_mastercard' });
  assert.notEqual(updated.default_source, old);
  const card = await stripe.customers.retrieveSource(customer.id, updated.default_source as string) as Stripe.Card;
  assert.equal(card.brand, 'MasterCard');
  assert.deepEqual((await stripe.customers.listSources(customer.id)).data.map((s) => s.id), [card.id]);
  assert.equal((await eventsFor('customer.source.deleted', old)).length, 1);
  assert.equal((await eventsFor('customer.source.created', card.id)).length, 1);
  const ev = (await eventsFor('customer.updated', customer.id))[0];
  assert.deepEqual(ev.data.previous_attributes, { default_source: old });
});

test('updateSource changes name, address, expiry and metadata (customer.source.updated); bad expiry refused', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const id = customer.default_source as string;
  const y = new Date().getUTCFullYear() + 5;
  const card = await stripe.customers.updateSource(customer.id, id, {
    name: 'Jenny Rosen', address_line1: '510 Townsend St', address_city: 'San Francisco', address_zip: '94103', address_country: 'US',
    exp_month: '4', exp_year: String(y), metadata: { order: '1' },
  }) as Stripe.Card;
  assert.equal(card.name, 'Jenny Rosen');
  assert.equal(card.address_line1, '510 Townsend St');
  assert.equal(card.address_line1_check, 'unchecked');
  assert.equal(card.address_zip_check, 'unchecked');
  assert.equal(card.exp_month, 4);
  assert.equal(card.exp_year, y);
  assert.deepEqual(card.metadata, { order: '1' });
  const ev = (await eventsFor('customer.source.updated', id))[0];
  assert.equal((ev.data.previous_attributes as Record<string, unknown>).name, null);
  assert.equal((ev.data.previous_attributes as Record<string, unknown>).exp_month, 12);
  const bad = await fails(stripe.customers.updateSource(customer.id, id, { exp_month: '13' }));
  assert.equal(bad.type, 'StripeCardError');
  assert.equal(bad.code, 'invalid_expiry_month');
  const past = await fails(stripe.customers.updateSource(customer.id, id, { exp_year: '2001' }));
  assert.equal(past.code, 'invalid_expiry_year');
  assert.equal((await stripe.customers.retrieveSource(customer.id, id) as Stripe.Card).exp_month, 4);
  const unknown = await fails(stripe.customers.updateSource(customer.id, id, { account_holder_name: 'x' }));
  assert.equal(unknown.statusCode, 400);
});

test('deleteSource: the default moves to the newest card left, then null; charging then has no active card', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const a = customer.default_source as string;
  const b = (await stripe.customers.createSource(customer.id, { source: 'tok_mastercard' })).id;
  const c = (await stripe.customers.createSource(customer.id, { source: 'tok_amex' })).id;
  const del = await stripe.customers.deleteSource(customer.id, a);
  assert.deepEqual({ id: del.id, object: del.object, deleted: (del as { deleted?: boolean }).deleted }, { id: a, object: 'card', deleted: true });
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, c);
  assert.equal((await eventsFor('customer.source.deleted', a)).length, 1);
  // deleting a card that is not the default leaves the default alone
  await stripe.customers.deleteSource(customer.id, b);
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, c);
  await stripe.customers.deleteSource(customer.id, c);
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, null);
  assert.equal((await fails(stripe.customers.retrieveSource(customer.id, a))).statusCode, 404);
  assert.equal((await fails(stripe.customers.deleteSource(customer.id, a))).statusCode, 404);
  const e = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id }));
  assert.equal(e.code, 'missing');
  assert.equal(e.message, 'Cannot charge a customer that has no active card');
});

test('declining cards are refused when attached, like Stripe; 4000000000000341 attaches and declines when charged', async () => {
  const customer = await stripe.customers.create({});
  const e = await fails(stripe.customers.createSource(customer.id, { source: 'tok_chargeDeclined' }));
  assert.equal(e.type, 'StripeCardError');
  assert.equal(e.statusCode, 402);
  assert.equal(e.code, 'card_declined');
  assert.equal(e.decline_code, 'generic_decline');
  assert.deepEqual((await stripe.customers.listSources(customer.id)).data, []);
  const e2 = await fails(stripe.customers.create({ source: 'tok_chargeDeclinedInsufficientFunds' }));
  assert.equal(e2.decline_code, 'insufficient_funds');
  const e3 = await fails(stripe.customers.update(customer.id, { source: 'tok_chargeDeclinedExpiredCard' }));
  assert.equal(e3.code, 'expired_card');
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, null);

  const attachOk = await stripe.customers.createSource(customer.id, { source: 'tok_chargeCustomerFail' }) as Stripe.Card;
  assert.equal(attachOk.last4, '0341');
  const declined = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id }));
  assert.equal(declined.code, 'card_declined');
  assert.match(String(declined.raw && (declined.raw as { charge?: string }).charge), /^ch_/);
});

test('deleting the customer removes its cards', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const id = customer.default_source as string;
  await stripe.customers.del(customer.id);
  const e = await fails(stripe.customers.retrieveSource(customer.id, id));
  assert.equal(e.statusCode, 404);
});

test('refunding an uncaptured Charges API charge releases the authorisation (full amount only)', async () => {
  const customer = await stripe.customers.create({ source: 'tok_visa' });
  const charge = await stripe.charges.create({ amount: 2500, currency: 'usd', customer: customer.id, capture: false });
  assert.equal(charge.captured, false);
  const partial = await fails(stripe.refunds.create({ charge: charge.id, amount: 1000 }));
  assert.equal(partial.statusCode, 400);
  assert.equal(partial.param, 'amount');
  assert.match(partial.message, /cannot partially refund an uncaptured charge/);
  const refund = await stripe.refunds.create({ charge: charge.id, reason: 'requested_by_customer', metadata: { why: 'cancel' } });
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.amount, 2500);
  assert.equal(refund.balance_transaction, null); // no money moved
  assert.equal(refund.reason, 'requested_by_customer');
  assert.deepEqual(refund.metadata, { why: 'cancel' });
  const after = await stripe.charges.retrieve(charge.id);
  assert.equal(after.refunded, true);
  assert.equal(after.amount_refunded, 2500);
  assert.equal(after.captured, false);
  const ev = (await eventsFor('charge.refunded', charge.id))[0];
  assert.deepEqual(ev.data.previous_attributes, { amount_refunded: 0, refunded: false });
  const cap = await fails(stripe.charges.capture(charge.id));
  assert.equal(cap.code, 'charge_already_refunded');
  const again = await fails(stripe.refunds.create({ charge: charge.id }));
  assert.equal(again.code, 'charge_already_refunded');
  // a PaymentIntent's uncaptured charge still points to canceling the PaymentIntent
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', allowed_payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams);
  const e = await fails(stripe.refunds.create({ charge: pi.latest_charge as string }));
  assert.match(e.message, /cancel the PaymentIntent instead/);
});

test('createSource with a dictionary of card details (source[object]=card) instead of a token', async () => {
  const customer = await stripe.customers.create({});
  const y = new Date().getUTCFullYear() + 2;
  const res = await post(`/v1/customers/${customer.id}/sources`, {
    'source[object]': 'card', 'source[number]': '4000056655665556', 'source[exp_month]': '7', 'source[exp_year]': String(y),
    'source[cvc]': '314', 'source[name]': 'Jenny Rosen',
  });
  assert.equal(res.status, 200);
  const card = res.body as Stripe.Card;
  assert.equal(card.object, 'card');
  assert.equal(card.funding, 'debit');
  assert.equal(card.last4, '5556');
  assert.equal(card.exp_month, 7);
  assert.equal(card.exp_year, y);
  assert.equal(card.cvc_check, 'unchecked');
  assert.equal(card.customer, customer.id);
  assert.equal((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source, card.id);
  const missing = await post(`/v1/customers/${customer.id}/sources`, { 'source[object]': 'card', 'source[number]': '4242424242424242' });
  assert.equal(missing.status, 400);
  assert.equal((missing.body as { error: { param: string } }).error.param, 'source[exp_month]');
  const wrong = await post(`/v1/customers/${customer.id}/sources`, { 'source[object]': 'card', 'source[number]': '4242424242424241', 'source[exp_month]': '7', 'source[exp_year]': String(y) });
  assert.equal(wrong.status, 402);
  assert.equal((wrong.body as { error: { code: string } }).error.code, 'incorrect_number');
});

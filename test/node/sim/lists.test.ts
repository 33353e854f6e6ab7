// Lists: limit bounds, cursors both ways, has_more, url, newest first, created filters, auto-pagination, expand data.*.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startTestSim, type TestSim } from '../helpers/sim.ts';

let t: TestSim;
const ids: string[] = [];
before(async () => {
  t = await startTestSim({ store: 'sqlite' });
  for (let i = 0; i < 25; i++) ids.push((await t.stripe.customers.create({ name: `c${i}`, email: i % 5 === 0 ? 'five@example.com' : undefined })).id);
});
after(() => t.close());

test('a list is object:list with data newest first, has_more and url', async () => {
  const page = await t.stripe.customers.list();
  assert.equal(page.object, 'list');
  assert.equal(page.url, '/v1/customers');
  assert.equal(page.data.length, 10);
  assert.equal(page.has_more, true);
  assert.deepEqual(page.data.map((c) => c.id), ids.slice(15).reverse());
});

test('limit must be between 1 and 100', async () => {
  for (const [limit, msg] of [
    [0, 'This value must be greater than or equal to 1.'],
    [101, 'This value must be less than or equal to 100.'],
  ] as const) {
    await assert.rejects(t.stripe.customers.list({ limit }), (e: Stripe.errors.StripeError) => {
      assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(e.message, msg);
      assert.equal(e.param, 'limit');
      return true;
    });
  }
  const res = await t.request('GET', '/v1/customers?limit=ten');
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'parameter_invalid_integer');
});

test('starting_after pages forward to the end', async () => {
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.stripe.customers.list({ limit: 7, starting_after: after });
    seen.push(...page.data.map((c) => c.id));
    if (!page.has_more) break;
    after = page.data[page.data.length - 1].id;
  }
  assert.deepEqual(seen, [...ids].reverse());
});

test('ending_before pages backwards, still newest first', async () => {
  const page = await t.stripe.customers.list({ limit: 3, ending_before: ids[10] });
  assert.deepEqual(page.data.map((c) => c.id), [ids[13], ids[12], ids[11]]);
  assert.equal(page.has_more, true);
});

test('the SDK auto-pagination sees every object once', async () => {
  const all: string[] = [];
  for await (const c of t.stripe.customers.list({ limit: 4 })) all.push(c.id);
  assert.deepEqual(all, [...ids].reverse());
});

test('an unknown cursor is resource_missing on that param', async () => {
  await assert.rejects(t.stripe.customers.list({ starting_after: 'cus_nope' }), (e: Stripe.errors.StripeError) => {
    assert.equal(e.code, 'resource_missing');
    assert.equal(e.param, 'starting_after');
    assert.equal(e.message, "No such customer: 'cus_nope'");
    return true;
  });
});

test('starting_after and ending_before together are refused', async () => {
  await assert.rejects(t.stripe.customers.list({ starting_after: ids[1], ending_before: ids[2] }), /only specify one of these parameters/);
});

test('created filters: exact value and ranges', async () => {
  const c = await t.stripe.customers.retrieve(ids[0]);
  const created = (c as Stripe.Customer).created;
  const exact = await t.stripe.customers.list({ created, limit: 100 });
  assert.ok(exact.data.length >= 1);
  assert.ok(exact.data.every((x) => x.created === created));
  const none = await t.stripe.customers.list({ created: { gt: created + 1000 } });
  assert.equal(none.data.length, 0);
  const all = await t.stripe.customers.list({ created: { gte: created - 10, lte: created + 1000 }, limit: 100 });
  assert.equal(all.data.length, 25);
  const res = await t.request('GET', '/v1/customers?created[after]=1');
  assert.equal(((await res.json()) as { error: { message: string } }).error.message, 'Received unknown parameter: created[after]');
});

test('per-resource filters: customers by email', async () => {
  const page = await t.stripe.customers.list({ email: 'five@example.com', limit: 100 });
  assert.deepEqual(page.data.map((c) => c.id), [ids[20], ids[15], ids[10], ids[5], ids[0]]);
});

test('expand data.* applies to each item of a list', async () => {
  const product = await t.stripe.products.create({ name: 'Expandable' });
  await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
  const page = await t.stripe.prices.list({ product: product.id, expand: ['data.product'] });
  assert.equal(page.data.length, 1);
  assert.equal((page.data[0].product as Stripe.Product).name, 'Expandable');
  const res = await t.request('GET', `/v1/prices?product=${product.id}&expand[]=product`);
  assert.equal(res.status, 400);
});

test('expand data.<list>.data.x on listed objects whose own list is empty is checked against that list, not the outer one', async () => {
  const customer = await t.stripe.customers.create({});
  await t.stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, currency: 'usd', success_url: 'https://example.com/s' });
  const page = await t.stripe.checkout.sessions.list({ customer: customer.id, expand: ['data.line_items.data.price'] });
  assert.equal(page.data.length, 1);
  assert.deepEqual(page.data[0].line_items?.data, []);
});

test('nested expansion follows ids through expanded objects', async () => {
  const product = await t.stripe.products.create({ name: 'Nested', default_price_data: { currency: 'eur', unit_amount: 700 } });
  const got = await t.stripe.products.retrieve(product.id, { expand: ['default_price.product'] });
  const price = got.default_price as Stripe.Price;
  assert.equal(price.unit_amount, 700);
  assert.equal((price.product as Stripe.Product).id, product.id);
});

// ---- search (Stripe's search query language)

test('search: exact (case-insensitive), substring, metadata, AND / OR, negation and null clauses', async () => {
  const amy = await t.stripe.customers.create({ email: 'Amy.Pond@Search.example', name: 'Amy Pond', metadata: { tier: 'gold' } });
  const rory = await t.stripe.customers.create({ email: 'rory@search.example', name: 'Rory Williams', metadata: { tier: 'silver' } });
  const ids = async (query: string) => (await t.stripe.customers.search({ query })).data.map((c) => c.id).sort();
  assert.deepEqual(await ids("email:'amy.pond@search.example'"), [amy.id]);
  assert.deepEqual(await ids("name~'williams'"), [rory.id]);
  assert.deepEqual(await ids('metadata["tier"]:"silver"'), [rory.id]);
  assert.deepEqual(await ids("metadata['tier']:'gold' OR metadata['tier']:'silver'"), [amy.id, rory.id].sort());
  assert.deepEqual(await ids("email~'search.example' AND -metadata['tier']:'gold'"), [rory.id]);
  assert.deepEqual(await ids("email~'search.example' AND metadata['tier']:null"), []);
  const result = await t.stripe.customers.search({ query: "email~'search.example'" });
  assert.equal(result.object, 'search_result');
  assert.equal(result.url, '/v1/customers/search');
  assert.equal(result.has_more, false);
  assert.equal(result.next_page, null);
});

test('search: numeric comparisons on PaymentIntents and charges, expand data.*', async () => {
  const big = await t.stripe.paymentIntents.create({ amount: 98_765, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { search: 'numeric' } });
  await t.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', metadata: { search: 'numeric' } });
  const found = await t.stripe.paymentIntents.search({
    query: "metadata['search']:'numeric' AND amount>=98765 AND status:'succeeded'", expand: ['data.latest_charge'],
  });
  assert.deepEqual(found.data.map((pi) => pi.id), [big.id]);
  const equal = await t.stripe.paymentIntents.search({ query: "metadata['search']:'numeric' AND amount=1000" });
  assert.equal(equal.data.length, 1);
  assert.equal(equal.data[0].amount, 1000);
  assert.equal((found.data[0].latest_charge as Stripe.Charge).amount, 98_765);
  const charges = await t.stripe.charges.search({ query: 'amount:98765 AND payment_method_details.card.last4:4242' });
  assert.equal(charges.data.length, 1);
});

test('search: pages through next_page, and auto-pagination visits every match once', async () => {
  const first = await t.stripe.customers.search({ query: "email:'five@example.com'", limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  assert.ok(first.next_page);
  const second = await t.stripe.customers.search({ query: "email:'five@example.com'", limit: 2, page: first.next_page! });
  assert.notDeepEqual(second.data.map((c) => c.id), first.data.map((c) => c.id));
  const all: string[] = [];
  for await (const c of t.stripe.customers.search({ query: "email:'five@example.com'", limit: 2 })) all.push(c.id);
  assert.deepEqual(all.sort(), ids.filter((_, i) => i % 5 === 0).sort());
  // total_count (every match, across pages) only when expanded.
  assert.equal('total_count' in first, false);
  const counted = await t.stripe.customers.search({ query: "email:'five@example.com'", limit: 2, expand: ['total_count'] });
  assert.equal(counted.total_count, all.length);
  assert.equal(counted.data.length, 2);
});

test('search: a charge found by search shows its settled balance transaction, as retrieve does', async () => {
  const pi = await t.stripe.paymentIntents.create({
    amount: 4_321, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic_async', metadata: { search: 'async' },
  });
  const found = await t.stripe.charges.search({ query: 'amount:4321' }); // payment_intent is not a search field of charges
  assert.equal(found.data.length, 1);
  assert.equal(found.data[0].payment_intent, pi.id);
  const retrieved = await t.stripe.charges.retrieve(found.data[0].id);
  assert.equal(typeof found.data[0].balance_transaction, 'string');
  assert.equal(found.data[0].balance_transaction, retrieved.balance_transaction);
});

test('search: an unparsable query, an unsupported field or a bad page are 400s', async () => {
  const fail = (p: Promise<unknown>) => p.then(() => assert.fail('accepted'), (e: Stripe.errors.StripeError) => e);
  const unparsable = await fail(t.stripe.customers.search({ query: 'asdf' }));
  assert.equal(unparsable.type, 'StripeInvalidRequestError');
  assert.match(unparsable.message, /^We were unable to parse your search query\./);
  const field = await fail(t.stripe.prices.search({ query: 'foo:"bar"' }));
  assert.match(field.message, /^Field `foo` is an unsupported search field for resource `prices`\./);
  const page = await fail(t.stripe.products.search({ query: "name:'x'", page: 'bogus' }));
  assert.equal(page.param, 'page');
  const missing = await fail(t.stripe.customers.search({} as Stripe.CustomerSearchParams));
  assert.equal(missing.code, 'parameter_missing');
});

// Search (`GET /v1/{customers,payment_intents,charges,prices,products}/search`) through the official SDK, as Stripe's
// "Search" docs describe it: each resource's query fields and their types (token: whole value; string: words in order
// and `~` substrings; numeric: comparisons), negation, AND / OR, metadata, null, quoting, Stripe's errors, the
// search_result shape, page / next_page and auto-pagination, total_count, Connect scoping and secret keys only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { stripeError, useTestSim } from '../helpers/sim.ts';
import { onboardedAccount } from '../helpers/connect.ts';
import { parseSearchQuery, searchWords } from '../../../sim/core/search.ts';

const { sim: t, stripe } = useTestSim({ store: 'sqlite' });

let seq = 0;
/** A tag unique to the calling test, to keep its objects apart from the other tests' in the shared simulator. */
const tag = (): string => `t${++seq}x${Date.now().toString(36)}`;

const PARSE = /^We were unable to parse your search query\./;

/** The error of a search that must be refused: a 400 invalid_request_error on `query` (unless `param` says otherwise). */
async function refused(p: Promise<unknown>, message: RegExp | string, param = 'query'): Promise<Stripe.errors.StripeError> {
  const e = await stripeError(p);
  assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError, `${e.type}: ${e.message}`);
  assert.equal(e.statusCode, 400);
  assert.equal(e.param, param);
  if (typeof message === 'string') assert.equal(e.message, message);
  else assert.match(e.message, message);
  return e;
}

const sorted = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();

// ---------------------------------------------------------------------------------------------------------------
// Routes, shape, keys

test('GET /v1/<resource>/search answers a search_result for each of the five resources (not a retrieve of "search")', async () => {
  for (const resource of ['customers', 'payment_intents', 'charges', 'prices', 'products']) {
    const res = await t.request('GET', `/v1/${resource}/search?query=${encodeURIComponent('metadata["none"]:"none"')}`);
    assert.equal(res.status, 200, resource);
    assert.deepEqual(await res.json(), { object: 'search_result', data: [], has_more: false, next_page: null, url: `/v1/${resource}/search` });
  }
});

test('a search_result has object, data, has_more, next_page, url, and total_count only with expand[]=total_count', async () => {
  const k = tag();
  const a = await stripe.customers.create({ name: 'Shape A', metadata: { k } });
  const b = await stripe.customers.create({ name: 'Shape B', metadata: { k } });
  const r = await stripe.customers.search({ query: `metadata["k"]:"${k}"` });
  assert.equal(r.object, 'search_result');
  assert.equal(r.url, '/v1/customers/search');
  assert.equal(r.has_more, false);
  assert.equal(r.next_page, null);
  assert.deepEqual(r.data.map((c) => c.id), [b.id, a.id], 'newest first');
  assert.equal(r.data[0].object, 'customer');
  assert.equal('total_count' in r, false);
  const counted = await stripe.customers.search({ query: `metadata["k"]:"${k}"`, limit: 1, expand: ['total_count'] });
  assert.equal(counted.total_count, 2);
  assert.equal(counted.data.length, 1);
});

test('search needs a secret key: a publishable key is refused as on every secret-key endpoint', async () => {
  const pk = t.client(t.keys.publishable);
  for (const call of [
    () => pk.customers.search({ query: 'email:"a@b.c"' }),
    () => pk.paymentIntents.search({ query: 'status:"succeeded"' }),
    () => pk.charges.search({ query: 'status:"succeeded"' }),
    () => pk.prices.search({ query: 'active:"true"' }),
    () => pk.products.search({ query: 'active:"true"' }),
  ]) {
    const e = await stripeError(call());
    assert.ok(e instanceof Stripe.errors.StripePermissionError, e.type);
    assert.equal(e.statusCode, 403);
    assert.equal(
      e.message,
      'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    );
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Customers: created (numeric), email, name, phone (string), metadata (token)

test('customers: a string field matches its words in order, case-insensitively; ~ matches substrings', async () => {
  const d = `${tag()}.example`;
  const amy = await stripe.customers.create({ email: `Amy.Pond@${d}`, name: 'Amy Pond Williams', phone: '+15555550123' });
  const rory = await stripe.customers.create({ email: `rory@${d}`, name: 'Rory Williams', phone: '+15555550999' });
  const ids = async (query: string) => sorted((await stripe.customers.search({ query })).data);
  assert.deepEqual(await ids(`email:"amy.pond@${d}"`), [amy.id]);
  assert.deepEqual(await ids(`email:"AMY.POND@${d.toUpperCase()}"`), [amy.id]);
  assert.deepEqual(await ids(`email~"${d}"`), sorted([amy, rory]));
  assert.deepEqual(await ids(`email~"RORY@" AND email~"${d}"`), [rory.id]);
  // "name:"one two three" would match both "one two three" and "one two three four""
  assert.deepEqual(await ids(`email~"${d}" AND name:"amy pond"`), [amy.id]);
  assert.deepEqual(await ids(`email~"${d}" AND name:"williams"`), sorted([amy, rory]));
  assert.deepEqual(await ids(`email~"${d}" AND name:"pond amy"`), [], 'the words in the same order');
  assert.deepEqual(await ids(`email~"${d}" AND name:"will"`), [], 'exact matches whole words; ~ is for substrings');
  assert.deepEqual(await ids(`email~"${d}" AND name~"will"`), sorted([amy, rory]));
  assert.deepEqual(await ids('phone:"+15555550123"'), [amy.id]);
  assert.deepEqual(await ids(`email~"${d}" AND phone~"0999"`), [rory.id]);
});

test('customers: created compares numbers with > < >= <= = and :, quoted or not', async () => {
  const k = tag();
  const old = await stripe.customers.create({ metadata: { k } });
  await t.control('POST', '/_sim/clock/advance', { seconds: 100 });
  const recent = await stripe.customers.create({ metadata: { k } });
  assert.ok(recent.created >= old.created + 100);
  const ids = async (clause: string) => sorted((await stripe.customers.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data);
  assert.deepEqual(await ids(`created>${old.created}`), [recent.id]);
  assert.deepEqual(await ids(`created>=${old.created}`), sorted([old, recent]));
  assert.deepEqual(await ids(`created<${recent.created}`), [old.id]);
  assert.deepEqual(await ids(`created<=${old.created}`), [old.id]);
  assert.deepEqual(await ids(`created:${recent.created}`), [recent.id]);
  assert.deepEqual(await ids(`created=${recent.created}`), [recent.id]);
  assert.deepEqual(await ids(`created>"${old.created}"`), [recent.id], 'quotes are optional around numbers');
  assert.deepEqual(await ids(`-created>${old.created}`), [old.id]);
});

test('customers: metadata["key"]:"value" (case-insensitive token), null for a missing key, -…:null for a present one', async () => {
  const k = tag();
  const gold = await stripe.customers.create({ metadata: { k, tier: 'Gold', 'donation-id': 'asdf-jkl' } });
  const silver = await stripe.customers.create({ metadata: { k, tier: 'silver' } });
  const none = await stripe.customers.create({ metadata: { k } });
  const ids = async (clause: string) => sorted((await stripe.customers.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data);
  assert.deepEqual(await ids('metadata["tier"]:"gold"'), [gold.id]);
  assert.deepEqual(await ids("metadata['tier']:'SILVER'"), [silver.id], 'single quotes too');
  assert.deepEqual(await ids('metadata["donation-id"]:"asdf-jkl"'), [gold.id]);
  assert.deepEqual(await ids('metadata["tier"]:"gol"'), [], 'a token matches the whole value');
  assert.deepEqual(await ids('metadata["tier"]:null'), [none.id]);
  assert.deepEqual(await ids('metadata["tier"]:NULL'), [none.id], 'null in any case');
  assert.deepEqual(await ids('-metadata["tier"]:null'), sorted([gold, silver]));
  assert.deepEqual(await ids('-metadata["tier"]:"gold"'), sorted([silver, none]));
  assert.deepEqual(await ids('metadata["tier"]:"null"'), [], 'a quoted "null" is the string');
});

test('customers: AND, OR and spaces combine clauses; keywords in any case; deleted customers are not found', async () => {
  const k = tag();
  const a = await stripe.customers.create({ name: 'Ann', metadata: { k, n: '1' } });
  const b = await stripe.customers.create({ name: 'Bob', metadata: { k, n: '2' } });
  const c = await stripe.customers.create({ name: 'Cat', metadata: { k, n: '3' } });
  const ids = async (query: string) => sorted((await stripe.customers.search({ query })).data);
  assert.deepEqual(await ids(`metadata["n"]:"1" OR metadata["n"]:"3" OR name:"bob"`), sorted([a, b, c]));
  assert.deepEqual(await ids(`metadata["n"]:"1" or metadata["n"]:"2"`), sorted([a, b]));
  assert.deepEqual(await ids(`metadata["k"]:"${k}" AND name:"ann"`), [a.id]);
  assert.deepEqual(await ids(`metadata["k"]:"${k}" and -name:"ann"`), sorted([b, c]));
  assert.deepEqual(await ids(`metadata["k"]:"${k}"   name:"cat"`), [c.id], 'a space is AND');
  assert.deepEqual(await ids(`metadata["k"]:"${k}" AND -name:"ann" AND -name:"bob"`), [c.id]);
  await stripe.customers.del(b.id);
  assert.deepEqual(await ids(`metadata["k"]:"${k}"`), sorted([a, c]));
});

test('quoted values: a backslash escapes a quote inside quotes', async () => {
  const k = tag();
  const story = await stripe.products.create({ name: `Story ${k}`, description: 'the story called "The Sky and the Sea."' });
  const apostrophe = await stripe.products.create({ name: `O'Brien ${k}` });
  const ids = async (query: string) => sorted((await stripe.products.search({ query })).data);
  assert.deepEqual(await ids(`description:"the story called \\"The Sky and the Sea.\\""`), [story.id]);
  assert.deepEqual(await ids(`name:'o\\'brien ${k}'`), [apostrophe.id]);
  assert.deepEqual(await ids(`name:"O'Brien ${k}"`), [apostrophe.id]);
});

// ---------------------------------------------------------------------------------------------------------------
// PaymentIntents: amount, created (numeric), currency, customer, status (token), metadata

test('payment_intents: amount comparisons, currency (case-insensitive), customer, status, negation', async () => {
  const k = tag();
  const cus = await stripe.customers.create({ name: 'Payer' });
  const small = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', metadata: { k } });
  const big = await stripe.paymentIntents.create({ amount: 98_765, currency: 'usd', customer: cus.id, payment_method: 'pm_card_visa', confirm: true, metadata: { k } });
  const eur = await stripe.paymentIntents.create({ amount: 2_000, currency: 'eur', metadata: { k } });
  const ids = async (clause: string) => sorted((await stripe.paymentIntents.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data);
  assert.deepEqual(await ids('amount>1000'), sorted([big, eur]));
  assert.deepEqual(await ids('amount>="2000"'), sorted([big, eur]));
  assert.deepEqual(await ids('amount<2000'), [small.id]);
  assert.deepEqual(await ids('amount<=2000'), sorted([small, eur]));
  assert.deepEqual(await ids('amount:500'), [small.id]);
  assert.deepEqual(await ids('amount=98765'), [big.id]);
  assert.deepEqual(await ids('currency:"EUR"'), [eur.id]);
  assert.deepEqual(await ids('-currency:"usd"'), [eur.id]);
  assert.deepEqual(await ids(`customer:"${cus.id}"`), [big.id]);
  assert.deepEqual(await ids('customer:null'), sorted([small, eur]));
  assert.deepEqual(await ids('status:"succeeded"'), [big.id]);
  assert.deepEqual(await ids('status:"requires_payment_method"'), sorted([small, eur]));
  assert.deepEqual(await ids(`created>=${small.created}`), sorted([small, big, eur]));
});

test('payment_intents: expand[]=data.customer and data.latest_charge expand every found object', async () => {
  const k = tag();
  const cus = await stripe.customers.create({ name: 'Expanded' });
  await stripe.paymentIntents.create({ amount: 1_234, currency: 'usd', customer: cus.id, payment_method: 'pm_card_visa', confirm: true, metadata: { k } });
  const r = await stripe.paymentIntents.search({ query: `metadata["k"]:"${k}"`, expand: ['data.customer', 'data.latest_charge'] });
  assert.equal(r.data.length, 1);
  assert.equal((r.data[0].customer as Stripe.Customer).id, cus.id);
  assert.equal((r.data[0].latest_charge as Stripe.Charge).amount, 1_234);
});

// ---------------------------------------------------------------------------------------------------------------
// Charges

/** A card PaymentMethod with a postal code, from a raw test number. */
function cardPm(number: string, postal: string, exp_month = 12): Promise<Stripe.PaymentMethod> {
  return stripe.paymentMethods.create({
    type: 'card',
    card: { number, exp_month, exp_year: new Date().getFullYear() + 3, cvc: '123' },
    billing_details: { address: { postal_code: postal } },
  } as Stripe.PaymentMethodCreateParams);
}

test('charges: amount, currency, customer, status, postal code, card last4 / brand / exp / fingerprint, metadata', async () => {
  const k = tag();
  const cus = await stripe.customers.create({ name: 'Charged' });
  const visaPm = await cardPm('4242424242424242', '94107', 4);
  const mcPm = await cardPm('5555555555554444', '10001', 11);
  const visa = await stripe.paymentIntents.create({ amount: 1_500, currency: 'usd', customer: cus.id, payment_method: visaPm.id, confirm: true, metadata: { k } });
  const mc = await stripe.paymentIntents.create({ amount: 2_500, currency: 'eur', payment_method: mcPm.id, confirm: true, metadata: { k } });
  const declined = await stripeError(stripe.paymentIntents.create({ amount: 3_500, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, metadata: { k } }));
  assert.ok(declined instanceof Stripe.errors.StripeCardError);
  const visaCh = visa.latest_charge as string;
  const mcCh = mc.latest_charge as string;
  const failedCh = declined.payment_intent?.latest_charge as string;
  assert.ok(failedCh);
  const ids = async (clause: string) => (await stripe.charges.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data.map((c) => c.id).sort();
  assert.deepEqual(await ids('amount>2000'), [mcCh, failedCh].sort());
  assert.deepEqual(await ids('amount:1500'), [visaCh]);
  assert.deepEqual(await ids('currency:"eur"'), [mcCh]);
  assert.deepEqual(await ids(`customer:"${cus.id}"`), [visaCh]);
  assert.deepEqual(await ids('status:"failed"'), [failedCh]);
  assert.deepEqual(await ids('status:"succeeded"'), [visaCh, mcCh].sort());
  assert.deepEqual(await ids('billing_details.address.postal_code:"94107"'), [visaCh]);
  assert.deepEqual(await ids('billing_details.address.postal_code:10001'), [mcCh]);
  assert.deepEqual(await ids('payment_method_details.card.last4:4242'), [visaCh], 'docs example: quotes optional');
  assert.deepEqual(await ids('payment_method_details.card.last4:"4444"'), [mcCh]);
  assert.deepEqual(await ids('payment_method_details.card.brand:"visa"'), [visaCh, failedCh].sort(), 'pm_card_chargeDeclined is a Visa');
  assert.deepEqual(await ids('payment_method_details.card.last4:"0002"'), [failedCh]);
  assert.deepEqual(await ids('payment_method_details.card.brand:"MasterCard"'), [mcCh]);
  assert.deepEqual(await ids('payment_method_details.card.exp_month:11'), [mcCh]);
  assert.deepEqual(await ids('payment_method_details.card.exp_month:"04"'), [visaCh], 'numbers by value');
  assert.deepEqual(await ids(`payment_method_details.card.exp_year:${new Date().getFullYear() + 3}`), [visaCh, mcCh].sort());
  assert.deepEqual(await ids(`payment_method_details.card.fingerprint:"${visaPm.card!.fingerprint}"`), [visaCh]);
  assert.deepEqual(await ids(`created>=${visa.created}`), [visaCh, mcCh, failedCh].sort());
  // Found charges are the full objects, as retrieve shows them.
  const found = await stripe.charges.search({ query: `metadata["k"]:"${k}" AND amount:1500` });
  assert.deepEqual(found.data[0], await stripe.charges.retrieve(visaCh));
});

test('charges: refunded "true" is fully refunded, "false" partially refunded, null not refunded; disputed "true" / "false"', async () => {
  const k = tag();
  const pay = (payment_method = 'pm_card_visa') =>
    stripe.paymentIntents.create({ amount: 5_000, currency: 'usd', payment_method, confirm: true, metadata: { k } }).then((pi) => pi.latest_charge as string);
  const full = await pay();
  const partial = await pay();
  const untouched = await pay();
  const disputed = await pay('pm_card_createDispute');
  await stripe.refunds.create({ charge: full });
  await stripe.refunds.create({ charge: partial, amount: 1_000 });
  assert.equal((await stripe.charges.retrieve(disputed)).disputed, true);
  const ids = async (clause: string) => (await stripe.charges.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data.map((c) => c.id).sort();
  assert.deepEqual(await ids('refunded:"true"'), [full]);
  assert.deepEqual(await ids('refunded:"false"'), [partial]);
  assert.deepEqual(await ids('refunded:null'), [untouched, disputed].sort());
  assert.deepEqual(await ids('-refunded:null'), [full, partial].sort());
  assert.deepEqual(await ids('disputed:"true"'), [disputed]);
  assert.deepEqual(await ids('disputed:"false"'), [full, partial, untouched].sort());
  await refused(stripe.charges.search({ query: 'disputed:"maybe"' }), '`disputed` accepts only the values "true" and "false".');
  await refused(stripe.charges.search({ query: 'refunded:"partially"' }), '`refunded` accepts only the values "true" and "false".');
});

test('charges: payment_method_details.card_present.* finds Terminal payments; interac_present fields are accepted', async () => {
  const k = tag();
  const location = await stripe.terminal.locations.create({
    display_name: 'Search shop', address: { line1: '1 Main Street', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' },
  });
  const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: location.id });
  const pi = await stripe.paymentIntents.create({ amount: 1_100, currency: 'usd', allowed_payment_method_types: ['card_present'], metadata: { k } } as Stripe.PaymentIntentCreateParams);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const charge = (await stripe.paymentIntents.retrieve(pi.id)).latest_charge as string;
  const ids = async (clause: string) => (await stripe.charges.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data.map((c) => c.id);
  assert.deepEqual(await ids('payment_method_details.card_present.last4:4242'), [charge]);
  assert.deepEqual(await ids('payment_method_details.card_present.brand:"visa"'), [charge]);
  assert.deepEqual(await ids('payment_method_details.card.last4:4242'), [], 'an in-person charge has no card details');
  assert.deepEqual(await ids('payment_method_details.interac_present.last4:4242'), []);
});

// ---------------------------------------------------------------------------------------------------------------
// Prices and products

test('prices: active, currency, type (token), lookup_key and product (string), metadata', async () => {
  const k = tag();
  const product = await stripe.products.create({ name: `Price host ${k}` });
  const other = await stripe.products.create({ name: `Other host ${k}` });
  const monthly = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: 'usd', recurring: { interval: 'month' }, lookup_key: `standard_monthly_${k}`, metadata: { k } });
  const once = await stripe.prices.create({ product: product.id, unit_amount: 5_000, currency: 'eur', metadata: { k } });
  const inactive = await stripe.prices.create({ product: other.id, unit_amount: 100, currency: 'usd', active: false, metadata: { k } });
  const ids = async (clause: string) => sorted((await stripe.prices.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data);
  assert.deepEqual(await ids('active:"true"'), sorted([monthly, once]));
  assert.deepEqual(await ids('active:"false"'), [inactive.id]);
  assert.deepEqual(await ids('currency:"eur"'), [once.id]);
  assert.deepEqual(await ids('type:"recurring"'), [monthly.id]);
  assert.deepEqual(await ids('type:"one_time"'), sorted([once, inactive]));
  assert.deepEqual(await ids(`lookup_key:"standard_monthly_${k}"`), [monthly.id]);
  assert.deepEqual(await ids('lookup_key~"monthly"'), [monthly.id]);
  assert.deepEqual(await ids('lookup_key:null'), sorted([once, inactive]));
  assert.deepEqual(await ids(`product:"${product.id}"`), sorted([monthly, once]));
  assert.deepEqual(await ids(`-product:"${product.id}"`), [inactive.id]);
  const expanded = await stripe.prices.search({ query: `metadata["k"]:"${k}" AND product:"${other.id}"`, expand: ['data.product'] });
  assert.equal((expanded.data[0].product as Stripe.Product).name, `Other host ${k}`);
});

test('products: active, shippable (token), name, description and url (string), metadata', async () => {
  const k = tag();
  const shirt = await stripe.products.create({ name: 'Dinosaur T-Shirt', description: 'Soft t-shirts for dinosaurs', url: 'https://shop.example/dinosaur_swag', shippable: true, metadata: { k } });
  const ebook = await stripe.products.create({ name: 'Dinosaur E-book', shippable: false, metadata: { k } });
  const old = await stripe.products.create({ name: 'Old poster', active: false, metadata: { k } });
  const ids = async (clause: string) => sorted((await stripe.products.search({ query: `metadata["k"]:"${k}" AND ${clause}` })).data);
  assert.deepEqual(await ids('active:"true"'), sorted([shirt, ebook]));
  assert.deepEqual(await ids('active:"FALSE"'), [old.id]);
  assert.deepEqual(await ids('shippable:"true"'), [shirt.id]);
  assert.deepEqual(await ids('name:"dinosaur"'), sorted([shirt, ebook]));
  assert.deepEqual(await ids('name~"saur"'), sorted([shirt, ebook]));
  assert.deepEqual(await ids('name:"t-shirt dinosaur"'), []);
  assert.deepEqual(await ids('description~"t-shirts"'), [shirt.id]);
  assert.deepEqual(await ids('description:null'), sorted([ebook, old]));
  assert.deepEqual(await ids('url~"/dinosaur_swag"'), [shirt.id]);
  assert.deepEqual(await ids('url:null'), sorted([ebook, old]));
});

// ---------------------------------------------------------------------------------------------------------------
// Pagination

test('limit (default 10, 1 to 100), page from next_page, newest first, and auto-pagination over every match', async () => {
  const k = tag();
  const made: string[] = [];
  for (let i = 0; i < 23; i++) made.push((await stripe.customers.create({ metadata: { k, i: String(i) } })).id);
  const newestFirst = [...made].reverse();
  const query = `metadata["k"]:"${k}"`;
  const first = await stripe.customers.search({ query });
  assert.equal(first.data.length, 10);
  assert.equal(first.has_more, true);
  assert.equal(typeof first.next_page, 'string');
  assert.deepEqual(first.data.map((c) => c.id), newestFirst.slice(0, 10));
  const second = await stripe.customers.search({ query, page: first.next_page! });
  assert.deepEqual(second.data.map((c) => c.id), newestFirst.slice(10, 20));
  const third = await stripe.customers.search({ query, page: second.next_page! });
  assert.deepEqual(third.data.map((c) => c.id), newestFirst.slice(20));
  assert.equal(third.has_more, false);
  assert.equal(third.next_page, null);

  const all: string[] = [];
  for await (const c of stripe.customers.search({ query, limit: 4 })) all.push(c.id);
  assert.deepEqual(all, newestFirst, 'for await walks every page once, in order');
  assert.deepEqual((await stripe.customers.search({ query, limit: 7 }).autoPagingToArray({ limit: 100 })).map((c) => c.id), newestFirst);
  const hundred = await stripe.customers.search({ query, limit: 100, expand: ['total_count'] });
  assert.equal(hundred.data.length, 23);
  assert.equal(hundred.total_count, 23);
  const paged = await stripe.customers.search({ query, limit: 5, page: first.next_page!, expand: ['total_count'] });
  assert.equal(paged.total_count, 23, 'total_count counts every match, whatever the page');

  await refused(stripe.customers.search({ query, limit: 0 }), 'This value must be greater than or equal to 1.', 'limit');
  await refused(stripe.customers.search({ query, limit: 101 }), 'This value must be less than or equal to 100.', 'limit');
  await refused(stripe.customers.search({ query, page: 'bogus' }), /^Invalid page/, 'page');
});

test('auto-pagination over payment_intents, charges, prices and products searches', async () => {
  const k = tag();
  const product = await stripe.products.create({ name: `Paged ${k}`, metadata: { k } });
  for (let i = 0; i < 3; i++) {
    await stripe.paymentIntents.create({ amount: 1_000 + i, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { k } });
    await stripe.prices.create({ product: product.id, unit_amount: 100 + i, currency: 'usd', metadata: { k } });
    await stripe.products.create({ name: `Paged ${k} ${i}`, metadata: { k } });
  }
  const query = `metadata["k"]:"${k}"`;
  const count = async <T>(list: AsyncIterable<T>) => {
    let n = 0;
    for await (const _ of list) n++;
    return n;
  };
  assert.equal(await count(stripe.paymentIntents.search({ query, limit: 2 })), 3);
  assert.equal(await count(stripe.charges.search({ query, limit: 2 })), 3);
  assert.equal(await count(stripe.prices.search({ query, limit: 2 })), 3);
  assert.equal(await count(stripe.products.search({ query, limit: 2 })), 4);
});

// ---------------------------------------------------------------------------------------------------------------
// Connect

test('Connect: a search sees only the objects of the account named by Stripe-Account', async () => {
  const k = tag();
  const acct = await onboardedAccount(stripe);
  const onAccount = { stripeAccount: acct };
  const mine = await stripe.customers.create({ metadata: { k } });
  const theirs = await stripe.customers.create({ metadata: { k } }, onAccount);
  const theirs2 = await stripe.customers.create({ metadata: { k } }, onAccount);
  const query = `metadata["k"]:"${k}"`;
  assert.deepEqual(sorted((await stripe.customers.search({ query })).data), [mine.id]);
  assert.deepEqual(sorted((await stripe.customers.search({ query }, onAccount)).data), sorted([theirs, theirs2]));
  const counted = await stripe.customers.search({ query, expand: ['total_count'] }, onAccount);
  assert.equal(counted.total_count, 2);
  const page = await stripe.customers.search({ query, limit: 1 }, onAccount);
  assert.equal(page.has_more, true);
  const next = await stripe.customers.search({ query, limit: 1, page: page.next_page! }, onAccount);
  assert.deepEqual(next.data.map((c) => c.id), [theirs.id]);
  const all: string[] = [];
  for await (const c of stripe.customers.search({ query, limit: 1 }, onAccount)) all.push(c.id);
  assert.deepEqual(all, [theirs2.id, theirs.id]);
  // A page of one account is no cursor on another.
  await refused(stripe.customers.search({ query, page: page.next_page! }), /^Invalid page/, 'page');
  const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { k } }, onAccount);
  assert.deepEqual((await stripe.paymentIntents.search({ query }, onAccount)).data.map((x) => x.id), [pi.id]);
  assert.deepEqual((await stripe.paymentIntents.search({ query })).data, []);
  assert.deepEqual((await stripe.charges.search({ query }, onAccount)).data.map((x) => x.id), [pi.latest_charge]);
});

// ---------------------------------------------------------------------------------------------------------------
// Errors

test('unparsable queries: Stripe\'s parse error', async () => {
  for (const query of [
    'asdf',
    'currency:usd', // string values must be quoted
    'email:"unterminated',
    'email:"a@b.c" AND', // dangling keyword
    'AND email:"a@b.c"',
    'email:"a@b.c"name:"x"', // clauses are separated by spaces
    '(email:"a@b.c" OR name:"x")', // no parentheses
    'metadata:"x"', // metadata needs a key
    'metadata[key]:"x"',
    'name["x"]:"y"',
    'email "a@b.c"',
    '- email:"a@b.c"',
    '   ',
  ]) {
    await refused(stripe.customers.search({ query }), PARSE);
  }
  const e = await refused(stripe.customers.search({ query: 'asdf' }), PARSE);
  assert.equal(
    e.message,
    'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.',
  );
  assert.equal(e.type, 'StripeInvalidRequestError');
  assert.equal(e.rawType, 'invalid_request_error');
});

test('AND and OR are mutually exclusive, and a query has at most 10 clauses', async () => {
  await refused(
    stripe.customers.search({ query: 'email:"a@b.c" AND name:"x" OR name:"y"' }),
    'We were unable to parse your search query. AND and OR operators are mutually exclusive: use only one of them in a query.',
  );
  await refused(stripe.customers.search({ query: 'email:"a@b.c" name:"x" OR name:"y"' }), /mutually exclusive/, 'query');
  const clause = (i: number) => `metadata["n"]:"${i}"`;
  const ten = Array.from({ length: 10 }, (_, i) => clause(i)).join(' OR ');
  assert.deepEqual((await stripe.customers.search({ query: ten })).object, 'search_result');
  await refused(
    stripe.customers.search({ query: `${ten} OR ${clause(10)}` }),
    'We were unable to parse your search query. A query can combine at most 10 clauses.',
  );
});

test('a field a resource does not support: "unsupported search field" with the docs link', async () => {
  const cases: [Promise<unknown>, string, string][] = [
    [stripe.customers.search({ query: 'description:"x"' }), 'description', 'customers'],
    [stripe.paymentIntents.search({ query: 'payment_method:"pm_x"' }), 'payment_method', 'payment_intents'],
    [stripe.charges.search({ query: 'payment_intent:"pi_x"' }), 'payment_intent', 'charges'],
    [stripe.charges.search({ query: 'payment_method_details.sepa_debit.last4:"3000"' }), 'payment_method_details.sepa_debit.last4', 'charges'],
    [stripe.prices.search({ query: 'foo:"bar"' }), 'foo', 'prices'],
    [stripe.products.search({ query: 'Name:"x"' }), 'Name', 'products'],
  ];
  for (const [call, field, resource] of cases) {
    await refused(
      call,
      `Field \`${field}\` is an unsupported search field for resource \`${resource}\`. See http://stripe.com/docs/search#query-fields-for-${resource.replace(/_/g, '-')} for a list of supported fields.`,
    );
  }
});

test('an operator the field type does not support, a short substring, null with a comparison, a non-numeric number', async () => {
  await refused(
    stripe.customers.search({ query: 'email>"a"' }),
    'The `>` operator is not supported on `email`, a string field, which supports `:` (exact match) and `~` (substring match).',
  );
  await refused(
    stripe.paymentIntents.search({ query: 'currency~"usd"' }),
    'The `~` operator is not supported on `currency`, a token field, which supports `:` (exact match).',
  );
  await refused(stripe.charges.search({ query: 'payment_method_details.card.exp_year>2030' }), /^The `>` operator is not supported on `payment_method_details\.card\.exp_year`, a token field/);
  await refused(stripe.customers.search({ query: 'metadata["k"]~"abc"' }), /^The `~` operator is not supported on `metadata\["k"\]`, a token field/);
  await refused(stripe.paymentIntents.search({ query: 'amount~"100"' }), /^The `~` operator is not supported on `amount`, a numeric field/);
  await refused(stripe.customers.search({ query: 'name~"am"' }), 'A substring search (`name~"..."`) needs a value of at least 3 characters.');
  await refused(stripe.customers.search({ query: 'created>null' }), /^`null` can only be used with the `:` operator/);
  await refused(stripe.paymentIntents.search({ query: 'amount>"lots"' }), 'The value of `amount` must be a number.');
});

test('search parameters: query is required; other list parameters are unknown', async () => {
  const missing = await refused(stripe.customers.search({} as Stripe.CustomerSearchParams), 'Missing required param: query.');
  assert.equal(missing.code, 'parameter_missing');
  const unknown = await stripeError(stripe.customers.search({ query: 'name:"x"', starting_after: 'cus_x' } as Stripe.CustomerSearchParams));
  assert.equal(unknown.message, 'Received unknown parameter: starting_after');
  assert.equal(unknown.code, 'parameter_unknown');
});

// ---------------------------------------------------------------------------------------------------------------
// The parser on its own (sim/core/search.ts, no HTTP)

test('the parser: clauses, negation, metadata keys, quotes and escapes, bare numbers and null, the connective', () => {
  assert.deepEqual(parseSearchQuery(`-metadata['a "b']:"x \\"y\\"" or amount>=10 OR email:NuLL`), {
    joiner: 'OR',
    clauses: [
      { negate: true, field: 'metadata', metadataKey: 'a "b', op: ':', value: 'x "y"', quoted: true },
      { negate: false, field: 'amount', metadataKey: null, op: '>=', value: '10', quoted: false },
      { negate: false, field: 'email', metadataKey: null, op: ':', value: null, quoted: false },
    ],
  });
  assert.equal(parseSearchQuery('a:"1"  b:"2"\tand c:"3"').joiner, 'AND');
  assert.deepEqual(parseSearchQuery('payment_method_details.card.last4:4242').clauses[0].field, 'payment_method_details.card.last4');
});

test('words as a string field matches them: letters, digits and _ joined across dots and apostrophes', () => {
  assert.deepEqual(searchWords('Amy.Pond@Rocket-Rides.io'), ['amy.pond', 'rocket', 'rides.io']);
  assert.deepEqual(searchWords("O'Brien  prod_ABC +1 555"), ["o'brien", 'prod_abc', '1', '555']);
});

// Customer balance transactions and customer tax IDs through the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

const invalid = (code: string | undefined, param?: string, message?: RegExp) => (e: Stripe.errors.StripeError) => {
  assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError, String(e));
  assert.equal(e.code, code);
  if (param) assert.equal(e.param, param);
  if (message) assert.match(e.message, message);
  return true;
};

async function eventsOf(type: string, objectId: string) {
  const list = await stripe.events.list({ type, limit: 100 });
  return list.data.filter((e) => (e.data.object as { id: string }).id === objectId);
}

test('balance transactions move the customer balance, set its currency, and refuse another currency', async () => {
  const c = await stripe.customers.create({ email: 'bal@example.com' });
  assert.equal(c.currency, null);
  const credit = await stripe.customers.createBalanceTransaction(c.id, { amount: -500, currency: 'usd', description: 'Goodwill', metadata: { ticket: '42' } });
  assert.match(credit.id, /^cbtxn_/);
  assert.equal(credit.object, 'customer_balance_transaction');
  assert.equal(credit.amount, -500);
  assert.equal(credit.ending_balance, -500);
  assert.equal(credit.type, 'adjustment');
  assert.equal(credit.customer, c.id);
  assert.equal(credit.description, 'Goodwill');
  assert.deepEqual(credit.metadata, { ticket: '42' });
  const debit = await stripe.customers.createBalanceTransaction(c.id, { amount: 200, currency: 'usd' });
  assert.equal(debit.ending_balance, -300);
  const after1 = await stripe.customers.retrieve(c.id) as Stripe.Customer;
  assert.equal(after1.balance, -300);
  assert.equal(after1.currency, 'usd');
  const updates = await eventsOf('customer.updated', c.id);
  assert.equal(updates.length, 2);
  assert.deepEqual(updates[1].data.previous_attributes, { balance: 0, currency: null });
  assert.deepEqual(updates[0].data.previous_attributes, { balance: -500 });

  await assert.rejects(stripe.customers.createBalanceTransaction(c.id, { amount: 100, currency: 'eur' }), invalid(undefined, 'currency', /Can't combine currencies on a single customer.*usd/));
  await assert.rejects(stripe.customers.createBalanceTransaction(c.id, { amount: 100, currency: 'zzz' }), invalid(undefined, 'currency', /Invalid currency/));
  await assert.rejects(stripe.customers.createBalanceTransaction(c.id, { currency: 'usd' } as Stripe.CustomerCreateBalanceTransactionParams), invalid('parameter_missing', 'amount'));
  assert.equal(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).balance, -300);

  const list = await stripe.customers.listBalanceTransactions(c.id);
  assert.deepEqual(list.data.map((t) => t.id), [debit.id, credit.id]);
  assert.equal(list.url, `/v1/customers/${c.id}/balance_transactions`);
  const got = await stripe.customers.retrieveBalanceTransaction(c.id, credit.id, { expand: ['customer'] });
  assert.equal((got.customer as Stripe.Customer).id, c.id);

  const updated = await stripe.customers.updateBalanceTransaction(c.id, credit.id, { description: 'Sorry', metadata: { ticket: '', by: 'ops' } });
  assert.equal(updated.description, 'Sorry');
  assert.deepEqual(updated.metadata, { by: 'ops' });
  assert.equal(updated.amount, -500);
  await assert.rejects(
    stripe.customers.updateBalanceTransaction(c.id, credit.id, { amount: 5 } as Stripe.CustomerUpdateBalanceTransactionParams),
    invalid('parameter_unknown', 'amount'),
  );

  const other = await stripe.customers.create({});
  await assert.rejects(stripe.customers.retrieveBalanceTransaction(other.id, credit.id), (e: Stripe.errors.StripeError) =>
    e.statusCode === 404 && e.code === 'resource_missing' && e.message === `No such customer balance transaction: '${credit.id}'`);
  await assert.rejects(stripe.customers.createBalanceTransaction('cus_missing', { amount: 1, currency: 'usd' }), (e: Stripe.errors.StripeError) =>
    e.statusCode === 404 && e.message === "No such customer: 'cus_missing'");
});

test('tax IDs: create with verification, validation errors, list, retrieve, delete, expansion and events', async () => {
  const c = await stripe.customers.create({ name: 'Acme GmbH' });
  const de = await stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE123456789' });
  assert.match(de.id, /^txi_/);
  assert.equal(de.object, 'tax_id');
  assert.equal(de.country, 'DE');
  assert.equal(de.customer, c.id);
  assert.deepEqual(de.owner, { customer: c.id, customer_account: null, type: 'customer' });
  assert.deepEqual(de.verification, { status: 'pending', verified_address: null, verified_name: null });
  const ein = await stripe.customers.createTaxId(c.id, { type: 'us_ein', value: '12-3456789' });
  assert.equal(ein.country, 'US');
  assert.equal(ein.verification?.status, 'unavailable');

  for (const [type, value] of [['eu_vat', 'DE12345'], ['eu_vat', 'ZZ123456789'], ['gb_vat', '123456789'], ['us_ein', '12-345'], ['au_abn', '1234'], ['ca_bn', 'abc']] as const) {
    await assert.rejects(stripe.customers.createTaxId(c.id, { type, value }), invalid('tax_id_invalid', 'value', new RegExp(`^Invalid value for ${type}\\.$`)));
  }
  await assert.rejects(stripe.customers.createTaxId(c.id, { type: 'xx_nope', value: '1' }), invalid(undefined, 'type', /^Invalid type: must be one of ad_nrt, /));

  // Test values: 000000000 verifies, 111111111 fails, 111111112 is unavailable, applied on the next read.
  const ok = await stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE000000000' });
  const bad = await stripe.customers.createTaxId(c.id, { type: 'gb_vat', value: 'GB111111111' });
  const na = await stripe.customers.createTaxId(c.id, { type: 'au_abn', value: '11111111200' });
  assert.equal(ok.verification?.status, 'pending');
  assert.equal((await stripe.customers.retrieveTaxId(c.id, ok.id)).verification?.status, 'verified');
  assert.equal((await stripe.customers.retrieveTaxId(c.id, bad.id)).verification?.status, 'unverified');
  assert.equal((await stripe.customers.retrieveTaxId(c.id, na.id)).verification?.status, 'unavailable');
  assert.equal((await stripe.customers.retrieveTaxId(c.id, de.id)).verification?.status, 'pending');
  const upd = await eventsOf('customer.tax_id.updated', bad.id);
  assert.equal(upd.length, 1);
  assert.deepEqual(upd[0].data.previous_attributes, { verification: { status: 'pending', verified_address: null, verified_name: null } });

  const list = await stripe.customers.listTaxIds(c.id, { limit: 2 });
  assert.equal(list.data.length, 2);
  assert.equal(list.has_more, true);
  assert.equal(list.data[0].id, na.id);
  const expanded = await stripe.customers.retrieve(c.id, { expand: ['tax_ids'] }) as Stripe.Customer;
  assert.deepEqual(expanded.tax_ids?.data.map((t) => t.id), [na.id, bad.id, ok.id, ein.id, de.id]);

  const gone = await stripe.customers.deleteTaxId(c.id, ein.id);
  assert.deepEqual(gone, { ...gone, id: ein.id, object: 'tax_id', deleted: true });
  await assert.rejects(stripe.customers.retrieveTaxId(c.id, ein.id), (e: Stripe.errors.StripeError) => e.statusCode === 404 && e.code === 'resource_missing');
  assert.equal((await eventsOf('customer.tax_id.created', de.id)).length, 1);
  assert.equal((await eventsOf('customer.tax_id.deleted', ein.id)).length, 1);

  const other = await stripe.customers.create({});
  await assert.rejects(stripe.customers.retrieveTaxId(other.id, de.id), (e: Stripe.errors.StripeError) => e.statusCode === 404);

  await stripe.customers.del(c.id);
  await assert.rejects(stripe.customers.listTaxIds(c.id), (e: Stripe.errors.StripeError) => e.statusCode === 404);
  const leftover = await sim.request('GET', `/v1/customers/${other.id}/tax_ids`);
  assert.equal(((await leftover.json()) as { data: unknown[] }).data.length, 0);
});

test('customers.create with tax_id_data creates the tax IDs; an invalid one refuses the whole customer', async () => {
  const c = await stripe.customers.create({ email: 'vat@example.com', tax_id_data: [{ type: 'gb_vat', value: 'GB123456789' }], expand: ['tax_ids'] });
  assert.equal(c.tax_ids?.data.length, 1);
  assert.equal(c.tax_ids?.data[0].type, 'gb_vat');
  assert.equal(c.tax_ids?.data[0].country, 'GB');
  const before = (await stripe.customers.list({ email: 'bad-vat@example.com' })).data.length;
  await assert.rejects(
    stripe.customers.create({ email: 'bad-vat@example.com', tax_id_data: [{ type: 'eu_vat', value: 'DE1' }] }),
    invalid('tax_id_invalid', 'tax_id_data[0][value]', /^Invalid value for eu_vat\.$/),
  );
  assert.equal((await stripe.customers.list({ email: 'bad-vat@example.com' })).data.length, before);
});

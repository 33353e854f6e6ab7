// Conformance of Charges with Stripe's API reference: list filters (customer, payment_intent, transfer_group,
// created), the fields a charge carries per test card (outcome, payment_method_details.card), update.
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

const pay = (extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...extra });

test('charges list filters by transfer_group (a documented list parameter)', async () => {
  const a = await pay({ transfer_group: 'ORDER_A' });
  await pay({ transfer_group: 'ORDER_B' });
  await pay();
  const only = await stripe.charges.list({ transfer_group: 'ORDER_A' });
  assert.deepEqual(only.data.map((c) => c.id), [a.latest_charge]);
  assert.equal(only.data[0].transfer_group, 'ORDER_A');
  assert.equal((await stripe.charges.list({ transfer_group: 'NONE' })).data.length, 0);
});

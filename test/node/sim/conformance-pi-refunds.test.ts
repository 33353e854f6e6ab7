// Conformance of Refunds with Stripe's docs: events as the current API versions emit them (refund.created,
// refund.updated and charge.refund.updated for charge refunds since 2024-10-28.acacia), errors as Stripe words them.
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

async function eventTypesFor(id: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data.filter((e) => (e.data.object as { id?: string }).id === id).map((e) => e.type).reverse();
}

test('a refund emits refund.created; updating its metadata emits charge.refund.updated and refund.updated', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
  assert.deepEqual(await eventTypesFor(refund.id), ['refund.created']);
  const updated = await stripe.refunds.update(refund.id, { metadata: { reason_detail: 'damaged' } });
  assert.equal(updated.metadata?.reason_detail, 'damaged');
  assert.deepEqual(await eventTypesFor(refund.id), ['refund.created', 'charge.refund.updated', 'refund.updated']);
  const events = await stripe.events.list({ type: 'refund.updated', limit: 1 });
  assert.deepEqual(events.data[0].data.previous_attributes, { metadata: { reason_detail: null } });
});

// Conformance of events and webhook deliveries with Stripe's docs, through the official `stripe` SDK and a real
// local HTTP receiver that verifies every delivery with stripe.webhooks.constructEvent: the set and order of event
// types per flow, the Event object's fields (snapshots, previous_attributes, request, pending_webhooks), and
// deliveries (filtering, versions, retries, delivery_success).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startReceiver, startTestSim, type TestSim } from '../helpers/sim.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const flush = (t: TestSim) => t.control('POST', '/_sim/webhooks/flush');
const idOf = (e: Stripe.Event) => (e.data.object as { id?: string }).id;

/** Every event delivered to `rx`, verified with the endpoint's secret, in the order the simulator recorded them. */
function verified(t: TestSim, rx: Receiver, secret: string): Stripe.Event[] {
  return rx.received.map((r) => t.stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'], secret));
}

describe('events per flow, as delivered to a signed endpoint', () => {
  let t: TestSim;
  let rx: Receiver;
  let secret: string;
  let seen = new Set<string>();

  before(async () => {
    t = await startTestSim();
    rx = await startReceiver(200);
    secret = (await t.stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['*'] })).secret!;
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  /** Events created since the last call, oldest first; each one was also delivered and verified. */
  async function fresh(): Promise<Stripe.Event[]> {
    await flush(t);
    const all: Stripe.Event[] = [];
    for await (const e of t.stripe.events.list({ limit: 100 })) all.push(e);
    const out = all.reverse().filter((e) => !seen.has(e.id));
    for (const e of out) seen.add(e.id);
    const delivered = new Map(verified(t, rx, secret).map((e) => [e.id, e]));
    for (const e of out) {
      const d = delivered.get(e.id);
      assert.ok(d, `${e.type} ${e.id} was delivered`);
      assert.deepEqual(d, { ...e, pending_webhooks: d.pending_webhooks }, `${e.type}: the delivery carries the event as stored`);
    }
    return out;
  }
  const types = (evs: Stripe.Event[]) => evs.map((e) => e.type);

  test('a PaymentIntent created, then confirmed: payment_intent.created; charge.succeeded, payment_intent.succeeded', async () => {
    seen = new Set((await fresh()).map((e) => e.id));
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, { idempotencyKey: 'conf-ev-create' });
    const created = await fresh();
    assert.deepEqual(types(created), ['payment_intent.created']);
    const [ev] = created;
    assert.equal(ev.object, 'event');
    assert.match(ev.id, /^evt_/);
    assert.equal(ev.api_version, '2026-10-28.endive');
    assert.equal(ev.livemode, false);
    assert.ok(Math.abs(ev.created - Math.floor(Date.now() / 1000)) < 60);
    assert.equal(ev.data.previous_attributes, undefined);
    assert.deepEqual(ev.request, { id: ev.request?.id, idempotency_key: 'conf-ev-create' });
    assert.match(ev.request?.id ?? '', /^req_/);
    assert.equal(idOf(ev), pi.id);
    assert.equal((ev.data.object as Stripe.PaymentIntent).status, 'requires_payment_method');

    const done = await t.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const confirmed = await fresh();
    assert.deepEqual(types(confirmed), ['charge.succeeded', 'payment_intent.succeeded']);
    const charge = confirmed[0].data.object as Stripe.Charge;
    assert.equal(charge.id, done.latest_charge);
    assert.equal(charge.payment_intent, pi.id);
    assert.equal((confirmed[1].data.object as Stripe.PaymentIntent).status, 'succeeded');
    // the snapshot taken at creation is unchanged by the later confirmation
    assert.equal(((await t.stripe.events.retrieve(ev.id)).data.object as Stripe.PaymentIntent).status, 'requires_payment_method');
  });
});

describe('pending_webhooks and delivery_success', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ settings: { webhookRetrySchedule: [5] } });
  });
  after(() => t.close());

  test('pending_webhooks counts the enabled endpoints subscribed to the type, and drops only on a 2xx', async () => {
    const ok = await startReceiver(200);
    const down = await startReceiver(500);
    const other = await startReceiver(200);
    const disabled = await startReceiver(200);
    try {
      const okEp = await t.stripe.webhookEndpoints.create({ url: ok.url, enabled_events: ['*'] });
      const downEp = await t.stripe.webhookEndpoints.create({ url: down.url, enabled_events: ['customer.created', 'customer.updated'] });
      await t.stripe.webhookEndpoints.create({ url: other.url, enabled_events: ['product.created'] });
      const off = await t.stripe.webhookEndpoints.create({ url: disabled.url, enabled_events: ['*'] });
      await t.stripe.webhookEndpoints.update(off.id, { disabled: true });

      const c = await t.stripe.customers.create({ name: 'Counted' });
      const [ev] = (await t.stripe.events.list({ type: 'customer.created', limit: 1 })).data;
      assert.equal(idOf(ev), c.id);
      assert.equal(ev.pending_webhooks, 2, 'the * endpoint and the customer.* one; not the product one, not the disabled one');

      await flush(t);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 1, 'the 200 endpoint is done; the 500 one is not');
      assert.equal(other.received.length, 0);
      assert.equal(disabled.received.length, 0);
      const okEvent = t.stripe.webhooks.constructEvent(ok.received[0].body, ok.received[0].headers['stripe-signature'], okEp.secret!);
      assert.equal(okEvent.id, ev.id);
      t.stripe.webhooks.constructEvent(down.received[0].body, down.received[0].headers['stripe-signature'], downEp.secret!);

      // the only retry fails too: the delivery gives up, and the event still counts it as not delivered
      await t.control('POST', '/_sim/clock/advance', { seconds: 5 });
      await flush(t);
      assert.equal(down.received.length, 2);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 1);
      const failed = await t.stripe.events.list({ delivery_success: false, limit: 100 });
      assert.ok(failed.data.some((e) => e.id === ev.id), 'delivery_success=false lists events that failed all attempts');
      const succeeded = await t.stripe.events.list({ delivery_success: true, limit: 100 });
      assert.ok(!succeeded.data.some((e) => e.id === ev.id));

      // retried by hand once the receiver is back: now delivered everywhere
      down.status = 200;
      const [d] = ((await t.control('GET', `/_sim/deliveries?event=${ev.id}&status=failed`)) as { data: { id: string }[] }).data;
      await t.control('POST', `/_sim/deliveries/${d.id}/retry`);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 0);
      assert.ok((await t.stripe.events.list({ delivery_success: true, limit: 100 })).data.some((e) => e.id === ev.id));
    } finally {
      for (const r of [ok, down, other, disabled]) await r.close();
    }
  });
});

// Webhook endpoints, signed deliveries that stripe.webhooks.constructEvent accepts, retries on the compressed
// schedule driven by the simulator clock, attempts recorded, deliveries surviving a restart; events list/retrieve.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startReceiver, startTestSim, type TestSim } from '../helpers/sim.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
interface DeliveryJson {
  id: string;
  status: string;
  event: string;
  attempts: { status: number | null; error: string | null; response: string | null; duration_ms: number }[];
  next_attempt_at: number | null;
}

const flush = (t: TestSim) => t.control('POST', '/_sim/webhooks/flush');
const deliveries = async (t: TestSim, q = '') => ((await t.control('GET', `/_sim/deliveries${q}`)) as { data: DeliveryJson[] }).data;

describe('webhook endpoints', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim();
  });
  after(() => t.close());

  test('create returns the whsec_ secret; retrieve and list never show it', async () => {
    const ep = await t.stripe.webhookEndpoints.create({ url: 'https://shop.example/hook', enabled_events: ['payment_intent.succeeded'] });
    assert.match(ep.id, /^we_/);
    assert.match(ep.secret ?? '', /^whsec_[A-Za-z0-9]{32}$/);
    assert.equal(ep.status, 'enabled');
    assert.equal(ep.api_version, null);
    const got = await t.stripe.webhookEndpoints.retrieve(ep.id);
    assert.equal(got.secret, undefined);
    const list = await t.stripe.webhookEndpoints.list();
    assert.ok(list.data.every((e) => e.secret === undefined));
  });

  test('enabled_events must be known event types or *', async () => {
    await assert.rejects(t.stripe.webhookEndpoints.create({ url: 'https://x.example/h', enabled_events: ['not.an.event' as '*'] }), (e: Stripe.errors.StripeError) => e.param === 'enabled_events[0]');
    await assert.rejects(t.stripe.webhookEndpoints.create({ url: 'ftp://x.example/h', enabled_events: ['*'] }), (e: Stripe.errors.StripeError) => e.param === 'url');
    await assert.rejects(t.stripe.webhookEndpoints.create({ url: 'https://x.example/h' } as Stripe.WebhookEndpointCreateParams), /Missing required param: enabled_events/);
  });

  test('update disables and changes events; delete removes', async () => {
    const ep = await t.stripe.webhookEndpoints.create({ url: 'https://shop.example/h2', enabled_events: ['*'], metadata: { a: '1' } });
    const u = await t.stripe.webhookEndpoints.update(ep.id, { disabled: true, enabled_events: ['customer.created'], description: 'ops' });
    assert.equal(u.status, 'disabled');
    assert.deepEqual(u.enabled_events, ['customer.created']);
    assert.equal(u.description, 'ops');
    const d = await t.stripe.webhookEndpoints.del(ep.id);
    assert.equal(d.deleted, true);
    await assert.rejects(t.stripe.webhookEndpoints.retrieve(ep.id), /No such webhook_endpoint/);
  });
});

describe('deliveries', () => {
  let t: TestSim;
  let rx: Receiver;
  let secret: string;
  before(async () => {
    t = await startTestSim();
    await t.control('POST', '/_sim/settings', { webhook_retry_schedule: [10, 20, 40] });
  });
  after(() => t.close());
  afterEach(async () => {
    for (const ep of (await t.stripe.webhookEndpoints.list({ limit: 100 })).data) await t.stripe.webhookEndpoints.del(ep.id);
    await rx?.close();
  });

  async function endpoint(events: Stripe.WebhookEndpointCreateParams.EnabledEvent[] = ['*'], status = 200, extra: Partial<Stripe.WebhookEndpointCreateParams> = {}) {
    rx = await startReceiver(status);
    const ep = await t.stripe.webhookEndpoints.create({ url: rx.url, enabled_events: events, ...extra });
    secret = ep.secret!;
    return ep;
  }

  test('an event is POSTed as JSON with a Stripe-Signature that constructEvent accepts', async () => {
    await endpoint(['customer.created']);
    const c = await t.stripe.customers.create({ email: 'hook@example.com' });
    await flush(t);
    assert.equal(rx.received.length, 1);
    const { headers, body } = rx.received[0];
    assert.match(headers['content-type'], /application\/json/);
    assert.match(headers['stripe-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
    const event = t.stripe.webhooks.constructEvent(body, headers['stripe-signature'], secret);
    assert.equal(event.type, 'customer.created');
    assert.equal((event.data.object as Stripe.Customer).id, c.id);
    assert.equal(event.livemode, false);
    assert.equal(event.api_version, '2026-10-28.endive');
    assert.match(event.request?.id ?? '', /^req_/);
    assert.throws(() => t.stripe.webhooks.constructEvent(body, headers['stripe-signature'], 'whsec_wrong'));
    const stored = await t.stripe.events.retrieve(event.id);
    assert.equal(stored.pending_webhooks, 0);
  });

  test('only subscribed event types are delivered; * means all', async () => {
    await endpoint(['product.created']);
    await t.stripe.customers.create({});
    await t.stripe.products.create({ name: 'Hooked' });
    await flush(t);
    assert.deepEqual(rx.received.map((r) => (JSON.parse(r.body) as { type: string }).type), ['product.created']);
  });

  test('a failing receiver is retried with backoff on the simulator clock until it answers 2xx', async () => {
    await endpoint(['customer.created'], 500);
    await t.stripe.customers.create({ name: 'retry me' });
    await flush(t);
    let [d] = await deliveries(t, '?status=pending');
    assert.equal(d.attempts.length, 1);
    assert.equal(d.attempts[0].status, 500);
    assert.equal(d.attempts[0].response, 'down');
    const ev = await t.stripe.events.retrieve(d.event);
    assert.equal(ev.pending_webhooks, 1);
    // still down at the first retry
    await t.control('POST', '/_sim/clock/advance', { seconds: 10 });
    await flush(t);
    [d] = await deliveries(t, `?event=${d.event}`);
    assert.equal(d.attempts.length, 2);
    // the receiver comes back; the next retry (20 s later) succeeds
    rx.status = 200;
    await t.control('POST', '/_sim/clock/advance', { seconds: 19 });
    await flush(t);
    assert.equal((await deliveries(t, `?event=${d.event}`))[0].attempts.length, 2, 'not retried before its time');
    await t.control('POST', '/_sim/clock/advance', { seconds: 1 });
    await flush(t);
    [d] = await deliveries(t, `?event=${d.event}`);
    assert.equal(d.status, 'succeeded');
    assert.deepEqual(d.attempts.map((a) => a.status), [500, 500, 200]);
    assert.equal(rx.received.length, 3);
    const ids = new Set(rx.received.map((r) => (JSON.parse(r.body) as { id: string }).id));
    assert.equal(ids.size, 1, 'every attempt carries the same event');
    for (const r of rx.received) t.stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'], secret);
    assert.equal((await t.stripe.events.retrieve(d.event)).pending_webhooks, 0);
  });

  test('an unreachable endpoint records the network error and gives up after the schedule', async () => {
    await endpoint(['customer.created']);
    await rx.close();
    await t.stripe.customers.create({ name: 'nobody home' });
    await flush(t);
    for (const s of [10, 20, 40]) {
      await t.control('POST', '/_sim/clock/advance', { seconds: s });
      await flush(t);
    }
    const [d] = await deliveries(t);
    assert.equal(d.status, 'failed');
    assert.equal(d.attempts.length, 4);
    assert.ok(d.attempts.every((a) => a.status === null && a.error));
    assert.equal(d.next_attempt_at, null);
    // pending_webhooks counts endpoints not yet successfully delivered to: a delivery that gave up stays counted
    assert.equal((await t.stripe.events.retrieve(d.event)).pending_webhooks, 1);
    const undelivered = await t.stripe.events.list({ delivery_success: false, limit: 100 });
    assert.ok(undelivered.data.some((e) => e.id === d.event));
  });

  test('retry now makes one attempt immediately', async () => {
    await endpoint(['customer.created'], 503);
    await t.stripe.customers.create({});
    await flush(t);
    const [d] = await deliveries(t, '?status=pending');
    rx.status = 200;
    const after = (await t.control('POST', `/_sim/deliveries/${d.id}/retry`)) as unknown as DeliveryJson;
    assert.equal(after.status, 'succeeded');
    assert.deepEqual(after.attempts.map((a) => a.status), [503, 200]);
  });

  test('an endpoint pinned to dahlia receives dahlia payloads', async () => {
    await endpoint(['customer.created'], 200, { api_version: '2026-03-25.dahlia' });
    await t.stripe.customers.create({});
    await flush(t);
    const ev = JSON.parse(rx.received[0].body) as { api_version: string };
    assert.equal(ev.api_version, '2026-03-25.dahlia');
  });

  test('a disabled endpoint receives nothing', async () => {
    const ep = await endpoint(['customer.created']);
    await t.stripe.webhookEndpoints.update(ep.id, { disabled: true });
    await t.stripe.customers.create({});
    await flush(t);
    assert.equal(rx.received.length, 0);
  });
});

test('pending deliveries survive a restart on the same database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wh-'));
  const db = join(dir, 'sim.sqlite');
  const rx = await startReceiver(500);
  try {
    let t = await startTestSim({ db, settings: { webhookRetrySchedule: [30] } });
    const ep = await t.stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });
    await t.stripe.customers.create({ name: 'persisted' });
    await flush(t);
    assert.equal(rx.received.length, 1);
    await t.close();
    rx.status = 200;
    t = await startTestSim({ db });
    await t.control('POST', '/_sim/clock/advance', { seconds: 30 });
    await flush(t);
    assert.equal(rx.received.length, 2);
    t.stripe.webhooks.constructEvent(rx.received[1].body, rx.received[1].headers['stripe-signature'], ep.secret!);
    await t.close();
  } finally {
    await rx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('events', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim();
  });
  after(() => t.close());

  test('list filters by type, types[] and wildcard, retrieve by id', async () => {
    const c = await t.stripe.customers.create({});
    await t.stripe.customers.update(c.id, { name: 'n' });
    await t.stripe.products.create({ name: 'p' });
    const created = await t.stripe.events.list({ type: 'customer.created' });
    assert.ok(created.data.length >= 1 && created.data.every((e) => e.type === 'customer.created'));
    const both = await t.stripe.events.list({ types: ['customer.updated', 'product.created'] });
    assert.deepEqual(both.data.map((e) => e.type).sort(), ['customer.updated', 'product.created']);
    const wild = await t.stripe.events.list({ type: 'customer.*' });
    assert.deepEqual(wild.data.map((e) => e.type), ['customer.updated', 'customer.created']);
    const one = await t.stripe.events.retrieve(created.data[0].id);
    assert.equal(one.object, 'event');
    assert.equal(one.request?.idempotency_key?.startsWith('stripe-node-retry-'), true);
    await assert.rejects(t.stripe.events.retrieve('evt_nope'), /No such event: 'evt_nope'/);
  });

  test('an event caused by an API request names it; one the simulator raised on its own has request.id null', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: 'events-request-1' });
    const [own] = (await t.stripe.events.list({ type: 'payment_intent.amount_capturable_updated', limit: 1 })).data;
    assert.equal((own.data.object as { id: string }).id, pi.id);
    assert.match(own.request?.id ?? '', /^req_/);
    assert.equal(own.request?.idempotency_key, 'events-request-1');
    await t.control('POST', '/_sim/clock/advance', { seconds: 8 * 24 * 3600 }); // the authorisation expires
    const [expired] = (await t.stripe.events.list({ type: 'payment_intent.canceled', limit: 1 })).data;
    assert.equal((expired.data.object as { id: string }).id, pi.id);
    assert.deepEqual(expired.request, { id: null, idempotency_key: null });
  });

  test('events older than 30 days are gone', async () => {
    const c = await t.stripe.customers.create({});
    const [ev] = (await t.stripe.events.list({ type: 'customer.created', limit: 1 })).data;
    assert.equal((ev.data.object as { id: string }).id, c.id);
    await t.control('POST', '/_sim/clock/advance', { seconds: 31 * 24 * 3600 });
    await assert.rejects(t.stripe.events.retrieve(ev.id), /No such event/);
    assert.equal((await t.stripe.events.list()).data.length, 0);
  });
});

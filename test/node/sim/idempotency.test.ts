// Idempotency-Key on POST: replay, mismatch, in-flight conflict, races, what is stored, 24 h window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createSimulator } from '../../../sim/core/app.ts';
import { MemoryStore } from '../../../sim/core/store-memory.ts';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim({ store: 'sqlite' });

const form = (body: string, key: string, extra: Record<string, string> = {}) => ({ body, headers: { 'Idempotency-Key': key, ...extra } });

test('the same key and params replay the first response with Idempotent-Replayed: true', async () => {
  const first = await t.request('POST', '/v1/customers', form('email=one@example.com', 'key-replay'));
  const firstBody = await first.text();
  const second = await t.request('POST', '/v1/customers', form('email=one@example.com', 'key-replay'));
  assert.equal(second.status, 200);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  assert.equal(first.headers.get('idempotent-replayed'), null);
  assert.equal(await second.text(), firstBody);
  assert.equal(second.headers.get('original-request'), first.headers.get('request-id'));
});

test('the SDK sees the same object twice and only one exists', async () => {
  const a = await t.stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'sdk-key-1' });
  const b = await t.stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'sdk-key-1' });
  assert.equal(a.id, b.id);
  const list = await t.stripe.customers.list({ email: 'sdk@example.com' });
  assert.equal(list.data.length, 1);
});

test('the same key with other params is a 400 idempotency_error (StripeIdempotencyError)', async () => {
  await t.stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-mismatch' });
  await assert.rejects(t.stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'key-mismatch' }), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(e.statusCode, 400);
    assert.equal(
      e.message,
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-mismatch' if you meant to execute a different request.",
    );
    return true;
  });
});

test('the same key on another endpoint is an idempotency_error', async () => {
  await t.stripe.customers.create({}, { idempotencyKey: 'key-endpoint' });
  await assert.rejects(t.stripe.products.create({ name: 'x' }, { idempotencyKey: 'key-endpoint' }), Stripe.errors.StripeIdempotencyError);
});

test('keys are scoped per account', async () => {
  const r1 = await t.request('POST', '/v1/customers', form('name=a', 'key-scope'));
  assert.equal(r1.status, 200);
  // The same key with other params on the platform is a mismatch; scoping is covered by the store contract.
  const r2 = await t.request('POST', '/v1/customers', form('name=b', 'key-scope'));
  assert.equal(r2.status, 400);
});

test('requests rejected by validation store nothing: the key can then be used with valid params', async () => {
  const bad = await t.request('POST', '/v1/customers', form('balance=abc', 'key-validation'));
  assert.equal(bad.status, 400);
  const good = await t.request('POST', '/v1/customers', form('balance=5', 'key-validation'));
  assert.equal(good.status, 200);
  assert.equal(good.headers.get('idempotent-replayed'), null);
});

test('keys longer than 255 characters are rejected', async () => {
  const res = await t.request('POST', '/v1/customers', form('', 'k'.repeat(256)));
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, /^Idempotent key length is 256 characters long, which is outside accepted lengths\. Idempotent Keys must be 1-255 characters long\./);
  const ok = await t.request('POST', '/v1/customers', form('', 'k'.repeat(255)));
  assert.equal(ok.status, 200);
});

test('50 concurrent creates with one key make exactly one object', async () => {
  const key = 'race-key';
  const results = await Promise.all(Array.from({ length: 50 }, () => t.request('POST', '/v1/customers', form('email=race@example.com', key)).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } }))));
  const ids = new Set(results.filter((r) => r.status === 200).map((r) => r.body.id));
  assert.equal(ids.size, 1);
  for (const r of results) assert.ok(r.status === 200 || r.status === 409, `unexpected ${r.status}`);
  const list = await t.stripe.customers.list({ email: 'race@example.com', limit: 100 });
  assert.equal(list.data.length, 1);
});

test('the same key while the first request is in flight is a 409 idempotency_key_in_use', async () => {
  await t.control('POST', '/_sim/settings', { latency_ms: 150 });
  try {
    const key = 'inflight-key';
    const [a, b] = await Promise.all([
      t.request('POST', '/v1/customers', form('email=slow@example.com', key)),
      new Promise((r) => setTimeout(r, 30)).then(() => t.request('POST', '/v1/customers', form('email=slow@example.com', key))),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 409);
    const { error } = (await b.json()) as { error: Record<string, string> };
    assert.equal(error.code, 'idempotency_key_in_use');
    assert.match(error.message, /another in-progress request using this Idempotent Key/);
    assert.equal(b.headers.get('stripe-should-retry'), 'true');
    const again = await t.request('POST', '/v1/customers', form('email=slow@example.com', key));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const racers = await Promise.all(Array.from({ length: 50 }, () => t.request('POST', '/v1/customers', form('email=slowrace@example.com', 'slow-race')).then((r) => r.status)));
    assert.equal(racers.filter((s) => s === 200).length, 1);
    assert.equal(racers.filter((s) => s === 409).length, 49);
    assert.equal((await t.stripe.customers.list({ email: 'slowrace@example.com' })).data.length, 1);
  } finally {
    await t.control('POST', '/_sim/settings', { latency_ms: 0 });
  }
});

test('keys expire after 24 hours of simulator time', async () => {
  await t.stripe.customers.create({ name: 'day one' }, { idempotencyKey: 'key-expiry' });
  await t.control('POST', '/_sim/clock/advance', { seconds: 24 * 3600 + 1 });
  const c = await t.stripe.customers.create({ name: 'day two' }, { idempotencyKey: 'key-expiry' });
  assert.equal(c.name, 'day two');
});

test('GET requests ignore Idempotency-Key', async () => {
  const res = await t.request('GET', '/v1/customers', { headers: { 'Idempotency-Key': 'get-key' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('idempotent-replayed'), null);
});

test('a 500 is stored and replayed like any executed result', async () => {
  let calls = 0;
  const sim = createSimulator({
    store: new MemoryStore(),
    baseUrl: 'http://sim.test',
    startWebhooks: false,
    logger: () => {},
    resources: [
      (s) =>
        s.route({
          method: 'POST',
          path: '/v1/flaky',
          handler: () => {
            calls++;
            throw new Error('internal failure');
          },
        }),
    ],
  });
  const call = () =>
    sim.app.fetch(new Request('http://sim.test/v1/flaky', { method: 'POST', body: '', headers: { Authorization: `Bearer ${sim.keys.secret}`, 'Idempotency-Key': 'k500' } }));
  const r1 = await call();
  assert.equal(r1.status, 500);
  assert.equal(((await r1.json()) as { error: { type: string } }).error.type, 'api_error');
  const r2 = await call();
  assert.equal(r2.status, 500);
  assert.equal(r2.headers.get('idempotent-replayed'), 'true');
  assert.equal(calls, 1);
  sim.close();
});

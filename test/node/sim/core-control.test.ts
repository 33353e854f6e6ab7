// The /_sim control plane: health, reset, clock, settings (latency, retry schedule, branding), deliveries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim({ store: 'sqlite' });

test('health answers without a key and names the store and account', async () => {
  const res = await fetch(`${t.url}/_sim/health`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.ok, true);
  assert.equal(body.store, 'sqlite');
  assert.equal(body.account, t.server.account);
});

test('the clock advances and objects created afterwards carry the new time', async () => {
  const before = (await t.control('GET', '/_sim/clock')) as { now: number };
  const after = (await t.control('POST', '/_sim/clock/advance', { seconds: 3600 })) as { now: number; offset_seconds: number };
  assert.ok(after.now - before.now >= 3600);
  assert.ok(after.offset_seconds >= 3600);
  const c = await t.stripe.customers.create({});
  assert.ok(c.created >= after.now);
});

test('advancing by a negative or non-numeric amount is refused', async () => {
  const bad = await fetch(`${t.url}/_sim/clock/advance`, { method: 'POST', headers: { Authorization: `Bearer ${t.keys.secret}`, 'Content-Type': 'application/json' }, body: '{"seconds":-5}' });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  const form = await fetch(`${t.url}/_sim/clock/advance`, { method: 'POST', headers: { Authorization: `Bearer ${t.keys.secret}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'seconds=abc' });
  assert.equal(form.status, 400);
});

test('reset deletes every object and puts the clock back', async () => {
  await t.stripe.customers.create({});
  const r = await t.control('POST', '/_sim/reset');
  assert.equal(r.ok, true);
  assert.equal((await t.stripe.customers.list()).data.length, 0);
  assert.equal((await t.stripe.events.list()).data.length, 0);
  const clock = (await t.control('GET', '/_sim/clock')) as { offset_seconds: number };
  assert.equal(clock.offset_seconds, 0);
});

test('settings: branding is validated and kept', async () => {
  const s = (await t.control('POST', '/_sim/settings', { branding: { platform_name: 'Rocket Rides', primary_color: '#FF0066', icon_url: 'https://rocket.example/icon.png' } })) as {
    branding: Record<string, string>;
  };
  assert.deepEqual(s.branding, { platform_name: 'Rocket Rides', primary_color: '#ff0066', icon_url: 'https://rocket.example/icon.png' });
  assert.equal(t.server.sim.settings.branding.platform_name, 'Rocket Rides');
  const bad = (await t.control('POST', '/_sim/settings', { branding: { primary_color: 'red' } })) as { error: { param: string } };
  assert.equal(bad.error.param, 'branding[primary_color]');
  const unknown = (await t.control('POST', '/_sim/settings', { nope: 1 })) as { error: { message: string } };
  assert.equal(unknown.error.message, 'Received unknown parameter: nope');
});

test('settings survive a restart on the same database (kept in the store)', async () => {
  await t.control('POST', '/_sim/settings', { webhook_retry_schedule: [3, 6] });
  assert.deepEqual(t.server.sim.settings.webhookRetrySchedule, [3, 6]);
  assert.equal(t.server.store.getMeta('settings')?.includes('"webhookRetrySchedule":[3,6]'), true);
});

test('unknown control routes are JSON 404s; unknown deliveries are resource_missing', async () => {
  const res = await fetch(`${t.url}/_sim/nope`, { headers: { Authorization: `Bearer ${t.keys.secret}` } });
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  const d = (await t.control('GET', '/_sim/deliveries/whdel_nope')) as { error: { code: string } };
  assert.equal(d.error.code, 'resource_missing');
});

test('non-/v1 unknown paths are JSON 404s too', async () => {
  const res = await fetch(`${t.url}/totally/unknown`);
  assert.equal(res.status, 404);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, /^Unrecognized request URL \(GET: \/totally\/unknown\)/);
});

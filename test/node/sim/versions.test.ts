// Stripe-Version: endive (default) and dahlia; anything else is a clear error; resources can differ by version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createSimulator } from '../../../sim/core/app.ts';
import { MemoryStore } from '../../../sim/core/store-memory.ts';
import { registerVersionTransform } from '../../../sim/core/versions.ts';
import { p, type Schema } from '../../../sim/core/params.ts';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

test('requests without Stripe-Version use the SDK default, 2026-10-28.endive', async () => {
  const res = await fetch(`${t.url}/v1/customers`, { headers: { Authorization: `Bearer ${t.keys.secret}` } });
  assert.equal(res.headers.get('stripe-version'), '2026-10-28.endive');
});

test('2026-03-25.dahlia is accepted', async () => {
  const stripe = t.client(t.keys.secret, { apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  const c = await stripe.customers.create({ name: 'Dahlia' });
  assert.equal(c.object, 'customer');
});

test('an unknown version is a 400 invalid_request_error naming it', async () => {
  const stripe = t.client(t.keys.secret, { apiVersion: '2020-01-01' as Stripe.LatestApiVersion });
  await assert.rejects(stripe.customers.list(), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
    assert.match(e.message, /^Invalid Stripe API version: 2020-01-01/);
    return true;
  });
});

test('resources can render differently and accept different params per version', async () => {
  registerVersionTransform('versioned_thing', (obj, version) => (version.endsWith('dahlia') ? { ...obj, legacy_field: obj.new_field, new_field: undefined } : obj));
  const sim = createSimulator({
    store: new MemoryStore(),
    baseUrl: 'http://sim.test',
    startWebhooks: false,
    resources: [
      (s) =>
        s.route({
          method: 'POST',
          path: '/v1/versioned_things',
          params: (v): Schema => (v.endsWith('dahlia') ? { legacy_field: p.string() } : { new_field: p.string() }),
          handler: (ctx) => ({ id: 'vt_1', object: 'versioned_thing', new_field: (ctx.params.new_field ?? ctx.params.legacy_field) as string }),
        }),
    ],
  });
  const call = (version: string, body: string) =>
    sim.app.fetch(
      new Request('http://sim.test/v1/versioned_things', {
        method: 'POST',
        body,
        headers: { Authorization: `Bearer ${sim.keys.secret}`, 'Stripe-Version': version, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    );
  const endive = (await (await call('2026-10-28.endive', 'new_field=x')).json()) as Record<string, unknown>;
  assert.equal(endive.new_field, 'x');
  const dahlia = (await (await call('2026-03-25.dahlia', 'legacy_field=y')).json()) as Record<string, unknown>;
  assert.equal(dahlia.legacy_field, 'y');
  assert.equal('new_field' in dahlia, false);
  const wrong = await call('2026-03-25.dahlia', 'new_field=z');
  assert.equal(wrong.status, 400);
  sim.close();
});

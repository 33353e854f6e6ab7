// Fuzz: thousands of malformed or random requests over every route (seeded PRNG, reproducible).
// Never a 5xx, never a crash, every error in Stripe's envelope.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field, Schema } from '../../../sim/core/params.ts';
import { mulberry32 } from '../helpers/prng.ts';
import { startTestSim, type TestSim } from '../helpers/sim.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);

let t: TestSim;
const known: string[] = [];
before(async () => {
  t = await startTestSim({ store: 'sqlite' });
  const c = await t.stripe.customers.create({ email: 'fuzz@example.com' });
  const p = await t.stripe.products.create({ name: 'Fuzz', default_price_data: { currency: 'usd', unit_amount: 1000 } });
  const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
  const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const ep = await t.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/nowhere', enabled_events: ['*'] });
  known.push(c.id, p.id, p.default_price as string, pm.id, pi.id, ep.id, pi.latest_charge as string, 'pm_card_visa');
});
after(() => t.close());

test(`${REQUESTS} random and malformed requests never produce a 5xx or a non-envelope error (seed ${SEED})`, async () => {
  const rnd = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const routes = t.server.sim.routes();
  const version = (v: Parameters<Extract<(typeof routes)[number]['params'], (...a: never[]) => unknown>>[0]) => v;
  const schemaOf = (r: (typeof routes)[number]): Schema => (typeof r.params === 'function' ? r.params(version('2026-10-28.endive')) : (r.params ?? {}));

  const garbageStrings = ['', ' ', 'abc', '-1', '0', '1e9', '99999999999999999999999', 'true', 'null', '💳', '%', '%zz', '\u0000', '<script>', "'; DROP TABLE objects;--", 'a'.repeat(6000)];
  const randomValue = (f: Field | undefined, depth = 0): string | Record<string, unknown> | unknown[] => {
    if (!f || rnd() < 0.25) return pick(garbageStrings);
    switch (f.kind) {
      case 'integer':
        return String(pick([0, 1, 50, 1000, -5, 100000000, Math.floor(rnd() * 1e6)]));
      case 'boolean':
        return pick(['true', 'false', 'yes']);
      case 'string':
        return f.enum && rnd() < 0.7 ? pick(f.enum) : pick([...garbageStrings, ...known, 'usd', 'eur', 'http://127.0.0.1:9/x']);
      case 'object':
        if (depth > 3) return {};
        return Object.fromEntries(Object.entries(f.shape).filter(() => rnd() < 0.5).map(([k, v]) => [k, randomValue(v, depth + 1)]));
      case 'array':
        return Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(f.of, depth + 1));
      case 'metadata':
      case 'map':
        return { [pick(['a', 'k'.repeat(41), '__proto__', 'constructor'])]: pick(garbageStrings) };
      default:
        return pick(garbageStrings);
    }
  };
  const encode = (obj: Record<string, unknown>): string => {
    const out: string[] = [];
    const walk = (v: unknown, key: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, rnd() < 0.5 ? `${key}[${i}]` : `${key}[]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${key}[${k}]`);
      else out.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(v))}`);
    };
    for (const [k, v] of Object.entries(obj)) walk(v, k);
    return out.join('&');
  };
  const malformedBodies = [
    () => `${'a'.repeat(1)}${'[x]'.repeat(60)}=1`,
    () => 'a=1&a[b]=2',
    () => 'a[]=1&a[x]=2',
    () => '%E0%A4%A=1',
    () => 'metadata[=1&]]]=2&[[[=3',
    () => '{"amount":100,"currency":"usd"}',
    () => `amount=${'9'.repeat(400)}`,
    () => `description=${'x'.repeat(200_000)}`,
    () => Array.from({ length: 300 }, (_, i) => `metadata[k${i}]=v`).join('&'),
    () => String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(rnd() * 256))),
    () => '&&&===&=&',
    () => 'expand[]=data.data.data.data.data&expand[]=customer.customer',
    () => `expand[0]=${'a.'.repeat(30)}b`,
    () => 'limit=0&limit[x]=1',
    () => 'created[gte]=abc&created[lt]=1',
    () => '__proto__[x]=1&constructor[prototype][y]=2',
  ];
  const auths = [
    () => `Bearer ${t.keys.secret}`,
    () => `Bearer ${t.keys.secret}`,
    () => `Bearer ${t.keys.secret}`,
    () => `Bearer ${t.keys.publishable}`,
    () => `Basic ${btoa(`${t.keys.secret}:`)}`,
    () => 'Basic !!!notbase64',
    () => 'Bearer sk_live_abcdefghijklmnop',
    () => 'Bearer ',
    () => 'Token xyz',
    () => '',
  ];
  const versions = [undefined, undefined, '2026-10-28.endive', '2026-03-25.dahlia', 'garbage', '2026-13-45.nope', ''];
  const methods = ['GET', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'];

  const failures: string[] = [];
  let count = 0;
  const one = async () => {
    const route = pick(routes);
    let path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(pick([...known, ...known, 'x', 'cus_nope', '..', '%', 'a/b', '💥', 'a'.repeat(300)])));
    if (rnd() < 0.08) path = pick(['/v1', '/v1/', '/v1//customers', '/v1/customers/', '/v1/%E0%A4%A', '/v1/nope/deeper', '/_sim/clock', '/_sim/deliveries/x/retry', '/', '/favicon.ico']);
    const method = rnd() < 0.7 ? route.method : pick(methods);
    let body: string | undefined;
    let query = '';
    const params = Object.fromEntries(Object.entries(schemaOf(route)).filter(() => rnd() < 0.4).map(([k, f]) => [k, randomValue(f)]));
    if (rnd() < 0.2) Object.assign(params, { [pick(['bogus', 'expand', 'limit', 'starting_after', 'metadata'])]: randomValue(undefined) });
    const encoded = rnd() < 0.15 ? pick(malformedBodies)() : encode(params);
    if (method === 'GET' || method === 'DELETE' || method === 'HEAD') query = encoded ? `?${encoded}` : '';
    else body = encoded;
    const headers: Record<string, string> = {};
    const auth = pick(auths)();
    if (auth) headers.Authorization = auth;
    const v = pick(versions);
    if (v !== undefined) headers['Stripe-Version'] = v;
    if (rnd() < 0.3) headers['Idempotency-Key'] = pick(['k1', 'k2', 'k'.repeat(300), `fuzz-${count}`]);
    if (rnd() < 0.1) headers['Stripe-Account'] = pick(['acct_nope', t.server.account, '']);
    headers['Content-Type'] = pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x']);
    let res: Response;
    try {
      res = await fetch(`${t.url}${path}${query}`, { method, headers, body });
    } catch (e) {
      failures.push(`${method} ${path}: fetch failed ${(e as Error).message}`);
      return;
    }
    count++;
    const text = await res.text();
    const label = `${method} ${path}${query.slice(0, 120)} [${(body ?? '').slice(0, 120)}] -> ${res.status}`;
    if (res.status >= 500) {
      failures.push(`${label}: ${text.slice(0, 300)}`);
      return;
    }
    if (method === 'HEAD' || res.status === 204) return;
    if (!path.startsWith('/v1') && !path.startsWith('/_sim')) return;
    let json: { error?: { type?: unknown; message?: unknown } };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      failures.push(`${label}: not JSON: ${text.slice(0, 200)}`);
      return;
    }
    if (res.status >= 400 && (typeof json.error?.type !== 'string' || typeof json.error?.message !== 'string')) {
      failures.push(`${label}: not in the error envelope: ${text.slice(0, 200)}`);
    }
  };
  const CONCURRENCY = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        await one();
      }
    }),
  );
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} bad responses`);
  const health = await fetch(`${t.url}/_sim/health`);
  assert.equal(health.status, 200);
  assert.equal(count, REQUESTS);
});

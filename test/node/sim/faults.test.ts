// API faults armed through the control plane (POST /_sim/faults), seen through the official stripe SDK's own
// retry logic: lock timeouts and 500s are retried with the same Idempotency-Key and make one object; rate
// limits are not retried; dropped and hung connections behave as on the network; exhausted retries raise the
// SDK's error classes. Plus matching, listing, disarming and bad control-plane input.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim({ store: 'sqlite' });
beforeEach(async () => {
  await t.control('DELETE', '/_sim/faults');
});

interface FaultJson {
  id: string;
  object: string;
  type: string;
  method: string | null;
  path: string | null;
  account: string | null;
  when: string;
  count: number;
  remaining: number;
  status: string;
  reason: string | null;
  hang_ms: number | null;
  request_ids: string[];
  created: number;
}
interface ErrorJson {
  error: { type: string; code?: string; message: string; param?: string; doc_url?: string };
}

async function arm(spec: Record<string, unknown>): Promise<FaultJson> {
  const f = (await t.control('POST', '/_sim/faults', spec)) as unknown as FaultJson & Partial<ErrorJson>;
  assert.equal(f.error, undefined, JSON.stringify(f.error));
  return f;
}
async function fault(id: string): Promise<FaultJson> {
  return (await t.control('GET', `/_sim/faults/${id}`)) as unknown as FaultJson;
}

/** An SDK client with retries, recording every HTTP attempt it makes. */
function retrying(maxNetworkRetries: number, config: Stripe.StripeConfig = {}): { stripe: Stripe; attempts: { method: string; path: string; key?: string }[] } {
  const stripe = t.client(undefined, { maxNetworkRetries, ...config });
  const attempts: { method: string; path: string; key?: string }[] = [];
  stripe.on('request', (e: Stripe.RequestEvent) => attempts.push({ method: e.method, path: e.path, key: e.idempotency_key }));
  return { stripe, attempts };
}

async function customersByEmail(email: string): Promise<Stripe.Customer[]> {
  return (await t.stripe.customers.list({ email, limit: 100 })).data;
}

// ---------------------------------------------------------------- lock_timeout

test('lock_timeout: Stripe\'s 429 with code lock_timeout and Stripe-Should-Retry: true, saved for no key', async () => {
  await arm({ type: 'lock_timeout', method: 'POST', path: '/v1/customers' });
  const res = await t.request('POST', '/v1/customers', { body: 'email=lock-raw%40example.com', headers: { 'Idempotency-Key': 'lock-raw' } });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('stripe-should-retry'), 'true');
  assert.match(res.headers.get('request-id') ?? '', /^req_/);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as ErrorJson;
  assert.deepEqual(Object.keys(body.error), ['code', 'doc_url', 'message', 'type']);
  assert.equal(body.error.type, 'invalid_request_error');
  assert.equal(body.error.code, 'lock_timeout');
  assert.equal(body.error.doc_url, 'https://stripe.com/docs/error-codes/lock-timeout');
  assert.match(body.error.message, /^This object cannot be accessed right now because another API request or Stripe process is currently accessing it\./);
  // the request never ran, so the same key runs it now
  const again = await t.request('POST', '/v1/customers', { body: 'email=lock-raw%40example.com', headers: { 'Idempotency-Key': 'lock-raw' } });
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('idempotent-replayed'), null);
  assert.equal((await customersByEmail('lock-raw@example.com')).length, 1);
});

test('lock_timeout: the SDK retries it with the same Idempotency-Key and the customer is created once', async () => {
  const f = await arm({ type: 'lock_timeout', method: 'POST', path: '/v1/customers' });
  const { stripe, attempts } = retrying(2);
  const c = await stripe.customers.create({ email: 'lock-once@example.com' }, { idempotencyKey: 'lock-once' });
  assert.equal(attempts.length, 2);
  assert.deepEqual(attempts.map((a) => a.key), ['lock-once', 'lock-once']);
  assert.equal(c.email, 'lock-once@example.com');
  const seen = await fault(f.id);
  assert.equal(seen.remaining, 0);
  assert.equal(seen.status, 'exhausted');
  assert.equal(seen.request_ids.length, 1);
  assert.notEqual(seen.request_ids[0], c.lastResponse.requestId);
  assert.deepEqual((await customersByEmail('lock-once@example.com')).map((x) => x.id), [c.id]);
});

test('lock_timeout: once retries are exhausted the SDK raises StripeRateLimitError and nothing is created', async () => {
  const f = await arm({ type: 'lock_timeout', method: 'POST', path: '/v1/customers', count: 5 });
  const { stripe, attempts } = retrying(2);
  const err = await stripe.customers.create({ email: 'lock-exhausted@example.com' }).then(
    () => assert.fail('expected a lock timeout'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeRateLimitError);
  assert.equal(err.code, 'lock_timeout');
  assert.equal(err.statusCode, 429);
  assert.match(err.requestId ?? '', /^req_/);
  assert.equal(attempts.length, 3);
  assert.equal((await fault(f.id)).remaining, 2);
  assert.equal((await customersByEmail('lock-exhausted@example.com')).length, 0);
});

// ---------------------------------------------------------------- rate_limit

test('rate_limit: Stripe\'s test-mode 429 body, compact, with Stripe-Rate-Limited-Reason and no Stripe-Should-Retry', async () => {
  await arm({ type: 'rate_limit', path: '/v1/customers', reason: 'endpoint-rate' });
  const res = await t.request('GET', '/v1/customers');
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('stripe-rate-limited-reason'), 'endpoint-rate');
  assert.equal(res.headers.get('stripe-should-retry'), null);
  assert.match(res.headers.get('request-id') ?? '', /^req_/);
  assert.equal(
    await res.text(),
    '{"error":{"code":"rate_limit","doc_url":"https://stripe.com/docs/error-codes/rate-limit","message":"Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits.","type":"invalid_request_error"}}',
  );
});

test('rate_limit: the SDK does not retry a rate limit (as with Stripe) and raises StripeRateLimitError; the key is not used up', async () => {
  await arm({ type: 'rate_limit', method: 'POST', path: '/v1/customers' });
  const { stripe, attempts } = retrying(2);
  const err = await stripe.customers.create({ email: 'limited@example.com' }, { idempotencyKey: 'limited' }).then(
    () => assert.fail('expected a rate limit'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeRateLimitError);
  assert.equal(err.code, 'rate_limit');
  assert.equal(err.type, 'StripeRateLimitError');
  assert.equal(err.headers?.['stripe-rate-limited-reason'], 'global-rate');
  assert.equal(attempts.length, 1);
  assert.equal((await customersByEmail('limited@example.com')).length, 0);
  // the application backs off and tries again with the same key: the request runs now, once
  const c = await stripe.customers.create({ email: 'limited@example.com' }, { idempotencyKey: 'limited' });
  assert.equal(c.lastResponse.headers['idempotent-replayed'], undefined);
  assert.deepEqual((await customersByEmail('limited@example.com')).map((x) => x.id), [c.id]);
});

// ---------------------------------------------------------------- api_error

test('api_error before the request runs: the SDK retries the 500 with the same key and creates the PaymentIntent once', async () => {
  const f = await arm({ type: 'api_error', method: 'POST', path: '/v1/payment_intents' });
  const { stripe, attempts } = retrying(2);
  const pi = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', metadata: { order: 'api-before' } }, { idempotencyKey: 'api-before' });
  assert.equal(attempts.length, 2);
  assert.deepEqual(attempts.map((a) => a.key), ['api-before', 'api-before']);
  assert.equal(pi.lastResponse.headers['idempotent-replayed'], undefined);
  assert.equal((await fault(f.id)).request_ids.length, 1);
  const all = await t.stripe.paymentIntents.list({ limit: 100 });
  assert.deepEqual(all.data.filter((p) => p.metadata.order === 'api-before').map((p) => p.id), [pi.id]);
});

test('api_error: a 500 in Stripe\'s envelope with Request-Id; exhausted retries raise StripeAPIError and nothing is saved for the key', async () => {
  await arm({ type: 'api_error', path: '/v1/customers', method: 'POST', count: 3 });
  const { stripe, attempts } = retrying(2);
  const err = await stripe.customers.create({ email: 'api-exhausted@example.com' }, { idempotencyKey: 'api-exhausted' }).then(
    () => assert.fail('expected a 500'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeAPIError);
  assert.equal(err.statusCode, 500);
  assert.equal(err.type, 'StripeAPIError');
  assert.equal(err.rawType, 'api_error');
  assert.match(err.message, /^An unknown error occurred while processing your request/);
  assert.match(err.requestId ?? '', /^req_/);
  assert.ok(err.headers);
  assert.equal(err.headers['stripe-should-retry'], undefined);
  assert.equal(attempts.length, 3);
  assert.equal((await customersByEmail('api-exhausted@example.com')).length, 0);
  const c = await stripe.customers.create({ email: 'api-exhausted@example.com' }, { idempotencyKey: 'api-exhausted' });
  assert.equal(c.lastResponse.headers['idempotent-replayed'], undefined);
  assert.equal((await customersByEmail('api-exhausted@example.com')).length, 1);
});

test('api_error after the request ran: the object exists, the 500 is saved for the key and Stripe-Should-Retry: false stops the SDK', async () => {
  const f = await arm({ type: 'api_error', method: 'POST', path: '/v1/customers', when: 'after' });
  const { stripe, attempts } = retrying(2);
  const err = await stripe.customers.create({ email: 'api-after@example.com' }, { idempotencyKey: 'api-after' }).then(
    () => assert.fail('expected a 500'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeAPIError);
  assert.equal(err.headers?.['stripe-should-retry'], 'false');
  assert.equal(attempts.length, 1);
  assert.equal((await fault(f.id)).request_ids[0], err.requestId);
  // the side effect happened
  assert.equal((await customersByEmail('api-after@example.com')).length, 1);
  // and the key replays the 500, as Stripe's idempotency layer does
  const replay = await t.request('POST', '/v1/customers', { body: 'email=api-after%40example.com', headers: { 'Idempotency-Key': 'api-after' } });
  assert.equal(replay.status, 500);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.headers.get('original-request'), err.requestId);
  assert.equal(((await replay.json()) as ErrorJson).error.type, 'api_error');
  assert.equal((await customersByEmail('api-after@example.com')).length, 1);
});

test('a when=after fault waits for a request that runs: refused and replayed requests do not use it up', async () => {
  const first = await t.request('POST', '/v1/customers', { body: 'email=after-wait%40example.com', headers: { 'Idempotency-Key': 'after-wait' } });
  assert.equal(first.status, 200);
  const f = await arm({ type: 'api_error', method: 'POST', path: '/v1/customers', when: 'after' });
  const invalid = await t.request('POST', '/v1/customers', { body: 'nope=1' });
  assert.equal(invalid.status, 400);
  const replay = await t.request('POST', '/v1/customers', { body: 'email=after-wait%40example.com', headers: { 'Idempotency-Key': 'after-wait' } });
  assert.equal(replay.status, 200);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal((await fault(f.id)).remaining, 1);
  const ran = await t.request('POST', '/v1/customers', { body: 'email=after-wait%40example.com' });
  assert.equal(ran.status, 500);
  assert.equal(ran.headers.get('stripe-should-retry'), null); // no key: nothing saved, a retry would run again
  assert.equal((await fault(f.id)).remaining, 0);
  assert.equal((await customersByEmail('after-wait@example.com')).length, 2);
});

// ---------------------------------------------------------------- connection_reset

test('connection_reset: the SDK sees the connection close, retries with the same key, and the customer is created once', async () => {
  const f = await arm({ type: 'connection_reset', method: 'POST', path: '/v1/customers' });
  const { stripe, attempts } = retrying(2);
  const c = await stripe.customers.create({ email: 'reset-once@example.com' }, { idempotencyKey: 'reset-once' });
  assert.equal(attempts.length, 2);
  assert.deepEqual(attempts.map((a) => a.key), ['reset-once', 'reset-once']);
  assert.equal((await fault(f.id)).remaining, 0);
  assert.deepEqual((await customersByEmail('reset-once@example.com')).map((x) => x.id), [c.id]);
});

test('connection_reset: the SDK retries a closed connection once even with maxNetworkRetries 0', async () => {
  await arm({ type: 'connection_reset', method: 'GET', path: '/v1/customers' });
  const { stripe, attempts } = retrying(0);
  const list = await stripe.customers.list({ limit: 1 });
  assert.equal(list.object, 'list');
  assert.equal(attempts.length, 2);
});

test('connection_reset: exhausted retries raise StripeConnectionError and nothing is created', async () => {
  await arm({ type: 'connection_reset', method: 'POST', path: '/v1/customers', count: 3 });
  const { stripe, attempts } = retrying(2);
  const err = await stripe.customers.create({ email: 'reset-exhausted@example.com' }).then(
    () => assert.fail('expected a connection error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeConnectionError);
  assert.equal(err.message, 'An error occurred with our connection to Stripe. Request was retried 2 times.');
  assert.equal(attempts.length, 3);
  assert.equal((await customersByEmail('reset-exhausted@example.com')).length, 0);
});

test('connection_reset after the request ran: the SDK\'s retry gets the saved result (Idempotent-Replayed), one object', async () => {
  await arm({ type: 'connection_reset', method: 'POST', path: '/v1/customers', when: 'after' });
  const { stripe, attempts } = retrying(2);
  const c = await stripe.customers.create({ email: 'reset-after@example.com' }, { idempotencyKey: 'reset-after' });
  assert.equal(attempts.length, 2);
  assert.equal(c.lastResponse.headers['idempotent-replayed'], 'true');
  assert.deepEqual((await customersByEmail('reset-after@example.com')).map((x) => x.id), [c.id]);
});

test('connection_reset through the Hono path (a URL node:http hands to the app) closes the connection too', async () => {
  await arm({ type: 'connection_reset', method: 'GET', path: '/v1/customers' });
  // a percent-encoded query takes the @hono/node-server path rather than the direct one
  await assert.rejects(t.request('GET', '/v1/customers?email=a%40b.example'), (e: Error) => e instanceof TypeError);
  const ok = await t.request('GET', '/v1/customers?email=a%40b.example');
  assert.equal(ok.status, 200);
});

test('connection_reset in app.fetch (the in-browser runtime) is a network error Response', async () => {
  await arm({ type: 'connection_reset', path: '/v1/customers' });
  const res = await t.server.sim.app.fetch(new Request('http://sim.local/v1/customers', { headers: { Authorization: `Bearer ${t.keys.secret}` } }));
  assert.equal(res.type, 'error');
  assert.equal(res.status, 0);
});

// ---------------------------------------------------------------- timeout

test('timeout: no answer, so the SDK\'s own timeout fires (StripeConnectionError)', async () => {
  await arm({ type: 'timeout', method: 'GET', path: '/v1/customers', hang_ms: 10_000 });
  const { stripe, attempts } = retrying(0, { timeout: 300 });
  const err = await stripe.customers.list().then(
    () => assert.fail('expected a timeout'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeConnectionError);
  assert.equal(err.message, 'Request aborted due to timeout being reached (300ms)');
  assert.equal(attempts.length, 1);
});

test('timeout after the request ran: the SDK times out, retries with the same key and gets the saved PaymentIntent', async () => {
  await arm({ type: 'timeout', method: 'POST', path: '/v1/payment_intents', when: 'after', hang_ms: 10_000 });
  const { stripe, attempts } = retrying(1, { timeout: 300 });
  const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'eur', metadata: { order: 'timeout-after' } }, { idempotencyKey: 'timeout-after' });
  assert.equal(attempts.length, 2);
  assert.equal(pi.lastResponse.headers['idempotent-replayed'], 'true');
  const all = await t.stripe.paymentIntents.list({ limit: 100 });
  assert.deepEqual(all.data.filter((p) => p.metadata.order === 'timeout-after').map((p) => p.id), [pi.id]);
});

// ---------------------------------------------------------------- matching

test('count: exactly `count` matching requests fail, then requests pass', async () => {
  const f = await arm({ type: 'api_error', method: 'GET', path: '/v1/customers', count: 2 });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await t.request('GET', '/v1/customers')).status);
  assert.deepEqual(statuses, [500, 500, 200, 200]);
  const seen = await fault(f.id);
  assert.equal(seen.count, 2);
  assert.equal(seen.remaining, 0);
  assert.equal(seen.request_ids.length, 2);
});

test('path: an exact path matches only itself (trailing slash aside); a * pattern matches what it covers', async () => {
  const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  await arm({ type: 'api_error', method: 'POST', path: '/v1/payment_intents/', count: 10 });
  assert.equal((await t.request('POST', `/v1/payment_intents/${pi.id}`, { body: 'description=x' })).status, 200);
  assert.equal((await t.request('POST', '/v1/payment_intents/', { body: 'amount=500&currency=usd' })).status, 500);
  await t.control('DELETE', '/_sim/faults');

  await arm({ type: 'api_error', path: '/v1/payment_intents/*/confirm', count: 10 });
  assert.equal((await t.request('POST', `/v1/payment_intents/${pi.id}`, { body: 'description=y' })).status, 200);
  assert.equal((await t.request('POST', `/v1/payment_intents/${pi.id}/confirm`, { body: 'payment_method=pm_card_visa' })).status, 500);
  await t.control('DELETE', '/_sim/faults');

  await arm({ type: 'api_error', path: '/v1/payment_intents*', count: 10 });
  assert.equal((await t.request('GET', '/v1/payment_intents')).status, 500);
  assert.equal((await t.request('GET', `/v1/payment_intents/${pi.id}`)).status, 500);
  assert.equal((await t.request('GET', '/v1/customers')).status, 200);
});

test('method: a fault for POST leaves GET alone', async () => {
  await arm({ type: 'api_error', method: 'post', path: '/v1/customers' });
  assert.equal((await t.request('GET', '/v1/customers')).status, 200);
  assert.equal((await t.request('POST', '/v1/customers', { body: '' })).status, 500);
});

test('account: a fault for a connected account leaves the platform\'s requests alone', async () => {
  const acct = await t.stripe.accounts.create({ type: 'express', country: 'US', capabilities: { transfers: { requested: true } } });
  await arm({ type: 'api_error', path: '/v1/customers', account: acct.id });
  assert.equal((await t.request('GET', '/v1/customers')).status, 200);
  assert.equal((await t.request('GET', '/v1/customers', { headers: { 'Stripe-Account': acct.id } })).status, 500);
});

test('the first armed fault that matches wins; the control plane itself is never faulted', async () => {
  const first = await arm({ type: 'lock_timeout', path: '/v1/customers' });
  const second = await arm({ type: 'api_error', path: '/v1/*' });
  assert.equal((await t.request('GET', '/v1/customers')).status, 429);
  assert.equal((await t.request('GET', '/v1/customers')).status, 500);
  assert.equal((await fault(first.id)).remaining, 0);
  assert.equal((await fault(second.id)).remaining, 0);
  await arm({ type: 'api_error', count: 10 }); // no path: every /v1 request
  const health = await fetch(`${t.url}/_sim/clock`, { headers: { Authorization: `Bearer ${t.keys.secret}` } });
  assert.equal(health.status, 200);
  assert.equal((await t.request('GET', '/v1/balance')).status, 500);
});

test('a fault that fails the request before it runs applies even when a when=after fault was armed first', async () => {
  const late = await arm({ type: 'api_error', method: 'POST', path: '/v1/customers', when: 'after' });
  const early = await arm({ type: 'lock_timeout', method: 'POST', path: '/v1/customers' });
  const refused = await t.request('POST', '/v1/customers', { body: 'email=both-armed%40example.com' });
  assert.equal(refused.status, 429, 'the before fault refuses the request');
  assert.equal((await customersByEmail('both-armed@example.com')).length, 0, 'nothing ran');
  assert.equal((await fault(early.id)).remaining, 0);
  assert.equal((await fault(late.id)).remaining, 1, 'the after fault still waits for a request that runs');
  const ran = await t.request('POST', '/v1/customers', { body: 'email=both-armed%40example.com' });
  assert.equal(ran.status, 500);
  assert.equal((await customersByEmail('both-armed@example.com')).length, 1);
  assert.equal((await fault(late.id)).remaining, 0);
});

test('requests refused before a fault applies (bad key) keep their own error', async () => {
  await arm({ type: 'api_error', path: '/v1/customers' });
  const res = await t.request('GET', '/v1/customers', { headers: { Authorization: 'Bearer sk_test_wrong' } });
  assert.equal(res.status, 401);
  assert.equal((await t.request('GET', '/v1/customers')).status, 500);
});

// ---------------------------------------------------------------- listing and disarming

test('listing shows armed and exhausted faults with their remaining counts; status filters', async () => {
  const a = await arm({ type: 'rate_limit', method: 'GET', path: '/v1/customers', count: 1 });
  const b = await arm({ type: 'timeout', path: '/v1/refunds', count: 4, hang_ms: 50 });
  assert.equal(a.object, 'sim_fault');
  assert.match(a.id, /^fault_/);
  assert.equal(a.when, 'before');
  assert.equal(a.reason, 'global-rate');
  assert.equal(a.hang_ms, null);
  assert.equal(b.hang_ms, 50);
  assert.equal(b.reason, null);
  assert.equal(b.method, null);
  await t.request('GET', '/v1/customers');
  const list = (await t.control('GET', '/_sim/faults')) as { object: string; data: FaultJson[]; url: string };
  assert.equal(list.object, 'list');
  assert.equal(list.url, '/_sim/faults');
  assert.deepEqual(list.data.map((f) => [f.id, f.remaining, f.status]), [[a.id, 0, 'exhausted'], [b.id, 4, 'armed']]);
  const armed = (await t.control('GET', '/_sim/faults?status=armed')) as { data: FaultJson[] };
  assert.deepEqual(armed.data.map((f) => f.id), [b.id]);
  const bad = (await t.control('GET', '/_sim/faults?status=nope')) as unknown as ErrorJson;
  assert.equal(bad.error.param, 'status');
});

test('disarming one fault, then all; unknown ids are a 404 in the envelope; reset clears faults', async () => {
  const a = await arm({ type: 'api_error', path: '/v1/customers' });
  const b = await arm({ type: 'api_error', path: '/v1/products' });
  assert.deepEqual(await t.control('DELETE', `/_sim/faults/${a.id}`), { id: a.id, object: 'sim_fault', deleted: true });
  assert.equal((await t.request('GET', '/v1/customers')).status, 200);
  const missing = await fetch(`${t.url}/_sim/faults/${a.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${t.keys.secret}` } });
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('request-id') ?? '', /^req_/);
  assert.deepEqual(await missing.json(), {
    error: { code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing', message: `No such fault: '${a.id}'`, param: 'id', type: 'invalid_request_error' },
  });
  assert.equal(((await t.control('GET', '/_sim/faults/fault_nope')) as unknown as ErrorJson).error.code, 'resource_missing');
  assert.deepEqual(await t.control('DELETE', '/_sim/faults'), { object: 'sim_faults_cleared', deleted: 1 });
  assert.equal((await t.request('GET', '/v1/products')).status, 200);
  assert.equal(t.server.sim.faults.armed, 0);
  void b;

  await arm({ type: 'api_error', path: '/v1/products' });
  await t.control('POST', '/_sim/reset');
  assert.equal(((await t.control('GET', '/_sim/faults')) as { data: unknown[] }).data.length, 0);
  assert.equal((await t.request('GET', '/v1/products')).status, 200);
});

test('faults are armed with a form body too', async () => {
  const res = await fetch(`${t.url}/_sim/faults`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.keys.secret}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'type=api_error&method=GET&path=%2Fv1%2Fcustomers*&count=2',
  });
  assert.equal(res.status, 200);
  const f = (await res.json()) as FaultJson;
  assert.deepEqual([f.type, f.method, f.path, f.count, f.remaining], ['api_error', 'GET', '/v1/customers*', 2, 2]);
});

// ---------------------------------------------------------------- bad control-plane input

test('bad fault specs are refused with Stripe-shaped 400s naming the parameter', async () => {
  const cases: [Record<string, unknown>, string, string | undefined, RegExp][] = [
    [{}, 'type', 'parameter_missing', /^Missing required param: type\.$/],
    [{ type: 'explode' }, 'type', undefined, /^Invalid type: must be one of rate_limit, lock_timeout, api_error, connection_reset, or timeout$/],
    [{ type: 'api_error', nope: 1 }, 'nope', 'parameter_unknown', /^Received unknown parameter: nope$/],
    [{ type: 'api_error', count: 0 }, 'count', undefined, /^Invalid count: must be an integer from 1 to/],
    [{ type: 'api_error', count: 'many' }, 'count', 'parameter_invalid_integer', /^Invalid integer: many$/],
    [{ type: 'api_error', count: 1.5 }, 'count', 'parameter_invalid_integer', /^Invalid integer: 1.5$/],
    [{ type: 'api_error', method: 'PATCH' }, 'method', undefined, /^Invalid method: must be one of GET, POST, or DELETE$/],
    [{ type: 'api_error', path: '/_sim/reset' }, 'path', undefined, /^Invalid path: must be a \/v1 path/],
    [{ type: 'api_error', path: '/v1/customers?limit=1' }, 'path', undefined, /^Invalid path/],
    [{ type: 'api_error', path: '/v10/customers' }, 'path', undefined, /^Invalid path/],
    [{ type: 'api_error', account: 'cus_123' }, 'account', undefined, /^Invalid account/],
    [{ type: 'api_error', when: 'during' }, 'when', undefined, /^Invalid when: must be one of before or after$/],
    [{ type: 'rate_limit', when: 'after' }, 'when', undefined, /^Invalid when: a rate_limit fault can only happen before the request runs/],
    [{ type: 'lock_timeout', when: 'after' }, 'when', undefined, /^Invalid when: a lock_timeout fault/],
    [{ type: 'api_error', reason: 'global-rate' }, 'reason', undefined, /^Invalid reason: only a rate_limit fault/],
    [{ type: 'rate_limit', reason: 'too-many' }, 'reason', undefined, /^Invalid reason: must be one of global-concurrency/],
    [{ type: 'api_error', hang_ms: 5 }, 'hang_ms', undefined, /^Invalid hang_ms: only a timeout fault/],
    [{ type: 'timeout', hang_ms: 600_001 }, 'hang_ms', undefined, /^Invalid hang_ms: must be an integer from 0 to 600000/],
  ];
  for (const [spec, param, code, message] of cases) {
    const res = await fetch(`${t.url}/_sim/faults`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    assert.equal(res.status, 400, JSON.stringify(spec));
    assert.match(res.headers.get('request-id') ?? '', /^req_/);
    const body = (await res.json()) as ErrorJson;
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.param, param, JSON.stringify(spec));
    assert.equal(body.error.code, code, JSON.stringify(spec));
    assert.match(body.error.message, message, JSON.stringify(spec));
  }
  const invalidJson = await fetch(`${t.url}/_sim/faults`, { method: 'POST', headers: { Authorization: `Bearer ${t.keys.secret}`, 'Content-Type': 'application/json' }, body: '{' });
  assert.equal(invalidJson.status, 400);
  assert.equal(((await t.control('GET', '/_sim/faults')) as { data: unknown[] }).data.length, 0);
});

test('the fault routes need the secret key', async () => {
  const none = await fetch(`${t.url}/_sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"api_error"}' });
  assert.equal(none.status, 401);
  const pk = await fetch(`${t.url}/_sim/faults`, { headers: { Authorization: `Bearer ${t.keys.publishable}` } });
  assert.equal(pk.status, 401);
  assert.equal(((await pk.json()) as ErrorJson).error.type, 'invalid_request_error');
  assert.equal(t.server.sim.faults.armed, 0);
});

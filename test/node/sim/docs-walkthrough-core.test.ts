// The core API mechanics as Stripe's API reference and guides document them, through the official SDK against the
// simulator: webhooks and events (signatures, the Event object, endpoint versions and subscriptions, retries, the
// events list), idempotent requests, errors and authentication, pagination and expansion, metadata. Each test
// quotes or names the behaviour it checks.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startReceiver, startTestSim, stripeError, type TestSim, useTestSim } from '../helpers/sim.ts';
import { onboardedAccount } from '../helpers/connect.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
interface ErrorBody {
  error: { type: string; message: string; code?: string; param?: string; doc_url?: string; request_log_url?: string };
}

const { sim: t, stripe } = useTestSim();

const flush = () => t.control('POST', '/_sim/webhooks/flush');
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const objectId = (e: Stripe.Event) => (e.data.object as { id: string }).id;

// ---------------------------------------------------------------------------------------------------------------
// Webhooks and events

describe('webhooks and events', () => {
  let rx: Receiver;
  const endpoints: string[] = [];
  before(async () => {
    rx = await startReceiver(200);
  });
  // each test starts with no endpoint: what a delivery reaches is what the test made
  afterEach(async () => {
    for (const id of endpoints.splice(0)) await stripe.webhookEndpoints.del(id).catch(() => undefined);
    await flush();
  });
  after(() => rx.close());
  const endpoint = async (params: Partial<Stripe.WebhookEndpointCreateParams> & { enabled_events: Stripe.WebhookEndpointCreateParams.EnabledEvent[] }, url = rx.url) => {
    const ep = await stripe.webhookEndpoints.create({ url, ...params });
    endpoints.push(ep.id);
    return ep;
  };
  const eventsOf = (r: Receiver, secret: string) => r.received.map((x) => stripe.webhooks.constructEvent(x.body, x.headers['stripe-signature'], secret));

  test('deliveries are signed t=...,v1=... and pass constructEvent and constructEventAsync; a wrong secret or a changed body does not', async () => {
    // Webhooks guide, "Verify webhook signatures": Stripe-Signature holds a timestamp `t` and a `v1` HMAC-SHA256 of
    // "t.payload"; the libraries reject a timestamp older than the 5-minute default tolerance.
    rx.received.length = 0;
    const ep = await endpoint({ enabled_events: ['customer.created'] });
    const c = await stripe.customers.create({ email: 'signed@example.com' });
    await flush();
    assert.equal(rx.received.length, 1);
    const { headers, body } = rx.received[0];
    assert.match(headers['content-type'], /^application\/json/);
    const sig = headers['stripe-signature'];
    assert.match(sig, /^t=\d+,v1=[0-9a-f]{64}$/);
    const ts = Number(/t=(\d+)/.exec(sig)?.[1]);
    assert.ok(Math.abs(ts - Date.now() / 1000) < 60, 'the timestamp is the time of sending, within the tolerance');
    const ev = stripe.webhooks.constructEvent(body, sig, ep.secret!);
    assert.equal(objectId(ev), c.id);
    const evAsync = await stripe.webhooks.constructEventAsync(body, sig, ep.secret!, 300, Stripe.createSubtleCryptoProvider());
    assert.equal(evAsync.id, ev.id);
    assert.throws(() => stripe.webhooks.constructEvent(body, sig, 'whsec_not_the_secret'), Stripe.errors.StripeSignatureVerificationError);
    assert.throws(() => stripe.webhooks.constructEvent(body.replace('signed@', 'forged@'), sig, ep.secret!), Stripe.errors.StripeSignatureVerificationError);
    // a header the SDK itself signs with the endpoint secret verifies too (the scheme is Stripe's)
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: ep.secret! });
    assert.equal(stripe.webhooks.constructEvent(body, header, ep.secret!).id, ev.id);
  });

  test('the Event object: id, api_version, created, livemode, pending_webhooks, request {id, idempotency_key}, previous_attributes on *.updated', async () => {
    // API reference, "The Event object": request.id is the API request that caused the event, idempotency_key the
    // key it carried; pending_webhooks is the number of webhooks not yet successfully delivered;
    // data.previous_attributes holds the previous values of the attributes that changed (for *.updated events).
    rx.received.length = 0;
    const a = await endpoint({ enabled_events: ['customer.created', 'customer.updated'] });
    const down = await startReceiver(500);
    try {
      await endpoint({ enabled_events: ['*'] }, down.url);
      await endpoint({ enabled_events: ['product.created'] }); // not subscribed to customers: not counted
      const before = Math.floor(Date.now() / 1000) - 5;
      const c = await stripe.customers.create({ name: 'Before' }, { idempotencyKey: 'evt-fields-create' });
      const [created] = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data;
      assert.equal(objectId(created), c.id);
      assert.match(created.id, /^evt_/);
      assert.equal(created.object, 'event');
      assert.equal(created.api_version, '2026-10-28.endive');
      assert.equal(created.livemode, false);
      assert.ok(created.created >= before);
      assert.equal(created.pending_webhooks, 2, 'the two endpoints subscribed to customer.created');
      assert.deepEqual(created.request, { id: c.lastResponse.requestId, idempotency_key: 'evt-fields-create' });

      const u = await stripe.customers.update(c.id, { name: 'After', metadata: { plan: 'gold' } });
      const [updated] = (await stripe.events.list({ type: 'customer.updated', limit: 1 })).data;
      assert.equal((updated.data.object as Stripe.Customer).name, 'After');
      assert.equal((updated.data.previous_attributes as Partial<Stripe.Customer> | undefined)?.name, 'Before');
      assert.ok('metadata' in (updated.data.previous_attributes ?? {}));
      assert.deepEqual(updated.request, { id: u.lastResponse.requestId, idempotency_key: u.lastResponse.idempotencyKey });
      assert.match(updated.request?.idempotency_key ?? '', /^stripe-node-retry-/, 'the SDK’s automatic key is the one recorded');

      await flush();
      // delivered to `a` (2xx) but not yet to the failing one: one pending webhook left
      assert.equal((await stripe.events.retrieve(created.id)).pending_webhooks, 1);
      const delivered = eventsOf(rx, a.secret!).filter((e) => objectId(e) === c.id);
      assert.deepEqual(delivered.map((e) => e.type).sort(), ['customer.created', 'customer.updated']);
    } finally {
      await down.close();
    }
  });

  test('previous_attributes holds only what changed: a new metadata key is null, a changed one its old value; no change, no event', async () => {
    // API reference, Event data.previous_attributes: "Object containing the names of the updated attributes and
    // their values prior to the event (only included in events of type *.updated)".
    const pi = await stripe.paymentIntents.create({ amount: 800, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const chargeId = pi.latest_charge as string;
    const updatesOf = async () => (await stripe.events.list({ type: 'charge.updated', limit: 100 })).data.filter((e) => objectId(e) === chargeId && e.request?.id);
    await stripe.charges.update(chargeId, { metadata: { order: '1' }, description: 'First' });
    let [ev] = await updatesOf();
    assert.deepEqual(ev.data.previous_attributes, { description: null, metadata: { order: null } });
    await stripe.charges.update(chargeId, { metadata: { order: '2', note: 'x' }, description: 'First' });
    [ev] = await updatesOf();
    assert.deepEqual(ev.data.previous_attributes, { metadata: { order: '1', note: null } });
    const count = (await updatesOf()).length;
    await stripe.charges.update(chargeId, { description: 'First' });
    assert.equal((await updatesOf()).length, count, 'an update that changes nothing raises no charge.updated');
  });

  test('an event Stripe raises on its own (not caused by an API request) has request.id and idempotency_key null', async () => {
    // API reference, Event.request: "null for automatic events"; asynchronous capture docs: the charge's balance
    // transaction arrives later in a charge.updated event.
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await stripe.charges.retrieve(pi.latest_charge as string);
    const upd = (await stripe.events.list({ type: 'charge.updated', limit: 10 })).data.find((e) => objectId(e) === pi.latest_charge);
    assert.ok(upd, 'charge.updated for the settled charge');
    assert.deepEqual(upd.request, { id: null, idempotency_key: null });
  });

  test("an endpoint's api_version renders its payloads; enabled_events filters, * takes everything; a disabled endpoint gets nothing", async () => {
    // Webhooks guide: events are rendered in the endpoint's API version when it has one, else the account's.
    // API reference, enabled_events: "['*'] indicates that all events are enabled"; disabled endpoints receive none.
    const dahliaRx = await startReceiver(200);
    const starRx = await startReceiver(200);
    const offRx = await startReceiver(200);
    try {
      const dahlia = await endpoint({ enabled_events: ['product.created'], api_version: '2026-03-25.dahlia' }, dahliaRx.url);
      assert.equal(dahlia.api_version, '2026-03-25.dahlia');
      const star = await endpoint({ enabled_events: ['*'] }, starRx.url);
      const off = await endpoint({ enabled_events: ['*'] }, offRx.url);
      const disabled = await stripe.webhookEndpoints.update(off.id, { disabled: true });
      assert.equal(disabled.status, 'disabled');
      const prod = await stripe.products.create({ name: 'Versioned' });
      await stripe.customers.create({ name: 'Not for the product endpoint' });
      await flush();
      const dEvents = eventsOf(dahliaRx, dahlia.secret!);
      assert.deepEqual(dEvents.map((e) => e.type), ['product.created']);
      assert.equal(dEvents[0].api_version, '2026-03-25.dahlia');
      assert.equal(objectId(dEvents[0]), prod.id);
      const types = eventsOf(starRx, star.secret!).map((e) => e.type);
      assert.ok(types.includes('product.created') && types.includes('customer.created'), types.join());
      assert.equal(offRx.received.length, 0);
      // the event as listed keeps the account's version
      const listed = await stripe.events.retrieve(dEvents[0].id);
      assert.equal(listed.api_version, '2026-10-28.endive');
    } finally {
      await Promise.all([dahliaRx.close(), starRx.close(), offRx.close()]);
    }
  });

  test('webhook endpoint CRUD: url and enabled_events required, Stripe’s errors for bad values, the secret only on create', async () => {
    // API reference, "Create a webhook endpoint": url and enabled_events are required; the `secret` is "only returned
    // at creation".
    let e = await stripeError(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams));
    assert.equal(e.code, 'parameter_missing');
    assert.equal(e.param, 'url');
    assert.equal(e.message, 'Missing required param: url.');
    e = await stripeError(stripe.webhookEndpoints.create({ url: 'https://example.com/hook' } as Stripe.WebhookEndpointCreateParams));
    assert.equal(e.code, 'parameter_missing');
    assert.equal(e.param, 'enabled_events');
    e = await stripeError(stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }));
    assert.equal(e.code, 'url_invalid');
    assert.equal(e.message, 'Not a valid URL');
    assert.equal(e.param, 'url');
    e = await stripeError(stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['customer.created', 'customer.nope' as 'customer.created'] }));
    assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(e.param, 'enabled_events[1]');
    assert.match(e.message, /^Invalid enabled_events\[1\]: must be one of account\.application\.authorized, account\.application\.deauthorized, /);

    const ep = await endpoint({ enabled_events: ['charge.succeeded'], description: 'Orders', metadata: { team: 'payments' } }, 'https://example.com/hook');
    assert.match(ep.secret ?? '', /^whsec_/);
    assert.equal(ep.status, 'enabled');
    assert.equal((await stripe.webhookEndpoints.retrieve(ep.id)).secret, undefined);
    endpoints.splice(endpoints.indexOf(ep.id), 1);
    const upd = await stripe.webhookEndpoints.update(ep.id, { enabled_events: ['*'], url: 'https://example.com/hook2' });
    assert.equal(upd.secret, undefined);
    assert.deepEqual(upd.enabled_events, ['*']);
    const listed = (await stripe.webhookEndpoints.list({ limit: 100 })).data.find((x) => x.id === ep.id);
    assert.ok(listed && listed.secret === undefined);
    const del = await stripe.webhookEndpoints.del(ep.id);
    assert.deepEqual({ id: del.id, object: del.object, deleted: del.deleted }, { id: ep.id, object: 'webhook_endpoint', deleted: true });
    e = await stripeError(stripe.webhookEndpoints.retrieve(ep.id));
    assert.equal(e.statusCode, 404);
    assert.equal(e.message, `No such webhook_endpoint: '${ep.id}'`);
  });

  test('a receiver that fails is retried with backoff until it answers 2xx; every attempt is recorded', async () => {
    // Webhooks guide, "Retry behavior": Stripe retries undelivered events with an exponential backoff (in test mode,
    // on a shorter schedule) and shows each attempt.
    const flaky = await startReceiver(503);
    try {
      const ep = await endpoint({ enabled_events: ['product.created'] }, flaky.url);
      const prod = await stripe.products.create({ name: 'Retried' });
      await flush();
      const [ev] = (await stripe.events.list({ type: 'product.created', limit: 1 })).data;
      assert.equal(objectId(ev), prod.id);
      assert.equal((await stripe.events.retrieve(ev.id)).pending_webhooks, 1);
      flaky.status = 200;
      await t.control('POST', '/_sim/clock/advance', { seconds: 60 });
      await flush();
      const d = (await t.control('GET', `/_sim/deliveries?event=${ev.id}`)) as { data: { status: string; attempts: { status: number }[] }[] };
      assert.equal(d.data.length, 1);
      assert.equal(d.data[0].status, 'succeeded');
      assert.deepEqual(d.data[0].attempts.map((a) => a.status), [503, 200]);
      assert.equal((await stripe.events.retrieve(ev.id)).pending_webhooks, 0);
      const ids = new Set(eventsOf(flaky, ep.secret!).map((x) => x.id));
      assert.deepEqual([...ids], [ev.id], 'every attempt carries the same event');
    } finally {
      await flaky.close();
    }
  });

  test('GET /v1/events filters: type (with *), types[], created, delivery_success; retrieve; an unknown id', async () => {
    // API reference, "List all events": type ("a string containing a specific event name, or group of events using *
    // as a wildcard"), types (up to 20, not with type), created, delivery_success.
    const prod = await stripe.products.create({ name: 'Listed' });
    const cus = await stripe.customers.create({ name: 'Listed' });
    const byType = await stripe.events.list({ type: 'product.created', limit: 100 });
    assert.ok(byType.data.every((e) => e.type === 'product.created'));
    assert.ok(byType.data.some((e) => objectId(e) === prod.id));
    const wild = await stripe.events.list({ type: 'customer.*', limit: 100 });
    assert.ok(wild.data.length > 0 && wild.data.every((e) => e.type.startsWith('customer.')));
    const both = await stripe.events.list({ types: ['product.created', 'customer.created'], limit: 100 });
    assert.ok(both.data.some((e) => objectId(e) === prod.id) && both.data.some((e) => objectId(e) === cus.id));
    assert.ok(both.data.every((e) => e.type === 'product.created' || e.type === 'customer.created'));
    const newest = both.data[0].created;
    assert.equal((await stripe.events.list({ created: { gt: newest + 1000 } })).data.length, 0);
    assert.ok((await stripe.events.list({ created: { gte: newest }, limit: 100 })).data.length >= 1);
    const atNewest = (await stripe.events.list({ created: newest, limit: 100 })).data;
    assert.ok(atNewest.some((e) => e.id === both.data[0].id) && atNewest.every((e) => e.created === newest));
    await flush();
    const ok = await stripe.events.list({ delivery_success: true, limit: 100 });
    assert.ok(ok.data.length > 0 && ok.data.every((e) => e.pending_webhooks === 0));
    const e = await stripeError(stripe.events.list({ type: 'product.created', types: ['customer.created'] }));
    assert.equal(e.message, 'You may only specify one of these parameters: type, types.');
    assert.equal((await stripe.events.retrieve(byType.data[0].id)).id, byType.data[0].id);
    const missing = await stripeError(stripe.events.retrieve('evt_doesnotexist'));
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.code, 'resource_missing');
    assert.equal(missing.message, "No such event: 'evt_doesnotexist'");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Idempotent requests

describe('idempotent requests', () => {
  const post = (path: string, body: string, key: string, headers: Record<string, string> = {}) =>
    t.request('POST', path, { body, headers: { 'Idempotency-Key': key, ...headers } });

  test('a replay answers the saved status and body with Idempotent-Replayed: true, its own Request-Id and Original-Request naming the first', async () => {
    // API reference, "Idempotent requests": "saving the resulting status code and body of the first request made for
    // any given idempotency key ... Subsequent requests with the same key return the same result". Error handling
    // guide: a replayed response carries the Idempotent-Replayed: true header.
    const first = await post('/v1/customers', 'email=replay%40example.com', 'core-replay');
    assert.equal(first.status, 200);
    const firstId = first.headers.get('request-id');
    assert.match(firstId ?? '', /^req_/);
    assert.equal(first.headers.get('idempotency-key'), 'core-replay');
    assert.equal(first.headers.get('original-request'), firstId);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const body = await first.text();
    const again = await post('/v1/customers', 'email=replay%40example.com', 'core-replay');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.headers.get('original-request'), firstId);
    assert.notEqual(again.headers.get('request-id'), firstId, 'the replay is a request of its own');
    assert.equal(await again.text(), body);
    // through the SDK: one object
    const a = await stripe.customers.create({ email: 'sdk-replay@example.com' }, { idempotencyKey: 'core-sdk-replay' });
    const b = await stripe.customers.create({ email: 'sdk-replay@example.com' }, { idempotencyKey: 'core-sdk-replay' });
    assert.equal(a.id, b.id);
    assert.equal(b.lastResponse.headers['idempotent-replayed'], 'true');
  });

  test('the same key with other parameters is a 400 idempotency_error in Stripe’s words', async () => {
    // API reference: "The idempotency layer compares incoming parameters to those of the original request and
    // errors if they're not the same".
    await stripe.customers.create({ name: 'One' }, { idempotencyKey: 'core-mismatch' });
    const e = await stripeError(stripe.customers.create({ name: 'Two' }, { idempotencyKey: 'core-mismatch' }));
    assert.ok(e instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(e.statusCode, 400);
    assert.equal(e.type, 'StripeIdempotencyError');
    assert.equal(e.rawType, 'idempotency_error');
    assert.equal(
      e.message,
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'core-mismatch' if you meant to execute a different request.",
    );
  });

  test('keys are up to 255 characters long', async () => {
    // API reference: "Idempotency keys are up to 255 characters long."
    const e = await stripeError(stripe.customers.create({}, { idempotencyKey: 'k'.repeat(256) }));
    assert.ok(e instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(e.statusCode, 400);
    assert.equal(
      e.message,
      "Idempotent key length is 256 characters long, which is outside accepted lengths. Idempotent Keys must be 1-255 characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122.",
    );
    const ok = await stripe.customers.create({}, { idempotencyKey: 'k'.repeat(255) });
    assert.match(ok.id, /^cus_/);
  });

  test('nothing is saved for a request that failed validation; a 500 after execution began is saved and replayed', async () => {
    // API reference: "We save results only after the execution of an endpoint begins. If incoming parameters fail
    // validation, or the request conflicts with another request that’s executing concurrently, we don’t save the
    // idempotent result" ... "Subsequent requests with the same key return the same result, including 500 errors."
    const bad = await post('/v1/customers', 'balance=abc', 'core-validation');
    assert.equal(bad.status, 400);
    assert.equal((await errorOf(bad)).code, 'parameter_invalid_integer');
    const good = await post('/v1/customers', 'balance=5', 'core-validation');
    assert.equal(good.status, 200);
    assert.equal(good.headers.get('idempotent-replayed'), null);

    await t.control('POST', '/_sim/faults', { type: 'api_error', method: 'POST', path: '/v1/products', when: 'after', count: 1 });
    const failed = await post('/v1/products', 'name=Boom', 'core-500');
    assert.equal(failed.status, 500);
    const failedBody = await failed.text();
    const replay = await post('/v1/products', 'name=Boom', 'core-500');
    assert.equal(replay.status, 500);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await replay.text(), failedBody);
  });

  test('keys are scoped to the account: the same key on a connected account is another request', async () => {
    // Connect guide, "Making API calls for connected accounts": requests with Stripe-Account act as that account;
    // an idempotency key of the platform does not replay there.
    const acct = await onboardedAccount(stripe);
    const mine = await stripe.customers.create({ name: 'Platform' }, { idempotencyKey: 'core-scoped' });
    const theirs = await stripe.customers.create({ name: 'Connected' }, { idempotencyKey: 'core-scoped', stripeAccount: acct });
    assert.notEqual(theirs.id, mine.id);
    assert.equal(theirs.name, 'Connected');
    assert.equal(theirs.lastResponse.headers['idempotent-replayed'], undefined);
  });

  test('an Idempotency-Key on GET or DELETE has no effect', async () => {
    // API reference: "Don’t send idempotency keys in GET and DELETE requests because it has no effect. These
    // requests are idempotent by definition."
    const c = await stripe.customers.create({ name: 'Read me' });
    const r1 = await t.request('GET', `/v1/customers/${c.id}`, { headers: { 'Idempotency-Key': 'core-get' } });
    await stripe.customers.update(c.id, { name: 'Read me again' });
    const r2 = await t.request('GET', `/v1/customers/${c.id}`, { headers: { 'Idempotency-Key': 'core-get' } });
    assert.equal(((await r1.json()) as Stripe.Customer).name, 'Read me');
    assert.equal(((await r2.json()) as Stripe.Customer).name, 'Read me again');
    assert.equal(r2.headers.get('idempotent-replayed'), null);
    const d = await t.request('DELETE', `/v1/customers/${c.id}`, { headers: { 'Idempotency-Key': 'core-get' } });
    assert.equal(d.status, 200);
    assert.equal(((await d.json()) as { deleted: boolean }).deleted, true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Errors and authentication

describe('errors and authentication', () => {
  test('no key, an unknown key, a live key: 401 with Stripe’s messages, the key masked', async () => {
    // API reference, "Authentication" and "Errors": 401 Unauthorized, "No valid API key provided".
    const none = await fetch(`${t.url}/v1/customers`);
    assert.equal(none.status, 401);
    const e1 = await errorOf(none);
    assert.equal(e1.type, 'invalid_request_error');
    assert.equal(
      e1.message,
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
    const unknown = await stripeError(t.client('sk_test_placeholder').customers.list());
    assert.ok(unknown instanceof Stripe.errors.StripeAuthenticationError);
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.message, 'Invalid API Key provided: sk_test_*******lder');
    const malformed = await fetch(`${t.url}/v1/customers`, { headers: { Authorization: 'Bearer not-a-stripe-key' } });
    assert.equal(malformed.status, 401);
    assert.equal((await errorOf(malformed)).message, 'Invalid API Key provided: ************-key');
    const live = await stripeError(t.client('sk_live_0123456789abcdefghijWXYZ').customers.list());
    assert.ok(live instanceof Stripe.errors.StripeAuthenticationError);
    assert.match(live.message, /^Invalid API Key provided: sk_live_\*{20}WXYZ/);
  });

  test('Basic auth with the key as the user name works as Bearer does', async () => {
    // API reference, "Authentication": "Authentication to the API is performed with HTTP Basic Auth. Provide your API
    // key as the basic auth username value. You do not need to provide a password." (Bearer works too.)
    const res = await fetch(`${t.url}/v1/customers?limit=1`, { headers: { Authorization: `Basic ${btoa(`${t.keys.secret}:`)}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { object: string }).object, 'list');
  });

  test('a publishable key on a secret-key endpoint is a 403 secret_key_required with Stripe’s message', async () => {
    // API keys guide: publishable keys only identify the account to Stripe.js; Errors: 403 Forbidden, "The API key
    // doesn't have permissions to perform the request"; error codes: secret_key_required.
    const e = await stripeError(t.client(t.keys.publishable).customers.list());
    assert.ok(e instanceof Stripe.errors.StripePermissionError);
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, 'secret_key_required');
    assert.equal(e.doc_url, 'https://stripe.com/docs/error-codes/secret-key-required');
    assert.equal(
      e.message,
      'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    );
    assert.equal(e.rawType, 'invalid_request_error');
  });

  test('unknown parameters, top-level and nested; metadata takes any key', async () => {
    // Errors: "Received unknown parameter: X" (parameter_unknown), the param naming the bracketed path.
    let e = await stripeError(stripe.customers.create({ shoe_size: 42 } as Stripe.CustomerCreateParams));
    assert.equal(e.code, 'parameter_unknown');
    assert.equal(e.param, 'shoe_size');
    assert.equal(e.message, 'Received unknown parameter: shoe_size');
    e = await stripeError(stripe.customers.create({ address: { line1: 'x', planet: 'Mars' } } as Stripe.CustomerCreateParams));
    assert.equal(e.code, 'parameter_unknown');
    assert.equal(e.param, 'address[planet]');
    assert.equal(e.message, 'Received unknown parameter: address[planet]');
    e = await stripeError(stripe.customers.create({ foo: { bar: 'x' } } as Stripe.CustomerCreateParams));
    assert.equal(e.message, 'Received unknown parameter: foo');
    const ok = await stripe.customers.create({ metadata: { 'any key at all': 'x', foo: 'bar' } });
    assert.deepEqual(ok.metadata, { 'any key at all': 'x', foo: 'bar' });
  });

  test('parameter_missing, parameter_invalid_integer, parameter_invalid_empty: code, param, message and doc_url', async () => {
    // Error codes reference: parameter_missing, parameter_invalid_integer, parameter_invalid_empty; every error with
    // a code links its doc_url.
    let e = await stripeError(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    assert.deepEqual([e.code, e.param, e.message, e.doc_url], [
      'parameter_missing', 'amount', 'Missing required param: amount.', 'https://stripe.com/docs/error-codes/parameter-missing',
    ]);
    const bad = await t.request('POST', '/v1/payment_intents', { body: 'amount=ten&currency=usd' });
    assert.equal(bad.status, 400);
    const b = await errorOf(bad);
    assert.deepEqual([b.type, b.code, b.param, b.message, b.doc_url], [
      'invalid_request_error', 'parameter_invalid_integer', 'amount', 'Invalid integer: ten', 'https://stripe.com/docs/error-codes/parameter-invalid-integer',
    ]);
    e = await stripeError(stripe.paymentIntents.create({ amount: '' as unknown as number, currency: 'usd' }));
    assert.equal(e.code, 'parameter_invalid_empty');
    assert.equal(e.param, 'amount');
    assert.equal(
      e.message,
      "You passed an empty string for 'amount'. We assume empty values are an attempt to unset a parameter; however 'amount' cannot be unset. You should remove 'amount' from your request or supply a non-empty value.",
    );
    assert.equal(e.doc_url, 'https://stripe.com/docs/error-codes/parameter-invalid-empty');
  });

  test('errors carry a request_log_url; the simulator’s shows the request on its control plane', async () => {
    // Stripe's errors link the request's log (request_log_url, which the SDK exposes on the error). The simulator
    // has no Dashboard: its link is GET /_sim/requests/:id (secret key), the request and the error it got.
    const e = await stripeError(stripe.customers.retrieve('cus_nothere'));
    assert.equal(e.message, "No such customer: 'cus_nothere'");
    const url = (e as Stripe.errors.StripeError & { request_log_url?: string }).request_log_url ?? '';
    assert.equal(url, `${t.url}/_sim/requests/${e.requestId}`);
    const log = await t.control('GET', new URL(url).pathname);
    assert.equal(log.id, e.requestId);
    assert.equal(log.status, 404);
    assert.equal(log.method, 'GET');
    assert.equal(log.path, '/v1/customers/cus_nothere');
    assert.equal((log.error as { message: string }).message, "No such customer: 'cus_nothere'");
    assert.equal((await fetch(url)).status, 401, 'the log needs the secret key');
  });

  test('unknown URLs, a trailing slash and a wrong method are JSON 404s in Stripe’s words', async () => {
    // Errors: an unrecognized URL is a 404 invalid_request_error "Unrecognized request URL (METHOD: path)".
    let res = await t.request('GET', '/v1/widgets');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('request-id') ?? '', /^req_/);
    assert.deepEqual(await errorOf(res), {
      type: 'invalid_request_error',
      message: 'Unrecognized request URL (GET: /v1/widgets). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    });
    res = await t.request('GET', '/v1/customers/');
    assert.equal(res.status, 404);
    assert.equal(
      (await errorOf(res)).message,
      'Unrecognized request URL (GET: /v1/customers/). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    );
    res = await t.request('PUT', '/v1/customers');
    assert.equal(res.status, 404);
    assert.match((await errorOf(res)).message, /^Unrecognized request URL \(PUT: \/v1\/customers\)\./);
    const sdk = await stripeError(stripe.rawRequest('GET', '/v1/widgets', {}));
    assert.ok(sdk instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(sdk.statusCode, 404);
  });

  test('an unknown Stripe-Version is a 400 naming it', async () => {
    // Versioning: requests pick their version with the Stripe-Version header; an invalid one is refused.
    const res = await t.request('GET', '/v1/customers', { headers: { 'Stripe-Version': 'not-a-version' } });
    assert.equal(res.status, 400);
    const e = await errorOf(res);
    assert.equal(e.type, 'invalid_request_error');
    assert.equal(e.message, 'Invalid Stripe API version: not-a-version');
    const sdk = await stripeError(t.client(t.keys.secret, { apiVersion: '2011-01-01' as Stripe.LatestApiVersion }).customers.list());
    assert.ok(sdk instanceof Stripe.errors.StripeInvalidRequestError);
    assert.match(sdk.message, /^Invalid Stripe API version: 2011-01-01/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Pagination and expansion

describe('lists and expansion', () => {
  const ids: string[] = [];
  before(async () => {
    const l = await startTestSim();
    // a fresh simulator: exact counts
    t2 = l;
    for (let i = 0; i < 5; i++) ids.push((await l.stripe.products.create({ name: `P${i}` })).id);
  });
  after(() => t2.close());
  let t2: TestSim;

  test('limit is 1 to 100 (default 10); has_more says whether more exist; url is the list’s path; newest first', async () => {
    // API reference, "Pagination": limit "between 1 and 100, and the default is 10"; has_more "whether or not there
    // are more elements available after this set"; url, "the URL where this list can be accessed".
    const all = await t2.stripe.products.list();
    assert.deepEqual(all.data.map((p) => p.id), [...ids].reverse());
    assert.equal(all.has_more, false);
    assert.equal(all.url, '/v1/products');
    assert.equal(all.object, 'list');
    assert.equal((await t2.stripe.products.list({ limit: 5 })).has_more, false, 'exactly the last page');
    assert.equal((await t2.stripe.products.list({ limit: 4 })).has_more, true);
    for (const [limit, message] of [[0, 'This value must be greater than or equal to 1.'], [101, 'This value must be less than or equal to 100.']] as const) {
      const e = await stripeError(t2.stripe.products.list({ limit }));
      assert.equal(e.param, 'limit');
      assert.equal(e.message, message);
    }
    const bad = await t2.request('GET', '/v1/products?limit=ten');
    assert.equal((await errorOf(bad)).code, 'parameter_invalid_integer');
    let n = 0;
    for await (const p of t2.stripe.products.list({ limit: 2 })) if (ids.includes(p.id)) n++;
    assert.equal(n, 5, 'auto-pagination walks starting_after to the end');
  });

  test('starting_after / ending_before: cursors by id, an unknown id is resource_missing, not both at once', async () => {
    // API reference, "Pagination": starting_after and ending_before are object ids defining the place in the list.
    const after2 = await t2.stripe.products.list({ limit: 2, starting_after: ids[3] });
    assert.deepEqual(after2.data.map((p) => p.id), [ids[2], ids[1]]);
    assert.equal(after2.has_more, true);
    const before2 = await t2.stripe.products.list({ limit: 2, ending_before: ids[1] });
    assert.deepEqual(before2.data.map((p) => p.id), [ids[3], ids[2]]);
    assert.equal(before2.has_more, true);
    // an unknown cursor is a 400 resource_missing naming the param (Stripe answers HTTP 400 here, not 404)
    let e = await stripeError(t2.stripe.products.list({ starting_after: 'prod_nothere' }));
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, 'resource_missing');
    assert.equal(e.param, 'starting_after');
    assert.equal(e.message, "No such product: 'prod_nothere'");
    // a customer's sources word it their own way
    const cus = await t2.stripe.customers.create({ source: 'tok_visa' });
    e = await stripeError(t2.stripe.customers.listSources(cus.id, { object: 'card', starting_after: 'card_nothere' }));
    assert.deepEqual([e.statusCode, e.code, e.param, e.message], [400, 'resource_missing', 'starting_after', `Customer ${cus.id} does not have card with ID card_nothere`]);
    e = await stripeError(t2.stripe.products.list({ starting_after: ids[1], ending_before: ids[3] }));
    assert.equal(e.message, 'You may only specify one of these parameters: ending_before, starting_after.');
  });

  test('created filters as an integer or as gt/gte/lt/lte', async () => {
    // API reference, list parameters: created "can be a string with an integer Unix timestamp, or it can be a
    // dictionary" with gt, gte, lt, lte.
    const first = await t2.stripe.products.retrieve(ids[0]);
    await t2.control('POST', '/_sim/clock/advance', { seconds: 100 });
    const later = await t2.stripe.products.create({ name: 'Later' });
    assert.deepEqual((await t2.stripe.products.list({ created: later.created })).data.map((p) => p.id), [later.id]);
    assert.deepEqual((await t2.stripe.products.list({ created: { gt: first.created } })).data.map((p) => p.id), [later.id]);
    assert.equal((await t2.stripe.products.list({ created: { lte: first.created }, limit: 100 })).data.length, 5);
    assert.equal((await t2.stripe.products.list({ created: { gte: first.created, lt: later.created }, limit: 100 })).data.length, 5);
    const e = await stripeError(t2.stripe.products.list({ created: { after: 1 } } as Stripe.ProductListParams));
    assert.equal(e.message, 'Received unknown parameter: created[after]');
    await t2.stripe.products.del(later.id);
  });

  test('expand[]: data.x on lists, nested paths, Stripe’s errors for what cannot be expanded and beyond 4 levels', async () => {
    // API reference, "Expanding responses": expand lists with data.<field>; "Expansions have a maximum depth of four
    // levels"; fields that are not expandable are refused.
    const c = await t2.stripe.customers.create({ email: 'expand@example.com' });
    const pi = await t2.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: c.id, payment_method: 'pm_card_visa', confirm: true });
    const list = await t2.stripe.paymentIntents.list({ expand: ['data.customer'] });
    assert.equal((list.data[0].customer as Stripe.Customer).email, 'expand@example.com');
    const deep = await t2.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.balance_transaction', 'customer'] });
    assert.equal(((deep.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction).object, 'balance_transaction');
    assert.equal((deep.customer as Stripe.Customer).id, c.id);
    let e = await stripeError(t2.stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] }));
    assert.equal(e.message, 'This property cannot be expanded (amount).');
    assert.equal(e.param, 'expand');
    e = await stripeError(t2.stripe.paymentIntents.list({ expand: ['customer'] }));
    assert.equal(e.message, "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead.");
    e = await stripeError(t2.stripe.products.list({ expand: ['data.nothing'] }));
    assert.equal(e.message, 'This property cannot be expanded (data.nothing).');
    e = await stripeError(t2.stripe.webhookEndpoints.list({ expand: ['data.anything'] }));
    assert.equal(e.message, 'This property cannot be expanded (data.anything).', 'refused on an empty page too');
    e = await stripeError(t2.stripe.charges.list({ expand: ['data.payment_intent.customer.default_source.x'] }));
    assert.equal(e.message, 'You cannot expand more than 4 levels of a property. Property: data.payment_intent.customer.default_source.x');
    assert.equal(e.code, 'property_expansion_max_depth');
    const four = await t2.stripe.charges.list({ expand: ['data.payment_intent.customer.default_source'] });
    assert.equal(((four.data[0].payment_intent as Stripe.PaymentIntent).customer as Stripe.Customer).id, c.id);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Metadata

describe('metadata', () => {
  test('limits: 50 keys, keys up to 40 characters, values up to 500, in Stripe’s words', async () => {
    // API reference, "Metadata": "You can specify up to 50 keys, with key names up to 40 characters long and values up
    // to 500 characters long."
    let e = await stripeError(stripe.customers.create({ metadata: { ['k'.repeat(41)]: 'v' } }));
    assert.equal(e.param, 'metadata');
    assert.equal(e.message, `Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters. Invalid key: ${'k'.repeat(41)}`);
    e = await stripeError(stripe.customers.create({ metadata: { k: 'v'.repeat(501) } }));
    assert.equal(e.param, 'metadata');
    assert.equal(e.message, `Metadata values can have up to 500 characters, but you passed in a value that is 501 characters. Invalid value: ${'v'.repeat(501)}`);
    // values are strings: a nested value is refused ("Invalid value type: {...} must be a string")
    const nested = await t.request('POST', '/v1/customers', { body: 'metadata[ids][0]=608066357640020d17efc2ac' });
    assert.equal(nested.status, 400);
    assert.equal((await errorOf(nested)).message, 'Invalid value type: {:"0"=>"608066357640020d17efc2ac"} must be a string');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    e = await stripeError(stripe.customers.create({ metadata: many }));
    assert.match(e.message, /^Metadata can have up to 50 keys, but you've set 51\./);
    const ok = await stripe.customers.create({ metadata: { ['k'.repeat(40)]: 'v'.repeat(500) } });
    assert.equal(ok.metadata['k'.repeat(40)].length, 500);
  });

  test('on every updatable resource, an empty value deletes a key and an empty metadata clears them all', async () => {
    // API reference, "Metadata": "You can unset individual keys if you POST an empty value for that key. You can
    // clear all keys if you POST an empty value for metadata."
    const c = await stripe.customers.create({});
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    const prod = await stripe.products.create({ name: 'Meta' });
    const price = await stripe.prices.create({ product: prod.id, unit_amount: 500, currency: 'usd' });
    const ep = await stripe.webhookEndpoints.create({ url: 'https://example.com/meta', enabled_events: ['*'] });
    const paid = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 100 });
    // "You must save this PaymentMethod to a customer before you can update it" (Stripe): attached first
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const si = await stripe.setupIntents.create({});
    type Updater = (id: string, metadata: Stripe.MetadataParam | '') => Promise<{ metadata: Stripe.Metadata | null }>;
    const cases: [string, string, Updater][] = [
      ['customer', c.id, (id, metadata) => stripe.customers.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['payment_intent', pi.id, (id, metadata) => stripe.paymentIntents.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['product', prod.id, (id, metadata) => stripe.products.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['price', price.id, (id, metadata) => stripe.prices.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['webhook_endpoint', ep.id, (id, metadata) => stripe.webhookEndpoints.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['charge', paid.latest_charge as string, (id, metadata) => stripe.charges.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['refund', refund.id, (id, metadata) => stripe.refunds.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['payment_method', pm.id, (id, metadata) => stripe.paymentMethods.update(id, { metadata: metadata as Stripe.MetadataParam })],
      ['setup_intent', si.id, (id, metadata) => stripe.setupIntents.update(id, { metadata: metadata as Stripe.MetadataParam })],
    ];
    for (const [kind, id, update] of cases) {
      assert.deepEqual((await update(id, { a: '1', b: '2', c: '3' })).metadata, { a: '1', b: '2', c: '3' }, kind);
      assert.deepEqual((await update(id, { b: '', d: '4' })).metadata, { a: '1', c: '3', d: '4' }, `${kind}: b deleted, d added, the rest kept`);
      assert.deepEqual((await update(id, '')).metadata, {}, `${kind}: metadata= clears all`);
      const e = await stripeError(update(id, { ['x'.repeat(41)]: 'y' }));
      assert.match(e.message, /^Metadata keys can have up to 40 characters/, kind);
    }
    await stripe.webhookEndpoints.del(ep.id);
  });
});

// The wire protocol as the SDKs use it: bracket form params, query params, JSON responses, headers, errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { parseForm } from '../../../sim/core/form.ts';
import { startTestSim, type TestSim } from '../helpers/sim.ts';

describe('form parsing', () => {
  test('nested objects, indexed arrays and [] arrays', () => {
    const f = parseForm('a=1&m[k]=v&m[n][x]=y&e[0]=p&e[1]=q&l[]=1&l[]=2&o[][a]=1&o[][b]=2&o[][a]=3');
    assert.equal(JSON.stringify(f), JSON.stringify({ a: '1', m: { k: 'v', n: { x: 'y' } }, e: { 0: 'p', 1: 'q' }, l: ['1', '2'], o: [{ a: '1', b: '2' }, { a: '3' }] }));
  });
  test('percent-encoding and + are decoded; brackets may be encoded', () => {
    const f = parseForm('name=Jane+Doe&metadata%5Bnote%5D=a%26b%3Dc');
    assert.equal(f.name, 'Jane Doe');
    assert.equal((f.metadata as Record<string, string>).note, 'a&b=c');
  });
  test('__proto__ keys do not pollute prototypes', () => {
    const f = parseForm('__proto__[polluted]=1&constructor[prototype][x]=1');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.keys(f).includes('__proto__'));
  });
  test('a key used both as a value and as an object is an invalid_request_error', () => {
    assert.throws(() => parseForm('a=1&a[b]=2'), (e: Error & { status?: number }) => e.status === 400);
  });
  test('malformed percent-encoding is an invalid_request_error', () => {
    assert.throws(() => parseForm('a=%E0%A4%A'), (e: Error & { status?: number }) => e.status === 400);
  });
});

describe('over HTTP', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim();
  });
  after(() => t.close());

  test('every response carries a req_ Request-Id and JSON content type', async () => {
    for (const [m, p] of [
      ['GET', '/v1/customers'],
      ['GET', '/v1/nope'],
      ['POST', '/v1/customers/cus_missing'],
    ]) {
      const res = await t.request(m, p, m === 'POST' ? { body: '' } : {});
      assert.match(res.headers.get('request-id') ?? '', /^req_[A-Za-z0-9]{14}$/);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      await res.text();
    }
  });

  test('Stripe-Version is echoed', async () => {
    const res = await t.request('GET', '/v1/customers', { headers: { 'Stripe-Version': '2026-03-25.dahlia' } });
    assert.equal(res.headers.get('stripe-version'), '2026-03-25.dahlia');
    const def = await t.request('GET', '/v1/customers');
    assert.equal(def.headers.get('stripe-version'), '2026-10-28.endive');
  });

  test('an unknown URL is a JSON 404 in the envelope', async () => {
    const res = await t.request('GET', '/v1/foo');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), {
      error: {
        message: 'Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
        type: 'invalid_request_error',
      },
    });
  });

  test('an empty path segment is not collapsed: /v1//customers is unrecognized', async () => {
    const res = await t.request('GET', '/v1//customers');
    assert.equal(res.status, 404);
    await res.text();
  });

  test('a known path with the wrong method is an unrecognized URL too', async () => {
    const res = await t.request('DELETE', '/v1/customers');
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /^Unrecognized request URL \(DELETE: \/v1\/customers\)/);
  });

  test('unknown parameters are rejected by name, nested ones with brackets', async () => {
    await assert.rejects(t.stripe.customers.create({ bogus: 1 } as Stripe.CustomerCreateParams), (e: Stripe.errors.StripeError) => {
      assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
      assert.equal(e.message, 'Received unknown parameter: bogus');
      assert.equal(e.param, 'bogus');
      assert.equal(e.code, 'parameter_unknown');
      return true;
    });
    const res = await t.request('POST', '/v1/customers', { body: 'invoice_settings[nope]=1' });
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, 'Received unknown parameter: invoice_settings[nope]');
  });

  test('invalid integers are parameter_invalid_integer', async () => {
    const res = await t.request('POST', '/v1/customers', { body: 'balance=abc' });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: Record<string, string> };
    assert.equal(error.code, 'parameter_invalid_integer');
    assert.equal(error.message, 'Invalid integer: abc');
    assert.equal(error.param, 'balance');
  });

  test('missing required params are parameter_missing', async () => {
    await assert.rejects(t.stripe.products.create({} as Stripe.ProductCreateParams), (e: Stripe.errors.StripeError) => {
      assert.equal(e.code, 'parameter_missing');
      assert.equal(e.message, 'Missing required param: name.');
      assert.equal(e.param, 'name');
      return true;
    });
  });

  test('invalid enum values list the allowed values', async () => {
    const res = await t.request('POST', '/v1/customers', { body: 'tax_exempt=maybe' });
    const { error } = (await res.json()) as { error: Record<string, string> };
    assert.equal(error.message, 'Invalid tax_exempt: must be one of exempt, none, or reverse');
    assert.equal(error.param, 'tax_exempt');
  });

  test('an empty value for a required param is parameter_invalid_empty', async () => {
    const res = await t.request('POST', '/v1/products', { body: 'name=' });
    const { error } = (await res.json()) as { error: Record<string, string> };
    assert.equal(error.code, 'parameter_invalid_empty');
    assert.match(error.message, /^You passed an empty string for 'name'/);
  });

  test('GET parameters come from the query string', async () => {
    await t.stripe.customers.create({ email: 'query@example.com' });
    const res = await t.request('GET', '/v1/customers?email=query%40example.com&limit=1');
    const body = (await res.json()) as { data: { email: string }[] };
    assert.equal(body.data.length, 1);
    assert.equal(body.data[0].email, 'query@example.com');
  });

  test('a JSON body is not what Stripe accepts: its text becomes an unknown parameter', async () => {
    const res = await t.request('POST', '/v1/customers', { body: '{"email":"a@b.c"}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /^Received unknown parameter: /);
  });

  test('CORS preflight on /v1 allows Stripe.js-style calls from other origins', async () => {
    const res = await fetch(`${t.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  });

  test('expand accepts dotted paths and rejects fields that cannot be expanded', async () => {
    const res = await t.request('POST', '/v1/customers', { body: 'expand[0]=email' });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: Record<string, string> };
    assert.equal(error.message, 'This property cannot be expanded (email).');
    const ok = await t.request('POST', '/v1/customers', { body: 'expand[0]=invoice_settings.default_payment_method' });
    assert.equal(ok.status, 200);
  });

  test('a failed request has no side effect (the transaction rolls back)', async () => {
    const before = (await t.stripe.customers.list({ limit: 100 })).data.length;
    const res = await t.request('POST', '/v1/customers', { body: 'email=x@y.z&expand[0]=nope' });
    assert.equal(res.status, 400);
    assert.equal((await t.stripe.customers.list({ limit: 100 })).data.length, before);
  });
});

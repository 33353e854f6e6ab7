// API keys: secret (Bearer or Basic), publishable only where Stripe.js may call, Stripe's refusals otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

async function errorOf(res: Response): Promise<Record<string, string>> {
  return ((await res.json()) as { error: Record<string, string> }).error;
}

test('the secret key works as Bearer', async () => {
  const res = await t.request('GET', '/v1/customers');
  assert.equal(res.status, 200);
});

test('the secret key works as Basic auth username (curl -u sk:)', async () => {
  const res = await fetch(`${t.url}/v1/customers`, { headers: { Authorization: `Basic ${btoa(`${t.keys.secret}:`)}` } });
  assert.equal(res.status, 200);
});

test('no key is a 401 with Stripe’s message and the SDK raises StripeAuthenticationError', async () => {
  const res = await fetch(`${t.url}/v1/customers`);
  assert.equal(res.status, 401);
  const e = await errorOf(res);
  assert.equal(e.type, 'invalid_request_error');
  assert.match(e.message, /^You did not provide an API key\. You need to provide your API key in the Authorization header/);
});

test('an unknown key is refused with the key masked', async () => {
  await assert.rejects(t.client('sk_test_wrongwrongwrong1234').customers.list(), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeAuthenticationError);
    assert.equal(e.statusCode, 401);
    assert.equal(e.message, `Invalid API Key provided: sk_test_${'*'.repeat(15)}1234`);
    return true;
  });
});

test('a malformed key is refused without echoing it', async () => {
  const res = await fetch(`${t.url}/v1/customers`, { headers: { Authorization: 'Bearer hello-world-abcd' } });
  assert.equal(res.status, 401);
  assert.equal((await errorOf(res)).message, `Invalid API Key provided: ${'*'.repeat(12)}abcd`);
});

test('live keys are refused clearly', async () => {
  await assert.rejects(t.client('sk_live_123456789012345678909876').customers.list(), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeAuthenticationError);
    assert.match(e.message, /^Invalid API Key provided: sk_live_\*{20}9876\. This is a live mode key/);
    return true;
  });
});

test('a publishable key on a secret-key endpoint is refused as on Stripe', async () => {
  await assert.rejects(t.client(t.keys.publishable).customers.create({}), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripePermissionError);
    assert.equal(e.statusCode, 403);
    assert.equal(e.code, 'secret_key_required');
    assert.equal(
      e.message,
      'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    );
    return true;
  });
});

test('a publishable key is accepted where a route allows it (creating a PaymentMethod)', async () => {
  const res = await fetch(`${t.url}/v1/payment_methods`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2040&card[cvc]=123',
  });
  assert.equal(res.status, 200);
});

test('an unknown Stripe-Account is a permission error', async () => {
  await assert.rejects(t.client(t.keys.secret, { stripeAccount: 'acct_doesnotexist' }).customers.list(), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripePermissionError);
    assert.match(e.message, /does not have access to account 'acct_doesnotexist'/);
    return true;
  });
});

test('the platform account id in Stripe-Account acts on the platform', async () => {
  const res = await t.request('GET', '/v1/customers', { headers: { 'Stripe-Account': t.server.account } });
  assert.equal(res.status, 200);
});

test('auth is checked before routing: an unknown URL without a key is a 401', async () => {
  const res = await fetch(`${t.url}/v1/nope`);
  assert.equal(res.status, 401);
});

test('the control plane requires the secret key', async () => {
  assert.equal((await fetch(`${t.url}/_sim/clock`)).status, 401);
  assert.equal((await fetch(`${t.url}/_sim/clock`, { headers: { Authorization: `Bearer ${t.keys.publishable}` } })).status, 401);
  assert.equal((await fetch(`${t.url}/_sim/clock`, { headers: { Authorization: `Bearer ${t.keys.secret}` } })).status, 200);
});

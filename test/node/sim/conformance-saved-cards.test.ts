// Conformance of "save a card and charge it later", through the official SDK, as Stripe's guides describe it: "Set up
// future payments" (SetupIntents), "Save payment details during payment" (setup_future_usage), "Charge a saved card
// off-session" (off_session=true, confirm=true; authentication_required and on-session recovery) and the Testing
// page's authentication cards (4000002500003155, 4000002760003184, 4000003800000446, 4000000000003063).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
let dahlia: Stripe;
let publishable: Stripe;
const RETURN = 'https://shop.example/saved';

before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  const opts = { host: '127.0.0.1', port: server.port, protocol: 'http' as const, maxNetworkRetries: 0 };
  stripe = new Stripe(server.keys.secret, opts);
  dahlia = new Stripe(server.keys.secret, { ...opts, apiVersion: '2026-03-25.dahlia' as Stripe.StripeConfig['apiVersion'] });
  publishable = new Stripe(server.keys.publishable, opts);
});
after(() => server.close());

async function answer(url: string, outcome: 'complete' | 'fail'): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome }), redirect: 'manual' });
  assert.ok(res.status < 400, `challenge page answered ${res.status}`);
}

/** A card saved for off-session use with a SetupIntent, authenticating on the challenge page when asked. */
async function saveCard(card: string, usage: 'off_session' | 'on_session' = 'off_session'): Promise<{ customer: string; pm: string; si: Stripe.SetupIntent }> {
  const customer = await stripe.customers.create({ email: 'saver@example.com' });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: card, usage, confirm: true, return_url: RETURN });
  if (si.status === 'requires_action') await answer(si.next_action!.redirect_to_url!.url!, 'complete');
  const done = await stripe.setupIntents.retrieve(si.id);
  assert.equal(done.status, 'succeeded');
  return { customer: customer.id, pm: done.payment_method as string, si: done };
}

function offSession(customer: string, pm: string, amount = 1099): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'eur', customer, payment_method: pm, off_session: true, confirm: true });
}

async function cardError(p: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
  const err = await p.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof Stripe.errors.StripeCardError, `expected a StripeCardError, got ${String(err)}`);
  return err;
}

test('SetupIntent create: usage defaults to off_session, automatic_payment_methods on endive, payment_method_types on dahlia', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id });
  assert.equal(si.object, 'setup_intent');
  assert.equal(si.status, 'requires_payment_method');
  assert.equal(si.usage, 'off_session');
  assert.equal(si.customer, customer.id);
  assert.deepEqual(si.automatic_payment_methods, { allow_redirects: 'always', enabled: true });
  assert.equal(si.latest_attempt, null);
  assert.equal(si.mandate, null);
  assert.equal(si.next_action, null);
  assert.equal(si.last_setup_error, null);
  assert.equal(si.payment_method, null);
  const on = await stripe.setupIntents.create({ usage: 'on_session' });
  assert.equal(on.usage, 'on_session');
  const old = await dahlia.setupIntents.create({ customer: customer.id, payment_method_types: ['card'] });
  assert.deepEqual(old.payment_method_types, ['card']);
  assert.equal(old.automatic_payment_methods, null);
  assert.ok(!('allowed_payment_method_types' in old), 'dahlia has no allowed_payment_method_types');
  const bad = await stripe.setupIntents.create({ usage: 'later' as Stripe.SetupIntentCreateParams.Usage }).catch((e: unknown) => e);
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'usage');
});

test('SetupIntent: automatic_payment_methods and payment_method_types together are refused, as on PaymentIntents', async () => {
  const err = await dahlia.setupIntents.create({ payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }).catch((e: unknown) => e);
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.message, 'You may only specify one of these parameters: payment_method_types, automatic_payment_methods.');
  const endive = await stripe.setupIntents.create({
    allowed_payment_method_types: ['card'], automatic_payment_methods: { enabled: true },
  } as Stripe.SetupIntentCreateParams).catch((e: unknown) => e);
  assert.ok(endive instanceof Stripe.errors.StripeInvalidRequestError);
  assert.match(endive.message, /^You may only specify one of these parameters: allowed_payment_method_types, automatic_payment_methods\.$/);
});

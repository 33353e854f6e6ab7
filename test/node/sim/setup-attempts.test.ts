// SetupAttempts through the official SDK: one per SetupIntent confirmation, named by `latest_attempt`, listed by
// SetupIntent (newest first), with the card's details, 3D Secure outcome and setup_error; attempts left waiting for
// authentication are abandoned by a new confirmation or a cancellation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: ':memory:', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const challengeUrl = (si: Stripe.SetupIntent): string => (si.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;

test('a successful confirmation records a succeeded attempt with the card, named by latest_attempt', async () => {
  const customer = await stripe.customers.create();
  const open = await stripe.setupIntents.create({ customer: customer.id });
  assert.equal(open.latest_attempt, null, 'no attempt before a confirmation');
  const si = await stripe.setupIntents.confirm(open.id, { payment_method: 'pm_card_mastercard' });
  assert.equal(si.status, 'succeeded');
  assert.match(String(si.latest_attempt), /^setatt_/);
  const { data, has_more, url } = await stripe.setupAttempts.list({ setup_intent: si.id });
  assert.equal(url, '/v1/setup_attempts');
  assert.equal(has_more, false);
  assert.equal(data.length, 1);
  const attempt = data[0];
  assert.equal(attempt.id, si.latest_attempt);
  assert.equal(attempt.object, 'setup_attempt');
  assert.equal(attempt.status, 'succeeded');
  assert.equal(attempt.setup_intent, si.id);
  assert.equal(attempt.customer, customer.id);
  assert.equal(attempt.payment_method, si.payment_method);
  assert.equal(attempt.usage, 'off_session');
  assert.equal(attempt.setup_error, null);
  assert.equal(attempt.livemode, false);
  assert.equal(attempt.payment_method_details.type, 'card');
  assert.equal(attempt.payment_method_details.card?.brand, 'mastercard');
  assert.equal(attempt.payment_method_details.card?.last4, '4444');
  assert.equal(attempt.payment_method_details.card?.three_d_secure, null);
  const expanded = await stripe.setupIntents.retrieve(si.id, { expand: ['latest_attempt'] });
  assert.equal((expanded.latest_attempt as Stripe.SetupAttempt).id, attempt.id);
});

test('a declined card leaves a failed attempt carrying the setup error; a retry is a new attempt, listed first', async () => {
  const err = await stripe.setupIntents.create({ payment_method: 'pm_card_visa_chargeDeclined', confirm: true }).catch((e: unknown) => e as Stripe.errors.StripeCardError);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  const si = err.setup_intent!;
  const [failed] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
  assert.equal(failed.id, si.latest_attempt);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.setup_error?.code, 'card_declined');
  assert.equal(failed.setup_error?.decline_code, 'generic_decline');
  assert.equal(failed.setup_error?.type, 'card_error');
  const ok = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
  const list = await stripe.setupAttempts.list({ setup_intent: si.id });
  assert.deepEqual(list.data.map((a) => a.status), ['succeeded', 'failed']);
  assert.equal(list.data[0].id, ok.latest_attempt);
  const page = await stripe.setupAttempts.list({ setup_intent: si.id, limit: 1 });
  assert.equal(page.has_more, true);
  const next = await stripe.setupAttempts.list({ setup_intent: si.id, limit: 1, starting_after: page.data[0].id });
  assert.equal(next.data[0].id, failed.id);
});

test('3D Secure: requires_action until the challenge is answered, then succeeded (authenticated) or failed', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  assert.equal(si.status, 'requires_action');
  const [pending] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
  assert.equal(pending.status, 'requires_action');
  await fetch(challengeUrl(si), { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }) });
  const [done] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
  assert.equal(done.id, pending.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.payment_method_details.card?.three_d_secure?.result, 'authenticated');

  const si2 = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  await fetch(challengeUrl(si2), { method: 'POST', body: new URLSearchParams({ outcome: 'fail' }) });
  const [failed] = (await stripe.setupAttempts.list({ setup_intent: si2.id })).data;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.setup_error?.code, 'setup_intent_authentication_failure');
  assert.equal(failed.payment_method_details.card?.three_d_secure?.result, 'failed');
});

test('an attempt waiting for authentication is abandoned by a new confirmation or a cancellation', async () => {
  const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
  assert.deepEqual((await stripe.setupAttempts.list({ setup_intent: si.id })).data.map((a) => a.status), ['succeeded', 'abandoned']);
  const other = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
  await stripe.setupIntents.cancel(other.id);
  assert.deepEqual((await stripe.setupAttempts.list({ setup_intent: other.id })).data.map((a) => a.status), ['abandoned']);
});

test('setup_intent is required to list attempts; another SetupIntent’s attempts are not listed', async () => {
  const err = await stripe.setupAttempts.list({} as Stripe.SetupAttemptListParams).catch((e: unknown) => e as Stripe.errors.StripeInvalidRequestError);
  assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(err.code, 'parameter_missing');
  assert.equal(err.param, 'setup_intent');
  const a = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true });
  const b = await stripe.setupIntents.create();
  assert.equal((await stripe.setupAttempts.list({ setup_intent: b.id })).data.length, 0);
  assert.equal((await stripe.setupAttempts.list({ setup_intent: a.id })).data.length, 1);
});

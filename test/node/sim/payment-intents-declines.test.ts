// Every test card's outcome through the official SDK: success per brand, each decline's error class, code,
// decline_code and message, and the PaymentIntent left at requires_payment_method with last_payment_error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const SUCCESS: Array<[string, string, string]> = [
  ['pm_card_visa', 'visa', 'credit'],
  ['pm_card_visa_debit', 'visa', 'debit'],
  ['pm_card_mastercard', 'mastercard', 'credit'],
  ['pm_card_mastercard_prepaid', 'mastercard', 'prepaid'],
  ['pm_card_amex', 'amex', 'credit'],
  ['pm_card_discover', 'discover', 'credit'],
  ['pm_card_diners', 'diners', 'credit'],
  ['pm_card_jcb', 'jcb', 'credit'],
  ['pm_card_unionpay', 'unionpay', 'credit'],
];

for (const [pm, brand, funding] of SUCCESS) {
  test(`${pm} pays: succeeded, ${brand} ${funding} charge`, async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: pm, confirm: true, expand: ['latest_charge', 'payment_method'] });
    assert.equal(pi.status, 'succeeded');
    assert.equal(pi.amount_received, 2000);
    const charge = pi.latest_charge as Stripe.Charge;
    assert.equal(charge.status, 'succeeded');
    assert.equal(charge.paid, true);
    assert.equal(charge.payment_method_details?.card?.brand, brand);
    assert.equal(charge.payment_method_details?.card?.funding, funding);
    assert.equal(charge.outcome?.type, 'authorized');
    assert.equal(charge.outcome?.network_status, 'approved_by_network');
    assert.equal((pi.payment_method as Stripe.PaymentMethod).card?.brand, brand);
  });
}

const DECLINES: Array<[string, string, string | undefined, string, string | undefined]> = [
  ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.', undefined],
  ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.', undefined],
  ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card', 'Your card was declined.', undefined],
  ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', 'Your card was declined.', undefined],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.', 'exp_month'],
  ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect.", 'cvc'],
  ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.', undefined],
  ['pm_card_radarBlock', 'card_declined', 'fraudulent', 'Your card was declined.', undefined],
  ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline', 'Your card was declined.', undefined],
  ['pm_card_visa_chargeDeclinedVelocityLimitExceeded', 'card_declined', 'card_velocity_exceeded', 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.', undefined],
];

for (const [pm, code, declineCode, message, param] of DECLINES) {
  test(`${pm} declines with ${code}/${declineCode}`, async () => {
    const err = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: pm, confirm: true }).then(
      () => assert.fail('should have declined'),
      (e: unknown) => e as Stripe.errors.StripeCardError,
    );
    assert.ok(err instanceof Stripe.errors.StripeCardError, 'StripeCardError');
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, code);
    assert.equal(err.decline_code, declineCode);
    assert.equal(err.message, message);
    assert.equal(err.param, param);
    assert.match(err.doc_url ?? '', /^https:\/\/stripe\.com\/docs\/error-codes\//);
    const pi = err.payment_intent!;
    assert.equal(pi.status, 'requires_payment_method');
    assert.equal(pi.payment_method, null);
    assert.equal(pi.last_payment_error?.code, code);
    assert.equal(pi.last_payment_error?.decline_code, declineCode);
    assert.equal(pi.last_payment_error?.message, message);
    assert.equal(pi.last_payment_error?.type, 'card_error');
    assert.equal(pi.last_payment_error?.payment_method?.object, 'payment_method');
    const chargeId = (err.raw as { charge?: string }).charge!;
    assert.match(chargeId, /^ch_/);
    assert.equal(pi.latest_charge, chargeId);
    const charge = await stripe.charges.retrieve(chargeId);
    assert.equal(charge.status, 'failed');
    assert.equal(charge.paid, false);
    assert.equal(charge.failure_code, code);
    assert.equal(charge.failure_message, message);
    assert.equal(charge.balance_transaction, null);
    const stored = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(stored.status, 'requires_payment_method');
  });
}

test('a declined PaymentIntent can be paid with another card afterwards', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  await assert.rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa_chargeDeclined' }), Stripe.errors.StripeCardError);
  const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(ok.status, 'succeeded');
  assert.equal(ok.last_payment_error, null);
});

test('the fraud block is a blocked outcome that never reached the network', async () => {
  const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_radarBlock', confirm: true }).catch((e: Stripe.errors.StripeCardError) => e);
  const charge = await stripe.charges.retrieve((err as Stripe.errors.StripeCardError & { raw: { charge: string } }).raw.charge);
  assert.equal(charge.outcome?.type, 'blocked');
  assert.equal(charge.outcome?.network_status, 'not_sent_to_network');
  assert.equal(charge.outcome?.risk_level, 'highest');
});

test('a raw card number that is not a test card is declined as a live card in test mode', async () => {
  const err = await stripe.paymentMethods.create({ type: 'card', card: { number: '4111111111111111', exp_month: 12, exp_year: 2034, cvc: '123' } }).catch((e: unknown) => e as Stripe.errors.StripeCardError);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.code, 'card_declined');
  assert.match(err.message, /^Your card was declined\. Your request was in test mode, but used a non test \(live\) card\./);
});

test('raw test numbers pay the same way as their test ids', async () => {
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: 2034, cvc: '123' } });
  const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true }).catch((e: Stripe.errors.StripeCardError) => e);
  assert.equal((err as Stripe.errors.StripeCardError).decline_code, 'insufficient_funds');
  const amex = await stripe.paymentMethods.create({ type: 'card', card: { number: '378282246310005', exp_month: 12, exp_year: 2034, cvc: '1234' } });
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: amex.id, confirm: true });
  assert.equal(pi.status, 'succeeded');
});

test('a declined create is replayed for its idempotency key: same 402, no second PaymentIntent', async () => {
  const key = `decline-${Date.now()}`;
  const params = { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true };
  const first = await stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: Stripe.errors.StripeCardError) => e);
  const second = await stripe.paymentIntents.create(params, { idempotencyKey: key }).catch((e: Stripe.errors.StripeCardError) => e);
  assert.ok(first instanceof Stripe.errors.StripeCardError && second instanceof Stripe.errors.StripeCardError);
  assert.equal(second.payment_intent?.id, first.payment_intent?.id);
  assert.equal(second.headers?.['idempotent-replayed'], 'true');
});

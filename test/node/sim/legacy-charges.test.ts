// The Charges API's create (stripe.charges.create) and card tokens (stripe.tokens), through the official SDK:
// tok_* test ids and created tokens (single use), declines as 402 card errors naming the saved failed charge,
// capture: false then capture, 3D Secure cards (no authentication on Charges), refunds, validation, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount } from '../helpers/connect.ts';
import { stripeError as fails, useTestSim } from '../helpers/sim.ts';

const { sim, stripe } = useTestSim();

const year = new Date().getUTCFullYear() + 3;

test("the API reference's example: charges.create with source tok_visa", async () => {
  const charge = await stripe.charges.create({
    amount: 2000, currency: 'usd', source: 'tok_visa', description: 'My First Test Charge (created for API docs at https://www.stripe.com/docs/api)',
    metadata: { order: '6735' }, receipt_email: 'jenny@example.com', statement_descriptor_suffix: 'ORD6735',
    shipping: { name: 'Jenny Rosen', address: { line1: '510 Townsend St', city: 'San Francisco', postal_code: '94103', country: 'US' } },
    transfer_group: 'ORDER_6735',
  });
  assert.match(charge.id, /^ch_/);
  assert.equal(charge.object, 'charge');
  assert.equal(charge.amount, 2000);
  assert.equal(charge.amount_captured, 2000);
  assert.equal(charge.captured, true);
  assert.equal(charge.paid, true);
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.payment_intent, null);
  assert.equal(charge.currency, 'usd');
  assert.equal(charge.description, 'My First Test Charge (created for API docs at https://www.stripe.com/docs/api)');
  assert.deepEqual(charge.metadata, { order: '6735' });
  assert.equal(charge.receipt_email, 'jenny@example.com');
  assert.equal(charge.statement_descriptor_suffix, 'ORD6735');
  assert.equal(charge.calculated_statement_descriptor, 'CHECKOUTKIT* ORD6735');
  assert.equal(charge.shipping?.name, 'Jenny Rosen');
  assert.equal(charge.shipping?.address?.city, 'San Francisco');
  assert.equal(charge.transfer_group, 'ORDER_6735');
  assert.equal(charge.outcome?.type, 'authorized');
  assert.equal(charge.outcome?.network_status, 'approved_by_network');
  // the legacy card object as `source`, and the card as payment_method
  const source = charge.source as Stripe.Card;
  assert.equal(source.object, 'card');
  assert.match(source.id, /^card_/);
  assert.equal(source.brand, 'Visa');
  assert.equal(source.last4, '4242');
  assert.equal(source.funding, 'credit');
  assert.equal(charge.payment_method, source.id);
  assert.equal(charge.payment_method_details?.card?.brand, 'visa');
  assert.equal(charge.payment_method_details?.card?.last4, '4242');
  const bt = await stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
  assert.equal(bt.amount, 2000);
  assert.equal(bt.fee, 88); // 2.9% + 30
  assert.equal(bt.source, charge.id);
  assert.deepEqual(await stripe.charges.retrieve(charge.id).then((c) => [c.id, c.status, c.payment_intent]), [charge.id, 'succeeded', null]);
  const ev = (await stripe.events.list({ type: 'charge.succeeded', limit: 1 })).data[0];
  assert.equal((ev.data.object as Stripe.Charge).id, charge.id);
  // the list by customer / all charges finds it
  assert.ok((await stripe.charges.list({ limit: 5 })).data.some((c) => c.id === charge.id));
});

test('tok_* test ids can be charged again and again; each brand shows its card', async () => {
  const a = await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_visa' });
  const b = await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_visa' });
  assert.notEqual((a.source as Stripe.Card).id, (b.source as Stripe.Card).id);
  const amex = await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_amex' });
  assert.equal((amex.source as Stripe.Card).brand, 'American Express');
  assert.equal(amex.payment_method_details?.card?.brand, 'amex');
  const mc = await stripe.charges.create({ amount: 500, currency: 'usd', source: 'tok_mastercard' });
  assert.equal((mc.source as Stripe.Card).brand, 'MasterCard');
});

test('a declined test token answers 402 card_error naming the failed charge, which is kept', async () => {
  const err = await fails(stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_chargeDeclinedInsufficientFunds' }));
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.statusCode, 402);
  assert.equal(err.type, 'StripeCardError');
  assert.equal(err.code, 'card_declined');
  assert.equal(err.decline_code, 'insufficient_funds');
  assert.equal(err.message, 'Your card has insufficient funds.');
  const chargeId = (err.raw as { charge?: string }).charge;
  assert.match(chargeId ?? '', /^ch_/);
  const charge = await stripe.charges.retrieve(chargeId as string);
  assert.equal(charge.status, 'failed');
  assert.equal(charge.paid, false);
  assert.equal(charge.captured, false);
  assert.equal(charge.failure_code, 'card_declined');
  assert.equal(charge.failure_message, 'Your card has insufficient funds.');
  assert.equal(charge.balance_transaction, null);
  assert.equal(charge.outcome?.type, 'issuer_declined');
  const ev = (await stripe.events.list({ type: 'charge.failed', limit: 1 })).data[0];
  assert.equal((ev.data.object as Stripe.Charge).id, chargeId);

  const generic = await fails(stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_chargeDeclined' }));
  assert.equal(generic.code, 'card_declined');
  assert.equal(generic.decline_code, 'generic_decline');
  assert.equal(generic.message, 'Your card was declined.');
  const cvc = await fails(stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_chargeDeclinedIncorrectCvc' }));
  assert.equal(cvc.code, 'incorrect_cvc');
  const blocked = await fails(stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_radarBlock' }));
  assert.equal(blocked.decline_code, 'fraudulent');
  const blockedCharge = await stripe.charges.retrieve((blocked.raw as { charge: string }).charge);
  assert.equal(blockedCharge.outcome?.type, 'blocked');
});

test('tokens: create from a test card number, retrieve, charge once, then refused', async () => {
  const token = await stripe.tokens.create({ card: { number: '4242424242424242', exp_month: '12', exp_year: String(year), cvc: '314', name: 'Jenny Rosen', address_zip: '94103' } });
  assert.match(token.id, /^tok_/);
  assert.equal(token.object, 'token');
  assert.equal(token.type, 'card');
  assert.equal(token.used, false);
  assert.equal(token.livemode, false);
  assert.equal(token.card?.object, 'card');
  assert.match(token.card?.id ?? '', /^card_/);
  assert.equal(token.card?.brand, 'Visa');
  assert.equal(token.card?.last4, '4242');
  assert.equal(token.card?.exp_month, 12);
  assert.equal(token.card?.exp_year, year);
  assert.equal(token.card?.name, 'Jenny Rosen');
  assert.equal(token.card?.address_zip, '94103');
  assert.equal(token.card?.cvc_check, 'unchecked');
  assert.ok(!('number' in (token.card as object)), 'the number is never shown');
  const got = await stripe.tokens.retrieve(token.id);
  assert.equal(got.id, token.id);
  assert.equal(got.used, false);

  const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: token.id });
  assert.equal(charge.status, 'succeeded');
  assert.equal((charge.source as Stripe.Card).id, token.card?.id);
  assert.equal((charge.source as Stripe.Card).cvc_check, 'pass');
  assert.equal(charge.payment_method_details?.card?.checks?.cvc_check, 'pass');
  assert.equal(charge.billing_details.name, 'Jenny Rosen');
  assert.equal((await stripe.tokens.retrieve(token.id)).used, true);

  const again = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: token.id }));
  assert.ok(again instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(again.statusCode, 400);
  assert.equal(again.message, `You cannot use a Stripe token more than once: ${token.id}.`);
  assert.equal(again.code, 'token_already_used');
});

test('tokens: a declining card tokenizes, then its charge declines; Stripe.js may create tokens with the publishable key', async () => {
  const pk = sim.client(sim.keys.publishable);
  const token = await pk.tokens.create({ card: { number: '4000000000000002', exp_month: '1', exp_year: String(year) } });
  assert.equal(token.card?.cvc_check, null);
  const err = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: token.id }));
  assert.equal(err.decline_code, 'generic_decline');
  // a declined attempt used the token too
  assert.equal((await stripe.tokens.retrieve(token.id)).used, true);
  // the publishable key cannot charge
  const denied = await fails(pk.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' }));
  assert.equal(denied.statusCode, 403);
});

test('tokens: invalid card data and unknown tokens are refused as Stripe refuses them', async () => {
  const badNumber = await fails(stripe.tokens.create({ card: { number: '4242424242424241', exp_month: '12', exp_year: String(year) } }));
  assert.ok(badNumber instanceof Stripe.errors.StripeCardError);
  assert.equal(badNumber.code, 'incorrect_number');
  const expired = await fails(stripe.tokens.create({ card: { number: '4242424242424242', exp_month: '12', exp_year: '2001' } }));
  assert.equal(expired.code, 'invalid_expiry_year');
  const cvc = await fails(stripe.tokens.create({ card: { number: '378282246310005', exp_month: '12', exp_year: String(year), cvc: '123' } }));
  assert.equal(cvc.code, 'invalid_cvc');
  const missing = await fails(stripe.tokens.create({ card: { exp_month: '12', exp_year: String(year) } as Stripe.TokenCreateParams.Card }));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'card[number]');
  const live = await fails(stripe.tokens.create({ card: { number: '4111111111111111', exp_month: '12', exp_year: String(year) } }));
  assert.equal(live.decline_code, 'test_mode_live_card');
  const nothing = await fails(stripe.tokens.create({}));
  assert.equal(nothing.param, 'card');
  const unknown = await fails(stripe.tokens.retrieve('tok_doesnotexist'));
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.message, "No such token: 'tok_doesnotexist'");
  const testId = await stripe.tokens.retrieve('tok_mastercard');
  assert.equal(testId.id, 'tok_mastercard');
  assert.equal(testId.card?.brand, 'MasterCard');
  assert.equal(testId.used, false);
  const unknownSource = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_nope' }));
  assert.equal(unknownSource.statusCode, 404);
  assert.equal(unknownSource.message, "No such token: 'tok_nope'");
  assert.equal(unknownSource.param, 'source');
});

test('capture: false authorises only; charges.capture captures (partially), releases the rest and refunds work', async () => {
  const auth = await stripe.charges.create({ amount: 3000, currency: 'usd', source: 'tok_visa', capture: false });
  assert.equal(auth.status, 'succeeded');
  assert.equal(auth.captured, false);
  assert.equal(auth.amount_captured, 0);
  assert.equal(auth.balance_transaction, null);
  const tooMuch = await fails(stripe.charges.capture(auth.id, { amount: 3001 }));
  assert.equal(tooMuch.code, 'amount_too_large');
  assert.equal(tooMuch.param, 'amount');
  const captured = await stripe.charges.capture(auth.id, { amount: 2000, receipt_email: 'jenny@example.com' });
  assert.equal(captured.captured, true);
  assert.equal(captured.amount_captured, 2000);
  assert.equal(captured.amount_refunded, 1000);
  assert.equal(captured.receipt_email, 'jenny@example.com');
  assert.equal(captured.payment_intent, null);
  const bt = await stripe.balanceTransactions.retrieve(captured.balance_transaction as string);
  assert.equal(bt.amount, 2000);
  const ev = (await stripe.events.list({ type: 'charge.captured', limit: 1 })).data[0];
  assert.equal((ev.data.object as Stripe.Charge).id, auth.id);
  const twice = await fails(stripe.charges.capture(auth.id));
  assert.equal(twice.code, 'charge_already_captured');
  // the captured part refunds through /v1/refunds by charge
  const refund = await stripe.refunds.create({ charge: auth.id, amount: 500 });
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.payment_intent, null);
  const after = await stripe.charges.retrieve(auth.id);
  assert.equal(after.amount_refunded, 1500);
  const full = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
  await stripe.refunds.create({ charge: full.id });
  const refunded = await stripe.charges.retrieve(full.id);
  assert.equal(refunded.refunded, true);
  assert.equal(refunded.amount_refunded, 1000);
  const over = await fails(stripe.refunds.create({ charge: full.id }));
  assert.equal(over.code, 'charge_already_refunded');
});

test('3D Secure cards: no authentication on the Charges API, so the cards that require it decline authentication_required', async () => {
  const err = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_threeDSecure2Required' }));
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.code, 'authentication_required');
  assert.equal(err.decline_code, 'authentication_required');
  const charge = await stripe.charges.retrieve((err.raw as { charge: string }).charge);
  assert.equal(charge.status, 'failed');
  assert.equal(charge.failure_code, 'authentication_required');
  const always = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_authenticationRequired' }));
  assert.equal(always.code, 'authentication_required');
  // 3DS-supported cards are charged without it
  const tok = await stripe.tokens.create({ card: { number: '4000000000003055', exp_month: '12', exp_year: String(year) } });
  const ok = await stripe.charges.create({ amount: 1000, currency: 'usd', source: tok.id });
  assert.equal(ok.status, 'succeeded');
  assert.equal(ok.payment_method_details?.card?.three_d_secure, null);
});

test('customer: without a card "Cannot charge a customer that has no active card"; with a token or its PaymentMethod it is charged', async () => {
  const customer = await stripe.customers.create({ email: 'jenny@example.com' });
  const none = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id }));
  assert.ok(none instanceof Stripe.errors.StripeCardError);
  assert.equal(none.statusCode, 402);
  assert.equal(none.message, 'Cannot charge a customer that has no active card');
  assert.equal(none.code, 'missing');
  assert.equal(none.param, 'card');
  const missing = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: 'cus_nope' }));
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.param, 'customer');
  // a token charged for a customer: the charge is the customer's
  const withToken = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, source: 'tok_visa' });
  assert.equal(withToken.customer, customer.id);
  assert.ok((await stripe.charges.list({ customer: customer.id })).data.some((c) => c.id === withToken.id));
  // a card PaymentMethod attached to the customer, as source with the customer
  const pm = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
  const viaPm = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, source: pm.id });
  assert.equal(viaPm.status, 'succeeded');
  assert.equal(viaPm.payment_method, pm.id);
  assert.equal(viaPm.payment_method_details?.card?.brand, 'mastercard');
  const withoutCustomer = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: pm.id }));
  assert.equal(withoutCustomer.param, 'source');
  assert.match(withoutCustomer.message, /belongs to the Customer/);
  // a customer's default PaymentMethod is not a source: still no active card
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const stillNone = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id }));
  assert.equal(stillNone.message, 'Cannot charge a customer that has no active card');
});

test('validation: amount, currency, minimums, zero-decimal, descriptors, source or customer, unknown params', async () => {
  const noAmount = await fails(stripe.charges.create({ currency: 'usd', source: 'tok_visa' }));
  assert.equal(noAmount.code, 'parameter_missing');
  assert.equal(noAmount.param, 'amount');
  const noCurrency = await fails(stripe.charges.create({ amount: 1000, source: 'tok_visa' }));
  assert.equal(noCurrency.param, 'currency');
  const small = await fails(stripe.charges.create({ amount: 49, currency: 'usd', source: 'tok_visa' }));
  assert.equal(small.code, 'amount_too_small');
  assert.equal(small.param, 'amount');
  const pi = await fails(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
  assert.equal(small.message, pi.message, 'the same message as PaymentIntents');
  const badCurrency = await fails(stripe.charges.create({ amount: 1000, currency: 'xyz', source: 'tok_visa' }));
  assert.equal(badCurrency.param, 'currency');
  const yen = await stripe.charges.create({ amount: 500, currency: 'jpy', source: 'tok_visa' });
  assert.equal(yen.amount, 500);
  assert.equal(yen.currency, 'jpy');
  const neither = await fails(stripe.charges.create({ amount: 1000, currency: 'usd' }));
  assert.equal(neither.statusCode, 400);
  assert.equal(neither.message, 'Must provide source or customer.');
  const descriptor = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', statement_descriptor: '12345' }));
  assert.equal(descriptor.param, 'statement_descriptor');
  const email = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', receipt_email: 'nope' }));
  assert.equal(email.param, 'receipt_email');
  const unknown = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', colour: 'red' } as Stripe.ChargeCreateParams));
  assert.equal(unknown.message, 'Received unknown parameter: colour');
});

test('dispute test tokens are charged back once captured; idempotent creates make one charge', async () => {
  const charge = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' }, { idempotencyKey: 'legacy-idem-1' });
  const replay = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' }, { idempotencyKey: 'legacy-idem-1' });
  assert.equal(replay.id, charge.id);
  const disputed = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'pm_card_createDispute' });
  const after = await stripe.charges.retrieve(disputed.id);
  assert.equal(after.disputed, true);
  const disputes = await stripe.disputes.list({ charge: disputed.id });
  assert.equal(disputes.data.length, 1);
});

test('an uncaptured Charges API authorisation expires after 7 days: released as refunded, charge.expired', async () => {
  const auth = await stripe.charges.create({ amount: 1200, currency: 'usd', source: 'tok_visa', capture: false });
  const kept = await stripe.charges.create({ amount: 1300, currency: 'usd', source: 'tok_visa', capture: false });
  await stripe.charges.capture(kept.id);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 7 * 86_400 + 1 });
  const expired = await stripe.charges.retrieve(auth.id);
  assert.equal(expired.captured, false);
  assert.equal(expired.refunded, true);
  assert.equal(expired.amount_refunded, 1200);
  const refunds = await stripe.refunds.list({ charge: auth.id });
  assert.equal(refunds.data.length, 1);
  assert.equal(refunds.data[0].amount, 1200);
  const ev = (await stripe.events.list({ type: 'charge.expired', limit: 1 })).data[0];
  assert.equal((ev.data.object as Stripe.Charge).id, auth.id);
  const capturedOne = await stripe.charges.retrieve(kept.id);
  assert.equal(capturedOne.refunded, false);
  const late = await fails(stripe.charges.capture(auth.id));
  assert.equal(late.code, 'charge_already_refunded');
});

test('a created token makes a PaymentMethod (card[token]) once; then it is used', async () => {
  const token = await stripe.tokens.create({ card: { number: '5555555555554444', exp_month: '6', exp_year: String(year), cvc: '123' } });
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: token.id } });
  assert.equal(pm.card?.brand, 'mastercard');
  assert.equal(pm.card?.last4, '4444');
  assert.equal(pm.card?.exp_month, 6);
  assert.equal((await stripe.tokens.retrieve(token.id)).used, true);
  const again = await fails(stripe.paymentMethods.create({ type: 'card', card: { token: token.id } }));
  assert.equal(again.message, `You cannot use a Stripe token more than once: ${token.id}.`);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true });
  assert.equal(pi.status, 'succeeded');
});

test('Connect: a destination charge through the Charges API moves the transfer and the application fee', async () => {
  const acct = await onboardedAccount(stripe);
  const charge = await stripe.charges.create({
    amount: 1000, currency: 'usd', source: 'tok_visa', application_fee_amount: 123, transfer_data: { destination: acct },
  });
  assert.equal(charge.status, 'succeeded');
  assert.match(charge.transfer as string, /^tr_/);
  assert.equal(charge.transfer_data?.destination, acct);
  const transfer = await stripe.transfers.retrieve(charge.transfer as string);
  assert.equal(transfer.amount, 1000);
  assert.equal(transfer.destination, acct);
  assert.equal(transfer.source_transaction, charge.id);
  assert.match(charge.application_fee as string, /^fee_/);
  const missing = await fails(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', transfer_data: { destination: 'acct_nope' } }));
  assert.equal(missing.param, 'transfer_data[destination]');
  // uncaptured: the transfer waits for the capture
  const auth = await stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_visa', capture: false, transfer_data: { destination: acct } });
  assert.equal(auth.transfer ?? null, null);
  const captured = await stripe.charges.capture(auth.id);
  assert.match(captured.transfer as string, /^tr_/);
});

// Unit tests of the test-card table and card number validation (sim/core/cards.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_CARDS, TEST_PAYMENT_METHOD_IDS, authenticationNeed, cardDetails, cardSpecFor, detectBrand, fingerprint,
  luhnValid, testIdNumber, validateCvc, validateExpiry, validateNumber,
} from '../../../sim/core/cards.ts';

const NOW = new Date(Date.UTC(2026, 10, 22));

test('every card of the table passes Luhn and the length rule of its brand', () => {
  for (const number of Object.keys(TEST_CARDS)) {
    assert.equal(validateNumber(number), null, number);
    assert.equal(detectBrand(number), TEST_CARDS[number].brand, number);
  }
});

test('every pm_card_/tok_ test id names a card of the table', () => {
  for (const [id, number] of Object.entries(TEST_PAYMENT_METHOD_IDS)) {
    assert.ok(TEST_CARDS[number], `${id} -> ${number}`);
  }
});

test('brands are detected by prefix', () => {
  assert.equal(detectBrand('4242424242424242'), 'visa');
  assert.equal(detectBrand('5555555555554444'), 'mastercard');
  assert.equal(detectBrand('2223003122003222'), 'mastercard');
  assert.equal(detectBrand('378282246310005'), 'amex');
  assert.equal(detectBrand('6011111111111117'), 'discover');
  assert.equal(detectBrand('36227206271667'), 'diners');
  assert.equal(detectBrand('3566002020360505'), 'jcb');
  assert.equal(detectBrand('6205500000000000004'), 'unionpay');
  assert.equal(detectBrand('9999999999999995'), 'unknown');
});

test('Luhn failure is incorrect_number, a wrong length is invalid_number', () => {
  assert.equal(luhnValid('4242424242424241'), false);
  assert.deepEqual(validateNumber('4242424242424241'), { code: 'incorrect_number', message: 'Your card number is incorrect.', param: 'number' });
  assert.equal(validateNumber('42424242424242424')?.code, 'invalid_number');
  assert.equal(validateNumber('3782822463100050')?.code, 'invalid_number', 'amex has 15 digits');
  assert.equal(validateNumber('4242 4242 4242 4242'), null, 'spaces are ignored');
  assert.equal(validateNumber('abcd')?.code, 'invalid_number');
});

test('expiry: month 13 and past years are invalid, up to 50 years ahead is fine', () => {
  assert.equal(validateExpiry(13, 2030, NOW)?.code, 'invalid_expiry_month');
  assert.equal(validateExpiry(0, 2030, NOW)?.code, 'invalid_expiry_month');
  assert.equal(validateExpiry(12, 2025, NOW)?.code, 'invalid_expiry_year');
  assert.equal(validateExpiry(10, 2026, NOW)?.code, 'invalid_expiry_month', 'earlier this year');
  assert.equal(validateExpiry(11, 2026, NOW), null, 'this month');
  assert.equal(validateExpiry(12, 2076, NOW), null);
  assert.equal(validateExpiry(12, 2077, NOW)?.code, 'invalid_expiry_year');
  assert.equal(validateExpiry(12, 34, NOW), null, 'two-digit years are 20xx');
  assert.equal(validateExpiry(12, 2030, NOW), null);
});

test('CVC: three digits, four for Amex', () => {
  assert.equal(validateCvc('123', 'visa'), null);
  assert.equal(validateCvc('12', 'visa')?.code, 'invalid_cvc');
  assert.equal(validateCvc('1234', 'visa')?.code, 'invalid_cvc');
  assert.equal(validateCvc('1234', 'amex'), null);
  assert.equal(validateCvc('123', 'amex')?.code, 'invalid_cvc');
  assert.equal(validateCvc(undefined, 'visa'), null);
});

test('declining cards carry Stripe code, decline_code and message', () => {
  const expect: Array<[string, string, string | undefined, string]> = [
    ['4000000000000002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000000000009995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['4000000000009987', 'card_declined', 'lost_card', 'Your card was declined.'],
    ['4000000000009979', 'card_declined', 'stolen_card', 'Your card was declined.'],
    ['4000000000000069', 'expired_card', 'expired_card', 'Your card has expired.'],
    ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    ['4000000000000119', 'processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.'],
    ['4100000000000019', 'card_declined', 'fraudulent', 'Your card was declined.'],
    ['4000000000000341', 'card_declined', 'generic_decline', 'Your card was declined.'],
  ];
  for (const [n, code, decline, message] of expect) {
    const d = cardSpecFor(n).chargeDecline;
    assert.equal(d?.code, code, n);
    assert.equal(d?.decline_code, decline, n);
    assert.equal(d?.message, message, n);
  }
  assert.equal(cardSpecFor('4000000000000127').chargeDecline?.param, 'cvc');
});

test('4000000000000341 attaches but declines on charge', () => {
  const s = cardSpecFor('4000000000000341');
  assert.equal(s.attachDecline, null);
  assert.ok(s.chargeDecline);
  assert.ok(cardSpecFor('4000000000000002').attachDecline);
});

test('a valid non-test number is a live card, declined in test mode', () => {
  const s = cardSpecFor('4111111111111111');
  assert.equal(s.chargeDecline?.decline_code, 'test_mode_live_card');
  assert.match(s.chargeDecline!.message, /^Your card was declined\. Your request was in test mode, but used a non test \(live\) card\./);
});

test('fingerprints are stable per number and differ between numbers', () => {
  assert.equal(fingerprint('4242424242424242'), fingerprint('4242424242424242'));
  assert.notEqual(fingerprint('4242424242424242'), fingerprint('4000056655665556'));
  assert.match(fingerprint('4242424242424242'), /^[0-9A-Za-z]{16}$/);
});

test('card details describe brand, funding, country, checks and 3DS support', () => {
  const d = cardDetails({ number: '4000056655665556', exp_month: 12, exp_year: 34, cvc: '123' });
  assert.equal(d.brand, 'visa');
  assert.equal(d.funding, 'debit');
  assert.equal(d.last4, '5556');
  assert.equal(d.exp_year, 2034);
  assert.equal(d.checks.cvc_check, 'unchecked');
  assert.equal(d.checks.address_line1_check, null);
  assert.deepEqual(d.networks, { available: ['visa'], preferred: null });
  assert.equal(d.wallet, null);
  assert.equal(cardDetails({ number: '378282246310005', exp_month: 1, exp_year: 2030 }).three_d_secure_usage?.supported, false);
  assert.equal(cardDetails({ number: '4242424242424242', exp_month: 1, exp_year: 2030 }).checks.cvc_check, null);
});

test('3DS: required cards challenge on session and decline off session', () => {
  const auto = { requestThreeDSecure: 'automatic' as const, setUpForOffSession: false };
  assert.equal(authenticationNeed(cardSpecFor('4000000000003220'), { ...auto, offSession: false }), 'challenge');
  assert.equal(authenticationNeed(cardSpecFor('4000000000003220'), { ...auto, offSession: true }), 'decline');
  assert.equal(authenticationNeed(cardSpecFor('4242424242424242'), { ...auto, offSession: false }), 'none');
  assert.equal(authenticationNeed(cardSpecFor('4242424242424242'), { ...auto, offSession: false, requestThreeDSecure: 'any' }), 'challenge');
  assert.equal(authenticationNeed(cardSpecFor('378282246310005'), { ...auto, offSession: false, requestThreeDSecure: 'challenge' }), 'none');
  assert.equal(authenticationNeed(cardSpecFor('4000002500003155'), { ...auto, offSession: true, setUpForOffSession: true }), 'none');
  assert.equal(authenticationNeed(cardSpecFor('4000002500003155'), { ...auto, offSession: true }), 'decline');
  assert.equal(authenticationNeed(cardSpecFor('4000002760003184'), { ...auto, offSession: true, setUpForOffSession: true }), 'decline');
  assert.equal(authenticationNeed(cardSpecFor('4000003800000446'), { ...auto, offSession: true }), 'none');
  assert.equal(cardSpecFor('4000008260003178').chargeDecline?.decline_code, 'insufficient_funds');
  assert.equal(cardSpecFor('4000008400001629').chargeDecline?.code, 'card_declined');
});

test('test ids resolve to numbers; unknown ids do not', () => {
  assert.equal(testIdNumber('pm_card_visa'), '4242424242424242');
  assert.equal(testIdNumber('pm_card_threeDSecure2Required'), '4000000000003220');
  assert.equal(testIdNumber('pm_card_nope'), undefined);
  assert.equal(testIdNumber('constructor'), undefined);
});

test('display_brand uses Stripe spelling for display', () => {
  const brandOf = (number: string) => cardDetails({ number, exp_month: 1, exp_year: 2030 }).display_brand;
  assert.equal(brandOf('378282246310005'), 'american_express');
  assert.equal(brandOf('36227206271667'), 'diners_club');
  assert.equal(brandOf('6200000000000005'), 'union_pay');
  assert.equal(brandOf('4242424242424242'), 'visa');
});

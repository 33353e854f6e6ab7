// Unit tests of currencies, amounts, fees and statement descriptors (sim/core/money.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calculatedDescriptor, cardFee, formatAmount, isZeroDecimal, validateChargeAmount, validateCurrency,
  validateStatementDescriptor,
} from '../../../sim/core/money.ts';

test('zero-decimal currencies', () => {
  for (const c of ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']) {
    assert.ok(isZeroDecimal(c), c);
  }
  assert.equal(isZeroDecimal('usd'), false);
});

test('currencies are lowercased and must be supported', () => {
  assert.deepEqual(validateCurrency('USD'), { currency: 'usd' });
  assert.ok('error' in validateCurrency('xyz'));
});

test('amounts below the currency minimum are amount_too_small with Stripe wording', () => {
  assert.deepEqual(validateChargeAmount(49, 'usd'), { code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
  assert.equal(validateChargeAmount(50, 'usd'), null);
  assert.equal(validateChargeAmount(29, 'gbp')?.message, 'Amount must be at least £0.30 gbp');
  assert.equal(validateChargeAmount(30, 'gbp'), null);
  assert.equal(validateChargeAmount(49, 'jpy')?.message, 'Amount must be at least ¥50 jpy');
  assert.equal(validateChargeAmount(50, 'jpy'), null);
  assert.equal(validateChargeAmount(0, 'usd')?.code, 'parameter_invalid_integer');
});

test('amounts above 99999999 are amount_too_large', () => {
  assert.equal(validateChargeAmount(99_999_999, 'usd'), null);
  assert.deepEqual(validateChargeAmount(100_000_000, 'usd'), { code: 'amount_too_large', param: 'amount', message: 'Amount must be no more than $999,999.99' });
});

test('formatting follows the currency exponent', () => {
  assert.equal(formatAmount(1099, 'usd'), '$10.99');
  assert.equal(formatAmount(5000, 'jpy'), '¥5,000');
  assert.equal(formatAmount(-59, 'usd'), '-$0.59');
});

test('card fee is 2.9% + 30 cents: $10.00 pays $0.59 and nets $9.41', () => {
  const f = cardFee(1000, 'usd');
  assert.equal(f.fee, 59);
  assert.equal(f.net, 941);
  assert.deepEqual(f.fee_details, [{ amount: 59, application: null, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' }]);
  assert.equal(cardFee(2000, 'usd').fee, 88);
  assert.equal(cardFee(1099, 'usd').fee, 62, '31.87 rounds to 32');
  assert.equal(cardFee(50, 'usd').fee, 31);
});

test('statement descriptors: 5-22 Latin characters, a letter, none of < > \\ \' " *', () => {
  const v = (s: string) => validateStatementDescriptor(s, 'statement_descriptor');
  assert.equal(v('ACME SHOP'), null);
  assert.ok(v('ACME'), 'too short');
  assert.ok(v('A'.repeat(23)), 'too long');
  assert.ok(v('123456'), 'only digits');
  for (const c of ['<', '>', '\\', "'", '"', '*']) assert.ok(v(`ACME ${c} SHOP`), c);
  assert.ok(v('ACME 商店 SHOP'), 'non-Latin');
  assert.equal(v('CAFÉ ÉTÉ'), null);
});

test('suffixes join the account prefix as "PREFIX* SUFFIX" within 22 characters', () => {
  assert.equal(validateStatementDescriptor('ORDER 42', 'statement_descriptor_suffix', 'CKIT'), null);
  assert.equal(calculatedDescriptor('CKIT', 'order 42'), 'CKIT* ORDER 42');
  assert.ok(validateStatementDescriptor('A VERY LONG SUFFIX X', 'statement_descriptor_suffix', 'CHECKOUTKIT'));
  assert.equal(validateStatementDescriptor('AB', 'statement_descriptor_suffix', 'CKIT'), null, 'suffix has no 5-char minimum');
});

// Pure i18n and money modules: catalogue completeness, plural rules, locale helpers, Stripe minor units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue } from '../../src/shared/messages/index.ts';
import { defineMessages, languageOf, plural, type Catalogue } from '../../src/shared/i18n.ts';
import { currencyExponent, formatAmount, toMajorUnits, toMinorUnits, isCurrencyCode } from '../../src/shared/money.ts';
import { summarize, withQuantity } from '../../src/components/cart/line-items.ts';

// Every parameter reads as 2 (a number and a string), so functions can be compared without knowing their params.
const anyParams = new Proxy({}, { get: (_t, key) => (key === Symbol.toPrimitive ? undefined : 2) });
const sections: Catalogue = catalogue;
const render = (m: unknown): string => (typeof m === 'function' ? (m as (p: unknown) => string)(anyParams) : String(m));

test('every catalogue section has French for every English key, and nothing more', () => {
  for (const [name, section] of Object.entries(sections)) {
    assert.deepEqual(Object.keys(section.fr).sort(), Object.keys(section.en).sort(), `section ${name}`);
    for (const key of Object.keys(section.en)) {
      assert.equal(typeof section.fr[key], typeof section.en[key], `${name}.${key}: same kind of message`);
      assert.ok(render(section.fr[key]).trim(), `${name}.${key}: French is not empty`);
    }
  }
});

test('French differs from English except for keys declared identical', () => {
  for (const [name, section] of Object.entries(sections)) {
    for (const key of Object.keys(section.en)) {
      const same = render(section.en[key]) === render(section.fr[key]);
      const allowed = section.sameInFrench.includes(key);
      assert.equal(same, allowed, `${name}.${key}: ${same ? 'untranslated' : 'declared identical but differs'}`);
    }
  }
});

test('a missing French key is a type error', () => {
  // The directive fails type-checking (npm test's first step) if the missing key stopped being an error.
  // @ts-expect-error: `fr` lacks `b`
  const section = defineMessages({ a: 'A', b: 'B' }, { a: 'A fr' });
  assert.equal(section.en.b, 'B');
  // @ts-expect-error: French functions take the English parameters
  defineMessages({ f: ({ n }: { n: number }) => `${n}` }, { f: ({ m }: { m: string }) => m });
});

test('plural forms follow CLDR per language', () => {
  const en = { one: '# item', other: '# items' };
  const fr = { one: '# article', other: '# articles' };
  assert.equal(plural('en', 1, en), '1 item');
  assert.equal(plural('en', 0, en), '0 items');
  assert.equal(plural('en', 3, en), '3 items');
  assert.equal(plural('fr', 0, fr), '0 article');
  assert.equal(plural('fr', 1, fr), '1 article');
  assert.equal(plural('fr', 3, fr), '3 articles');
  assert.equal(plural('en', 1234, en), '1,234 items');
  assert.equal(catalogue.cart.fr.itemCount({ count: 3 }), '3 articles');
  assert.equal(catalogue.cart.en.itemCount({ count: 1 }), '1 item');
});

test('languageOf maps locales to catalogue languages', () => {
  assert.equal(languageOf('fr-CA'), 'fr');
  assert.equal(languageOf('FR'), 'fr');
  assert.equal(languageOf('en-GB'), 'en');
  assert.equal(languageOf('de-DE'), 'en');
});

test('currency exponents follow Stripe (zero- and three-decimal lists), any case', () => {
  for (const c of 'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' ')) {
    assert.equal(currencyExponent(c), 0, c);
    assert.equal(currencyExponent(c.toUpperCase()), 0, c);
  }
  for (const c of 'bhd jod kwd omr tnd'.split(' ')) assert.equal(currencyExponent(c), 3, c);
  assert.equal(currencyExponent('usd'), 2);
  assert.equal(toMajorUnits(1099, 'usd'), 10.99);
  assert.equal(toMajorUnits(1099, 'jpy'), 1099);
  assert.equal(toMinorUnits(10.99, 'usd'), 1099);
  assert.equal(toMinorUnits(5.12, 'kwd'), 5120);
});

test('formatAmount formats Stripe minor units in the locale', () => {
  const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  assert.equal(formatAmount(1099, 'usd', 'en-US'), '$10.99');
  assert.equal(formatAmount(1099, 'jpy', 'en-US'), '¥1,099');
  assert.equal(formatAmount(1099, 'JPY', 'en-US'), '¥1,099');
  assert.equal(sp(formatAmount(1099, 'usd', 'fr-FR')), '10,99 $US');
  assert.equal(sp(formatAmount(1099, 'eur', 'fr-FR')), '10,99 €');
  assert.equal(sp(formatAmount(1990, 'kwd', 'en-US')), 'KWD 1.990');
  assert.equal(formatAmount(-500, 'usd', 'en-US'), '-$5.00');
  assert.equal(formatAmount(0, 'usd', 'en-US'), '$0.00');
  assert.equal(formatAmount(1099, 'usd', 'not a locale!!'), '10.99 USD');
  assert.equal(sp(formatAmount(500, 'isk', 'en-US')), 'ISK 5');
  assert.equal(sp(formatAmount(1234, 'xyz', 'en-US')), 'XYZ 12.34');
  assert.equal(isCurrencyCode('usd'), true);
  assert.equal(isCurrencyCode('us'), false);
});

test('summarize: computed totals, given totals and problems', () => {
  const s = summarize([
    { description: 'A', quantity: 2, unit_amount: 250, currency: 'usd', amount_tax: 50 },
    { description: 'B', quantity: 1, unit_amount: 1000, currency: 'USD', amount_discount: 100 },
  ]);
  assert.ok(s.ok);
  assert.deepEqual([s.subtotal, s.discount, s.tax, s.total, s.count, s.currency], [1500, 100, 50, 1450, 3, 'usd']);
  const given = summarize([{ description: 'A', amount: 659, quantity: 1 }], { currency: 'usd', tax: 0, total: 700 });
  assert.ok(given.ok);
  assert.deepEqual([given.subtotal, given.tax, given.total, given.showTax], [659, 0, 700, true]);
  const mixed = summarize([{ description: 'A', unit_amount: 1, currency: 'usd' }, { description: 'B', unit_amount: 1, currency: 'eur' }]);
  assert.deepEqual(mixed, { ok: false, problem: { key: 'errorMixedCurrencies', currencies: 'USD, EUR' } });
  assert.deepEqual(summarize('nope'), { ok: false, problem: { key: 'errorNotList' } });
  assert.deepEqual(summarize([{ unit_amount: 1, currency: 'usd', quantity: -1 }]), {
    ok: false,
    problem: { key: 'errorInvalidItem', name: '#1' },
  });
  const noPrice = summarize([{ description: 'C', currency: 'usd' }]);
  assert.equal(noPrice.ok, false);
});

test('withQuantity copies and rescales the line', () => {
  const item = { description: 'A', quantity: 2, currency: 'usd', amount_subtotal: 1000, amount_tax: 100, amount_total: 1100 };
  const next = withQuantity(item, 3);
  assert.deepEqual(next, { description: 'A', quantity: 3, currency: 'usd', amount_subtotal: 1500, amount_tax: 150 });
  assert.equal(item.quantity, 2);
  const priced = withQuantity({ quantity: 1, unit_amount: 300, amount_subtotal: 300, currency: 'usd' }, 4);
  assert.deepEqual(priced, { quantity: 4, unit_amount: 300, currency: 'usd' });
});

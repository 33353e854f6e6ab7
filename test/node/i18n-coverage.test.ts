// Every user-visible string exists in English and French, in every catalogue: the components'
// (src/shared/messages/*), the Stripe.js shim's card iframe and 3D Secure dialog (sim/browser/shared/messages.ts),
// and the simulator's hosted pages: 3D Secure challenge, checkout, Connect onboarding. A key missing from one
// language, an empty string, a function with other parameters, a placeholder lost in translation or an untranslated
// copy fails here. A new catalogue file that this test does not know fails too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { catalogue } from '../../src/shared/messages/index.ts';
import { SIM_MESSAGES } from '../../sim/browser/shared/messages.ts';
import { CHALLENGE_MESSAGES } from '../../sim/core/pages/3ds-i18n.ts';
import { RECEIPT_MESSAGES } from '../../sim/core/pages/receipt-i18n.ts';
import { checkoutPageMessages } from '../../sim/browser/checkout/i18n.ts';
import { ONBOARDING_FRAME_TITLE, ONBOARDING_MESSAGES } from '../../sim/browser/connect/i18n.ts';

const root = join(import.meta.dirname, '..', '..');

/** Sample arguments for message functions: strings, numbers and records all render as something visible. */
const SAMPLE = new Proxy({} as Record<string, unknown>, {
  get: (_t, key) => (typeof key === 'string' ? (/count|quantity|n$|total|amount|index|step/i.test(key) ? 3 : `«${key}»`) : undefined),
});

function render(fn: (...args: unknown[]) => unknown): string {
  // Catalogue functions take either one params object or positional strings/numbers.
  const positional = Array.from({ length: fn.length }, (_v, i) => (i === 0 ? 'Acme' : 2));
  const out = fn.length <= 1 ? (() => { try { return fn(SAMPLE); } catch { return fn(...positional); } })() : fn(...positional);
  return String(out);
}

/**
 * Differences between an English and a French catalogue (nested objects, strings, functions), as readable lines.
 * `same` lists paths allowed to read identically in both languages.
 */
export function compareCatalogues(en: unknown, fr: unknown, same: readonly string[] = [], path = ''): string[] {
  const problems: string[] = [];
  const where = path || '(root)';
  if (typeof en === 'string') {
    if (typeof fr !== 'string') return [`${where}: missing in French`];
    if (en.trim() === '') problems.push(`${where}: empty in English`);
    if (fr.trim() === '') problems.push(`${where}: empty in French`);
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    if (holes(en) !== holes(fr)) problems.push(`${where}: placeholders {${holes(en)}} in English but {${holes(fr)}} in French`);
    if (en === fr && en.trim() !== '' && !same.includes(path) && /[a-z]{3}/i.test(en)) problems.push(`${where}: not translated ("${en}")`);
    return problems;
  }
  if (typeof en === 'function') {
    if (typeof fr !== 'function') return [`${where}: missing in French (or not a function)`];
    if (en.length !== fr.length) problems.push(`${where}: takes ${en.length} parameters in English, ${fr.length} in French`);
    const [e, f] = [render(en as (...a: unknown[]) => unknown), render(fr as (...a: unknown[]) => unknown)];
    if (!e.trim() || !f.trim()) problems.push(`${where}: renders an empty string`);
    if (/undefined|NaN|\[object Object\]/.test(`${e} ${f}`)) problems.push(`${where}: renders "${e}" / "${f}"`);
    if (e === f && !same.includes(path)) problems.push(`${where}: not translated ("${e}")`);
    return problems;
  }
  if (en && typeof en === 'object') {
    if (!fr || typeof fr !== 'object') return [`${where}: missing in French`];
    const enKeys = Object.keys(en);
    const frKeys = Object.keys(fr);
    for (const k of enKeys) problems.push(...compareCatalogues((en as Record<string, unknown>)[k], (fr as Record<string, unknown>)[k], same, path ? `${path}.${k}` : k));
    for (const k of frKeys) if (!enKeys.includes(k)) problems.push(`${path ? `${path}.${k}` : k}: only in French`);
    return problems;
  }
  if (en !== fr) problems.push(`${where}: ${String(en)} vs ${String(fr)}`);
  return problems;
}

test('the comparison itself catches a missing key, an empty string, a lost placeholder, an arity change, an untranslated copy', () => {
  const en = { a: 'Pay now', b: { c: 'Card {brand}' }, d: (x: string) => `Hi ${x}`, e: 'Total', f: 'Cancel' };
  const fr = { a: 'Payer', b: { c: 'Carte' }, d: (x: string, y: string) => `Salut ${x}${y}`, e: 'Total', f: '' };
  const problems = compareCatalogues(en, { ...fr, extra: 'x' }, ['e']);
  assert.deepEqual(problems.sort(), [
    'b.c: placeholders {brand} in English but {} in French',
    'd: takes 1 parameters in English, 2 in French',
    'extra: only in French',
    'f: empty in French',
  ]);
  assert.deepEqual(compareCatalogues({ a: 'Pay', g: 'Go' }, { a: 'Payer' }), ['g: missing in French']);
  assert.deepEqual(compareCatalogues({ a: 'Payment' }, { a: 'Payment' }), ['a: not translated ("Payment")']);
});

test('components: every section of src/shared/messages has every key in English and French', () => {
  const problems: string[] = [];
  for (const [name, section] of Object.entries(catalogue)) {
    const same = section.sameInFrench.map(String);
    for (const key of same) assert.ok(key in section.en, `${name}: sameInFrench lists an unknown key ${key}`);
    problems.push(...compareCatalogues(section.en, section.fr, same).map((p) => `${name}.${p}`));
  }
  assert.deepEqual(problems, []);
});

test('components: every messages file is registered in the catalogue', async () => {
  const dir = join(root, 'src', 'shared', 'messages');
  const registered = new Set<unknown>(Object.values(catalogue));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    const sections = Object.entries(mod).filter(([, v]) => v && typeof v === 'object' && 'en' in v && 'fr' in v);
    assert.ok(sections.length > 0, `${file} exports no message section`);
    for (const [name, v] of sections) assert.ok(registered.has(v), `${file}: ${name} is not in src/shared/messages/index.ts`);
  }
});

test("the shim's card iframe and 3D Secure dialog strings (sim/browser/shared/messages.ts)", () => {
  // "CVC" is also the French abbreviation (cryptogramme visuel de la carte).
  assert.deepEqual(compareCatalogues(SIM_MESSAGES.en, SIM_MESSAGES.fr, ['cvc', 'cvcPlaceholder']), []);
});

test('the 3D Secure challenge page (sim/core/pages/3ds-i18n.ts)', () => {
  assert.deepEqual(compareCatalogues(CHALLENGE_MESSAGES.en, CHALLENGE_MESSAGES.fr), []);
});

test('the payment receipt page (sim/core/pages/receipt-i18n.ts)', () => {
  // "Date" and "Description" are the same words in French.
  assert.deepEqual(compareCatalogues(RECEIPT_MESSAGES.en, RECEIPT_MESSAGES.fr, ['datePaid', 'description']), []);
});

test('the hosted and embedded checkout pages (sim/browser/checkout/i18n.ts)', () => {
  assert.deepEqual(compareCatalogues(checkoutPageMessages.en, checkoutPageMessages.fr), []);
});

test('the Connect onboarding pages (sim/browser/connect/i18n.ts)', () => {
  // IBAN is IBAN in French, the test IBAN is a value, and "Restaurants" is the French word too.
  assert.deepEqual(compareCatalogues(ONBOARDING_MESSAGES.en, ONBOARDING_MESSAGES.fr, ['lang', 'iban', 'testValues.bank_EU', 'mccOptions.5812']), []);
  assert.deepEqual(compareCatalogues(ONBOARDING_FRAME_TITLE.en, ONBOARDING_FRAME_TITLE.fr), []);
});

test('no catalogue goes unchecked: every i18n/messages module under sim/ and src/ is one of the above', () => {
  const known = new Set([
    'src/shared/i18n.ts', // the machinery, not a catalogue
    'sim/browser/shared/messages.ts',
    'sim/core/pages/3ds-i18n.ts',
    'sim/core/pages/receipt-i18n.ts',
    'sim/browser/checkout/i18n.ts',
    'sim/browser/connect/i18n.ts',
  ]);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !(dir.endsWith('shared') && entry.name === 'messages')) walk(p);
      } else if (/(^|[-.])(i18n|messages)\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        found.push(relative(root, p).split('\\').join('/'));
      }
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'sim'));
  assert.deepEqual(found.filter((f) => !known.has(f)), [], 'a new catalogue: add it to test/node/i18n-coverage.test.ts');
  // And each known catalogue still defines both languages.
  for (const f of known) assert.match(readFileSync(join(root, f), 'utf8'), /\bfr\b/, `${f} has no French`);
});

test('no user-visible string picks its language outside a catalogue (no `startsWith("fr") ? "…" : "…"` in the code)', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        readFileSync(p, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const m = /(?:startsWith\(['"]fr['"]\)|===\s*['"]fr['"])\s*\?\s*['"`]([^'"`]*)['"`]\s*:\s*['"`]([^'"`]*)['"`]/.exec(line);
            // Language and region codes ('fr' : 'en', 'fr-FR' : 'en-US') are not text.
            const isCode = (v: string) => /^[a-z]{2,3}([-_][a-z]{2})?$/i.test(v);
            if (m && !(isCode(m[1]) && isCode(m[2]))) offenders.push(`${relative(root, p)}:${i + 1}`);
          });
      }
    }
  };
  walk(join(root, 'sim', 'browser'));
  walk(join(root, 'sim', 'core'));
  walk(join(root, 'src', 'components'));
  assert.deepEqual(offenders, [], 'move these strings into their catalogue');
});

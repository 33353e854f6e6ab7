// The published entry points: every `exports` target exists after `npm run build` (npm test builds first).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | Record<string, string>> };

test('every package.json export points at a built file', () => {
  assert.ok(existsSync('dist/index.js'), 'dist/ is built (run `npm run build`)');
  const missing: string[] = [];
  for (const [entry, target] of Object.entries(pkg.exports)) {
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      if (!existsSync(file)) missing.push(`${entry} -> ${file}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every component has a registering entry and a side-effect-free class entry', () => {
  for (const tag of ['cart', 'payment-element', 'checkout', 'connect-onboarding', 'terminal-reader']) {
    assert.ok(pkg.exports[`./${tag}`], `./${tag}`);
    assert.ok(pkg.exports[`./${tag}/class`], `./${tag}/class`);
    const classFile = (pkg.exports[`./${tag}/class`] as Record<string, string>).default;
    assert.doesNotMatch(readFileSync(classFile, 'utf8'), /customElements\.define\(/, `${classFile} registers no tag`);
  }
});

test('the single-file bundle registers every tag', () => {
  const bundle = readFileSync('dist/checkout-kit.bundle.js', 'utf8');
  for (const tag of ['ck-cart', 'ck-payment-element', 'ck-checkout', 'ck-connect-onboarding', 'ck-terminal-reader']) {
    assert.ok(bundle.includes(`"${tag}"`), `${tag} in the bundle`);
  }
});

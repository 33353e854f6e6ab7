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

test('the simulator runs from an installed package: what it imports at run time is a dependency, what it reads is published', async () => {
  const { readdirSync, statSync } = await import('node:fs');
  const { builtinModules } = await import('node:module');
  const deps = new Set(Object.keys((pkg as unknown as { dependencies: Record<string, string> }).dependencies));
  const files = new Set((pkg as unknown as { files: string[] }).files);
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = `${dir}/${n}`;
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|js|mjs)$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
  });
  const missing = new Set<string>();
  // The simulator (sim/), the CLI (bin/) and what the simulator bundles for the browser at run time (src/).
  for (const file of [...walk('sim'), ...walk('bin'), ...walk('src')]) {
    const text = readFileSync(file, 'utf8');
    // value imports only: `import type` and `import { type X }`-only lines are erased
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"./][^'"]*)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('node:') || builtinModules.includes(spec) || spec.startsWith('virtual:')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!deps.has(name)) missing.add(`${name} (${file})`);
    }
    // import('tsx/esm/api') and the like
    for (const m of text.matchAll(/\bimport\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g)) {
      const spec = m[1];
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!deps.has(name)) missing.add(`${name} (${file})`);
    }
  }
  assert.deepEqual([...missing], [], 'run-time imports that an installed package would not have (devDependencies)');
  for (const dir of ['bin', 'sim', 'src', 'dist']) assert.ok(files.has(dir), `"files" publishes ${dir}/`);
  // the simulator bundles src/ itself: it must not need the repository's tsconfig.json, which is not published
  for (const file of walk('sim')) assert.doesNotMatch(readFileSync(file, 'utf8'), /tsconfig:\s/, `${file} points esbuild at a tsconfig file`);
});

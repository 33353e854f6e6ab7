#!/usr/bin/env node
// `npm test`: every check the project has, in order, ending with one summary line.
// Usage: npm test [-- --only=build,typecheck,lint,components,node,stories,e2e] [-- --bail]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const bail = args.includes('--bail');

function findTests(dir, suffix) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

const steps = [
  // The build comes first: it generates custom-elements.json, which the Storybook docs import and type-check.
  { name: 'build', cmd: ['node', 'scripts/build.mjs'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings=0', '.'] },
  { name: 'components', cmd: ['npx', 'wtr'] },
  {
    name: 'node',
    cmd: () => {
      const files = findTests('test/node', '.test.ts');
      if (files.length === 0) throw new Error('no Node-side tests found under test/node');
      // two test files at a time: the machine has two cores and most files wait on HTTP and child processes
      return ['node', '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
    },
  },
  { name: 'stories', cmd: ['node', 'scripts/check-stories.mjs'] },
  { name: 'e2e', cmd: ['npx', 'playwright', 'test'] },
];

try {
  assertChromium();
} catch (e) {
  console.error(`\n${e.message}\n`);
  console.log('steps: 0 passed, 1 failed');
  process.exit(1);
}

const results = [];
for (const step of steps) {
  if (only && !only.includes(step.name)) continue;
  const started = Date.now();
  console.log(`\n━━━ ${step.name} ━━━`);
  let ok;
  try {
    const cmd = typeof step.cmd === 'function' ? step.cmd() : step.cmd;
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
    ok = r.status === 0;
  } catch (e) {
    console.error(e.message);
    ok = false;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name: step.name, ok, secs });
  console.log(`━━━ ${step.name}: ${ok ? 'ok' : 'FAILED'} (${secs} s)`);
  if (!ok && bail) break;
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name} (${r.secs} s)`);
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`steps: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);

#!/usr/bin/env node
// `npm run build`: library entries (Vite), the single-file bundle (esbuild), declarations, the custom-elements manifest and the
// framework typings generated from it.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';
import { writeFrameworkTypes } from './framework-types.mjs';

const quiet = { logLevel: 'warn' };
rmSync('dist', { recursive: true, force: true });

await build({ ...quiet, configFile: 'vite.config.ts', mode: 'lib' });
// The single-file bundle for pages without a build step: everything inlined and minified.
await esbuild({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/checkout-kit.bundle.js',
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${cmd} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['custom-elements-manifest', 'analyze', '--quiet']);
writeFrameworkTypes('custom-elements.json', 'dist/types/frameworks.d.ts');
console.log('build: dist/ and custom-elements.json written');

// Library build of the kit. Two modes:
// - default ("lib"): one ES entry per component class and per define entry, shared chunks, dependencies external
//   (an application's bundler dedupes Lit and the Stripe loader);
// - "bundle": one self-contained, minified module (`dist/checkout-kit.bundle.js`) that a page without a build step
//   loads with a single <script type="module">.
import { readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { defineConfig } from 'vite';

function libEntries(): Record<string, string> {
  const entries: Record<string, string> = { index: 'src/index.ts' };
  for (const file of readdirSync('src/define')) {
    if (file.endsWith('.ts')) entries[`define/${basename(file, '.ts')}`] = join('src/define', file);
  }
  for (const dir of readdirSync('src/components')) {
    const file = join('src/components', dir, `${dir}.ts`);
    if (existsSync(file)) entries[`components/${dir}/${dir}`] = file;
  }
  return entries;
}

export default defineConfig(({ mode }) => {
  if (mode === 'bundle') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        minify: true,
        target: 'es2022',
        sourcemap: true,
        lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'checkout-kit.bundle.js' },
        rolldownOptions: { output: { inlineDynamicImports: true } },
      },
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      sourcemap: true,
      lib: { entry: libEntries(), formats: ['es'] },
      rolldownOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^@stripe\/stripe-js($|\/)/],
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});

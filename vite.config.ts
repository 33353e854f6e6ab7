// Library build of the kit: one ES entry per component class and per define entry, shared chunks, dependencies
// external (an application's bundler dedupes Lit and the Stripe loader). The single-file bundle for pages without a
// build step is made by scripts/build.mjs.
import { readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { defineConfig } from 'vite';

function libEntries(): Record<string, string> {
  const entries: Record<string, string> = { index: 'src/index.ts', 'stripe/loader': 'src/stripe/loader.ts' };
  for (const file of readdirSync('src/define')) {
    if (file.endsWith('.ts')) entries[`define/${basename(file, '.ts')}`] = join('src/define', file);
  }
  for (const dir of readdirSync('src/components')) {
    const file = join('src/components', dir, `${dir}.ts`);
    if (existsSync(file)) entries[`components/${dir}/${dir}`] = file;
  }
  return entries;
}

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: false,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: libEntries(), formats: ['es' as const] },
    rolldownOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^@stripe\/stripe-js($|\/)/],
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

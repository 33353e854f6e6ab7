// Prints the min+gzip size of each public entry, bundled with everything it imports (Lit, the Stripe loader),
// as an application would ship it, against the budgets of the issues.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Budgets in bytes (min+gzip), per entry: the targets the issues set. */
export const budgets: Record<string, number> = {
  'checkout-kit/cart': 12 * 1024,
  'checkout-kit/payment-element': 12 * 1024,
};

export async function measureEntries(): Promise<{ entry: string; raw: number; min: number; gzip: number }[]> {
  const entries: [string, string][] = [['checkout-kit', 'src/index.ts']];
  for (const file of readdirSync('src/define').sort()) {
    if (file.endsWith('.ts')) entries.push([`checkout-kit/${basename(file, '.ts').replace(/^ck-/, '')}`, join('src/define', file)]);
  }
  const rows = [];
  for (const [entry, file] of entries) {
    const common = { entryPoints: [file], bundle: true, format: 'esm' as const, target: 'es2022', write: false, tsconfig: 'tsconfig.json', legalComments: 'none' as const };
    const raw = (await build({ ...common, minify: false })).outputFiles![0]!.contents;
    const min = (await build({ ...common, minify: true })).outputFiles![0]!.contents;
    rows.push({ entry, raw: raw.length, min: min.length, gzip: gzipSync(min, { level: 9 }).length });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  console.log('entry'.padEnd(34), 'raw'.padStart(10), 'min'.padStart(10), 'min+gzip'.padStart(10), '  budget');
  for (const row of await measureEntries()) {
    const budget = budgets[row.entry];
    const verdict = budget === undefined ? '' : row.gzip <= budget ? `  ≤ ${kb(budget)} ok` : `  > ${kb(budget)} OVER`;
    console.log(row.entry.padEnd(34), kb(row.raw).padStart(10), kb(row.min).padStart(10), kb(row.gzip).padStart(10), verdict);
  }
}

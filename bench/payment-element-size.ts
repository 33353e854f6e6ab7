// Size of what a page ships for <ck-payment-element> (min+gzip, with Lit and the Stripe loader) against the
// issue's 12 KB budget, and of what the simulator serves to browsers for it (Stripe.js shim, card iframe).
import { gzipSync } from 'node:zlib';
import { measureEntries } from './size.ts';
import { buildBrowserAssets } from '../sim/node/assets.ts';

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const BUDGET = 12 * 1024;

const row = (await measureEntries()).find((r) => r.entry === 'checkout-kit/payment-element');
if (!row) throw new Error('no checkout-kit/payment-element entry');
console.log('checkout-kit/payment-element (Lit\'s ReactiveElement + the Stripe loader + the component)');
console.log(`  min ${kb(row.min)}, min+gzip ${kb(row.gzip)}  budget ${kb(BUDGET)}: ${row.gzip <= BUDGET ? 'ok' : 'OVER'}`);

const assets = await buildBrowserAssets({ minify: true });
console.log('served by the simulator');
for (const path of ['/js/v3/stripe.js', '/elements/card.js', '/elements/card.css', '/elements/card.html']) {
  const body = Buffer.from(assets.get(path)!.body);
  console.log(`  ${path.padEnd(22)} min ${kb(body.length).padStart(9)}  min+gzip ${kb(gzipSync(body, { level: 9 }).length).padStart(9)}`);
}

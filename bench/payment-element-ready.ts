// Time from <ck-payment-element>'s connection to `ck-ready`, against two baselines on the same simulator:
// - bare: a page that fetches a client secret and loads one card iframe (the floor: one request + one frame);
// - stripe.js: the same with the simulator's Stripe.js (`Stripe()`, `elements()`, `create('payment')`, `ready`).
// Real Chromium, loopback, the simulator in this process; prints median and p90 over RUNS page loads each.
import { serve } from '@hono/node-server';
import { build } from 'esbuild';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright';
import Stripe from 'stripe';
import { startSimServer } from '../sim/node/server.ts';
import { launchOptions } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 15);

const sim = await startSimServer({ port: 0, db: 'memory', quiet: true });
const simUrl = sim.url.replace(/\/$/, '');
const stripe = new Stripe(sim.keys.secret, { host: '127.0.0.1', port: sim.port, protocol: 'http' });
const kit = (
  await build({ entryPoints: ['src/define/ck-payment-element.ts'], bundle: true, write: false, format: 'esm', target: 'es2022', minify: true, tsconfig: 'tsconfig.json' })
).outputFiles[0].text;

const cfg = `window.CK = ${JSON.stringify({ pk: sim.keys.publishable, sim: simUrl })};`;
const pages: Record<string, string> = {
  element: `import '/kit.js';
    const el = document.createElement('ck-payment-element');
    el.publishableKey = CK.pk; el.simulator = CK.sim; el.secretEndpoint = '/secret';
    const t0 = performance.now();
    el.addEventListener('ck-ready', () => { window.result = performance.now() - t0; }, { once: true });
    document.body.append(el);`,
  bare: `const t0 = performance.now();
    const { clientSecret } = await (await fetch('/secret', { method: 'POST' })).json();
    const f = document.createElement('iframe');
    f.src = CK.sim + '/elements/card.html#channel=x&origin=' + encodeURIComponent(location.origin) + '&type=payment';
    f.addEventListener('load', () => { window.result = performance.now() - t0; window.secret = clientSecret; }, { once: true });
    document.body.append(f);`,
  stripejs: `const t0 = performance.now();
    const s = document.createElement('script'); s.src = CK.sim + '/js/v3/stripe.js';
    await new Promise((r) => { s.onload = r; document.head.append(s); });
    const { clientSecret } = await (await fetch('/secret', { method: 'POST' })).json();
    const stripe = Stripe(CK.pk);
    const div = document.createElement('div'); document.body.append(div);
    const element = stripe.elements({ clientSecret }).create('payment');
    element.on('ready', () => { window.result = performance.now() - t0; });
    element.mount(div);`,
};

const app = new Hono();
app.get('/kit.js', (c) => c.body(kit, 200, { 'Content-Type': 'text/javascript' }));
app.get('/cfg.js', (c) => c.body(cfg, 200, { 'Content-Type': 'text/javascript' }));
app.post('/secret', async (c) => {
  const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', automatic_payment_methods: { enabled: true } });
  return c.json({ clientSecret: pi.client_secret });
});
for (const [name, script] of Object.entries(pages)) {
  app.get(`/${name}.js`, (c) => c.body(script, 200, { 'Content-Type': 'text/javascript' }));
  app.get(`/${name}.html`, (c) =>
    c.html(`<!doctype html><html lang="en"><head><script src="/cfg.js"></script><script type="module" src="/${name}.js"></script></head><body></body></html>`),
  );
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch(launchOptions);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] };
};
console.log(`time to ready over ${RUNS} loads each (ms, median / p90)`);
for (const name of ['bare', 'stripejs', 'element']) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const page = await browser.newPage();
    await page.goto(`${base}/${name}.html`);
    const t = (await page.waitForFunction(() => (window as unknown as { result?: number }).result, undefined, { timeout: 20_000 })).jsonValue();
    if (i >= 2) times.push((await t) as number); // two warm-up loads (bundling on first request)
    await page.close();
  }
  const { median, p90 } = stats(times);
  console.log(`  ${name.padEnd(10)} ${median.toFixed(1).padStart(8)} / ${p90.toFixed(1).padStart(8)}`);
}
await browser.close();
server.close();
await sim.close();

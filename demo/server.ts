// The demo merchant: a site and backend written with the official `stripe` SDK, exactly as a merchant would.
// By default it starts the embedded simulator (no keys, no network); with STRIPE_SECRET_KEY and
// STRIPE_PUBLISHABLE_KEY (and STRIPE_WEBHOOK_SECRET) it talks to real Stripe instead.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import type { DemoContext } from './context.ts';
import { DemoStore } from './store.ts';
import { WebhookRouter, webhookRoutes } from './routes/webhooks.ts';
import { pageRoutes } from './routes/pages.ts';
import { checkoutRoutes } from './routes/checkout.ts';
import { rentalRoutes } from './routes/rentals.ts';
import { shopRoutes } from './routes/shop.ts';
import { marketplaceRoutes } from './routes/marketplace.ts';
import { posRoutes } from './routes/pos.ts';
import { buildStorybookInBackground, storybookRoutes } from './routes/storybook.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const port = Number(process.env.PORT ?? 4242);
const simPort = Number(process.env.SIM_PORT ?? 12111);
const quiet = process.env.DEMO_QUIET === '1';
const baseUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

interface Backend {
  stripe: Stripe;
  publishableKey: string;
  simulatorUrl: string | undefined;
  close(): Promise<void>;
}

async function connectBackend(): Promise<Backend> {
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (secretKey) {
    const publishableKey = process.env.STRIPE_PUBLISHABLE_KEY;
    if (!publishableKey) throw new Error('STRIPE_PUBLISHABLE_KEY is required with STRIPE_SECRET_KEY');
    return { stripe: new Stripe(secretKey), publishableKey, simulatorUrl: undefined, close: async () => {} };
  }
  const { startSimServer } = await import('../sim/node/server.ts');
  const db = process.env.SIM_DB ?? join(root, '.data', 'demo-sim.sqlite');
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  const sim = await startSimServer({ port: simPort, host: '127.0.0.1', db, quiet: true });
  const simUrl = new URL(sim.url);
  const stripe = new Stripe(sim.keys.secret, {
    host: simUrl.hostname,
    port: Number(simUrl.port),
    protocol: simUrl.protocol.replace(':', '') as 'http' | 'https',
  });
  return { stripe, publishableKey: sim.keys.publishable, simulatorUrl: sim.url.replace(/\/$/, ''), close: () => sim.close() };
}

/** Points a webhook endpoint at this demo; on the simulator a fresh one each start, so its secret is known. */
async function ensureWebhookSecret(stripe: Stripe, onSimulator: boolean): Promise<string> {
  if (!onSimulator) {
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    if (!secret) console.warn('STRIPE_WEBHOOK_SECRET is not set: webhooks from Stripe will be rejected.');
    return secret ?? '';
  }
  const url = `${baseUrl}/webhooks/stripe`;
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) await stripe.webhookEndpoints.del(endpoint.id);
  }
  const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'], description: 'checkout-kit demo' });
  return endpoint.secret!;
}

function contentSecurityPolicy(simulatorUrl: string | undefined): string {
  const stripeOrigins = simulatorUrl ?? 'https://js.stripe.com https://*.stripe.com';
  return [
    "default-src 'self'",
    `script-src 'self' ${stripeOrigins}`,
    "style-src 'self'",
    `img-src 'self' data: ${stripeOrigins}`,
    `connect-src 'self' ${simulatorUrl ?? 'https://api.stripe.com'}`,
    `frame-src ${stripeOrigins}`,
    `form-action 'self' ${stripeOrigins}`,
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const backend = await connectBackend().catch((e: unknown) => {
  // e.g. a damaged simulator database or a port in use: the message says what to do, the stack would bury it
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `The simulator's port ${simPort} is in use: set SIM_PORT to another port.` : err instanceof Error ? err.message : String(e));
  process.exit(1);
});
const store = new DemoStore();
const webhooks = new WebhookRouter();
const ctx: DemoContext = {
  stripe: backend.stripe,
  publishableKey: backend.publishableKey,
  simulatorUrl: backend.simulatorUrl,
  baseUrl,
  webhookSecret: '',
  store,
  onWebhook: (type, handler) => webhooks.on(type, handler),
};
ctx.webhookSecret = await ensureWebhookSecret(backend.stripe, backend.simulatorUrl !== undefined);

const app = new Hono();
// The static Storybook (its own CSP; registered before the demo's strict one).
// `npm start` asks for a background build when there is none yet (tests and other runs do not).
const storybookBuild = process.argv.includes('--build-storybook') ? buildStorybookInBackground(root, quiet ? () => {} : console.log) : null;
app.route('/storybook', storybookRoutes(root, undefined, storybookBuild));
const csp = contentSecurityPolicy(backend.simulatorUrl);
app.use('*', async (c, next) => {
  await next();
  c.header('Content-Security-Policy', csp);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
});
app.get('/healthz', (c) => c.json({ ok: true, simulator: backend.simulatorUrl ?? null }));
app.get('/api/config', (c) =>
  c.json({ publishableKey: ctx.publishableKey, simulatorUrl: ctx.simulatorUrl ?? null }),
);
app.route('/', webhookRoutes(ctx, webhooks));
app.route('/', pageRoutes(ctx));
app.route('/', checkoutRoutes(ctx));
app.route('/', rentalRoutes(ctx));
app.route('/', shopRoutes(ctx));
app.route('/', marketplaceRoutes(ctx));
app.route('/', posRoutes(ctx));

// The kit, as a merchant without a build step loads it: one module script.
const distDir = relative(process.cwd(), join(root, 'dist'));
if (!existsSync(join(root, 'dist', 'checkout-kit.bundle.js'))) {
  console.warn('dist/checkout-kit.bundle.js is missing: run `npm run build` (npm start does it for you).');
}
app.use('/checkout-kit.bundle.js', serveStatic({ root: distDir }));
app.use('/*', serveStatic({ root: relative(process.cwd(), join(here, 'public')) }));
app.notFound((c) => c.text('Not found', 404));

const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, () => {
  if (quiet) return;
  console.log(`checkout-kit demo on ${baseUrl}`);
  const pages: [string, string][] = [
    ['home', '/'],
    ['cart', '/cart.html'],
    ['shop', '/shop.html'],
    ['checkout', '/checkout.html'],
    ['marketplace', '/marketplace.html'],
    ['rentals', '/rentals.html'],
    ['point of sale', '/pos.html'],
    ['storybook', '/storybook/'],
  ];
  for (const [name, path] of pages) console.log(`  ${name.padEnd(14)}${baseUrl}${path}`);
  if (backend.simulatorUrl) console.log(`  simulator     ${backend.simulatorUrl} (embedded, test mode, no network)`);
  else console.log('  backend       real Stripe (keys from the environment)');
});

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  await backend.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

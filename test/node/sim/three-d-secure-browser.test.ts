// The 3D Secure challenge page in real Chromium: it renders under its strict CSP (stylesheet and script load,
// no CSP violation), works as a cross-origin iframe whose result is posted to the parent page, and in
// redirect mode brings the shopper back to the return_url.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { chromium, type Browser } from 'playwright';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
let browser: Browser;
let shop: Server;
let shopOrigin: string;

// Same launch options as scripts/chromium.mjs (Debian's Chromium; CHROMIUM_PATH overrides).
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  browser = await chromium.launch(launchOptions);
  // A merchant page on another origin (localhost vs 127.0.0.1) that opens the challenge in an iframe.
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/frame') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><title>shop</title><iframe id="f" title="3DS" src="${url.searchParams.get('src') ?? ''}" width="500" height="600"></iframe>`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>done</title><p id="q">${url.search.replace(/[<>&"]/g, '')}</p>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', () => r()));
  shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => shop.close(() => r()));
  await server.close();
});

test('modal mode: the iframe posts ck-3ds-complete to the parent origin and the payment succeeds', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const challenge = `${(pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js}?parent_origin=${encodeURIComponent(shopOrigin)}&locale=fr`;
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${shopOrigin}/frame?src=${encodeURIComponent(challenge)}`);
  const received = page.evaluate(
    () => new Promise<unknown>((resolve) => window.addEventListener('message', (e) => resolve({ data: e.data, origin: e.origin }), { once: true })),
  );
  const frame = page.frameLocator('#f');
  await frame.getByRole('button', { name: 'Valider l’authentification' }).click();
  const msg = (await received) as { data: { type: string; paymentIntent: string; status: string }; origin: string };
  assert.equal(msg.data.type, 'ck-3ds-complete');
  assert.equal(msg.data.paymentIntent, pi.id);
  assert.equal(msg.data.status, 'succeeded');
  assert.equal(msg.origin, server.url.replace(/\/$/, ''));
  assert.deepEqual(violations, []);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  await page.close();
});

test('the page is styled by its stylesheet under the CSP and works with the keyboard', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto((pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js);
  const radius = await page.locator('main').evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  assert.equal(radius, '12px', 'challenge.css applied');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'Complete authentication');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Authentication failed' }).waitFor();
  assert.deepEqual(violations, []);
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.last_payment_error?.code, 'payment_intent_authentication_failure');
  await page.close();
});

test('redirect mode: completing navigates back to the return_url with the intent and its status', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: `${shopOrigin}/done` });
  const page = await browser.newPage();
  await page.goto(pi.next_action!.redirect_to_url!.url!);
  await Promise.all([page.waitForURL(`${shopOrigin}/done?**`), page.getByRole('button', { name: 'Complete authentication' }).click()]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('payment_intent'), pi.id);
  assert.equal(url.searchParams.get('redirect_status'), 'succeeded');
  await page.close();
});

test('Escape inside the challenge iframe asks the parent to close the modal', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const challenge = `${(pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js}?parent_origin=${encodeURIComponent(shopOrigin)}`;
  const page = await browser.newPage();
  await page.goto(`${shopOrigin}/frame?src=${encodeURIComponent(challenge)}`);
  const received = page.evaluate(() => new Promise<unknown>((resolve) => window.addEventListener('message', (e) => resolve(e.data), { once: true })));
  const button = page.frameLocator('#f').getByRole('button', { name: 'Complete authentication' });
  await button.focus();
  await button.press('Escape');
  assert.deepEqual(await received, { type: 'ck-3ds-escape' });
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_action', 'Escape alone changes nothing');
  await page.close();
});

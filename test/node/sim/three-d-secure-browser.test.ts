// The 3D Secure challenge in real Chromium, nested as Stripe's is (a wrapper page holding iframe#challengeFrame
// with the buttons): it renders under its strict CSP (stylesheets and scripts load, no CSP violation), works in
// a cross-origin iframe whose wrapper relays the result to the parent page, and in redirect mode brings the
// shopper back to the return_url in the wrapper's window (the top one, or the merchant's iframe).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { chromium, type Browser, type Page } from 'playwright';
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

/** The shop page framing `src` in iframe#f, the way the Stripe.js shim's lightbox (or a merchant) frames it. */
function shopFraming(src: string): string {
  return `${shopOrigin}/frame?src=${encodeURIComponent(src)}`;
}

/** Resolves with the first `count` messages the shop page receives, with their origin and whether #f sent them. */
function messages(page: Page, count: number): Promise<{ data: unknown; origin: string; fromFrame: boolean }[]> {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const got: { data: unknown; origin: string; fromFrame: boolean }[] = [];
        const frame = document.getElementById('f') as HTMLIFrameElement;
        window.addEventListener('message', (e) => {
          got.push({ data: e.data, origin: e.origin, fromFrame: e.source === frame.contentWindow });
          if (got.length === n) resolve(got);
        });
      }),
    count,
  );
}

function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('modal mode: the wrapper relays the result of the challenge in its #challengeFrame to the parent origin', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const challenge = `${(pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js}?parent_origin=${encodeURIComponent(shopOrigin)}&locale=fr`;
  const page = await browser.newPage();
  const violations = cspViolations(page);
  await page.goto(shopFraming(challenge));
  const received = messages(page, 1);
  const inner = page.frameLocator('#f').frameLocator('#challengeFrame');
  await inner.locator('#test-source-authorize-3ds').waitFor();
  // The wrapper relays nothing but its own intent's id and a known status, whatever its frame says.
  const innerFrame = page.frames().find((f) => f.name() === 'stripe-challenge-frame')!;
  await innerFrame.evaluate(() => {
    parent.postMessage({ type: 'ck-3ds-complete', paymentIntent: 'pi_someoneElse', status: 'succeeded' }, location.origin);
    parent.postMessage({ type: 'ck-3ds-complete', paymentIntent: 'pi_x', status: 'pwned' }, location.origin);
    parent.postMessage('ck-3ds-complete', location.origin);
  });
  await inner.getByRole('button', { name: 'Valider l’authentification' }).click();
  const [msg] = await received;
  assert.deepEqual(msg.data, { type: 'ck-3ds-complete', status: 'succeeded', paymentIntent: pi.id });
  assert.equal(msg.origin, server.url.replace(/\/$/, ''));
  assert.ok(msg.fromFrame, 'posted by the wrapper, the window the shop framed');
  await page.frameLocator('#f').frameLocator('#challengeFrame').getByRole('heading', { name: 'Authentification réussie' }).waitFor();
  assert.deepEqual(violations, []);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  await page.close();
});

test('modal mode, SetupIntent: failing relays setupIntent and status failed', async () => {
  const customer = await stripe.customers.create();
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true, usage: 'off_session' });
  assert.equal(si.status, 'requires_action');
  const url = (si.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  const page = await browser.newPage();
  await page.goto(shopFraming(`${url}?parent_origin=${encodeURIComponent(shopOrigin)}`));
  const received = messages(page, 1);
  await page.frameLocator('#f').frameLocator('#challengeFrame').locator('#test-source-fail-3ds').click();
  assert.deepEqual((await received)[0].data, { type: 'ck-3ds-complete', status: 'failed', setupIntent: si.id });
  assert.equal((await stripe.setupIntents.retrieve(si.id)).last_setup_error?.code, 'setup_intent_authentication_failure');
  await page.close();
});

test('the challenge is styled by its stylesheet under the CSP and Tab reaches its buttons through the wrapper', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const page = await browser.newPage();
  const violations = cspViolations(page);
  await page.goto((pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js);
  const inner = page.frameLocator('#challengeFrame');
  const radius = await inner.locator('main').evaluate((el) => getComputedStyle(el).borderTopLeftRadius);
  assert.equal(radius, '12px', 'challenge.css applied');
  const box = await page.locator('#challengeFrame').boundingBox();
  assert.ok(box && box.height >= 500, 'the frame fills the wrapper page');
  await page.keyboard.press('Tab');
  const innerFrame = page.frames().find((f) => f.name() === 'stripe-challenge-frame')!;
  assert.equal(await innerFrame.evaluate(() => document.activeElement?.id), 'test-source-authorize-3ds');
  await page.keyboard.press('Tab');
  assert.equal(await innerFrame.evaluate(() => document.activeElement?.textContent), 'Fail authentication');
  await page.keyboard.press('Enter');
  await inner.getByRole('heading', { name: 'Authentication failed' }).waitFor();
  assert.deepEqual(violations, []);
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.last_payment_error?.code, 'payment_intent_authentication_failure');
  await page.close();
});

test('redirect mode: the button in #challengeFrame navigates the top window back to the return_url', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: `${shopOrigin}/done` });
  const page = await browser.newPage();
  const violations = cspViolations(page);
  await page.goto(pi.next_action!.redirect_to_url!.url!);
  await Promise.all([page.waitForURL(`${shopOrigin}/done?**`), page.frameLocator('#challengeFrame').getByRole('button', { name: 'Complete authentication' }).click()]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('payment_intent'), pi.id);
  assert.equal(url.searchParams.get('redirect_status'), 'succeeded');
  assert.deepEqual(violations, []);
  await page.close();
});

test('redirect mode without JavaScript: the challenge still completes and returns', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: `${shopOrigin}/done` });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pi.next_action!.redirect_to_url!.url!);
  await Promise.all([page.waitForURL(`${shopOrigin}/done?**`), page.frameLocator('#challengeFrame').locator('#test-source-fail-3ds').click()]);
  assert.equal(new URL(page.url()).searchParams.get('redirect_status'), 'failed');
  await context.close();
});

test('redirect_to_url.url shown in the merchant’s own iframe: the return_url loads in that iframe, not the top window', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: `${shopOrigin}/done` });
  const page = await browser.newPage();
  await page.goto(shopFraming(pi.next_action!.redirect_to_url!.url!));
  await page.frameLocator('#f').frameLocator('#challengeFrame').locator('#test-source-authorize-3ds').click();
  const framed = page.frameLocator('#f').locator('#q');
  await framed.waitFor();
  assert.match((await framed.textContent()) ?? '', /redirect_status=succeeded/);
  assert.equal(new URL(page.url()).pathname, '/frame', 'the top window stays');
  await page.close();
});

test('Escape inside the challenge (or on the wrapper) asks the shim to close the modal', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const challenge = `${(pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js}?parent_origin=${encodeURIComponent(shopOrigin)}`;
  const page = await browser.newPage();
  await page.goto(shopFraming(challenge));
  const received = messages(page, 1);
  const button = page.frameLocator('#f').frameLocator('#challengeFrame').getByRole('button', { name: 'Complete authentication' });
  await button.focus();
  await button.press('Escape');
  const [msg] = await received;
  assert.deepEqual(msg.data, { type: 'ck-3ds-escape' });
  assert.ok(msg.fromFrame);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_action', 'Escape alone changes nothing');
  await page.close();
});

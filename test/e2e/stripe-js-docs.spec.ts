// The simulator's Stripe.js shim driven as Stripe's documentation (stripe.com/docs/js) says Stripe.js behaves, from a
// plain merchant page: no kit component, only `loadStripe` from @stripe/stripe-js/pure and the simulator's
// `<script src=".../js/v3/stripe.js">`, under the demo's strict CSP. One page is shared by the tests (they run in order), so
// the suite stays fast; the redirect test comes last because it leaves the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Browser, type FrameLocator, type Page } from '@playwright/test';
import { DEFAULT_KEYS } from '../../sim/core/app.ts';
import { SIM_ORIGIN, challengeFrame, simStripe } from './helpers/payment.ts';

const stripe = simStripe();
const PK = DEFAULT_KEYS.publishable;
const PURE = readFileSync(createRequire(import.meta.url).resolve('@stripe/stripe-js/dist/pure.mjs'), 'utf8');

const BODY = `<main>
  <form id="checkout"><div id="card-element"></div><div id="payment-element"></div><div id="deferred-element"></div></form>
  <div id="setup-element"></div><div id="appearance-element"></div><div id="loaderror-element"></div><div id="redirect-element"></div>
  <button id="outside" type="button">Elsewhere</button>
</main>`;

// The merchant's script: loadStripe, plus two helpers that report a thrown error as "Name: message".
const APP = `import { loadStripe } from '/docs-merchant/pure.mjs';
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.attempt = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
window.attemptAsync = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
window.stripe = await loadStripe(${JSON.stringify(PK)});
window.merchantReady = true;
`;

type Obj = Record<string, unknown>;
type W = Window &
  Obj & {
    Stripe: ((key?: unknown, options?: unknown) => Obj) & { version: string };
    stripe: Obj & Record<string, (...a: unknown[]) => Promise<Obj>>;
    attempt(fn: () => unknown): string;
    attemptAsync(fn: () => unknown): Promise<string>;
    violations: string[];
  };

let page: Page;
const consoleMessages: { type: string; text: string }[] = [];
const confirmRequests: string[] = [];
let merchantOrigin = '';

async function openMerchant(browser: Browser, baseURL: string): Promise<Page> {
  const p = await browser.newPage({ baseURL });
  merchantOrigin = new URL(baseURL).origin;
  await p.route('**/docs-merchant/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/app.mjs')) return route.fulfill({ contentType: 'text/javascript', body: APP });
    if (path.endsWith('/pure.mjs')) return route.fulfill({ contentType: 'text/javascript', body: PURE });
    if (path.endsWith('/return')) return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Thanks</title><p>Thanks</p>' });
    return route.continue();
  });
  p.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  p.on('pageerror', (e) => consoleMessages.push({ type: 'pageerror', text: String(e) }));
  p.on('request', (r) => {
    if (/\/v1\/(payment|setup)_intents\/[^/]+\/confirm$/.test(new URL(r.url()).pathname)) confirmRequests.push(r.url());
  });
  // The document must come from the demo server itself: Chromium puts a document that Playwright fulfils in the public
  // address space, and then refuses its requests to the loopback simulator. So: the demo's own (plain) 404 page, with
  // its strict CSP header (script-src 'self' + the simulator, style-src 'self', no inline script), then our markup.
  await p.goto('/docs-merchant/');
  await p.evaluate(
    async ({ body, sim }) => {
      document.title = "A merchant following Stripe's docs";
      document.body.innerHTML = body;
      const add = (src: string, type?: string) =>
        new Promise((resolve, reject) => {
          const script = document.createElement('script');
          if (type) script.type = type;
          script.src = src;
          script.onload = resolve;
          script.onerror = reject;
          document.head.append(script);
        });
      await add(`${sim}/js/v3/stripe.js`);
      await add('/docs-merchant/app.mjs', 'module');
    },
    { body: BODY, sim: SIM_ORIGIN },
  );
  // (waitForFunction would need 'unsafe-eval', which the strict CSP refuses)
  await expect
    .poll(() => p.evaluate(() => (window as unknown as W).merchantReady === true), { timeout: 20_000, message: JSON.stringify(consoleMessages) })
    .toBe(true);
  return p;
}

/** Creates `type` in a group on `options`, records every documented event, mounts it on `#id`; all on window[name]. */
async function mount(name: string, id: string, type: string, options: Obj, elementOptions: Obj = {}): Promise<void> {
  await page.evaluate(
    ({ name, id, type, options, elementOptions }) => {
      const w = window as unknown as W;
      const elements = (w.stripe.elements as unknown as (o: unknown) => Obj & { create(t: string, o?: unknown): Obj & { on(n: string, f: (e: unknown) => void): unknown; mount(s: string): void } })(options);
      const element = elements.create(type, elementOptions);
      const events: { name: string; e: Obj }[] = [];
      for (const ev of ['ready', 'change', 'focus', 'blur', 'escape', 'loaderror', 'loaderstart']) element.on(ev, (e) => events.push({ name: ev, e: e as Obj }));
      element.mount(`#${id}`);
      w[name] = { elements, element, events };
    },
    { name, id, type, options, elementOptions },
  );
}

function events(name: string, kind?: string): Promise<Obj[]> {
  return page.evaluate(
    ({ name, kind }) => ((window as unknown as W)[name] as { events: { name: string; e: Obj }[] }).events.filter((x) => !kind || x.name === kind).map((x) => x.e),
    { name, kind },
  );
}

async function lastEvent(name: string, kind: string): Promise<Obj | undefined> {
  return (await events(name, kind)).at(-1);
}

function frameOf(id: string): FrameLocator {
  return page.frameLocator(`#${id} iframe`);
}

async function fill(id: string, number: string, opts: { expiry?: string; cvc?: string; postal?: string } = {}): Promise<void> {
  const frame = frameOf(id);
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill(opts.expiry ?? '12 / 34');
  await frame.getByLabel('Security code').fill(opts.cvc ?? '123');
  const postal = frame.getByRole('textbox', { name: /ZIP|Postal code/ });
  if (await postal.isVisible()) await postal.fill(opts.postal ?? '42424');
}

async function newIntent(extra: Obj = {}): Promise<{ id: string; client_secret: string }> {
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true }, ...extra });
  return { id: pi.id, client_secret: pi.client_secret! };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }, info) => {
  page = await openMerchant(browser, info.project.use.baseURL!);
});

test.afterAll(async () => {
  await page?.close();
});

test.describe('Stripe.js as documented, on the simulator', () => {
  test('Stripe(): loadStripe resolves the shim; a missing, empty, secret or restricted key throws; unknown options warn', async () => {
    const out = await page.evaluate(() => {
      const w = window as unknown as W;
      const S = w.Stripe;
      return {
        version: S.version,
        same: typeof w.stripe.elements === 'function' && typeof w.stripe.confirmPayment === 'function',
        none: w.attempt(() => S()),
        empty: w.attempt(() => S('')),
        notString: w.attempt(() => S(42)),
        secret: w.attempt(() => S('sk_test_4eC39HqLyjWDarjtT1zdp7dc')),
        restricted: w.attempt(() => S('rk_test_4eC39HqLyjWDarjtT1zdp7dc')),
        options: w.attempt(() => S('pk_test_123', { locale: 'fr', stripeAccount: 'acct_1Example', apiVersion: '2026-10-28.endive' })),
        unknown: w.attempt(() => S('pk_test_123', { betaz: ['x'] })),
        badVersion: w.attempt(() => S('pk_test_123', { apiVersion: 20261028 })),
        serialised: (() => {
          try {
            S('');
            return null;
          } catch (e) {
            return { json: JSON.parse(JSON.stringify(e)), isError: e instanceof Error };
          }
        })(),
      };
    });
    expect(out.version).toBe('endive');
    expect(out.same).toBe(true);
    expect(out.none).toBe('IntegrationError: Missing value for Stripe(): apiKey should be a string.');
    expect(out.notString).toBe('IntegrationError: Invalid value for Stripe(): apiKey should be a string. You specified: 42.');
    expect(out.empty).toBe('IntegrationError: Please call Stripe() with your publishable key. You used an empty string.');
    expect(out.secret).toBe('IntegrationError: You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
    expect(out.restricted).toBe('IntegrationError: You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
    // Stripe.js's IntegrationError is an Error whose name and message are enumerable own properties.
    expect(out.serialised).toEqual({ isError: true, json: { name: 'IntegrationError', message: 'Please call Stripe() with your publishable key. You used an empty string.' } });
    expect(out.options).toBe('no error');
    expect(out.unknown).toBe('no error');
    expect(out.badVersion).toMatch(/^IntegrationError: Invalid value for Stripe\(\): apiVersion should be a string/);
    expect(consoleMessages.some((m) => m.type === 'warning' && m.text.includes('Unrecognized Stripe() parameter: betaz is not a recognized parameter'))).toBe(true);
    // loadStripe found window.Stripe: no script was injected from Stripe's own host, and no release-train warning.
    expect(await page.evaluate(() => [...document.scripts].filter((s) => s.src.includes('stripe.js')).length)).toBe(1);
    expect(consoleMessages.filter((m) => /Stripe\.js|stripe-js/i.test(m.text) && m.type === 'warning')).toEqual([]);
  });

  test('Card Element: loaderstart, ready, change payloads (brand, error, value.postalCode), focus, blur, escape; on/once/off', async () => {
    await mount('cardTest', 'card-element', 'card', {});
    await expect(frameOf('card-element').getByLabel('Card number')).toBeVisible();
    await expect.poll(() => events('cardTest', 'ready')).toEqual([{ elementType: 'card' }]);
    // Stripe documents loaderstart/loaderror for the Payment Element only.
    expect(await events('cardTest', 'loaderstart')).toEqual([]);
    const chain = await page.evaluate(() => {
      const w = window as unknown as W & { cardTest: { element: Obj & Record<string, (...a: unknown[]) => unknown> }; counts: Record<string, number> };
      const el = w.cardTest.element;
      w.counts = { once: 0, off: 0 };
      const offHandler = () => (w.counts.off += 1);
      const r1 = el.on('change', offHandler) === el;
      const r2 = el.off('change', offHandler) === el;
      const r3 = el.once('change', () => (w.counts.once += 1)) === el;
      return r1 && r2 && r3;
    });
    expect(chain).toBe(true);
    const frame = frameOf('card-element');
    await frame.getByLabel('Card number').pressSequentially('4242');
    await expect.poll(() => lastEvent('cardTest', 'change')).toEqual({ elementType: 'card', empty: false, complete: false, brand: 'visa', value: { postalCode: '' } });
    await expect.poll(() => events('cardTest', 'focus')).toEqual([{ elementType: 'card' }]);
    await frame.getByLabel('Card number').fill('4242424242424241');
    await expect.poll(() => lastEvent('cardTest', 'change')).toMatchObject({
      elementType: 'card',
      complete: false,
      error: { type: 'validation_error', code: 'invalid_number', message: 'Your card number is invalid.' },
    });
    await frame.getByLabel('Card number').press('Escape');
    await expect.poll(() => events('cardTest', 'escape')).toEqual([{ elementType: 'card' }]);
    await fill('card-element', '4242424242424242', { postal: '94110' });
    await expect.poll(() => lastEvent('cardTest', 'change')).toEqual({
      elementType: 'card',
      empty: false,
      complete: true,
      brand: 'visa',
      value: { postalCode: '94110' },
    });
    await page.locator('#outside').click();
    await expect.poll(() => events('cardTest', 'blur')).toEqual([{ elementType: 'card' }]);
    // Moving between the Element's own fields was not a new focus.
    expect(await events('cardTest', 'focus')).toEqual([{ elementType: 'card' }]);
    expect(await page.evaluate(() => (window as unknown as { counts: Record<string, number> }).counts)).toEqual({ once: 1, off: 0 });
    expect(await page.locator('#card-element').getAttribute('class')).toContain('StripeElement--complete');
  });

  test('Elements misuse: mount twice, a missing selector, a second card, an unknown Element type; destroy then re-create', async () => {
    const out = await page.evaluate(() => {
      const w = window as unknown as W & { cardTest: { elements: Obj & Record<string, (...a: unknown[]) => Obj & Record<string, (...a: unknown[]) => unknown>>; element: Obj & Record<string, (...a: unknown[]) => unknown> } };
      const { elements, element } = w.cardTest;
      return {
        twice: w.attempt(() => element.mount('#card-element')),
        missing: w.attempt(() => elements.create('card').mount('#nowhere')),
        missingFresh: w.attempt(() => (w.stripe.elements as unknown as () => { create(t: string): { mount(s: string): void } })().create('card').mount('#nowhere')),
        bogus: w.attempt(() => elements.create('bogus')),
        paymentWithoutIntent: w.attempt(() => elements.create('payment')),
        getCard: elements.getElement('card') === element,
      };
    });
    expect(out.twice).toBe('IntegrationError: This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.');
    expect(out.missing).toBe('IntegrationError: Can only create one Element of type card.');
    expect(out.missingFresh).toBe(
      'IntegrationError: The selector you specified (#nowhere) applies to no DOM elements that are currently on the page.\nMake sure the element exists on the page before calling mount().',
    );
    expect(out.bogus).toMatch(/^IntegrationError: A valid Element name must be provided/);
    expect(out.getCard).toBe(true);
    // (Stripe.js goes on with '\n\n e.g. stripe.elements({clientSecret: "{{CLIENT_SECRET}}"})'; payment-shim.spec.ts pins ours.)
    expect(out.paymentWithoutIntent).toMatch(
      /^IntegrationError: In order to create a payment element, you must pass a clientSecret or mode when creating the Elements group\./,
    );
    // destroy(): the iframe goes, the Element cannot be mounted again, a new one of the same type can be created.
    const after = await page.evaluate(() => {
      const w = window as unknown as W & { cardTest: { elements: Obj & Record<string, (...a: unknown[]) => Obj & Record<string, (...a: unknown[]) => unknown>>; element: Obj & Record<string, (...a: unknown[]) => unknown> } };
      const { elements, element } = w.cardTest;
      element.destroy();
      const gone = document.querySelector('#card-element iframe') === null && elements.getElement('card') === null;
      const remount = w.attempt(() => element.mount('#card-element'));
      const card = elements.create('card');
      const events: { name: string; e: Obj }[] = [];
      for (const ev of ['ready', 'change', 'focus', 'blur']) card.on(ev, (e: unknown) => events.push({ name: ev, e: e as Obj }));
      card.mount('#card-element');
      w.cardTest = { elements, element: card, events } as never;
      return { gone, remount, same: elements.getElement('card') === card };
    });
    expect(after.gone).toBe(true);
    expect(after.remount).toBe('IntegrationError: This Element has already been destroyed. Please create a new one.');
    expect(after.same).toBe(true);
    await expect.poll(() => events('cardTest', 'ready')).toEqual([{ elementType: 'card' }]);
    // element.focus() focuses the card number (a focus event); clear() empties the fields (a change event, empty).
    await page.evaluate(() => (window as unknown as { cardTest: { element: { focus(): void } } }).cardTest.element.focus());
    await expect.poll(() => events('cardTest', 'focus')).toEqual([{ elementType: 'card' }]);
    await frameOf('card-element').getByLabel('Card number').pressSequentially('42');
    await expect.poll(() => lastEvent('cardTest', 'change')).toMatchObject({ empty: false });
    await page.evaluate(() => (window as unknown as { cardTest: { element: { clear(): void } } }).cardTest.element.clear());
    await expect.poll(() => lastEvent('cardTest', 'change')).toMatchObject({ elementType: 'card', empty: true, complete: false });
    await expect(frameOf('card-element').getByLabel('Card number')).toHaveValue('');
    // elements.update({locale}) re-words the fields.
    await page.evaluate(() => (window as unknown as { cardTest: { elements: { update(o: unknown): Promise<void> } } }).cardTest.elements.update({ locale: 'fr' }));
    await expect(frameOf('card-element').getByLabel('Numéro de carte')).toBeVisible();
    await page.evaluate(() => (window as unknown as { cardTest: { elements: { update(o: unknown): Promise<void> } } }).cardTest.elements.update({ locale: 'en' }));
    await expect(frameOf('card-element').getByLabel('Card number')).toBeVisible();
    // unmount() then mount() re-attaches the same Element (ready again).
    await page.evaluate(() => {
      const el = (window as unknown as { cardTest: { element: { unmount(): void; mount(s: string): void } } }).cardTest.element;
      el.unmount();
      if (document.querySelector('#card-element iframe')) throw new Error('still mounted');
      el.mount('#card-element');
    });
    await expect.poll(() => events('cardTest', 'ready')).toHaveLength(2);
    await expect(frameOf('card-element').getByLabel('Card number')).toBeVisible();
  });

  test('Stripe(pk, {locale}) words the Elements of its groups in that locale', async () => {
    await page.evaluate((pk) => {
      const w = window as unknown as W;
      const french = w.Stripe(pk, { locale: 'fr' }) as { elements(): { create(t: string): { mount(s: string): void } } };
      const div = document.createElement('div');
      div.id = 'french-element';
      document.querySelector('main')!.append(div);
      french.elements().create('card').mount('#french-element');
    }, PK);
    await expect(frameOf('french-element').getByLabel('Numéro de carte')).toBeVisible();
    await page.evaluate(() => document.querySelector('#french-element')!.remove());
  });

  test('Payment Element: change payload, getElement, confirmPayment IntegrationErrors, validation without a request, a decline, then success', async () => {
    const pi = await newIntent();
    await mount('pay', 'payment-element', 'payment', { clientSecret: pi.client_secret });
    await expect.poll(() => events('pay', 'ready')).toEqual([{ elementType: 'payment' }]);
    expect(await events('pay', 'loaderstart')).toEqual([{ elementType: 'payment' }]);
    const frame = frameOf('payment-element');
    await frame.getByLabel('Card number').fill('4242');
    await expect.poll(() => lastEvent('pay', 'change')).toEqual({ elementType: 'payment', empty: false, complete: false, collapsed: false, value: { type: 'card' } });
    const misuse = await page.evaluate(async (secret) => {
      const w = window as unknown as W & { pay: { elements: Obj & { getElement(t: string): unknown }; element: unknown } };
      const { elements } = w.pay;
      const s = w.stripe;
      return {
        getElement: elements.getElement('payment') === w.pay.element,
        neither: await w.attemptAsync(() => s.confirmPayment({ confirmParams: { return_url: 'https://shop.example/done' } })),
        noReturnUrl: await w.attemptAsync(() => s.confirmPayment({ elements })),
        noReturnUrlSecret: await w.attemptAsync(() => s.confirmPayment({ clientSecret: secret })),
        badSecret: await w.attemptAsync(() => s.confirmPayment({ elements, clientSecret: 'nope', redirect: 'if_required' })),
        cardOnly: await w.attemptAsync(() =>
          s.confirmPayment({ elements: (w.cardTest as { elements: unknown }).elements, clientSecret: secret, confirmParams: { return_url: 'https://shop.example/done' } }),
        ),
      };
    }, pi.client_secret);
    expect(misuse.getElement).toBe(true);
    expect(misuse.neither).toMatch(/^IntegrationError: .*(elements|clientSecret)/);
    expect(misuse.noReturnUrl).toMatch(/^IntegrationError: stripe\.confirmPayment\(\): the `confirmParams\.return_url` argument is required/);
    expect(misuse.noReturnUrlSecret).toMatch(/^IntegrationError: stripe\.confirmPayment\(\): the `confirmParams\.return_url` argument is required/);
    expect(misuse.cardOnly).toBe(
      'IntegrationError: Invalid value for stripe.confirmPayment(): elements should have a mounted Payment Element or Express Checkout Element. It looks like you have other Elements on the page.',
    );
    expect(misuse.badSecret).toMatch(/^IntegrationError: Invalid value for stripe\.confirmPayment\(\): clientSecret/);

    // An incomplete form: {error: validation_error}, and nothing is sent to the API.
    const before = confirmRequests.length;
    const incomplete = await page.evaluate(() => {
      const w = window as unknown as W & { pay: { elements: unknown } };
      return w.stripe.confirmPayment({ elements: w.pay.elements, confirmParams: { return_url: 'https://shop.example/done' }, redirect: 'if_required' });
    });
    expect(incomplete.paymentIntent).toBeUndefined();
    expect(incomplete.error).toMatchObject({ type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' });
    expect(confirmRequests.length).toBe(before);

    // A decline: a card_error with the PaymentIntent (client-side fields) and the PaymentMethod.
    await fill('payment-element', '4000000000000002');
    const declined = await page.evaluate(() => {
      const w = window as unknown as W & { pay: { elements: unknown } };
      return w.stripe.confirmPayment({ elements: w.pay.elements, confirmParams: { return_url: 'https://shop.example/done' }, redirect: 'if_required' });
    });
    expect(declined.paymentIntent).toBeUndefined();
    const err = declined.error as Obj & { payment_intent: Obj; payment_method: Obj };
    expect(err).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      payment_intent: { id: pi.id, object: 'payment_intent', status: 'requires_payment_method' },
      payment_method: { object: 'payment_method', type: 'card', card: { last4: '0002' } },
    });
    expect(err.charge).toMatch(/^ch_/);
    expect(err.doc_url).toBe('https://stripe.com/docs/error-codes/card-declined');
    expect(err.payment_intent).not.toHaveProperty('metadata');
    expect(err.payment_intent).not.toHaveProperty('customer');
    expect(confirmRequests.length).toBe(before + 1);

    // The customer fixes the card: the same Elements confirm again and succeed, without a redirect.
    await frame.getByLabel('Card number').fill('4242424242424242');
    const ok = await page.evaluate(() => {
      const w = window as unknown as W & { pay: { elements: unknown } };
      return w.stripe.confirmPayment({ elements: w.pay.elements, confirmParams: { return_url: 'https://shop.example/done' }, redirect: 'if_required' });
    });
    expect(ok.error).toBeUndefined();
    expect(ok.paymentIntent).toMatchObject({ id: pi.id, object: 'payment_intent', status: 'succeeded', amount: 2000, currency: 'usd' });
    expect(ok.paymentIntent).not.toHaveProperty('metadata');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  test('deferred intent: elements({mode, amount, currency}), update and fetchUpdates, submit(), then confirmPayment({elements, clientSecret})', async () => {
    await mount('deferred', 'deferred-element', 'payment', { mode: 'payment', amount: 1500, currency: 'usd' });
    await expect.poll(() => events('deferred', 'ready')).toEqual([{ elementType: 'payment' }]);
    const shapes = await page.evaluate(async () => {
      const w = window as unknown as W & { deferred: { elements: Record<string, (...a: unknown[]) => unknown> } };
      const el = w.deferred.elements;
      const updated = el.update({ amount: 2500 });
      const isPromise = updated instanceof Promise;
      await updated;
      const fetched = await el.fetchUpdates();
      const missing = w.attempt(() => (w.stripe.elements as unknown as (o: unknown) => unknown)({ mode: 'payment' }));
      return { isPromise, fetched, missing };
    });
    expect(shapes.isPromise).toBe(true);
    expect(shapes.fetched).toEqual({});
    expect(shapes.missing).toMatch(/^IntegrationError: /);
    await fill('deferred-element', '4242424242424242');
    const pi = await newIntent({ amount: 2500 });
    const result = await page.evaluate(async (secret) => {
      const w = window as unknown as W & { deferred: { elements: Obj & { submit(): Promise<Obj> } } };
      const elements = w.deferred.elements;
      const early = await w.attemptAsync(() => w.stripe.confirmPayment({ elements, clientSecret: secret, confirmParams: { return_url: 'https://shop.example/done' }, redirect: 'if_required' }));
      const submitted = await elements.submit();
      const confirmed = await w.stripe.confirmPayment({ elements, clientSecret: secret, confirmParams: { return_url: 'https://shop.example/done' }, redirect: 'if_required' });
      return { early, submitted, confirmed };
    }, pi.client_secret);
    expect(result.early).toMatch(/^IntegrationError: elements\.submit\(\) must be called before stripe\.confirmPayment\(\)/);
    expect(result.submitted).toEqual({ selectedPaymentMethod: 'card' });
    expect(result.confirmed.error).toBeUndefined();
    expect(result.confirmed.paymentIntent).toMatchObject({ id: pi.id, status: 'succeeded' });
  });

  test('submit() on an incomplete deferred form resolves {error: validation_error}', async () => {
    await frameOf('deferred-element').getByLabel('Security code').fill('1');
    const submitted = await page.evaluate(() => (window as unknown as { deferred: { elements: { submit(): Promise<Obj> } } }).deferred.elements.submit());
    expect(submitted.error).toMatchObject({ type: 'validation_error', code: 'incomplete_cvc', message: "Your card's security code is incomplete." });
  });

  test('confirmCardPayment: a card Element with billing_details, an existing pm_..., handleActions:false then handleNextAction', async () => {
    await fill('card-element', '4242424242424242');
    const first = await newIntent();
    const withCard = await page.evaluate((secret) => {
      const w = window as unknown as W & { cardTest: { element: unknown } };
      return w.stripe.confirmCardPayment(secret, { payment_method: { card: w.cardTest.element, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } } });
    }, first.client_secret);
    expect(withCard.error).toBeUndefined();
    expect(withCard.paymentIntent).toMatchObject({ id: first.id, status: 'succeeded' });
    const pm = await stripe.paymentMethods.retrieve((await stripe.paymentIntents.retrieve(first.id)).payment_method as string);
    expect(pm.billing_details).toMatchObject({ name: 'Jenny Rosen', email: 'jenny@example.com', address: { postal_code: '42424' } });
    expect(pm.card?.last4).toBe('4242');

    const second = await newIntent();
    const withPm = await page.evaluate((secret) => (window as unknown as W).stripe.confirmCardPayment(secret, { payment_method: 'pm_card_visa' }), second.client_secret);
    expect(withPm.paymentIntent).toMatchObject({ id: second.id, status: 'succeeded' });

    const third = await newIntent();
    const pending = await page.evaluate(
      (secret) => (window as unknown as W).stripe.confirmCardPayment(secret, { payment_method: 'pm_card_threeDSecure2Required' }, { handleActions: false }),
      third.client_secret,
    );
    expect(pending.error).toBeUndefined();
    expect(pending.paymentIntent).toMatchObject({ id: third.id, status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    const handled = page.evaluate((secret) => (window as unknown as W).stripe.handleNextAction({ clientSecret: secret }), third.client_secret);
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    expect((await handled).paymentIntent).toMatchObject({ id: third.id, status: 'succeeded' });
    const again = await page.evaluate(
      (secret) => (window as unknown as W).attemptAsync(() => (window as unknown as W).stripe.handleNextAction({ clientSecret: secret })),
      third.client_secret,
    );
    expect(again).toBe('IntegrationError: handleNextAction: The PaymentIntent supplied is not in the requires_action state.');
  });

  test('retrievePaymentIntent and retrieveSetupIntent return the client-side subset only', async () => {
    const pi = await newIntent({ metadata: { order: '42' }, description: 'Cap' });
    const si = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true }, metadata: { order: '42' } });
    const out = await page.evaluate(
      async ({ piSecret, siSecret }) => {
        const w = window as unknown as W;
        return {
          pi: await w.stripe.retrievePaymentIntent(piSecret),
          si: await w.stripe.retrieveSetupIntent(siSecret),
          wrongKind: await w.attemptAsync(() => w.stripe.retrievePaymentIntent(siSecret)),
        };
      },
      { piSecret: pi.client_secret, siSecret: si.client_secret! },
    );
    expect(out.pi.paymentIntent).toMatchObject({ id: pi.id, object: 'payment_intent', amount: 2000, currency: 'usd', status: 'requires_payment_method', client_secret: pi.client_secret, description: 'Cap', livemode: false });
    for (const secretField of ['metadata', 'customer', 'latest_charge', 'application_fee_amount', 'transfer_data', 'on_behalf_of', 'statement_descriptor']) {
      expect(out.pi.paymentIntent).not.toHaveProperty(secretField);
    }
    expect(out.si.setupIntent).toMatchObject({ id: si.id, object: 'setup_intent', status: 'requires_payment_method', client_secret: si.client_secret });
    for (const secretField of ['metadata', 'customer', 'on_behalf_of', 'mandate', 'latest_attempt']) expect(out.si.setupIntent).not.toHaveProperty(secretField);
    expect(out.wrongKind).toMatch(/^IntegrationError: /);
  });

  test('confirmCardSetup with a card Element, and confirmSetup with the Payment Element', async () => {
    const si = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
    const card = await page.evaluate((secret) => {
      const w = window as unknown as W & { cardTest: { element: unknown } };
      return w.stripe.confirmCardSetup(secret, { payment_method: { card: w.cardTest.element, billing_details: { name: 'Jenny Rosen' } } });
    }, si.client_secret!);
    expect(card.error).toBeUndefined();
    expect(card.setupIntent).toMatchObject({ id: si.id, object: 'setup_intent', status: 'succeeded', payment_method: expect.stringMatching(/^pm_/) });

    const si2 = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
    await mount('setup', 'setup-element', 'payment', { clientSecret: si2.client_secret });
    await expect.poll(() => events('setup', 'ready')).toEqual([{ elementType: 'payment' }]);
    await fill('setup-element', '5555555555554444');
    const setup = await page.evaluate(() => {
      const w = window as unknown as W & { setup: { elements: unknown } };
      return w.stripe.confirmSetup({ elements: w.setup.elements, confirmParams: { return_url: 'https://shop.example/saved' }, redirect: 'if_required' });
    });
    expect(setup.error).toBeUndefined();
    expect(setup.setupIntent).toMatchObject({ id: si2.id, status: 'succeeded' });
    const pm = await stripe.paymentMethods.retrieve((await stripe.setupIntents.retrieve(si2.id)).payment_method as string);
    expect(pm.card?.brand).toBe('mastercard');
  });

  test('createPaymentMethod ({type, card, billing_details} and {elements}) and createToken(cardElement)', async () => {
    const out = await page.evaluate(async () => {
      const w = window as unknown as W & { cardTest: { element: unknown }; deferred: { elements: Obj & { submit(): Promise<Obj> } } };
      const fromCard = await w.stripe.createPaymentMethod({ type: 'card', card: w.cardTest.element, billing_details: { name: 'Jenny Rosen' } });
      const token = await w.stripe.createToken(w.cardTest.element);
      const noSubmit = await w.attemptAsync(() => w.stripe.createPaymentMethod({ elements: w.deferred.elements }));
      return { fromCard, token, noSubmit };
    });
    expect(out.fromCard.error).toBeUndefined();
    expect(out.fromCard.paymentMethod).toMatchObject({
      id: expect.stringMatching(/^pm_/),
      object: 'payment_method',
      type: 'card',
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 },
      billing_details: { name: 'Jenny Rosen', address: { postal_code: '42424' } },
    });
    expect(JSON.stringify(out)).not.toContain('4242424242424242');
    expect(out.token.token).toMatchObject({ id: expect.stringMatching(/^tok_/), object: 'token', type: 'card', card: { last4: '4242', brand: 'Visa' } });
    expect(out.noSubmit).toMatch(/^IntegrationError: elements\.submit\(\) must be called before/);

    await frameOf('deferred-element').getByLabel('Security code').fill('123');
    const fromElements = await page.evaluate(async () => {
      const w = window as unknown as W & { deferred: { elements: Obj & { submit(): Promise<Obj> } } };
      await w.deferred.elements.submit();
      return w.stripe.createPaymentMethod({ elements: w.deferred.elements, params: { billing_details: { email: 'jenny@example.com' } } });
    });
    expect(fromElements.paymentMethod).toMatchObject({ type: 'card', card: { last4: '4242' }, billing_details: { email: 'jenny@example.com' } });
  });

  test('appearance: theme (stripe, night, flat), variables, rules, an unknown variable warns; elements.update re-themes', async () => {
    consoleMessages.length = 0;
    await mount('look', 'appearance-element', 'card', {
      appearance: {
        theme: 'night',
        variables: { colorBackground: '#112233', colorText: '#fafafa', borderRadius: '9px', colourPrimary: '#ff0000', fontWeightBold: '700' },
        rules: { '.Input': { borderWidth: '3px' }, '.Input--invalid': { color: '#ff0000' } },
      },
    });
    await expect.poll(() => events('look', 'ready')).toEqual([{ elementType: 'card' }]);
    const look = async () =>
      frameOf('appearance-element')
        .locator('input[name="cardnumber"]')
        .evaluate((input) => {
          const cs = getComputedStyle(input);
          const body = getComputedStyle(document.body);
          return { theme: document.documentElement.dataset.theme, body: body.backgroundColor, text: cs.color, radius: cs.borderTopLeftRadius, border: cs.borderTopWidth, scheme: getComputedStyle(document.documentElement).colorScheme };
        });
    expect(await look()).toEqual({ theme: 'night', body: 'rgb(17, 34, 51)', text: 'rgb(250, 250, 250)', radius: '9px', border: '3px', scheme: 'dark' });
    // Stripe.js's validator wording; a variable Stripe knows (fontWeightBold) draws no warning even if not rendered here.
    expect(consoleMessages.filter((m) => m.type === 'warning' && m.text.startsWith('Unrecognized')).map((m) => m.text)).toEqual([
      'Unrecognized elements() parameter: appearance.variables.colourPrimary is not a recognized parameter. This may cause issues with your integration in the future.',
    ]);
    const misuse = await page.evaluate(() => {
      const w = window as unknown as W;
      const elements = (o: unknown) => (w.stripe.elements as unknown as (o: unknown) => unknown).call(w.stripe, o);
      return {
        theme: w.attempt(() => elements({ appearance: { theme: 'dark' } })),
        unknownOption: w.attempt(() => elements({ apperance: {} })),
        mode: w.attempt(() => elements({ mode: 'pay', amount: 100, currency: 'usd' })),
      };
    });
    expect(misuse.theme).toBe('IntegrationError: Invalid value for elements(): appearance.theme should be one of the following strings: stripe, night, flat. You specified: dark.');
    expect(misuse.unknownOption).toBe('no error');
    expect(consoleMessages.map((m) => m.text)).toContain(
      'Unrecognized elements() parameter: apperance is not a recognized parameter. This may cause issues with your integration in the future.',
    );
    expect(misuse.mode).toBe('IntegrationError: Invalid value for elements(): mode should be one of the following strings: payment, setup, subscription. You specified: pay.');
    const updated = await page.evaluate(async () => {
      const w = window as unknown as W & { look: { elements: { update(o: unknown): Promise<unknown> } } };
      await w.look.elements.update({ appearance: { theme: 'flat' } });
      return true;
    });
    expect(updated).toBe(true);
    await expect.poll(async () => (await look()).theme).toBe('flat');
    expect((await look()).body).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => (window as unknown as W & { look: { elements: { update(o: unknown): Promise<unknown> } } }).look.elements.update({ appearance: { theme: 'stripe' } }));
    await expect.poll(async () => (await look()).theme).toBe('stripe');
  });

  test('loaderror: a Payment Element on an unknown intent reports {elementType, error}', async () => {
    await mount('broken', 'loaderror-element', 'payment', { clientSecret: 'pi_3Unknown0000000000000000_secret_abcdef' });
    await expect.poll(() => events('broken', 'loaderror'), { timeout: 15_000 }).toHaveLength(1);
    const [payload] = await events('broken', 'loaderror');
    expect(payload).toMatchObject({ elementType: 'payment', error: { type: 'invalid_request_error', code: 'resource_missing' } });
    expect(await events('broken', 'ready')).toEqual([]);
    expect(await events('broken', 'loaderstart')).toEqual([{ elementType: 'payment' }]);
  });

  test('the page never held a card number, and the shim broke no CSP rule', async () => {
    const dom = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join());
    expect(dom).not.toContain('4242424242424242');
    expect(await page.evaluate(() => (window as unknown as W).violations)).toEqual([]);
  });

  test('confirmPayment without redirect:"if_required" navigates to return_url with payment_intent, its client secret and redirect_status', async () => {
    const pi = await newIntent();
    await mount('redir', 'redirect-element', 'payment', { clientSecret: pi.client_secret });
    await expect.poll(() => events('redir', 'ready')).toEqual([{ elementType: 'payment' }]);
    await fill('redirect-element', '4242424242424242');
    const returnUrl = `${merchantOrigin}/docs-merchant/return?order=7`;
    await Promise.all([
      page.waitForURL(/\/docs-merchant\/return\?/),
      page.evaluate((returnUrl) => {
        const w = window as unknown as W & { redir: { elements: unknown } };
        void w.stripe.confirmPayment({ elements: w.redir.elements, confirmParams: { return_url: returnUrl } });
      }, returnUrl),
    ]);
    const url = new URL(page.url());
    expect(url.searchParams.get('order')).toBe('7');
    expect(url.searchParams.get('payment_intent')).toBe(pi.id);
    expect(url.searchParams.get('payment_intent_client_secret')).toBe(pi.client_secret);
    expect(url.searchParams.get('redirect_status')).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });
});

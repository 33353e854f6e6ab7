// The simulator's Stripe.js-compatible shim as a merchant's own code uses it (demo /shop-custom.html): loaded by
// `loadStripe` through the kit's getStripe, with Stripe.js's API, payloads, errors and refusals.
import { expect, test, type Page } from '@playwright/test';
import { cardFrame, challengeFrame, fillCardElement, simStripe } from './helpers/payment.ts';

const stripe = simStripe();

async function openCustom(page: Page, warnings: string[] = []): Promise<void> {
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
  await page.goto('/shop-custom.html');
  await page.waitForFunction(() => (window as unknown as { demo?: unknown }).demo);
  await expect(cardFrame(page).getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
}

/** Mounts an Element of `type` from a new group on `options` into a fresh `#id` div; keeps group, element and its events on window. */
async function mountElement(page: Page, id: string, type: string, options: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ id, type, options }) => {
      const w = window as unknown as Record<string, unknown> & { demo: { stripe: { elements(o: unknown): { create(t: string): Record<string, (...a: unknown[]) => unknown> } } } };
      const elements = w.demo.stripe.elements(options);
      const element = elements.create(type);
      const events: unknown[] = [];
      for (const name of ['ready', 'loaderror', 'change']) element.on(name, (e: unknown) => events.push({ name, e }));
      const div = document.createElement('div');
      div.id = id;
      document.body.append(div);
      element.mount(div);
      w[id] = { elements, element, events };
    },
    { id, type, options },
  );
}

function eventsOf(page: Page, id: string): Promise<{ name: string; e: Record<string, unknown> }[]> {
  return page.evaluate((id) => ((window as unknown as Record<string, { events: { name: string; e: Record<string, unknown> }[] }>)[id]).events, id);
}

test.describe('Stripe.js shim', () => {
  test('loadStripe returns the shim with the release train it expects, and no warning', async ({ page }) => {
    const warnings: string[] = [];
    await openCustom(page, warnings);
    const info = await page.evaluate(() => {
      const w = window as unknown as { Stripe: { version: string }; demo: { stripe: Record<string, unknown> } };
      return {
        version: w.Stripe.version,
        removed: ['handleCardPayment', 'confirmPaymentIntent', 'handleCardSetup', 'confirmSetupIntent', 'createSource', 'retrieveSource'].filter(
          (m) => typeof w.demo.stripe[m] !== 'undefined',
        ),
        methods: ['elements', 'confirmPayment', 'confirmCardPayment', 'handleNextAction', 'retrievePaymentIntent', 'createPaymentMethod'].filter(
          (m) => typeof w.demo.stripe[m] === 'function',
        ).length,
        scripts: [...document.scripts].map((s) => s.src).filter((s) => s.includes('stripe.js')),
      };
    });
    expect(info.version).toBe('endive');
    expect(info.removed).toEqual([]);
    expect(info.methods).toBe(6);
    expect(info.scripts).toHaveLength(1);
    expect(info.scripts[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/js\/v3\/stripe\.js$/);
    expect(warnings.filter((w) => /Stripe\.js|stripe-js/i.test(w))).toEqual([]);
  });

  test('refuses to mount in a shadow root or on a missing selector, with Stripe’s messages', async ({ page }) => {
    await openCustom(page);
    const errors = await page.evaluate(() => {
      const { stripe } = (window as unknown as { demo: { stripe: { elements(): { create(t: string): { mount(x: unknown): void } } } } }).demo;
      const host = document.createElement('div');
      document.body.append(host);
      const target = document.createElement('div');
      host.attachShadow({ mode: 'open' }).append(target);
      const out: string[] = [];
      for (const arg of [target, '#nowhere']) {
        try {
          stripe.elements().create('card').mount(arg);
          out.push('mounted');
        } catch (e) {
          out.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      return out;
    });
    expect(errors[0]).toBe('IntegrationError: Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    expect(errors[1]).toContain('The selector you specified (#nowhere) applies to no DOM elements that are currently on the page.');
  });

  test('card Element: live validation with Stripe’s codes, change payloads, and confirmCardPayment', async ({ page }) => {
    await openCustom(page);
    await page.evaluate(() => {
      const w = window as unknown as { changes: unknown[]; demo: { card: { on(t: string, h: (e: unknown) => void): void } } };
      w.changes = [];
      w.demo.card.on('change', (e) => w.changes.push(e));
    });
    const frame = cardFrame(page);
    await frame.getByLabel('Card number').fill('4242424242424241');
    await expect(page.locator('#card-errors')).toHaveText('Your card number is invalid.');
    const last = await page.evaluate(() => (window as unknown as { changes: Record<string, unknown>[] }).changes.at(-1));
    expect(last).toMatchObject({ elementType: 'card', empty: false, complete: false, brand: 'visa', error: { type: 'validation_error', code: 'invalid_number' } });
    await frame.getByLabel('Card number').fill('4242424242424242');
    await frame.getByLabel('Expiration date').fill('01 / 20');
    await expect(page.locator('#card-errors')).toHaveText("Your card's expiration year is in the past.");
    await frame.getByLabel('Expiration date').fill('13');
    await expect(page.locator('#card-errors')).toHaveText("Your card's expiration month is invalid.");
    await fillCardElement(page, '4242424242424242');
    await expect.poll(() => page.evaluate(() => (window as unknown as { changes: { complete: boolean }[] }).changes.at(-1)?.complete)).toBe(true);
    await page.locator('#submit').click();
    await expect(page.locator('#result')).toHaveText(/^Payment succeeded: pi_/);
    const id = (await page.locator('#result').textContent())!.split(': ')[1];
    const pi = await stripe.paymentIntents.retrieve(id, { expand: ['payment_method'] });
    expect(pi.status).toBe('succeeded');
    expect((pi.payment_method as { billing_details: { address: { postal_code: string } } }).billing_details.address.postal_code).toBe('42424');
  });

  test('createPaymentMethod with the card Element returns a PaymentMethod without the number', async ({ page }) => {
    await openCustom(page);
    await fillCardElement(page, '5555555555554444');
    const result = await page.evaluate(async () => {
      const { stripe, card } = (window as unknown as { demo: { stripe: { createPaymentMethod(o: unknown): Promise<unknown> }; card: unknown } }).demo;
      return stripe.createPaymentMethod({ type: 'card', card, billing_details: { name: 'Jenny Rosen' } });
    });
    const pm = (result as { paymentMethod: { id: string; card: { brand: string; last4: string }; billing_details: { name: string } } }).paymentMethod;
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.card.brand).toBe('mastercard');
    expect(pm.card.last4).toBe('4444');
    expect(pm.billing_details.name).toBe('Jenny Rosen');
    expect(JSON.stringify(result)).not.toContain('5555555555554444');
  });

  test('elements.submit() reports an incomplete card as a validation_error; elements.update() returns a Promise', async ({ page }) => {
    await openCustom(page);
    const out = await page.evaluate(async () => {
      const { elements } = (window as unknown as { demo: { elements: { submit(): Promise<unknown>; update(o: unknown): unknown } } }).demo;
      const submitted = await elements.submit();
      const update = elements.update({ appearance: { theme: 'night', variables: { colorPrimary: '#ff0000' } } });
      return { submitted, isPromise: update instanceof Promise };
    });
    expect(out.submitted).toEqual({
      error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.', param: 'number' },
    });
    expect(out.submitted).not.toHaveProperty('selectedPaymentMethod');
    expect(out.isPromise).toBe(true);
  });

  test('retrievePaymentIntent returns the client-side subset', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.paymentIntents.create({ amount: 1234, currency: 'eur', metadata: { order: 'secret-internal' }, automatic_payment_methods: { enabled: true } });
    const pi = await page.evaluate(async (secret) => {
      const { stripe: s } = (window as unknown as { demo: { stripe: { retrievePaymentIntent(c: string): Promise<{ paymentIntent: Record<string, unknown> }> } } }).demo;
      return (await s.retrievePaymentIntent(secret)).paymentIntent;
    }, created.client_secret!);
    expect(pi).toMatchObject({ id: created.id, object: 'payment_intent', amount: 1234, currency: 'eur', status: 'requires_payment_method' });
    expect(pi).not.toHaveProperty('metadata');
    expect(pi).not.toHaveProperty('customer');
  });

  test('handleNextAction shows the 3D Secure dialog for an intent confirmed on the server', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(created.status).toBe('requires_action');
    const pending = page.evaluate(async (secret) => {
      const { stripe: s } = (window as unknown as { demo: { stripe: { handleNextAction(o: unknown): Promise<{ paymentIntent?: { status: string } }> } } }).demo;
      return (await s.handleNextAction({ clientSecret: secret })).paymentIntent?.status;
    }, created.client_secret!);
    await expect(page.getByRole('dialog')).toBeVisible();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    expect(await pending).toBe('succeeded');
  });

  test('confirmPayment requires a return_url unless redirect is if_required', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', automatic_payment_methods: { enabled: true } });
    const message = await page.evaluate(async (secret) => {
      const { stripe: s } = (window as unknown as { demo: { stripe: { elements(o: unknown): { create(t: string): { mount(e: Element): void } }; confirmPayment(o: unknown): Promise<unknown> } } }).demo;
      const elements = s.elements({ clientSecret: secret });
      const div = document.createElement('div');
      document.body.append(div);
      elements.create('payment').mount(div);
      try {
        await s.confirmPayment({ elements, confirmParams: {} });
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }, created.client_secret!);
    expect(message).toMatch(/^IntegrationError: .*return_url/);
  });
  test('deferred intent: elements({mode, amount, currency}), submit, then confirmPayment with a server-made clientSecret', async ({ page }) => {
    await openCustom(page);
    await page.evaluate(() => {
      const w = window as unknown as { deferred: unknown; demo: { stripe: { elements(o: unknown): { create(t: string): { mount(e: Element): void } } } } };
      const elements = w.demo.stripe.elements({ mode: 'payment', amount: 1800, currency: 'usd' });
      const div = document.createElement('div');
      div.id = 'deferred';
      document.body.append(div);
      elements.create('payment').mount(div);
      w.deferred = elements;
    });
    const frame = page.frameLocator('#deferred iframe');
    await frame.getByLabel('Card number').fill('4242424242424242');
    await frame.getByLabel('Expiration date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    const created = await stripe.paymentIntents.create({ amount: 1800, currency: 'usd', automatic_payment_methods: { enabled: true } });
    const result = await page.evaluate(async (secret) => {
      const w = window as unknown as { deferred: { submit(): Promise<{ error?: unknown }> }; demo: { stripe: { confirmPayment(o: unknown): Promise<{ error?: { message: string }; paymentIntent?: { status: string } }> } } };
      let early = '';
      try {
        await w.demo.stripe.confirmPayment({ elements: w.deferred, clientSecret: secret, redirect: 'if_required' });
      } catch (e) {
        early = (e as Error).message;
      }
      const submitted = await w.deferred.submit();
      const confirmed = await w.demo.stripe.confirmPayment({ elements: w.deferred, clientSecret: secret, redirect: 'if_required', confirmParams: { return_url: location.href } });
      return { early, submitted, status: confirmed.paymentIntent?.status ?? confirmed.error?.message };
    }, created.client_secret!);
    expect(result.early).toContain('elements.submit() must be called before stripe.confirmPayment()');
    // Stripe.js resolves a valid submit with the chosen payment method type.
    expect(result.submitted).toEqual({ selectedPaymentMethod: 'card' });
    expect(result.status).toBe('succeeded');
  });

  test('Card Element change events carry value.postalCode, as Stripe.js documents', async ({ page }) => {
    await openCustom(page);
    await page.evaluate(() => {
      const w = window as unknown as { changes: unknown[]; demo: { card: { on(t: string, h: (e: unknown) => void): void } } };
      w.changes = [];
      w.demo.card.on('change', (e) => w.changes.push(e));
    });
    await fillCardElement(page, '4242424242424242');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { changes: Record<string, unknown>[] }).changes.at(-1)))
      .toEqual({ elementType: 'card', empty: false, complete: true, brand: 'visa', error: undefined, value: { postalCode: '42424' } });
  });

  test('an autofilled or pasted expiry with a four-digit year is read as MM / YY', async ({ page }) => {
    await openCustom(page);
    const expiry = cardFrame(page).getByLabel('Expiration date');
    await expiry.fill('12/2034');
    await expect(expiry).toHaveValue('12 / 34');
    await expiry.fill('1/2034');
    await expect(expiry).toHaveValue('01 / 34');
    await expiry.fill('092035');
    await expect(expiry).toHaveValue('09 / 35');
    await fillCardElement(page, '4242424242424242');
    await expiry.fill('12/2034');
    await expiry.blur();
    await expect(page.locator('#card-errors')).toHaveText('');
    const submitted = await page.evaluate(() => (window as unknown as { demo: { elements: { submit(): Promise<unknown> } } }).demo.elements.submit());
    expect(submitted).toEqual({ selectedPaymentMethod: 'card' });
  });

  test('a Payment Element whose client secret matches no intent emits loaderror {elementType, error}, not ready', async ({ page }) => {
    const warnings: string[] = [];
    await openCustom(page, warnings);
    await mountElement(page, 'bad-secret', 'payment', { clientSecret: 'pi_3NotAnIntent000000000000_secret_abcdefghijklmnop' });
    await expect.poll(async () => (await eventsOf(page, 'bad-secret')).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const events = await eventsOf(page, 'bad-secret');
    expect(events.map((e) => e.name)).toEqual(['loaderror']);
    expect(events[0].e).toMatchObject({ elementType: 'payment', error: { type: 'invalid_request_error' } });
    expect(String((events[0].e.error as { message: string }).message)).toMatch(/pi_3NotAnIntent/);
    // A real intent loads: ready, no loaderror.
    const created = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', automatic_payment_methods: { enabled: true } });
    await mountElement(page, 'good-secret', 'payment', { clientSecret: created.client_secret });
    await expect.poll(async () => (await eventsOf(page, 'good-secret')).map((e) => e.name), { timeout: 15_000 }).toEqual(['ready']);
    expect((await eventsOf(page, 'good-secret'))[0].e).toEqual({ elementType: 'payment' });
  });

  test('elements.create(): a Stripe Element the simulator lacks, an unknown name, a payment Element without secret or mode', async ({ page }) => {
    await openCustom(page);
    const out = await page.evaluate(() => {
      const s = (window as unknown as { demo: { stripe: { elements(o?: unknown): { create(t: string): unknown } } } }).demo.stripe;
      return ['cardNumber', 'creditCard', 'payment'].map((type) => {
        try {
          s.elements().create(type);
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      });
    });
    expect(out[0]).toMatch(/^IntegrationError: The cardNumber Element is not supported by the Stripe simulator\. Supported Elements are: payment, card\./);
    expect(out[1]).toMatch(/^IntegrationError: A valid Element name must be provided\. Valid Elements are: .*card.*payment.*; you passed: creditCard\.$/);
    expect(out[2]).toBe('IntegrationError: In order to create a payment element, you must pass a clientSecret or mode when creating the Elements group.\n\n e.g. stripe.elements({clientSecret: "{{CLIENT_SECRET}}"})');
  });

  test('Stripe.js IntegrationErrors for misuse: missing secrets, nothing mounted, the wrong kind of intent secret', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
    const out = await page.evaluate(async (setiSecret) => {
      const s = (window as unknown as { demo: { stripe: Record<string, (...a: unknown[]) => unknown> } }).demo.stripe;
      const elements = (o?: unknown) => s.elements(o) as { create(t: string): unknown };
      const attempt = async (f: () => unknown): Promise<string> => {
        try {
          await f();
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      const deferred = elements({ mode: 'payment', amount: 500, currency: 'usd' });
      return {
        neither: await attempt(() => s.confirmPayment({ confirmParams: { return_url: location.href } })),
        deferredNoSecret: await attempt(() => s.confirmPayment({ elements: deferred, redirect: 'if_required' })),
        notMounted: await attempt(() => s.confirmPayment({ elements: deferred, clientSecret: 'pi_123_secret_456', redirect: 'if_required' })),
        setupSecretToCardPayment: await attempt(() => s.confirmCardPayment(setiSecret, { payment_method: 'pm_card_visa' })),
        badRetrieve: await attempt(() => s.retrievePaymentIntent('nope')),
      };
    }, created.client_secret!);
    expect(out.neither).toBe('IntegrationError: stripe.confirmPayment(): expected either `elements` or `clientSecret`, but got neither.');
    expect(out.deferredNoSecret).toBe('IntegrationError: You must pass in a clientSecret when calling stripe.confirmPayment().');
    expect(out.notMounted).toBe('IntegrationError: Invalid value for stripe.confirmPayment(): elements should have a mounted Payment Element or Express Checkout Element.');
    expect(out.setupSecretToCardPayment).toBe(
      'IntegrationError: Invalid value for stripe.confirmCardPayment intent secret: value should be a PaymentIntent client secret. You specified: a SetupIntent client secret.',
    );
    expect(out.badRetrieve).toBe(
      'IntegrationError: Invalid value for stripe.retrievePaymentIntent intent secret: value should be a client secret of the form ${id}_secret_${secret}. You specified: nope.',
    );
  });

  test('card errors come back in the Stripe locale, in the error and in the intent it carries', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', automatic_payment_methods: { enabled: true } });
    const error = await page.evaluate(async (secret) => {
      const { publishableKey } = (await fetch('/api/config').then((r) => r.json())) as { publishableKey: string };
      const W = window as unknown as { Stripe(k: string, o: unknown): { confirmCardPayment(s: string, d: unknown): Promise<{ error?: Record<string, unknown> }> } };
      const fr = W.Stripe(publishableKey, { locale: 'fr' });
      return (await fr.confirmCardPayment(secret, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' })).error;
    }, created.client_secret!);
    expect(error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Les fonds de votre carte sont insuffisants.' });
    expect((error!.payment_intent as { last_payment_error: { message: string } }).last_payment_error.message).toBe('Les fonds de votre carte sont insuffisants.');
    // The Card Element's page shows the error itself (#card-errors): the iframe does not announce it a second time.
    await cardFrame(page).getByLabel('Card number').fill('4242424242424241');
    await expect(page.locator('#card-errors')).toHaveText('Your card number is invalid.');
    const inFrame = cardFrame(page).getByText('Your card number is invalid.');
    await expect(inFrame).not.toHaveAttribute('aria-live', /./);
    // Nor shows it (Stripe's Card Element has no message of its own): it stays the field's accessible description.
    expect(await inFrame.evaluate((e) => e.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    await expect(cardFrame(page).getByLabel('Card number')).toHaveAccessibleDescription('Your card number is invalid.');
  });

  test('Stripe(pk, {apiVersion}) sends that Stripe-Version on its calls; unknown options are warned about', async ({ page }) => {
    const warnings: string[] = [];
    await openCustom(page, warnings);
    const versions: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/payment_intents/')) versions.push(r.headers()['stripe-version'] ?? 'none');
    });
    const created = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', automatic_payment_methods: { enabled: true } });
    const result = await page.evaluate(async (secret) => {
      const { publishableKey } = (await fetch('/api/config').then((r) => r.json())) as { publishableKey: string };
      const W = window as unknown as { Stripe(k: string, o: unknown): { retrievePaymentIntent(s: string): Promise<{ paymentIntent?: { id: string } }> } };
      const pinned = W.Stripe(publishableKey, { apiVersion: '2026-03-25.dahlia', colour: 'blue' });
      const plain = W.Stripe(publishableKey, {});
      return [(await pinned.retrievePaymentIntent(secret)).paymentIntent?.id, (await plain.retrievePaymentIntent(secret)).paymentIntent?.id];
    }, created.client_secret!);
    expect(result).toEqual([created.id, created.id]);
    expect(versions).toEqual(['2026-03-25.dahlia', 'none']);
    expect(warnings).toContain('Unrecognized Stripe() parameter: colour is not a recognized parameter. This may cause issues with your integration in the future.');
  });

  test('confirmCardSetup saves a card with the Card Element; retrieveSetupIntent returns the client-side subset', async ({ page }) => {
    await openCustom(page);
    const customer = await stripe.customers.create({ email: 'setup@example.com' });
    const created = await stripe.setupIntents.create({ customer: customer.id, automatic_payment_methods: { enabled: true }, metadata: { internal: 'yes' } });
    await fillCardElement(page, '4242424242424242');
    const out = await page.evaluate(async (secret) => {
      const { stripe: s, card } = (window as unknown as { demo: { stripe: Record<string, (...a: unknown[]) => Promise<Record<string, Record<string, unknown>>>>; card: unknown } }).demo;
      const confirmed = await s.confirmCardSetup(secret, { payment_method: { card, billing_details: { name: 'Jenny Rosen' } } });
      const retrieved = await s.retrieveSetupIntent(secret);
      return { confirmed, retrieved };
    }, created.client_secret!);
    expect(out.confirmed.setupIntent).toMatchObject({ id: created.id, object: 'setup_intent', status: 'succeeded' });
    expect(out.confirmed).not.toHaveProperty('paymentIntent');
    expect(out.retrieved.setupIntent).toMatchObject({ id: created.id, status: 'succeeded', usage: 'off_session' });
    expect(out.retrieved.setupIntent).not.toHaveProperty('metadata');
    expect(out.retrieved.setupIntent).not.toHaveProperty('customer');
    const si = await stripe.setupIntents.retrieve(created.id, { expand: ['payment_method'] });
    const pm = si.payment_method as { card: { last4: string }; billing_details: { name: string }; customer: string | null };
    expect(pm.card.last4).toBe('4242');
    expect(pm.billing_details.name).toBe('Jenny Rosen');
    expect(JSON.stringify(out)).not.toContain('4242424242424242');
  });

  test('confirmSetup with the Payment Element: a declined card is a card_error with setup_intent; 3D Secure then succeeds', async ({ page }) => {
    await openCustom(page);
    const created = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
    await mountElement(page, 'setup', 'payment', { clientSecret: created.client_secret });
    await expect.poll(async () => (await eventsOf(page, 'setup')).map((e) => e.name), { timeout: 15_000 }).toContain('ready');
    const frame = page.frameLocator('#setup iframe');
    const fill = async (number: string) => {
      await frame.getByLabel('Card number').fill(number);
      await frame.getByLabel('Expiration date').fill('12 / 34');
      await frame.getByLabel('Security code').fill('123');
    };
    const confirm = () =>
      page.evaluate(async () => {
        const w = window as unknown as { setup: { elements: unknown }; demo: { stripe: { confirmSetup(o: unknown): Promise<Record<string, Record<string, unknown>>> } } };
        return w.demo.stripe.confirmSetup({ elements: w.setup.elements, redirect: 'if_required' });
      });
    await fill('4000000000000002');
    const declined = await confirm();
    expect(declined.error).toMatchObject({ type: 'card_error', code: 'card_declined', message: 'Your card was declined.' });
    expect(declined.error.setup_intent).toMatchObject({ id: created.id, object: 'setup_intent' });
    await fill('4000002500003155');
    const pending = confirm();
    await expect(page.getByRole('dialog')).toBeVisible();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    const done = await pending;
    expect(done.setupIntent).toMatchObject({ id: created.id, status: 'succeeded' });
  });

  // Suites written against Stripe.js reach into its iframes with Stripe's own ids and names: they work here unchanged.
  test('the fields answer to Stripe.js’s own selectors: the Card Element’s names, the Payment Element’s ids', async ({ page }) => {
    await openCustom(page);
    const card = page.frameLocator('iframe[title="Secure card payment input frame"]');
    await card.locator('input[name="cardnumber"]').fill('4242424242424242');
    await card.locator('input[name="exp-date"]').fill('12 / 34');
    await card.locator('input[name="cvc"]').fill('123');
    await expect(card.locator('input[name="postal"]')).toHaveAttribute('placeholder', 'ZIP');
    await card.locator('input[name="postal"]').fill('42424');
    const made = await page.evaluate(async () => {
      const { stripe, card } = (window as unknown as { demo: { stripe: { createPaymentMethod(o: unknown): Promise<Record<string, Record<string, unknown>>> }; card: unknown } }).demo;
      return stripe.createPaymentMethod({ type: 'card', card });
    });
    expect(made.paymentMethod).toMatchObject({ card: { last4: '4242' }, billing_details: { address: { postal_code: '42424' } } });

    const created = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', automatic_payment_methods: { enabled: true } });
    await mountElement(page, 'stripe-ids', 'payment', { clientSecret: created.client_secret });
    await expect.poll(async () => (await eventsOf(page, 'stripe-ids')).map((e) => e.name), { timeout: 15_000 }).toContain('ready');
    const pe = page.frameLocator('#stripe-ids iframe[title="Secure payment input frame"][allow="payment *; publickey-credentials-get *"]');
    await pe.locator('#Field-numberInput').fill('4242424242424242');
    await pe.locator('#Field-expiryInput').fill('12 / 34');
    await pe.locator('#Field-cvcInput').fill('123');
    for (const [id, placeholder] of [['number', '1234 1234 1234 1234'], ['expiry', 'MM / YY'], ['cvc', 'CVC']]) {
      await expect(pe.locator(`#Field-${id}Input`)).toHaveAttribute('placeholder', placeholder);
    }
    await pe.locator('#Field-countryInput').selectOption('US');
    await pe.getByPlaceholder('12345').fill('94103');
    await expect(pe.locator('#Field-postalCodeInput[name="postalCode"]')).toHaveValue('94103');
    const paid = await page.evaluate(async () => {
      const w = window as unknown as { 'stripe-ids': { elements: unknown }; demo: { stripe: { confirmPayment(o: unknown): Promise<Record<string, Record<string, unknown>>> } } };
      return w.demo.stripe.confirmPayment({ elements: w['stripe-ids'].elements, redirect: 'if_required' });
    });
    expect(paid.paymentIntent).toMatchObject({ id: created.id, status: 'succeeded' });
    const pm = await stripe.paymentMethods.retrieve((await stripe.paymentIntents.retrieve(created.id)).payment_method as string);
    expect(pm.billing_details.address?.postal_code).toBe('94103');
  });

  // Stripe nests its 3D Secure challenge: Stripe.js's lightbox iframe (__privateStripeFrame<digits>, src
  // containing three-ds-2-challenge) holds iframe#challengeFrame (name stripe-challenge-frame) with the test
  // page's buttons; the redirect flow's page holds that same #challengeFrame at the top level.
  test('the Stripe.js modal nests as Stripe’s: __privateStripeFrame lightbox > #challengeFrame > #test-source-*-3ds', async ({ page }) => {
    await openCustom(page);
    await fillCardElement(page, '4000002500003155');
    await page.locator('#submit').click();
    const lightbox = page.frameLocator('iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]');
    await lightbox.frameLocator('#challengeFrame').locator('#test-source-fail-3ds').click();
    await expect(page.locator('#result')).toHaveText(/^Failed: /);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.locator('#submit').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    // As Selenium finds it: from the document, without piercing shadow roots, by name prefix and by src.
    const found = await page.evaluate(() => {
      const frames = [...document.querySelectorAll<HTMLIFrameElement>('iframe[name^="__privateStripeFrame"]')];
      const box = frames.find((f) => f.src.includes('three-ds-2-challenge'));
      return { name: box?.name, title: box?.title, last: frames.at(-1) === box };
    });
    expect(found.name).toMatch(/^__privateStripeFrame\d+$/);
    expect(found.title).toBe('3D Secure authentication');
    expect(found.last, 'appended after the card Element’s frames, as Stripe.js does').toBe(true);
    const inner = page.frameLocator('iframe[src*="three-ds-2-challenge"]').frameLocator('iframe[name="stripe-challenge-frame"]');
    await expect(page.frameLocator('iframe[src*="three-ds-2-challenge"]').locator('#challengeFrame')).toHaveAttribute('title', '3D Secure challenge from your bank');
    await inner.locator('#test-source-authorize-3ds').click();
    await expect(page.locator('#result')).toHaveText(/^Payment succeeded: pi_/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('the 3D Secure dialog with the keyboard: Tab reaches the buttons inside the nested frame; Escape cancels', async ({ page }) => {
    await openCustom(page);
    await fillCardElement(page, '4000002500003155');
    await page.locator('#submit').click();
    const dialog = page.getByRole('dialog', { name: 'Authenticate your payment' });
    await expect(dialog).toBeVisible();
    const inner = challengeFrame(page);
    await expect(inner.locator('#test-source-authorize-3ds')).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Authenticate your payment' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(inner.locator('#test-source-authorize-3ds')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(inner.locator('#test-source-fail-3ds')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(inner.locator('#test-source-fail-3ds')).toBeFocused();
    // Escape from inside the nested frame reaches the shim through the wrapper.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('#result')).toHaveText(/^Failed: /);
  });

  test('handleNextAction on a SetupIntent confirmed on the server: the same nesting; failing and completing', async ({ page }) => {
    await openCustom(page);
    const customer = await stripe.customers.create();
    for (const [button, status] of [['#test-source-fail-3ds', 'requires_payment_method'], ['#test-source-authorize-3ds', 'succeeded']] as const) {
      const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true, usage: 'off_session' });
      expect(si.next_action?.type).toBe('use_stripe_sdk');
      const pending = page.evaluate(async (secret) => {
        const { stripe: s } = (window as unknown as { demo: { stripe: { handleNextAction(o: unknown): Promise<{ setupIntent?: { status: string }; error?: { code: string } }> } } }).demo;
        const r = await s.handleNextAction({ clientSecret: secret });
        return r.setupIntent?.status ?? r.error?.code;
      }, si.client_secret!);
      await page.frameLocator('iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]').frameLocator('#challengeFrame').locator(button).click();
      expect(await pending).toBe(status === 'succeeded' ? 'succeeded' : 'setup_intent_authentication_failure');
      expect((await stripe.setupIntents.retrieve(si.id)).status).toBe(status);
    }
  });

  test('handleNextAction on an intent confirmed on the server with a return_url shows the challenge in the modal and settles there', async ({ page, baseURL }) => {
    await openCustom(page);
    const created = await stripe.paymentIntents.create({ amount: 2100, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: `${baseURL}/shop-success.html` });
    expect(created.next_action?.type).toBe('redirect_to_url');
    const pending = page.evaluate(async (secret) => {
      const { stripe: s } = (window as unknown as { demo: { stripe: { handleNextAction(o: unknown): Promise<{ paymentIntent?: { status: string } }> } } }).demo;
      return (await s.handleNextAction({ clientSecret: secret })).paymentIntent?.status;
    }, created.client_secret!);
    await challengeFrame(page).locator('#test-source-authorize-3ds').click();
    expect(await pending).toBe('succeeded');
    expect(new URL(page.url()).pathname, 'the merchant page stays').toBe('/shop-custom.html');
  });

  test('redirect flow: next_action.redirect_to_url.url holds #challengeFrame; its buttons send the top window to the return_url', async ({ page, baseURL }) => {
    const returnUrl = `${baseURL}/shop-success.html`;
    const cases = [
      { button: '#test-source-fail-3ds', status: 'failed', kind: 'payment_intent' },
      { button: '#test-source-authorize-3ds', status: 'succeeded', kind: 'payment_intent' },
      { button: '#test-source-authorize-3ds', status: 'succeeded', kind: 'setup_intent' },
    ] as const;
    for (const { button, status, kind } of cases) {
      const intent =
        kind === 'payment_intent'
          ? await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: returnUrl })
          : await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: returnUrl, automatic_payment_methods: { enabled: true } });
      expect(intent.next_action?.type).toBe('redirect_to_url');
      await page.goto(intent.next_action!.redirect_to_url!.url!);
      await expect(page.locator('#challengeFrame')).toHaveAttribute('name', 'stripe-challenge-frame');
      await page.frameLocator('#challengeFrame').locator(button).click();
      await page.waitForURL(/\/shop-success\.html\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get(kind)).toBe(intent.id);
      expect(url.searchParams.get(`${kind}_client_secret`)).toBe(intent.client_secret);
      expect(url.searchParams.get('redirect_status')).toBe(status);
    }
  });
});

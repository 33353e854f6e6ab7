// Stripe.js's tokenising methods on the simulator's shim, end to end in Chromium with the official `stripe` SDK as
// the merchant's server: `stripe.createConfirmationToken` (Stripe's "finalize payments on the server" flow:
// elements({mode, amount, currency}), elements.submit(), createConfirmationToken, paymentIntents.create({confirm: true,
// confirmation_token}), handleNextAction for 3D Secure) and `stripe.createToken(cardElement)` (legacy card tokens,
// charges.create({source})). Card numbers stay in the card iframe: never in the results nor the merchant page's DOM.
import { expect, test, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { cardFrame, challengeFrame, fillCardElement, merchantDomText, simStripe } from './helpers/payment.ts';

const stripe = simStripe();

type Win = Record<string, unknown> & {
  demo: {
    stripe: {
      elements(o: unknown): { create(t: string): { mount(e: Element): void }; submit(): Promise<unknown> };
      createConfirmationToken(o: unknown): Promise<{ confirmationToken?: Stripe.ConfirmationToken; error?: Record<string, unknown> }>;
      createToken(t: unknown, d?: unknown): Promise<{ token?: Stripe.Token; error?: Record<string, unknown> }>;
      handleNextAction(o: unknown): Promise<{ paymentIntent?: { status: string }; error?: { message: string } }>;
    };
    card: unknown;
  };
};

async function openCustom(page: Page): Promise<void> {
  await page.goto('/shop-custom.html');
  await page.waitForFunction(() => (window as unknown as { demo?: unknown }).demo);
  await expect(cardFrame(page).getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
}

/** A deferred-intent Payment Element (elements({mode: 'payment', amount, currency}) in `#deferred`, group on window.deferred). */
async function mountDeferred(page: Page, options: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate((options) => {
    const w = window as unknown as Win;
    const elements = w.demo.stripe.elements({ mode: 'payment', amount: 2500, currency: 'usd', ...options });
    const div = document.createElement('div');
    div.id = 'deferred';
    document.body.append(div);
    elements.create('payment').mount(div);
    w.deferred = elements;
  }, options);
  await expect(page.frameLocator('#deferred iframe').getByLabel(/^(Card number|Numéro de carte)$/)).toBeVisible({ timeout: 20_000 });
}

/** The server-side SDK call fails with a card_declined StripeCardError. */
async function expectCardDeclined(call: Promise<unknown>): Promise<void> {
  const err = await call.then(
    () => null,
    (e: Stripe.errors.StripeError) => e,
  );
  expect(err?.type).toBe('StripeCardError');
  expect(err?.code).toBe('card_declined');
}

/** The merchant's server: a $25 PaymentIntent created and confirmed with the ConfirmationToken (and `extra`). */
function confirmOnServer(token: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create({ amount: 2500, currency: 'usd', automatic_payment_methods: { enabled: true }, confirm: true, confirmation_token: token, ...extra });
}

async function fillDeferred(page: Page, number: string): Promise<void> {
  const frame = page.frameLocator('#deferred iframe');
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  const postal = frame.getByRole('textbox', { name: /ZIP|Postal code/ });
  if (await postal.isVisible()) await postal.fill('42424');
}

/** submit() then createConfirmationToken({elements: window.deferred, params}) in the page. */
function submitAndTokenize(page: Page, params?: Record<string, unknown>) {
  return page.evaluate(async (params) => {
    const w = window as unknown as Win;
    const elements = w.deferred as Parameters<Win['demo']['stripe']['createConfirmationToken']>[0];
    const submitted = await (w.deferred as { submit(): Promise<unknown> }).submit();
    const result = await w.demo.stripe.createConfirmationToken(params === undefined ? { elements } : { elements, params });
    return { submitted, result };
  }, params);
}

test.describe('stripe.createConfirmationToken', () => {
  test('finalize payments on the server: submit, createConfirmationToken, then paymentIntents.create({confirm, confirmation_token}) succeeds', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4242424242424242');
    const { submitted, result } = await submitAndTokenize(page, {
      return_url: 'https://shop.example/complete',
      shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' } },
      payment_method_data: { billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } },
    });
    expect(submitted).toEqual({ selectedPaymentMethod: 'card' });
    expect(result.error).toBeUndefined();
    const token = result.confirmationToken!;
    expect(token.id).toMatch(/^ctoken_/);
    expect(token).toMatchObject({
      object: 'confirmation_token',
      livemode: false,
      payment_intent: null,
      return_url: 'https://shop.example/complete',
      use_stripe_sdk: true,
      shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', postal_code: '62701' } },
      payment_method_preview: { type: 'card', card: { brand: 'visa', last4: '4242' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } },
    });
    expect(JSON.stringify(result)).not.toContain('4242424242424242');
    expect(await merchantDomText(page)).not.toContain('4242424242424242');
    // The merchant's server.
    const pi = await confirmOnServer(token.id, { expand: ['payment_method'] });
    expect(pi.status).toBe('succeeded');
    expect((pi.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    expect((pi.payment_method as Stripe.PaymentMethod).billing_details.name).toBe('Jenny Rosen');
    expect(pi.shipping?.address?.city).toBe('Springfield');
    expect((await stripe.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);
  });

  test('a 3D Secure card: the server-side confirmation requires_action and stripe.handleNextAction completes it', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4000000000003220');
    const { result } = await submitAndTokenize(page, { return_url: 'https://shop.example/complete' });
    const token = result.confirmationToken!;
    expect(token.id).toMatch(/^ctoken_/);
    const pi = await confirmOnServer(token.id);
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const pending = page.evaluate((secret) => (window as unknown as Win).demo.stripe.handleNextAction({ clientSecret: secret }), pi.client_secret!);
    await expect(page.getByRole('dialog')).toBeVisible();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    expect((await pending).paymentIntent?.status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  test('two-step confirmation: the token confirms on the client with confirmPayment({clientSecret, confirmParams: {confirmation_token}}), 3D Secure included', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4000000000003220');
    const { result } = await submitAndTokenize(page);
    const token = result.confirmationToken!;
    const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', automatic_payment_methods: { enabled: true } });
    const pending = page.evaluate(
      ({ secret, token }) => {
        const s = (window as unknown as Win).demo.stripe as unknown as { confirmPayment(o: unknown): Promise<{ paymentIntent?: { status: string }; error?: { message: string } }> };
        return s.confirmPayment({ clientSecret: secret, confirmParams: { confirmation_token: token, return_url: location.href }, redirect: 'if_required' });
      },
      { secret: pi.client_secret!, token: token.id },
    );
    await expect(page.getByRole('dialog')).toBeVisible();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    expect((await pending).paymentIntent?.status).toBe('succeeded');
    expect((await stripe.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);
  });

  test('the group’s setupFutureUsage goes on the token and saves the card to the customer', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page, { setupFutureUsage: 'off_session' });
    await fillDeferred(page, '4242424242424242');
    const { result } = await submitAndTokenize(page);
    expect(result.confirmationToken?.setup_future_usage).toBe('off_session');
    const customer = await stripe.customers.create();
    const pi = await confirmOnServer(result.confirmationToken!.id, { customer: customer.id, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(pi.status).toBe('succeeded');
    expect(pi.setup_future_usage).toBe('off_session');
    expect((await stripe.paymentMethods.retrieve(pi.payment_method as string)).customer).toBe(customer.id);
  });

  test('IntegrationErrors: no elements, elements not submitted, no mounted Payment Element, a bad return_url', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4242424242424242');
    const errors = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const s = w.demo.stripe;
      const out: string[] = [];
      const attempt = async (o: unknown) => {
        try {
          await s.createConfirmationToken(o);
          out.push('no error');
        } catch (e) {
          out.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      };
      await attempt({});
      await attempt({ elements: w.deferred });
      await attempt({ elements: s.elements({ mode: 'payment', amount: 100, currency: 'usd' }) });
      await (w.deferred as { submit(): Promise<unknown> }).submit();
      await attempt({ elements: w.deferred, params: { return_url: 'not a url' } });
      return out;
    });
    expect(errors[0]).toBe('IntegrationError: Invalid value for stripe.createConfirmationToken(): elements is required.');
    expect(errors[1]).toMatch(/^IntegrationError: elements\.submit\(\) must be called before stripe\.createConfirmationToken\(\)/);
    expect(errors[2]).toBe('IntegrationError: Invalid value for stripe.createConfirmationToken(): elements should have a mounted Payment Element or Express Checkout Element.');
    expect(errors[3]).toMatch(/^IntegrationError: Invalid value for stripe\.createConfirmationToken\(\): params\.return_url should be a valid URL/);
  });

  test('errors resolve as {error}: a live card number, an unknown parameter, a field emptied after submit', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4539578763621486');
    const live = (await submitAndTokenize(page)).result;
    expect(live.confirmationToken).toBeUndefined();
    expect(live.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'test_mode_live_card' });
    expect(live.error?.message).toContain('non test (live) card');
    await fillDeferred(page, '4242424242424242');
    const unknown = (await submitAndTokenize(page, { amount: 100 })).result;
    expect(unknown.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'amount' });
    // Submitted while complete, then the number is emptied: the iframe refuses to make the PaymentMethod.
    await page.evaluate(() => ((window as unknown as Win).deferred as { submit(): Promise<unknown> }).submit());
    await page.frameLocator('#deferred iframe').getByLabel('Card number').fill('');
    const emptied = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createConfirmationToken({ elements: w.deferred });
    });
    expect(emptied.error).toMatchObject({ type: 'validation_error', code: 'incomplete_number' });
  });

  test('a declined card tokenizes, and the server’s confirmation declines with a card error', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    await fillDeferred(page, '4000000000000002');
    const { result } = await submitAndTokenize(page);
    await expectCardDeclined(
      confirmOnServer(result.confirmationToken!.id, { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }),
    );
  });

  test('errors are in the Elements locale (French)', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page, { locale: 'fr' });
    const frame = page.frameLocator('#deferred iframe');
    await frame.getByLabel('Numéro de carte').fill('4539578763621486');
    await frame.getByLabel("Date d'expiration").fill('12 / 34');
    await frame.getByLabel('Code de sécurité').fill('123');
    const postal = frame.getByRole('textbox', { name: /Code postal/ });
    if (await postal.isVisible()) await postal.fill('42424');
    const { result } = await submitAndTokenize(page);
    expect(result.error?.message).toContain('Votre carte a été refusée.');
  });
});

test.describe('stripe.createToken', () => {
  test('createToken(cardElement, data) makes a card token that charges.create({source}) charges', async ({ page }) => {
    await openCustom(page);
    await fillCardElement(page, '4242424242424242');
    const result = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card, { name: 'Jenny Rosen', address_line1: '1 Main St', address_country: 'US' });
    });
    expect(result.error).toBeUndefined();
    const token = result.token!;
    expect(token.id).toMatch(/^tok_/);
    expect(token).toMatchObject({
      object: 'token',
      type: 'card',
      used: false,
      card: { object: 'card', brand: 'Visa', last4: '4242', exp_month: 12, exp_year: 2034, name: 'Jenny Rosen', address_line1: '1 Main St', address_zip: '42424', address_country: 'US' },
    });
    expect(JSON.stringify(result)).not.toContain('4242424242424242');
    expect(await merchantDomText(page)).not.toContain('4242424242424242');
    const charge = await stripe.charges.create({ amount: 1800, currency: 'usd', source: token.id, description: 'Cap' });
    expect(charge.status).toBe('succeeded');
    expect(charge.paid).toBe(true);
    expect((charge.source as Stripe.Card).last4).toBe('4242');
    expect((await stripe.tokens.retrieve(token.id)).used).toBe(true);
  });

  test('a token saved on a customer becomes its default source, then charged through the customer', async ({ page }) => {
    await openCustom(page);
    await fillCardElement(page, '5555555555554444');
    const result = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card);
    });
    const customer = await stripe.customers.create({ source: result.token!.id });
    expect(customer.default_source).toMatch(/^card_/);
    const charge = await stripe.charges.create({ amount: 900, currency: 'usd', customer: customer.id });
    expect(charge.status).toBe('succeeded');
    expect((charge.source as Stripe.Card).brand).toBe('MasterCard');
  });

  test('declines and validation errors resolve as {error}: incomplete card, live card, unknown data; a declining card fails at the charge', async ({ page }) => {
    await openCustom(page);
    await cardFrame(page).getByLabel('Card number').fill('4242');
    const incomplete = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card);
    });
    expect(incomplete.token).toBeUndefined();
    expect(incomplete.error).toMatchObject({ type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' });
    await fillCardElement(page, '4539578763621486');
    const live = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card);
    });
    expect(live.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'test_mode_live_card' });
    await fillCardElement(page, '4000000000000002');
    const unknown = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card, { nickname: 'x' });
    });
    expect(unknown.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'card[nickname]' });
    const declining = await page.evaluate(() => {
      const w = window as unknown as Win;
      return w.demo.stripe.createToken(w.demo.card);
    });
    expect(declining.token?.id).toMatch(/^tok_/);
    await expectCardDeclined(stripe.charges.create({ amount: 1800, currency: 'usd', source: declining.token!.id }));
  });

  test('IntegrationErrors: a Payment Element, an unmounted card Element, an unknown token type', async ({ page }) => {
    await openCustom(page);
    await mountDeferred(page);
    const errors = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const s = w.demo.stripe;
      const out: string[] = [];
      const attempt = async (...args: unknown[]) => {
        try {
          await s.createToken(args[0], args[1]);
          out.push('no error');
        } catch (e) {
          out.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
      };
      const payment = (w.deferred as { getElement(t: string): unknown }).getElement('payment');
      await attempt(payment);
      const loose = s.elements({}).create('card');
      await attempt(loose);
      await attempt('iban');
      return out;
    });
    expect(errors[0]).toMatch(/^IntegrationError: Invalid value for createToken: the payment Element cannot create tokens/);
    expect(errors[1]).toBe(
      'IntegrationError: We could not retrieve data from the specified Element. Please make sure the Element you are attempting to use is still mounted.',
    );
    expect(errors[2]).toMatch(/^IntegrationError: Invalid value for createToken: tokenType should be a card Element/);
  });
});

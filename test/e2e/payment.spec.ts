// <ck-payment-element> on the demo shop, end to end: real Chromium, the kit's single-file bundle, the demo's
// backend with the official `stripe` SDK, and the embedded simulator serving the Stripe.js shim and card iframe.
// Outcomes are checked on the page and on the server side (the simulator's records, through the SDK).
import { expect, test, type Page } from '@playwright/test';
import {
  cardFrame,
  challengeDialog,
  challengeFrame,
  currentIntentId,
  fillCard,
  merchantDomText,
  openShop,
  outcome,
  pay,
  payButton,
  paymentElement,
  recordMerchantRequests,
  simStripe,
} from './helpers/payment.ts';

const stripe = simStripe();

async function intentStatus(page: Page): Promise<string> {
  const pi = await stripe.paymentIntents.retrieve(await currentIntentId(page));
  return pi.status;
}

async function chargesFor(page: Page) {
  return (await stripe.charges.list({ payment_intent: await currentIntentId(page), limit: 100 })).data;
}

test.describe('payments on the shop', () => {
  test('4242 4242 4242 4242 succeeds, the webhook fulfils the order and the success page shows it', async ({ page }) => {
    await openShop(page);
    await expect(payButton(page)).toHaveText('Pay $25.00');
    const succeeded = page.evaluate(
      () => new Promise<string>((resolve) => document.addEventListener('ck-payment-succeeded', (e) => resolve((e as CustomEvent).detail.paymentIntent.status), { once: true })),
    );
    await fillCard(page, { number: '4242424242424242' });
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    expect(await succeeded).toBe('succeeded');
    expect(await intentStatus(page)).toBe('succeeded');
    const charges = await chargesFor(page);
    expect(charges).toHaveLength(1);
    expect(charges[0].amount).toBe(2500);
    await page.locator('#order-href').click();
    await expect(page.locator('#status')).toHaveText('Payment received. Order fulfilled.');
  });

  test('4000 0025 0000 3155 asks for 3D Secure; completing it pays', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4000002500003155' });
    await pay(page);
    const dialog = challengeDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Authenticate your payment' })).toBeVisible();
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    await expect(dialog).toHaveCount(0);
    expect(await intentStatus(page)).toBe('succeeded');
  });

  test('4000 0025 0000 3155 with failed authentication is refused with payment_intent_authentication_failure', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4000002500003155' });
    const failed = page.evaluate(
      () => new Promise<string>((resolve) => document.addEventListener('ck-payment-failed', (e) => resolve((e as CustomEvent).detail.error.code), { once: true })),
    );
    await pay(page);
    await challengeFrame(page).getByRole('button', { name: 'Fail authentication' }).click();
    await expect(outcome(page)).toHaveText(
      'Payment failed: We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    );
    expect(await failed).toBe('payment_intent_authentication_failure');
    const pi = await stripe.paymentIntents.retrieve(await currentIntentId(page));
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  test('Escape in the 3D Secure dialog cancels as a failed authentication', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4000002500003155' });
    await pay(page);
    await expect(challengeDialog(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(challengeDialog(page)).toHaveCount(0);
    await expect(outcome(page)).toContainText('We are unable to authenticate your payment method.');
    const pi = await stripe.paymentIntents.retrieve(await currentIntentId(page));
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    // The same form can then pay with another card.
    await fillCard(page, { number: '4242424242424242' });
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
  });

  test('4000 0082 6000 3178 authenticates, then is declined for insufficient funds', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4000008260003178' });
    await pay(page);
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    await expect(outcome(page)).toHaveText('Payment failed: Your card has insufficient funds.');
    const pi = await stripe.paymentIntents.retrieve(await currentIntentId(page));
    expect(pi.last_payment_error?.decline_code).toBe('insufficient_funds');
  });

  for (const [number, message, code] of [
    ['4000000000009995', 'Your card has insufficient funds.', 'insufficient_funds'],
    ['4000000000000002', 'Your card was declined.', 'generic_decline'],
    ['4000000000000069', 'Your card has expired.', 'expired_card'],
    ['4000000000000127', "Your card's security code is incorrect.", 'incorrect_cvc'],
  ] as const) {
    test(`${number} is declined with "${message}"`, async ({ page }) => {
      await openShop(page);
      const failed = page.evaluate(
        () => new Promise<{ code: string; decline_code?: string }>((resolve) => document.addEventListener('ck-payment-failed', (e) => resolve((e as CustomEvent).detail.error), { once: true })),
      );
      await fillCard(page, { number });
      await pay(page);
      await expect(outcome(page)).toHaveText(`Payment failed: ${message}`);
      const error = await failed;
      expect(error.decline_code ?? error.code).toBe(code);
      expect(await intentStatus(page)).toBe('requires_payment_method');
      await expect(payButton(page)).toHaveAttribute('aria-disabled', 'false');
    });
  }

  test('4242 4242 4242 4241 is stopped in the field (Luhn) and never reaches the server', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4242424242424241' });
    const number = cardFrame(page).getByLabel('Card number');
    await expect(number).toHaveAttribute('aria-invalid', 'true');
    await expect(cardFrame(page).getByText('Your card number is invalid.')).toBeVisible();
    // The error is the field's description and is announced when it appears.
    await expect(number).toHaveAccessibleDescription('Your card number is invalid.');
    await expect(cardFrame(page).getByText('Your card number is invalid.')).toHaveAttribute('aria-live', 'polite');
    await pay(page);
    await expect(outcome(page)).toHaveText('Check your card details.');
    expect(await intentStatus(page)).toBe('requires_payment_method');
    expect(await chargesFor(page)).toHaveLength(0);
  });

  test('American Express (15 digits, 4-digit security code) succeeds', async ({ page }) => {
    await openShop(page);
    const frame = cardFrame(page);
    await frame.getByLabel('Card number').fill('378282246310005');
    await expect(frame.getByLabel('Card number')).toHaveValue('3782 822463 10005');
    await frame.getByLabel('Expiration date').fill('1234');
    await frame.getByLabel('Security code').fill('123');
    await pay(page);
    await expect(frame.getByText("Your card's security code is incomplete.")).toBeVisible();
    await frame.getByLabel('Security code').fill('1234');
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    const pm = await stripe.paymentMethods.retrieve((await stripe.paymentIntents.retrieve(await currentIntentId(page))).payment_method as string);
    expect(pm.card?.brand).toBe('amex');
  });

  test('a 19-digit UnionPay card succeeds', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '6205500000000000004' });
    await expect(cardFrame(page).getByLabel('Card number')).toHaveValue('6205 5000 0000 0000 004');
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    const pm = await stripe.paymentMethods.retrieve((await stripe.paymentIntents.retrieve(await currentIntentId(page))).payment_method as string);
    expect(pm.card?.brand).toBe('unionpay');
    expect(pm.card?.last4).toBe('0004');
  });

  test('twenty quick clicks make one payment', async ({ page }) => {
    await openShop(page);
    await fillCard(page, { number: '4242424242424242' });
    const button = payButton(page);
    await button.scrollIntoViewIfNeeded();
    // Twenty presses as fast as Playwright can send them, and twenty more from script in one task.
    await Promise.all(Array.from({ length: 20 }, () => button.click()));
    await button.evaluate((b) => {
      for (let i = 0; i < 20; i++) (b as HTMLButtonElement).click();
    });
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    await page.waitForTimeout(500);
    const charges = await chargesFor(page);
    expect(charges).toHaveLength(1);
    expect(charges[0].status).toBe('succeeded');
  });

  test('a full payment with the keyboard only', async ({ page }) => {
    await openShop(page);
    // From the language picker, Tab through the page into the card iframe and on to the Pay button.
    await page.locator('#theme').focus();
    const frame = cardFrame(page);
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await frame.getByLabel('Card number').evaluate((el) => el === document.activeElement && document.hasFocus())) break;
    }
    await expect(frame.getByLabel('Card number')).toBeFocused();
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Tab');
    await expect(frame.getByLabel('Expiration date')).toBeFocused();
    await page.keyboard.type('1234');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    // Country, ZIP, then out of the iframe to the Pay button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(payButton(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
  });

  test('French: labels, button, validation and decline messages', async ({ page }) => {
    await openShop(page, '?lang=fr', 'fr');
    const frame = cardFrame(page);
    await expect(frame.getByLabel('Numéro de carte')).toBeVisible();
    await expect(frame.getByLabel("Date d'expiration")).toBeVisible();
    await expect(frame.getByLabel('Code de sécurité')).toBeVisible();
    await expect(payButton(page, 'fr')).toHaveText(/^Payer 25,00\s\$US$/);
    await frame.getByLabel('Numéro de carte').fill('4242424242424241');
    await expect(frame.getByText("Votre numéro de carte n'est pas valide.")).toBeVisible();
    await fillCard(page, { number: '4000000000000002' }, 'fr');
    await pay(page, 'fr');
    await expect(outcome(page)).toHaveText('Échec du paiement : Votre carte a été refusée.');
  });

  test('works two shadow roots deep (the mount node stays in the light DOM)', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/shop-embedded.html');
    const frame = cardFrame(page);
    await expect(frame.getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
    const mountIsInDocument = await page.locator('iframe[name^="__privateStripeFrame"]').evaluate((iframe) => iframe.getRootNode() === document);
    expect(mountIsInDocument).toBe(true);
    await expect(payButton(page)).toHaveText('Pay $24.00');
    await fillCard(page, { number: '4242424242424242' });
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    expect(errors).toEqual([]);
  });

  test('runs under the shop’s strict Content-Security-Policy with no violation', async ({ page }) => {
    const response = await page.goto('/shop.html');
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.evaluate(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await expect(cardFrame(page).getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
    await fillCard(page, { number: '4000002500003155' });
    await pay(page);
    await challengeFrame(page).getByRole('button', { name: 'Complete authentication' }).click();
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    expect(violations).toEqual([]);
  });

  test('the card number never reaches the merchant page’s DOM nor its backend', async ({ page, baseURL }) => {
    const requests = recordMerchantRequests(page, new URL(baseURL!).origin);
    await openShop(page);
    await fillCard(page, { number: '4000056655665556', cvc: '987' });
    await pay(page);
    await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
    const dom = await merchantDomText(page);
    expect(dom).not.toMatch(/4000\s?0566\s?5566\s?5556/);
    expect(dom).not.toContain('5566');
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.url + r.body).not.toMatch(/4000\s?0566\s?5566\s?5556|40000566/);
    }
    // The card went to the simulator only, from its own iframe.
    const pi = await stripe.paymentIntents.retrieve(await currentIntentId(page), { expand: ['payment_method'] });
    expect((pi.payment_method as { card?: { last4?: string } }).card?.last4).toBe('5556');
  });

  test('redirect flow: 3D Secure on the challenge page, back to the return URL, order fulfilled', async ({ page }) => {
    await openShop(page, '?redirect=always');
    await fillCard(page, { number: '4000002500003155' });
    await pay(page);
    await page.waitForURL(/\/3ds\/challenge\//);
    await page.frameLocator('#challengeFrame').getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(/\/shop-success\.html/);
    const url = new URL(page.url());
    expect(url.searchParams.get('payment_intent')).toMatch(/^pi_/);
    expect(url.searchParams.get('payment_intent_client_secret')).toMatch(/^pi_.+_secret_/);
    expect(url.searchParams.get('redirect_status')).toBe('succeeded');
    await expect(page.locator('#status')).toHaveText('Payment received. Order fulfilled.');
  });

  test('a changed cart updates the amount on the same PaymentIntent', async ({ page }) => {
    await openShop(page);
    const first = await currentIntentId(page);
    await page.getByRole('button', { name: 'Add: Enamel mug' }).click();
    await expect(payButton(page)).toHaveText('Pay $37.00');
    expect(await currentIntentId(page)).toBe(first);
    expect((await stripe.paymentIntents.retrieve(first)).amount).toBe(3700);
    await expect(paymentElement(page)).toBeVisible();
  });
});

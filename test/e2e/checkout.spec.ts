// End-to-end: the demo's hosted checkout (redirect to the simulator's page built from <ck-checkout>) paid with
// 4242, with a 3D Secure card, canceled, expired by advancing the simulator clock through the control plane; the
// embedded checkout paid; each paid session fulfilled by the demo from the verified checkout.session.completed.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { DEFAULT_KEYS } from '../../sim/core/app.ts';
import { fillCheckoutCard } from './helpers/checkout-page.ts';
import { SIM_ORIGIN, challengeFrame, simStripe } from './helpers/payment.ts';

const checkout = (page: Page) => page.locator('ck-checkout');

async function fillCheckout(scope: Page | FrameLocator, number: string, email = 'renter@example.com'): Promise<void> {
  await scope.getByLabel('Email').fill(email);
  await fillCheckoutCard(scope, number);
}

async function startHosted(page: Page, qty: { tee?: number; mug?: number } = {}): Promise<string> {
  await page.goto('/checkout.html');
  await page.getByLabel(/T-shirt/).fill(String(qty.tee ?? 1));
  await page.getByLabel(/mug/).fill(String(qty.mug ?? 0));
  await page.getByRole('button', { name: 'Check out' }).click();
  await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/c/pay/cs_test_`));
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function expectFulfilled(page: Page, sessionId: string): Promise<void> {
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });
  expect(new URL(page.url()).searchParams.get('session_id')).toBe(sessionId);
  await expect(page.locator('#payment-status')).toHaveText('paid');
  await expect(page.locator('#order-status')).toHaveText(/paid and fulfilled/, { timeout: 15_000 });
  const session = await simStripe().checkout.sessions.retrieve(sessionId);
  expect(session.status).toBe('complete');
  expect(session.payment_status).toBe('paid');
  // The demo received and verified the event (its log lists it).
  const log = (await (await page.request.get('/api/webhook-log')).json()) as { data: { type: string }[] };
  expect(log.data.some((e) => e.type === 'checkout.session.completed')).toBe(true);
}

test('hosted checkout paid with 4242: success page, webhook fulfilment', async ({ page }) => {
  const id = await startHosted(page, { tee: 2, mug: 1 });
  await expect(checkout(page).getByText('$62.00').first()).toBeVisible({ timeout: 20_000 });
  await expect(checkout(page).getByRole('link', { name: /Back to/ })).toHaveAttribute('href', /\/checkout\.html\?canceled=1$/);
  await fillCheckout(page, '4242 4242 4242 4242');
  // Stripe Checkout's own test hooks, which suites written against checkout.stripe.com use
  await expect(page.locator('#email')).toHaveValue('renter@example.com');
  await expect(page.getByTestId('hosted-payment-submit-button')).toHaveText('Pay $62.00');
  await checkout(page).getByRole('button', { name: 'Pay $62.00' }).click();
  await expectFulfilled(page, id);
  const session = await simStripe().checkout.sessions.retrieve(id, { expand: ['payment_intent'] });
  expect(session.amount_total).toBe(6200);
  expect(session.customer_details?.email).toBe('renter@example.com');
  expect((session.payment_intent as { status: string }).status).toBe('succeeded');
});

test('hosted checkout with a 3D Secure card: the challenge is completed in the dialog', async ({ page }) => {
  const id = await startHosted(page);
  await fillCheckout(page, '4000 0027 6000 3184');
  await checkout(page).getByRole('button', { name: /^Pay \$25\.00$/ }).click();
  const challenge = challengeFrame(page);
  await challenge.getByRole('button', { name: /Complete/ }).click();
  await expectFulfilled(page, id);
});

test('a declined card keeps the session open and explains why, as Stripe Checkout words it', async ({ page }) => {
  const id = await startHosted(page);
  await fillCheckout(page, '4000 0000 0000 0002');
  await checkout(page).getByRole('button', { name: /^Pay/ }).click();
  await expect(page.locator('#cardErrors[role="alert"]')).toHaveText('Your card has been declined.', { timeout: 15_000 });
  expect((await simStripe().checkout.sessions.retrieve(id)).status).toBe('open');
  // insufficient funds: Stripe's own message; then a good card pays the same session
  await page.locator('#cardNumber').fill('4000000000009995');
  await expect(page.locator('#cardErrors')).toHaveText('');
  await page.getByTestId('hosted-payment-submit-button').click();
  await expect(page.locator('#cardErrors')).toHaveText('Your card has insufficient funds.', { timeout: 15_000 });
  await page.locator('#cardNumber').fill('4242424242424242');
  await page.getByTestId('hosted-payment-submit-button').click();
  await expectFulfilled(page, id);
});

test('driven by Stripe Checkout\'s own selectors: #email, #cardNumber, #cardExpiry, #cardCvc, #billingName, #billingCountry, #billingPostalCode, .SubmitButton', async ({ page }) => {
  const id = await startHosted(page, { tee: 1, mug: 1 });
  await page.locator('#cardNumber').waitFor({ timeout: 20_000 });
  // in the page's own DOM, as on Stripe's page: found without piercing a shadow root (Selenium, Cypress)
  expect(await page.evaluate(() => ['email', 'cardNumber', 'cardExpiry', 'cardCvc', 'billingName', 'billingCountry', 'billingPostalCode'].filter((id) => !document.getElementById(id)))).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll('[data-testid="hosted-payment-submit-button"], button[type="submit"].SubmitButton').length)).toBe(1);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // what the customer sees before typing: Stripe's placeholders, the submit button disabled-looking but present
  await expect(page.locator('#cardNumber')).toHaveAttribute('placeholder', '1234 1234 1234 1234');
  await expect(page.locator('#cardExpiry')).toHaveAttribute('placeholder', 'MM / YY');
  await expect(page.locator('#cardCvc')).toHaveAttribute('placeholder', 'CVC');
  await expect(page.locator('#billingName')).toHaveAttribute('placeholder', 'Full name on card');
  // Pay with nothing typed: every problem named, the first field focused, nothing paid
  await expect(page.locator('button[type="submit"].SubmitButton')).toHaveClass('SubmitButton SubmitButton--incomplete');
  await page.locator('button[type="submit"].SubmitButton').click();
  await expect(page.locator('#email')).toBeFocused();
  await expect(page.locator('#cardErrors')).toHaveText('Your card number is incomplete.');
  await expect(page.locator('#billingName-error')).toHaveText('Enter the name on your card.');
  await page.fill('#email', 'selectors@example.com');
  await page.fill('#cardNumber', '4242 4242 4242 4242');
  await expect(page.locator('#cardNumber')).toHaveValue('4242 4242 4242 4242');
  await page.fill('#cardExpiry', '1234');
  await expect(page.locator('#cardExpiry')).toHaveValue('12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Grace Hopper');
  await page.selectOption('#billingCountry', 'GB');
  await expect(page.locator('label[for="billingPostalCode"]')).toHaveText('Postal code');
  await page.selectOption('#billingCountry', 'FR');
  await expect(page.locator('#billingPostalCode')).toHaveCount(0);
  await page.selectOption('#billingCountry', 'US');
  await page.fill('#billingPostalCode', '10001');
  await expect(page.locator('button.SubmitButton')).toHaveClass('SubmitButton SubmitButton--complete');
  // Enter in a field submits, as on Stripe Checkout
  await page.locator('#billingPostalCode').press('Enter');
  await expectFulfilled(page, id);
  const session = await simStripe().checkout.sessions.retrieve(id, { expand: ['payment_intent.payment_method'] });
  const pm = (session.payment_intent as { payment_method: { card: { last4: string; exp_month: number; exp_year: number }; billing_details: { name: string; email: string; address: { country: string; postal_code: string } } } }).payment_method;
  expect(pm.card).toMatchObject({ last4: '4242', exp_month: 12, exp_year: 2034 });
  expect(pm.billing_details).toMatchObject({ name: 'Grace Hopper', email: 'selectors@example.com', address: { country: 'US', postal_code: '10001' } });
});

test('canceled: the back link returns to the merchant with the order intact', async ({ page }) => {
  const id = await startHosted(page);
  await checkout(page).getByRole('link', { name: /Back to/ }).click();
  await page.waitForURL(/\/checkout\.html\?canceled=1$/);
  await expect(page.getByText('Checkout canceled')).toBeVisible();
  expect((await simStripe().checkout.sessions.retrieve(id)).status).toBe('open');
});

test('expired by the simulator clock: the page explains it, the demo learns it from the webhook', async ({ page }) => {
  const id = await startHosted(page);
  await expect(checkout(page).getByRole('button', { name: /^Pay/ })).toBeVisible({ timeout: 20_000 });
  const res = await page.request.post(`${SIM_ORIGIN}/_sim/clock/advance`, {
    headers: { Authorization: `Bearer ${DEFAULT_KEYS.secret}` },
    data: { seconds: 24 * 3600 + 60 },
  });
  expect(res.ok()).toBe(true);
  expect((await simStripe().checkout.sessions.retrieve(id)).status).toBe('expired');
  await expect
    .poll(async () => ((await (await page.request.get('/api/webhook-log')).json()) as { data: { type: string }[] }).data.map((e) => e.type), { timeout: 10_000 })
    .toContain('checkout.session.expired');
  await page.reload();
  await expect(checkout(page).getByRole('heading', { name: 'This checkout has expired' })).toBeVisible({ timeout: 20_000 });
  await expect(checkout(page).getByRole('button', { name: /^Pay/ })).toHaveCount(0);
});

test('a paid session cannot be paid twice', async ({ page }) => {
  const id = await startHosted(page);
  await fillCheckout(page, '4242424242424242');
  await checkout(page).getByRole('button', { name: /^Pay/ }).click();
  await expectFulfilled(page, id);
  await page.goto(`${SIM_ORIGIN}/c/pay/${id}`);
  await expect(checkout(page).getByRole('heading', { name: 'This checkout is already paid' })).toBeVisible({ timeout: 20_000 });
});

test('embedded checkout paid: <ck-checkout> mounts the simulator embedded checkout and returns to return_url', async ({ page }) => {
  await page.goto('/checkout-embedded.html');
  const frame = page.frameLocator('iframe[src*="/c/embedded"]');
  await expect(frame.getByRole('button', { name: 'Pay $37.00' })).toBeVisible({ timeout: 20_000 });
  await fillCheckout(frame, '4242 4242 4242 4242', 'embedded@example.com');
  await frame.getByRole('button', { name: 'Pay $37.00' }).click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=cs_test_/, { timeout: 20_000 });
  const id = new URL(page.url()).searchParams.get('session_id')!;
  await expectFulfilled(page, id);
  const session = await simStripe().checkout.sessions.retrieve(id);
  expect(session.ui_mode).toBe('embedded_page');
  expect(session.customer_details?.email).toBe('embedded@example.com');
});

test('the shim: createEmbeddedCheckoutPage with fetchClientSecret, one instance at a time, initEmbeddedCheckout throws', async ({ page }) => {
  await page.goto('/checkout-embedded.html');
  await expect(page.frameLocator('iframe[src*="/c/embedded"]').getByRole('button', { name: /^Pay/ })).toBeVisible({ timeout: 20_000 });
  const result = await page.evaluate(async () => {
    type Embedded = { mount(el: HTMLElement | string): void; unmount(): void; destroy(): void };
    type S = { createEmbeddedCheckoutPage(o: unknown): Promise<Embedded>; initEmbeddedCheckout(o: unknown): unknown };
    const w = window as unknown as { Stripe: (pk: string) => S };
    const config = (await (await fetch('/api/config')).json()) as { publishableKey: string };
    const stripe = w.Stripe(config.publishableKey);
    const out: Record<string, unknown> = {};
    try {
      stripe.initEmbeddedCheckout({});
    } catch (e) {
      out.init = (e as Error).message;
    }
    out.neither = await stripe.createEmbeddedCheckoutPage({}).then(() => 'resolved', (e: Error) => e.message);
    out.both = await stripe.createEmbeddedCheckoutPage({ clientSecret: 'x', fetchClientSecret: async () => 'x' }).then(() => 'resolved', (e: Error) => e.message);
    // The page's <ck-checkout> holds the one instance: destroy it first.
    const ck = document.querySelector('ck-checkout')!;
    ck.remove();
    const fetchClientSecret = async () => {
      const r = await fetch('/api/checkout/embedded', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return ((await r.json()) as { clientSecret: string }).clientSecret;
    };
    const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret });
    out.second = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret }).then(() => 'resolved', (e: Error) => e.message);
    const host = document.createElement('div');
    host.id = 'manual-checkout';
    document.body.append(host);
    checkout.mount('#manual-checkout');
    out.mounted = host.querySelectorAll('iframe').length;
    out.srcHasSecretInFragment = /\/c\/embedded#secret=cs_test_/.test(host.querySelector('iframe')!.src);
    checkout.destroy();
    out.afterDestroy = host.querySelectorAll('iframe').length;
    try {
      checkout.mount(host);
    } catch (e) {
      out.remount = (e as Error).message;
    }
    return out;
  });
  expect(result.init).toMatch(/createEmbeddedCheckoutPage/);
  expect(result.neither).toMatch(/clientSecret|fetchClientSecret/);
  expect(result.both).toMatch(/only one/);
  expect(result.second).toMatch(/multiple Embedded Checkout/);
  expect(result.mounted).toBe(1);
  expect(result.srcHasSecretInFragment).toBe(true);
  expect(result.afterDestroy).toBe(0);
  expect(result.remount).toMatch(/destroyed/);
});

test('on a phone: one column, no horizontal scrolling, paid with the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const id = await startHosted(page);
  await fillCheckout(page, '4242 4242 4242 4242');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const pay = checkout(page).getByRole('button', { name: 'Pay $25.00' });
  const summary = checkout(page).locator('.summary');
  const [payBox, summaryBox] = [await pay.boundingBox(), await summary.boundingBox()];
  expect(payBox!.y).toBeGreaterThan(summaryBox!.y + summaryBox!.height - 1);
  await pay.focus();
  await page.keyboard.press('Enter');
  await expectFulfilled(page, id);
});

test('direct charge through hosted Checkout: the session lives on the connected account, which pays the fees', async ({ page, baseURL }) => {
  const created = await page.request.post('/api/rentals/demo-landlord');
  const { id: acct } = (await created.json()) as { id: string };
  const stripe = simStripe();
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'payment', success_url: `${baseURL}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
      line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'One night' } }, quantity: 1 }],
      payment_intent_data: { application_fee_amount: 123, capture_method: 'automatic' },
    },
    { stripeAccount: acct },
  );
  await page.goto(session.url!);
  await expect(checkout(page).getByText('Jane’s loft').first()).toBeVisible({ timeout: 20_000 });
  await fillCheckout(page, '4242 4242 4242 4242');
  await checkout(page).getByRole('button', { name: 'Pay $10.00' }).click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge.balance_transaction'] }, { stripeAccount: acct });
  expect(done.status).toBe('complete');
  const bt = ((done.payment_intent as { latest_charge: { balance_transaction: { fee: number; net: number } } }).latest_charge).balance_transaction;
  expect(bt.fee).toBe(182);
  expect(bt.net).toBe(818);
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the hosted page speaks French and runs under its strict CSP without a violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const id = await startHosted(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(checkout(page).getByRole('button', { name: /^Payer 25,00/ })).toBeVisible({ timeout: 20_000 });
    await expect(checkout(page).getByText('Total à payer')).toBeVisible();
    await expect(checkout(page).getByLabel('E-mail')).toBeVisible();
    await expect(page.locator('#cardNumber')).toHaveAttribute('aria-label', 'Numéro de carte');
    await expect(page.locator('label[for="billingName"]')).toHaveText('Nom du titulaire de la carte');
    await expect(page.locator('label[for="billingCountry"]')).toHaveText('Pays ou région');
    await expect(page.locator('#billingCountry')).toHaveValue('FR');
    await expect(page.locator('#billingPostalCode')).toHaveCount(0);
    await checkout(page).getByRole('button', { name: /^Payer/ }).click();
    await expect(checkout(page).getByText('Saisissez votre adresse e-mail.')).toBeVisible();
    await expect(page.locator('#cardErrors')).toHaveText('Votre numéro de carte est incomplet.');
    await page.fill('#cardNumber', '4242424242424241');
    await page.locator('#cardNumber').blur();
    await expect(page.locator('#cardErrors')).toHaveText("Votre numéro de carte n'est pas valide.");
    expect((await simStripe().checkout.sessions.retrieve(id)).status).toBe('open');
    expect(violations).toEqual([]);
  });
});

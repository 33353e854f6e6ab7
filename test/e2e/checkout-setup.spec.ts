// End-to-end: Checkout Sessions in setup mode ("Save payment details for future payments with Checkout"), created
// with the official SDK, their hosted `url` opened in Chromium, a test card typed on the simulator's page
// (<ck-checkout>, card inputs on the page as on Stripe Checkout), saved; then the browser at success_url and the SetupIntent checked through the
// API, as the merchant's server would.
import { expect, test, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { fillCheckoutCard } from './helpers/checkout-page.ts';
import { challengeFrame, simStripe } from './helpers/payment.ts';

const checkout = (page: Page) => page.locator('ck-checkout');

async function fillCard(page: Page, number: string, email: string): Promise<void> {
  await checkout(page).getByLabel('Email').fill(email);
  await fillCheckoutCard(page, number);
}

const DEMO = `http://localhost:${Number(process.env.E2E_DEMO_PORT ?? 4343)}`;

function createSetupSession(params: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  const hosted = (params.ui_mode ?? 'hosted_page') === 'hosted_page';
  return simStripe().checkout.sessions.create({
    mode: 'setup',
    currency: 'usd',
    ...(hosted ? { success_url: `${DEMO}/checkout.html?saved={CHECKOUT_SESSION_ID}`, cancel_url: `${DEMO}/checkout.html?canceled=1` } : {}),
    ...params,
  } as Stripe.Checkout.SessionCreateParams);
}

async function expectSaved(page: Page, session: Stripe.Checkout.Session, customer?: string): Promise<Stripe.SetupIntent> {
  await page.waitForURL(/\/checkout\.html\?saved=cs_test_/, { timeout: 20_000 });
  expect(new URL(page.url()).searchParams.get('saved')).toBe(session.id);
  const stripe = simStripe();
  const done = await stripe.checkout.sessions.retrieve(session.id);
  expect(done.status).toBe('complete');
  expect(done.payment_status).toBe('no_payment_required');
  expect(done.amount_total).toBeNull();
  expect(done.amount_subtotal).toBeNull();
  expect(done.payment_intent).toBeNull();
  if (customer) expect(done.customer).toBe(customer);
  expect(done.customer).toMatch(/^cus_/);
  const si = await stripe.setupIntents.retrieve(done.setup_intent as string);
  expect(si.id).toMatch(/^seti_/);
  expect(si.status).toBe('succeeded');
  expect(si.customer).toBe(done.customer);
  const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
  expect(pm.customer).toBe(done.customer);
  const events = (await stripe.events.list({ limit: 100 })).data;
  expect(events.some((e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === session.id)).toBe(true);
  expect(events.some((e) => e.type === 'setup_intent.succeeded' && (e.data.object as { id: string }).id === si.id)).toBe(true);
  return si;
}

test('hosted setup session saved with 4242: success_url, SetupIntent succeeded, card on the new Customer', async ({ page }) => {
  const session = await createSetupSession({ customer_creation: 'always' });
  await page.goto(session.url!);
  await expect(checkout(page).getByRole('heading', { name: /Save your card with/ })).toBeVisible({ timeout: 20_000 });
  await expect(checkout(page).getByText('$')).toHaveCount(0);
  await fillCard(page, '4242 4242 4242 4242', 'saver@example.com');
  // the card number never reaches the page's own DOM
  expect(await page.content()).not.toContain('4242 4242');
  // with the keyboard
  await checkout(page).getByRole('button', { name: 'Save card' }).focus();
  await page.keyboard.press('Enter');
  const si = await expectSaved(page, session);
  const pm = await simStripe().paymentMethods.retrieve(si.payment_method as string);
  expect(pm.card?.last4).toBe('4242');
  const customer = (await simStripe().customers.retrieve(si.customer as string)) as Stripe.Customer;
  expect(customer.email).toBe('saver@example.com');
});

test('hosted setup session with 4000002500003155: 3D Secure on setup in the dialog, then saved to the given customer', async ({ page }) => {
  const customer = await simStripe().customers.create({ email: 'known@example.com' });
  const session = await createSetupSession({ customer: customer.id });
  await page.goto(session.url!);
  await expect(checkout(page).getByLabel('Email')).toHaveValue('known@example.com', { timeout: 20_000 });
  await fillCard(page, '4000 0025 0000 3155', 'known@example.com');
  await checkout(page).getByRole('button', { name: 'Save card' }).click();
  const challenge = challengeFrame(page);
  await challenge.getByRole('button', { name: /Complete/ }).click();
  await expectSaved(page, session, customer.id);
});

test('a card declined on setup is explained under the form; the session stays open', async ({ page }) => {
  const session = await createSetupSession();
  await page.goto(session.url!);
  await fillCard(page, '4000 0000 0000 0002', 'declined@example.com');
  await checkout(page).getByRole('button', { name: 'Save card' }).click();
  await expect(checkout(page).getByRole('alert').filter({ hasText: /declined/ })).toBeVisible({ timeout: 15_000 });
  expect((await simStripe().checkout.sessions.retrieve(session.id)).status).toBe('open');
});

test('embedded setup session: the merchant page mounts it with Stripe.js and the customer lands on return_url', async ({ page }) => {
  const session = await createSetupSession({ ui_mode: 'embedded_page', customer_creation: 'always', return_url: `${DEMO}/checkout.html?saved={CHECKOUT_SESSION_ID}` });
  // The demo's embedded page, given this setup session's client secret instead of its own payment session's.
  await page.goto('/checkout-embedded.html');
  const frame = page.frameLocator('iframe[src*="/c/embedded"]');
  await expect(frame.getByRole('button', { name: /^Pay/ })).toBeVisible({ timeout: 20_000 });
  await page.evaluate((secret) => {
    (document.querySelector('ck-checkout') as HTMLElement & { clientSecret: string }).clientSecret = secret;
  }, session.client_secret!);
  await expect(frame.getByRole('button', { name: 'Save card' })).toBeVisible({ timeout: 20_000 });
  await frame.getByLabel('Email').fill('embedded.saver@example.com');
  await fillCheckoutCard(frame, '4242 4242 4242 4242');
  await frame.getByRole('button', { name: 'Save card' }).click();
  await expectSaved(page, session);
});

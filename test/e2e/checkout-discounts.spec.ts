// End-to-end: promotion codes on the simulator's hosted Checkout page, for a session created with the official SDK
// and `allow_promotion_codes: true`. "Add promotion code" opens Stripe Checkout's `#promotionCode` field; a wrong
// code is explained under it, a code under its minimum too; a good one shows the code and the discount, the total and
// the Pay button follow, the code can be taken off again with the keyboard; the card is then charged the discounted
// total. A 100%-off code (in French) makes the order free: no card is asked for and the session completes with
// `payment_status: no_payment_required`.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fillCheckoutCard } from './helpers/checkout-page.ts';
import { DEFAULT_KEYS } from '../../sim/core/app.ts';
import { SIM_ORIGIN, simStripe } from './helpers/payment.ts';

const checkout = (page: Page) => page.locator('ck-checkout');
const DEMO = `http://localhost:${Number(process.env.E2E_DEMO_PORT ?? 4343)}`;
const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase();

async function noAxeViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a promotion code typed on the hosted page: refused, applied, removed, re-applied, then the discounted total is charged', async ({ page }) => {
  const stripe = simStripe();
  const suffix = unique();
  const coupon = await stripe.coupons.create({ percent_off: 25, name: 'Spring sale' });
  const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `SPRING${suffix}` });
  await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id }, code: `BIG${suffix}`, restrictions: { minimum_amount: 10000, minimum_amount_currency: 'usd' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 4000, product_data: { name: 'Garden kit' } }, quantity: 1 }],
    success_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    allow_promotion_codes: true,
  });
  await page.goto(session.url!);
  const co = checkout(page);
  await page.locator('#cardNumber').waitFor({ timeout: 20_000 });
  await expect(co.getByRole('button', { name: 'Pay $40.00' })).toBeVisible();

  await co.getByRole('button', { name: 'Add promotion code' }).click();
  const field = page.locator('#promotionCode');
  await expect(field).toBeFocused();
  await page.keyboard.type('NOPE');
  await page.keyboard.press('Enter');
  await expect(co.getByText('This code is invalid.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  await noAxeViolations(page);

  await field.fill(`big${suffix.toLowerCase()}`);
  await co.getByRole('button', { name: 'Apply' }).click();
  await expect(co.getByText('This code requires an order of at least $100.00.')).toBeVisible();

  // Case does not matter, as on Stripe.
  await field.fill(`spring${suffix.toLowerCase()}`);
  await page.keyboard.press('Enter');
  const remove = co.getByRole('button', { name: `Remove promotion code SPRING${suffix}` });
  await expect(remove).toBeFocused();
  await expect(co.locator('.discount')).toContainText(`SPRING${suffix}`);
  await expect(co.locator('.discount')).toContainText('$10.00');
  await expect(co.locator('.due-amount')).toHaveText('$30.00');
  await expect(co.getByRole('button', { name: 'Pay $30.00' })).toBeVisible();
  expect((await stripe.checkout.sessions.retrieve(session.id)).amount_total).toBe(3000);
  await noAxeViolations(page);

  // Off again with the keyboard: the total comes back and the focus returns to "Add promotion code".
  await page.keyboard.press('Enter');
  await expect(co.getByRole('button', { name: 'Add promotion code' })).toBeFocused();
  await expect(co.locator('.due-amount')).toHaveText('$40.00');
  await expect(co.locator('.discount')).toHaveCount(0);

  await page.keyboard.press('Enter');
  await expect(field).toBeFocused();
  await page.keyboard.type(`SPRING${suffix}`);
  await page.keyboard.press('Enter');
  await expect(co.getByRole('button', { name: 'Pay $30.00' })).toBeVisible();

  await co.getByLabel('Email').fill('gardener@example.com');
  await fillCheckoutCard(page, '4242 4242 4242 4242');
  await co.getByRole('button', { name: 'Pay $30.00' }).click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });

  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent', 'total_details.breakdown'] });
  expect(done.status).toBe('complete');
  expect(done.payment_status).toBe('paid');
  expect(done.amount_subtotal).toBe(4000);
  expect(done.total_details?.amount_discount).toBe(1000);
  expect(done.amount_total).toBe(3000);
  expect(done.discounts).toEqual([{ coupon: coupon.id, promotion_code: code.id }]);
  expect(done.total_details?.breakdown?.discounts[0].amount).toBe(1000);
  expect((done.payment_intent as { amount_received: number }).amount_received).toBe(3000);
  expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
  expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
});

test('a 100%-off code in French: no card asked for, the order completes with no_payment_required', async ({ page }) => {
  const stripe = simStripe();
  const suffix = unique();
  const coupon = await stripe.coupons.create({ percent_off: 100 });
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `GRATUIT${suffix}` });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    locale: 'fr',
    line_items: [{ price_data: { currency: 'eur', unit_amount: 1500, product_data: { name: 'Carte postale' } }, quantity: 2 }],
    success_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    allow_promotion_codes: true,
  });
  await page.goto(session.url!);
  const co = checkout(page);
  await page.locator('#cardNumber').waitFor({ timeout: 20_000 });

  await co.getByRole('button', { name: 'Ajouter un code promotionnel' }).click();
  await page.locator('#promotionCode').fill('FAUX');
  await co.getByRole('button', { name: 'Appliquer' }).click();
  await expect(co.getByText('Ce code n’est pas valide.')).toBeVisible();
  await page.locator('#promotionCode').fill(`GRATUIT${suffix}`);
  await co.getByRole('button', { name: 'Appliquer' }).click();

  const complete = co.getByRole('button', { name: 'Valider la commande' });
  await expect(complete).toBeVisible();
  await expect(page.locator('#cardNumber')).toHaveCount(0);
  await expect(co.getByRole('button', { name: `Retirer le code promotionnel GRATUIT${suffix}` })).toBeVisible();
  await noAxeViolations(page);

  await co.getByLabel('E-mail').fill('libre@example.com');
  await complete.click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });
  const done = await stripe.checkout.sessions.retrieve(session.id);
  expect(done.status).toBe('complete');
  expect(done.payment_status).toBe('no_payment_required');
  expect(done.amount_total).toBe(0);
  expect(done.total_details?.amount_discount).toBe(3000);
  expect(done.payment_intent).toBeNull();
  expect(done.customer_details?.email).toBe('libre@example.com');
  expect(String(done.customer)).toMatch(/^cus_/);
});

test('an embedded session: the code is applied with the session’s client secret, and the discounted total is paid', async ({ page }) => {
  const stripe = simStripe();
  const suffix = unique();
  const coupon = await stripe.coupons.create({ amount_off: 700, currency: 'usd' });
  await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `SEVEN${suffix}` });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    ui_mode: 'embedded_page',
    return_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    line_items: [{ price_data: { currency: 'usd', unit_amount: 2000, product_data: { name: 'Seed box' } }, quantity: 1 }],
    allow_promotion_codes: true,
  });
  // The frame Stripe.js's embedded checkout mounts (the merchant page is not needed to drive it).
  const params = new URLSearchParams({ secret: session.client_secret!, key: DEFAULT_KEYS.publishable, lang: 'en' });
  await page.goto(`${SIM_ORIGIN}/c/embedded#${params}`);
  const co = checkout(page);
  await expect(co.getByRole('button', { name: 'Pay $20.00' })).toBeVisible({ timeout: 20_000 });
  await co.getByRole('button', { name: 'Add promotion code' }).click();
  await page.keyboard.type(`SEVEN${suffix}`);
  await page.keyboard.press('Enter');
  await expect(co.getByRole('button', { name: 'Pay $13.00' })).toBeVisible();
  await co.getByLabel('Email').fill('seeds@example.com');
  await fillCheckoutCard(page, '4242 4242 4242 4242');
  await co.getByRole('button', { name: 'Pay $13.00' }).click();
  await expect(co.getByRole('heading', { name: 'Thanks for your payment' })).toBeVisible({ timeout: 20_000 });
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  expect(done.status).toBe('complete');
  expect(done.amount_total).toBe(1300);
  expect((done.payment_intent as { amount_received: number }).amount_received).toBe(1300);
});

// What a customer sees on the demo merchant's own pages: their language carried to the shop's order page, a
// cancelled checkout that really keeps the cart, the embedded checkout paying the order chosen in the form, and a
// fresh cart after a payment.
import { expect, test } from '@playwright/test';
import { fillCard, openShop, outcome, pay, simStripe } from './helpers/payment.ts';

const SIM = simStripe();

test('a French customer gets a French order page with French product names', async ({ page }) => {
  await openShop(page, '?lang=fr', 'fr');
  await fillCard(page, { number: '4242424242424242' }, 'fr');
  await pay(page, 'fr');
  await expect(outcome(page)).toHaveText('Paiement réussi. Merci !');
  // The paid cart is emptied; the order link goes away when a new purchase starts.
  await expect(page.locator('ck-cart')).not.toContainText('T-shirt');
  await expect(page.locator('#order-link')).toBeVisible();
  await page.locator('#order-href').click();
  await page.waitForURL(/\/shop-success\.html\?lang=fr&/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Votre commande' })).toBeVisible();
  await expect(page.locator('#status')).toHaveText('Paiement reçu. Commande traitée.', { timeout: 15_000 });
  await expect(page.locator('#items')).toHaveText('1 × T-shirt en coton bio');
  // The choice is kept: back in the shop after a reload, still French.
  await page.goto('/shop.html');
  await expect(page.getByRole('heading', { name: 'Boutique' })).toBeVisible();
});

test('a new purchase after a payment hides the previous order link', async ({ page }) => {
  await openShop(page);
  await fillCard(page, { number: '4242424242424242' });
  await pay(page);
  await expect(outcome(page)).toHaveText('Payment successful. Thank you!');
  await expect(page.locator('#order-link')).toBeVisible();
  await page.getByRole('button', { name: 'Add: Enamel mug' }).click();
  await expect(page.locator('#order-link')).toBeHidden();
  await expect(page.locator('ck-cart')).toContainText('Enamel mug');
  await expect(page.locator('ck-cart')).not.toContainText('T-shirt');
});

test('a cancelled checkout comes back with the quantities the customer chose', async ({ page }) => {
  await page.goto('/checkout.html');
  await page.getByLabel(/T-shirt/).fill('1');
  await page.getByLabel(/mug/).fill('2');
  await page.getByRole('button', { name: 'Check out' }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
  await page.locator('ck-checkout').getByRole('link', { name: /Back to/ }).click();
  await page.waitForURL(/\/checkout\.html\?canceled=1$/);
  await expect(page.getByText('your cart is as you left it')).toBeVisible();
  await expect(page.getByLabel(/mug/)).toHaveValue('2');
  await expect(page.getByLabel(/T-shirt/)).toHaveValue('1');
});

test('the embedded checkout pays the quantities of the form', async ({ page }) => {
  await page.goto('/checkout.html');
  await page.getByLabel(/T-shirt/).fill('0');
  await page.getByLabel(/mug/).fill('3');
  await page.getByRole('button', { name: /embedded/ }).click();
  await page.waitForURL(/\/checkout-embedded\.html\?/);
  const frame = page.frameLocator('iframe[src*="/c/embedded"]');
  await expect(frame.getByRole('button', { name: 'Pay $36.00' })).toBeVisible({ timeout: 20_000 });
  const sessions = await SIM.checkout.sessions.list({ limit: 1 });
  const items = await SIM.checkout.sessions.listLineItems(sessions.data[0].id);
  expect(items.data.map((i) => [i.description, i.quantity])).toEqual([['Enamel mug', 3]]);
});

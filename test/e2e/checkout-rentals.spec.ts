// End-to-end: a renter pays a landlord (connected account) through hosted Checkout with a destination charge; the
// rentals ledger then shows the landlord's $8.77, the platform's $1.23 application fee and the $10.00 transfer.
import { expect, test } from '@playwright/test';
import { fillCheckoutCard } from './helpers/checkout-page.ts';
import { SIM_ORIGIN, simStripe } from './helpers/payment.ts';

test('renter pays a landlord: destination charge with the platform fee, shown in the ledger', async ({ page }) => {
  const created = await page.request.post('/api/rentals/demo-landlord');
  const { id: landlord } = (await created.json()) as { id: string };
  expect(landlord).toMatch(/^acct_/);
  await page.goto('/rentals.html');
  const listing = page.locator('#listings li').filter({ has: page.locator(`input[value="${landlord}"]`) });
  await listing.getByRole('button', { name: /^Book/ }).click();
  await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/c/pay/cs_test_`));
  const checkout = page.locator('ck-checkout');
  await checkout.getByLabel('Email').fill('renter@example.com');
  await fillCheckoutCard(page, '4242 4242 4242 4242');
  await checkout.getByRole('button', { name: 'Pay $10.00' }).click();
  await page.waitForURL(/\/rentals\.html\?booked=cs_test_/, { timeout: 20_000 });
  await expect(page.locator('#booked')).toContainText('Booking paid');
  const balances = page.locator('#balances');
  await expect(balances.getByRole('row').filter({ hasText: landlord })).toContainText('$8.77');
  await expect(page.locator('#fees').getByRole('row').filter({ hasText: landlord })).toContainText('$1.23');
  await expect(page.locator('#transfers').getByRole('row').filter({ hasText: landlord })).toContainText('$10.00');
  const stripe = simStripe();
  const balance = await stripe.balance.retrieve({}, { stripeAccount: landlord });
  expect(balance.pending.find((b) => b.currency === 'usd')?.amount).toBe(877);
  await expect(page.locator('#webhooks')).toContainText('checkout.session.completed');
});

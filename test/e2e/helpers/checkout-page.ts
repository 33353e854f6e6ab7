// The simulator's hosted and embedded Checkout pages take the card on the page itself, as Stripe Checkout does:
// filled here by the accessible names a customer reads (the ids `#cardNumber`, `#cardExpiry`, `#cardCvc`,
// `#billingName`, `#billingCountry`, `#billingPostalCode` are covered by checkout.spec.ts).
import { expect, type FrameLocator, type Page } from '@playwright/test';

export async function fillCheckoutCard(scope: Page | FrameLocator, number: string, opts: { name?: string; zip?: string } = {}): Promise<void> {
  await expect(scope.getByLabel('Card number')).toBeVisible({ timeout: 20_000 });
  await scope.getByLabel('Card number').fill(number);
  await scope.getByLabel('Expiration').fill('12 / 34');
  await scope.getByLabel('CVC').fill('123');
  await scope.getByLabel('Cardholder name').fill(opts.name ?? 'Ada Lovelace');
  await scope.getByLabel('Country or region').selectOption('US');
  await scope.getByLabel('ZIP').fill(opts.zip ?? '12345');
}

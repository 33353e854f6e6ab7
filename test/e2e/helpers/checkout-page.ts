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

export interface CheckoutAddress {
  name: string;
  country: string;
  line1: string;
  line2?: string;
  city: string;
  /** The state or province: its code ("CA", "QC") or, as `{ label }`, its name as listed ("California"). */
  state?: string | { label: string };
  postalCode?: string;
}

/**
 * Fills the billing or shipping address form by Stripe Checkout's ids (`#billingName`, `#billingCountry`,
 * `#billingAddressLine1`, `#billingLocality`, `#billingAdministrativeArea`, `#billingPostalCode` ...), as a suite written
 * against checkout.stripe.com does: the country and, for US and Canadian addresses, the state are chosen with
 * `selectOption`.
 */
export async function fillCheckoutAddress(page: Page, kind: 'billing' | 'shipping', a: CheckoutAddress): Promise<void> {
  await page.fill(`#${kind}Name`, a.name);
  await page.selectOption(`#${kind}Country`, a.country);
  await page.fill(`#${kind}AddressLine1`, a.line1);
  if (a.line2) await page.fill(`#${kind}AddressLine2`, a.line2);
  await page.fill(`#${kind}Locality`, a.city);
  if (a.state !== undefined) {
    const state = page.locator(`#${kind}AdministrativeArea`);
    if ((await state.evaluate((el) => el.tagName)) === 'SELECT') await state.selectOption(a.state);
    else await state.fill(typeof a.state === 'string' ? a.state : a.state.label);
  }
  if (a.postalCode !== undefined) await page.fill(`#${kind}PostalCode`, a.postalCode);
}

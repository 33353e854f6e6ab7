// Helpers for the payment end-to-end tests: the shop page, the card iframe, the 3DS dialog and the simulator's
// own view of what was charged (through the official SDK, as the merchant's server would see it).
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { DEFAULT_KEYS } from '../../../sim/core/app.ts';

export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 12199);
export const SIM_ORIGIN = `http://127.0.0.1:${SIM_PORT}`;

/** The merchant's server-side view: the official SDK pointed at the demo's embedded simulator. */
export function simStripe(): Stripe {
  return new Stripe(DEFAULT_KEYS.secret, { host: '127.0.0.1', port: SIM_PORT, protocol: 'http' });
}

export interface Card {
  number: string;
  expiry?: string;
  cvc?: string;
  postal?: string;
}

export const LABELS = {
  en: { number: 'Card number', expiry: 'Expiration date', cvc: 'Security code', pay: /^Pay/ },
  fr: { number: 'Numéro de carte', expiry: "Date d'expiration", cvc: 'Code de sécurité', pay: /^Payer/ },
} as const;

export function paymentElement(page: Page): Locator {
  return page.locator('ck-payment-element');
}

/** The card iframe (served by the simulator, cross-origin to the shop). */
export function cardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[name^="__privateStripeFrame"]');
}

/** Fills the Card Element's fields (number, a future expiry, CVC, postal code) inside its iframe. */
export async function fillCardElement(page: Page, number: string): Promise<void> {
  const frame = cardFrame(page);
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel(/ZIP|Postal code/).fill('42424');
}

export function payButton(page: Page, lang: 'en' | 'fr' = 'en'): Locator {
  return paymentElement(page).getByRole('button', { name: LABELS[lang].pay });
}

export function outcome(page: Page): Locator {
  return paymentElement(page).getByRole('status');
}

/** Opens the shop and waits until the card fields are ready and the amount is on the button. */
export async function openShop(page: Page, query = '', lang: 'en' | 'fr' = 'en'): Promise<void> {
  await page.goto(`/shop.html${query}`);
  await expect(cardFrame(page).getByLabel(LABELS[lang].number)).toBeVisible({ timeout: 20_000 });
  await expect(payButton(page, lang)).toContainText(/\d/);
}

export async function fillCard(page: Page, card: Card, lang: 'en' | 'fr' = 'en'): Promise<void> {
  const frame = cardFrame(page);
  await frame.getByLabel(LABELS[lang].number).fill(card.number);
  await frame.getByLabel(LABELS[lang].expiry).fill(card.expiry ?? '12 / 34');
  await frame.getByLabel(LABELS[lang].cvc).fill(card.cvc ?? '123');
  if (card.postal !== undefined) await frame.getByRole('textbox', { name: /ZIP|Postal code|Code postal/ }).fill(card.postal);
}

export async function pay(page: Page, lang: 'en' | 'fr' = 'en'): Promise<void> {
  const button = payButton(page, lang);
  await button.scrollIntoViewIfNeeded();
  await button.click();
}

export function challengeDialog(page: Page): Locator {
  return page.getByRole('dialog');
}

/**
 * The 3D Secure challenge in the shim's dialog, reached as on Stripe: Stripe.js's lightbox iframe
 * (`__privateStripeFrame<digits>`, src containing `three-ds-2-challenge`), then its `#challengeFrame`.
 */
export function challengeFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]').frameLocator('#challengeFrame');
}

/** The PaymentIntent id the element is working on (from the last ck-before-confirm, or its client secret). */
export async function currentIntentId(page: Page): Promise<string> {
  const id = await paymentElement(page).evaluate((el) => (el as unknown as { paymentIntentId: string | null }).paymentIntentId);
  if (!id) throw new Error('The payment element has no PaymentIntent yet');
  return id;
}

/** Records every request the page sends to the merchant's own origin, with its body. */
export function recordMerchantRequests(page: Page, merchantOrigin: string): { url: string; body: string }[] {
  const seen: { url: string; body: string }[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(merchantOrigin)) seen.push({ url: request.url(), body: request.postData() ?? '' });
  });
  return seen;
}

/** All text, attribute values and form values of the merchant page's DOM, shadow roots included. */
export async function merchantDomText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot | Element): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) parts.push(attr.value);
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    parts.push(document.documentElement.outerHTML);
    walk(document);
    return parts.join('\n');
  });
}

// End-to-end: a hosted Checkout Session that asks for a required custom field, the terms of service and a dropdown,
// created with the official SDK and opened at its `url` in Chromium: Pay is refused until the field is filled and
// the terms ticked (errors under the fields, the first one focused), then the card is paid with 4242 and the
// session, read through the API as the merchant's server would, carries the values where Stripe puts them.
import { expect, test, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { fillCheckoutAddress, fillCheckoutCard } from './helpers/checkout-page.ts';
import { simStripe } from './helpers/payment.ts';

const checkout = (page: Page) => page.locator('ck-checkout');
const DEMO = `http://localhost:${Number(process.env.E2E_DEMO_PORT ?? 4343)}`;

test('hosted checkout with a required custom field and terms: refused until given, then recorded on the session', async ({ page }) => {
  const stripe = simStripe();
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Engraved mug' } }, quantity: 1 }],
    success_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    custom_fields: [
      { key: 'engraving', label: { type: 'custom', custom: 'Engraving' }, type: 'text', text: { minimum_length: 2, maximum_length: 12 } },
      {
        key: 'color', label: { type: 'custom', custom: 'Colour' }, type: 'dropdown',
        dropdown: { options: [{ label: 'Blue', value: 'blue' }, { label: 'Green', value: 'green' }] },
      },
    ],
    consent_collection: { terms_of_service: 'required' },
    custom_text: { terms_of_service_acceptance: { message: 'I agree to the [mug terms](https://shop.example/terms).' } },
  });
  await page.goto(session.url!);
  const co = checkout(page);
  await co.getByLabel('Email').fill('ada@example.com', { timeout: 20_000 });
  await fillCheckoutCard(page, '4242 4242 4242 4242');

  await co.getByRole('button', { name: 'Pay $25.00' }).click();
  await expect(co.getByText('Engraving is required.')).toBeVisible();
  await expect(co.getByText('Choose an option for Colour.')).toBeVisible();
  await expect(co.getByText('Accept the terms of service to continue.')).toBeVisible();
  await expect(co.getByLabel('Engraving')).toBeFocused();
  expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

  // With the keyboard: type the field, pick the colour, tick the terms with Space, Pay with Enter.
  await page.keyboard.type('For Ada');
  await co.getByLabel('Colour').selectOption('green');
  const terms = co.getByRole('checkbox', { name: /I agree to the mug terms/ });
  await expect(co.getByRole('link', { name: /mug terms/ })).toHaveAttribute('href', 'https://shop.example/terms');
  await terms.focus();
  await page.keyboard.press('Space');
  await expect(terms).toBeChecked();
  await co.getByRole('button', { name: 'Pay $25.00' }).focus();
  await page.keyboard.press('Enter');

  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });
  const done = await stripe.checkout.sessions.retrieve(session.id);
  expect(done.status).toBe('complete');
  expect(done.payment_status).toBe('paid');
  expect(done.custom_fields[0].text?.value).toBe('For Ada');
  expect(done.custom_fields[1].dropdown?.value).toBe('green');
  expect(done.consent).toEqual({ promotions: null, terms_of_service: 'accepted' });
  expect(done.customer_details?.email).toBe('ada@example.com');
});

test('billing_address_collection required: the address form takes Stripe Checkout ids and reaches the PaymentMethod', async ({ page }) => {
  const stripe = simStripe();
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'Poster' } }, quantity: 1 }],
    success_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    billing_address_collection: 'required',
    phone_number_collection: { enabled: true },
  });
  await page.goto(session.url!);
  await page.locator('#cardNumber').waitFor({ timeout: 20_000 });
  // the address form carries the name, country and postal code: the card form does not repeat them
  await expect(page.locator('#billingName')).toHaveCount(1);
  await expect(page.locator('#billingCountry')).toHaveCount(1);
  await page.fill('#email', 'poster@example.com');
  await page.fill('#phoneNumber', '+1 415 555 0100');
  await page.fill('#cardNumber', '4242424242424242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.getByTestId('hosted-payment-submit-button').click();
  // the first missing address field is focused
  await expect(page.locator('#billingName')).toBeFocused();
  await page.fill('#billingName', 'Ada Lovelace');
  // Canada first: a province list; a province chosen there is cleared when the country changes
  await page.selectOption('#billingCountry', 'CA');
  await expect(page.locator('label[for="billingAdministrativeArea"]')).toHaveText('Province');
  await page.selectOption('#billingAdministrativeArea', { label: 'British Columbia' });
  await expect(page.locator('#billingAdministrativeArea')).toHaveValue('BC');
  await page.selectOption('#billingCountry', 'US');
  // the state is a <select> as on Stripe Checkout: values the two-letter codes, labels the names
  const state = page.locator('#billingAdministrativeArea');
  await expect(state).toHaveJSProperty('tagName', 'SELECT');
  await expect(state).toHaveValue('');
  await expect(state).toHaveAttribute('autocomplete', 'billing address-level1');
  await expect(page.locator('label[for="billingAdministrativeArea"]')).toHaveText('State');
  await expect(page.locator('label[for="billingPostalCode"]')).toHaveText('ZIP');
  await expect(state.locator('option[value="CA"]')).toHaveText('California');
  await page.fill('#billingAddressLine1', '1 Main St');
  await page.fill('#billingLocality', 'Springfield');
  await page.fill('#billingPostalCode', '62701');
  // the state is required: Pay points at it
  await page.getByTestId('hosted-payment-submit-button').click();
  await expect(state).toBeFocused();
  await expect(page.locator('#billingAdministrativeArea-error')).toHaveText('State is required.');
  // with the keyboard: typing a name on the focused select picks it
  await page.keyboard.type('Illinois');
  await expect(state).toHaveValue('IL');
  await expect(page.getByLabel('State', { exact: true })).toHaveValue('IL');
  await page.getByTestId('hosted-payment-submit-button').click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.payment_method'] });
  expect(done.customer_details?.phone).toBe('+14155550100');
  expect(done.customer_details?.address).toMatchObject({ line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' });
  const pm = (done.payment_intent as Stripe.PaymentIntent).payment_method as Stripe.PaymentMethod;
  expect(pm.billing_details).toMatchObject({ name: 'Ada Lovelace', email: 'poster@example.com', address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' } });
});

test('shipping to Canada in French: the province chosen by its French name reaches the session as its code', async ({ page }) => {
  const stripe = simStripe();
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    locale: 'fr',
    line_items: [{ price_data: { currency: 'cad', unit_amount: 4200, product_data: { name: 'Sirop d’érable' } }, quantity: 1 }],
    success_url: `${DEMO}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
    shipping_address_collection: { allowed_countries: ['CA', 'US'] },
    billing_address_collection: 'required',
  });
  await page.goto(session.url!);
  await page.locator('#cardNumber').waitFor({ timeout: 20_000 });
  await page.fill('#email', 'marie@example.com');
  await fillCheckoutAddress(page, 'shipping', {
    name: 'Marie Tremblay', country: 'CA', line1: '1200 rue Sainte-Catherine', city: 'Montréal', state: { label: 'Québec' }, postalCode: 'H3B 1K9',
  });
  await expect(page.locator('label[for="shippingAdministrativeArea"]')).toHaveText('Province');
  await expect(page.locator('#shippingAdministrativeArea option[value="BC"]')).toHaveText('Colombie-Britannique');
  await fillCheckoutAddress(page, 'billing', {
    name: 'Marie Tremblay', country: 'US', line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118',
  });
  await expect(page.locator('label[for="billingAdministrativeArea"]')).toHaveText('État');
  await expect(page.locator('#billingAdministrativeArea option[value="NC"]')).toHaveText('Caroline du Nord');
  await page.fill('#cardNumber', '4242424242424242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.getByTestId('hosted-payment-submit-button').click();
  await page.waitForURL(/\/checkout-success\.html\?session_id=/, { timeout: 20_000 });

  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.payment_method'] });
  expect(done.status).toBe('complete');
  expect(done.collected_information?.shipping_details).toEqual({
    name: 'Marie Tremblay',
    address: { line1: '1200 rue Sainte-Catherine', line2: null, city: 'Montréal', state: 'QC', postal_code: 'H3B 1K9', country: 'CA' },
  });
  expect(done.customer_details?.address).toMatchObject({ city: 'New York', state: 'NY', postal_code: '10118', country: 'US' });
  const pi = done.payment_intent as Stripe.PaymentIntent;
  expect(pi.shipping?.address).toMatchObject({ state: 'QC', country: 'CA' });
  expect((pi.payment_method as Stripe.PaymentMethod).billing_details.address).toMatchObject({ state: 'NY', country: 'US' });
});

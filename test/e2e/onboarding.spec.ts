// Connect onboarding end to end, on the demo's /marketplace: landlords sign up (a prefilled connected account),
// onboard hosted (account links, the simulator's pages) or embedded (<ck-connect-onboarding> with connect-js and
// the simulator's window.StripeConnect), and the platform sees the account's state through the official SDK.
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import Stripe from 'stripe';
import { DEFAULT_KEYS } from '../../sim/core/app.ts';

const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 12199);
const SIM_ORIGIN = `http://127.0.0.1:${SIM_PORT}`;
const stripe = new Stripe(DEFAULT_KEYS.secret, { host: '127.0.0.1', port: SIM_PORT, protocol: 'http' });

async function control(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${SIM_ORIGIN}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEFAULT_KEYS.secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

let counter = 0;

/** Signs a landlord up on /marketplace and returns the connected account id. */
async function signUp(page: Page, country: 'US' | 'FR' = 'US'): Promise<{ id: string; name: string }> {
  const name = `Ada Landlord${++counter}${Date.now() % 100000}`;
  if (!page.url().includes('/marketplace.html')) await page.goto('/marketplace.html');
  await page.getByLabel(/Full name|Nom complet/).fill(name);
  await page.getByLabel(/^(Email|E-mail)$/).fill(`ada${counter}@example.com`);
  await page.getByLabel(/Country|Pays/).selectOption(country);
  await page.getByRole('button', { name: /Sign up|Inscrire/ }).click();
  const row = page.locator('#landlords tbody tr', { hasText: name });
  await expect(row).toHaveCount(1);
  const id = await row.getAttribute('data-account');
  expect(id).toMatch(/^acct_/);
  return { id: id as string, name };
}

type Scope = Page | FrameLocator;

/** The US individual path through the onboarding pages (hosted or inside the embedded iframe). */
async function fillPersonal(s: Scope): Promise<void> {
  await expect(s.getByRole('heading', { name: 'Personal details' })).toBeVisible();
  // Prefilled by the platform: shown for confirmation, not asked again.
  await expect(s.getByLabel('First name')).toHaveValue('Ada');
  await s.getByLabel('Phone number').fill('0000000000');
  await s.getByRole('button', { name: 'Continue' }).click();
}

async function fillDob(s: Scope, dob = '1901-01-01'): Promise<void> {
  await expect(s.getByRole('heading', { name: 'Date of birth' })).toBeVisible();
  await s.getByLabel('Date of birth').fill(dob);
  await s.getByRole('button', { name: 'Continue' }).click();
}

async function fillAddress(s: Scope, line1 = 'address_full_match'): Promise<void> {
  await expect(s.getByRole('heading', { name: 'Home address' })).toBeVisible();
  await s.getByLabel('Address line 1').fill(line1);
  await s.getByLabel('City').fill('San Francisco');
  await s.getByLabel('Postal code').fill('94111');
  await s.getByLabel('State').fill('CA');
  await s.getByRole('button', { name: 'Continue' }).click();
}

async function fillRest(s: Scope): Promise<void> {
  await expect(s.getByRole('heading', { name: 'Identity number' })).toBeVisible();
  await s.getByLabel('Social Security number').fill('000000000');
  await s.getByRole('button', { name: 'Continue' }).click();
  // Industry and description were prefilled by the platform: that step is skipped.
  await expect(s.getByRole('heading', { name: 'Bank account' })).toBeVisible();
  await s.getByLabel('Routing number').fill('110000000');
  await s.getByLabel('Account number').fill('000123456789');
  await s.getByRole('button', { name: 'Continue' }).click();
  await expect(s.getByRole('heading', { name: 'Review and terms' })).toBeVisible();
  await s.getByLabel(/I agree to the Stripe Connected Account Agreement/).check();
  await s.getByRole('button', { name: 'Agree and submit' }).click();
}

test.describe('Connect onboarding on /marketplace', () => {
  test.beforeAll(async () => {
    await control('/_sim/settings', { branding: { platform_name: 'Rentals & Co', primary_color: '#0a6e4f' } });
  });

  test('hosted onboarding, co-branded, ends with charges enabled', async ({ page }) => {
    const { id, name } = await signUp(page);
    await page.getByRole('button', { name: `Hosted: ${name}` }).click();
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await expect(page.locator('header.ck-ob-brand')).toContainText('Rentals & Co');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await fillPersonal(page);
    await fillDob(page);
    await fillAddress(page);
    await fillRest(page);
    await page.waitForURL(/\/marketplace\.html/);
    const onboarding = page.locator('ck-connect-onboarding');
    await expect(onboarding).toContainText('Onboarding complete: you can receive payments.');
    await expect(page.locator(`#landlords tr[data-account="${id}"]`)).toContainText('Can be paid');
    const account = await stripe.accounts.retrieve(id);
    expect(account.details_submitted).toBe(true);
    expect(account.charges_enabled).toBe(true);
    expect(account.payouts_enabled).toBe(true);
    expect(account.requirements?.currently_due).toEqual([]);
    expect(account.tos_acceptance?.date).toBeGreaterThan(0);
  });

  test('a reused link ends at refresh_url and resumes with a new link', async ({ page }) => {
    const { id } = await signUp(page);
    const { url } = (await (await page.request.post('/api/marketplace/account-link', { data: { account: id } })).json()) as { url: string };
    await page.goto(url);
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await fillPersonal(page);
    // Second visit of the same link: refresh_url, where the component asks for a new link and goes on.
    await page.goto(url);
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    // What was saved is not asked again: the flow continues at the date of birth.
    await expect(page.getByRole('heading', { name: 'Date of birth' })).toBeVisible();
  });

  test('an expired link ends at refresh_url and resumes with a new link', async ({ page }) => {
    const { id } = await signUp(page);
    const { url } = (await (await page.request.post('/api/marketplace/account-link', { data: { account: id } })).json()) as { url: string };
    await control('/_sim/clock/advance', { seconds: 301 });
    const seen: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) seen.push(f.url());
    });
    await page.goto(url);
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    expect(seen.some((u) => u.includes('ck_onboarding=refresh'))).toBe(true);
    await expect(page.getByRole('heading', { name: 'Personal details' })).toBeVisible();
  });

  test('a landlord who leaves half-way is prompted to continue', async ({ page }) => {
    const { id, name } = await signUp(page);
    await page.getByRole('button', { name: `Hosted: ${name}` }).click();
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await fillPersonal(page);
    await page.getByRole('link', { name: 'Save and return to Rentals & Co' }).click();
    await page.waitForURL(/\/marketplace\.html/);
    const onboarding = page.locator('ck-connect-onboarding');
    await expect(onboarding).toContainText('Your onboarding is not finished');
    await expect(onboarding).toContainText('date of birth');
    await expect(page.locator(`#landlords tr[data-account="${id}"]`)).toContainText('Cannot be paid yet');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await onboarding.getByRole('button', { name: 'Continue onboarding' }).click();
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await expect(page.getByRole('heading', { name: 'Date of birth' })).toBeVisible();
  });

  test('a failing verification value shows the error and the requirement stays due', async ({ page }) => {
    const { id, name } = await signUp(page);
    await page.getByRole('button', { name: `Hosted: ${name}` }).click();
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await fillPersonal(page);
    await fillDob(page);
    await fillAddress(page, 'address_no_match');
    // The same step again, with Stripe's verification error next to the field.
    await expect(page.getByRole('heading', { name: 'Home address' })).toBeVisible();
    await expect(page.getByLabel('Address line 1')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert')).toContainText("The address couldn't be verified");
    let account = await stripe.accounts.retrieve(id);
    expect(account.requirements?.currently_due).toContain('individual.address.line1');
    expect(account.requirements?.errors).toEqual([
      expect.objectContaining({ code: 'verification_failed_address_match', requirement: 'individual.address.line1' }),
    ]);
    expect(account.charges_enabled).toBe(false);
    // Going on anyway: the summary still lists it, and the platform sees it after submitting.
    await page.getByRole('button', { name: 'Continue' }).click();
    await fillRest(page);
    await page.waitForURL(/\/marketplace\.html/);
    const onboarding = page.locator('ck-connect-onboarding');
    await expect(onboarding).toContainText('Some details could not be verified');
    // The landlord reads words; the Stripe code stays on the element for developers.
    await expect(page.locator(`#landlords tr[data-account="${id}"] .mk-error[data-code="verification_failed_address_match"]`)).toHaveText('Address: The address could not be verified.');
    account = await stripe.accounts.retrieve(id);
    expect(account.details_submitted).toBe(true);
    expect(account.charges_enabled).toBe(false);
    expect(account.requirements?.currently_due).toEqual(['individual.address.line1']);
  });

  test('embedded onboarding to completion, with step events and a resume after reload', async ({ page }) => {
    const { id, name } = await signUp(page);
    await page.getByRole('button', { name: `Embedded: ${name}` }).click();
    const frame = page.frameLocator('ck-connect-onboarding stripe-connect-account-onboarding iframe');
    await expect(page.locator('ck-connect-onboarding stripe-connect-account-onboarding iframe')).toHaveAttribute('title', 'Account onboarding');
    await fillPersonal(frame);
    await expect(page.locator('#onboarding-log')).toHaveText('Step: date_of_birth');
    // Reload: the account kept what was entered; onboarding resumes at the next step.
    await page.reload();
    await expect(page.locator('ck-connect-onboarding')).toContainText(/Welcome back|Current step/);
    await fillDob(frame);
    await fillAddress(frame);
    await fillRest(frame);
    await expect(page.locator('ck-connect-onboarding')).toContainText('Onboarding complete: you can receive payments.');
    await expect(page.locator('#onboarding-log')).toHaveText('Onboarding complete.');
    const account = await stripe.accounts.retrieve(id);
    expect(account.details_submitted).toBe(true);
    expect(account.charges_enabled).toBe(true);
  });
});

test.describe('Connect onboarding with the keyboard only', () => {
  test('every hosted step can be completed with Tab, typing, Space and Enter', async ({ page }) => {
    const { id, name } = await signUp(page);
    await page.getByRole('button', { name: `Hosted: ${name}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    const typeInto = async (label: string, value: string) => {
      await page.getByLabel(label).focus();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(value);
    };
    await typeInto('Phone number', '0000000000');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Date of birth' })).toBeVisible();
    await page.getByLabel('Date of birth').focus();
    await page.keyboard.type('01011901');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Home address' })).toBeVisible();
    await typeInto('Address line 1', 'address_full_match');
    await typeInto('City', 'Austin');
    await typeInto('Postal code', '78701');
    await typeInto('State', 'TX');
    await page.keyboard.press('Enter');
    await typeInto('Social Security number', '000000000');
    await page.keyboard.press('Enter');
    await typeInto('Routing number', '110000000');
    await typeInto('Account number', '000123456789');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Review and terms' })).toBeVisible();
    await page.getByLabel(/I agree to the Stripe Connected Account Agreement/).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Agree and submit' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/marketplace\.html/);
    await expect(page.locator('ck-connect-onboarding')).toContainText('Onboarding complete');
    expect((await stripe.accounts.retrieve(id)).charges_enabled).toBe(true);
  });
});

test.describe('Connect onboarding in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the hosted pages and the component speak French', async ({ page }) => {
    await page.goto('/marketplace.html?lang=fr');
    const { name } = await signUp(page, 'FR');
    await page.getByRole('button', { name: `Hébergée: ${name}` }).click();
    await page.waitForURL(new RegExp(`^${SIM_ORIGIN}/connect/onboarding/`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { name: 'Informations personnelles' })).toBeVisible();
    await page.getByLabel('Numéro de téléphone').fill('0000000000');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect(page.getByRole('heading', { name: 'Date de naissance' })).toBeVisible();
    await page.getByRole('link', { name: /Enregistrer et revenir sur/ }).click();
    await page.waitForURL(/\/marketplace\.html/);
    await expect(page.locator('ck-connect-onboarding')).toContainText('Votre inscription n’est pas terminée');
    await expect(page.locator('ck-connect-onboarding').getByRole('button', { name: 'Reprendre l’inscription' })).toBeVisible();
  });

  test('the embedded onboarding frame is titled in French', async ({ page }) => {
    await page.goto('/marketplace.html?lang=fr');
    const { name } = await signUp(page, 'FR');
    await page.getByRole('button', { name: `Intégrée: ${name}` }).click();
    const iframe = page.locator('ck-connect-onboarding stripe-connect-account-onboarding iframe');
    await expect(iframe).toHaveAttribute('title', 'Configuration du compte');
    await expect(page.frameLocator('ck-connect-onboarding stripe-connect-account-onboarding iframe').locator('html')).toHaveAttribute('lang', 'fr');
  });
});

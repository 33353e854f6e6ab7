// What a French-speaking landlord sees on the demo's /marketplace: the embedded onboarding loads Connect.js once
// (no connect-js "existing script" warning, no aborted frame load), its steps are named in French, and the
// hosted pages explain a bad IBAN in French on the field labelled IBAN.
import { expect, test, type Page } from '@playwright/test';

// A French-speaking user's browser: the hosted pages, like Stripe's, take the language from Accept-Language.
test.use({ locale: 'fr-FR' });

let counter = 0;

async function signUpFr(page: Page, country: 'US' | 'FR'): Promise<string> {
  const name = `Amélie Test${++counter}${Date.now() % 100000}`;
  await page.getByLabel('Nom complet').fill(name);
  await page.getByLabel('E-mail').fill(`amelie${counter}@example.com`);
  await page.getByLabel('Pays').selectOption(country);
  await page.getByRole('button', { name: 'Inscrire' }).click();
  await expect(page.locator('#landlords tbody tr', { hasText: name })).toHaveCount(1);
  return name;
}

test('embedded onboarding loads Connect.js once, without warning or aborted request, and names its steps in French', async ({ page }) => {
  const warnings: string[] = [];
  const failed: string[] = [];
  const connectJs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => {
    if (/\/connect\.js$/.test(new URL(r.url()).pathname)) connectJs.push(r.url());
  });
  await page.goto('/marketplace.html?lang=fr');
  const name = await signUpFr(page, 'US');
  await page.getByRole('button', { name: `Intégrée: ${name}` }).click();
  const frame = page.frameLocator('ck-connect-onboarding stripe-connect-account-onboarding iframe');
  await expect(frame.getByRole('heading', { name: 'Informations personnelles' })).toBeVisible();
  const status = page.locator('ck-connect-onboarding').locator('[part="message"]');
  await expect(status).toHaveText('Étape en cours : Informations personnelles');
  await frame.getByLabel('Numéro de téléphone').fill('0000000000');
  await frame.getByRole('button', { name: 'Continuer' }).click();
  await expect(status).toHaveText('Étape en cours : Date de naissance');
  expect(connectJs).toHaveLength(1);
  expect(warnings.filter((w) => /Connect\.js|loadConnect/.test(w))).toEqual([]);
  expect(failed.filter((f) => /frame\.html|connect\.js/.test(f))).toEqual([]);
  await expect(page.locator('ck-connect-onboarding stripe-connect-account-onboarding iframe')).toHaveCount(1);
});

test('French hosted onboarding explains a bad IBAN in French, on the field labelled IBAN', async ({ page }) => {
  await page.goto('/marketplace.html?lang=fr');
  const name = await signUpFr(page, 'FR');
  await page.getByRole('button', { name: `Hébergée: ${name}` }).click();
  await page.waitForURL(/\/connect\/onboarding\/obs_/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Straight to the bank account step (any step can be opened for editing).
  await page.goto(`${page.url().split('?')[0]}?step=external_account`);
  await expect(page.getByRole('heading', { name: 'Compte bancaire' })).toBeVisible();
  await page.getByLabel('IBAN', { exact: true }).fill('000123456789');
  await page.getByRole('button', { name: 'Continuer' }).click();
  const expected = "IBAN : Cet IBAN n'est pas valide. Vérifiez qu'il ne contient pas de faute de frappe.";
  await expect(page.getByRole('alert')).toContainText(expected);
  await expect(page.locator('#f-account_number-err')).toHaveText(expected);
  await expect(page.getByLabel('IBAN', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/The IBAN|is invalid|Numéro de compte/);
  await page.getByLabel('IBAN', { exact: true }).fill('FR1420041010050500013M02606');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByRole('heading', { name: 'Vérification et conditions' })).toBeVisible();
});

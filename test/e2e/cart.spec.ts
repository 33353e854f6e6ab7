// The demo's cart page: <ck-cart> on a plain HTML page loaded with one script tag, owned by the page.
import { expect, test } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';

test.describe('demo cart page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/cart.html');
    await expect(page.locator('ck-cart')).toContainText('Organic cotton T-shirt');
  });

  test('shows the starting cart with its total', async ({ page }) => {
    await expect(page.locator('ck-cart')).toContainText('$25.00');
  });

  test('adding products from the page updates the totals', async ({ page }) => {
    await page.getByRole('button', { name: 'Add Enamel mug' }).click();
    await expect(page.locator('ck-cart')).toContainText('$37.00');
  });

  test('keyboard-only: increase a quantity and remove a line', async ({ page }) => {
    await page.getByRole('button', { name: 'Add Embroidered cap' }).click();
    const increase = page.getByRole('button', { name: /Increase quantity of Organic cotton T-shirt/ });
    await increase.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('ck-cart')).toContainText('$68.00');
    const remove = page.getByRole('button', { name: /Remove Embroidered cap/ });
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /Remove Embroidered cap/ })).toHaveCount(0);
    await expect(page.locator('ck-cart')).toContainText('$50.00');
    await expect(page.getByRole('status').filter({ hasText: 'Embroidered cap removed' })).toHaveCount(1);
  });

  test('the page can veto an edit (stock limit) and the cart keeps its state', async ({ page }) => {
    await page.getByRole('button', { name: 'Add Embroidered cap' }).click();
    const increase = page.getByRole('button', { name: /Increase quantity of Embroidered cap/ });
    await increase.click();
    await increase.click();
    await expect(page.locator('#status')).toHaveText('');
    await increase.click();
    await expect(page.locator('#status')).toHaveText('Only 3 left of Embroidered cap.');
    await expect(page.locator('ck-cart')).toContainText('$79.00');
  });

  test('switching the page language to French re-renders the cart in French', async ({ page }) => {
    await page.locator('#lang').selectOption('fr');
    await expect(page.locator('ck-cart')).toContainText('25,00');
    await expect(page.locator('ck-cart')).toContainText('Total');
    await expect(page.getByRole('button', { name: /Augmenter/ })).toBeVisible();
  });

  test('has no axe violations', async ({ page }) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  });

  test('runs under the strict Content-Security-Policy without violations', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto('/cart.html');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.locator('ck-cart')).toContainText('$25.00');
    expect(violations).toEqual([]);
  });
});

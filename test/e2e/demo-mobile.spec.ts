// The demo merchant on a 375px phone: no page is wider than the screen (wide tables scroll in their own box),
// and the header's controls stay on-screen.
import { expect, test, type Page } from '@playwright/test';

const PAGES = ['/', '/cart.html', '/shop.html', '/checkout.html', '/checkout-embedded.html', '/marketplace.html', '/rentals.html', '/pos.html'];

/** Fills the pages that start empty, so their tables and lists are measured with content in them. */
const PREPARE: Record<string, (page: Page) => Promise<void>> = {
  '/marketplace.html': async (page) => {
    await page.locator('#lname').fill('Maximilienne Delacroix-Fontaine');
    await page.locator('#lemail').fill(`mobile-${Date.now()}@example.com`);
    await page.locator('#signup button[type=submit]').click();
    await expect(page.locator('#landlords tbody tr').first()).toBeVisible({ timeout: 15_000 });
  },
  '/rentals.html': async (page) => {
    const create = page.locator('#demo-landlord');
    if (await create.isVisible()) await create.click();
    await expect(page.locator('#listings li').first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('#balances tbody tr').nth(1)).toBeAttached({ timeout: 15_000 });
  },
  '/pos.html': async (page) => {
    await expect(page.locator('body')).toHaveAttribute('data-pos-ready', 'true', { timeout: 15_000 });
    await page.locator('#menu button').first().click();
  },
};

test.use({ viewport: { width: 375, height: 812 } });

for (const path of PAGES) {
  test(`${path} fits a 375px screen`, async ({ page }) => {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await PREPARE[path]?.(page);
    // Let the components render and the pages fill their lists and tables.
    await page.waitForTimeout(500);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll, `${path} is ${widths.scroll}px wide`).toBeLessThanOrEqual(375);
    for (const select of await page.locator('header.site select').all()) {
      const box = await select.boundingBox();
      expect(box, `a header select on ${path} is laid out`).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    }
  });
}

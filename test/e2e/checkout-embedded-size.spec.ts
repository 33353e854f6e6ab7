// End-to-end: the embedded checkout's iframe takes the height of what it shows, as Stripe's does. The frame's
// <ck-checkout> reports its size to the shim on the merchant page, which sizes the iframe: the Pay button is never cut
// off, the 3D Secure lightbox opened inside the frame gets room for its challenge's buttons, and the frame shrinks
// back once the lightbox is gone.
import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { fillCheckoutCard } from './helpers/checkout-page.ts';

const embeddedIframe = (page: Page): Locator => page.locator('iframe[src*="/c/embedded"]');
const embedded = (page: Page): FrameLocator => page.frameLocator('iframe[src*="/c/embedded"]');

/** The iframe's height on the merchant page, and the height of the frame's content (its <ck-checkout>). */
async function heights(page: Page): Promise<{ iframe: number; content: number }> {
  const iframe = await embeddedIframe(page).evaluate((el) => el.getBoundingClientRect().height);
  const content = await embedded(page).locator('ck-checkout').evaluate((el) => el.getBoundingClientRect().height);
  return { iframe, content };
}

/** Whether `inner`'s box lies within `outer`'s (both in the page's coordinates), to the pixel. */
function within(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }): boolean {
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1 && inner.x >= outer.x - 1 && inner.x + inner.width <= outer.x + outer.width + 1;
}

async function openEmbedded(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/checkout-embedded.html');
  await expect(embedded(page).getByRole('button', { name: /^Pay/ })).toBeVisible({ timeout: 20_000 });
}

test('the iframe grows to its content: the Pay button is inside the frame, nothing scrolls in it', async ({ page }) => {
  await openEmbedded(page);
  await fillCheckoutCard(embedded(page), '4242 4242 4242 4242');
  // The form is taller than the iframe's first 640px: the frame must have followed.
  await expect.poll(async () => {
    const h = await heights(page);
    return h.iframe >= h.content && h.iframe <= h.content + 8;
  }, { timeout: 10_000 }).toBe(true);
  expect((await heights(page)).content).toBeGreaterThan(640);
  const inFrame = await embedded(page).getByRole('button', { name: /^Pay/ }).evaluate((button) => {
    const r = button.getBoundingClientRect();
    const root = document.scrollingElement!;
    return { top: r.top, bottom: r.bottom, viewport: window.innerHeight, scrollable: root.scrollHeight > root.clientHeight, scrolled: root.scrollTop };
  });
  expect(inFrame.scrolled).toBe(0);
  expect(inFrame.scrollable).toBe(false);
  expect(inFrame.top).toBeGreaterThanOrEqual(0);
  expect(inFrame.bottom).toBeLessThanOrEqual(inFrame.viewport);
  // In the merchant page's coordinates, the button lies within the iframe's box.
  const button = await embedded(page).getByRole('button', { name: /^Pay/ }).boundingBox();
  const frameBox = await embeddedIframe(page).boundingBox();
  expect(button && frameBox && within(button, frameBox)).toBe(true);
});

test('3D Secure inside the frame: the challenge buttons are shown whole, and the frame shrinks back after', async ({ page }) => {
  await openEmbedded(page);
  await fillCheckoutCard(embedded(page), '4000 0027 6000 3184');
  await embedded(page).getByLabel('Email').fill('size@example.com');
  await expect.poll(async () => {
    const h = await heights(page);
    return h.iframe >= h.content && h.iframe <= h.content + 8;
  }, { timeout: 10_000 }).toBe(true);
  const before = (await heights(page)).iframe;
  await embedded(page).getByRole('button', { name: /^Pay/ }).click();

  const lightbox = embedded(page).locator('iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]');
  const challenge = embedded(page).frameLocator('iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]').frameLocator('#challengeFrame');
  const fail = challenge.getByRole('button', { name: 'Fail authentication' });
  await expect(fail).toBeVisible({ timeout: 20_000 });
  const cancel = embedded(page).getByRole('dialog').getByRole('button', { name: 'Cancel' });
  // Each of these lies within the lightbox's challenge frame, the dialog and the embedded iframe: none is clipped.
  await expect.poll(async () => {
    const [failBox, completeBox, lightboxBox, frameBox, dialogBox, cancelBox] = await Promise.all([
      fail.boundingBox(),
      challenge.getByRole('button', { name: 'Complete authentication' }).boundingBox(),
      lightbox.boundingBox(),
      embeddedIframe(page).boundingBox(),
      embedded(page).getByRole('dialog').boundingBox(),
      cancel.boundingBox(),
    ]);
    if (!failBox || !completeBox || !lightboxBox || !frameBox || !dialogBox || !cancelBox) return false;
    return within(failBox, lightboxBox) && within(completeBox, lightboxBox) && within(lightboxBox, dialogBox) && within(dialogBox, frameBox) && within(cancelBox, frameBox);
  }, { timeout: 10_000 }).toBe(true);
  // Nothing in the challenge had to scroll to show the buttons, and the challenge has its full 32rem.
  const scrolled = await challenge.locator('html').evaluate(() => document.scrollingElement!.scrollTop);
  expect(scrolled).toBe(0);
  expect(Math.round((await lightbox.boundingBox())!.height)).toBe(512);
  // A checkout shorter than the lightbox (here the form squeezed to 300px) still leaves the lightbox its room.
  await embedded(page).locator('ck-checkout').evaluate((el: HTMLElement) => {
    el.style.setProperty('height', '300px');
    el.style.setProperty('overflow', 'hidden');
  });
  await expect.poll(async () => (await heights(page)).content).toBe(300);
  await page.waitForTimeout(300);
  expect((await heights(page)).iframe).toBeGreaterThanOrEqual(704);
  expect(Math.round((await lightbox.boundingBox())!.height)).toBe(512);
  const [dialogBox, frameBox] = await Promise.all([embedded(page).getByRole('dialog').boundingBox(), embeddedIframe(page).boundingBox()]);
  expect(dialogBox && frameBox && within(dialogBox, frameBox)).toBe(true);
  await embedded(page).locator('ck-checkout').evaluate((el: HTMLElement) => {
    el.style.removeProperty('height');
    el.style.removeProperty('overflow');
  });

  await fail.click();
  await expect(embedded(page).getByRole('dialog')).toHaveCount(0, { timeout: 10_000 });
  // Back to the form's height (with the decline message it may differ a little from before, never by the lightbox).
  await expect.poll(async () => {
    const h = await heights(page);
    return h.iframe >= h.content && h.iframe <= h.content + 8;
  }, { timeout: 10_000 }).toBe(true);
  expect(Math.abs((await heights(page)).iframe - before)).toBeLessThan(200);
});

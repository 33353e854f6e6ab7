// End-to-end: the demo's point of sale (/pos) with the customer's side in <ck-terminal-reader>. A cashier builds a
// sale, shows it on a simulated reader, charges it there (card_present PaymentIntent processed by the reader), and a
// person plays the customer on the reader's screen: tips, approvals, declines by amount and by card, cancellation,
// a busy reader, manual capture, refunds, more than one reader and location. The cashier screen follows webhooks.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';

async function openPos(page: Page): Promise<{ reader: Locator }> {
  await page.goto('/pos.html');
  await expect(page.locator('body')).toHaveAttribute('data-pos-ready', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-pos-live', 'true');
  const reader = page.locator('ck-terminal-reader');
  // Start from a free reader whatever earlier tests left on it.
  await page.getByRole('button', { name: 'Cancel reader action' }).click();
  await expect(reader.locator('[part=device]')).toHaveAttribute('data-screen', /idle|canceled/);
  return { reader };
}

async function add(page: Page, name: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.getByRole('button', { name: `Add ${name}` }).click();
}

async function charge(page: Page, reader: Locator, opts: { tip?: boolean; cancel?: boolean; manual?: boolean } = {}): Promise<void> {
  await page.locator('#opt-tipping').setChecked(opts.tip === true);
  await page.locator('#opt-cancel').setChecked(opts.cancel === true);
  await page.locator('#opt-capture').selectOption(opts.manual ? 'manual' : 'automatic');
  await page.getByRole('button', { name: 'Charge' }).click();
  await expect(page.locator('#status')).toContainText('Waiting for the customer');
  await expect(reader.locator('[part=device]')).toHaveAttribute('data-screen', opts.tip ? 'tipping' : 'collecting');
}

function screen(reader: Locator): Locator {
  return reader.locator('[part=screen]');
}

test.describe('point of sale', () => {
  test('an approved payment with a tip chosen on the reader', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Latte', 2); // 900 + 74 tax = 9.74
    await charge(page, reader, { tip: true });
    await expect(screen(reader)).toContainText('Add a tip?');
    await expect(screen(reader)).toContainText('Tip on $9.00');
    await reader.getByRole('button', { name: '18% ($1.62)' }).click();
    await expect(screen(reader)).toContainText('$11.36');
    await expect(screen(reader)).toContainText('Tap, insert or swipe');
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('Processing');
    await expect(screen(reader)).toContainText('Approved');
    await expect(screen(reader)).toContainText('Visa •••• 4242');
    await expect(page.locator('#status')).toContainText(/Paid \$11\.36|Approved/);
    const receipt = page.locator('#receipt');
    await expect(receipt).toBeVisible();
    await expect(receipt.locator('[data-field=tip]')).toHaveText('$1.62');
    await expect(receipt.locator('[data-field=total]')).toHaveText('$11.36');
    await expect(receipt.locator('[data-field=card]')).toHaveText('Visa •••• 4242');
    await expect(receipt.locator('[data-field=status]')).toHaveText('Paid');
    await expect(page.getByRole('status').filter({ hasText: 'Payment of $11.36 approved.' })).toHaveCount(1);
  });

  test('a total ending in .05 is declined (generic_decline) and the same sale can be retried', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Gift card');
    await add(page, 'Nickel candy'); // 10.05, untaxed
    await charge(page, reader);
    await expect(screen(reader)).toContainText('$10.05');
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('Declined');
    await expect(screen(reader)).toContainText('The card was declined.');
    await expect(page.locator('#status')).toContainText('Declined');
    await expect(page.locator('#log')).toContainText('generic_decline');
    await expect(page.getByRole('button', { name: 'Try again on the reader' })).toBeVisible();
    await expect(page.locator('#receipt')).toBeHidden();
  });

  test('a declining test card is declined with its reason, then another card pays', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Gift card');
    await charge(page, reader);
    await reader.getByLabel('Test card').selectOption('4000000000009995');
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('The card has insufficient funds.');
    await expect(page.locator('#status')).toContainText('Declined');
    await expect(page.locator('#log')).toContainText('insufficient_funds');
    await page.getByRole('button', { name: 'Try again on the reader' }).click();
    await expect(reader.locator('[part=device]')).toHaveAttribute('data-screen', 'collecting');
    await reader.getByLabel('Or type a card number').fill('5555 5555 5555 4444');
    await reader.getByLabel('Or type a card number').press('Enter');
    await expect(screen(reader)).toContainText('Approved');
    await expect(screen(reader)).toContainText('Mastercard •••• 4444');
    await expect(page.locator('#receipt [data-field=total]')).toHaveText('$10.00');
  });

  test('the customer cancels during collection', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Espresso');
    await charge(page, reader, { cancel: true });
    await reader.locator('[part=cancel-button]').click();
    await expect(screen(reader)).toContainText('Transaction canceled');
    await expect(page.locator('#status')).toContainText('The customer canceled the payment.');
  });

  test('the cashier cancels a pending action', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Croissant');
    await charge(page, reader);
    await page.getByRole('button', { name: 'Cancel reader action' }).click();
    await expect(page.locator('#status')).toContainText('Canceled the action');
    await expect(screen(reader)).toContainText('Transaction canceled');
    await expect(reader.getByRole('button', { name: 'Tap card' })).toBeDisabled();
  });

  test('a second charge while the reader collects is refused (terminal_reader_busy)', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Blueberry muffin');
    await charge(page, reader);
    await page.getByRole('button', { name: 'Charge' }).click();
    await expect(page.locator('#error')).toContainText('The reader is busy');
    await expect(reader.locator('[part=device]')).toHaveAttribute('data-screen', 'collecting');
  });

  test('manual capture: authorised on the reader, captured by the cashier', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Club sandwich');
    await charge(page, reader, { manual: true });
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('Approved');
    await expect(page.locator('#receipt [data-field=status]')).toHaveText('Authorized (not captured)');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect(page.locator('#status')).toContainText(/Captured \$10\.28|Paid \$10\.28/);
    await expect(page.locator('#receipt [data-field=status]')).toHaveText('Paid');
  });

  test('a refund after an approved payment', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Cappuccino', 2); // 850 + 70 = 9.20
    await charge(page, reader);
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(page.locator('#receipt')).toBeVisible();
    await page.getByLabel('Refund amount (USD, empty for all)').fill('2.50');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(page.locator('#status')).toContainText('Refunded $2.50');
    await expect(page.locator('#receipt [data-field=refunded]')).toHaveText('$2.50');
  });

  test('an in-person refund on the reader', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Espresso', 2); // 600 + 50 = 6.50
    await charge(page, reader);
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(page.locator('#receipt')).toBeVisible();
    await page.getByRole('button', { name: 'Refund on the reader' }).click();
    await expect(screen(reader)).toContainText('Refund $6.50');
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('Refunded');
    await expect(page.locator('#receipt [data-field=refunded]')).toHaveText('$6.50');
  });

  test('the reader shows the same cart as the cashier', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Latte');
    await add(page, 'Croissant', 2);
    const cashierCart = page.locator('#cart');
    await expect(cashierCart).toContainText('$12.45'); // 450 + 700 = 1150, + 95 tax
    await page.getByRole('button', { name: 'Show on reader' }).click();
    const readerCart = reader.locator('ck-cart');
    await expect(readerCart).toContainText('Latte');
    await expect(readerCart).toContainText('Croissant');
    await expect(readerCart).toContainText('$0.95');
    await expect(readerCart).toContainText('$12.45');
    await expect(readerCart.locator('[part~=item]')).toHaveCount(2);
    await expect(page.locator('#status')).toContainText('The cart is on Front counter.');
  });

  test('more than one location and reader: the customer side follows the chosen reader', async ({ page }) => {
    const { reader } = await openPos(page);
    await expect(page.locator('#reader option')).toHaveCount(2);
    await page.locator('#location').selectOption({ label: 'Airport kiosk' });
    await expect(page.locator('#reader option')).toHaveCount(1);
    await expect(page.locator('#reader')).toContainText('Kiosk');
    const kioskId = await page.locator('#reader').inputValue();
    await expect(reader).toHaveAttribute('reader', kioskId);
    await add(page, 'Espresso');
    await charge(page, reader);
    await reader.getByRole('button', { name: 'Tap card' }).click();
    await expect(screen(reader)).toContainText('Approved');
    await expect(page.locator('#receipt [data-field=reader]')).toHaveText('Kiosk');
    await expect(page.locator('#receipt [data-field=merchant]')).toHaveText('Airport kiosk');
  });

  test('the reader speaks French when the page does', async ({ page }) => {
    const { reader } = await openPos(page);
    await page.locator('#lang').selectOption('fr');
    // The cashier screen follows the language too.
    await page.getByRole('button', { name: 'Ajouter Latte' }).click();
    await page.locator('#opt-cancel').setChecked(false);
    await page.getByRole('button', { name: 'Encaisser' }).click();
    await expect(page.locator('#status')).toContainText('En attente du client');
    await expect(reader.locator('[part=device]')).toHaveAttribute('data-screen', 'collecting');
    await expect(screen(reader)).toContainText('Approchez, insérez ou glissez votre carte');
    await expect(reader.getByRole('button', { name: 'Approcher la carte' })).toBeEnabled();
    await reader.getByRole('button', { name: 'Approcher la carte' }).click();
    await expect(screen(reader)).toContainText('Paiement accepté');
    await expect(page.locator('#receipt [data-field=status]')).toHaveText('Payé');
    await expect(page.locator('#receipt [data-field=card]')).toHaveText('Visa •••• 4242');
  });

  test('has no axe violations on the cashier screen and the reader', async ({ page }) => {
    const { reader } = await openPos(page);
    await add(page, 'Latte');
    await charge(page, reader, { tip: true, cancel: true });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

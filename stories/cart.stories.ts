import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/define/ck-cart.js';
import type { CkCart } from '../src/components/cart/cart.js';
import type { CartItemsInput } from '../src/components/cart/line-items.js';
import {
  checkoutLineItems,
  fiftyItems,
  longNameItems,
  taxedDiscountedItems,
  terminalCart,
  yenItems,
} from './shared/cart-fixtures.js';

interface CartArgs {
  items: CartItemsInput;
  editable: boolean;
  compact: boolean;
  loading: boolean;
  error?: string;
  currency?: string;
  tax?: number;
  total?: number;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  footer: boolean;
}

const cartOf = (canvas: HTMLElement) => canvas.querySelector('ck-cart') as CkCart;
const shadow = (canvas: HTMLElement) => cartOf(canvas).shadowRoot!;
const q = <T extends HTMLElement>(canvas: HTMLElement, sel: string) => shadow(canvas).querySelector<T>(sel)!;
const qa = (canvas: HTMLElement, sel: string) => [...shadow(canvas).querySelectorAll<HTMLElement>(sel)];
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const meta: Meta<CartArgs> = {
  title: 'Components/Cart',
  component: 'ck-cart',
  tags: ['autodocs'],
  args: { items: checkoutLineItems, editable: false, compact: false, loading: false, footer: false },
  argTypes: {
    items: { control: 'object', description: 'Line items (Stripe vocabulary), a list object or a Terminal cart' },
    editable: { control: 'boolean' },
    compact: { control: 'boolean' },
    loading: { control: 'boolean' },
    error: { control: 'text' },
    currency: { control: 'text' },
    tax: { control: 'number' },
    total: { control: 'number' },
    locale: { control: 'text', description: 'Explicit locale; otherwise the closest lang (toolbar)' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    footer: { control: 'boolean', description: 'Show a checkout button in the footer slot' },
  },
  render: (a) => html`<ck-cart
    .items=${a.items}
    ?editable=${a.editable}
    ?compact=${a.compact}
    ?loading=${a.loading}
    error=${ifDefined(a.error)}
    currency=${ifDefined(a.currency)}
    tax=${ifDefined(a.tax)}
    total=${ifDefined(a.total)}
    locale=${ifDefined(a.locale)}
    theme=${ifDefined(a.theme)}
  >
    ${a.footer ? html`<button slot="footer" type="button" class="checkout">Checkout</button>` : nothing}
  </ck-cart>`,
};
export default meta;

type Story = StoryObj<CartArgs>;

/** Read-only summary, as on a checkout page or a receipt. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(norm(q(canvasElement, '[part="total"] dd').textContent)).toBe('$73.00'));
    await expect(qa(canvasElement, 'button, input')).toHaveLength(0);
  },
};

/** Quantity steppers and remove buttons; every edit is a cancelable event. */
export const Editable: Story = { args: { editable: true } };

/** The whole flow with the keyboard: decrease, increase twice, remove; focus follows. */
export const EditableKeyboardFlow: Story = {
  args: { editable: true },
  play: async ({ canvasElement }) => {
    const events: string[] = [];
    const el = cartOf(canvasElement);
    el.addEventListener('ck-cart-quantity-change', (e) => events.push(`qty:${e.detail.quantity}`));
    el.addEventListener('ck-cart-remove', (e) => events.push(`remove:${e.detail.index}`));
    await el.updateComplete;

    q(canvasElement, '[part~="decrement"]').focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    await expect(q(canvasElement, '[part="quantity"]').textContent).toBe('1');

    q(canvasElement, '[part~="increment"]').focus();
    await userEvent.keyboard(' ');
    await el.updateComplete;
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    await expect(q(canvasElement, '[part="quantity"]').textContent).toBe('3');

    qa(canvasElement, '[part="remove-button"]')[0].focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;

    await expect(events).toEqual(['qty:1', 'qty:2', 'qty:3', 'remove:0']);
    await expect(qa(canvasElement, '[part="item-name"]').map((n) => n.textContent)).toEqual(['Ceramic mug', 'Sticker pack']);
    await expect(shadow(canvasElement).activeElement?.getAttribute('aria-label')).toBe('Remove Ceramic mug');
    await waitFor(() => expect(norm(q(canvasElement, '[role="status"]').textContent)).toContain('Cart total: $23.00.'));
  },
};

/** The page vetoes edits (e.g. to price them on its server first): the cart does not change. */
export const EditableVetoedByPage: Story = {
  args: { editable: true, items: checkoutLineItems.slice(0, 1) },
  play: async ({ canvasElement }) => {
    const el = cartOf(canvasElement);
    el.addEventListener('ck-cart-quantity-change', (e) => e.preventDefault());
    await el.updateComplete;
    q(canvasElement, '[part~="increment"]').focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    await expect(q(canvasElement, '[part="quantity"]').textContent).toBe('2');
  },
};

/** Mini-cart: item count and total, expanding to the lines. */
export const Compact: Story = { args: { compact: true } };

export const CompactExpanded: Story = {
  args: { compact: true, editable: true },
  play: async ({ canvasElement }) => {
    const summary = q(canvasElement, '[part="compact-summary"]');
    await expect(norm(summary.textContent)).toBe('6 items · $73.00');
    await userEvent.click(summary);
    await waitFor(() => expect(q<HTMLDetailsElement>(canvasElement, 'details').open).toBe(true));
  },
};

export const Empty: Story = { args: { items: [] } };

export const Loading: Story = { args: { loading: true } };

/** An error the page reports (e.g. the cart could not be fetched). */
export const ErrorState: Story = { name: 'Error', args: { error: 'We could not load your cart. Please try again.' } };

/** Invalid JSON in the items attribute: an error state and a console warning, never a crash. */
export const InvalidJson: Story = {
  render: () => html`<ck-cart items="[{ this is not json"></ck-cart>`,
};

/** Lines in two currencies cannot be summed: an error instead of a wrong total. */
export const MixedCurrencies: Story = {
  args: {
    items: [
      { description: 'Espresso', quantity: 1, unit_amount: 300, currency: 'usd' },
      { description: 'Croissant', quantity: 1, unit_amount: 250, currency: 'eur' },
    ],
  },
};

/** Totals given by the page, as in a Terminal reader display cart. */
export const GivenTotals: Story = { args: { items: terminalCart } };

/** Stripe Tax and a coupon, from Checkout line items' amount_tax and amount_discount. */
export const TaxAndDiscounts: Story = {
  args: { items: taxedDiscountedItems, footer: true },
  play: async ({ canvasElement }) => {
    const rows = qa(canvasElement, '[part="totals"] div').map((d) => `${d.querySelector('dt')!.textContent} ${d.querySelector('dd')!.textContent}`);
    await expect(rows).toEqual(['Subtotal $73.00', 'Discounts -$6.40', 'Tax $5.49', 'Total $72.09']);
  },
};

export const Dark: Story = {
  args: { editable: true, footer: true },
  globals: { theme: 'dark' },
  render: (a, ctx) => html`<div data-ck-theme="dark" style="padding: 1rem; background: #15161c">${meta.render!(a, ctx)}</div>`,
};

export const French: Story = {
  args: { editable: true, items: taxedDiscountedItems },
  globals: { locale: 'fr' },
  render: (a, ctx) => html`<div lang="fr-FR">${meta.render!(a, ctx)}</div>`,
  play: async ({ canvasElement }) => {
    await expect(norm(q(canvasElement, '[part="total"] dt').textContent)).toBe('Total');
    await expect(norm(q(canvasElement, '[part="total"] dd').textContent)).toBe('72,09 $US');
    await expect(q(canvasElement, '[part~="increment"]').getAttribute('aria-label')).toBe(
      'Augmenter la quantité pour Organic cotton T-shirt',
    );
  },
};

/** JPY is zero-decimal: 1500 is ¥1,500, not ¥15.00. */
export const ZeroDecimalCurrency: Story = {
  args: { items: yenItems },
  play: async ({ canvasElement }) => {
    await expect(norm(q(canvasElement, '[part="total"] dd').textContent)).toBe('¥5,980');
  },
};

export const LongNames: Story = { args: { items: longNameItems, editable: true } };

/**
 * In a narrow column (a reader's screen, a sidebar): names wrap between words, never inside one ("Espr|esso"), and
 * the name column keeps the width of its longest word. (An editable cart needs more room: its steppers and remove
 * buttons do not shrink.)
 */
export const NarrowColumn: Story = {
  args: {
    items: [
      { id: 'li_n1', description: 'Cappuccino', quantity: 2, unit_amount: 450, currency: 'usd' },
      { id: 'li_n2', description: 'Espresso', quantity: 1, unit_amount: 300, currency: 'usd' },
      { id: 'li_n3', description: 'Oat milk flat white', quantity: 1, unit_amount: 525, currency: 'usd' },
    ],
  },
  decorators: [(story) => html`<div class="narrow-column" style=${styleMap({ width: '240px' })}>${story()}</div>`],
  play: async ({ canvasElement }) => {
    await cartOf(canvasElement).updateComplete;
    for (const name of qa(canvasElement, '[part="item-name"]')) {
      const words = norm(name.textContent).split(' ');
      const range = document.createRange();
      range.selectNodeContents(name);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      // No more lines than words: no word is split.
      await expect(lines).toBeLessThanOrEqual(words.length);
    }
  },
};

export const FiftyItems: Story = {
  args: { items: fiftyItems, editable: true },
  play: async ({ canvasElement }) => {
    await expect(qa(canvasElement, '[part="item"]')).toHaveLength(50);
  },
};

/** Names are rendered as text: this product's name is markup, and shows as such. */
export const HtmlInNames: Story = {
  args: { items: [{ description: '<img src=x onerror="alert(1)"> <b>Bold?</b>', quantity: 1, unit_amount: 1000, currency: 'usd' }] },
  play: async ({ canvasElement }) => {
    await expect(shadow(canvasElement).querySelectorAll('img, b')).toHaveLength(0);
  },
};

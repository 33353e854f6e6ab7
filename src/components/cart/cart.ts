import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { CkElement } from '../../shared/ck-element.js';
import { emit } from '../../shared/events.js';
import { cartMessages } from '../../shared/messages/cart.js';
import { formatAmount } from '../../shared/money.js';
import { cartStyles } from './cart.styles.js';
import { CkCartChangeEvent, CkCartQuantityChangeEvent, CkCartRemoveEvent } from './cart-events.js';
import {
  summarize,
  withQuantity,
  type CartItemsInput,
  type CartLine,
  type CartLineItem,
  type CartProblem,
  type CartSummary,
} from './line-items.js';

type Msgs = typeof cartMessages.en;

/**
 * A cart display in Stripe's line item vocabulary: a read-only summary for checkout pages, receipts and reader
 * screens, an editable cart with quantity steppers and remove buttons, or a compact mini-cart.
 *
 * **Who owns the cart.** The page does. Every edit is first dispatched as a cancelable event
 * (`ck-cart-quantity-change`, `ck-cart-remove`). If no listener calls `preventDefault()`, the cart applies the edit
 * optimistically: it sets `items` to a new array (the page's objects are never mutated), clears the given
 * `subtotal` / `discount` / `tax` / `total` (they described the old items; totals are then computed) and dispatches
 * `ck-cart-change` with the new array. Pages that price changes on their server call `preventDefault()` and set
 * `items` (and totals) themselves when the server answers. Either way, setting `items` always wins.
 *
 * **Totals.** Line amounts are `amount_subtotal` when given, else unit price × quantity; discounts and taxes come
 * from `amount_discount` / `amount_tax` (tax is added unless the price's `tax_behavior` is `inclusive`). Cart-level
 * `subtotal`, `discount`, `tax` and `total` (or a Terminal cart's `tax` / `total`) replace computed figures. A cart
 * that mixes currencies, or whose items cannot be read, shows an error rather than a wrong sum.
 *
 * Focus is not delegated: clicking text in the cart should not move focus to the first stepper. After a removal,
 * focus moves to the next line's remove button, else the previous line's, else the empty-state message.
 *
 * @summary Cart display: line items, quantities and totals, read-only, editable or compact.
 * @tag ck-cart
 *
 * @slot header - Above the lines, e.g. a heading.
 * @slot footer - Below the totals, e.g. a checkout button.
 * @slot empty - Replaces the "Your cart is empty." message.
 *
 * @event {CkCartQuantityChangeEvent} ck-cart-quantity-change - Cancelable. A quantity change was requested: `detail` `{item, index, quantity, previousQuantity}`.
 * @event {CkCartRemoveEvent} ck-cart-remove - Cancelable. A removal was requested: `detail` `{item, index}`.
 * @event {CkCartChangeEvent} ck-cart-change - An edit was applied: `detail` `{items, reason}`.
 *
 * @csspart base - The cart's box.
 * @csspart table - The table of lines.
 * @csspart item - A line (table row).
 * @csspart item-image - A line's image.
 * @csspart item-name - A line's name.
 * @csspart item-meta - A line's unit price and discount.
 * @csspart item-quantity - A line's quantity cell.
 * @csspart item-total - A line's amount cell.
 * @csspart stepper - The quantity stepper (editable).
 * @csspart stepper-button - The decrease and increase buttons (also `decrement` / `increment`).
 * @csspart quantity - The quantity between the stepper buttons (editable).
 * @csspart remove-button - A line's remove button (editable).
 * @csspart totals - The totals list.
 * @csspart total - The final total row.
 * @csspart compact-summary - The mini-cart's summary line (compact).
 * @csspart empty - The empty state.
 * @csspart error - The error message.
 * @csspart skeleton - The loading placeholder.
 *
 * @cssprop [--ck-cart-background=var(--ck-color-background)] - Background of the cart.
 * @cssprop [--ck-cart-muted-color=var(--ck-color-muted)] - Secondary text (headers, unit prices, labels).
 * @cssprop [--ck-cart-accent-color=var(--ck-color-primary)] - Stepper and remove buttons.
 * @cssprop [--ck-cart-border-color=var(--ck-color-border)] - Outer border and row dividers (steppers use `--ck-color-border-strong`).
 * @cssprop [--ck-cart-radius=var(--ck-radius)] - Corner radius.
 * @cssprop [--ck-cart-padding=calc(var(--ck-space) * 4)] - Inner padding.
 * @cssprop [--ck-cart-gap=calc(var(--ck-space) * 3)] - Space between rows and columns.
 * @cssprop [--ck-cart-image-size=48px] - Size of line images.
 * @cssprop [--ck-cart-total-font-size=var(--ck-font-size-large)] - Size of the total.
 * @cssprop [--ck-cart-shadow=none] - Box shadow of the cart.
 */
export class CkCart extends CkElement {
  static override styles = [CkElement.styles, cartStyles];

  static override properties: PropertyDeclarations = {
    items: { attribute: false },
    itemsJson: { attribute: 'items' },
    currency: {},
    subtotal: { type: Number },
    discount: { type: Number },
    tax: { type: Number },
    total: { type: Number },
    editable: { type: Boolean, reflect: true },
    compact: { type: Boolean, reflect: true },
    loading: { type: Boolean, reflect: true },
    error: {},
    maxQuantity: { type: Number, attribute: 'max-quantity' },
  };

  /**
   * The lines: an array of line items (see `CartLineItem`), a Stripe list object (`{ data: [...] }`) or a
   * Terminal-style cart (`{ currency, line_items, tax, total }`). Also settable as JSON through the `items`
   * attribute.
   */
  items: CartItemsInput = [];

  /** JSON form of `items` (attribute `items`). Invalid JSON puts the cart in its error state and logs a warning. */
  itemsJson?: string;

  /** Currency (ISO code, any case) of lines that carry none, as in a Terminal cart, and of an empty cart. */
  currency?: string;

  /** Given subtotal in minor units; replaces the computed one. */
  subtotal?: number;

  /** Given total discount in minor units; replaces the computed one. */
  discount?: number;

  /** Given tax in minor units; replaces the computed one (and shows a tax line even when 0). */
  tax?: number;

  /** Given total in minor units; replaces the computed one. */
  total?: number;

  /** Quantity steppers and remove buttons. */
  editable = false;

  /** Mini-cart: a one-line summary (item count and total) that expands to the full cart. */
  compact = false;

  /** Shows a placeholder and marks the cart busy while the page fetches it. */
  loading = false;

  /** An error message to show instead of the lines (e.g. "We couldn't load your cart."). */
  error?: string;

  /** Highest quantity a stepper allows when a line has no `adjustable_quantity.maximum`. Default 99, as Stripe. */
  maxQuantity?: number;

  // Set in willUpdate, so they render in the same update without being reactive.
  #jsonError: string | null = null;
  #announcement = '';

  #summary: CartSummary = summarize([]);
  /** What the live region last stated (the total sentence, or the empty-cart one); null before the first render. */
  #announced: string | null = null;
  #pendingNote: string | null = null;
  #focusIndex: number | null = null;

  /** The computed lines and totals (or the problem preventing them) as currently displayed. */
  get cart(): CartSummary {
    return this.#summary;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The locale controller resolves in hostUpdate, after willUpdate: resolve now so announcements use this locale.
    this.i18n.hostUpdate();
    if (changed.has('itemsJson')) {
      this.#jsonError = null;
      try {
        this.items = JSON.parse(this.itemsJson?.trim() || '[]') as CartItemsInput;
      } catch (e) {
        this.#jsonError = (e as Error).message;
        console.warn('<ck-cart>: the items attribute is not valid JSON:', this.#jsonError);
      }
    } else if (changed.has('items')) {
      this.#jsonError = null;
    }
    // The element's currency, subtotal, discount, tax, total and maxQuantity are the given figures.
    this.#summary = summarize(this.items, this);
    const s = this.#summary;
    if (s.ok && !this.#jsonError && !this.loading && !this.error && (s.currency || s.lines.length === 0)) {
      // Announce the total when it changes after the first render, with what changed it when the cart did; a cart
      // left with no lines says so instead (a total would read as if something were still in it).
      const m = this.i18n.messages(cartMessages);
      const said = s.lines.length === 0 ? m.empty : m.totalUpdated({ total: this.#money(s.total, s.currency!) });
      if (this.#announced != null && (said !== this.#announced || this.#pendingNote)) {
        this.#announcement = `${this.#pendingNote ?? ''} ${said}`.trim();
      }
      this.#announced = said;
    }
    this.#pendingNote = null;
  }

  protected override updated(): void {
    if (this.#focusIndex == null) return;
    const i = this.#focusIndex;
    this.#focusIndex = null;
    const buttons = this.renderRoot.querySelectorAll<HTMLElement>('.remove');
    const target = buttons[Math.min(i, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('.empty');
    target?.focus();
  }

  #money(amount: number, currency: string): string {
    return formatAmount(amount, currency, this.i18n.locale);
  }

  protected override render(): TemplateResult {
    const m = this.i18n.messages(cartMessages);
    const s = this.#summary;
    let body: TemplateResult;
    if (this.loading) {
      body = html`<div part="skeleton" class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div><span class="visually-hidden">${m.loading}</span>`;
    } else if (this.error || this.#jsonError || !s.ok) {
      const message =
        this.error ||
        (this.#jsonError != null
          ? m.errorInvalidJson({ reason: this.#jsonError })
          : this.#problemText(m, s));
      body = html`<div part="error" class="error" role="alert">${message}</div>`;
    } else if (s.lines.length === 0) {
      body = html`<div part="empty" class="empty" tabindex="-1"><slot name="empty">${m.empty}</slot></div>`;
    } else {
      const content = html`${this.#renderTable(m, s)}${this.#renderTotals(m, s)}`;
      body = this.compact
        ? html`<details><summary part="compact-summary">${m.itemCount({ count: s.count })} · ${this.#money(s.total, s.currency!)}</summary>${content}</details>`
        : content;
    }
    return html`<div part="base" class="base" aria-busy=${String(this.loading)}><slot name="header"></slot>${body}<slot name="footer"></slot><div class="visually-hidden" role="status">${this.#announcement}</div></div>`;
  }

  #problemText(m: Msgs, s: CartSummary): string {
    // Every problem key names a message that takes the problem itself as parameters.
    return s.ok ? '' : (m[s.problem.key] as (p: CartProblem) => string)(s.problem);
  }

  #renderTable(m: Msgs, s: Extract<CartSummary, { ok: true }>): TemplateResult {
    return html`<table part="table"><caption class="visually-hidden">${m.caption}</caption>
      <thead><tr><th scope="col">${m.columnItem}</th><th scope="col" class="qty">${m.columnQuantity}</th><th scope="col" class="num">${m.columnAmount}</th>${this.editable
        ? html`<th scope="col"><span class="visually-hidden">${m.columnActions}</span></th>`
        : nothing}</tr></thead>
      <tbody>${s.lines.map((line) => this.#renderLine(m, line))}</tbody></table>`;
  }

  #renderTotals(m: Msgs, s: Extract<CartSummary, { ok: true }>): TemplateResult {
    const c = s.currency!;
    const row = (label: string, amount: number, total?: boolean) =>
      html`<div part=${total ? 'total' : nothing} class=${total ? 'total' : nothing}><dt>${label}</dt><dd>${this.#money(amount, c)}</dd></div>`;
    return html`<dl part="totals">${row(m.subtotal, s.subtotal)}${s.discount > 0 ? row(m.discount, -s.discount) : nothing}${s.showTax
      ? row(s.taxInclusive ? m.taxIncluded : m.tax, s.tax)
      : nothing}${row(m.total, s.total, true)}</dl>`;
  }

  #renderLine(m: Msgs, line: CartLine): TemplateResult {
    const name = line.name ?? m.untitledItem;
    const meta: string[] = [];
    if (line.unitAmount != null && line.quantity !== 1) meta.push(m.unitPrice({ price: this.#money(line.unitAmount, line.currency) }));
    if (line.discount > 0) meta.push(m.itemDiscount({ amount: this.#money(-line.discount, line.currency) }));
    const step = (by: number, label: string, disabled: boolean, glyph: string) =>
      html`<button type="button" part="stepper-button ${by < 0 ? 'decrement' : 'increment'}" aria-label=${label}
        aria-disabled=${String(disabled)} @click=${() => this.#requestQuantity(line, line.quantity + by)}><span aria-hidden="true">${glyph}</span></button>`;
    return html`<tr part="item">
      <th scope="row"><div class="line">
        ${line.image ? html`<img part="item-image" src=${line.image} alt=${line.imageAlt} loading="lazy" />` : nothing}
        <div><span part="item-name" class="name">${name}</span>
        ${meta.length ? html`<span part="item-meta" class="meta">${meta.join(' · ')}</span>` : nothing}</div>
      </div></th>
      <td part="item-quantity" class="qty">${this.editable && line.adjustable
        ? html`<div part="stepper" class="stepper">
            ${step(-1, m.decrease({ name }), line.quantity <= line.min, '−')}
            <span part="quantity">${line.quantity}</span>
            ${step(1, m.increase({ name }), line.quantity >= line.max, '+')}
          </div>`
        : line.quantity}</td>
      <td part="item-total" class="num">${this.#money(line.subtotal, line.currency)}</td>
      ${this.editable
        ? html`<td class="num"><button type="button" part="remove-button" class="remove" aria-label=${m.remove({ name })}
            @click=${() => this.#requestRemove(line)}>${m.removeText}</button></td>`
        : nothing}
    </tr>`;
  }

  #currentItems(): CartLineItem[] {
    return this.#summary.ok ? this.#summary.lines.map((l) => l.item) : [];
  }

  /**
   * Asks for `quantity` on `line` (clamped to its bounds): dispatches `ck-cart-quantity-change` and applies it
   * unless canceled. Returns whether the cart changed.
   */
  #requestQuantity(line: CartLine, quantity: number): boolean {
    const q = Math.min(line.max, Math.max(line.min, quantity));
    if (q === line.quantity) return false;
    const detail = { item: line.item, index: line.index, quantity: q, previousQuantity: line.quantity };
    if (!emit(this, new CkCartQuantityChangeEvent(detail))) return false;
    const items = this.#currentItems().map((it, i) => (i === line.index ? withQuantity(it, q) : it));
    const m = this.i18n.messages(cartMessages);
    this.#apply(items, 'quantity', m.quantityChanged({ name: line.name ?? m.untitledItem, quantity: q }));
    return true;
  }

  #requestRemove(line: CartLine): void {
    if (!emit(this, new CkCartRemoveEvent({ item: line.item, index: line.index }))) return;
    const items = this.#currentItems().filter((_, i) => i !== line.index);
    const m = this.i18n.messages(cartMessages);
    this.#focusIndex = line.index;
    this.#apply(items, 'remove', m.removed({ name: line.name ?? m.untitledItem }));
  }

  #apply(items: CartLineItem[], reason: 'quantity' | 'remove', note: string): void {
    this.items = items;
    this.subtotal = this.discount = this.tax = this.total = undefined;
    this.#pendingNote = note;
    emit(this, new CkCartChangeEvent({ items, reason }));
  }
}

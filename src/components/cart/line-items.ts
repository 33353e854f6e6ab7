/**
 * Pure cart arithmetic for `<ck-cart>`: reads line items in Stripe's vocabulary and computes line and cart totals.
 * No DOM, no side effects; exported for tests and for pages that want the same numbers.
 *
 * @module
 */
import { isCurrencyCode } from '../../shared/money.js';

/** Product fields a line item may carry (Stripe `Product`, expanded, or `product_data`). */
export interface CartProduct {
  name?: string | null;
  images?: readonly string[] | null;
}

/**
 * One line of the cart, in Stripe's line item vocabulary. Accepted shapes (all optional fields, combine freely):
 * - Checkout Session line items (`checkout.sessions.listLineItems`): `description`, `quantity`, `currency`,
 *   `amount_subtotal`, `amount_discount`, `amount_tax`, `amount_total`, `price.unit_amount`,
 *   `price.product` (expanded, for its `name` and `images`), `price.tax_behavior`, `adjustable_quantity`;
 * - Checkout Session creation params: `price_data.{currency, unit_amount, tax_behavior, product_data.{name, images}}`;
 * - Terminal `set_reader_display` cart lines: `description`, `quantity`, `amount` (the price of one item);
 * - plain shop data: `name`, `unit_amount`, `currency`, `image`, `image_alt`.
 *
 * Amounts are integers in the currency's minor unit (1099 USD is $10.99, 1099 JPY is ¥1,099).
 */
export interface CartLineItem {
  /** Stable identifier (Stripe `li_...`); echoed back in events. */
  id?: string;
  /** Display name (Stripe's line item `description`, which defaults to the product name). */
  description?: string | null;
  /** Display name for plain shop data when `description` is absent. */
  name?: string | null;
  /** Quantity; defaults to 1 when absent or null. */
  quantity?: number | null;
  /** Price of one unit. */
  unit_amount?: number | null;
  /** Terminal cart: the price of one item. */
  amount?: number | null;
  /** Line amount before discounts and (exclusive) taxes; computed as unit × quantity when absent. */
  amount_subtotal?: number | null;
  amount_discount?: number | null;
  amount_tax?: number | null;
  amount_total?: number | null;
  /** Three-letter ISO code, any case; defaults to the cart's `currency`. */
  currency?: string | null;
  /** Image URL (http(s), relative, or `data:image/`); defaults to the product's first image. */
  image?: string | null;
  /** Text alternative for the image. Defaults to empty (decorative) because the name is shown next to it. */
  image_alt?: string | null;
  price?: {
    id?: string;
    currency?: string | null;
    unit_amount?: number | null;
    tax_behavior?: string | null;
    product?: string | CartProduct | null;
  } | null;
  price_data?: {
    currency?: string | null;
    unit_amount?: number | null;
    tax_behavior?: string | null;
    product_data?: CartProduct | null;
  } | null;
  product_data?: CartProduct | null;
  /** Stripe Checkout's quantity bounds; `enabled: false` hides the stepper of this line in editable mode. */
  adjustable_quantity?: { enabled?: boolean | null; minimum?: number | null; maximum?: number | null } | null;
}

/** A Terminal `set_reader_display` cart, or any object with the same fields. */
export interface CartSource {
  line_items?: readonly CartLineItem[] | { data?: readonly CartLineItem[] } | null;
  /** A Stripe list object (`{ object: 'list', data: [...] }`) as returned by `listLineItems`. */
  data?: readonly CartLineItem[] | null;
  currency?: string | null;
  tax?: number | null;
  total?: number | null;
}

/** What `<ck-cart>`'s `items` accepts: an array of lines, a Stripe list object, or a Terminal-style cart. */
export type CartItemsInput = readonly CartLineItem[] | CartSource;

/** A line as displayed. */
export interface CartLine {
  /** The item exactly as given (events carry it). */
  item: CartLineItem;
  index: number;
  /** Display name, or null when the item has none (shown as "Untitled item"). */
  name: string | null;
  quantity: number;
  unitAmount: number | null;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
  image: string | null;
  imageAlt: string;
  /** Quantity bounds for the stepper. */
  min: number;
  max: number;
  adjustable: boolean;
}

/** A failure to read the cart, as a message key of the cart's catalogue section and its parameters. */
export type CartProblem =
  | { key: 'errorNotList' }
  | { key: 'errorMixedCurrencies'; currencies: string }
  | { key: 'errorMissingCurrency' | 'errorInvalidItem'; name: string };

/** The computed cart, or the problem that prevents computing it. */
export type CartSummary =
  | {
      ok: true;
      lines: CartLine[];
      /** Lowercase currency, or null for an empty cart without a `currency`. */
      currency: string | null;
      /** Sum of quantities. */
      count: number;
      subtotal: number;
      discount: number;
      tax: number;
      /** True when tax is included in prices (every taxed line has `tax_behavior: 'inclusive'`). */
      taxInclusive: boolean;
      /** True when a tax figure should be shown (given, or some line has tax). */
      showTax: boolean;
      total: number;
    }
  | { ok: false; problem: CartProblem };

/** Cart-level figures given by the page; each one, when a number, replaces the computed value. */
export interface CartGivenTotals {
  currency?: string | null;
  subtotal?: number | null;
  discount?: number | null;
  tax?: number | null;
  total?: number | null;
  /** Upper bound for steppers when a line has no `adjustable_quantity.maximum` (Stripe's default is 99). */
  maxQuantity?: number | null;
}

const count = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const num = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** Reads the array of lines and the source's own totals out of any accepted input. */
export function linesOf(input: unknown): { items: readonly CartLineItem[]; source: CartGivenTotals } | null {
  const src = (input ?? []) as CartSource;
  const li = src.line_items as { data?: unknown } | undefined;
  const items = Array.isArray(src) ? src : Array.isArray(li) ? li : (li?.data ?? src.data);
  return Array.isArray(items) ? { items, source: { currency: src.currency, tax: num(src.tax), total: num(src.total) } } : null;
}

/** Price fields of an item: its `price` (a Stripe Price) or its `price_data` (creation params). */
const priceOf = (item: CartLineItem) => item.price || item.price_data || {};

function productOf(item: CartLineItem): CartProduct | null | undefined {
  const price = priceOf(item) as { product?: unknown; product_data?: CartProduct };
  return (typeof price.product === 'object' && (price.product as CartProduct)) || price.product_data || item.product_data;
}

/** The display name of an item, or null. */
export function itemName(item: CartLineItem): string | null {
  const n = item.description ?? item.name ?? productOf(item)?.name;
  return typeof n === 'string' && n.trim() ? n : null;
}

function unitOf(item: CartLineItem): number | null {
  return item.unit_amount ?? priceOf(item).unit_amount ?? item.amount ?? null;
}

/** Computes lines and totals. Never throws: bad data comes back as `{ ok: false, problem }`. */
export function summarize(input: unknown, given: CartGivenTotals = {}): CartSummary {
  const read = linesOf(input);
  const fail = (problem: CartProblem): CartSummary => ({ ok: false, problem });
  if (!read) return fail({ key: 'errorNotList' });
  const defaultCurrency = given.currency ?? read.source.currency;
  const currencies = new Set<string>(defaultCurrency ? [defaultCurrency.toLowerCase()] : []);
  const lines: CartLine[] = [];
  for (const [index, item] of read.items.entries()) {
    if (!item || typeof item !== 'object') return fail({ key: 'errorNotList' });
    const price = priceOf(item);
    const name = itemName(item);
    const label = name ?? `#${index + 1}`;
    const currency = String(item.currency ?? price.currency ?? defaultCurrency ?? '').toLowerCase();
    if (!currency) return fail({ key: 'errorMissingCurrency', name: label });
    currencies.add(currency);
    const quantity = item.quantity ?? 1;
    const unitAmount = unitOf(item);
    const subtotal = item.amount_subtotal ?? (unitAmount != null ? Math.round(unitAmount * quantity) : null);
    const discount = item.amount_discount ?? 0;
    const tax = item.amount_tax ?? 0;
    const taxInclusive = price.tax_behavior === 'inclusive';
    const total = item.amount_total ?? subtotal! - discount + (taxInclusive ? 0 : tax);
    if (
      !isCurrencyCode(currency) ||
      ![quantity, subtotal, discount, tax].every(count) ||
      !((num(unitAmount) ?? 0) >= 0) ||
      !Number.isInteger(total)
    )
      return fail({ key: 'errorInvalidItem', name: label });
    const bounds = item.adjustable_quantity;
    const max = Math.max(1, bounds?.maximum ?? given.maxQuantity ?? 99);
    const image = item.image ?? productOf(item)?.images?.[0];
    lines.push({
      item,
      index,
      name,
      quantity,
      unitAmount,
      currency,
      subtotal: subtotal!,
      discount,
      tax,
      taxInclusive,
      total,
      // Keep http(s), relative and data:image URLs; drop other schemes (javascript: ...).
      image: typeof image === 'string' && !/^\s*(?!https?:|data:image\/)[a-z][\w+.-]*:/i.test(image) ? image : null,
      imageAlt: item.image_alt ?? '',
      min: Math.min(max, Math.max(1, bounds?.minimum ?? 1)),
      max,
      adjustable: bounds?.enabled !== false,
    });
  }
  if (currencies.size > 1) return fail({ key: 'errorMixedCurrencies', currencies: [...currencies].join(', ').toUpperCase() });
  const sum = (f: (l: CartLine) => number) => lines.reduce((a, l) => a + f(l), 0);
  const taxed = lines.filter((l) => l.tax);
  const givenTax = num(given.tax) ?? read.source.tax;
  const subtotal = num(given.subtotal) ?? sum((l) => l.subtotal);
  const discount = num(given.discount) ?? sum((l) => l.discount);
  const tax = givenTax ?? sum((l) => l.tax);
  const taxInclusive = givenTax == null && taxed.length > 0 && taxed.every((l) => l.taxInclusive);
  return {
    ok: true,
    lines,
    currency: [...currencies][0] ?? null,
    count: sum((l) => l.quantity),
    subtotal,
    discount,
    tax,
    taxInclusive,
    showTax: givenTax != null || taxed.length > 0,
    total:
      num(given.total) ??
      read.source.total ??
      (givenTax != null || given.subtotal != null || given.discount != null
        ? subtotal - discount + (taxInclusive ? 0 : tax)
        : sum((l) => l.total)),
  };
}

/**
 * A copy of `item` with a new quantity, for optimistic edits: the unit price is kept, `amount_subtotal` is
 * recomputed (or scaled when no unit price is known), `amount_tax` and `amount_discount` are scaled in proportion
 * (an estimate until the page sends authoritative figures) and the stale `amount_total` is dropped.
 */
export function withQuantity(item: CartLineItem, quantity: number): CartLineItem {
  const previous = item.quantity ?? 1;
  const copy: CartLineItem = { ...item, quantity };
  delete copy.amount_total;
  if (unitOf(item) != null) delete copy.amount_subtotal;
  for (const k of ['amount_subtotal', 'amount_tax', 'amount_discount'] as const) {
    const v = copy[k];
    if (v != null && previous) copy[k] = Math.round((v * quantity) / previous);
  }
  return copy;
}

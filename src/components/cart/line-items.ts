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
    unit_amount_decimal?: string | null;
    tax_behavior?: string | null;
    product?: string | CartProduct | null;
  } | null;
  price_data?: {
    currency?: string | null;
    unit_amount?: number | null;
    unit_amount_decimal?: string | null;
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

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);
const num = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** Reads the array of lines and the source's own totals out of any accepted input. */
export function linesOf(input: unknown): { items: readonly CartLineItem[]; source: CartGivenTotals } | null {
  if (input == null) return { items: [], source: {} };
  if (Array.isArray(input)) return { items: input, source: {} };
  if (typeof input !== 'object') return null;
  const src = input as CartSource;
  const li = src.line_items;
  const items = Array.isArray(li) ? li : Array.isArray(src.data) ? src.data : li && Array.isArray((li as { data?: unknown }).data) ? (li as { data: CartLineItem[] }).data : null;
  if (!items) return null;
  return { items, source: { currency: src.currency, tax: num(src.tax), total: num(src.total) } };
}

function productOf(item: CartLineItem): CartProduct | null {
  const p = item.price?.product;
  return (p && typeof p === 'object' ? p : null) ?? item.price_data?.product_data ?? item.product_data ?? null;
}

/** The display name of an item, or null. */
export function itemName(item: CartLineItem): string | null {
  const n = item.description ?? item.name ?? productOf(item)?.name;
  return typeof n === 'string' && n.trim() ? n : null;
}

/** Accepts http(s), protocol-relative and relative URLs and `data:image/...`; anything else is dropped. */
function safeImage(url: unknown): string | null {
  if (typeof url !== 'string' || !url.trim()) return null;
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return url;
  if (scheme === 'http' || scheme === 'https') return url;
  return scheme === 'data' && /^\s*data:image\//i.test(url) ? url : null;
}

function unitOf(item: CartLineItem): number | null {
  const candidates = [
    item.unit_amount,
    item.price?.unit_amount,
    item.price?.unit_amount_decimal != null ? Number(item.price.unit_amount_decimal) : null,
    item.price_data?.unit_amount,
    item.price_data?.unit_amount_decimal != null ? Number(item.price_data.unit_amount_decimal) : null,
    item.amount,
  ];
  for (const c of candidates) if (c != null) return c;
  return null;
}

/** Computes lines and totals. Never throws: bad data comes back as `{ ok: false, problem }`. */
export function summarize(input: unknown, given: CartGivenTotals = {}): CartSummary {
  const read = linesOf(input);
  if (!read) return { ok: false, problem: { key: 'errorNotList' } };
  const defaultCurrency = (given.currency ?? read.source.currency ?? '').toLowerCase() || null;
  const currencies = new Set<string>(defaultCurrency ? [defaultCurrency] : []);
  const lines: CartLine[] = [];
  for (const [index, item] of read.items.entries()) {
    if (!item || typeof item !== 'object') return { ok: false, problem: { key: 'errorNotList' } };
    const name = itemName(item);
    const label = name ?? `#${index + 1}`;
    const currency = (item.currency ?? item.price?.currency ?? item.price_data?.currency ?? defaultCurrency ?? '')
      .toString()
      .toLowerCase();
    if (!currency) return { ok: false, problem: { key: 'errorMissingCurrency', name: label } };
    if (!isCurrencyCode(currency)) return { ok: false, problem: { key: 'errorInvalidItem', name: label } };
    currencies.add(currency);
    const quantity = item.quantity ?? 1;
    const unit = unitOf(item);
    const subtotal = item.amount_subtotal ?? (unit != null && isInt(quantity) ? Math.round(unit * quantity) : null);
    const discount = item.amount_discount ?? 0;
    const tax = item.amount_tax ?? 0;
    const valid =
      isInt(quantity) &&
      quantity >= 0 &&
      (unit == null || (num(unit) != null && unit >= 0)) &&
      isInt(subtotal) &&
      isInt(discount) &&
      discount >= 0 &&
      isInt(tax) &&
      tax >= 0 &&
      (item.amount_total == null || isInt(item.amount_total));
    if (!valid) return { ok: false, problem: { key: 'errorInvalidItem', name: label } };
    const taxInclusive = (item.price?.tax_behavior ?? item.price_data?.tax_behavior) === 'inclusive';
    const product = productOf(item);
    const aq = item.adjustable_quantity;
    const max = Math.max(1, aq?.maximum ?? given.maxQuantity ?? 99);
    lines.push({
      item,
      index,
      name,
      quantity,
      unitAmount: unit,
      currency,
      subtotal: subtotal as number,
      discount,
      tax,
      taxInclusive,
      total: item.amount_total ?? (subtotal as number) - discount + (taxInclusive ? 0 : tax),
      image: safeImage(item.image ?? product?.images?.[0]),
      imageAlt: typeof item.image_alt === 'string' ? item.image_alt : '',
      min: Math.min(max, Math.max(1, aq?.minimum ?? 1)),
      max,
      adjustable: aq?.enabled !== false,
    });
  }
  if (currencies.size > 1) {
    const list = [...currencies].map((c) => c.toUpperCase()).join(', ');
    return { ok: false, problem: { key: 'errorMixedCurrencies', currencies: list } };
  }
  const sum = (f: (l: CartLine) => number) => lines.reduce((a, l) => a + f(l), 0);
  const taxed = lines.filter((l) => l.tax > 0);
  const givenTax = num(given.tax) ?? read.source.tax ?? null;
  const givenTotal = num(given.total) ?? read.source.total ?? null;
  const subtotal = num(given.subtotal) ?? sum((l) => l.subtotal);
  const discount = num(given.discount) ?? sum((l) => l.discount);
  const tax = givenTax ?? sum((l) => l.tax);
  const taxInclusive = givenTax == null && taxed.length > 0 && taxed.every((l) => l.taxInclusive);
  const computedTotal =
    givenTax != null || given.subtotal != null || given.discount != null
      ? subtotal - discount + (taxInclusive ? 0 : tax)
      : sum((l) => l.total);
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
    total: givenTotal ?? computedTotal,
  };
}

/**
 * A copy of `item` with a new quantity, for optimistic edits: the unit price is kept, `amount_subtotal` is
 * recomputed (or scaled when no unit price is known), `amount_tax` and `amount_discount` are scaled in proportion
 * (an estimate until the page sends authoritative figures) and the stale `amount_total` is dropped.
 */
export function withQuantity(item: CartLineItem, quantity: number): CartLineItem {
  const previous = item.quantity ?? 1;
  const scale = (v: number | null | undefined) => (v == null || previous === 0 ? v : Math.round((v * quantity) / previous));
  const copy: CartLineItem = { ...item, quantity };
  delete copy.amount_total;
  if (unitOf(item) != null) delete copy.amount_subtotal;
  else copy.amount_subtotal = scale(item.amount_subtotal);
  if (item.amount_tax != null) copy.amount_tax = scale(item.amount_tax);
  if (item.amount_discount != null) copy.amount_discount = scale(item.amount_discount);
  return copy;
}

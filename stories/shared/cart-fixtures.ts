// Sample carts for stories, in Stripe's line item shapes. Images are inline SVG data URIs, so stories need no network.
import type { CartLineItem } from '../../src/components/cart/line-items.js';

/** A square SVG swatch as a data URI (stands in for a product photo). */
export function swatch(color: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="6" fill="${color}"/><circle cx="24" cy="20" r="9" fill="#fff" fill-opacity=".55"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Lines as `checkout.sessions.listLineItems` returns them (price.product expanded). */
export const checkoutLineItems: CartLineItem[] = [
  {
    id: 'li_1Sbt5kArjlc3ZiD0',
    description: 'Organic cotton T-shirt',
    quantity: 2,
    currency: 'usd',
    amount_subtotal: 5000,
    amount_discount: 0,
    amount_tax: 0,
    amount_total: 5000,
    price: { id: 'price_tshirt', unit_amount: 2500, currency: 'usd', product: { name: 'Organic cotton T-shirt', images: [swatch('#4f45d6')] } },
  },
  {
    id: 'li_1Sbt5kArjlc3ZiD1',
    description: 'Ceramic mug',
    quantity: 1,
    currency: 'usd',
    amount_subtotal: 1400,
    amount_discount: 0,
    amount_tax: 0,
    amount_total: 1400,
    price: { id: 'price_mug', unit_amount: 1400, currency: 'usd', product: { name: 'Ceramic mug', images: [swatch('#16703a')] } },
  },
  {
    id: 'li_1Sbt5kArjlc3ZiD2',
    description: 'Sticker pack',
    quantity: 3,
    currency: 'usd',
    amount_subtotal: 900,
    amount_discount: 0,
    amount_tax: 0,
    amount_total: 900,
    price: { id: 'price_sticker', unit_amount: 300, currency: 'usd', product: { name: 'Sticker pack', images: [swatch('#855500')] } },
  },
];

/** The same lines with Stripe Tax and a coupon applied (amounts as Checkout computes them). */
export const taxedDiscountedItems: CartLineItem[] = [
  { ...checkoutLineItems[0], amount_discount: 500, amount_tax: 371, amount_total: 4871 },
  { ...checkoutLineItems[1], amount_discount: 140, amount_tax: 104, amount_total: 1364 },
  { ...checkoutLineItems[2], amount_discount: 0, amount_tax: 74, amount_total: 974 },
];

/** A Terminal `set_reader_display` cart: line `amount` is the price of one item; tax and total are given. */
export const terminalCart = {
  currency: 'usd',
  line_items: [
    { description: 'Caramel latte', amount: 659, quantity: 1 },
    { description: 'Dozen donuts', amount: 1239, quantity: 1 },
  ],
  tax: 100,
  total: 1998,
};

/** Yen is zero-decimal: 1500 is ¥1,500. */
export const yenItems: CartLineItem[] = [
  { description: 'Matcha (100 g)', quantity: 2, unit_amount: 1500, currency: 'jpy', image: swatch('#16703a') },
  { description: 'Furoshiki wrapping cloth', quantity: 1, unit_amount: 2980, currency: 'jpy', image: swatch('#b4182b') },
];

export const longNameItems: CartLineItem[] = [
  {
    description:
      'Limited-edition hand-thrown stoneware pour-over coffee dripper with matching double-walled borosilicate carafe, bamboo lid and 100 unbleached paper filters (gift boxed)',
    quantity: 1,
    unit_amount: 8900,
    currency: 'eur',
    image: swatch('#596070'),
  },
  {
    description: 'Supercalifragilisticexpialidociousunbreakablewordwithoutanyspacesatall',
    quantity: 2,
    unit_amount: 1250,
    currency: 'eur',
  },
];

/** 50 lines, for long-cart layout and performance. */
export const fiftyItems: CartLineItem[] = Array.from({ length: 50 }, (_, i) => ({
  id: `li_${String(i + 1).padStart(3, '0')}`,
  description: `Item number ${i + 1}`,
  quantity: (i % 3) + 1,
  unit_amount: 199 + i * 37,
  currency: 'usd',
}));

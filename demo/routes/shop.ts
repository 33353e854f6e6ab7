// The shop's backend: prices live here, never in the browser. The page sends a cart id and product ids with
// quantities; the server computes the amount from its own catalogue and creates (or reuses, or updates) one
// PaymentIntent per cart with the official `stripe` SDK. Fulfilment happens only when the signed webhook says
// the payment succeeded; the success page polls for it. Client secrets are never logged.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { DemoContext } from '../context.ts';
import type { Order } from '../store.ts';

export interface Product {
  id: string;
  name: { en: string; fr: string };
  unitAmount: number;
  currency: string;
}

/** The server-side catalogue: the only source of prices. */
export const SHOP_CATALOGUE: readonly Product[] = [
  { id: 'tee', name: { en: 'Organic cotton T-shirt', fr: 'T-shirt en coton bio' }, unitAmount: 2500, currency: 'usd' },
  { id: 'mug', name: { en: 'Enamel mug', fr: 'Tasse émaillée' }, unitAmount: 1200, currency: 'usd' },
  { id: 'cap', name: { en: 'Embroidered cap', fr: 'Casquette brodée' }, unitAmount: 1800, currency: 'usd' },
];

const CART_ID = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_LINES = 20;
const MAX_QUANTITY = 99;

interface CartLine {
  id: string;
  quantity: number;
}

interface CartRecord {
  orderId: string;
  paymentIntentId: string;
  hash: string;
}

export class CartError extends Error {}

/** Validates the browser's cart against the catalogue and prices it. Throws CartError with a readable message. */
export function priceCart(raw: unknown): { lines: CartLine[]; amount: number; currency: string; hash: string } {
  if (!Array.isArray(raw) || raw.length === 0) throw new CartError('The cart is empty.');
  if (raw.length > MAX_LINES) throw new CartError(`A cart holds at most ${MAX_LINES} lines.`);
  const merged = new Map<string, number>();
  for (const item of raw) {
    const id = (item as { id?: unknown })?.id;
    const quantity = (item as { quantity?: unknown })?.quantity;
    if (typeof id !== 'string' || !SHOP_CATALOGUE.some((p) => p.id === id)) throw new CartError(`Unknown product: ${String(id).slice(0, 40)}`);
    if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > MAX_QUANTITY) {
      throw new CartError(`Quantity must be a whole number from 1 to ${MAX_QUANTITY}.`);
    }
    merged.set(id, (merged.get(id) ?? 0) + (quantity as number));
  }
  const lines = [...merged].map(([id, quantity]) => ({ id, quantity: Math.min(quantity, MAX_QUANTITY) })).sort((a, b) => a.id.localeCompare(b.id));
  let amount = 0;
  for (const line of lines) amount += SHOP_CATALOGUE.find((p) => p.id === line.id)!.unitAmount * line.quantity;
  const hash = createHash('sha256').update(JSON.stringify(lines)).digest('hex').slice(0, 16);
  return { lines, amount, currency: 'usd', hash };
}

const UPDATABLE: ReadonlySet<string> = new Set(['requires_payment_method', 'requires_confirmation']);

export function shopRoutes(ctx: DemoContext): Hono {
  const app = new Hono();
  const carts = new Map<string, CartRecord>();

  const orderItems = (lines: CartLine[]): Order['items'] =>
    lines.map((l) => {
      const p = SHOP_CATALOGUE.find((x) => x.id === l.id)!;
      return { id: p.id, name: p.name.en, quantity: l.quantity, unitAmount: p.unitAmount };
    });

  ctx.onWebhook('payment_intent.succeeded', (event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    const order = ctx.store.orderByPaymentIntent(pi.id);
    if (!order || order.status === 'paid') return;
    if (pi.amount_received !== order.amount || pi.currency !== order.currency) {
      console.error(`order ${order.id}: paid amount ${pi.amount_received} ${pi.currency} does not match ${order.amount} ${order.currency}`);
      return;
    }
    order.status = 'paid';
    order.fulfilledAt = Date.now();
  });
  app.get('/shop', (c) => c.redirect('/shop.html'));

  app.get('/api/shop/catalogue', (c) =>
    c.json({ data: SHOP_CATALOGUE.map((p) => ({ id: p.id, name: p.name, unit_amount: p.unitAmount, currency: p.currency })) }),
  );

  /** Creates or reuses the cart's PaymentIntent. Body: `{cartId, items: [{id, quantity}]}` -> `{clientSecret, amount, currency}`. */
  app.post('/api/shop/payment-intent', async (c) => {
    let body: { cartId?: unknown; items?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'Send JSON: {"cartId": "...", "items": [{"id": "tee", "quantity": 1}]}' }, 400);
    }
    const cartId = body.cartId;
    if (typeof cartId !== 'string' || !CART_ID.test(cartId)) return c.json({ error: 'cartId must be 8 to 64 letters, digits, - or _.' }, 400);
    let priced: ReturnType<typeof priceCart>;
    try {
      priced = priceCart(body.items);
    } catch (err) {
      if (err instanceof CartError) return c.json({ error: err.message }, 400);
      throw err;
    }
    const metadata = { cart_id: cartId, cart_hash: priced.hash };
    const existing = carts.get(cartId);
    let pi: Stripe.PaymentIntent | null = null;
    if (existing) {
      const current = await ctx.stripe.paymentIntents.retrieve(existing.paymentIntentId);
      if (current.status === 'succeeded' || current.status === 'processing' || current.status === 'requires_capture') {
        return c.json({ error: 'This cart has already been paid.', paymentIntent: current.id }, 409);
      }
      if (existing.hash === priced.hash && current.status !== 'canceled') {
        pi = current; // unchanged cart: same intent, same secret
      } else if (UPDATABLE.has(current.status)) {
        pi = await ctx.stripe.paymentIntents.update(
          current.id,
          { amount: priced.amount, metadata },
          { idempotencyKey: `shop-update-${cartId}-${priced.hash}` },
        );
      }
    }
    if (!pi) {
      pi = await ctx.stripe.paymentIntents.create(
        {
          amount: priced.amount,
          currency: priced.currency,
          automatic_payment_methods: { enabled: true },
          description: 'checkout-kit demo shop',
          metadata,
        },
        { idempotencyKey: `shop-cart-${cartId}-${priced.hash}` },
      );
    }
    const orderId = existing?.orderId ?? `order_${cartId}`;
    carts.set(cartId, { orderId, paymentIntentId: pi.id, hash: priced.hash });
    const order: Order = ctx.store.orders.get(orderId) ?? {
      id: orderId,
      amount: priced.amount,
      currency: priced.currency,
      items: [],
      status: 'pending',
      createdAt: Date.now(),
    };
    order.paymentIntentId = pi.id;
    order.amount = pi.amount;
    order.currency = pi.currency;
    order.items = orderItems(priced.lines);
    ctx.store.orders.set(orderId, order);
    c.header('Cache-Control', 'no-store');
    return c.json({ clientSecret: pi.client_secret, amount: pi.amount, currency: pi.currency });
  });

  /** The success page asks for its order; the client secret proves the customer owns the PaymentIntent. */
  app.get('/api/shop/orders/:paymentIntent', async (c) => {
    const id = c.req.param('paymentIntent');
    const secret = c.req.query('client_secret') ?? '';
    if (!/^pi_[A-Za-z0-9]+$/.test(id)) return c.json({ error: 'Unknown order.' }, 404);
    let pi: Stripe.PaymentIntent;
    try {
      pi = await ctx.stripe.paymentIntents.retrieve(id);
    } catch {
      return c.json({ error: 'Unknown order.' }, 404);
    }
    if (!secret || pi.client_secret !== secret) return c.json({ error: 'Unknown order.' }, 404);
    const order = ctx.store.orderByPaymentIntent(id);
    c.header('Cache-Control', 'no-store');
    return c.json({
      paymentIntent: { id: pi.id, status: pi.status, amount: pi.amount, currency: pi.currency },
      order: order
        ? { id: order.id, status: order.status, fulfilled: Boolean(order.fulfilledAt), items: order.items, amount: order.amount, currency: order.currency }
        : null,
    });
  });

  return app;
}

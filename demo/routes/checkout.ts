// Checkout flows of the demo merchant, written with the official `stripe` SDK as a merchant would:
// - hosted: POST /checkout/session creates a Checkout Session (ui_mode hosted_page) and redirects to its `url`;
// - embedded: POST /api/checkout/embedded creates one with ui_mode embedded_page and answers its client_secret,
//   which the page hands to <ck-checkout>;
// - fulfilment: the verified `checkout.session.completed` webhook marks the order paid; pages read the order.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { DemoContext } from '../context.ts';
import type { Order } from '../store.ts';

/** The merchant's catalogue: prices are decided here, never by the browser. */
export const CHECKOUT_CATALOGUE = [
  { id: 'tee', name: 'Organic cotton T-shirt', unitAmount: 2500 },
  { id: 'mug', name: 'Enamel mug', unitAmount: 1200 },
  { id: 'cap', name: 'Embroidered cap', unitAmount: 1800 },
] as const;

function itemsFrom(raw: Record<string, unknown>): Order['items'] {
  const items: Order['items'] = [];
  for (const product of CHECKOUT_CATALOGUE) {
    const q = Number(raw[`qty_${product.id}`] ?? 0);
    if (Number.isInteger(q) && q > 0 && q <= 20) items.push({ id: product.id, name: product.name, quantity: q, unitAmount: product.unitAmount });
  }
  return items.length ? items : [{ id: 'tee', name: CHECKOUT_CATALOGUE[0].name, quantity: 1, unitAmount: CHECKOUT_CATALOGUE[0].unitAmount }];
}

function lineItems(items: Order['items']): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return items.map((i) => ({ quantity: i.quantity, price_data: { currency: 'usd', unit_amount: i.unitAmount, product_data: { name: i.name } } }));
}

function newOrder(ctx: DemoContext, items: Order['items'], sessionId: string): Order {
  const order: Order = {
    id: `ord_${Math.random().toString(36).slice(2, 10)}`,
    checkoutSessionId: sessionId,
    amount: items.reduce((s, i) => s + i.unitAmount * i.quantity, 0),
    currency: 'usd',
    items,
    status: 'pending',
    createdAt: Date.now(),
  };
  ctx.store.orders.set(order.id, order);
  return order;
}

function orderBySession(ctx: DemoContext, sessionId: string): Order | undefined {
  for (const o of ctx.store.orders.values()) if (o.checkoutSessionId === sessionId) return o;
  return undefined;
}

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]+$/;

/** The customer's language on the demo, passed to Checkout so its page speaks it too (else Stripe's `auto`). */
function locale(raw: Record<string, unknown>): { locale?: Stripe.Checkout.SessionCreateParams.Locale } {
  return raw.lang === 'fr' ? { locale: 'fr' } : raw.lang === 'en' ? { locale: 'en' } : {};
}

export function checkoutRoutes(ctx: DemoContext): Hono {
  const app = new Hono();

  // Fulfilment happens here, from the signed event, not from the browser's redirect.
  ctx.onWebhook('checkout.session.completed', (event) => {
    const session = event.data.object as Stripe.Checkout.Session;
    const order = orderBySession(ctx, session.id);
    if (!order) return;
    order.paymentIntentId = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? undefined);
    if (session.payment_status === 'paid' && order.status === 'pending') {
      order.status = 'paid';
      order.fulfilledAt = Date.now();
    }
  });
  ctx.onWebhook('checkout.session.expired', (event) => {
    const order = orderBySession(ctx, (event.data.object as Stripe.Checkout.Session).id);
    if (order && order.status === 'pending') order.status = 'failed';
  });

  app.get('/checkout', (c) => c.redirect('/checkout.html'));

  app.post('/checkout/session', async (c) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const items = itemsFrom(form);
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: lineItems(items),
      success_url: `${ctx.baseUrl}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ctx.baseUrl}/checkout.html?canceled=1`,
      metadata: { source: 'checkout-kit demo' },
      ...locale(form),
    });
    newOrder(ctx, items, session.id);
    return c.redirect(session.url!, 303);
  });

  app.post('/api/checkout/embedded', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const items = itemsFrom(body);
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'embedded_page',
      line_items: lineItems(items),
      return_url: `${ctx.baseUrl}/checkout-success.html?session_id={CHECKOUT_SESSION_ID}`,
      ...locale(body),
    } as Stripe.Checkout.SessionCreateParams);
    newOrder(ctx, items, session.id);
    return c.json({ clientSecret: session.client_secret });
  });

  // What the success page shows: the session as Stripe reports it, and whether the webhook fulfilled the order.
  app.get('/api/checkout/session/:id', async (c) => {
    const id = c.req.param('id');
    if (!SESSION_ID.test(id)) return c.json({ error: 'Invalid session id' }, 400);
    let session: Stripe.Checkout.Session;
    try {
      session = await ctx.stripe.checkout.sessions.retrieve(id);
    } catch {
      return c.json({ error: 'No such session' }, 404);
    }
    const order = orderBySession(ctx, id);
    return c.json({
      id: session.id,
      status: session.status,
      payment_status: session.payment_status,
      amount_total: session.amount_total,
      currency: session.currency,
      customer_email: session.customer_details?.email ?? null,
      order: order ? { id: order.id, status: order.status, fulfilled: order.fulfilledAt !== undefined } : null,
    });
  });

  return app;
}

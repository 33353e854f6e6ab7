// The point-of-sale demo (/pos): a cashier screen that builds a cart, shows it on a Terminal reader, charges it with
// a card_present PaymentIntent processed by the reader (server-driven, official `stripe` SDK), captures manual
// payments, prints a receipt, refunds, and cancels reader actions. Webhooks (terminal.reader.action_*, payment and
// refund events) are forwarded to the cashier's browser over Server-Sent Events (`GET /api/pos/events`).
//
// The customer's side is <ck-terminal-reader>: it asks `POST /api/pos/reader-token` for a reader-scoped token that
// this backend obtains from the simulator with its secret key (the browser never sees the key).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import Stripe from 'stripe';
import type { DemoContext } from '../context.ts';

/** The menu, priced on the server (the browser sends product ids and quantities only). */
export const POS_MENU = [
  { id: 'espresso', name: 'Espresso', amount: 300, taxable: true },
  { id: 'latte', name: 'Latte', amount: 450, taxable: true },
  { id: 'cappuccino', name: 'Cappuccino', amount: 425, taxable: true },
  { id: 'croissant', name: 'Croissant', amount: 350, taxable: true },
  { id: 'muffin', name: 'Blueberry muffin', amount: 375, taxable: true },
  { id: 'sandwich', name: 'Club sandwich', amount: 950, taxable: true },
  // Untaxed, so totals can end in Terminal's test amounts (.01 call_issuer, .05 generic_decline ...).
  { id: 'gift-card', name: 'Gift card', amount: 1000, taxable: false },
  { id: 'penny', name: 'Penny candy', amount: 1, taxable: false },
  { id: 'nickel', name: 'Nickel candy', amount: 5, taxable: false },
  { id: 'pin-candy', name: 'PIN candy', amount: 55, taxable: false },
] as const;

/** Sales tax applied to taxable lines (8.25%, rounded to the cent). */
export const POS_TAX_RATE = 0.0825;
const CURRENCY = 'usd';

const LOCATIONS = [
  {
    key: 'downtown', display_name: 'Downtown café',
    address: { line1: '500 Market Street', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' },
    readers: [
      { key: 'counter', code: 'simulated-wpe', label: 'Front counter' },
      { key: 'bar', code: 'simulated-s700', label: 'Espresso bar' },
    ],
  },
  {
    key: 'airport', display_name: 'Airport kiosk',
    address: { line1: '780 S Airport Blvd', city: 'San Francisco', state: 'CA', postal_code: '94128', country: 'US' },
    readers: [{ key: 'kiosk', code: 'simulated-wpe', label: 'Kiosk' }],
  },
] as const;

interface CartItem {
  id: string;
  quantity: number;
}

interface PricedCart {
  currency: string;
  line_items: { description: string; amount: number; quantity: number }[];
  subtotal: number;
  tax: number;
  total: number;
}

/** Prices a cart from product ids; throws on unknown products or bad quantities. */
export function priceCart(items: unknown): PricedCart {
  if (!Array.isArray(items) || items.length === 0) throw new PosError(400, 'The cart is empty.');
  const line_items = (items as CartItem[]).map((it) => {
    const product = POS_MENU.find((p) => p.id === it?.id);
    const quantity = Number(it?.quantity);
    if (!product) throw new PosError(400, `Unknown product: ${String(it?.id).slice(0, 40)}`);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) throw new PosError(400, `Invalid quantity for ${product.name}.`);
    return { description: product.name, amount: product.amount, quantity, taxable: product.taxable };
  });
  const subtotal = line_items.reduce((s, l) => s + l.amount * l.quantity, 0);
  const taxable = line_items.filter((l) => l.taxable).reduce((s, l) => s + l.amount * l.quantity, 0);
  const tax = Math.round(taxable * POS_TAX_RATE);
  return {
    currency: CURRENCY,
    line_items: line_items.map(({ description, amount, quantity }) => ({ description, amount, quantity })),
    subtotal, tax, total: subtotal + tax,
  };
}

class PosError extends Error {
  constructor(readonly status: 400 | 404 | 409 | 502, message: string, readonly code?: string) {
    super(message);
  }
}

interface PosReader {
  id: string;
  label: string;
  device_type: string;
  location: string | null;
  action: Stripe.Terminal.Reader.Action | null;
}

interface PosSetup {
  locations: { id: string; display_name: string }[];
  readers: PosReader[];
}

function readerView(r: Stripe.Terminal.Reader): PosReader {
  return {
    id: r.id, label: r.label, device_type: r.device_type,
    location: typeof r.location === 'string' ? r.location : (r.location?.id ?? null), action: r.action,
  };
}

export function posRoutes(ctx: DemoContext): Hono {
  const app = new Hono();
  const stripe = ctx.stripe;
  const clients = new Set<(data: Record<string, unknown>) => void>();
  let setup: Promise<PosSetup> | null = null;

  /** Finds or creates the demo's locations and readers (tagged with metadata, so restarts reuse them). */
  async function ensureSetup(): Promise<PosSetup> {
    const locations: PosSetup['locations'] = [];
    const readers: PosReader[] = [];
    const existingLocations: Stripe.Terminal.Location[] = [];
    for await (const l of stripe.terminal.locations.list({ limit: 100 })) existingLocations.push(l);
    for (const spec of LOCATIONS) {
      let loc = existingLocations.find((l) => l.metadata?.pos_demo === spec.key);
      loc ??= await stripe.terminal.locations.create({ display_name: spec.display_name, address: spec.address, metadata: { pos_demo: spec.key } });
      locations.push({ id: loc.id, display_name: loc.display_name });
      const existing: Stripe.Terminal.Reader[] = [];
      for await (const r of stripe.terminal.readers.list({ location: loc.id, limit: 100 })) existing.push(r);
      for (const rs of spec.readers) {
        let reader = existing.find((r) => r.metadata?.pos_demo === rs.key);
        reader ??= await stripe.terminal.readers.create({ registration_code: rs.code, label: rs.label, location: loc.id, metadata: { pos_demo: rs.key } });
        readers.push(readerView(reader));
      }
    }
    return { locations, readers };
  }

  function broadcast(data: Record<string, unknown>): void {
    for (const send of clients) send(data);
  }

  // Webhooks update the cashier screen.
  const forward = (event: Stripe.Event) => {
    const obj = event.data.object as unknown as Record<string, unknown>;
    if (event.type.startsWith('terminal.reader.')) {
      const r = obj as unknown as Stripe.Terminal.Reader;
      broadcast({ event: event.id, type: event.type, reader: r.id, action: r.action });
    } else if (event.type.startsWith('payment_intent.')) {
      const pi = obj as unknown as Stripe.PaymentIntent;
      if (!pi.payment_method_types?.includes('card_present') && !(pi as { allowed_payment_method_types?: string[] }).allowed_payment_method_types?.includes('card_present')) return;
      broadcast({ event: event.id, type: event.type, payment_intent: pi.id, status: pi.status, amount: pi.amount, amount_received: pi.amount_received });
    } else if (event.type === 'charge.refunded') {
      const ch = obj as unknown as Stripe.Charge;
      broadcast({ event: event.id, type: event.type, payment_intent: ch.payment_intent, amount_refunded: ch.amount_refunded });
    }
  };
  for (const type of [
    'terminal.reader.action_succeeded', 'terminal.reader.action_failed', 'terminal.reader.action_updated',
    'payment_intent.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.payment_failed', 'payment_intent.canceled',
    'charge.refunded',
  ] as const) {
    ctx.onWebhook(type, forward);
  }

  const handle = async (c: { json: (b: unknown, s?: 200 | 400 | 404 | 409 | 502) => Response }, fn: () => Promise<unknown>): Promise<Response> => {
    try {
      return c.json(await fn());
    } catch (e) {
      if (e instanceof PosError) return c.json({ error: { message: e.message, code: e.code ?? null } }, e.status);
      if (e instanceof Stripe.errors.StripeError) {
        const status = e.code === 'terminal_reader_busy' ? 409 : e.statusCode === 404 ? 404 : 400;
        return c.json({ error: { message: e.message, code: e.code ?? null, type: e.type } }, status);
      }
      console.error('pos:', (e as Error).message);
      return c.json({ error: { message: 'The payment service is unavailable.', code: null } }, 502);
    }
  };

  async function readJson(req: Request): Promise<Record<string, unknown>> {
    try {
      const v: unknown = await req.json();
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  function str(v: unknown, name: string, prefix: string): string {
    if (typeof v !== 'string' || !v.startsWith(prefix) || v.length > 255) throw new PosError(400, `Invalid ${name}.`);
    return v;
  }

  app.get('/pos', (c) => c.redirect('/pos.html'));

  app.get('/api/pos/setup', (c) =>
    handle(c, async () => {
      setup ??= ensureSetup().catch((e: unknown) => {
        setup = null;
        throw e;
      });
      const s = await setup;
      // Fresh reader states (actions change).
      const readers = await Promise.all(s.readers.map(async (r) => readerView((await stripe.terminal.readers.retrieve(r.id)) as Stripe.Terminal.Reader)));
      return {
        locations: s.locations, readers, menu: POS_MENU, tax_rate: POS_TAX_RATE, currency: CURRENCY, simulator: ctx.simulatorUrl !== undefined,
      };
    }),
  );

  app.post('/api/pos/quote', (c) => handle(c, async () => priceCart((await readJson(c.req.raw)).items)));

  app.post('/api/pos/readers/:id/display', (c) =>
    handle(c, async () => {
      const body = await readJson(c.req.raw);
      const cart = priceCart(body.items);
      const reader = await stripe.terminal.readers.setReaderDisplay(str(c.req.param('id'), 'reader', 'tmr_'), {
        type: 'cart', cart: { currency: cart.currency, line_items: cart.line_items, tax: cart.tax, total: cart.total },
      });
      return { reader: readerView(reader), cart };
    }),
  );

  app.post('/api/pos/charge', (c) =>
    handle(c, async () => {
      const body = await readJson(c.req.raw);
      const readerId = str(body.reader, 'reader', 'tmr_');
      const cart = priceCart(body.items);
      const manual = body.capture === 'manual';
      const paymentIntent = await stripe.paymentIntents.create({
        amount: cart.total,
        currency: cart.currency,
        allowed_payment_method_types: ['card_present'],
        capture_method: manual ? 'manual' : 'automatic',
        description: `POS sale: ${cart.line_items.map((l) => `${l.quantity} × ${l.description}`).join(', ')}`.slice(0, 1000),
        metadata: { pos: 'true', subtotal: String(cart.subtotal), tax: String(cart.tax) },
      } as Stripe.PaymentIntentCreateParams);
      const processConfig: Stripe.Terminal.ReaderProcessPaymentIntentParams.ProcessConfig = {
        enable_customer_cancellation: body.customerCancellation === true,
      };
      if (body.tipping === true) processConfig.tipping = { amount_eligible: cart.subtotal };
      else processConfig.skip_tipping = true;
      try {
        const reader = await stripe.terminal.readers.processPaymentIntent(readerId, { payment_intent: paymentIntent.id, process_config: processConfig });
        return { payment_intent: paymentIntent.id, amount: cart.total, reader: readerView(reader), cart };
      } catch (e) {
        // The reader refused (busy ...): don't leave an orphan intent behind.
        await stripe.paymentIntents.cancel(paymentIntent.id).catch(() => undefined);
        throw e;
      }
    }),
  );

  app.post('/api/pos/payments/:id/retry', (c) =>
    handle(c, async () => {
      const body = await readJson(c.req.raw);
      const reader = await stripe.terminal.readers.processPaymentIntent(str(body.reader, 'reader', 'tmr_'), {
        payment_intent: str(c.req.param('id'), 'payment intent', 'pi_'),
        process_config: body.tipping === true
          ? { tipping: { amount_eligible: Number(body.amountEligible) || undefined }, enable_customer_cancellation: body.customerCancellation === true }
          : { skip_tipping: true, enable_customer_cancellation: body.customerCancellation === true },
      });
      return { reader: readerView(reader) };
    }),
  );

  app.post('/api/pos/readers/:id/cancel', (c) =>
    handle(c, async () => ({ reader: readerView((await stripe.terminal.readers.cancelAction(str(c.req.param('id'), 'reader', 'tmr_'))) as Stripe.Terminal.Reader) })),
  );

  app.get('/api/pos/readers/:id', (c) =>
    handle(c, async () => ({ reader: readerView((await stripe.terminal.readers.retrieve(str(c.req.param('id'), 'reader', 'tmr_'))) as Stripe.Terminal.Reader) })),
  );

  app.post('/api/pos/payments/:id/capture', (c) =>
    handle(c, async () => {
      const pi = await stripe.paymentIntents.capture(str(c.req.param('id'), 'payment intent', 'pi_'));
      return { payment_intent: pi.id, status: pi.status, amount_received: pi.amount_received };
    }),
  );

  app.post('/api/pos/payments/:id/cancel', (c) =>
    handle(c, async () => {
      const pi = await stripe.paymentIntents.cancel(str(c.req.param('id'), 'payment intent', 'pi_'));
      return { payment_intent: pi.id, status: pi.status };
    }),
  );

  app.post('/api/pos/payments/:id/refund', (c) =>
    handle(c, async () => {
      const body = await readJson(c.req.raw);
      const id = str(c.req.param('id'), 'payment intent', 'pi_');
      const amount = body.amount === undefined || body.amount === null ? undefined : Number(body.amount);
      if (amount !== undefined && (!Number.isInteger(amount) || amount < 1)) throw new PosError(400, 'Invalid refund amount.');
      if (body.reader) {
        // In-person refund: the customer presents the card on the reader.
        const reader = await stripe.terminal.readers.refundPayment(str(body.reader, 'reader', 'tmr_'), { payment_intent: id, amount });
        return { reader: readerView(reader) };
      }
      const refund = await stripe.refunds.create({ payment_intent: id, amount });
      return { refund: { id: refund.id, amount: refund.amount, status: refund.status } };
    }),
  );

  app.get('/api/pos/payments/:id', (c) =>
    handle(c, async () => {
      const pi = await stripe.paymentIntents.retrieve(str(c.req.param('id'), 'payment intent', 'pi_'), { expand: ['latest_charge'] });
      const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
      const cp = charge?.payment_method_details?.card_present ?? charge?.payment_method_details?.interac_present ?? null;
      return {
        id: pi.id, status: pi.status, amount: pi.amount, amount_received: pi.amount_received, amount_capturable: pi.amount_capturable,
        currency: pi.currency, tip: pi.amount_details?.tip?.amount ?? 0, description: pi.description,
        subtotal: Number(pi.metadata?.subtotal ?? 0), tax: Number(pi.metadata?.tax ?? 0),
        last_payment_error: pi.last_payment_error ? { code: pi.last_payment_error.code, decline_code: pi.last_payment_error.decline_code, message: pi.last_payment_error.message } : null,
        charge: charge
          ? {
            id: charge.id, created: charge.created, amount_refunded: charge.amount_refunded, captured: charge.captured,
            card: cp
              ? {
                brand: cp.brand, last4: cp.last4, read_method: cp.read_method,
                authorization_code: cp.receipt?.authorization_code ?? null, application_preferred_name: cp.receipt?.application_preferred_name ?? null,
                dedicated_file_name: cp.receipt?.dedicated_file_name ?? null, account_type: cp.receipt?.account_type ?? null,
              }
              : null,
          }
          : null,
      };
    }),
  );

  // The reader token for <ck-terminal-reader>: obtained with the secret key, handed to the browser.
  app.post('/api/pos/reader-token', (c) =>
    handle(c, async () => {
      if (!ctx.simulatorUrl) throw new PosError(404, 'Reader screens are only available on the simulator.');
      const body = await readJson(c.req.raw);
      const reader = str(body.reader, 'reader', 'tmr_');
      const token = (await stripe.rawRequest('POST', `/_sim/terminal/readers/${encodeURIComponent(reader)}/client_token`, {})) as Record<string, unknown>;
      return { token: token.token, stream_url: token.stream_url, customer_url: token.customer_url, screen_url: token.screen_url, expires_at: token.expires_at };
    }),
  );

  // Webhook-driven updates for the cashier screen.
  app.get('/api/pos/events', (c) =>
    streamSSE(c, async (stream) => {
      let open = true;
      const send = (data: Record<string, unknown>) => {
        if (open) void stream.writeSSE({ event: 'update', data: JSON.stringify(data) }).catch(() => undefined);
      };
      clients.add(send);
      stream.onAbort(() => {
        open = false;
        clients.delete(send);
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (open) {
        await stream.sleep(15_000);
        if (open) await stream.write(': keep-alive\n\n').catch(() => undefined);
      }
    }),
  );

  return app;
}

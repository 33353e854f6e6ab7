// The merchant's webhook receiver: verify the signature on the raw body, drop duplicates, dispatch.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { DemoContext, WebhookHandler } from '../context.ts';

export class WebhookRouter {
  private readonly handlers = new Map<string, WebhookHandler[]>();

  on(type: string, handler: WebhookHandler): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
  }

  async dispatch(event: Stripe.Event): Promise<void> {
    for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
      await handler(event);
    }
  }
}

export function webhookRoutes(ctx: DemoContext, router: WebhookRouter): Hono {
  const app = new Hono();

  app.post('/webhooks/stripe', async (c) => {
    const signature = c.req.header('stripe-signature');
    if (!signature) return c.json({ error: 'Missing Stripe-Signature header' }, 400);
    const payload = await c.req.text();
    let event: Stripe.Event;
    try {
      event = await ctx.stripe.webhooks.constructEventAsync(payload, signature, ctx.webhookSecret);
    } catch (err) {
      return c.json({ error: `Webhook signature verification failed: ${(err as Error).message}` }, 400);
    }
    if (!ctx.store.markEventProcessed(event.id, event.type)) {
      return c.json({ received: true, duplicate: true });
    }
    try {
      await router.dispatch(event);
    } catch (err) {
      // Let Stripe retry: forget the event so the retry is processed.
      ctx.store.processedEvents.delete(event.id);
      console.error(`webhook ${event.type} ${event.id} failed: ${(err as Error).message}`);
      return c.json({ error: 'handler failed' }, 500);
    }
    return c.json({ received: true });
  });

  app.get('/api/webhook-log', (c) => c.json({ data: ctx.store.webhookLog }));

  return app;
}

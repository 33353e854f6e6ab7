// What every demo route module receives: the merchant's Stripe client and configuration.
import type Stripe from 'stripe';
import type { DemoStore } from './store.ts';

export type WebhookHandler = (event: Stripe.Event) => void | Promise<void>;

export interface DemoContext {
  /** The official `stripe` client, pointed at the embedded simulator or at real Stripe. */
  stripe: Stripe;
  /** Publishable key handed to the browser (never the secret key). */
  publishableKey: string;
  /** The simulator's origin when running on it, `undefined` on real Stripe. */
  simulatorUrl: string | undefined;
  /** Public base URL of the demo site, e.g. http://localhost:4242. */
  baseUrl: string;
  /** Signing secret of the webhook endpoint that points at this demo. */
  webhookSecret: string;
  /** The merchant's own records (orders, fulfilment, processed events). */
  store: DemoStore;
  /** Subscribes to verified, de-duplicated webhook events (`'*'` for all). */
  onWebhook(type: Stripe.Event.Type | '*', handler: WebhookHandler): void;
}

// The merchant's own records. In memory: the demo restarts clean, and Stripe (or the simulator) keeps the truth.

export interface Order {
  id: string;
  paymentIntentId?: string;
  checkoutSessionId?: string;
  amount: number;
  currency: string;
  items: { id: string; name: string; quantity: number; unitAmount: number }[];
  status: 'pending' | 'paid' | 'failed' | 'refunded';
  fulfilledAt?: number;
  createdAt: number;
}

export interface WebhookLogEntry {
  eventId: string;
  type: string;
  receivedAt: number;
  duplicate: boolean;
}

export class DemoStore {
  readonly orders = new Map<string, Order>();
  readonly processedEvents = new Set<string>();
  readonly webhookLog: WebhookLogEntry[] = [];

  /** Records an event id; returns false when it was seen before (webhooks can be delivered twice). */
  markEventProcessed(eventId: string, type: string): boolean {
    const fresh = !this.processedEvents.has(eventId);
    this.processedEvents.add(eventId);
    this.webhookLog.unshift({ eventId, type, receivedAt: Date.now(), duplicate: !fresh });
    if (this.webhookLog.length > 200) this.webhookLog.length = 200;
    return fresh;
  }

  orderByPaymentIntent(paymentIntentId: string): Order | undefined {
    for (const order of this.orders.values()) if (order.paymentIntentId === paymentIntentId) return order;
    return undefined;
  }
}

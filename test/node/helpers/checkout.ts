// Paying a Checkout Session the way its hosted page does, for Node tests: start the session's payment (with the
// customer's email; `payment_pages/:id/start`), then confirm its PaymentIntent with the publishable key and the
// PaymentIntent's client secret, as Stripe.js does from the page.
import assert from 'node:assert/strict';

export interface PagePayment {
  piId: string;
  /** HTTP status of the confirmation (200, or 402 for a declined card). */
  status: number;
  /** The confirmation's body: the PaymentIntent, or an error envelope. */
  confirm: {
    status?: string;
    next_action?: { type: string; redirect_to_url: { url: string; return_url: string } } | null;
    error?: { code: string; decline_code?: string; message?: string };
    [field: string]: unknown;
  };
}

export async function payCheckoutSession(
  sim: { url: string; keys: { publishable: string } },
  session: { id: string; client_secret?: string | null },
  opts: { pm?: string; email?: string; returnUrl?: string } = {},
): Promise<PagePayment> {
  const headers = { Authorization: `Bearer ${sim.keys.publishable}`, 'Content-Type': 'application/x-www-form-urlencoded' };
  const started = await fetch(`${sim.url}/v1/payment_pages/${session.id}/start`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ email: opts.email ?? 'buyer@example.com', ...(session.client_secret ? { client_secret: session.client_secret } : {}) }).toString(),
  });
  const body = (await started.json()) as { payment_intent_client_secret: string };
  assert.equal(started.status, 200, JSON.stringify(body));
  const secret = body.payment_intent_client_secret;
  const piId = secret.split('_secret_')[0];
  const res = await fetch(`${sim.url}/v1/payment_intents/${piId}/confirm`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ client_secret: secret, payment_method: opts.pm ?? 'pm_card_visa', ...(opts.returnUrl ? { return_url: opts.returnUrl } : {}) }).toString(),
  });
  return { piId, status: res.status, confirm: (await res.json()) as PagePayment['confirm'] };
}

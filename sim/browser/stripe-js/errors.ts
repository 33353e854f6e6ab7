// Errors the shim throws (IntegrationError, like Stripe.js) and the StripeError objects it resolves with.
import type { StripeJsError } from '../shared/api.ts';

export class IntegrationError extends Error {
  override name = 'IntegrationError';
}

/** The client-side subset of a PaymentIntent that Stripe.js returns to the browser. */
const CLIENT_FIELDS = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'excluded_payment_method_types',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'source',
  'status',
];

export function clientPaymentIntent(pi: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_FIELDS) if (key in pi) out[key] = pi[key];
  return out;
}

/** A PaymentIntent back in requires_payment_method after an attempt: its last_payment_error as a StripeError. */
export function errorFromIntent(pi: Record<string, unknown>): StripeJsError {
  const last = (pi.last_payment_error ?? {}) as Record<string, unknown>;
  const err: StripeJsError = {
    type: (last.type as string) ?? 'card_error',
    ...last,
    payment_intent: clientPaymentIntent(pi),
  } as StripeJsError;
  if (!err.message) err.message = 'Your payment could not be completed.';
  return err;
}

export function withClientIntent(error: StripeJsError): StripeJsError {
  if (error.payment_intent && typeof error.payment_intent === 'object') {
    return { ...error, payment_intent: clientPaymentIntent(error.payment_intent) };
  }
  return error;
}

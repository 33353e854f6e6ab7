// Errors the shim throws (IntegrationError, like Stripe.js) and the StripeError objects it resolves with.
import type { StripeJsError } from '../shared/api.ts';
import { t, type MessageKey, type SimLocale } from '../shared/messages.ts';

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

/** The catalogue key of a card error's message, by Stripe's `decline_code` first, then its `code`. */
const ERROR_MESSAGE_KEYS: Readonly<Record<string, MessageKey>> = {
  card_declined: 'err_card_declined',
  generic_decline: 'err_card_declined',
  insufficient_funds: 'err_insufficient_funds',
  expired_card: 'err_expired_card',
  incorrect_cvc: 'err_incorrect_cvc',
  invalid_cvc: 'err_invalid_cvc',
  incorrect_number: 'err_incorrect_number',
  invalid_number: 'invalid_number',
  invalid_expiry_month: 'invalid_expiry_month',
  invalid_expiry_year: 'invalid_expiry_year',
  processing_error: 'err_processing_error',
  card_velocity_exceeded: 'err_card_velocity_exceeded',
  authentication_required: 'err_authentication_required',
  payment_intent_authentication_failure: 'err_authentication_failure',
  test_mode_live_card: 'err_test_mode_live_card',
};

/**
 * Like Stripe.js, returns card errors in the Stripe object's (or the Elements group's) locale, with Stripe.js's own
 * wording where it has one (a failed authentication reads "We are unable to authenticate your payment method...",
 * not the API's message): the shim words the errors it knows by `decline_code` / `code` and leaves the others.
 */
export function localiseError<E extends { code?: unknown; decline_code?: unknown; message?: unknown }>(error: E, locale: SimLocale): E {
  const key = ERROR_MESSAGE_KEYS[error.decline_code as string] ?? ERROR_MESSAGE_KEYS[error.code as string];
  return key ? { ...error, message: t(locale, key) } : error;
}

/** A client-side PaymentIntent whose `last_payment_error` message is in `locale`. */
export function localiseIntent(pi: Record<string, unknown>, locale: SimLocale): Record<string, unknown> {
  const last = pi.last_payment_error as Record<string, unknown> | null | undefined;
  return last ? { ...pi, last_payment_error: localiseError(last, locale) } : pi;
}

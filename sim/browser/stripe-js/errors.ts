// Errors the shim throws (IntegrationError, like Stripe.js) and the StripeError objects it resolves with.
import type { StripeJsError } from '../shared/api.ts';
import { t, type MessageKey, type SimLocale } from '../shared/messages.ts';

export class IntegrationError extends Error {
  override name = 'IntegrationError';

  constructor(message: string) {
    super(message);
    // As Stripe.js's IntegrationError: `message` is enumerable, so JSON.stringify(error) and {...error} carry it.
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: true, configurable: true });
  }
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

/** The client-side subset of a SetupIntent (what Stripe.js's retrieveSetupIntent and confirmSetup return). */
const CLIENT_SETUP_FIELDS = [
  'id',
  'object',
  'automatic_payment_methods',
  'cancellation_reason',
  'client_secret',
  'created',
  'description',
  'excluded_payment_method_types',
  'last_setup_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'status',
  'usage',
];

export function clientPaymentIntent(pi: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_FIELDS) if (key in pi) out[key] = pi[key];
  return out;
}

export function clientSetupIntent(si: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_SETUP_FIELDS) if (key in si) out[key] = si[key];
  return out;
}

/** A PaymentIntent or SetupIntent as Stripe.js returns it to the browser. */
export function clientIntent(intent: Record<string, unknown>): Record<string, unknown> {
  return intent.object === 'setup_intent' ? clientSetupIntent(intent) : clientPaymentIntent(intent);
}

/**
 * An intent back in requires_payment_method after an attempt: its last_payment_error (last_setup_error) as a
 * StripeError, with the intent under `payment_intent` (`setup_intent`).
 */
export function errorFromIntent(intent: Record<string, unknown>): StripeJsError {
  const setup = intent.object === 'setup_intent';
  const last = ((setup ? intent.last_setup_error : intent.last_payment_error) ?? {}) as Record<string, unknown>;
  const err: StripeJsError = {
    type: (last.type as string) ?? 'card_error',
    ...last,
    [setup ? 'setup_intent' : 'payment_intent']: clientIntent(intent),
  } as StripeJsError;
  if (!err.message) err.message = 'Your payment could not be completed.';
  return err;
}

export function withClientIntent(error: StripeJsError): StripeJsError {
  const out = { ...error };
  if (error.payment_intent && typeof error.payment_intent === 'object') out.payment_intent = clientPaymentIntent(error.payment_intent);
  if (error.setup_intent && typeof error.setup_intent === 'object') out.setup_intent = clientSetupIntent(error.setup_intent);
  return out;
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
  setup_intent_authentication_failure: 'err_authentication_failure',
  test_mode_live_card: 'err_test_mode_live_card',
};

/**
 * Like Stripe.js, returns card errors in the Stripe object's (or the Elements group's) locale, with Stripe.js's own
 * wording where it has one (a failed authentication reads "We are unable to authenticate your payment method...",
 * not the API's message): the shim words the errors it knows by `decline_code` / `code` and leaves the others.
 */
export function localiseError<E extends { code?: unknown; decline_code?: unknown; message?: unknown }>(error: E, locale: SimLocale): E {
  const key = ERROR_MESSAGE_KEYS[error.decline_code as string] ?? ERROR_MESSAGE_KEYS[error.code as string];
  const out = key ? { ...error, message: t(locale, key) } : { ...error };
  // The intent the error carries says the same in its last_payment_error.
  const pi = (error as { payment_intent?: unknown }).payment_intent;
  if (pi && typeof pi === 'object') (out as { payment_intent?: unknown }).payment_intent = localiseIntent(pi as Record<string, unknown>, locale);
  return out;
}

/** A client-side PaymentIntent (SetupIntent) whose `last_payment_error` (`last_setup_error`) message is in `locale`. */
export function localiseIntent(intent: Record<string, unknown>, locale: SimLocale): Record<string, unknown> {
  const key = intent.object === 'setup_intent' ? 'last_setup_error' : 'last_payment_error';
  const last = intent[key] as Record<string, unknown> | null | undefined;
  return last ? { ...intent, [key]: localiseError(last, locale) } : intent;
}

// The postMessage protocol between the shim (merchant page) and the card iframe (simulator origin).
// Every message carries `ck: 'elements'` and the per-instance `channel`; each side checks the sender's
// origin and window. Card data never crosses this channel: the iframe talks to the simulator itself and
// only ever reports back objects the API returns (PaymentIntent, PaymentMethod with last4) and validation state.

export const PROTOCOL = 'ck-elements-v1';

export type ElementKind = 'payment' | 'card';

export interface FrameInit {
  publishableKey: string;
  apiBase: string;
  elementType: ElementKind;
  locale: string;
  appearance: Record<string, unknown>;
  options: Record<string, unknown>;
  /** Connected account (Stripe.js's `stripeAccount` option), sent as `Stripe-Account`. */
  stripeAccount?: string;
  /** Stripe.js's `apiVersion` option, sent as `Stripe-Version`. */
  apiVersion?: string;
  /** The Elements group's intent client secret: the Payment Element loads its intent (loaderror if it cannot). */
  clientSecret?: string;
}

/** Page -> iframe. */
export type ToFrame =
  | { type: 'init'; init: FrameInit }
  | { type: 'update'; appearance?: Record<string, unknown>; options?: Record<string, unknown>; locale?: string }
  | { type: 'focus' }
  | { type: 'blur' }
  | { type: 'clear' }
  | { type: 'collapse' }
  | { type: 'validate'; requestId: string }
  | {
      type: 'confirm-payment';
      requestId: string;
      clientSecret: string;
      /** Form-ready confirm parameters chosen by the page (return_url, shipping, payment_method_data minus card...). */
      params: Record<string, unknown>;
    }
  | { type: 'create-payment-method'; requestId: string; params: Record<string, unknown> }
  /** `stripe.createToken(cardElement, data)`: the iframe posts the card and `data` (name, address_*, currency) to /v1/tokens. */
  | { type: 'create-token'; requestId: string; data: Record<string, unknown> };

export interface ValidationErrorShape {
  type: 'validation_error';
  code: string;
  message: string;
  param?: string;
}

export interface ChangeState {
  empty: boolean;
  complete: boolean;
  collapsed: boolean;
  brand: string;
  country?: string;
  /** The Card Element's postal code as entered (its change event's `value.postalCode`). */
  postalCode?: string;
  error?: ValidationErrorShape;
}

/** Iframe -> page. */
export type FromFrame =
  | { type: 'frame-loaded' }
  | { type: 'ready' }
  | { type: 'loaderror'; error: Record<string, unknown> }
  | { type: 'change'; state: ChangeState }
  | { type: 'focus' }
  | { type: 'blur' }
  | { type: 'escape' }
  | { type: 'height'; height: number }
  | { type: 'response'; requestId: string; result: unknown };

export type Envelope<T> = T & { ck: typeof PROTOCOL; channel: string };

export function isEnvelope(data: unknown, channel: string): data is Envelope<{ type: string }> {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { ck?: unknown }).ck === PROTOCOL &&
    (data as { channel?: unknown }).channel === channel &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

/**
 * Events of `<ck-payment-element>`. All bubble and are composed; `ck-before-confirm` is cancelable.
 *
 * @module
 */
import type { PaymentIntent, StripeError } from '@stripe/stripe-js';
import { CkEvent } from '../../shared/events.js';

/** The Payment Element is mounted and ready for input. */
export class CkReadyEvent extends CkEvent<{ elementType: string }> {
  static readonly type = 'ck-ready';
  constructor(detail: { elementType: string }) {
    super(CkReadyEvent.type, detail);
  }
}

export interface CkChangeDetail {
  /** Every required field is filled in and valid. */
  complete: boolean;
  /** No field has any input. */
  empty: boolean;
  /** The selected payment method type, e.g. `card`. */
  value: { type: string };
}

/** The customer changed the payment details (Stripe's `change` event, relayed). */
export class CkChangeEvent extends CkEvent<CkChangeDetail> {
  static readonly type = 'ck-change';
  constructor(detail: CkChangeDetail) {
    super(CkChangeEvent.type, detail);
  }
}

export interface CkBeforeConfirmDetail {
  /** Amount in the currency's smallest unit, when known. */
  amount: number | null;
  currency: string | null;
  /** `pi_...` id of the PaymentIntent about to be confirmed, when known. */
  paymentIntentId: string | null;
}

/** Cancelable. Dispatched before confirming: call `preventDefault()` to veto the payment. */
export class CkBeforeConfirmEvent extends CkEvent<CkBeforeConfirmDetail> {
  static readonly type = 'ck-before-confirm';
  constructor(detail: CkBeforeConfirmDetail) {
    super(CkBeforeConfirmEvent.type, detail, { cancelable: true });
  }
}

/** The payment succeeded (or is processing): `detail.paymentIntent` is Stripe's client-side PaymentIntent. */
export class CkPaymentSucceededEvent extends CkEvent<{ paymentIntent: PaymentIntent }> {
  static readonly type = 'ck-payment-succeeded';
  constructor(detail: { paymentIntent: PaymentIntent }) {
    super(CkPaymentSucceededEvent.type, detail);
  }
}

/** The payment failed: `detail.error` is Stripe's error (`type`, `code`, `decline_code`, `message`). */
export class CkPaymentFailedEvent extends CkEvent<{ error: StripeError }> {
  static readonly type = 'ck-payment-failed';
  constructor(detail: { error: StripeError }) {
    super(CkPaymentFailedEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-ready': CkReadyEvent;
    'ck-change': CkChangeEvent;
    'ck-before-confirm': CkBeforeConfirmEvent;
    'ck-payment-succeeded': CkPaymentSucceededEvent;
    'ck-payment-failed': CkPaymentFailedEvent;
  }
}

/**
 * The page API `<ck-checkout>` calls on the simulator (what Stripe's own Checkout page does on Stripe): read a
 * Checkout Session's page view and start its payment (or, in setup mode, its card setup), with the publishable key (and the session's client secret
 * for embedded sessions). Nothing here sees card details.
 *
 * @module
 */

/** A line of the session as the page shows it. */
export interface CheckoutPageLine {
  id: string;
  description: string | null;
  quantity: number | null;
  unit_amount: number | null;
  amount_subtotal: number;
  /** What the session's discount takes off this line (absent from older simulators). */
  amount_discount?: number;
  amount_total: number;
  currency: string;
}

/** The session's discount (a coupon, or the promotion code the customer applied), for a "Discount" row. */
export interface CheckoutPageDiscount {
  /** The promotion code as issued (`SAVE10`), or null for a coupon the merchant applied. */
  code: string | null;
  /** The coupon's name, if it has one. */
  name: string | null;
  percent_off: number | null;
  /** What it takes off, in the session's currency (minor units). */
  amount: number;
  /** The customer applied it (`allow_promotion_codes`): they may take it off again. */
  removable: boolean;
}

/** A `custom_fields` entry as the page shows it. */
export interface CheckoutCustomField {
  key: string;
  label: string;
  type: 'text' | 'numeric' | 'dropdown';
  optional: boolean;
  default_value: string | null;
  minimum_length: number | null;
  maximum_length: number | null;
  /** Dropdowns only. */
  options: { label: string; value: string }[] | null;
}

/** What the session asks the customer for, besides the email and the card. */
export interface CheckoutCollect {
  custom_fields: CheckoutCustomField[];
  /** `consent_collection.terms_of_service: required`: a checkbox that must be ticked. */
  terms_of_service: boolean;
  /** `consent_collection.promotions: auto`: an optional checkbox. */
  promotions: boolean;
  /** `custom_text` messages (plain text; `[text](https://...)` links). */
  custom_text: { submit: string | null; after_submit: string | null; shipping_address: string | null; terms_of_service_acceptance: string | null };
  /** `phone_number_collection.enabled`. */
  phone: boolean;
  /** `billing_address_collection: required`. */
  billing_address: boolean;
  /** `shipping_address_collection.allowed_countries`, null when no shipping address is collected. */
  shipping_countries: string[] | null;
}

/** What the page knows about a Checkout Session (no secrets except the PaymentIntent's once started). */
export interface CheckoutPage {
  id: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  mode: 'payment' | 'setup' | 'subscription';
  ui_mode: 'hosted_page' | 'embedded_page' | 'elements';
  currency: string | null;
  amount_subtotal: number | null;
  amount_total: number | null;
  /** `total_details.amount_discount` (absent from older simulators). */
  amount_discount?: number;
  /** `allow_promotion_codes`: the page offers "Add promotion code". */
  allow_promotion_codes?: boolean;
  discount?: CheckoutPageDiscount | null;
  customer_email: string | null;
  /** The merchant set the email on the session: the customer cannot change it. */
  email_locked: boolean;
  expires_at: number;
  locale: string | null;
  submit_type: string | null;
  cancel_url: string | null;
  success_url: string | null;
  return_url: string | null;
  redirect_on_completion: 'always' | 'if_required' | 'never' | null;
  line_items: CheckoutPageLine[];
  /** The selected shipping rate (`shipping_options`), included in `amount_total`; absent or null without one. */
  shipping?: { display_name: string | null; amount: number } | null;
  branding: { display_name: string | null; icon_url: string | null; primary_color: string | null };
  /** What to collect besides the email and the card; absent means nothing. */
  collect?: CheckoutCollect;
  /** Only in the answer to `start` (payment mode). */
  payment_intent_client_secret?: string;
  /** Only in the answer to `start` (setup mode): the session's SetupIntent, confirmed with `confirmSetup`. */
  setup_intent_client_secret?: string;
}

/** A Stripe-shaped error from the page API. */
export class CheckoutApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    /** The refused parameter (`custom_fields[size]`, `phone` ...). */
    readonly param?: string,
    /** The error's other members (a refused promotion code's `reason` and `minimum_amount`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CheckoutApiError';
  }
}

/** `cs_test_..._secret_...` -> `cs_test_...`; null when it is not a session client secret. */
export function sessionIdFromSecret(clientSecret: string): string | null {
  const m = /^(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
  return m ? m[1] : null;
}

export class CheckoutApi {
  constructor(
    private readonly apiBase: string,
    private readonly publishableKey: string,
    private readonly sessionId: string,
    private readonly clientSecret: string | null,
    /** The connected account of a direct-charge session (`Stripe-Account`). */
    private readonly stripeAccount: string | null = null,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body: Record<string, string> = {}): Promise<CheckoutPage> {
    const params = new URLSearchParams(body);
    if (this.clientSecret) params.set('client_secret', this.clientSecret);
    const url = `${this.apiBase.replace(/\/+$/, '')}/v1/payment_pages/${encodeURIComponent(this.sessionId)}${path}`;
    const res = await fetch(method === 'GET' ? `${url}?${params.toString()}` : url, {
      method,
      headers: {
        Authorization: `Bearer ${this.publishableKey}`,
        ...(this.stripeAccount ? { 'Stripe-Account': this.stripeAccount } : {}),
        ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: method === 'POST' ? params.toString() : undefined,
      credentials: 'omit',
    });
    const json = (await res.json().catch(() => ({}))) as CheckoutPage & { error?: { message?: string; code?: string; param?: string; [k: string]: unknown } };
    if (!res.ok) throw new CheckoutApiError(json.error?.message ?? `HTTP ${res.status}`, res.status, json.error?.code, json.error?.param, json.error ?? {});
    return json;
  }

  /** The session's page view (also completes or expires it server-side when due). */
  retrieve(): Promise<CheckoutPage> {
    return this.call('GET', '');
  }

  /**
   * Starts (or resumes) the payment: returns the view with `payment_intent_client_secret` (`setup_intent_client_secret`
   * in setup mode). With `submitted` (the customer pressed Pay / Save), what the session asks for goes too
   * (`custom_fields[key]`, `consent[...]`, `phone`, `billing_details[...]`, `shipping_details[...]`) and the server
   * checks it.
   */
  start(email?: string, submitted?: Record<string, string>): Promise<CheckoutPage> {
    return this.call('POST', '/start', { ...(email ? { email } : {}), ...(submitted ? { submit: 'true', ...submitted } : {}) });
  }

  /**
   * Applies the promotion code the customer typed (sessions with `allow_promotion_codes`); the view comes back with
   * the new totals (and the PaymentIntent's client secret when one is under way). A refused code throws a
   * `CheckoutApiError` whose `details.reason` says why (`invalid`, `minimum` with `details.minimum_amount` ...).
   */
  applyPromotionCode(code: string): Promise<CheckoutPage> {
    return this.call('POST', '/promotion_code', { code });
  }

  /** Takes the customer's promotion code off again. */
  removePromotionCode(): Promise<CheckoutPage> {
    return this.call('POST', '/promotion_code/remove');
  }
}

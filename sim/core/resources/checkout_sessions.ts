// Checkout Sessions: create, retrieve, update, list, expire, list line items; the page API the hosted and
// embedded checkout (`<ck-checkout>`) calls with the publishable key (`/v1/payment_pages/:id...`); completion when
// the session's PaymentIntent succeeds (or is authorised) or, in setup mode, when its SetupIntent succeeds; expiry by
// the simulator clock.
//
// Layers: parameter schemas -> validation (validateCreate) -> transitions (complete / expire) -> serialisation
// (line items list, page view). Internal state Stripe does not show (line items, the PaymentIntent created for the
// page) lives in a `sim_checkout_session` record next to the session.

import type Stripe from 'stripe';
import { createContext, forEachAccount, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing, StripeError } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { randomString } from '../ids.ts';
import { callRoute, checkEmail, metadataFrom } from '../resource-kit.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { isEndive, registerVersionTransform, renderForVersion, type ApiVersion } from '../versions.ts';
import { formatAmount, MINIMUM_CHARGE_AMOUNTS, validateChargeAmount } from '../money.ts';
import { createPriceObject, priceDataSchema, recurringSchema } from './prices.ts';

type PriceObject = Stripe.Price & StripeObject;
import { checkDestinationCharge, connectedAccount } from '../connect-money/index.ts';
import { attachPaymentMethod, type PaymentMethodObject } from './payment_methods.ts';
import { abandonPendingAttempt } from './setup_attempts.ts';
import { NEEDS_STATE, NO_POSTAL_CODE } from '../../../src/shared/address-rules.ts';
import { redeemCoupon } from './coupons.ts';
import { findActiveCode, redeemPromotionCode, type PromotionCodeObject } from './promotion_codes.ts';
import {
  couponDiscount, discountAmounts, discountObject, isRefusal, promotionCodeDiscount, type DiscountTarget, type Refusal, type SessionDiscount,
} from './checkout_discounts.ts';

export type SessionObject = Stripe.Checkout.Session & StripeObject;
type LineItemObject = Stripe.LineItem & StripeObject;
type SetupIntentObject = Stripe.SetupIntent & StripeObject;

/** Internal record `simcs_<session id>`. */
interface SimSession extends StripeObject {
  object: 'sim_checkout_session';
  line_items: LineItemObject[];
  /** PaymentIntent created when the page started the payment. */
  payment_intent: string | null;
  /** payment_intent_data to apply to that PaymentIntent. */
  payment_intent_data: Record<string, unknown> | null;
  /** setup_intent_data the session's SetupIntent was created with (setup mode; a recovered session reuses it). */
  setup_intent_data?: Record<string, unknown> | null;
  /** What the customer entered on the page when they pressed Pay / Save (`start` with `submit`), applied on completion. */
  collected?: Collected | null;
  /** The coupon or promotion code applied (by the merchant's `discounts`, or by the customer on the page). */
  discount?: SessionDiscount | null;
}

/** An address as the page sends it and Stripe stores it. */
interface Address { city: string | null; country: string | null; line1: string | null; line2: string | null; postal_code: string | null; state: string | null }

/** The page's answers to the session's collection settings (`custom_fields`, `consent_collection`, phone, addresses). */
interface Collected {
  custom_fields: Record<string, string | null>;
  consent: { promotions: 'opt_in' | 'opt_out' | null; terms_of_service: 'accepted' | null } | null;
  phone: string | null;
  billing: { name: string; address: Address } | null;
  shipping: { name: string; address: Address } | null;
}

/** Internal record `simcspi_<pi id>` (or `simcssi_<seti id>`): which session a PaymentIntent pays (or a SetupIntent sets up). */
interface SimSessionLink extends StripeObject {
  object: 'sim_checkout_session_link';
  session: string;
}

const MIN_EXPIRY = 30 * 60;
const RECOVERY_VALIDITY = 30 * 24 * 60 * 60;
const MAX_EXPIRY = 24 * 60 * 60;
const UI_MODES = ['hosted_page', 'embedded_page', 'elements'] as const;
const SESSION_ID_PLACEHOLDER = '{CHECKOUT_SESSION_ID}';

// ---------------------------------------------------------------------------------------------------------------
// Parameter schemas

const lineItemSchema: Schema = {
  price: p.id(),
  price_data: p.object({
    ...priceDataSchema,
    product: p.id(),
    product_data: p.object({
      name: p.string({ required: true }),
      description: p.string({ maxLength: 40000 }),
      images: p.array(p.string(), { maxItems: 8 }),
      metadata: p.metadata(),
      tax_code: p.string(),
      unit_label: p.string(),
    }),
    recurring: p.object(recurringSchema),
  }),
  quantity: p.integer({ min: 0, max: 999999 }),
  adjustable_quantity: p.object({ enabled: p.boolean({ required: true }), maximum: p.integer(), minimum: p.integer() }),
  dynamic_tax_rates: p.array(p.string()),
  tax_rates: p.array(p.string()),
  metadata: p.metadata(),
  // Pre-prices parameters, refused with Stripe's migration message.
  amount: p.any(),
  currency: p.any(),
  name: p.any(),
  description: p.any(),
  images: p.any(),
};

const LEGACY_LINE_ITEM_KEYS = ['amount', 'currency', 'name', 'description', 'images'];

const paymentIntentDataSchema: Schema = {
  application_fee_amount: p.integer({ min: 0 }),
  capture_method: p.enumOf(['automatic', 'automatic_async', 'manual']),
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  on_behalf_of: p.string(),
  receipt_email: p.string(),
  setup_future_usage: p.enumOf(['off_session', 'on_session']),
  shipping: p.any(),
  statement_descriptor: p.string({ maxLength: 22 }),
  statement_descriptor_suffix: p.string({ maxLength: 22 }),
  transfer_data: p.object({ amount: p.integer({ min: 1 }), destination: p.string({ required: true }) }),
  transfer_group: p.string(),
};

const setupIntentDataSchema: Schema = {
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  on_behalf_of: p.string(),
};

const typesArray = p.array(p.string());

/** `Session.Locale` of the SDK's types. */
const LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it',
  'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const;

const customTextMessage = p.object({ message: p.string({ required: true, maxLength: 1200 }) });

const baseCreateSchema: Schema = {
  mode: p.enumOf(['payment', 'setup', 'subscription']),
  line_items: p.array(p.object(lineItemSchema), { maxItems: 100 }),
  success_url: p.string({ maxLength: 5000 }),
  cancel_url: p.string({ maxLength: 5000 }),
  return_url: p.string({ maxLength: 5000 }),
  redirect_on_completion: p.enumOf(['always', 'if_required', 'never']),
  ui_mode: p.enumOf([...UI_MODES]),
  customer: p.id(),
  customer_email: p.string({ maxLength: 800 }),
  customer_creation: p.enumOf(['always', 'if_required']),
  client_reference_id: p.string({ maxLength: 200 }),
  currency: p.string(),
  expires_at: p.timestamp(),
  locale: p.enumOf(LOCALES),
  metadata: p.metadata(),
  payment_intent_data: p.object(paymentIntentDataSchema),
  payment_method_types: typesArray,
  excluded_payment_method_types: typesArray,
  submit_type: p.enumOf(['auto', 'book', 'donate', 'pay', 'subscribe']),
  billing_address_collection: p.enumOf(['auto', 'required']),
  allow_promotion_codes: p.boolean(),
  consent_collection: p.object({
    payment_method_reuse_agreement: p.object({ position: p.enumOf(['auto', 'hidden'], { required: true }) }),
    promotions: p.enumOf(['auto', 'none']),
    terms_of_service: p.enumOf(['none', 'required']),
  }),
  custom_text: p.object({
    after_submit: customTextMessage,
    shipping_address: customTextMessage,
    submit: customTextMessage,
    terms_of_service_acceptance: customTextMessage,
  }),
  custom_fields: p.array(p.object({
    key: p.string({ required: true, maxLength: 200 }),
    label: p.object({ custom: p.string({ required: true, maxLength: 50 }), type: p.enumOf(['custom'], { required: true }) }, { required: true }),
    type: p.enumOf(['dropdown', 'numeric', 'text'], { required: true }),
    optional: p.boolean(),
    dropdown: p.object({
      default_value: p.string({ maxLength: 100 }),
      options: p.array(p.object({ label: p.string({ required: true, maxLength: 100 }), value: p.string({ required: true, maxLength: 100 }) }), { required: true, maxItems: 200 }),
    }),
    numeric: p.object({ default_value: p.string({ maxLength: 255 }), maximum_length: p.integer({ min: 1, max: 255 }), minimum_length: p.integer({ min: 1, max: 255 }) }),
    text: p.object({ default_value: p.string({ maxLength: 255 }), maximum_length: p.integer({ min: 1, max: 255 }), minimum_length: p.integer({ min: 1, max: 255 }) }),
  }), { maxItems: 3 }),
  phone_number_collection: p.object({ enabled: p.boolean({ required: true }) }),
  shipping_address_collection: p.object({ allowed_countries: p.array(p.string({ maxLength: 2 }), { required: true }) }),
  automatic_tax: p.object({ enabled: p.boolean({ required: true }), liability: p.object({ type: p.enumOf(['account', 'self'], { required: true }), account: p.id() }) }),
  branding_settings: p.any(),
  payment_method_configuration: p.string(),
  // Card options are checked and applied; other payment methods' options are accepted as given (no other method
  // can be paid in the simulator).
  payment_method_options: p.any(),
  invoice_creation: p.object({ enabled: p.boolean({ required: true }), invoice_data: p.any() }),
  after_expiration: p.object({ recovery: p.object({ allow_promotion_codes: p.boolean(), enabled: p.boolean({ required: true }) }) }),
  adaptive_pricing: p.object({ enabled: p.boolean() }),
  wallet_options: p.object({ link: p.object({ display: p.enumOf(['auto', 'never']) }) }),
  saved_payment_method_options: p.object({
    allow_redisplay_filters: p.array(p.enumOf(['always', 'limited', 'unspecified'])),
    payment_method_remove: p.enumOf(['disabled', 'enabled']),
    payment_method_save: p.enumOf(['disabled', 'enabled']),
  }),
  tax_id_collection: p.object({ enabled: p.boolean({ required: true }), required: p.enumOf(['if_supported', 'never']) }),
  setup_intent_data: p.object(setupIntentDataSchema),
  subscription_data: p.any(),
  discounts: p.array(p.object({ coupon: p.string(), promotion_code: p.string() })),
  shipping_options: p.array(p.object({
    shipping_rate: p.id(),
    shipping_rate_data: p.object({
      display_name: p.string({ required: true, maxLength: 100 }),
      type: p.enumOf(['fixed_amount']),
      fixed_amount: p.object({ amount: p.integer({ required: true, min: 0 }), currency: p.string({ required: true }), currency_options: p.any() }),
      delivery_estimate: p.any(),
      metadata: p.metadata(),
      tax_behavior: p.enumOf(['exclusive', 'inclusive', 'unspecified']),
      tax_code: p.string(),
    }),
  }), { maxItems: 5 }),
  payment_method_collection: p.enumOf(['always', 'if_required']),
  integration_identifier: p.string(),
  origin_context: p.enumOf(['mobile_app', 'web']),
  customer_update: p.object({ address: p.enumOf(['auto', 'never']), name: p.enumOf(['auto', 'never']), shipping: p.enumOf(['auto', 'never']) }),
  managed_payments: p.object({ enabled: p.boolean() }),
  name_collection: p.object({
    business: p.object({ enabled: p.boolean({ required: true }), optional: p.boolean() }),
    individual: p.object({ enabled: p.boolean({ required: true }), optional: p.boolean() }),
  }),
  optional_items: p.array(p.object({
    price: p.id({ required: true }),
    quantity: p.integer({ required: true, min: 0, max: 999999 }),
    adjustable_quantity: p.object({ enabled: p.boolean({ required: true }), maximum: p.integer(), minimum: p.integer() }),
  }), { maxItems: 10 }),
  payment_method_data: p.object({ allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']) }),
  permissions: p.object({ update_shipping_details: p.enumOf(['client_only', 'server_only']) }),
};

const createSchema = (version: ApiVersion): Schema =>
  isEndive(version) ? { ...baseCreateSchema, allowed_payment_method_types: typesArray } : baseCreateSchema;

const updateSchema: Schema = {
  metadata: p.metadata(),
  collected_information: p.any(),
  shipping_options: p.any(),
  line_items: p.any(),
  payment_intent_data: p.object({
    description: p.string({ maxLength: 1000 }),
    metadata: p.metadata(),
    setup_future_usage: p.enumOf(['off_session', 'on_session']),
    statement_descriptor: p.string({ maxLength: 22 }),
    statement_descriptor_suffix: p.string({ maxLength: 22 }),
  }),
};

const listSchema: Schema = {
  ...listParams,
  created: p.range(),
  customer: p.id(),
  customer_details: p.object({ email: p.string({ required: true }) }),
  payment_intent: p.id(),
  payment_link: p.id(),
  status: p.enumOf(['complete', 'expired', 'open']),
  subscription: p.id(),
  customer_account: p.string(),
};

// ---------------------------------------------------------------------------------------------------------------
// Validation

function checkUrl(value: unknown, param: string): void {
  if (typeof value !== 'string') return;
  // The placeholder is not part of the URL Stripe validates.
  const candidate = value.split(SESSION_ID_PLACEHOLDER).join('cs_test');
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
}

function notAllowedFor(param: string, uiMode: string): StripeError {
  return invalidRequest(`You cannot pass \`${param}\` when \`ui_mode\` is \`${uiMode}\`.`, { param });
}

// The rules below are Stripe's (hosted: success_url, no return_url; embedded_page / elements: return_url unless
// redirect_on_completion is `never`, no success_url / cancel_url); the exact wording of these messages could not be
// confirmed from Stripe's public material and is the simulator's.
function validateUrls(q: Record<string, unknown>, uiMode: string): void {
  const redirect = (q.redirect_on_completion as string | undefined) ?? null;
  if (uiMode === 'hosted_page') {
    if (q.return_url !== undefined && q.return_url !== null) {
      throw invalidRequest('`return_url` is only supported when `ui_mode` is `embedded_page` or `elements`. Use `success_url` and `cancel_url` for hosted Checkout.', { param: 'return_url' });
    }
    if (redirect !== null) throw notAllowedFor('redirect_on_completion', uiMode);
    if (typeof q.success_url !== 'string') throw parameterMissing('success_url');
  } else {
    if (q.success_url !== undefined && q.success_url !== null) throw notAllowedFor('success_url', uiMode);
    if (q.cancel_url !== undefined && q.cancel_url !== null) throw notAllowedFor('cancel_url', uiMode);
    if (redirect === 'never') {
      if (q.return_url !== undefined && q.return_url !== null) {
        throw invalidRequest('`return_url` cannot be set when `redirect_on_completion` is `never`.', { param: 'return_url' });
      }
    } else if (typeof q.return_url !== 'string') {
      throw invalidRequest(
        `\`return_url\` is required when \`ui_mode\` is \`${uiMode}\` unless \`redirect_on_completion\` is \`never\`.`,
        { param: 'return_url', code: 'parameter_missing' },
      );
    }
  }
  checkUrl(q.success_url, 'success_url');
  checkUrl(q.cancel_url, 'cancel_url');
  checkUrl(q.return_url, 'return_url');
}

function validateExpiry(ctx: RequestContext, expiresAt: unknown): number {
  const now = ctx.now();
  if (expiresAt === undefined || expiresAt === null) return now + MAX_EXPIRY;
  const at = expiresAt as number;
  if (at < now + MIN_EXPIRY) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', { param: 'expires_at' });
  }
  if (at > now + MAX_EXPIRY) {
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  return at;
}

function checkTypes(ctx: RequestContext, q: Record<string, unknown>): void {
  if (isEndive(ctx.version) && q.payment_method_types !== undefined) {
    throw invalidRequest(
      `The \`payment_method_types\` parameter is no longer supported on API version ${ctx.version}. Use \`allowed_payment_method_types\` to limit the payment methods Stripe can offer, or manage them with dynamic payment methods.`,
      { param: 'payment_method_types', code: 'payment_method_types_no_longer_supported' },
    );
  }
  const types = (q.allowed_payment_method_types ?? q.payment_method_types) as string[] | undefined;
  const param = q.allowed_payment_method_types !== undefined ? 'allowed_payment_method_types' : 'payment_method_types';
  for (const t of types ?? []) {
    if (t !== 'card' && t !== 'link') {
      throw invalidRequest(
        `The payment method type provided: ${t} is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
        { param },
      );
    }
  }
}

/**
 * Subscription mode is not simulated, but its documented mistake is answered as Stripe does: only one-time prices
 * ("You must provide at least one recurring price in `subscription` mode when using prices.", Stripe's wording as
 * its users quote it). Nothing is created.
 */
function checkSubscriptionItems(ctx: RequestContext, raw: Record<string, unknown>[]): void {
  if (raw.length === 0) {
    throw invalidRequest('`line_items` is required in `subscription` mode.', { param: 'line_items', code: 'parameter_missing' });
  }
  const recurring = raw.some((li, i) => {
    if (typeof li.price === 'string') {
      const price = ctx.find<PriceObject>(li.price, 'price')?.data;
      if (!price) throw resourceMissing('price', li.price, `line_items[${i}][price]`);
      return price.type === 'recurring';
    }
    return Boolean((li.price_data as Record<string, unknown> | undefined)?.recurring);
  });
  if (!recurring) throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.');
}

/** Resolves each line item to a stored price (creating inline ones) and computes its amounts. */
function buildLineItems(ctx: RequestContext, raw: Record<string, unknown>[], mode: string): LineItemObject[] {
  const items: LineItemObject[] = [];
  let currency: string | null = null;
  raw.forEach((li, i) => {
    const at = `line_items[${i}]`;
    const legacy = LEGACY_LINE_ITEM_KEYS.find((k) => li[k] !== undefined);
    if (legacy) {
      throw invalidRequest(
        'You cannot use `line_items.amount`, `line_items.currency`, `line_items.name`, `line_items.description`, or `line_items.images` in this API version. Please use `line_items.price` or `line_items.price_data`. Please see https://stripe.com/docs/payments/checkout/migrating-prices for more information.',
        { param: `${at}[${legacy}]` },
      );
    }
    if (li.price && li.price_data) {
      throw invalidRequest('You may only specify one of these parameters: price, price_data.', { param: `${at}[price]` });
    }
    let price: PriceObject;
    if (typeof li.price === 'string') {
      const rec = ctx.find<PriceObject>(li.price, 'price');
      if (!rec) throw resourceMissing('price', li.price, `${at}[price]`);
      price = rec.data;
      if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param: `${at}[price]` });
    } else if (li.price_data) {
      const pd = li.price_data as Record<string, unknown>;
      if (!pd.product && !pd.product_data) throw invalidRequest('You must specify either `product` or `product_data` when creating a price.', { param: `${at}[price_data][product_data]` });
      if (pd.unit_amount === undefined && pd.unit_amount_decimal === undefined) throw parameterMissing(`${at}[price_data][unit_amount]`);
      price = createPriceObject(ctx, { ...pd, active: false }, `${at}[price_data]`);
    } else {
      throw invalidRequest('You must provide either price or price_data for each line item when using prices.', { param: at });
    }
    if (mode === 'payment' && price.type === 'recurring') {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        { param: `${at}[price]` },
      );
    }
    // The simulator has no Tax Rates API, so no id names one.
    ((li.tax_rates as string[] | undefined) ?? []).forEach((t, j) => {
      throw resourceMissing('tax_rate', t, `${at}[tax_rates][${j}]`);
    });
    if (li.quantity === undefined || li.quantity === null) {
      throw invalidRequest(`Quantity is required. Add \`quantity\` to \`${at}\``, { param: `${at}[quantity]`, code: 'parameter_missing' });
    }
    // Wording not confirmed from Stripe's public material.
    if (currency && price.currency !== currency) {
      throw invalidRequest('Checkout does not support multiple currencies. All line items must have the same currency.', { param: `${at}[price]` });
    }
    currency = price.currency;
    const quantity = li.quantity as number;
    const unit = price.unit_amount ?? Math.round(Number(price.unit_amount_decimal ?? 0));
    const subtotal = unit * quantity;
    const productRec = typeof price.product === 'string' ? ctx.find<StripeObject>(price.product, 'product') : undefined;
    items.push({
      id: ctx.newId('li'),
      object: 'item',
      adjustable_quantity: (li.adjustable_quantity as Stripe.LineItem.AdjustableQuantity | undefined) ?? null,
      amount_discount: 0,
      amount_subtotal: subtotal,
      amount_tax: 0,
      amount_total: subtotal,
      currency: price.currency,
      description: (productRec?.data.name as string | undefined) ?? null,
      metadata: metadataFrom(undefined, li.metadata),
      price: price as unknown as Stripe.Price,
      quantity,
    } as unknown as LineItemObject);
  });
  return items;
}

/**
 * `shipping_options`: a `shipping_rate` id names a rate an earlier session created from `shipping_rate_data` (the
 * simulator has no Shipping Rates API to create one directly); `shipping_rate_data` creates a fixed-amount rate in
 * the session's currency. Payment mode only. Wording of the refusals is the simulator's.
 */
function buildShippingOptions(ctx: RequestContext, raw: Record<string, unknown>[], mode: string, currency: string | null): Stripe.Checkout.Session.ShippingOption[] {
  if (raw.length > 0 && mode !== 'payment' && mode !== 'subscription') {
    throw invalidRequest(`You can not pass \`shipping_options\` in \`${mode}\` mode.`, { param: 'shipping_options' });
  }
  return raw.map((o, i) => {
    const at = `shipping_options[${i}]`;
    if (o.shipping_rate && o.shipping_rate_data) {
      throw invalidRequest('You may only specify one of these parameters: shipping_rate, shipping_rate_data.', { param: `${at}[shipping_rate]` });
    }
    let rate: Stripe.ShippingRate & StripeObject;
    if (typeof o.shipping_rate === 'string') {
      const found = ctx.find<Stripe.ShippingRate & StripeObject>(o.shipping_rate, 'shipping_rate')?.data;
      if (!found) throw resourceMissing('shipping_rate', o.shipping_rate, `${at}[shipping_rate]`);
      rate = found;
    } else if (o.shipping_rate_data) {
      const d = o.shipping_rate_data as { display_name: string; fixed_amount?: { amount: number; currency: string }; metadata?: unknown; tax_behavior?: string; tax_code?: string };
      if (!d.fixed_amount) throw parameterMissing(`${at}[shipping_rate_data][fixed_amount]`);
      rate = {
        id: ctx.newId('shr'),
        object: 'shipping_rate',
        active: true,
        created: ctx.now(),
        delivery_estimate: null,
        display_name: d.display_name,
        fixed_amount: { amount: d.fixed_amount.amount, currency: d.fixed_amount.currency.toLowerCase() },
        livemode: false,
        metadata: metadataFrom(undefined, d.metadata),
        tax_behavior: (d.tax_behavior as Stripe.ShippingRate.TaxBehavior | undefined) ?? 'unspecified',
        tax_code: d.tax_code ?? null,
        type: 'fixed_amount',
      } as Stripe.ShippingRate & StripeObject;
      ctx.insert(rate);
    } else {
      throw invalidRequest('You must specify either `shipping_rate` or `shipping_rate_data` for each shipping option.', { param: at });
    }
    const amount = rate.fixed_amount?.amount ?? 0;
    if (currency && rate.fixed_amount && rate.fixed_amount.currency !== currency) {
      throw invalidRequest(`The shipping rate's currency (${rate.fixed_amount.currency}) must match the Checkout Session's currency (${currency}).`, { param: at });
    }
    return { shipping_amount: amount, shipping_rate: rate.id };
  });
}

/**
 * `discounts` (at most one entry, a coupon or a promotion code): what the merchant names must exist (Stripe's
 * resource_missing on the entry's parameter) and be redeemable for this session. The wording of the refusals other
 * than resource_missing and Stripe's "You may only specify one of these parameters" is the simulator's.
 */
function resolveDiscount(ctx: RequestContext, discounts: Record<string, unknown>[] | undefined, target: DiscountTarget | null, mode: string): SessionDiscount | null {
  if (!discounts || discounts.length === 0) return null;
  if (mode !== 'payment') throw invalidRequest(`You can not pass \`discounts\` in \`${mode}\` mode.`, { param: 'discounts' });
  if (discounts.length > 1) throw invalidRequest('Only one discount can be applied to a Checkout Session: pass one entry in `discounts`.', { param: 'discounts' });
  const d = discounts[0];
  if (typeof d.coupon === 'string' && typeof d.promotion_code === 'string') {
    throw invalidRequest('You may only specify one of these parameters: coupon, promotion_code.', { param: 'discounts[0][coupon]' });
  }
  let out: SessionDiscount | Refusal | undefined;
  let param: string;
  if (typeof d.coupon === 'string') {
    param = 'discounts[0][coupon]';
    out = target ? couponDiscount(ctx, d.coupon, target) : undefined;
    if (!out) throw resourceMissing('coupon', d.coupon, param);
  } else if (typeof d.promotion_code === 'string') {
    param = 'discounts[0][promotion_code]';
    const pc = ctx.find<PromotionCodeObject>(d.promotion_code, 'promotion_code')?.data;
    if (!pc || !target) throw resourceMissing('promotion_code', d.promotion_code, param);
    out = promotionCodeDiscount(ctx, pc, target);
  } else {
    throw invalidRequest('Each entry of `discounts` needs a `coupon` or a `promotion_code`.', { param: 'discounts[0]', code: 'parameter_missing' });
  }
  if (isRefusal(out)) throw invalidRequest(out.message, { param, code: out.code });
  return out;
}

/**
 * Prices the session: each line item's `amount_discount` and `amount_total`, the session's `amount_subtotal` (before
 * discounts), `total_details.amount_discount`, `amount_total` (shipping added, not discounted) and `discounts`.
 */
function priceSession(s: SessionObject, rec: SimSession): void {
  const d = rec.discount ?? null;
  const { amounts } = d && s.currency ? discountAmounts(d, rec.line_items, s.currency) : { amounts: {} as Record<string, number> };
  let subtotal = 0;
  let discount = 0;
  for (const li of rec.line_items) {
    li.amount_discount = amounts[li.id] ?? 0;
    li.amount_total = li.amount_subtotal - li.amount_discount + li.amount_tax;
    subtotal += li.amount_subtotal;
    discount += li.amount_discount;
  }
  s.discounts = d ? [{ coupon: d.coupon, promotion_code: d.promotion_code }] : [];
  if (s.mode !== 'payment') return;
  const shipping = s.shipping_cost?.amount_total ?? 0;
  s.amount_subtotal = subtotal;
  s.amount_total = subtotal - discount + shipping;
  if (s.total_details) s.total_details.amount_discount = discount;
}

/** The session's Discount with what it takes off (the entries of `total_details.breakdown.discounts`). */
function discountBreakdown(s: SessionObject, rec: SimSession): { amount: number; discount: Stripe.Discount }[] {
  const d = rec.discount;
  if (!d) return [];
  return [{ amount: rec.line_items.reduce((n, li) => n + li.amount_discount, 0), discount: discountObject(d, s) }];
}

/** A completed session's discount counts as one redemption of its coupon and promotion code. */
function redeemDiscount(ctx: RequestContext, s: SessionObject): void {
  const d = ctx.find<SimSession>(`simcs_${s.id}`, 'sim_checkout_session')?.data.discount;
  if (!d) return;
  redeemCoupon(ctx, d.coupon);
  if (d.promotion_code) redeemPromotionCode(ctx, d.promotion_code);
}

/**
 * `custom_fields` as the session shows them: the field's own options, `value` null until the customer fills it in.
 * A field's type needs its matching options object only for dropdowns (Stripe requires the options list); the
 * wording of that refusal is the simulator's.
 */
function customFields(raw: Record<string, unknown>[]): Stripe.Checkout.Session.CustomField[] {
  return raw.map((f, i) => {
    const type = f.type as 'dropdown' | 'numeric' | 'text';
    const label = f.label as { custom: string };
    const out: Record<string, unknown> = { key: f.key, label: { custom: label.custom, type: 'custom' }, optional: (f.optional as boolean | undefined) ?? false, type };
    if (type === 'dropdown') {
      const d = f.dropdown as { default_value?: string; options: { label: string; value: string }[] } | undefined;
      if (!d) throw parameterMissing(`custom_fields[${i}][dropdown]`);
      if (d.default_value && !d.options.some((o) => o.value === d.default_value)) {
        throw invalidRequest('The `default_value` must be one of the dropdown options.', { param: `custom_fields[${i}][dropdown][default_value]` });
      }
      out.dropdown = { default_value: d.default_value ?? null, options: d.options.map((o) => ({ label: o.label, value: o.value })), value: null };
    } else {
      const t = (f[type] as { default_value?: string; maximum_length?: number; minimum_length?: number } | undefined) ?? {};
      out[type] = { default_value: t.default_value ?? null, maximum_length: t.maximum_length ?? null, minimum_length: t.minimum_length ?? null, value: null };
    }
    return out as unknown as Stripe.Checkout.Session.CustomField;
  });
}

/** `payment_method_options[card]`: the options the simulator acts on, validated like a PaymentIntent's. */
function checkCardOptions(raw: unknown): { request_three_d_secure?: string; setup_future_usage?: string; capture_method?: string } {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidRequest('Invalid object', { param: 'payment_method_options' });
  const card = (raw as Record<string, unknown>).card;
  if (card === undefined || card === null || card === '') return {};
  if (typeof card !== 'object' || Array.isArray(card)) throw invalidRequest('Invalid object', { param: 'payment_method_options[card]' });
  const allowed: Record<string, readonly string[]> = {
    request_three_d_secure: ['any', 'automatic', 'challenge'],
    setup_future_usage: ['off_session', 'on_session'],
    capture_method: ['manual'],
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(card as Record<string, unknown>)) {
    const values = allowed[k];
    if (!values) continue; // other card options (installments, restrictions ...) are accepted and not simulated
    const param = `payment_method_options[card][${k}]`;
    if (typeof v !== 'string' || !values.includes(v)) {
      throw invalidRequest(`Invalid ${param}: must be one of ${values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`}`, { param });
    }
    out[k] = v;
  }
  return out;
}

function savedPaymentMethodOptions(q: Record<string, unknown>): Record<string, unknown> | null {
  const o = q.saved_payment_method_options as Record<string, unknown> | undefined;
  if (!o) return null;
  return {
    allow_redisplay_filters: (o.allow_redisplay_filters as string[] | undefined) ?? null,
    payment_method_remove: (o.payment_method_remove as string | undefined) ?? null,
    payment_method_save: (o.payment_method_save as string | undefined) ?? null,
  };
}

function nameCollection(q: Record<string, { enabled: boolean; optional?: boolean } | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['business', 'individual']) if (q[k]) out[k] = { enabled: q[k]!.enabled, optional: q[k]!.optional ?? false };
  return out;
}

/** The session's echo of the create parameters that shape the page (`null` when not given, as on Stripe). */
function collectionFields(q: Record<string, unknown>): Record<string, unknown> {
  const recovery = (q.after_expiration as { recovery?: { enabled: boolean; allow_promotion_codes?: boolean | null } } | null | undefined)?.recovery;
  const consent = q.consent_collection as Record<string, unknown> | null | undefined;
  const text = (q.custom_text as Record<string, { message: string } | null | undefined> | null | undefined) ?? {};
  const message = (k: string) => (text[k]?.message ? { message: text[k]!.message } : null);
  const taxIds = q.tax_id_collection as { enabled: boolean; required?: string | null } | null | undefined;
  const shipping = q.shipping_address_collection as { allowed_countries: string[] } | null | undefined;
  return {
    after_expiration: recovery ? { recovery: { allow_promotion_codes: recovery.allow_promotion_codes ?? false, enabled: recovery.enabled, expires_at: null, url: null } } : null,
    consent_collection: consent
      ? {
          payment_method_reuse_agreement: (consent.payment_method_reuse_agreement as { position: string } | undefined) ?? null,
          promotions: (consent.promotions as string | undefined) ?? null,
          terms_of_service: (consent.terms_of_service as string | undefined) ?? null,
        }
      : null,
    custom_text: {
      after_submit: message('after_submit'),
      shipping_address: message('shipping_address'),
      submit: message('submit'),
      terms_of_service_acceptance: message('terms_of_service_acceptance'),
    },
    shipping_address_collection: shipping ? { allowed_countries: shipping.allowed_countries } : null,
    tax_id_collection: { enabled: taxIds?.enabled ?? false, required: taxIds?.required ?? 'never' },
    managed_payments: q.managed_payments ? { enabled: (q.managed_payments as { enabled?: boolean }).enabled ?? false } : null,
    permissions: q.permissions ? { update_shipping_details: (q.permissions as { update_shipping_details?: string }).update_shipping_details ?? null } : null,
    ...(q.name_collection ? { name_collection: nameCollection(q.name_collection as Record<string, { enabled: boolean; optional?: boolean } | undefined>) } : {}),
    ...(q.optional_items
      ? {
          optional_items: (q.optional_items as { price: string; quantity: number; adjustable_quantity?: Record<string, unknown> }[]).map((o) => ({
            adjustable_quantity: o.adjustable_quantity
              ? { enabled: o.adjustable_quantity.enabled, maximum: o.adjustable_quantity.maximum ?? null, minimum: o.adjustable_quantity.minimum ?? null }
              : null,
            price: o.price,
            quantity: o.quantity,
          })),
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function simOf(ctx: RequestContext, id: string): SimSession {
  return ctx.get<SimSession>(`simcs_${id}`, 'sim_checkout_session');
}

/** The session's PaymentIntent, when the page has started one. */
function sessionPaymentIntent(ctx: RequestContext, sim: SimSession): (Stripe.PaymentIntent & StripeObject) | undefined {
  return sim.payment_intent ? ctx.find<Stripe.PaymentIntent & StripeObject>(sim.payment_intent, 'payment_intent')?.data : undefined;
}

function sessionIndex(s: SessionObject): Record<string, string | null> {
  return {
    status: s.status,
    customer: typeof s.customer === 'string' ? s.customer : (s.customer?.id ?? null),
    payment_intent: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null),
    email: s.customer_details?.email ?? s.customer_email ?? null,
  };
}

/** The email of the session's existing customer (`customer` parameter), if any. */
function customerEmail(ctx: RequestContext, s: SessionObject): string | null {
  const id = typeof s.customer === 'string' ? s.customer : null;
  return id ? ((ctx.find<Stripe.Customer & StripeObject>(id, 'customer')?.data.email as string | null | undefined) ?? null) : null;
}

function substitute(url: string | null | undefined, id: string): string | null {
  return url ? url.split(SESSION_ID_PLACEHOLDER).join(id) : null;
}

/** The public URL of the hosted page for a session. */
export function hostedUrl(sim: Simulator, id: string): string {
  return `${sim.baseUrl.replace(/\/+$/, '')}/c/pay/${id}`;
}

function loadSession(ctx: RequestContext, id: string): SessionObject {
  const s = ctx.get<SessionObject>(id, 'checkout.session', { kind: 'checkout.session', param: 'session' });
  return reconcile(ctx, s);
}

/** Brings a session up to date with the clock and with its PaymentIntent (the page may have paid it). */
function reconcile(ctx: RequestContext, s: SessionObject): SessionObject {
  if (s.status !== 'open') return s;
  if (s.mode === 'setup' && typeof s.setup_intent === 'string') {
    const si = ctx.find<SetupIntentObject>(s.setup_intent, 'setup_intent')?.data;
    if (si?.status === 'succeeded') return completeSetupSession(ctx, s, si);
  }
  const sim = ctx.find<SimSession>(`simcs_${s.id}`, 'sim_checkout_session')?.data;
  if (sim?.payment_intent) {
    const pi = ctx.find<Stripe.PaymentIntent & StripeObject>(sim.payment_intent, 'payment_intent')?.data;
    if (pi && (pi.status === 'succeeded' || pi.status === 'requires_capture' || pi.status === 'processing')) return completeSession(ctx, s, pi);
    // Since 2022-08-01 the session's PaymentIntent exists once the customer confirms: a failed or pending attempt
    // (a decline, 3D Secure under way) already shows it; the page's unconfirmed intent does not.
    if (pi && s.payment_intent === null && (pi.status !== 'requires_payment_method' || pi.last_payment_error !== null || pi.latest_charge !== null)) {
      s.payment_intent = pi.id;
      ctx.update(s, sessionIndex(s));
    }
  }
  if (s.expires_at <= ctx.now()) return expireSession(ctx, s);
  return s;
}

/**
 * The SetupIntent of a setup-mode session, made by the SetupIntents API's own create (setup_intent.created):
 * off-session usage, the session's customer, `setup_intent_data` (description, metadata, on_behalf_of), the card's
 * `request_three_d_secure` and the session's payment method types. Linked back to the session (`simcssi_`), whose
 * completion it drives.
 */
function createSessionSetupIntent(
  ctx: RequestContext, sessionId: string,
  o: { customer: string | null; data: Record<string, unknown> | null; requestThreeDSecure: string | null; types: string[] | undefined },
): string {
  const params: Record<string, unknown> = { usage: 'off_session' };
  if (o.customer) params.customer = o.customer;
  for (const k of ['description', 'metadata', 'on_behalf_of']) {
    const v = o.data?.[k];
    if (v !== undefined && v !== null) params[k] = v;
  }
  if (o.requestThreeDSecure) params.payment_method_options = { card: { request_three_d_secure: o.requestThreeDSecure } };
  if (o.types) params[isEndive(ctx.version) ? 'allowed_payment_method_types' : 'payment_method_types'] = o.types;
  const si = callRoute(ctx, 'POST', '/v1/setup_intents', params);
  const link: SimSessionLink = { id: `simcssi_${si.id}`, object: 'sim_checkout_session_link', session: sessionId };
  ctx.insert(link);
  return si.id;
}

/** The open session a SetupIntent sets up, if any. */
function openSessionOf(ctx: RequestContext, si: SetupIntentObject): SessionObject | undefined {
  const link = ctx.find<SimSessionLink>(`simcssi_${si.id}`, 'sim_checkout_session_link')?.data;
  const s = link ? ctx.find<SessionObject>(link.session, 'checkout.session')?.data : undefined;
  return s && s.status === 'open' ? s : undefined;
}

/**
 * Called by SetupIntents as one is about to succeed (the card checked and authenticated): the session's customer
 * details are filled in and, with `customer_creation: always` and no `customer`, the Customer is created and set on
 * the SetupIntent, so the card is attached to it. An existing customer gets the email typed on the page.
 */
export function beforeSetupIntentSucceeds(ctx: RequestContext, si: SetupIntentObject): void {
  const s = openSessionOf(ctx, si);
  if (!s) return;
  const email = s.customer_details?.email ?? s.customer_email ?? customerEmail(ctx, s);
  setCustomerDetails(ctx, s, email, si.payment_method);
  applyCollected(ctx, s, si.payment_method);
  if (s.customer) {
    if (email) updateCustomerEmail(ctx, s, email);
  } else if (s.customer_creation === 'always' && !si.customer) {
    const id = createCustomerFromDetails(ctx, s);
    if (id) {
      s.customer = id;
      si.customer = id;
    }
  }
  ctx.update(s, sessionIndex(s));
}

/** Called by SetupIntents when one succeeds: completes the setup-mode session it belongs to, if any. */
export function onSetupIntentSucceeded(ctx: RequestContext, si: SetupIntentObject): void {
  const s = openSessionOf(ctx, si);
  if (s) completeSetupSession(ctx, s, si);
}

/** open -> complete in setup mode: the SetupIntent succeeded (`payment_status` stays `no_payment_required`). */
function completeSetupSession(ctx: RequestContext, s: SessionObject, si: SetupIntentObject): SessionObject {
  if (s.status !== 'open') return s;
  s.status = 'complete';
  s.setup_intent = si.id;
  s.url = null;
  if (!s.customer_details) {
    setCustomerDetails(ctx, s, s.customer_email ?? customerEmail(ctx, s), si.payment_method);
    applyCollected(ctx, s, si.payment_method);
  }
  if (!s.customer && typeof si.customer === 'string') s.customer = si.customer;
  ctx.update(s, sessionIndex(s));
  ctx.emit('checkout.session.completed', s);
  return s;
}

/** open -> complete: the PaymentIntent went through. */
function completeSession(ctx: RequestContext, s: SessionObject, pi: Stripe.PaymentIntent & StripeObject): SessionObject {
  if (s.status !== 'open') return s;
  s.status = 'complete';
  s.payment_intent = pi.id;
  s.payment_status = pi.status === 'succeeded' ? 'paid' : 'unpaid';
  s.url = null;
  const email = pi.receipt_email ?? s.customer_email ?? s.customer_details?.email ?? customerEmail(ctx, s);
  setCustomerDetails(ctx, s, email, pi.payment_method);
  applyCollected(ctx, s, pi.payment_method);
  if (!s.customer) s.customer = createSessionCustomer(ctx, s, pi);
  else if (email) updateCustomerEmail(ctx, s, email);
  redeemDiscount(ctx, s);
  ctx.update(s, sessionIndex(s));
  ctx.emit('checkout.session.completed', s);
  if (pi.status === 'processing') {
    // delayed notification methods are not simulated: card payments settle at once
  }
  return s;
}

/**
 * open -> complete for a no-cost order (a discount took the whole amount off): Stripe's "If the total amount is 0,
 * Checkout doesn't collect a payment method from the customer" and "If the `customer` property isn't set, the Checkout
 * Session automatically creates a new Customer object". No PaymentIntent; `payment_status: no_payment_required`.
 */
function completeFreeSession(ctx: RequestContext, s: SessionObject, email: string | null): SessionObject {
  const address = email ?? s.customer_email ?? s.customer_details?.email ?? customerEmail(ctx, s);
  if (!address) throw parameterMissing('email');
  s.status = 'complete';
  s.payment_status = 'no_payment_required';
  s.url = null;
  setCustomerDetails(ctx, s, address, null);
  applyCollected(ctx, s, null);
  if (!s.customer) s.customer = createCustomerFromDetails(ctx, s);
  else updateCustomerEmail(ctx, s, address);
  redeemDiscount(ctx, s);
  ctx.update(s, sessionIndex(s));
  ctx.emit('checkout.session.completed', s);
  return s;
}

/** `customer_details` at confirmation: the email the page collected (or the merchant set) and the card's billing details. */
function setCustomerDetails(ctx: RequestContext, s: SessionObject, email: string | null, paymentMethod: unknown): void {
  const pm = typeof paymentMethod === 'string' ? ctx.find<Stripe.PaymentMethod & StripeObject>(paymentMethod, 'payment_method')?.data : undefined;
  const billing = pm?.billing_details;
  s.customer_details = {
    address: billing?.address ?? null, business_name: null, email, individual_name: null, name: billing?.name ?? null, phone: billing?.phone ?? null,
    tax_exempt: 'none', tax_ids: [],
  } as unknown as Stripe.Checkout.Session.CustomerDetails;
}

/** A Customer from the session's `customer_details`, made by the Customers API's own create (customer.created). */
function createCustomerFromDetails(ctx: RequestContext, s: SessionObject): string | null {
  const details = s.customer_details;
  const params: Record<string, unknown> = { email: details?.email ?? undefined, name: details?.name ?? undefined };
  if (details?.address && Object.values(details.address).some((v) => v)) params.address = details.address;
  if (details?.phone) params.phone = details.phone;
  const shipping = s.collected_information?.shipping_details;
  if (shipping) params.shipping = { name: shipping.name, address: shipping.address };
  return callRoute(ctx, 'POST', '/v1/customers', params).id;
}

/**
 * `customer_creation`: `always` creates a Customer when the session completes; `if_required` only when one is needed
 * (in payment mode, for a post-purchase invoice). `setup_future_usage` alone does not: Stripe's reference says "If
 * Checkout does not create a Customer, the payment method is not attached to a Customer". The Customer is made by
 * the Customers API's own create (so it emits customer.created), the PaymentIntent points at it, and a card kept
 * for future use is attached to it.
 */
function createSessionCustomer(ctx: RequestContext, s: SessionObject, pi: Stripe.PaymentIntent & StripeObject): string | null {
  if (s.mode !== 'payment') return null;
  const sfu = pi.setup_future_usage ?? (pi.payment_method_options?.card as { setup_future_usage?: string } | undefined)?.setup_future_usage;
  const needed = s.customer_creation === 'always' || s.invoice_creation?.enabled === true;
  if (!needed) return null;
  const customerId = createCustomerFromDetails(ctx, s);
  if (!customerId) return null;
  const customer = { id: customerId };
  pi.customer = customer.id;
  ctx.update(pi, { customer: customer.id, status: pi.status });
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : null;
  const pm = pmId ? ctx.find<PaymentMethodObject>(pmId, 'payment_method')?.data : undefined;
  // A card collected for future use without a customer stays reusable (payment_intents.ts): the new customer holds it.
  if (sfu && pm && !pm.customer) attachPaymentMethod(ctx, pm, customer.id);
  return customer.id;
}

/**
 * Stripe: "If the customer changes their email on the Checkout page, the Customer object will be updated with the
 * new email." Done through the Customers API's own update (customer.updated).
 */
function updateCustomerEmail(ctx: RequestContext, s: SessionObject, email: string): void {
  const id = typeof s.customer === 'string' ? s.customer : null;
  if (!id || customerEmail(ctx, s) === email) return;
  if (!ctx.find(id, 'customer')) return;
  callRoute(ctx, 'POST', '/v1/customers/:id', { email }, { id });
}

/** open -> expired; an unpaid PaymentIntent started by the page (or the setup-mode session's SetupIntent) is canceled. */
function expireSession(ctx: RequestContext, s: SessionObject): SessionObject {
  s.status = 'expired';
  s.url = null;
  const recovery = s.after_expiration?.recovery;
  if (recovery?.enabled && s.ui_mode === 'hosted_page') {
    // Stripe's recovery link (a buy.stripe.com URL there) opens a new session for the same cart; it stays valid
    // for 30 days after the session expires.
    recovery.url = `${ctx.sim.baseUrl.replace(/\/+$/, '')}/c/recover/${s.id}`;
    recovery.expires_at = ctx.now() + RECOVERY_VALIDITY;
  }
  const sim = ctx.find<SimSession>(`simcs_${s.id}`, 'sim_checkout_session')?.data;
  if (sim?.payment_intent) {
    const pi = ctx.find<Stripe.PaymentIntent & StripeObject>(sim.payment_intent, 'payment_intent')?.data;
    if (pi && ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
      pi.status = 'canceled';
      pi.canceled_at = ctx.now();
      pi.cancellation_reason = 'abandoned';
      pi.next_action = null;
      ctx.update(pi, { status: pi.status });
      ctx.emit('payment_intent.canceled', pi);
    }
  }
  const si = typeof s.setup_intent === 'string' ? ctx.find<SetupIntentObject>(s.setup_intent, 'setup_intent')?.data : undefined;
  if (si && ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) {
    // Stripe: "To cancel [the session's SetupIntent], expire the Checkout Session instead."
    abandonPendingAttempt(ctx, si);
    si.status = 'canceled';
    si.cancellation_reason = 'abandoned';
    si.next_action = null;
    ctx.update(si, { customer: typeof si.customer === 'string' ? si.customer : null, payment_method: typeof si.payment_method === 'string' ? si.payment_method : null });
    ctx.emit('setup_intent.canceled', si);
  }
  ctx.update(s, sessionIndex(s));
  ctx.emit('checkout.session.expired', s);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

/** The session's `automatic_tax`: as asked, with the liable account (`self` unless given) when enabled. */
function automaticTax(p: { enabled: boolean; liability?: { type: string; account?: string } } | undefined): Stripe.Checkout.Session.AutomaticTax {
  if (!p?.enabled) return { enabled: false, liability: null, provider: null, status: null } as Stripe.Checkout.Session.AutomaticTax;
  const liability = p.liability ? { type: p.liability.type, ...(p.liability.type === 'account' ? { account: p.liability.account ?? null } : {}) } : { type: 'self' };
  return { enabled: true, liability, provider: 'stripe', status: 'complete' } as Stripe.Checkout.Session.AutomaticTax;
}

function create(ctx: RequestContext): SessionObject {
  const q = ctx.params;
  const mode = (q.mode as string | undefined) ?? null;
  if (!mode) throw parameterMissing('mode');
  if (mode === 'subscription') {
    checkSubscriptionItems(ctx, (q.line_items as Record<string, unknown>[] | undefined) ?? []);
    throw invalidRequest('The simulator does not support `subscription` mode yet: use `payment` or `setup`.', { param: 'mode' });
  }
  const uiMode = (q.ui_mode as string | undefined) ?? 'hosted_page';
  checkTypes(ctx, q);
  validateUrls(q, uiMode);
  if (uiMode === 'elements') {
    // The SDK's reference: "You can't set this parameter if `ui_mode` is `elements`".
    const bad = ['after_expiration', 'branding_settings', 'custom_fields', 'custom_text', 'origin_context', 'submit_type'].find((k) => q[k] !== undefined && q[k] !== null);
    if (bad) throw notAllowedFor(bad, uiMode);
  }
  const expiresAt = validateExpiry(ctx, q.expires_at);
  if (q.customer && q.customer_email) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  }
  // Both wordings as Stripe answers them (quoted in integrators' reports): a session for an existing customer
  // cannot also ask for one to be created, and subscription settings belong to subscription mode.
  if (q.customer && q.customer_creation) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_creation.', { param: 'customer' });
  }
  if (mode !== 'subscription' && q.subscription_data !== undefined && q.subscription_data !== null) {
    throw invalidRequest(`You can not pass \`subscription_data\` in \`${mode}\` mode.`, { param: 'subscription_data' });
  }
  checkEmail(q.customer_email, 'customer_email');
  if (q.allow_promotion_codes !== undefined && q.allow_promotion_codes !== null && q.discounts) {
    // Stripe names allow_promotion_codes (its answer as quoted in stripe-node#2248).
    throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', { param: 'allow_promotion_codes' });
  }
  // Wording not confirmed from Stripe's public material.
  if (q.customer_update && !q.customer) throw invalidRequest('`customer_update` can only be used with `customer`.', { param: 'customer_update' });
  ((q.optional_items as { price: string }[] | undefined) ?? []).forEach((o, i) => {
    const price = ctx.find<PriceObject>(o.price, 'price');
    if (!price) throw resourceMissing('price', o.price, `optional_items[${i}][price]`);
  });
  if (q.customer) {
    const c = ctx.find<StripeObject>(q.customer as string, 'customer');
    if (!c || c.data.deleted === true) throw resourceMissing('customer', q.customer as string, 'customer');
  }
  const rawItems = (q.line_items as Record<string, unknown>[] | undefined) ?? [];
  // Wording not confirmed from Stripe's public material (the setup-mode one below is).
  if (mode === 'payment' && rawItems.length === 0) {
    throw invalidRequest('`line_items` is required in `payment` mode.', { param: 'line_items', code: 'parameter_missing' });
  }
  if (mode === 'setup' && rawItems.length > 0) {
    throw invalidRequest('You can not pass `line_items` in `setup` mode.', { param: 'line_items' });
  }
  if (mode === 'setup' && q.payment_intent_data) {
    throw invalidRequest('You can not pass `payment_intent_data` in `setup` mode.', { param: 'payment_intent_data' });
  }
  // Stripe's reference: setup_intent_data is "passed to SetupIntent creation for Checkout Sessions in `setup` mode"
  // (worded like the confirmed `line_items` refusal; this wording is not confirmed).
  if (mode !== 'setup' && q.setup_intent_data) {
    throw invalidRequest(`You can not pass \`setup_intent_data\` in \`${mode}\` mode.`, { param: 'setup_intent_data' });
  }
  const sid = (q.setup_intent_data as Record<string, unknown> | undefined) ?? null;
  if (typeof sid?.on_behalf_of === 'string' && !connectedAccount(ctx, sid.on_behalf_of)) {
    throw resourceMissing('account', sid.on_behalf_of, 'setup_intent_data[on_behalf_of]');
  }
  // Stripe's types: submit_type only outside setup mode, payment_method_collection only in subscription mode.
  // Worded like the confirmed `line_items` one above; these two wordings are not confirmed.
  if (mode === 'setup' && q.submit_type) throw invalidRequest('You can not pass `submit_type` in `setup` mode.', { param: 'submit_type' });
  if (mode !== 'subscription' && q.payment_method_collection) {
    throw invalidRequest(`You can not pass \`payment_method_collection\` in \`${mode}\` mode.`, { param: 'payment_method_collection' });
  }
  if (mode === 'setup' && !q.currency && !q.allowed_payment_method_types && !q.payment_method_types) {
    throw invalidRequest('`currency` is required in `setup` mode when `allowed_payment_method_types` is not set.', { param: 'currency', code: 'parameter_missing' });
  }
  if (mode === 'setup' && q.allow_promotion_codes) {
    throw invalidRequest('You can not pass `allow_promotion_codes` in `setup` mode.', { param: 'allow_promotion_codes' });
  }
  const items = buildLineItems(ctx, rawItems, mode);
  const currency = items[0]?.currency ?? ((q.currency as string | undefined)?.toLowerCase() ?? null);
  const subtotal = items.reduce((s, li) => s + li.amount_subtotal, 0);
  const pid = (q.payment_intent_data as Record<string, unknown> | undefined) ?? null;
  const shippingOptions = buildShippingOptions(ctx, (q.shipping_options as Record<string, unknown>[] | undefined) ?? [], mode, currency);
  const shippingAmount = shippingOptions[0]?.shipping_amount ?? 0;
  const customerCreation = q.customer ? null : ((q.customer_creation as string | undefined) ?? (mode === 'payment' ? 'if_required' : null));
  const discount = resolveDiscount(
    ctx, q.discounts as Record<string, unknown>[] | undefined,
    currency ? { currency, items, customer: (q.customer as string | undefined) ?? null, customerCreation } : null, mode,
  );
  const discountTotal = discount && currency ? discountAmounts(discount, items, currency).total : 0;
  const total = subtotal - discountTotal + shippingAmount;
  // A discount may make the order free (Stripe's no-cost orders: "You can also create a free Checkout Session by
  // applying a coupon for an amount equal to or exceeding the Checkout Session total").
  if (mode === 'payment' && currency && !(discount && total === 0)) {
    const min = MINIMUM_CHARGE_AMOUNTS[currency] ?? 1;
    if (total < min) {
      // Stripe's Checkout wording (the minimum in the currency's symbol, then its code: "$0.50 usd"); Stripe's
      // public material shows no error code or param for it, so none is invented.
      throw invalidRequest(`The Checkout Session's total amount due must add up to at least ${formatAmount(min, currency)} ${currency}`);
    }
    const e = validateChargeAmount(total, currency, 'line_items');
    if (e) throw invalidRequest(e.message, { param: 'line_items', code: e.code });
  }
  if (pid) checkDestinationCharge(ctx, pid, total, 'payment_intent_data');

  const cardOptions = checkCardOptions(q.payment_method_options);
  if (mode === 'setup' && q.saved_payment_method_options) {
    throw invalidRequest('You can not pass `saved_payment_method_options` in `setup` mode.', { param: 'saved_payment_method_options' });
  }
  const id = `cs_test_${'a1'}${randomString(56)}`;
  const now = ctx.now();
  // Setup mode: the SetupIntent exists from the start (`setup_intent` is set on the new session; Stripe's 2022-08-01
  // deferral of intent creation to confirmation concerns payment mode only).
  const setupIntent = mode === 'setup'
    ? createSessionSetupIntent(ctx, id, {
        customer: (q.customer as string | undefined) ?? null,
        data: sid,
        requestThreeDSecure: cardOptions.request_three_d_secure ?? null,
        types: (q.allowed_payment_method_types ?? q.payment_method_types) as string[] | undefined,
      })
    : null;
  const session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: (q.adaptive_pricing as { enabled?: boolean } | undefined)?.enabled ?? false },
    allow_promotion_codes: (q.allow_promotion_codes as boolean | undefined) ?? null,
    allowed_payment_method_types: (q.allowed_payment_method_types as string[] | undefined) ?? null,
    amount_subtotal: mode === 'payment' ? subtotal : null,
    amount_total: mode === 'payment' ? total : null,
    // Stripe's own quickstarts pass automatic_tax[enabled]=true: accepted, with Stripe Tax computing no tax here (the
    // simulated account collects none), so amount_tax stays 0 and the status is complete.
    automatic_tax: automaticTax(q.automatic_tax as { enabled: boolean; liability?: { type: string; account?: string } } | undefined),
    billing_address_collection: (q.billing_address_collection as string | undefined) ?? null,
    cancel_url: (q.cancel_url as string | undefined) ?? null,
    client_reference_id: (q.client_reference_id as string | undefined) ?? null,
    client_secret: uiMode === 'hosted_page' ? null : `${id}_secret_${randomString(24)}`,
    collected_information: null,
    consent: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: customFields((q.custom_fields as Record<string, unknown>[] | undefined) ?? []),
    customer: (q.customer as string | undefined) ?? null,
    customer_account: null,
    // Settable in payment and setup mode; payment mode defaults to if_required (API 2022-08-01).
    customer_creation: customerCreation,
    customer_details: q.customer_email
      ? { address: null, business_name: null, email: q.customer_email, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null }
      : null,
    customer_email: (q.customer_email as string | undefined) ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: (q.integration_identifier as string | undefined) ?? null,
    invoice: null,
    invoice_creation: mode === 'payment' ? { enabled: (q.invoice_creation as { enabled?: boolean } | undefined)?.enabled ?? false, invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null } } : null,
    livemode: false,
    locale: (q.locale as string | undefined) ?? null,
    metadata: metadataFrom(undefined, q.metadata),
    mode,
    origin_context: (q.origin_context as string | undefined) ?? null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: (q.payment_method_collection as string | undefined) ?? (mode === 'payment' ? null : 'always'),
    payment_method_configuration_details: q.allowed_payment_method_types || q.payment_method_types ? null : { id: 'pmc_simulator_default', parent: null },
    payment_method_options: { card: { request_three_d_secure: cardOptions.request_three_d_secure ?? 'automatic', ...cardOptions } },
    payment_method_types: ((q.allowed_payment_method_types ?? q.payment_method_types) as string[] | undefined) ?? ['card', 'link'],
    payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
    phone_number_collection: { enabled: (q.phone_number_collection as { enabled?: boolean } | undefined)?.enabled ?? false },
    recovered_from: null,
    saved_payment_method_options: savedPaymentMethodOptions(q),
    setup_intent: setupIntent,
    // The first shipping option is the one selected until the customer picks another.
    shipping_cost: shippingOptions[0]
      ? { amount_subtotal: shippingAmount, amount_tax: 0, amount_total: shippingAmount, shipping_rate: shippingOptions[0].shipping_rate }
      : null,
    shipping_options: shippingOptions,
    status: 'open',
    submit_type: (q.submit_type as string | undefined) ?? null,
    subscription: null,
    success_url: (q.success_url as string | undefined) ?? null,
    total_details: mode === 'payment' ? { amount_discount: 0, amount_shipping: shippingAmount, amount_tax: 0 } : null,
    ui_mode: uiMode,
    url: uiMode === 'hosted_page' ? hostedUrl(ctx.sim, id) : null,
    wallet_options: q.wallet_options ? { ...((q.wallet_options as { link?: { display?: string } }).link ? { link: { display: (q.wallet_options as { link: { display?: string } }).link.display ?? 'auto' } } : {}) } : null,
    ...collectionFields(q),
  } as unknown as SessionObject;
  if (uiMode !== 'hosted_page') {
    (session as Record<string, unknown>).redirect_on_completion = (q.redirect_on_completion as string | undefined) ?? 'always';
    if (q.return_url) (session as Record<string, unknown>).return_url = q.return_url;
  }
  const sim: SimSession = {
    id: `simcs_${id}`, object: 'sim_checkout_session', line_items: items, payment_intent: null, payment_intent_data: pid, setup_intent_data: sid, discount,
  };
  priceSession(session, sim);
  ctx.insert(session, sessionIndex(session));
  ctx.insert(sim);
  return withLineItems(ctx, session);
}

/**
 * Includable and nested expansions the generic pipeline cannot build from the stored session: `line_items` (absent
 * from stored sessions), `total_details.breakdown` (the session's Discount and what it takes off), and
 * `discounts.coupon` / `discounts.promotion_code` (ids inside an array). The stored session is left untouched.
 */
function withLineItems(ctx: RequestContext, s: SessionObject): SessionObject {
  const raw = ctx.rawParams.expand as unknown;
  const given = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : typeof raw === 'string' ? [raw] : [];
  const paths = new Set(given.filter((x): x is string => typeof x === 'string').map((x) => (x.startsWith('data.') ? x.slice(5) : x)));
  if (paths.size === 0) return s;
  const out = { ...s } as SessionObject & Record<string, unknown>;
  if (paths.has('line_items')) out.line_items = lineItemList(ctx, s.id, `/v1/checkout/sessions/${s.id}/line_items`) as unknown as SessionObject['line_items'];
  const rec = ctx.find<SimSession>(`simcs_${s.id}`, 'sim_checkout_session')?.data;
  if (rec && s.total_details && [...paths].some((x) => x === 'total_details.breakdown' || x.startsWith('total_details.breakdown.'))) {
    out.total_details = { ...s.total_details, breakdown: { discounts: discountBreakdown(s, rec), taxes: [] } };
  }
  const coupon = paths.has('discounts.coupon');
  const promo = paths.has('discounts.promotion_code');
  if ((coupon || promo) && s.discounts) {
    const object = (id: unknown, type: string) => {
      const found = typeof id === 'string' ? ctx.find<StripeObject>(id, type)?.data : undefined;
      return found ? renderForVersion(found, ctx.version) : id;
    };
    out.discounts = s.discounts.map((d) => ({
      coupon: coupon ? object(d.coupon, 'coupon') : d.coupon,
      promotion_code: promo ? object(d.promotion_code, 'promotion_code') : d.promotion_code,
    })) as SessionObject['discounts'];
  }
  return out;
}

function retrieve(ctx: RequestContext): SessionObject {
  return withLineItems(ctx, loadSession(ctx, ctx.pathParams.id));
}

function update(ctx: RequestContext): SessionObject {
  const s = loadSession(ctx, ctx.pathParams.id);
  const q = ctx.params;
  if ('line_items' in q || 'shipping_options' in q || 'collected_information' in q) {
    const bad = ['line_items', 'shipping_options', 'collected_information'].find((k) => k in q)!;
    throw invalidRequest(`\`${bad}\` can only be updated on Checkout Sessions with \`ui_mode\` \`elements\` and \`permissions[update]\` set.`, { param: bad });
  }
  if ('payment_intent_data' in q) updatePaymentIntentData(ctx, s, (q.payment_intent_data as Record<string, unknown> | null) ?? {});
  if ('metadata' in q) s.metadata = metadataFrom(s.metadata ?? {}, q.metadata);
  ctx.update(s, sessionIndex(s));
  return s;
}

/**
 * `payment_intent_data` on update (API endive): only for `ui_mode: elements` sessions in payment mode while open;
 * applies to the session's PaymentIntent too, abandoning an attempt that awaits the customer (back to
 * requires_payment_method); refused once the PaymentIntent is processing, authorised, paid or canceled. The wording of
 * these refusals is the simulator's (not confirmed from Stripe's public material).
 */
function updatePaymentIntentData(ctx: RequestContext, s: SessionObject, pid: Record<string, unknown>): void {
  if (s.ui_mode !== 'elements') {
    throw invalidRequest('`payment_intent_data` can only be updated on Checkout Sessions with `ui_mode` `elements`.', { param: 'payment_intent_data' });
  }
  if (s.mode !== 'payment') throw invalidRequest(`You can not pass \`payment_intent_data\` in \`${s.mode}\` mode.`, { param: 'payment_intent_data' });
  if (s.status !== 'open') {
    throw invalidRequest(`\`payment_intent_data\` cannot be updated on a Checkout Session with a status of \`${s.status}\`.`, { param: 'payment_intent_data' });
  }
  const sim = simOf(ctx, s.id);
  const pi = sessionPaymentIntent(ctx, sim);
  if (pi && !['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    throw invalidRequest(`\`payment_intent_data\` cannot be updated once the Checkout Session's PaymentIntent has a status of \`${pi.status}\`.`, { param: 'payment_intent_data' });
  }
  const current = { ...(sim.payment_intent_data ?? {}) };
  for (const [k, v] of Object.entries(pid)) {
    if (k === 'metadata') current.metadata = v === null ? {} : metadataFrom((current.metadata as Record<string, string> | undefined) ?? {}, v);
    else current[k] = v;
  }
  sim.payment_intent_data = current;
  ctx.update(sim);
  if (pi) {
    const target = pi as unknown as Record<string, unknown>;
    for (const k of Object.keys(pid)) target[k] = k === 'metadata' ? (current.metadata ?? {}) : (current[k] ?? null);
    if (pi.status !== 'requires_payment_method') {
      pi.status = 'requires_payment_method';
      pi.next_action = null;
    }
    ctx.update(pi, { customer: typeof pi.customer === 'string' ? pi.customer : null, status: pi.status });
  }
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  const res = ctx.list<SessionObject>('checkout.session', {
    where: {
      status: q.status as string | undefined,
      customer: q.customer as string | undefined,
      payment_intent: q.payment_intent as string | undefined,
      email: (q.customer_details as { email?: string } | undefined)?.email,
    },
    filter: (s) => (q.payment_link ? s.payment_link === q.payment_link : true) && (q.subscription ? s.subscription === q.subscription : true),
    created: (q.created as { gt?: number } | undefined) ?? null,
    url: '/v1/checkout/sessions',
  });
  return { ...res, data: res.data.map((x) => withLineItems(ctx, reconcile(ctx, x))) };
}

function expire(ctx: RequestContext): SessionObject {
  const s = loadSession(ctx, ctx.pathParams.id);
  if (s.status !== 'open') {
    // Stripe's wording, as reported by its users (no error code is documented for it).
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${s.status}\`.`);
  }
  return expireSession(ctx, s);
}

function listLineItems(ctx: RequestContext) {
  const s = loadSession(ctx, ctx.pathParams.id);
  return lineItemList(ctx, s.id, `/v1/checkout/sessions/${s.id}/line_items`);
}

function lineItemList(ctx: RequestContext, id: string, url: string) {
  const items = simOf(ctx, id).line_items;
  const limit = (ctx.params.limit as number | undefined) ?? 10;
  let start = 0;
  let end = items.length;
  if (ctx.params.starting_after) {
    const i = items.findIndex((li) => li.id === ctx.params.starting_after);
    if (i < 0) throw resourceMissing('line_item', ctx.params.starting_after as string, 'starting_after', 400);
    start = i + 1;
  }
  if (ctx.params.ending_before) {
    const i = items.findIndex((li) => li.id === ctx.params.ending_before);
    if (i < 0) throw resourceMissing('line_item', ctx.params.ending_before as string, 'ending_before', 400);
    end = i;
    start = Math.max(0, end - limit);
  }
  let data = items.slice(start, Math.min(end, start + limit));
  // `discounts` of a line item is includable: filled in here when the request expands it (the list's own
  // `data.discounts`, or the session's `line_items.data.discounts`).
  if (ctx.expand.some((x) => /^(data\.)?(line_items\.)?data\.discounts(\.|$)/.test(x))) {
    const rec = simOf(ctx, id);
    const s = ctx.find<SessionObject>(id, 'checkout.session')?.data;
    data = data.map((li) => ({
      ...li,
      discounts: rec.discount && s && li.amount_discount > 0 ? [{ amount: li.amount_discount, discount: discountObject(rec.discount, s) }] : [],
    }));
  }
  return { object: 'list', data, has_more: start + data.length < end, url };
}

// ---------------------------------------------------------------------------------------------------------------
// Page API (publishable key): what <ck-checkout> reads and does on the hosted and embedded pages.

function pageSession(ctx: RequestContext): SessionObject {
  const id = ctx.pathParams.id;
  const s = ctx.find<SessionObject>(id, 'checkout.session')?.data;
  if (!s) throw resourceMissing('checkout.session', id, 'session');
  if (s.ui_mode !== 'hosted_page') {
    const secret = (ctx.params.client_secret as string | undefined) ?? null;
    if (secret !== s.client_secret) {
      throw invalidRequest('The client_secret provided does not match the client_secret associated with the Checkout Session.', { param: 'client_secret' });
    }
  }
  return reconcile(ctx, s);
}

function pageView(ctx: RequestContext, s: SessionObject): Record<string, unknown> {
  const sim = simOf(ctx, s.id);
  let branding = ctx.sim.settings.branding as unknown as Record<string, unknown>;
  if (ctx.account !== ctx.platformAccount) {
    // Direct charges: the connected account is the merchant the customer sees.
    const acct = ctx.store.get<{ business_profile?: { name?: string | null }; settings?: { branding?: { icon?: string | null; primary_color?: string | null } } }>(ctx.account)?.data;
    branding = {
      platform_name: acct?.business_profile?.name ?? null,
      icon_url: null,
      primary_color: acct?.settings?.branding?.primary_color ?? null,
    };
  }
  return {
    id: s.id,
    object: 'checkout.page',
    status: s.status,
    payment_status: s.payment_status,
    mode: s.mode,
    ui_mode: s.ui_mode,
    currency: s.currency,
    amount_subtotal: s.amount_subtotal,
    amount_total: s.amount_total,
    amount_discount: s.total_details?.amount_discount ?? 0,
    allow_promotion_codes: s.allow_promotion_codes === true,
    // The applied discount, for a "Discount" row (and, for the customer's promotion code, a remove button).
    discount: sim.discount
      ? {
          code: sim.discount.code,
          name: sim.discount.terms.name,
          percent_off: sim.discount.terms.percent_off,
          amount: s.total_details?.amount_discount ?? 0,
          removable: s.allow_promotion_codes === true && sim.discount.promotion_code !== null,
        }
      : null,
    // An existing customer's email prefills the field (editable, as on Stripe); customer_email locks it.
    customer_email: s.customer_details?.email ?? s.customer_email ?? customerEmail(ctx, s),
    email_locked: s.customer_email !== null,
    expires_at: s.expires_at,
    locale: s.locale,
    submit_type: s.submit_type,
    cancel_url: s.cancel_url,
    success_url: substitute(s.success_url, s.id),
    return_url: substitute((s as Record<string, unknown>).return_url as string | undefined, s.id),
    redirect_on_completion: (s as Record<string, unknown>).redirect_on_completion ?? null,
    // The selected shipping rate, for a "Shipping" row (amount_total includes it).
    shipping: s.shipping_cost
      ? {
          display_name: ctx.find<Stripe.ShippingRate & StripeObject>(String(s.shipping_cost.shipping_rate), 'shipping_rate')?.data.display_name ?? null,
          amount: s.shipping_cost.amount_total,
        }
      : null,
    line_items: sim.line_items.map((li) => ({
      id: li.id,
      description: li.description,
      quantity: li.quantity,
      unit_amount: (li.price as Stripe.Price | null)?.unit_amount ?? null,
      amount_subtotal: li.amount_subtotal,
      amount_discount: li.amount_discount,
      amount_total: li.amount_total,
      currency: li.currency,
    })),
    branding: {
      display_name: branding.platform_name ?? branding.platformName ?? null,
      icon_url: branding.icon_url ?? branding.iconUrl ?? null,
      primary_color: branding.primary_color ?? branding.primaryColor ?? null,
    },
    collect: collectView(s),
  };
}

/** What the page must ask for: the session's `custom_fields`, consent, `custom_text`, phone and address settings. */
function collectView(s: SessionObject): Record<string, unknown> {
  const text = s.custom_text as unknown as Record<string, { message: string } | null> | null | undefined;
  const message = (k: string) => text?.[k]?.message ?? null;
  return {
    custom_fields: (s.custom_fields ?? []).map((f) => {
      const o = (f.type === 'dropdown' ? f.dropdown : f.type === 'numeric' ? f.numeric : f.text) as
        { default_value?: string | null; minimum_length?: number | null; maximum_length?: number | null; options?: { label: string; value: string }[] } | null;
      return {
        key: f.key, label: f.label.custom ?? f.key, type: f.type, optional: f.optional,
        default_value: o?.default_value ?? null, minimum_length: o?.minimum_length ?? null, maximum_length: o?.maximum_length ?? null,
        options: f.type === 'dropdown' ? (o?.options ?? []).map((x) => ({ label: x.label, value: x.value })) : null,
      };
    }),
    terms_of_service: s.consent_collection?.terms_of_service === 'required',
    promotions: s.consent_collection?.promotions === 'auto',
    custom_text: {
      submit: message('submit'), after_submit: message('after_submit'),
      shipping_address: message('shipping_address'), terms_of_service_acceptance: message('terms_of_service_acceptance'),
    },
    phone: s.phone_number_collection?.enabled === true,
    billing_address: s.billing_address_collection === 'required',
    shipping_countries: s.shipping_address_collection?.allowed_countries ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What the customer enters on the page (`start` with `submit=true`): checked here, whatever the page did, and kept
// on the internal record until the session completes. Stripe's page API is private, so these refusals' wording is the
// simulator's (Stripe's "Missing required param" where a value is missing).

const MAX_CUSTOM_FIELD_LENGTH = 255;

const addressSchema: Schema = {
  line1: p.string({ maxLength: 200 }), line2: p.string({ maxLength: 200 }), city: p.string({ maxLength: 200 }),
  state: p.string({ maxLength: 200 }), postal_code: p.string({ maxLength: 40 }), country: p.string({ maxLength: 2 }),
};
const detailsSchema = p.object({ name: p.string({ maxLength: 300 }), address: p.object(addressSchema) });

const startParams: Schema = {
  email: p.string({ maxLength: 800 }),
  submit: p.boolean(),
  custom_fields: p.map(p.string({ maxLength: 1000 })),
  consent: p.object({ terms_of_service: p.enumOf(['accepted']), promotions: p.enumOf(['opt_in', 'opt_out']) }),
  phone: p.string({ maxLength: 40 }),
  billing_details: detailsSchema,
  shipping_details: detailsSchema,
};

const blank = (v: unknown): v is undefined | null | '' => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkCustomFields(s: SessionObject, given: Record<string, string>): Record<string, string | null> {
  const fields = s.custom_fields ?? [];
  for (const key of Object.keys(given)) {
    if (!fields.some((f) => f.key === key)) throw invalidRequest(`This Checkout Session has no custom field \`${key.slice(0, 200)}\`.`, { param: `custom_fields[${key.slice(0, 200)}]` });
  }
  const out: Record<string, string | null> = {};
  for (const f of fields) {
    const param = `custom_fields[${f.key}]`;
    const raw = given[f.key];
    if (blank(raw)) {
      if (!f.optional) throw invalidRequest(`Missing required param: ${param}. The custom field "${f.label.custom ?? f.key}" is required.`, { param, code: 'parameter_missing' });
      out[f.key] = null;
      continue;
    }
    const value = raw.trim();
    if (f.type === 'dropdown') {
      const values = (f.dropdown?.options ?? []).map((o) => o.value);
      if (!values.includes(value)) throw invalidRequest(`Invalid ${param}: must be one of ${values.join(', ')}`, { param });
    } else {
      const o = f.type === 'numeric' ? f.numeric : f.text;
      if (f.type === 'numeric' && !/^[0-9]+$/.test(value)) throw invalidRequest(`Invalid ${param}: the custom field "${f.label.custom ?? f.key}" accepts digits only.`, { param });
      const min = o?.minimum_length ?? 1;
      const max = o?.maximum_length ?? MAX_CUSTOM_FIELD_LENGTH;
      if (value.length < min || value.length > max) {
        throw invalidRequest(
          `Invalid ${param}: the custom field "${f.label.custom ?? f.key}" must be ${min === max ? `exactly ${min}` : `between ${min} and ${max}`} characters long.`,
          { param },
        );
      }
    }
    out[f.key] = value;
  }
  return out;
}

function checkDetails(raw: unknown, prefix: 'billing_details' | 'shipping_details', allowed: string[] | null): { name: string; address: Address } {
  const d = (raw ?? {}) as { name?: string; address?: Record<string, string | undefined> };
  if (blank(d.name)) throw parameterMissing(`${prefix}[name]`);
  const a = d.address ?? {};
  const country = (a.country ?? '').trim().toUpperCase();
  if (!country) throw parameterMissing(`${prefix}[address][country]`);
  if (!/^[A-Z]{2}$/.test(country)) throw invalidRequest(`Invalid ${prefix}[address][country]: must be a two-letter country code (ISO 3166-1 alpha-2).`, { param: `${prefix}[address][country]` });
  if (allowed && !allowed.includes(country)) {
    throw invalidRequest(`Invalid ${prefix}[address][country]: this Checkout Session ships only to ${allowed.join(', ')}.`, { param: `${prefix}[address][country]` });
  }
  for (const k of ['line1', 'city']) if (blank(a[k])) throw parameterMissing(`${prefix}[address][${k}]`);
  if (!NO_POSTAL_CODE.has(country) && blank(a.postal_code)) throw parameterMissing(`${prefix}[address][postal_code]`);
  if (NEEDS_STATE.has(country) && blank(a.state)) throw parameterMissing(`${prefix}[address][state]`);
  const v = (k: string) => (blank(a[k]) ? null : a[k]!.trim());
  return { name: d.name!.trim(), address: { city: v('city'), country, line1: v('line1'), line2: v('line2'), postal_code: v('postal_code'), state: v('state') } };
}

/** Checks everything the session asks for in one go (nothing is recorded when one value is refused). */
function checkCollected(s: SessionObject, q: Record<string, unknown>): Collected {
  const customFields = checkCustomFields(s, (q.custom_fields as Record<string, string> | undefined) ?? {});
  const consentGiven = (q.consent as { terms_of_service?: 'accepted'; promotions?: 'opt_in' | 'opt_out' } | undefined) ?? {};
  const cc = s.consent_collection;
  if (cc?.terms_of_service === 'required' && consentGiven.terms_of_service !== 'accepted') {
    throw invalidRequest('Missing required param: consent[terms_of_service]. The customer must accept the terms of service.', { param: 'consent[terms_of_service]', code: 'parameter_missing' });
  }
  let phone: string | null = null;
  if (s.phone_number_collection?.enabled) {
    const raw = q.phone as string | undefined;
    if (blank(raw)) throw parameterMissing('phone');
    const compact = raw.replace(/[\s().-]/g, '');
    if (!/^\+?[0-9]{6,15}$/.test(compact)) throw invalidRequest(`Invalid phone number: ${raw.slice(0, 40)}`, { param: 'phone' });
    phone = compact;
  }
  const billing = s.billing_address_collection === 'required' ? checkDetails(q.billing_details, 'billing_details', null) : null;
  const allowed = s.shipping_address_collection?.allowed_countries ?? null;
  const shipping = allowed ? checkDetails(q.shipping_details, 'shipping_details', allowed) : null;
  const consent = cc && (cc.terms_of_service === 'required' || cc.promotions === 'auto')
    ? {
        terms_of_service: cc.terms_of_service === 'required' ? ('accepted' as const) : null,
        promotions: cc.promotions === 'auto' ? (consentGiven.promotions ?? 'opt_out') : null,
      }
    : null;
  return { custom_fields: customFields, consent, phone, billing, shipping };
}

/**
 * On completion: the values the page collected go where Stripe puts them: `custom_fields[].<type>.value`, `consent`,
 * `customer_details` (phone, billing name and address), `collected_information.shipping_details`, the
 * PaymentMethod's `billing_details` and the PaymentIntent's `shipping`.
 */
function applyCollected(ctx: RequestContext, s: SessionObject, paymentMethod: unknown): void {
  const c = ctx.find<SimSession>(`simcs_${s.id}`, 'sim_checkout_session')?.data.collected ?? null;
  for (const f of s.custom_fields ?? []) {
    const target = (f.type === 'dropdown' ? f.dropdown : f.type === 'numeric' ? f.numeric : f.text) as { value: string | null } | null;
    if (target) target.value = c?.custom_fields[f.key] ?? null;
  }
  const cc = s.consent_collection;
  if (cc && (cc.promotions === 'auto' || cc.terms_of_service === 'required')) {
    // Without the page's answers (a PaymentIntent confirmed some other way) nothing was accepted.
    s.consent = { promotions: c?.consent?.promotions ?? null, terms_of_service: c?.consent?.terms_of_service ?? null };
  }
  if (!c) return;
  if (s.customer_details) {
    const d = s.customer_details as unknown as Record<string, unknown>;
    if (c.phone) d.phone = c.phone;
    if (c.billing) {
      d.name = c.billing.name;
      d.address = { ...c.billing.address };
    }
  }
  if (s.shipping_address_collection) {
    s.collected_information = {
      ...((s.collected_information as unknown as Record<string, unknown> | null) ?? { business_name: null, individual_name: null }),
      shipping_details: c.shipping ? { name: c.shipping.name, address: { ...c.shipping.address } } : null,
    } as unknown as Stripe.Checkout.Session.CollectedInformation;
  }
  const pm = typeof paymentMethod === 'string' ? ctx.find<Stripe.PaymentMethod & StripeObject>(paymentMethod, 'payment_method')?.data : undefined;
  if (pm && c.billing) {
    pm.billing_details = { ...pm.billing_details, name: c.billing.name, address: { ...c.billing.address } };
    if (c.phone && !pm.billing_details.phone) pm.billing_details.phone = c.phone;
    ctx.update(pm);
  }
}

/** The PaymentIntent ships where the customer said (`shipping`), as Stripe's Checkout sets it. */
function shipPaymentIntent(ctx: RequestContext, pi: Stripe.PaymentIntent & StripeObject, c: Collected): void {
  if (!c.shipping) return;
  pi.shipping = { address: { ...c.shipping.address }, carrier: null, name: c.shipping.name, phone: c.phone, tracking_number: null } as Stripe.PaymentIntent.Shipping;
  ctx.update(pi, { customer: typeof pi.customer === 'string' ? pi.customer : null, status: pi.status });
}

function pageRetrieve(ctx: RequestContext) {
  return ctx.respond(200, pageView(ctx, pageSession(ctx)));
}

function sessionGone(s: SessionObject): StripeError {
  return new StripeError({
    status: 400, type: 'invalid_request_error', code: 'checkout_session_unexpected_state',
    message: s.status === 'expired' ? 'This Checkout Session has expired.' : 'This Checkout Session is no longer active: it has already been paid.',
  });
}

/**
 * Starts (or resumes) the payment: the PaymentIntent the page's payment element confirms; in setup mode, the
 * session's SetupIntent (`setup_intent_client_secret`) the page confirms with `confirmSetup`.
 */
function pageStart(ctx: RequestContext) {
  const s = pageSession(ctx);
  if (s.status !== 'open') throw sessionGone(s);
  if (s.mode !== 'payment' && s.mode !== 'setup') throw invalidRequest('Only `payment` and `setup` mode sessions can be completed on this page.', { param: 'mode' });
  const email = (ctx.params.email as string | undefined) ?? null;
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidRequest('Invalid email address: ' + email.slice(0, 200), { param: 'email', code: 'email_invalid' });
  // `submit`: the customer pressed Pay / Save; what the session asks for is checked and kept for completion.
  const collected = ctx.params.submit === true ? checkCollected(s, ctx.params) : null;
  if (collected) {
    const rec = simOf(ctx, s.id);
    rec.collected = collected;
    ctx.update(rec);
  }
  if (s.mode === 'setup') {
    const si = typeof s.setup_intent === 'string' ? ctx.find<SetupIntentObject>(s.setup_intent, 'setup_intent')?.data : undefined;
    if (!si) throw invalidRequest('This Checkout Session has no SetupIntent.', { param: 'session' });
    recordPageEmail(ctx, s, email);
    return ctx.respond(200, { ...pageView(ctx, s), setup_intent_client_secret: si.client_secret });
  }
  const sim = simOf(ctx, s.id);
  if (s.amount_total === 0) {
    // A no-cost order (a discount took everything off): no PaymentIntent; Pay completes the session.
    if (collected) return ctx.respond(200, pageView(ctx, completeFreeSession(ctx, s, email)));
    recordPageEmail(ctx, s, email);
    return ctx.respond(200, pageView(ctx, s));
  }
  const pi = ensurePaymentIntent(ctx, s, sim);
  if (collected) shipPaymentIntent(ctx, pi, collected);
  const receipt = email ?? s.customer_email;
  if (receipt && pi.receipt_email !== receipt && ['requires_payment_method', 'requires_confirmation'].includes(pi.status)) {
    pi.receipt_email = receipt;
    ctx.update(pi);
  }
  recordPageEmail(ctx, s, email);
  return ctx.respond(200, { ...pageView(ctx, s), payment_intent_client_secret: pi.client_secret });
}

/** The PaymentIntent the page confirms: the session's (its amount kept in step with the total), or a new one. */
function ensurePaymentIntent(ctx: RequestContext, s: SessionObject, sim: SimSession): Stripe.PaymentIntent & StripeObject {
  const create = ctx.sim.services.createPaymentIntent as ((ctx: RequestContext, params: Record<string, unknown>) => Stripe.PaymentIntent & StripeObject) | undefined;
  if (!create) throw invalidRequest('PaymentIntents are not available on this simulator.');
  let pi = sessionPaymentIntent(ctx, sim);
  if (!pi || pi.status === 'canceled') {
    const pid = sim.payment_intent_data ?? {};
    const params: Record<string, unknown> = {
      amount: s.amount_total, currency: s.currency,
      ...Object.fromEntries(Object.entries(pid).filter(([, v]) => v !== undefined && v !== null)),
    };
    if (!params.capture_method) params.capture_method = 'automatic_async';
    const card = (s.payment_method_options as { card?: Record<string, unknown> } | null)?.card;
    if (card) params.payment_method_options = { card: { ...card } };
    if (s.customer) params.customer = s.customer;
    if (Array.isArray(s.allowed_payment_method_types)) params.allowed_payment_method_types = s.allowed_payment_method_types;
    pi = create(ctx, params);
    sim.payment_intent = pi.id;
    ctx.update(sim);
    const link: SimSessionLink = { id: `simcspi_${pi.id}`, object: 'sim_checkout_session_link', session: s.id };
    ctx.insert(link);
  } else if (pi.amount !== s.amount_total && ['requires_payment_method', 'requires_confirmation'].includes(pi.status)) {
    pi.amount = s.amount_total ?? pi.amount;
    ctx.update(pi, { customer: typeof pi.customer === 'string' ? pi.customer : null, status: pi.status });
  }
  return pi;
}

/**
 * Before the page changes the session's total (a promotion code applied or removed): refused while a payment is under
 * way (3D Secure, processing); when the order becomes free, the unconfirmed PaymentIntent is canceled (`abandoned`).
 */
function beforeTotalChanges(ctx: RequestContext, sim: SimSession): void {
  const pi = sessionPaymentIntent(ctx, sim);
  if (pi && !['requires_payment_method', 'requires_confirmation', 'canceled'].includes(pi.status)) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', code: 'checkout_session_unexpected_state', doc_url: null,
      message: 'The promotion code cannot be changed while a payment is in progress.',
    });
  }
}

function cancelUnusedPaymentIntent(ctx: RequestContext, sim: SimSession): void {
  const pi = sessionPaymentIntent(ctx, sim);
  if (!pi || pi.status === 'canceled') return;
  pi.status = 'canceled';
  pi.canceled_at = ctx.now();
  pi.cancellation_reason = 'abandoned';
  pi.next_action = null;
  ctx.update(pi, { customer: typeof pi.customer === 'string' ? pi.customer : null, status: pi.status });
  ctx.emit('payment_intent.canceled', pi);
  // Forgotten by the session, so that it does not show as its PaymentIntent; removing the code starts a new one.
  sim.payment_intent = null;
  ctx.update(sim);
}

/** A refusal of the page's promotion code, for the page to word in the customer's language (`reason`). */
function pageRefusal(r: Refusal): StripeError {
  return new StripeError({
    status: 400, type: 'invalid_request_error', code: 'promotion_code_invalid', doc_url: null, param: 'code', message: r.message,
    extra: { reason: r.reason, ...(r.minimum !== undefined ? { minimum_amount: r.minimum } : {}) },
  });
}

/** Applies the session's new discount (or none) after the page changed it, and answers with the page view. */
function repriceFromPage(ctx: RequestContext, s: SessionObject, sim: SimSession, discount: SessionDiscount | null) {
  beforeTotalChanges(ctx, sim);
  const previous = sim.discount ?? null;
  sim.discount = discount;
  priceSession(s, sim);
  const min = s.currency ? (MINIMUM_CHARGE_AMOUNTS[s.currency] ?? 1) : 1;
  if (s.amount_total !== null && s.amount_total > 0 && s.amount_total < min) {
    sim.discount = previous;
    priceSession(s, sim);
    throw pageRefusal({ reason: 'not_applicable', message: `With this code the total would be below the minimum charge of ${formatAmount(min, s.currency!)}.` });
  }
  ctx.update(sim);
  ctx.update(s, sessionIndex(s));
  if (s.amount_total === 0) {
    cancelUnusedPaymentIntent(ctx, sim);
    return ctx.respond(200, pageView(ctx, s));
  }
  const pi = sim.payment_intent ? ensurePaymentIntent(ctx, s, sim) : undefined;
  return ctx.respond(200, { ...pageView(ctx, s), ...(pi ? { payment_intent_client_secret: pi.client_secret } : {}) });
}

/**
 * `POST /v1/payment_pages/:id/promotion_code` (`code`): the customer's promotion code, on a session with
 * `allow_promotion_codes` (case-insensitive, as Stripe matches codes). It replaces a code applied before.
 */
function pageApplyCode(ctx: RequestContext) {
  const s = pageSession(ctx);
  if (s.status !== 'open') throw sessionGone(s);
  if (s.allow_promotion_codes !== true || s.mode !== 'payment' || !s.currency) {
    throw invalidRequest('This Checkout Session does not accept promotion codes.', { param: 'code' });
  }
  const sim = simOf(ctx, s.id);
  const typed = String(ctx.params.code ?? '').trim();
  const customer = typeof s.customer === 'string' ? s.customer : null;
  const target: DiscountTarget = { currency: s.currency, items: sim.line_items, customer, customerCreation: s.customer_creation ?? null };
  const pc = typed ? findActiveCode(ctx, typed, customer) : undefined;
  const out = pc ? promotionCodeDiscount(ctx, pc, target) : ({ reason: 'invalid', message: 'This code is invalid.' } as Refusal);
  if (isRefusal(out)) throw pageRefusal(out);
  if (discountAmounts(out, sim.line_items, s.currency).total === 0) {
    throw pageRefusal({ reason: 'not_applicable', message: `The promotion code \`${out.code ?? typed}\` applies to none of the items in this order.` });
  }
  return repriceFromPage(ctx, s, sim, out);
}

/** `POST /v1/payment_pages/:id/promotion_code/remove`: takes the customer's promotion code off again. */
function pageRemoveCode(ctx: RequestContext) {
  const s = pageSession(ctx);
  if (s.status !== 'open') throw sessionGone(s);
  const sim = simOf(ctx, s.id);
  if (s.allow_promotion_codes !== true || !sim.discount) {
    throw invalidRequest('This Checkout Session has no promotion code to remove.', { param: 'code' });
  }
  return repriceFromPage(ctx, s, sim, null);
}

/** The email the customer typed on the page (unless the merchant set `customer_email`). */
function recordPageEmail(ctx: RequestContext, s: SessionObject, email: string | null): void {
  if (email !== null && s.customer_email === null) {
    s.customer_details = { address: null, business_name: null, email, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null } as unknown as Stripe.Checkout.Session.CustomerDetails;
    ctx.update(s, sessionIndex(s));
  }
}

const pageParams: Schema = { client_secret: p.string(), key: p.string() };

export const checkoutSessionRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/checkout/sessions', params: createSchema, handler: create },
  { method: 'GET', path: '/v1/checkout/sessions', params: listSchema, handler: list },
  { method: 'GET', path: '/v1/checkout/sessions/:id', params: {}, handler: retrieve },
  { method: 'POST', path: '/v1/checkout/sessions/:id', params: updateSchema, handler: update },
  { method: 'POST', path: '/v1/checkout/sessions/:id/expire', params: {}, handler: expire },
  { method: 'GET', path: '/v1/checkout/sessions/:id/line_items', params: { ...listParams }, handler: listLineItems },
  { method: 'GET', path: '/v1/payment_pages/:id', params: pageParams, auth: 'publishable', handler: pageRetrieve },
  { method: 'POST', path: '/v1/payment_pages/:id/start', params: { ...pageParams, ...startParams }, auth: 'publishable', handler: pageStart },
  { method: 'POST', path: '/v1/payment_pages/:id/promotion_code', params: { ...pageParams, code: p.string({ required: true, maxLength: 500 }) }, auth: 'publishable', handler: pageApplyCode },
  { method: 'POST', path: '/v1/payment_pages/:id/promotion_code/remove', params: pageParams, auth: 'publishable', handler: pageRemoveCode },
];

// ---------------------------------------------------------------------------------------------------------------
// Recovery of expired sessions (`after_expiration[recovery]`)

/** Runs `fn` in one store transaction with a context for `account` (no API request), then the after-commit hooks. */
function runInternal<T>(sim: Simulator, account: string, path: string, fn: (ctx: RequestContext) => T): T {
  const ctx = createContext({
    sim, account, keyType: 'secret', version: sim.defaultVersion, method: 'GET', path, pathParams: {}, params: {}, rawParams: {},
    requestId: null, idempotencyKey: null, origin: null,
  });
  const out = sim.store.transaction(() => fn(ctx));
  for (const hook of ctx.commitHooks) hook();
  return out;
}

/**
 * Follows an expired session's recovery link: a new open session with the same line items and settings,
 * `recovered_from` the expired one (promotion codes allowed when the recovery says so). Returns the new session's
 * id, or null when the link does not (or no longer) lead anywhere.
 */
export function recoverSession(sim: Simulator, id: string): string | null {
  const rec = sim.store.get<SessionObject>(id);
  if (!rec || rec.type !== 'checkout.session') return null;
  return runInternal(sim, rec.account, `/c/recover/${id}`, (ctx) => {
    const old = reconcile(ctx, ctx.get<SessionObject>(id, 'checkout.session'));
    const recovery = old.after_expiration?.recovery;
    if (old.status !== 'expired' || !recovery?.enabled || !recovery.url || (recovery.expires_at ?? 0) < ctx.now()) return null;
    const newId = `cs_test_a1${randomString(56)}`;
    const now = ctx.now();
    const session = {
      ...(JSON.parse(JSON.stringify(old)) as SessionObject),
      id: newId,
      created: now,
      expires_at: now + MAX_EXPIRY,
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      url: hostedUrl(ctx.sim, newId),
      after_expiration: null,
      allow_promotion_codes: recovery.allow_promotion_codes ? true : old.allow_promotion_codes,
      recovered_from: old.id,
      consent: null,
      customer_details: old.customer_email ? old.customer_details : null,
    } as SessionObject;
    const oldSim = simOf(ctx, old.id);
    const items = oldSim.line_items.map((li) => ({ ...li, id: ctx.newId('li') }));
    if (old.mode === 'setup') {
      // A new SetupIntent for the new session (the expired session's was canceled with it).
      session.setup_intent = createSessionSetupIntent(ctx, newId, {
        customer: typeof old.customer === 'string' ? old.customer : null,
        data: oldSim.setup_intent_data ?? null,
        requestThreeDSecure: (old.payment_method_options?.card as { request_three_d_secure?: string } | undefined)?.request_three_d_secure ?? null,
        types: old.allowed_payment_method_types ?? (old.payment_method_configuration_details ? undefined : old.payment_method_types),
      });
    }
    const simRec: SimSession = {
      id: `simcs_${newId}`, object: 'sim_checkout_session', line_items: items, payment_intent: null,
      payment_intent_data: oldSim.payment_intent_data, setup_intent_data: oldSim.setup_intent_data ?? null,
      discount: oldSim.discount ? { ...oldSim.discount, id: ctx.newId('di'), start: now } : null,
    };
    priceSession(session, simRec);
    ctx.insert(session, sessionIndex(session));
    ctx.insert(simRec);
    return newId;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Registration, completion hook, clock-driven expiry

/** Called by PaymentIntents when one succeeds or is authorised: completes the session it pays, if any. */
export function onPaymentIntentSettled(ctx: RequestContext, pi: Stripe.PaymentIntent & StripeObject): void {
  const link = ctx.find<SimSessionLink>(`simcspi_${pi.id}`, 'sim_checkout_session_link')?.data;
  if (!link) return;
  const s = ctx.find<SessionObject>(link.session, 'checkout.session')?.data;
  if (s && s.status === 'open') completeSession(ctx, s, pi);
}

/** Expires every open session whose `expires_at` has passed, in one transaction per account. */
export function expireDueSessions(sim: Simulator): number {
  let count = 0;
  forEachAccount(sim, '/_sim/clock/advance', (ctx) => {
    const now = ctx.now();
    let cursor: string | undefined;
    for (;;) {
      const page = sim.store.list<SessionObject>({ account: ctx.account, type: 'checkout.session', where: { status: 'open' }, limit: 100, startingAfter: cursor });
      for (const rec of page.items) {
        if (rec.data.expires_at <= now) {
          reconcile(ctx, rec.data);
          count++;
        }
      }
      if (!page.hasMore || page.items.length === 0) break;
      cursor = page.items[page.items.length - 1].id;
    }
  });
  return count;
}

registerVersionTransform('checkout.session', (obj, version) => {
  if (isEndive(version)) return obj;
  const out = { ...obj };
  delete out.allowed_payment_method_types;
  return out;
});

export function registerCheckoutSessions(sim: Simulator): void {
  // A line item's price is embedded; `data.price.product` expands inside it. `discounts` and `taxes` are includable
  // (left out unless expanded): `discounts` is filled in by lineItemList; the simulator computes no taxes.
  registerExpandable('item', { price: null, discounts: (_ctx, v) => (Array.isArray(v) ? v : []), taxes: () => [] });
  registerExpandable('checkout.session', {
    customer: null, payment_intent: null, setup_intent: null, subscription: null, invoice: null, payment_link: null,
    line_items: (ctx, _v, parent) => lineItemList(ctx, String(parent.id), `/v1/checkout/sessions/${String(parent.id)}/line_items`),
    // Includable: filled in by the handlers (withLineItems) where a discount applies; the simulator computes no taxes.
    'total_details.breakdown': () => ({ discounts: [], taxes: [] }),
    // Ids inside the `discounts` array: expanded by the handlers (withLineItems).
    'discounts.coupon': null,
    'discounts.promotion_code': null,
    'shipping_cost.shipping_rate': null,
  });
  sim.services.onPaymentIntentSettled = onPaymentIntentSettled;
  sim.services.beforeSetupIntentSucceeds = beforeSetupIntentSucceeds;
  sim.services.onSetupIntentSucceeded = onSetupIntentSucceeded;
  sim.services.checkoutSessionOfSetupIntent = (ctx: RequestContext, id: string): string | null =>
    ctx.find<SimSessionLink>(`simcssi_${id}`, 'sim_checkout_session_link')?.data.session ?? null;
  sim.services.checkoutSessionOfPaymentIntent = (ctx: RequestContext, id: string): string | null =>
    ctx.find<SimSessionLink>(`simcspi_${id}`, 'sim_checkout_session_link')?.data.session ?? null;
  sim.services.openCheckoutSessionOfPaymentIntent = (ctx: RequestContext, id: string): string | null => {
    const link = ctx.find<SimSessionLink>(`simcspi_${id}`, 'sim_checkout_session_link')?.data;
    return link && ctx.find<SessionObject>(link.session, 'checkout.session')?.data.status === 'open' ? link.session : null;
  };
  for (const r of checkoutSessionRoutes) sim.route(r);
  sim.onClockAdvance(() => {
    expireDueSessions(sim);
  });
}

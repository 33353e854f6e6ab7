// PaymentIntents: create (optionally confirming), retrieve (secret key, or publishable key + client_secret with
// Stripe.js' client-side subset), update, list, confirm, capture, cancel; 3D Secure through the simulator's
// challenge page (sim/core/pages/3ds.ts). Layers: parameter schemas -> validation -> transitions (the
// functions below the schemas) -> serialisation (versions, client subset).
//
// Statuses follow Stripe: requires_payment_method -> requires_confirmation -> (requires_action) ->
// requires_capture | succeeded, canceled; a declined or failed authentication returns to
// requires_payment_method with last_payment_error.

import type Stripe from 'stripe';
import { authenticationNeed, cardSpecFor, checksAfterCharge, DECLINES, intentErrorOf, type CardDecline, type CardDetails, type TestCardDispute } from '../cards.ts';
import { ApiResult, forEachAccount, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest, parameterUnknown, resourceMissing, StripeError } from '../errors.ts';
import { randomString } from '../ids.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import {
  CARD_STATEMENT_DESCRIPTOR_MESSAGE, validateChargeAmount, validateCurrency, validateStatementDescriptor,
} from '../money.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import { checkConfirmationParams } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { threeDSecurePages } from '../pages/3ds.ts';
import { checkDestinationCharge } from '../connect-money/index.ts';
import { isEndive, registerVersionTransform, renderForVersion, type ApiVersion } from '../versions.ts';
import { captureCharge, expandCharge, incrementCharge, insertCharge, loadCharge, releaseCharge, type ChargeObject, type ThreeDSecureResult } from './charges.ts';
import { insertReleaseRefund } from './refunds.ts';
import { applyConfirmationToken } from './confirmation_tokens.ts';
import {
  attachPaymentMethod, cardError, createCardFromParams, paymentMethodDataSchema, refuseSpent, resolvePaymentMethod, simCardOf,
  type PaymentMethodObject,
} from './payment_methods.ts';

export type PaymentIntentObject = Stripe.PaymentIntent & StripeObject;
type Status = Stripe.PaymentIntent.Status;

/** Internal record of a 3D Secure challenge (id `src_...`, the secret part of the challenge URL). */
export interface ThreeDSAttempt extends StripeObject {
  object: 'sim_three_d_secure';
  intent: string;
  intent_type: 'payment_intent' | 'setup_intent';
  payment_method: string;
  mode: 'use_stripe_sdk' | 'redirect_to_url';
  return_url: string | null;
  off_session: boolean;
  status: 'pending' | 'succeeded' | 'failed' | 'abandoned';
}

/** Internal per-PaymentIntent state that Stripe does not show. */
interface SimIntent extends StripeObject {
  object: 'sim_payment_intent';
  /** The payment method passed authentication for this intent (manual confirmation re-confirms without a challenge). */
  authenticated_pm: string | null;
  attempt: string | null;
  three_d_secure_transaction: string | null;
  /** Incremental authorization attempts so far (Stripe allows 10 per PaymentIntent). */
  increments?: number;
}

export const UPDATABLE_STATUSES: readonly Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: readonly Status[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
// card_present / interac_present: collected by Terminal readers (sim/core/terminal), never confirmed here.
const SUPPORTED_TYPES = ['card', 'link', 'card_present', 'interac_present'];

export const AUTHENTICATION_FAILURE_MESSAGE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';

// ---------------------------------------------------------------------------------------------------------------
// Parameter schemas

const addressSchema: Schema = {
  city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};
const shippingSchema: Schema = {
  address: p.object(addressSchema, { required: true }),
  carrier: p.string(),
  name: p.string({ required: true }),
  phone: p.string(),
  tracking_number: p.string(),
};
const cardOptionsSchema: Schema = {
  request_three_d_secure: p.enumOf(['automatic', 'any', 'challenge']),
  capture_method: p.enumOf(['manual']),
  setup_future_usage: p.enumOf(['none', 'off_session', 'on_session']),
  cvc_token: p.string(),
  installments: p.any(),
  mandate_options: p.any(),
  moto: p.boolean(),
  network: p.string(),
  request_extended_authorization: p.enumOf(['if_available', 'never']),
  request_incremental_authorization: p.enumOf(['if_available', 'never']),
  request_multicapture: p.enumOf(['if_available', 'never']),
  request_overcapture: p.enumOf(['if_available', 'never']),
  require_cvc_recollection: p.boolean(),
  statement_descriptor_suffix_kana: p.string(),
  statement_descriptor_suffix_kanji: p.string(),
  three_d_secure: p.any(),
};
const pmOptionsSchema: Schema = { card: p.object(cardOptionsSchema), link: p.any() };
const typesArray = p.array(p.string());

/** Parameters create, update and confirm share. */
const commonSchema: Schema = {
  capture_method: p.enumOf(['automatic', 'automatic_async', 'manual']),
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  payment_method: p.id(),
  payment_method_data: p.object(paymentMethodDataSchema),
  payment_method_options: p.object(pmOptionsSchema),
  payment_method_types: typesArray,
  excluded_payment_method_types: typesArray,
  payment_method_configuration: p.string(),
  receipt_email: p.string(),
  setup_future_usage: p.enumOf(['off_session', 'on_session']),
  shipping: p.object(shippingSchema),
  statement_descriptor: p.string({ maxLength: 22 }),
  statement_descriptor_suffix: p.string({ maxLength: 22 }),
  transfer_group: p.string(),
  application_fee_amount: p.integer({ min: 0 }),
  // destination is required on create: checked with the Connect parameters (sim/core/connect-money)
  transfer_data: p.object({ amount: p.integer({ min: 0 }), destination: p.string() }),
  customer_account: p.string(),
  amount_details: p.any(),
  payment_details: p.any(),
  hooks: p.any(),
};

const confirmOnly: Schema = {
  error_on_requires_action: p.boolean(),
  mandate: p.string(),
  mandate_data: p.any(),
  off_session: p.union([p.boolean(), p.enumOf(['one_off', 'recurring'])]),
  radar_options: p.any(),
  return_url: p.string(),
  use_stripe_sdk: p.boolean(),
  confirmation_token: p.string(),
};

function withVersion(schema: Schema, version: ApiVersion): Schema {
  return isEndive(version) ? { ...schema, allowed_payment_method_types: typesArray } : schema;
}

const createSchema = (version: ApiVersion): Schema =>
  withVersion({
    ...commonSchema,
    ...confirmOnly,
    amount: p.integer({ required: true }),
    currency: p.string({ required: true }),
    automatic_payment_methods: p.object({ enabled: p.boolean({ required: true }), allow_redirects: p.enumOf(['always', 'never']) }),
    confirm: p.boolean(),
    confirmation_method: p.enumOf(['automatic', 'manual']),
    customer: p.id(),
    on_behalf_of: p.string(),
  }, version);

const updateSchema = (version: ApiVersion): Schema =>
  withVersion({ ...commonSchema, amount: p.integer(), currency: p.string(), customer: p.id() }, version);

/** Stripe.js sends these with a publishable key. */
const clientSchema: Schema = {
  client_secret: p.string(),
  key: p.string(),
  expected_payment_method_type: p.string(),
  payment_user_agent: p.string(),
  client_context: p.any(),
  client_attribution_metadata: p.any(),
  expand: p.any(),
};

const confirmSchema = (version: ApiVersion): Schema =>
  withVersion({ ...commonSchema, ...confirmOnly, ...clientSchema }, version);

// ---------------------------------------------------------------------------------------------------------------
// Serialisation

/** Renders an intent for the request's version (embedded objects in errors and events bypass the pipeline). */
export function renderIntent(ctx: RequestContext, pi: PaymentIntentObject): Record<string, unknown> {
  return renderForVersion(structuredClone(pi) as unknown as Record<string, unknown>, ctx.version);
}

registerVersionTransform('payment_intent', (obj, version) => {
  if (isEndive(version)) return obj;
  const out = { ...obj };
  delete out.allowed_payment_method_types;
  return out;
});

/** The fields Stripe.js receives when it retrieves or confirms an intent with a publishable key. */
const CLIENT_FIELDS = [
  'id', 'object', 'allowed_payment_method_types', 'amount', 'amount_details', 'automatic_payment_methods', 'canceled_at',
  'cancellation_reason', 'capture_method', 'client_secret', 'confirmation_method', 'created', 'currency', 'description',
  'excluded_payment_method_types', 'last_payment_error', 'livemode', 'next_action', 'payment_method',
  'payment_method_configuration_details', 'payment_method_types', 'processing', 'receipt_email', 'setup_future_usage',
  'shipping', 'source', 'status',
];

export function clientSubset(pi: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_FIELDS) if (k in pi) out[k] = pi[k];
  return out;
}

function defaultCardOptions(): Stripe.PaymentIntent.PaymentMethodOptions.Card {
  return { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } as Stripe.PaymentIntent.PaymentMethodOptions.Card;
}

function simIntentOf(ctx: RequestContext, pi: PaymentIntentObject): SimIntent {
  const found = ctx.find<SimIntent>(`simpi_${pi.id}`, 'sim_payment_intent');
  if (found) return found.data;
  const sim: SimIntent = { id: `simpi_${pi.id}`, object: 'sim_payment_intent', authenticated_pm: null, attempt: null, three_d_secure_transaction: null };
  ctx.insert(sim);
  return sim;
}

function save(ctx: RequestContext, pi: PaymentIntentObject): PaymentIntentObject {
  ctx.update(pi, { customer: customerId(pi), status: pi.status });
  return pi;
}

function customerId(pi: { customer: Stripe.PaymentIntent['customer'] }): string | null {
  return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation helpers

function unexpectedState(ctx: RequestContext, message: string, pi: PaymentIntentObject, param?: string): StripeError {
  return new StripeError({
    status: 400, type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message, param,
    extra: { payment_intent: renderIntent(ctx, pi) },
  });
}

function requireCustomer(ctx: RequestContext, id: string): void {
  const c = ctx.find<StripeObject>(id, 'customer');
  if (!c || c.data.deleted === true) throw resourceMissing('customer', id, 'customer');
}

function checkDescriptors(params: Record<string, unknown>, isCard: boolean): void {
  if (typeof params.statement_descriptor === 'string') {
    if (isCard) throw invalidRequest(CARD_STATEMENT_DESCRIPTOR_MESSAGE, { param: 'statement_descriptor' });
    const e = validateStatementDescriptor(params.statement_descriptor, 'statement_descriptor');
    if (e) throw invalidRequest(e.message, { param: e.param });
  }
  if (typeof params.statement_descriptor_suffix === 'string') {
    const e = validateStatementDescriptor(params.statement_descriptor_suffix, 'statement_descriptor_suffix');
    if (e) throw invalidRequest(e.message, { param: e.param });
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(params: Record<string, unknown>): void {
  const v = params.receipt_email;
  if (typeof v === 'string' && !EMAIL.test(v)) {
    throw invalidRequest(`Invalid email address: ${v}`, { param: 'receipt_email', code: 'email_invalid' });
  }
}

function checkTypes(types: string[], param: string): void {
  for (const t of types) {
    if (!SUPPORTED_TYPES.includes(t)) {
      throw invalidRequest(
        `The payment method type provided: ${t} is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
        { param },
      );
    }
  }
}

/**
 * Version rules for the payment method type parameters (dahlia writes payment_method_types; endive does not), and
 * only one way of choosing them; shared with SetupIntents.
 */
export function checkTypeChoice(ctx: RequestContext, params: Record<string, unknown>): void {
  if (isEndive(ctx.version) && 'payment_method_types' in params) {
    throw invalidRequest(
      `The \`payment_method_types\` parameter is no longer supported on API version ${ctx.version}. Use \`allowed_payment_method_types\` to limit the payment methods Stripe can offer, or manage them with dynamic payment methods.`,
      { param: 'payment_method_types', code: 'payment_method_types_no_longer_supported' },
    );
  }
  const exclusive = ['allowed_payment_method_types', 'payment_method_types', 'automatic_payment_methods'].filter(
    (k) => params[k] !== undefined && params[k] !== null,
  );
  if (exclusive.length > 1) {
    throw invalidRequest(`You may only specify one of these parameters: ${exclusive.join(', ')}.`, { param: exclusive[1] });
  }
}

function checkTypeParams(ctx: RequestContext, params: Record<string, unknown>): void {
  checkTypeChoice(ctx, params);
  if (Array.isArray(params.payment_method_types)) checkTypes(params.payment_method_types as string[], 'payment_method_types');
}

/**
 * A PaymentMethod whose type the intent does not accept is refused as Stripe refuses it (e.g. a card on an intent
 * that only allows card_present, or a reader's card_present method on an online card intent).
 */
function checkPaymentMethodType(ctx: RequestContext, pi: PaymentIntentObject, pm: PaymentMethodObject, embed = true): void {
  const types = pi.payment_method_types ?? [];
  if (types.length === 0 || types.includes(pm.type)) return;
  throw new StripeError({
    status: 400, type: 'invalid_request_error', code: 'payment_intent_incompatible_payment_method', param: 'payment_method',
    message: `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${types.join(', ')}. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
    extra: embed ? { payment_intent: renderIntent(ctx, pi) } : undefined,
  });
}

function applyShipping(raw: Record<string, unknown> | null): Stripe.PaymentIntent.Shipping | null {
  if (!raw) return null;
  const a = (raw.address as Record<string, string | null>) ?? {};
  return {
    address: { city: a.city ?? null, country: a.country ?? null, line1: a.line1 ?? null, line2: a.line2 ?? null, postal_code: a.postal_code ?? null, state: a.state ?? null },
    carrier: (raw.carrier as string | undefined) ?? null,
    name: raw.name as string,
    phone: (raw.phone as string | undefined) ?? null,
    tracking_number: (raw.tracking_number as string | undefined) ?? null,
  };
}

function mergeCardOptions(pi: PaymentIntentObject, raw: Record<string, unknown> | null | undefined): void {
  if (raw === undefined) return;
  const card = (raw?.card as Record<string, unknown> | undefined) ?? undefined;
  const current = { ...defaultCardOptions(), ...((pi.payment_method_options?.card as object | undefined) ?? {}) } as Record<string, unknown>;
  if (card) for (const [k, v] of Object.entries(card)) current[k] = v ?? null;
  pi.payment_method_options = { ...(pi.payment_method_options ?? {}), card: current as unknown as Stripe.PaymentIntent.PaymentMethodOptions.Card };
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

/** Applies update/confirm parameters shared by create, update and confirm. */
function applyCommon(pi: PaymentIntentObject, params: Record<string, unknown>): void {
  if ('description' in params) pi.description = (params.description as string | null) ?? null;
  if ('metadata' in params) pi.metadata = applyMetadata(pi.metadata, params.metadata as MetadataParam | null);
  if ('receipt_email' in params) pi.receipt_email = (params.receipt_email as string | null) ?? null;
  if ('shipping' in params) pi.shipping = applyShipping(params.shipping as Record<string, unknown> | null);
  if ('statement_descriptor' in params) pi.statement_descriptor = (params.statement_descriptor as string | null) ?? null;
  if ('statement_descriptor_suffix' in params) pi.statement_descriptor_suffix = (params.statement_descriptor_suffix as string | null) ?? null;
  if ('setup_future_usage' in params) pi.setup_future_usage = (params.setup_future_usage as Stripe.PaymentIntent.SetupFutureUsage | null) ?? null;
  if ('capture_method' in params && params.capture_method) pi.capture_method = params.capture_method as Stripe.PaymentIntent.CaptureMethod;
  if ('transfer_group' in params) pi.transfer_group = (params.transfer_group as string | null) ?? null;
  if ('application_fee_amount' in params) pi.application_fee_amount = (params.application_fee_amount as number | null) ?? null;
  if ('payment_method_options' in params) mergeCardOptions(pi, params.payment_method_options as Record<string, unknown> | null);
  if ('excluded_payment_method_types' in params) {
    pi.excluded_payment_method_types = (params.excluded_payment_method_types as Stripe.PaymentIntent.ExcludedPaymentMethodType[] | null) ?? null;
  }
  if (Array.isArray(params.allowed_payment_method_types)) {
    const allowed = params.allowed_payment_method_types as string[];
    pi.allowed_payment_method_types = allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[];
    pi.payment_method_types = allowed.filter((t) => SUPPORTED_TYPES.includes(t));
    pi.automatic_payment_methods = null;
  }
  if (Array.isArray(params.payment_method_types)) {
    pi.payment_method_types = params.payment_method_types as string[];
    pi.automatic_payment_methods = null;
  }
}

function newIntent(ctx: RequestContext, params: Record<string, unknown>): PaymentIntentObject {
  const cur = validateCurrency(params.currency as string);
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'currency' });
  const amountError = validateChargeAmount(params.amount as number, cur.currency);
  if (amountError) throw invalidRequest(amountError.message, { param: amountError.param, code: amountError.code });
  const id = ctx.newId('pi');
  const apm = params.automatic_payment_methods as { enabled: boolean; allow_redirects?: string } | undefined;
  const explicitTypes = params.payment_method_types !== undefined || params.allowed_payment_method_types !== undefined;
  const pi = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: params.amount as number,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: explicitTypes ? null : apm ? { allow_redirects: apm.allow_redirects ?? 'always', enabled: apm.enabled } : { allow_redirects: 'always', enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomString(25)}`,
    confirmation_method: (params.confirmation_method as Stripe.PaymentIntent.ConfirmationMethod | undefined) ?? 'automatic',
    created: ctx.now(),
    currency: cur.currency,
    customer: (params.customer as string | undefined) ?? null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: (params.on_behalf_of as string | undefined) ?? null,
    payment_method: null,
    payment_method_configuration_details: explicitTypes ? null : { id: 'pmc_simulator_default', parent: null },
    payment_method_options: { card: defaultCardOptions() },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: (params.transfer_data as Stripe.PaymentIntent.TransferData | undefined) ?? null,
    transfer_group: null,
  } as unknown as PaymentIntentObject;
  applyCommon(pi, params);
  return pi;
}

interface ConfirmOptions {
  paymentMethodParam?: string | null;
  paymentMethodData?: Record<string, unknown> | null;
  returnUrl?: string | null;
  offSession: boolean;
  errorOnRequiresAction: boolean;
  useStripeSdk: boolean;
}

/** Moves a PaymentIntent back to requires_payment_method with `last_payment_error`, and answers 402. */
function failPayment(
  ctx: RequestContext, pi: PaymentIntentObject, pm: PaymentMethodObject, decline: CardDecline, charge: ChargeObject | null,
  errorType: 'card_error' | 'invalid_request_error' = 'card_error',
): { pi: PaymentIntentObject; error: StripeError } {
  const lastError = intentErrorOf(decline, pm, { type: errorType, charge: charge?.id });
  pi.last_payment_error = lastError as unknown as Stripe.PaymentIntent.LastPaymentError;
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.next_action = null;
  if (charge) pi.latest_charge = charge.id;
  save(ctx, pi);
  if (charge) ctx.emit('charge.failed', charge);
  ctx.emit('payment_intent.payment_failed', pi);
  const rendered = renderIntent(ctx, pi);
  const extra: Record<string, unknown> = {};
  if (charge) extra.charge = charge.id;
  extra.payment_intent = ctx.keyType === 'publishable' ? clientSubset(rendered) : rendered;
  extra.payment_method = pm;
  const error = errorType === 'card_error'
    ? cardError(decline, extra)
    : new StripeError({ status: 400, type: 'invalid_request_error', code: decline.code, message: decline.message, doc_url: lastError.doc_url as string, extra });
  return { pi, error };
}

/** disputes.ts: opens the dispute a test card asks for once its charge is captured (looks the card up without `spec`). */
type OnChargeCaptured = (ctx: RequestContext, charge: ChargeObject, spec?: TestCardDispute) => void;

/** Charges the card (after any authentication) and moves the intent to succeeded / requires_capture, or fails it. */
function chargeIntent(
  ctx: RequestContext, pi: PaymentIntentObject, pm: PaymentMethodObject, threeDS: ThreeDSecureResult | null,
): { pi: PaymentIntentObject; error?: StripeError } {
  const sim = simCardOf(ctx, pm.id);
  const spec = cardSpecFor(sim?.number ?? '4242424242424242');
  const manual = pi.capture_method === 'manual' || (pi.payment_method_options?.card as { capture_method?: string } | undefined)?.capture_method === 'manual';
  const charge = insertCharge(ctx, {
    pi, pm, decline: spec.chargeDecline, capture: !manual,
    deferBalanceTransaction: pi.capture_method === 'automatic_async', threeDS,
  });
  if (spec.chargeDecline) return failPayment(ctx, pi, pm, spec.chargeDecline, charge);
  if (pm.card && sim) {
    // The first authorisation verified the CVC and address: the PaymentMethod shows the results from now on.
    pm.card.checks = checksAfterCharge(sim.number, pm.card.checks as CardDetails['checks']) as Stripe.PaymentMethod.Card.Checks;
    ctx.update(pm);
  }
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
  }
  // A card paid for on session and kept for later: attach it to the customer, ready for off-session use. Without a
  // customer it stays reusable, to be attached to one afterwards (as Stripe documents for setup_future_usage).
  const customer = customerId(pi);
  const sfu = pi.setup_future_usage ?? (pi.payment_method_options?.card as { setup_future_usage?: string } | undefined)?.setup_future_usage;
  if (sfu && sfu !== 'none') {
    if (customer && !pm.customer) attachPaymentMethod(ctx, pm, customer);
    if (sim && sfu === 'off_session') {
      sim.set_up_for_off_session = true;
      ctx.update(sim);
    }
  } else if (sim && !pm.customer) {
    sim.consumed = true;
    ctx.update(sim);
  }
  save(ctx, pi);
  // both as just written: the charge by insertCharge (nothing touched it since), the intent by save
  ctx.emit('charge.succeeded', charge, { asWritten: true });
  ctx.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', pi, { asWritten: true });
  // A Checkout Session paid by this intent completes (sim/core/resources/checkout_sessions.ts).
  (ctx.sim.services.onPaymentIntentSettled as ((c: RequestContext, p: PaymentIntentObject) => void) | undefined)?.(ctx, pi);
  // The dispute test cards are disputed once captured (sim/core/resources/disputes.ts); the card is known here.
  if (!manual && spec.dispute) (ctx.sim.services.onChargeCapturedForDisputes as OnChargeCaptured | undefined)?.(ctx, charge, spec.dispute);
  return { pi };
}

/** The simulator's public origin, for challenge URLs. */
function simOrigin(ctx: RequestContext): string {
  return ctx.sim.baseUrl.replace(/\/+$/, '');
}

export function challengeUrl(ctx: RequestContext, attemptId: string): string {
  return `${simOrigin(ctx)}/3ds/challenge/${attemptId}`;
}

function requireAction(
  ctx: RequestContext, pi: PaymentIntentObject, pm: PaymentMethodObject, opts: ConfirmOptions,
): PaymentIntentObject {
  const mode: ThreeDSAttempt['mode'] = !opts.useStripeSdk && opts.returnUrl ? 'redirect_to_url' : 'use_stripe_sdk';
  const attempt: ThreeDSAttempt = {
    id: ctx.newId('src'), object: 'sim_three_d_secure', intent: pi.id, intent_type: 'payment_intent', payment_method: pm.id,
    mode, return_url: opts.returnUrl ?? null, off_session: opts.offSession, status: 'pending',
  };
  ctx.insert(attempt);
  const sim = simIntentOf(ctx, pi);
  if (sim.attempt) abandonAttempt(ctx, sim.attempt);
  sim.attempt = attempt.id;
  ctx.update(sim);
  const url = challengeUrl(ctx, attempt.id);
  pi.next_action = (mode === 'redirect_to_url'
    ? { type: 'redirect_to_url', redirect_to_url: { return_url: opts.returnUrl ?? null, url } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: attempt.id, known_frame_issues: 'false' } }) as unknown as Stripe.PaymentIntent.NextAction;
  pi.status = 'requires_action';
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  save(ctx, pi);
  ctx.emit('payment_intent.requires_action', pi);
  return pi;
}

function abandonAttempt(ctx: RequestContext, id: string): void {
  const a = ctx.find<ThreeDSAttempt>(id, 'sim_three_d_secure');
  if (a && a.data.status === 'pending') {
    a.data.status = 'abandoned';
    ctx.update(a.data);
  }
}

/** The confirm transition shared by create(confirm=true) and /confirm. */
function confirmIntent(ctx: RequestContext, pi: PaymentIntentObject, opts: ConfirmOptions): { pi: PaymentIntentObject; error?: StripeError } {
  if (!UPDATABLE_STATUSES.includes(pi.status)) {
    const message = pi.status === 'succeeded'
      ? 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'
      : `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`;
    throw unexpectedState(ctx, message, pi);
  }
  let pm: PaymentMethodObject | undefined;
  if (opts.paymentMethodData) {
    pm = createCardFromParams(ctx, opts.paymentMethodData);
  } else if (opts.paymentMethodParam) {
    pm = resolvePaymentMethod(ctx, opts.paymentMethodParam);
  } else if (pi.payment_method) {
    pm = resolvePaymentMethod(ctx, typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method.id);
  }
  const customer = customerId(pi);
  if (!pm && customer) {
    // As Stripe: the customer's default payment method, when it has one.
    const c = ctx.find<{ invoice_settings?: { default_payment_method?: string | null } }>(customer, 'customer')?.data;
    const def = c?.invoice_settings?.default_payment_method;
    if (def) pm = resolvePaymentMethod(ctx, def);
  }
  if (!pm) {
    const message = customer
      ? `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${customer}, specify a payment method attached to this customer along with the customer ID.`
      : "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.";
    throw unexpectedState(ctx, message, pi);
  }
  checkPaymentMethodType(ctx, pi, pm);
  const pmCustomer = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
  if (!customer && pmCustomer) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', code: 'parameter_missing', param: 'source',
      message: `The \`payment_method\` parameter supplied ${pm.id} belongs to the Customer ${pmCustomer}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
      extra: { payment_intent: renderIntent(ctx, pi) },
    });
  }
  if (customer && pmCustomer && pmCustomer !== customer) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', param: 'payment_method',
      message: `The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${customer}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
      extra: { payment_intent: renderIntent(ctx, pi) },
    });
  }
  const sim = simCardOf(ctx, pm.id);
  if (!pmCustomer) refuseSpent(sim, 'payment_method');
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  const simIntent = ctx.find<SimIntent>(`simpi_${pi.id}`, 'sim_payment_intent')?.data;

  const spec = cardSpecFor(sim?.number ?? '4242424242424242');
  const request3ds = ((pi.payment_method_options?.card as { request_three_d_secure?: string } | undefined)?.request_three_d_secure ?? 'automatic') as 'automatic' | 'any' | 'challenge';
  const alreadyAuthenticated = simIntent?.authenticated_pm === pm.id;
  const need = alreadyAuthenticated ? 'none' : authenticationNeed(spec, { offSession: opts.offSession, requestThreeDSecure: request3ds, setUpForOffSession: sim?.set_up_for_off_session ?? false });
  if (need === 'decline') {
    // The issuer declines the unauthenticated off-session authorisation: a failed Charge (failure_code
    // authentication_required), named by the error's `charge` and the intent's latest_charge, as with other declines.
    const charge = insertCharge(ctx, { pi, pm, decline: DECLINES.authentication_required, capture: false, deferBalanceTransaction: false, threeDS: null });
    return failPayment(ctx, pi, pm, DECLINES.authentication_required, charge);
  }
  if (need === 'challenge') {
    if (opts.errorOnRequiresAction) {
      return failPayment(ctx, pi, pm, {
        code: 'authentication_required', decline_code: 'authentication_not_handled',
        message: 'This payment required an authentication action to complete, but `error_on_requires_action` was set. When you\'re ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.',
      }, null);
    }
    return { pi: requireAction(ctx, pi, pm, opts) };
  }
  const threeDS = alreadyAuthenticated && simIntent?.three_d_secure_transaction
    ? { authenticated: true, transactionId: simIntent.three_d_secure_transaction } : null;
  return chargeIntent(ctx, pi, pm, threeDS);
}

/** Outcome of the challenge page: continues (or fails) the payment. Used by sim/core/pages/3ds.ts. */
export function completeAuthentication(
  ctx: RequestContext, attempt: ThreeDSAttempt, outcome: 'complete' | 'fail',
): { pi: PaymentIntentObject; succeeded: boolean } {
  const pi = ctx.get<PaymentIntentObject>(attempt.intent, 'payment_intent', { kind: 'payment_intent' });
  const pm = resolvePaymentMethod(ctx, attempt.payment_method);
  const sim = simCardOf(ctx, pm.id);
  const spec = cardSpecFor(sim?.number ?? '4242424242424242');
  const failed = outcome === 'fail' || spec.authenticationFails === true;
  attempt.status = failed ? 'failed' : 'succeeded';
  ctx.update(attempt);
  const simIntent = simIntentOf(ctx, pi);
  simIntent.attempt = null;
  if (failed) {
    ctx.update(simIntent);
    const r = failPayment(ctx, pi, pm, { code: 'payment_intent_authentication_failure', message: AUTHENTICATION_FAILURE_MESSAGE }, null, 'invalid_request_error');
    return { pi: r.pi, succeeded: false };
  }
  simIntent.authenticated_pm = pm.id;
  simIntent.three_d_secure_transaction = crypto.randomUUID();
  ctx.update(simIntent);
  if (pi.confirmation_method === 'manual') {
    // Manual confirmation: the server confirms again once the customer authenticated.
    pi.status = 'requires_confirmation';
    pi.next_action = null;
    save(ctx, pi);
    return { pi, succeeded: true };
  }
  const r = chargeIntent(ctx, pi, pm, { authenticated: true, transactionId: simIntent.three_d_secure_transaction });
  return { pi: r.pi, succeeded: !r.error };
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

function assertClientSecret(ctx: RequestContext, pi: PaymentIntentObject): void {
  if (ctx.keyType !== 'publishable') return;
  const secret = (ctx.params.client_secret as string | undefined) ?? (ctx.rawParams.client_secret as string | undefined);
  if (secret === undefined) {
    throw invalidRequest('Missing required param: client_secret.', { param: 'client_secret', code: 'parameter_missing' });
  }
  if (secret !== pi.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', {
      param: 'client_secret', code: 'payment_intent_invalid_parameter',
    });
  }
}

/** What the publishable key may send on confirm (Stripe.js' confirmation parameters). */
const PUBLISHABLE_CONFIRM = new Set([
  'client_secret', 'key', 'payment_method', 'payment_method_data', 'payment_method_options', 'return_url', 'use_stripe_sdk',
  'receipt_email', 'setup_future_usage', 'shipping', 'expected_payment_method_type', 'payment_user_agent', 'client_context',
  'client_attribution_metadata', 'mandate_data', 'expand', 'radar_options', 'confirmation_token',
]);

function respondIntent(ctx: RequestContext, r: { pi: PaymentIntentObject; error?: StripeError }): unknown {
  if (r.error) return ctx.errorResponse(r.error);
  return ctx.keyType === 'publishable' ? clientView(ctx, r.pi) : r.pi;
}

function clientView(ctx: RequestContext, pi: PaymentIntentObject): ApiResult {
  return ctx.respond(200, clientSubset(renderIntent(ctx, pi)));
}

function confirmOptionsFrom(params: Record<string, unknown>): ConfirmOptions {
  const off = params.off_session;
  return {
    paymentMethodParam: (params.payment_method as string | undefined) ?? null,
    paymentMethodData: (params.payment_method_data as Record<string, unknown> | undefined) ?? null,
    returnUrl: (params.return_url as string | undefined) ?? null,
    offSession: off === true || off === 'one_off' || off === 'recurring',
    errorOnRequiresAction: params.error_on_requires_action === true,
    useStripeSdk: params.use_stripe_sdk === true,
  };
}


function create(ctx: RequestContext): unknown {
  const params = ctx.params;
  checkTypeParams(ctx, params);
  if (params.customer) requireCustomer(ctx, params.customer as string);
  if (params.return_url !== undefined && params.confirm !== true) {
    throw invalidRequest('You can only pass in return_url when confirm is true.', { param: 'return_url' });
  }
  for (const k of ['off_session', 'error_on_requires_action', 'use_stripe_sdk', 'mandate_data', 'mandate', 'confirmation_token'] as const) {
    if (params[k] !== undefined && params[k] !== false && params.confirm !== true) {
      throw invalidRequest(`You can only pass in ${k} when confirm is true.`, { param: k });
    }
  }
  const tokenUsed = applyConfirmationToken(ctx, params); // sim/core/resources/confirmation_tokens.ts
  checkConfirmationParams(params);
  checkDescriptors(params, true);
  checkEmail(params);
  checkDestinationCharge(ctx, params, params.amount as number); // Connect parameters
  const pi = newIntent(ctx, params);
  let pm: PaymentMethodObject | undefined;
  if (params.payment_method) pm = resolvePaymentMethod(ctx, params.payment_method as string);
  else if (params.payment_method_data && params.confirm !== true) pm = createCardFromParams(ctx, params.payment_method_data as Record<string, unknown>);
  if (pm) {
    checkPaymentMethodType(ctx, pi, pm, false); // nothing is created
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
  }
  ctx.insert(pi, { customer: customerId(pi), status: pi.status });
  ctx.emit('payment_intent.created', pi, { asWritten: true });
  tokenUsed?.(pi.id);
  if (params.confirm !== true) return pi;
  const opts = confirmOptionsFrom(params);
  if (pm) opts.paymentMethodParam = pm.id;
  return respondIntent(ctx, confirmIntent(ctx, pi, opts));
}

function retrieve(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  if (ctx.keyType === 'publishable') {
    assertClientSecret(ctx, pi);
    return clientView(ctx, pi);
  }
  if (pi.latest_charge && typeof pi.latest_charge === 'string') loadCharge(ctx, pi.latest_charge);
  return pi;
}

function updateFieldError(ctx: RequestContext, pi: PaymentIntentObject, field: string): StripeError {
  return unexpectedState(
    ctx,
    `This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
    pi,
    field,
  );
}

function update(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  const params = ctx.params;
  checkTypeParams(ctx, params);
  const restricted = [
    'amount', 'currency', 'payment_method', 'payment_method_data', 'capture_method', 'setup_future_usage', 'customer',
    'payment_method_types', 'allowed_payment_method_types', 'payment_method_options', 'application_fee_amount',
    'statement_descriptor', 'statement_descriptor_suffix', 'excluded_payment_method_types',
  ];
  const locked = restricted.filter((f) => f in params);
  if (locked.length > 0 && (ctx.sim.services.checkoutSessionOfPaymentIntent as ((c: RequestContext, id: string) => string | null) | undefined)?.(ctx, pi.id)) {
    // Checkout owns the payment of its PaymentIntents (Stripe's wording, as reported by its users; metadata,
    // description, receipt_email and shipping stay the merchant's).
    throw invalidRequest(`Some of the parameters you provided (${locked.join(', ')}) cannot be used when modifying a PaymentIntent that was created by Checkout. You can try again without those parameters.`);
  }
  if (!UPDATABLE_STATUSES.includes(pi.status)) {
    for (const f of restricted) if (f in params) throw updateFieldError(ctx, pi, f);
  }
  if (pi.status === 'canceled' && Object.keys(params).some((k) => k !== 'metadata' && k !== 'description')) {
    throw unexpectedState(ctx, 'You cannot update this PaymentIntent because it has a status of canceled.', pi);
  }
  checkDescriptors(params, true);
  checkEmail(params);
  const currency = params.currency !== undefined && params.currency !== null ? validateCurrency(params.currency as string) : null;
  if (currency && 'error' in currency) throw invalidRequest(currency.error.message, { param: 'currency' });
  const nextCurrency = currency && 'currency' in currency ? currency.currency : pi.currency;
  if (typeof params.amount === 'number' || currency) {
    const e = validateChargeAmount((params.amount as number | undefined) ?? pi.amount, nextCurrency);
    if (e) throw invalidRequest(e.message, { param: e.param, code: e.code });
  }
  if (params.customer) requireCustomer(ctx, params.customer as string);
  if (typeof params.amount === 'number') pi.amount = params.amount;
  pi.currency = nextCurrency;
  if ('customer' in params) pi.customer = (params.customer as string | null) ?? null;
  applyCommon(pi, params);
  updateConnect(ctx, pi, params);
  let pm: PaymentMethodObject | undefined;
  if (params.payment_method) pm = resolvePaymentMethod(ctx, params.payment_method as string);
  else if (params.payment_method_data) pm = createCardFromParams(ctx, params.payment_method_data as Record<string, unknown>);
  if (pm) {
    checkPaymentMethodType(ctx, pi, pm);
    pi.payment_method = pm.id;
    if (pi.status !== 'requires_confirmation') {
      pi.status = 'requires_confirmation';
      pi.next_action = null;
    }
  } else if ('payment_method' in params && params.payment_method === null) {
    pi.payment_method = null;
    pi.status = 'requires_payment_method';
    pi.next_action = null;
  }
  if (pi.last_payment_error && Object.keys(params).length > 0) pi.last_payment_error = null;
  save(ctx, pi);
  return pi;
}

/**
 * Connect on update: `transfer_data[amount]` can change (not the destination), and the resulting fee, transfer
 * amount and amount are checked as on create (a fee above the amount, a fee without a direct or destination charge).
 */
function updateConnect(ctx: RequestContext, pi: PaymentIntentObject, params: Record<string, unknown>): void {
  const td = params.transfer_data as { amount?: number; destination?: string } | undefined;
  if (td?.destination !== undefined) throw parameterUnknown('transfer_data[destination]');
  if (td?.amount !== undefined) {
    if (!pi.transfer_data) {
      // The wording is the simulator's.
      throw invalidRequest('transfer_data[amount] can only be set on a PaymentIntent created with transfer_data[destination].', { param: 'transfer_data[amount]' });
    }
    pi.transfer_data = { ...pi.transfer_data, amount: td.amount };
  }
  if ('application_fee_amount' in params || 'amount' in params || td) {
    checkDestinationCharge(ctx, { application_fee_amount: pi.application_fee_amount, transfer_data: pi.transfer_data ?? undefined, on_behalf_of: pi.on_behalf_of }, pi.amount);
  }
}

function list(ctx: RequestContext): unknown {
  const params = ctx.params;
  return ctx.list<PaymentIntentObject>('payment_intent', {
    where: { customer: (params.customer as string | undefined) ?? undefined },
    created: (params.created as { gt?: number } | undefined) ?? null,
    url: '/v1/payment_intents',
    kind: 'payment_intent',
  });
}

function confirm(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  const params = ctx.params;
  if (ctx.keyType === 'publishable') {
    assertClientSecret(ctx, pi);
    for (const k of Object.keys(params)) {
      if (!PUBLISHABLE_CONFIRM.has(k)) {
        throw new StripeError({
          status: 400, type: 'invalid_request_error', param: k,
          message: `This parameter cannot be passed when using a publishable key: ${k}. Please pass it from your server with a secret key instead.`,
        });
      }
    }
    if (pi.confirmation_method === 'manual') {
      throw invalidRequest(
        "This PaymentIntent's confirmation_method is manual, so it must be confirmed on the server using a secret key.",
        { code: 'payment_intent_unexpected_state' },
      );
    }
  }
  checkTypeParams(ctx, params);
  const tokenUsed = UPDATABLE_STATUSES.includes(pi.status) ? applyConfirmationToken(ctx, params) : null; // confirmation_tokens.ts
  checkConfirmationParams(params);
  if (!UPDATABLE_STATUSES.includes(pi.status)) {
    // status checked before anything is applied
    return respondIntent(ctx, confirmIntent(ctx, pi, confirmOptionsFrom(params)));
  }
  checkDescriptors(params, true);
  checkEmail(params);
  const { payment_method: _pm, payment_method_data: _pmd, ...rest } = params;
  applyCommon(pi, rest);
  tokenUsed?.(pi.id);
  return respondIntent(ctx, confirmIntent(ctx, pi, confirmOptionsFrom(params)));
}

function capture(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  const params = ctx.params;
  // Captured through /capture before: the rest of the authorisation was released. An automatically captured
  // intent gets the plain status message ("... has a status of succeeded ...") below.
  const capturedManually = pi.capture_method === 'manual' || (pi.payment_method_options?.card as { capture_method?: string } | undefined)?.capture_method === 'manual';
  if (pi.status === 'succeeded' && capturedManually) {
    throw unexpectedState(ctx, 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.', pi);
  }
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      ctx,
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      pi,
    );
  }
  const amount = (params.amount_to_capture as number | undefined) ?? pi.amount_capturable;
  if (amount < 0) throw new StripeError({ status: 400, type: 'invalid_request_error', param: 'amount_to_capture', message: 'Invalid non-negative integer', extra: { payment_intent: renderIntent(ctx, pi) } });
  if (amount === 0) {
    throw new StripeError({ status: 400, type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'This value must be greater than or equal to 1.', extra: { payment_intent: renderIntent(ctx, pi) } });
  }
  if (amount > pi.amount_capturable) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', code: 'amount_too_large', param: 'amount_to_capture',
      message: 'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge. Contact us via https://support.stripe.com/contact/ for help.',
      extra: { payment_intent: renderIntent(ctx, pi) },
    });
  }
  if (params.application_fee_amount !== undefined) pi.application_fee_amount = params.application_fee_amount as number;
  const captureTransfer = params.transfer_data as { amount?: number } | undefined;
  if (captureTransfer?.amount !== undefined && pi.transfer_data) pi.transfer_data = { ...pi.transfer_data, amount: captureTransfer.amount };
  if ('metadata' in params) pi.metadata = applyMetadata(pi.metadata, params.metadata as MetadataParam | null);
  if (typeof params.statement_descriptor_suffix === 'string') pi.statement_descriptor_suffix = params.statement_descriptor_suffix;
  save(ctx, pi); // Connect money (captureCharge) reads the fee and transfer amount given here from the stored intent
  const charge = loadCharge(ctx, pi.latest_charge as string);
  captureCharge(ctx, charge, amount);
  if (!pi.transfer_group && charge.transfer_group) pi.transfer_group = charge.transfer_group; // a destination charge's group_<pi id>
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = 'succeeded';
  save(ctx, pi);
  ctx.emit('charge.captured', charge);
  insertReleaseRefund(ctx, charge, charge.amount - amount);
  ctx.emit('payment_intent.succeeded', pi);
  (ctx.sim.services.onChargeCapturedForDisputes as OnChargeCaptured | undefined)?.(ctx, charge);
  return pi;
}

/** Stripe allows at most 10 incremental authorization attempts per PaymentIntent. */
const MAX_INCREMENTS = 10;

/**
 * Increments the authorisation of an uncaptured PaymentIntent (Stripe's "Increment an authorization"): only in
 * requires_capture, only when the charge shows `incremental_authorization.status: available` (asked for with
 * `payment_method_options[card][request_incremental_authorization]=if_available`), only upwards. On success
 * `amount` and `amount_capturable` become the new amount (charge.updated, payment_intent.amount_capturable_updated).
 */
function incrementAuthorization(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  const params = ctx.params;
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      ctx,
      `This PaymentIntent's amount could not be incremented because it has a status of ${pi.status}. You may only increment the authorization of a PaymentIntent with one of the following statuses: requires_capture.`,
      pi,
    );
  }
  const charge = loadCharge(ctx, pi.latest_charge as string);
  const status = (charge.payment_method_details as { card?: { incremental_authorization?: { status?: string } } } | null)?.card?.incremental_authorization?.status;
  if (status !== 'available') {
    throw unexpectedState(
      ctx,
      'This PaymentIntent is not eligible for incremental authorization. To request incremental authorization, confirm the PaymentIntent with payment_method_options[card][request_incremental_authorization]=if_available and capture_method=manual.',
      pi,
    );
  }
  const sim = simIntentOf(ctx, pi);
  if ((sim.increments ?? 0) >= MAX_INCREMENTS) {
    throw unexpectedState(ctx, `This PaymentIntent has reached the maximum of ${MAX_INCREMENTS} incremental authorization attempts.`, pi);
  }
  const amount = params.amount as number;
  if (amount <= pi.amount) {
    throw new StripeError({
      status: 400, type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount',
      message: `The amount must be greater than the PaymentIntent's current amount (${pi.amount}).`,
      extra: { payment_intent: renderIntent(ctx, pi) },
    });
  }
  const amountError = validateChargeAmount(amount, pi.currency);
  if (amountError) throw invalidRequest(amountError.message, { param: amountError.param, code: amountError.code });
  sim.increments = (sim.increments ?? 0) + 1;
  ctx.update(sim);
  if ('description' in params) pi.description = (params.description as string | null) ?? null;
  if ('metadata' in params) pi.metadata = applyMetadata(pi.metadata, params.metadata as MetadataParam | null);
  if (params.application_fee_amount !== undefined) pi.application_fee_amount = params.application_fee_amount as number;
  incrementCharge(ctx, charge, amount);
  pi.amount = amount;
  pi.amount_capturable = amount;
  save(ctx, pi);
  ctx.emit('payment_intent.amount_capturable_updated', pi);
  return pi;
}

function cancel(ctx: RequestContext): unknown {
  const pi = ctx.get<PaymentIntentObject>(ctx.pathParams.id, 'payment_intent', { kind: 'payment_intent', param: 'intent' });
  // The PaymentIntent of an open Checkout Session is the session's to cancel (sim/core/resources/checkout_sessions.ts);
  // Stripe's wording, as reported by its users.
  if ((ctx.sim.services.openCheckoutSessionOfPaymentIntent as ((c: RequestContext, id: string) => string | null) | undefined)?.(ctx, pi.id)) {
    throw invalidRequest('You cannot perform this action on PaymentIntents created by Checkout. Try expiring the Checkout Session instead.');
  }
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      ctx,
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      pi,
    );
  }
  if (pi.status === 'requires_capture' && typeof pi.latest_charge === 'string') {
    const charge = releaseCharge(ctx, loadCharge(ctx, pi.latest_charge));
    insertReleaseRefund(ctx, charge, charge.amount);
    pi.amount_capturable = 0;
  }
  const sim = ctx.find<SimIntent>(`simpi_${pi.id}`, 'sim_payment_intent')?.data;
  if (sim?.attempt) abandonAttempt(ctx, sim.attempt);
  pi.status = 'canceled';
  pi.canceled_at = ctx.now();
  pi.cancellation_reason = (ctx.params.cancellation_reason as Stripe.PaymentIntent.CancellationReason | undefined) ?? null;
  pi.next_action = null;
  save(ctx, pi);
  ctx.emit('payment_intent.canceled', pi);
  return pi;
}

export const paymentIntentRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/payment_intents', params: createSchema, handler: create },
  {
    method: 'GET',
    path: '/v1/payment_intents',
    params: { ...listParams, customer: p.id(), created: p.range(), customer_account: p.string() },
    handler: list,
  },
  { method: 'GET', path: '/v1/payment_intents/:id', params: { client_secret: p.string(), key: p.string() }, auth: 'publishable', handler: retrieve },
  { method: 'POST', path: '/v1/payment_intents/:id', params: updateSchema, handler: update },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', params: confirmSchema, auth: 'publishable', handler: confirm },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/capture',
    params: {
      amount_to_capture: p.integer(), application_fee_amount: p.integer({ min: 0 }), metadata: p.metadata(),
      statement_descriptor: p.string({ maxLength: 22 }), statement_descriptor_suffix: p.string({ maxLength: 22 }),
      final_capture: p.boolean(), transfer_data: p.object({ amount: p.integer({ min: 0 }) }), hooks: p.any(), payment_details: p.any(), amount_details: p.any(),
    },
    handler: capture,
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/increment_authorization',
    params: {
      amount: p.integer({ required: true }), amount_details: p.any(), application_fee_amount: p.integer({ min: 0 }),
      description: p.string({ maxLength: 1000 }), metadata: p.metadata(), hooks: p.any(), payment_details: p.any(),
      statement_descriptor: p.string({ maxLength: 22 }), transfer_data: p.any(),
    },
    handler: incrementAuthorization,
  },
  {
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    params: { cancellation_reason: p.enumOf(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']) },
    handler: cancel,
  },
];

/** Uncaptured authorisations expire after 7 days (simulator clock). */
export const AUTHORIZATION_VALIDITY_SECONDS = 7 * 86_400;

/**
 * Cancels the PaymentIntents whose authorisation expired: `canceled` with `cancellation_reason: automatic`,
 * the charge released, `charge.expired` then `payment_intent.canceled`. Runs when the clock advances.
 */
export function expireAuthorizations(sim: Simulator): number {
  let count = 0;
  forEachAccount(sim, '/_sim/clock/advance', (ctx) => {
    const now = ctx.now();
    const due: PaymentIntentObject[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = sim.store.list<PaymentIntentObject>({
        account: ctx.account, type: 'payment_intent', limit: 100, startingAfter: cursor,
        filter: (pi) => pi.status === 'requires_capture',
      });
      for (const rec of page.items) if (rec.data.created + AUTHORIZATION_VALIDITY_SECONDS <= now) due.push(rec.data);
      if (!page.hasMore || page.items.length === 0) break;
      cursor = page.items[page.items.length - 1].id;
    }
    for (const pi of due) {
      if (typeof pi.latest_charge === 'string') {
        const charge = ctx.find<ChargeObject>(pi.latest_charge, 'charge')?.data;
        if (charge && !charge.captured) {
          charge.amount_refunded = charge.amount;
          charge.refunded = true;
          ctx.update(charge);
          ctx.emit('charge.expired', charge);
          insertReleaseRefund(ctx, charge, charge.amount);
        }
      }
      pi.status = 'canceled';
      pi.canceled_at = now;
      pi.cancellation_reason = 'automatic';
      pi.amount_capturable = 0;
      save(ctx, pi);
      ctx.emit('payment_intent.canceled', pi);
      count++;
    }
  });
  return count;
}

/** Registers the PaymentIntent routes and the 3D Secure challenge page (GET/POST /3ds/challenge/:id). */
export function registerPaymentIntents(sim: Simulator): void {
  registerExpandable('payment_intent', {
    customer: null, payment_method: null, latest_charge: expandCharge, review: null, on_behalf_of: null, application: null,
    'transfer_data.destination': null,
  });
  for (const r of paymentIntentRoutes) sim.route(r);
  threeDSecurePages(sim.app, sim);
  sim.onClockAdvance(() => {
    expireAuthorizations(sim);
  });
  // Checkout Sessions create the PaymentIntent their page confirms (validated params, newest version's shape).
  sim.services.createPaymentIntent = (ctx: RequestContext, params: Record<string, unknown>): PaymentIntentObject => {
    const pi = newIntent(ctx, params);
    ctx.insert(pi, { customer: customerId(pi), status: pi.status });
    ctx.emit('payment_intent.created', pi);
    return pi;
  };
}

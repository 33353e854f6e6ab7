// SetupIntents for cards: create (optionally confirming), retrieve (secret key, or publishable key +
// client_secret), update, list, confirm, cancel. Confirming checks the card with its issuer (declining cards are
// refused with a 402), authenticates it through the 3D Secure challenge page when the card asks for it on setup
// (4000002500003155, 4000002760003184 and the 3DS-required cards), attaches it to the customer and, for
// `usage=off_session`, prepares it for off-session payments.

import type Stripe from 'stripe';
import type { Simulator } from '../app.ts';
import { cardSpecFor, intentErrorOf, type CardDecline } from '../cards.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing, StripeError } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { validateChargeAmount, validateCurrency } from '../money.ts';
import { randomString } from '../ids.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { registerSetupCompleter } from '../pages/3ds.ts';
import { p, listParams, type Schema } from '../params.ts';
import { checkConfirmationParams, createdFilter } from '../resource-kit.ts';
import type { RouteDef } from '../router.ts';
import { isEndive, registerVersionTransform, renderForVersion, type ApiVersion } from '../versions.ts';
import { challengeUrl, checkTypeChoice, type ThreeDSAttempt } from './payment_intents.ts';
import { abandonPendingAttempt, recordSetupAttempt, settleSetupAttempt } from './setup_attempts.ts';
import { applyConfirmationToken } from './confirmation_tokens.ts';
import {
  attachPaymentMethod, cardError, createCardFromParams, paymentMethodDataSchema, refuseSpent, resolvePaymentMethod, simCardOf,
  type PaymentMethodObject,
} from './payment_methods.ts';

export type SetupIntentObject = Stripe.SetupIntent & StripeObject;
type Status = Stripe.SetupIntent.Status;

const OPEN: readonly Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
export const SETUP_AUTHENTICATION_FAILURE_MESSAGE =
  'The latest attempt to set up the payment method has failed because authentication failed.';

const typesArray = p.array(p.string());
// payment_method_options[card]: an Indian eMandate's terms (mandate_options), the network and MOTO flag (both
// confirm-time only), the 3DS request, the future usage of the credential, and third-party 3DS results.
const cardMandateOptions = p.object({
  amount: p.integer({ required: true, min: 0 }),
  amount_type: p.enumOf(['fixed', 'maximum'], { required: true }),
  currency: p.string({ required: true, maxLength: 3 }),
  description: p.string({ maxLength: 200 }),
  end_date: p.timestamp(),
  interval: p.enumOf(['day', 'month', 'sporadic', 'week', 'year'], { required: true }),
  interval_count: p.integer({ min: 1 }),
  reference: p.string({ required: true, maxLength: 80 }),
  start_date: p.timestamp({ required: true }),
  supported_types: p.array(p.enumOf(['india'])),
});
const cardOptions: Schema = {
  request_three_d_secure: p.enumOf(['automatic', 'any', 'challenge']),
  mandate_options: cardMandateOptions,
  network: p.string(),
  moto: p.boolean(),
  setup_credential_usage: p.enumOf(['installment', 'recurring', 'unscheduled']),
  three_d_secure: p.any(),
};

/** mandate_options[interval_count]: "Maximum of one year interval allowed (1 year, 12 months, or 52 weeks)." */
const MANDATE_MAX_INTERVAL: Record<string, number> = { year: 1, month: 12, week: 52, day: 365 };

/**
 * Checks payment_method_options[card] and gives what the SetupIntent shows of it (moto and three_d_secure are used
 * by the confirmation, not kept). `confirming`: network and moto "can only be provided during confirmation".
 */
function cardOptionsOf(raw: Record<string, unknown>, confirming: boolean): Record<string, unknown> {
  const at = (k: string) => `payment_method_options[card][${k}]`;
  if (!confirming) {
    for (const k of ['moto', 'network']) {
      if (raw[k] !== undefined && raw[k] !== null) throw invalidRequest(`${at(k)} can only be provided during confirmation.`, { param: at(k) });
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of ['network', 'request_three_d_secure', 'setup_credential_usage']) if (k in raw) out[k] = raw[k] ?? null;
  if ('mandate_options' in raw) {
    const m = raw.mandate_options as Record<string, unknown> | null;
    if (m) {
      const max = MANDATE_MAX_INTERVAL[m.interval as string];
      if (max !== undefined && typeof m.interval_count === 'number' && m.interval_count > max) {
        throw invalidRequest(`Invalid ${at('mandate_options][interval_count')}: the maximum interval allowed is one year (1 year, 12 months, or 52 weeks).`, { param: at('mandate_options][interval_count') });
      }
      if (typeof m.end_date === 'number' && m.end_date <= (m.start_date as number)) {
        throw invalidRequest('The mandate end_date should be after its start_date.', { param: at('mandate_options][end_date') });
      }
      const validated = validateCurrency(m.currency as string, at('mandate_options][currency'));
      if ('error' in validated) throw invalidRequest(validated.error.message, { param: validated.error.param });
      out.mandate_options = {
        amount: m.amount, amount_type: m.amount_type, currency: validated.currency, description: m.description ?? null,
        end_date: m.end_date ?? null, interval: m.interval, interval_count: m.interval_count ?? null, reference: m.reference,
        start_date: m.start_date, supported_types: m.supported_types ?? null,
      };
    } else out.mandate_options = null;
  }
  return out;
}
const common: Schema = {
  description: p.string({ maxLength: 1000 }),
  metadata: p.metadata(),
  payment_method: p.id(),
  payment_method_data: p.object(paymentMethodDataSchema),
  payment_method_options: p.object({ card: p.object(cardOptions), link: p.any() }),
  payment_method_types: typesArray,
  excluded_payment_method_types: typesArray,
  payment_method_configuration: p.string(),
  flow_directions: typesArray,
  attach_to_self: p.boolean(),
  customer_account: p.string(),
};
// MandateData: `customer_acceptance` with its `type`; online needs the ip_address and user_agent it was accepted from,
// which Stripe.js (publishable key) asks Stripe to take from its own request with `infer_from_client`
const mandateData = p.object({
  customer_acceptance: p.object({
    accepted_at: p.timestamp(),
    offline: p.object({}),
    online: p.object({ ip_address: p.string(), user_agent: p.string(), infer_from_client: p.boolean() }),
    type: p.enumOf(['offline', 'online'], { required: true }),
  }, { required: true }),
});
const confirmOnly: Schema = {
  return_url: p.string(),
  use_stripe_sdk: p.boolean(),
  mandate_data: mandateData,
  confirmation_token: p.string(),
};
const withVersion = (s: Schema, v: ApiVersion): Schema => (isEndive(v) ? { ...s, allowed_payment_method_types: typesArray } : s);
const createSchema = (v: ApiVersion): Schema => withVersion({
  ...common, ...confirmOnly, customer: p.id(), confirm: p.boolean(), usage: p.enumOf(['off_session', 'on_session']),
  automatic_payment_methods: p.object({ enabled: p.boolean({ required: true }), allow_redirects: p.enumOf(['always', 'never']) }),
  on_behalf_of: p.string(),
  // SingleUse: "Amount the customer is granting permission to collect later" in a supported currency
  single_use: p.object({ amount: p.integer({ required: true }), currency: p.string({ required: true, maxLength: 3 }) }),
}, v);
const updateSchema = (v: ApiVersion): Schema => withVersion({ ...common, customer: p.id() }, v);
const confirmSchema = (v: ApiVersion): Schema => withVersion({
  ...confirmOnly, payment_method: p.id(), payment_method_data: p.object(paymentMethodDataSchema),
  payment_method_options: p.object({ card: p.object(cardOptions), link: p.any() }),
  client_secret: p.string(), key: p.string(), expected_payment_method_type: p.string(), payment_user_agent: p.string(),
  client_context: p.any(), client_attribution_metadata: p.any(),
}, v);

registerVersionTransform('setup_intent', (obj, version) => {
  if (isEndive(version)) return obj;
  const out = { ...obj };
  delete out.allowed_payment_method_types;
  return out;
});

const CLIENT_FIELDS = [
  'id', 'object', 'allowed_payment_method_types', 'automatic_payment_methods', 'cancellation_reason', 'client_secret',
  'created', 'description', 'excluded_payment_method_types', 'last_setup_error', 'livemode', 'next_action',
  'payment_method', 'payment_method_configuration_details', 'payment_method_types', 'status', 'usage',
];

function render(ctx: RequestContext, si: SetupIntentObject): Record<string, unknown> {
  const out = renderForVersion(structuredClone(si) as unknown as Record<string, unknown>, ctx.version);
  if (ctx.keyType !== 'publishable') return out;
  const sub: Record<string, unknown> = {};
  for (const k of CLIENT_FIELDS) if (k in out) sub[k] = out[k];
  return sub;
}

function save(ctx: RequestContext, si: SetupIntentObject): void {
  ctx.update(si, { customer: customerOf(si), payment_method: typeof si.payment_method === 'string' ? si.payment_method : null });
}

function customerOf(si: SetupIntentObject): string | null {
  return typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null);
}

function unexpected(ctx: RequestContext, si: SetupIntentObject, message: string): StripeError {
  return new StripeError({ status: 400, type: 'invalid_request_error', code: 'setup_intent_unexpected_state', message, extra: { setup_intent: render(ctx, si) } });
}

function applyCommon(si: SetupIntentObject, q: Record<string, unknown>, confirming = false): void {
  if ('description' in q) si.description = (q.description as string | null) ?? null;
  if ('metadata' in q) si.metadata = applyMetadata(si.metadata ?? {}, q.metadata as MetadataParam | null);
  if ('payment_method_options' in q) {
    const card = ((q.payment_method_options as Record<string, unknown> | null)?.card as Record<string, unknown> | undefined) ?? {};
    const current = { mandate_options: null, network: null, request_three_d_secure: 'automatic', ...((si.payment_method_options?.card as object | undefined) ?? {}) } as Record<string, unknown>;
    Object.assign(current, cardOptionsOf(card, confirming));
    si.payment_method_options = { card: current as unknown as Stripe.SetupIntent.PaymentMethodOptions.Card };
  }
  if (Array.isArray(q.allowed_payment_method_types)) {
    si.allowed_payment_method_types = q.allowed_payment_method_types as Stripe.SetupIntent.AllowedPaymentMethodType[];
    si.payment_method_types = (q.allowed_payment_method_types as string[]).filter((t) => t === 'card' || t === 'link');
    si.automatic_payment_methods = null;
  }
  if (Array.isArray(q.payment_method_types)) {
    si.payment_method_types = q.payment_method_types as string[];
    si.automatic_payment_methods = null;
  }
  if ('excluded_payment_method_types' in q) si.excluded_payment_method_types = (q.excluded_payment_method_types as Stripe.SetupIntent.ExcludedPaymentMethodType[] | null) ?? null;
  if (Array.isArray(q.flow_directions)) si.flow_directions = q.flow_directions as Stripe.SetupIntent.FlowDirection[];
}

function checkTypes(ctx: RequestContext, q: Record<string, unknown>): void {
  checkTypeChoice(ctx, q);
  for (const t of (q.payment_method_types as string[] | undefined) ?? []) {
    if (t !== 'card' && t !== 'link') throw invalidRequest(`The payment method type provided: ${t} is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`, { param: 'payment_method_types' });
  }
}

function fail(
  ctx: RequestContext, si: SetupIntentObject, pm: PaymentMethodObject, decline: CardDecline, type: 'card_error' | 'invalid_request_error',
): StripeError {
  const err = intentErrorOf(decline, pm, { type });
  si.last_setup_error = err as unknown as Stripe.SetupIntent.LastSetupError;
  si.status = 'requires_payment_method';
  si.payment_method = null;
  si.next_action = null;
  save(ctx, si);
  ctx.emit('setup_intent.setup_failed', si);
  const extra = { setup_intent: render(ctx, si), payment_method: pm };
  return type === 'card_error'
    ? cardError(decline, extra)
    : new StripeError({ status: 400, type, code: decline.code, message: decline.message, doc_url: err.doc_url as string, extra });
}

type SetupHook = ((c: RequestContext, si: SetupIntentObject) => void) | undefined;

function succeed(ctx: RequestContext, si: SetupIntentObject, pm: PaymentMethodObject): SetupIntentObject {
  // A Checkout Session's SetupIntent: the session may create the Customer the card is saved to (customer_creation).
  (ctx.sim.services.beforeSetupIntentSucceeds as SetupHook)?.(ctx, si);
  const customer = customerOf(si);
  if (customer && !pm.customer) attachPaymentMethod(ctx, pm, customer);
  const sim = simCardOf(ctx, pm.id);
  if (sim && si.usage === 'off_session') {
    sim.set_up_for_off_session = true;
    ctx.update(sim);
  }
  si.status = 'succeeded';
  si.payment_method = pm.id;
  si.next_action = null;
  si.last_setup_error = null;
  save(ctx, si);
  ctx.emit('setup_intent.succeeded', si);
  // A Checkout Session in setup mode completes (as PaymentIntents call onPaymentIntentSettled).
  (ctx.sim.services.onSetupIntentSucceeded as SetupHook)?.(ctx, si);
  return si;
}

interface ConfirmOpts {
  pmId?: string | null;
  pmData?: Record<string, unknown> | null;
  returnUrl: string | null;
  useStripeSdk: boolean;
}

function confirmSetup(ctx: RequestContext, si: SetupIntentObject, o: ConfirmOpts): { si: SetupIntentObject; error?: StripeError } {
  if (!OPEN.includes(si.status)) {
    throw unexpected(ctx, si, `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`);
  }
  let pm: PaymentMethodObject | undefined;
  if (o.pmData) pm = createCardFromParams(ctx, o.pmData);
  else if (o.pmId) pm = resolvePaymentMethod(ctx, o.pmId);
  else if (si.payment_method) pm = resolvePaymentMethod(ctx, typeof si.payment_method === 'string' ? si.payment_method : si.payment_method.id);
  if (!pm) {
    throw unexpected(ctx, si, "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.");
  }
  const customer = customerOf(si);
  const pmCustomer = typeof pm.customer === 'string' ? pm.customer : null;
  // A PaymentMethod a payment used without a customer, or one detached from its customer, is spent: Stripe refuses
  // it everywhere with the same words (PaymentIntents, attach: payment_methods.ts).
  if (!pmCustomer) refuseSpent(simCardOf(ctx, pm.id), 'payment_method');
  if (customer && pmCustomer && pmCustomer !== customer) {
    throw invalidRequest(`The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${customer}. Please use this PaymentMethod with the Customer that it belongs to instead.`, { param: 'payment_method' });
  }
  si.payment_method = pm.id;
  const number = simCardOf(ctx, pm.id)?.number ?? '4242424242424242';
  const spec = cardSpecFor(number);
  if (spec.attachDecline) {
    recordSetupAttempt(ctx, si, pm, number, 'failed', intentErrorOf(spec.attachDecline, pm, { type: 'card_error' }));
    return { si, error: fail(ctx, si, pm, spec.attachDecline, 'card_error') };
  }
  const request = ((si.payment_method_options?.card as { request_three_d_secure?: string } | undefined)?.request_three_d_secure ?? 'automatic');
  const needs = spec.threeDSecure !== 'none' && (
    spec.setupRequiresAuthentication === true || spec.threeDSecure === 'required' || spec.threeDSecure === 'always'
    || spec.threeDSecure === 'required_on_session' || request !== 'automatic');
  if (!needs) {
    recordSetupAttempt(ctx, si, pm, number, 'succeeded', null);
    return { si: succeed(ctx, si, pm) };
  }
  recordSetupAttempt(ctx, si, pm, number, 'requires_action', null);
  const mode: ThreeDSAttempt['mode'] = !o.useStripeSdk && o.returnUrl ? 'redirect_to_url' : 'use_stripe_sdk';
  const attempt: ThreeDSAttempt = {
    id: ctx.newId('src'), object: 'sim_three_d_secure', intent: si.id, intent_type: 'setup_intent', payment_method: pm.id,
    mode, return_url: o.returnUrl, off_session: false, status: 'pending',
  };
  ctx.insert(attempt);
  const url = challengeUrl(ctx, attempt.id);
  si.next_action = (mode === 'redirect_to_url'
    ? { type: 'redirect_to_url', redirect_to_url: { return_url: o.returnUrl, url } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: attempt.id, known_frame_issues: 'false' } }) as unknown as Stripe.SetupIntent.NextAction;
  si.status = 'requires_action';
  si.last_setup_error = null;
  save(ctx, si);
  ctx.emit('setup_intent.requires_action', si);
  return { si };
}

/** Completion of a setup challenge (called by the 3DS page). */
function completeSetup(ctx: RequestContext, attempt: ThreeDSAttempt, outcome: 'complete' | 'fail'): { intent: StripeObject; succeeded: boolean } {
  const si = ctx.get<SetupIntentObject>(attempt.intent, 'setup_intent');
  const pm = resolvePaymentMethod(ctx, attempt.payment_method);
  const number = simCardOf(ctx, pm.id)?.number ?? '4242424242424242';
  const spec = cardSpecFor(number);
  const failed = outcome === 'fail' || spec.authenticationFails === true;
  attempt.status = failed ? 'failed' : 'succeeded';
  ctx.update(attempt);
  if (failed) {
    const decline = { code: 'setup_intent_authentication_failure', message: SETUP_AUTHENTICATION_FAILURE_MESSAGE };
    settleSetupAttempt(ctx, si, pm, number, false, intentErrorOf(decline, pm, { type: 'invalid_request_error' }));
    fail(ctx, si, pm, decline, 'invalid_request_error');
    return { intent: si, succeeded: false };
  }
  settleSetupAttempt(ctx, si, pm, number, true, null);
  return { intent: succeed(ctx, si, pm), succeeded: true };
}

function assertClientSecret(ctx: RequestContext, si: SetupIntentObject): void {
  if (ctx.keyType !== 'publishable') return;
  const secret = ctx.params.client_secret as string | undefined;
  if (secret === undefined) throw invalidRequest('Missing required param: client_secret.', { param: 'client_secret', code: 'parameter_missing' });
  if (secret !== si.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the SetupIntent.', { param: 'client_secret', code: 'setup_intent_invalid_parameter' });
  }
}

function out(ctx: RequestContext, r: { si: SetupIntentObject; error?: StripeError }): unknown {
  if (r.error) return ctx.errorResponse(r.error);
  return ctx.keyType === 'publishable' ? ctx.respond(200, render(ctx, r.si)) : r.si;
}

/** `single_use`: a charge amount as PaymentIntents take it (minimum per currency, at most eight digits). */
function checkSingleUse(v: unknown): void {
  if (!v) return;
  const { amount, currency } = v as { amount: number; currency: string };
  const cur = validateCurrency(currency, 'single_use[currency]');
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: cur.error.param });
  const bad = validateChargeAmount(amount, cur.currency, 'single_use[amount]');
  if (bad) throw invalidRequest(bad.message, { param: bad.param, code: bad.code });
}

/** What create (with confirm=true) and confirm both check: a valid return_url, one way to name the PaymentMethod, mandate_data. */
function checkConfirmParams(q: Record<string, unknown>): void {
  checkConfirmationParams(q);
  type Online = { ip_address?: string; user_agent?: string; infer_from_client?: boolean };
  const acceptance = (q.mandate_data as { customer_acceptance?: { type: string; online?: Online } } | null | undefined)?.customer_acceptance;
  if (acceptance?.type === 'online') {
    const online = acceptance.online;
    if (!online) throw parameterMissing('mandate_data[customer_acceptance][online]');
    if (online.infer_from_client !== true) {
      if (!online.ip_address) throw parameterMissing('mandate_data[customer_acceptance][online][ip_address]');
      if (!online.user_agent) throw parameterMissing('mandate_data[customer_acceptance][online][user_agent]');
    }
  }
}

function create(ctx: RequestContext): unknown {
  const q = ctx.params;
  checkTypes(ctx, q);
  // API reference: mandate_data "can only be used with confirm=true", like return_url (PaymentIntents word it so)
  for (const k of ['mandate_data', 'use_stripe_sdk'] as const) {
    if (q[k] !== undefined && q[k] !== null && q[k] !== false && q.confirm !== true) {
      throw invalidRequest(`You can only pass in ${k} when confirm is true.`, { param: k });
    }
  }
  // attach_to_self: "It cannot be set to true when setting up a PaymentMethod for a Customer"
  if (q.attach_to_self === true && q.customer) {
    throw invalidRequest('attach_to_self cannot be set to true when setting up a PaymentMethod for a Customer.', { param: 'attach_to_self' });
  }
  checkConfirmParams(q);
  checkSingleUse(q.single_use);
  if (q.customer) {
    const c = ctx.find<StripeObject>(q.customer as string, 'customer');
    if (!c) throw resourceMissing('customer', q.customer as string, 'customer');
  }
  if (q.return_url !== undefined && q.confirm !== true) throw invalidRequest('You can only pass in return_url when confirm is true.', { param: 'return_url' });
  if (q.confirmation_token !== undefined && q.confirm !== true) {
    throw invalidRequest('You can only pass in confirmation_token when confirm is true.', { param: 'confirmation_token' });
  }
  // the token's PaymentMethod (and return_url) stand in for payment_method; sim/core/resources/confirmation_tokens.ts
  const tokenUsed = applyConfirmationToken(ctx, q);
  const explicit = q.payment_method_types !== undefined || q.allowed_payment_method_types !== undefined;
  const apm = q.automatic_payment_methods as { enabled: boolean; allow_redirects?: string } | undefined;
  const id = ctx.newId('seti');
  const si = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: explicit ? null : { allow_redirects: apm?.allow_redirects ?? 'always', enabled: apm?.enabled ?? true },
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomString(32)}`,
    created: ctx.now(),
    customer: (q.customer as string | undefined) ?? null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: (q.on_behalf_of as string | undefined) ?? null,
    payment_method: null,
    payment_method_configuration_details: explicit ? null : { id: 'pmc_simulator_default', parent: null },
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: (q.usage as string | undefined) ?? 'off_session',
  } as unknown as SetupIntentObject;
  applyCommon(si, q, q.confirm === true);
  if (q.payment_method) {
    si.payment_method = resolvePaymentMethod(ctx, q.payment_method as string).id;
    si.status = 'requires_confirmation';
  }
  ctx.insert(si, { customer: customerOf(si), payment_method: si.payment_method as string | null });
  ctx.emit('setup_intent.created', si);
  tokenUsed?.(si.id);
  if (q.confirm !== true) return si;
  return out(ctx, confirmSetup(ctx, si, {
    pmId: si.payment_method as string | null, pmData: (q.payment_method_data as Record<string, unknown> | undefined) ?? null,
    returnUrl: (q.return_url as string | undefined) ?? null, useStripeSdk: q.use_stripe_sdk === true,
  }));
}

function retrieve(ctx: RequestContext): unknown {
  const si = ctx.get<SetupIntentObject>(ctx.pathParams.id, 'setup_intent', { param: 'intent' });
  if (ctx.keyType === 'publishable') {
    assertClientSecret(ctx, si);
    return ctx.respond(200, render(ctx, si));
  }
  return si;
}

/** The SetupIntent of a Checkout Session in setup mode (the session confirms it; merchants only expire the session). */
function createdByCheckout(ctx: RequestContext, si: SetupIntentObject): boolean {
  return ((ctx.sim.services.checkoutSessionOfSetupIntent as ((c: RequestContext, id: string) => string | null) | undefined)?.(ctx, si.id) ?? null) !== null;
}

function update(ctx: RequestContext): unknown {
  const si = ctx.get<SetupIntentObject>(ctx.pathParams.id, 'setup_intent', { param: 'intent' });
  const q = ctx.params;
  const locked = Object.keys(q).filter((k) => k !== 'metadata' && k !== 'description' && k !== 'expand');
  if (locked.length > 0 && createdByCheckout(ctx, si)) {
    // Stripe's wording, as reported by its users.
    throw invalidRequest(`Some of the parameters you provided (${locked.join(', ')}) cannot be used when modifying a SetupIntent that was created by Checkout. You can try again without those parameters.`);
  }
  checkTypes(ctx, q);
  if (!OPEN.includes(si.status) && Object.keys(q).some((k) => k !== 'metadata' && k !== 'description')) {
    throw unexpected(ctx, si, `You cannot update this SetupIntent because it has a status of ${si.status}.`);
  }
  if ('customer' in q && q.customer) {
    if (!ctx.find(q.customer as string, 'customer')) throw resourceMissing('customer', q.customer as string, 'customer');
    si.customer = q.customer as string;
  }
  applyCommon(si, q);
  let pm: PaymentMethodObject | undefined;
  if (q.payment_method) pm = resolvePaymentMethod(ctx, q.payment_method as string);
  else if (q.payment_method_data) pm = createCardFromParams(ctx, q.payment_method_data as Record<string, unknown>);
  if (pm) {
    si.payment_method = pm.id;
    si.status = 'requires_confirmation';
    si.next_action = null;
  }
  save(ctx, si);
  return si;
}

function confirm(ctx: RequestContext): unknown {
  const si = ctx.get<SetupIntentObject>(ctx.pathParams.id, 'setup_intent', { param: 'intent' });
  const q = ctx.params;
  assertClientSecret(ctx, si);
  checkTypes(ctx, q);
  checkConfirmParams(q);
  const tokenUsed = OPEN.includes(si.status) ? applyConfirmationToken(ctx, q) : null; // confirmation_tokens.ts
  if (OPEN.includes(si.status) && 'payment_method_options' in q) applyCommon(si, { payment_method_options: q.payment_method_options }, true);
  tokenUsed?.(si.id);
  return out(ctx, confirmSetup(ctx, si, {
    pmId: (q.payment_method as string | undefined) ?? null, pmData: (q.payment_method_data as Record<string, unknown> | undefined) ?? null,
    returnUrl: (q.return_url as string | undefined) ?? null, useStripeSdk: q.use_stripe_sdk === true,
  }));
}

function cancel(ctx: RequestContext): unknown {
  const si = ctx.get<SetupIntentObject>(ctx.pathParams.id, 'setup_intent', { param: 'intent' });
  // Stripe: "You can't confirm or cancel the SetupIntent for a Checkout Session. To cancel, expire the Checkout
  // Session instead." Worded like Stripe's refusal for Checkout's PaymentIntents (not confirmed for SetupIntents).
  if (createdByCheckout(ctx, si)) throw invalidRequest('You cannot perform this action on SetupIntents created by Checkout.');
  if (!OPEN.includes(si.status)) {
    throw unexpected(ctx, si, `You cannot cancel this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.`);
  }
  abandonPendingAttempt(ctx, si);
  si.status = 'canceled';
  si.cancellation_reason = (ctx.params.cancellation_reason as Stripe.SetupIntent.CancellationReason | undefined) ?? null;
  si.next_action = null;
  save(ctx, si);
  ctx.emit('setup_intent.canceled', si);
  return si;
}

function list(ctx: RequestContext): unknown {
  const q = ctx.params;
  return ctx.list<SetupIntentObject>('setup_intent', {
    where: { customer: q.customer as string | undefined, payment_method: q.payment_method as string | undefined },
    created: createdFilter(q.created),
    url: '/v1/setup_intents',
  });
}

export const setupIntentRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/setup_intents', params: createSchema, handler: create },
  { method: 'GET', path: '/v1/setup_intents', params: { ...listParams, customer: p.id(), payment_method: p.id(), created: p.range(), attach_to_self: p.boolean(), customer_account: p.string() }, handler: list },
  { method: 'GET', path: '/v1/setup_intents/:id', params: { client_secret: p.string(), key: p.string() }, auth: 'publishable', handler: retrieve },
  { method: 'POST', path: '/v1/setup_intents/:id', params: updateSchema, handler: update },
  { method: 'POST', path: '/v1/setup_intents/:id/confirm', params: confirmSchema, auth: 'publishable', handler: confirm },
  { method: 'POST', path: '/v1/setup_intents/:id/cancel', params: { cancellation_reason: p.enumOf(['abandoned', 'duplicate', 'requested_by_customer']) }, handler: cancel },
];

export function registerSetupIntents(sim: Simulator): void {
  registerExpandable('setup_intent', ['customer', 'payment_method', 'latest_attempt', 'mandate', 'single_use_mandate', 'on_behalf_of', 'application']);
  for (const r of setupIntentRoutes) sim.route(r);
  registerSetupCompleter(completeSetup);
}

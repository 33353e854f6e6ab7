// ConfirmationTokens, as Stripe's "finalize payments on the server" integration uses them: a token carries the
// payment details collected on the client (payment_method_preview, return_url, setup_future_usage, shipping,
// payment_method_options) and the server confirms a PaymentIntent with `confirmation_token: 'ctoken_...'`.
// Stripe.js's `createConfirmationToken` calls `POST /v1/confirmation_tokens` with the publishable key (only: a secret
// key is refused, servers use the test helper): the simulator's shim has the card iframe make the PaymentMethod and
// sends its id with return_url, shipping, metadata and the Elements group's setup_future_usage; such a token has
// `use_stripe_sdk: true`, so a server-side confirmation leaves 3D Secure to `stripe.handleNextAction`.
// Created here also by the test helper (`stripe.testHelpers.confirmationTokens.create`, secret key) from a
// `payment_method` (a test id such as pm_card_visa, or an existing pm_) or, beyond Stripe's test helper (whose
// payment_method_data has no card fields), `payment_method_data` of type card (`card[token]`, raw test numbers);
// `GET /v1/confirmation_tokens/:id` retrieves one. A token expires 12 hours after its creation and is used once: the
// PaymentIntent (or SetupIntent) it confirmed is recorded in `payment_intent` (`setup_intent`) and a second use is refused. The card behind it is a
// PaymentMethod made when the token is created (kept in an internal record); confirming uses it, so test cards
// behave as with `payment_method`. Refusal wordings other than the 404 are the simulator's.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing, StripeError } from '../errors.ts';
import { checkReturnUrl, metadataFrom, p, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { createCardFromParams, paymentMethodDataSchema, resolvePaymentMethod, STRIPE_JS_PARAMS, type PaymentMethodObject } from './payment_methods.ts';

export type ConfirmationTokenObject = Stripe.ConfirmationToken & StripeObject;

/** Internal record `simct_<ctoken id>`: the PaymentMethod the token stands for. */
interface SimConfirmationToken extends StripeObject {
  id: string;
  object: 'sim_confirmation_token';
  payment_method: string;
}

/** Stripe: "ConfirmationTokens ... expire 12 hours after creation". */
const TOKEN_LIFETIME = 12 * 3600;

const addressSchema: Schema = {
  city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};

const createSchema: Schema = {
  payment_method: p.string({ maxLength: 5000 }),
  payment_method_data: p.object(paymentMethodDataSchema),
  payment_method_options: p.any(),
  return_url: p.string(),
  setup_future_usage: p.enumOf(['off_session', 'on_session']),
  shipping: p.object({ address: p.object(addressSchema, { required: true }), name: p.string({ required: true }), phone: p.string() }),
};

/**
 * `POST /v1/confirmation_tokens` as Stripe.js calls it (publishable key): the test helper's parameters, metadata
 * (Stripe.js's `params.metadata`), and what Stripe.js adds to every call (`key`, `payment_user_agent`, ...).
 */
const clientCreateSchema: Schema = {
  ...createSchema,
  metadata: p.metadata(),
  key: p.string(),
  client_context: p.any(),
  client_attribution_metadata: p.any(),
  ...STRIPE_JS_PARAMS,
};

function preview(pm: PaymentMethodObject): Stripe.ConfirmationToken.PaymentMethodPreview {
  return {
    allow_redisplay: (pm as { allow_redisplay?: string }).allow_redisplay ?? 'unspecified',
    billing_details: pm.billing_details,
    card: pm.card,
    customer: pm.customer,
    customer_account: null,
    type: pm.type,
  } as Stripe.ConfirmationToken.PaymentMethodPreview;
}


function create(ctx: RequestContext): ConfirmationTokenObject {
  return createToken(ctx, false);
}

/**
 * Stripe.js's endpoint: the publishable key only. The PaymentMethod it names must be one the publishable key may use
 * (not attached to a customer: a saved card is confirmed by the server with its own id).
 */
function clientCreate(ctx: RequestContext): ConfirmationTokenObject {
  if (ctx.keyType !== 'publishable') {
    throw new StripeError({
      status: 400,
      type: 'invalid_request_error',
      message:
        'ConfirmationTokens are created by Stripe.js with your publishable key (stripe.createConfirmationToken). To create one on your server in test mode, use POST /v1/test_helpers/confirmation_tokens.',
    });
  }
  if (typeof ctx.params.payment_method === 'string') {
    const pm = ctx.find<PaymentMethodObject>(ctx.params.payment_method, 'payment_method')?.data;
    if (pm?.customer) throw resourceMissing('PaymentMethod', ctx.params.payment_method, 'payment_method');
  }
  return createToken(ctx, true);
}

function createToken(ctx: RequestContext, fromStripeJs: boolean): ConfirmationTokenObject {
  const q = ctx.params;
  if (q.payment_method && q.payment_method_data) {
    throw invalidRequest('You may only specify one of these parameters: payment_method, payment_method_data.', { param: 'payment_method' });
  }
  if (!q.payment_method && !q.payment_method_data) {
    throw invalidRequest('One of the following params should be provided for this request: payment_method or payment_method_data.');
  }
  checkReturnUrl(q.return_url);
  const pm = q.payment_method
    ? resolvePaymentMethod(ctx, q.payment_method as string, 'payment_method')
    : createCardFromParams(ctx, q.payment_method_data as Record<string, unknown>);
  const now = ctx.now();
  const shipping = q.shipping as { address: Record<string, string | undefined>; name: string; phone?: string } | undefined;
  const token = {
    id: ctx.newId('ctoken'),
    object: 'confirmation_token',
    created: now,
    expires_at: now + TOKEN_LIFETIME,
    livemode: false,
    mandate_data: null,
    metadata: q.metadata ? metadataFrom(undefined, q.metadata) : null,
    payment_intent: null,
    payment_method_options: (q.payment_method_options as Stripe.ConfirmationToken.PaymentMethodOptions | undefined) ?? null,
    payment_method_preview: preview(pm),
    return_url: (q.return_url as string | undefined) ?? null,
    setup_future_usage: (q.setup_future_usage as Stripe.ConfirmationToken.SetupFutureUsage | undefined) ?? null,
    setup_intent: null,
    shipping: shipping
      ? {
          address: {
            city: shipping.address.city ?? null, country: shipping.address.country ?? null, line1: shipping.address.line1 ?? null,
            line2: shipping.address.line2 ?? null, postal_code: shipping.address.postal_code ?? null, state: shipping.address.state ?? null,
          },
          name: shipping.name,
          phone: shipping.phone ?? null,
        }
      : null,
    // Stripe.js handles the next actions of a server-side confirmation (stripe.handleNextAction).
    use_stripe_sdk: fromStripeJs,
  } as ConfirmationTokenObject;
  ctx.insert(token);
  ctx.insert<SimConfirmationToken>({ id: `simct_${token.id}`, object: 'sim_confirmation_token', payment_method: pm.id });
  return token;
}

function retrieve(ctx: RequestContext): ConfirmationTokenObject {
  return ctx.get<ConfirmationTokenObject>(ctx.pathParams.id, 'confirmation_token', { kind: 'confirmationtoken', param: 'confirmation_token' });
}

/**
 * Confirming a PaymentIntent or SetupIntent with `confirmation_token`: checks the token (known, unused, unexpired, not with
 * `payment_method` or `payment_method_data`) and puts what it carries into the request's parameters (the
 * PaymentMethod; return_url, setup_future_usage and shipping unless the request gives them). Answers a function
 * that records the intent (by its id's prefix) on the token once it exists.
 */
export function applyConfirmationToken(ctx: RequestContext, params: Record<string, unknown>): ((intentId: string) => void) | null {
  const id = params.confirmation_token;
  if (typeof id !== 'string') return null;
  for (const other of ['payment_method', 'payment_method_data'] as const) {
    if (params[other] !== undefined && params[other] !== null) {
      throw invalidRequest(`You may only specify one of these parameters: confirmation_token, ${other}.`, { param: 'confirmation_token' });
    }
  }
  const token = ctx.get<ConfirmationTokenObject>(id, 'confirmation_token', { kind: 'confirmationtoken', param: 'confirmation_token' });
  if (token.payment_intent || token.setup_intent) {
    throw invalidRequest(`This ConfirmationToken (${token.id}) has already been used to confirm ${token.payment_intent ?? token.setup_intent}.`, { param: 'confirmation_token' });
  }
  if (token.expires_at !== null && token.expires_at <= ctx.now()) {
    throw invalidRequest(`This ConfirmationToken (${token.id}) has expired.`, { param: 'confirmation_token' });
  }
  const link = ctx.find<SimConfirmationToken>(`simct_${token.id}`, 'sim_confirmation_token')?.data;
  if (!link) throw resourceMissing('confirmationtoken', id, 'confirmation_token');
  params.payment_method = link.payment_method;
  if (params.return_url === undefined && token.return_url) params.return_url = token.return_url;
  if (params.setup_future_usage === undefined && token.setup_future_usage) params.setup_future_usage = token.setup_future_usage;
  if (params.shipping === undefined && token.shipping) params.shipping = token.shipping;
  if (params.use_stripe_sdk === undefined && token.use_stripe_sdk) params.use_stripe_sdk = true;
  delete params.confirmation_token;
  return (intentId: string) => {
    if (intentId.startsWith('seti_')) token.setup_intent = intentId;
    else token.payment_intent = intentId;
    ctx.update(token);
  };
}

export function registerConfirmationTokens(sim: Simulator): void {
  sim.route({ method: 'POST', path: '/v1/test_helpers/confirmation_tokens', params: createSchema, handler: create });
  sim.route({ method: 'POST', path: '/v1/confirmation_tokens', params: clientCreateSchema, auth: 'publishable', handler: clientCreate });
  sim.route({ method: 'GET', path: '/v1/confirmation_tokens/:id', handler: retrieve });
}

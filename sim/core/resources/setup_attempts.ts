// SetupAttempts: one per confirmation of a SetupIntent (Stripe's record of each try to set up its payment method),
// listed with `GET /v1/setup_attempts?setup_intent=seti_...` (newest first) and referenced by the SetupIntent's
// `latest_attempt`. Statuses as Stripe's: `requires_action` while 3D Secure is pending, then `succeeded` or `failed`
// (with `setup_error`, the SetupIntent's `last_setup_error`); an attempt left waiting for authentication becomes
// `abandoned` when the SetupIntent is confirmed again or canceled. A Terminal reader's `process_setup_intent` records
// a `card_present` attempt whose `generated_card` is the reusable card it saved.

import type Stripe from 'stripe';
import type { Simulator } from '../app.ts';
import { checksAfterCharge, type CardDetails } from '../cards.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { registerExpandable } from '../expand.ts';
import { p, listParams } from '../params.ts';
import { createdFilter } from '../resource-kit.ts';
import type { PaymentMethodObject } from './payment_methods.ts';

export type SetupAttemptObject = Stripe.SetupAttempt & StripeObject;


/** 3D Secure outcome of an attempt, once the challenge is answered. */
export interface AttemptThreeDSecure {
  authenticated: boolean;
}

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === 'string' ? v : (v?.id ?? null);
}

function cardDetails(pm: PaymentMethodObject, number: string, succeeded: boolean, threeDS: AttemptThreeDSecure | null): Stripe.SetupAttempt.PaymentMethodDetails {
  const card = pm.card as unknown as CardDetails;
  return {
    card: {
      brand: card.brand,
      checks: succeeded ? checksAfterCharge(number, card.checks) : card.checks,
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint,
      funding: card.funding,
      last4: card.last4,
      network: card.brand,
      three_d_secure: threeDS
        ? {
          authentication_flow: 'challenge', electronic_commerce_indicator: threeDS.authenticated ? '05' : null,
          result: threeDS.authenticated ? 'authenticated' : 'failed', result_reason: null,
          transaction_id: crypto.randomUUID(), version: '2.2.0',
        }
        : null,
      wallet: null,
    },
    type: 'card',
  } as unknown as Stripe.SetupAttempt.PaymentMethodDetails;
}

/** The attempt the SetupIntent's `latest_attempt` names, if it is still waiting for authentication. */
function pendingAttempt(ctx: RequestContext, si: Stripe.SetupIntent): SetupAttemptObject | null {
  const id = idOf(si.latest_attempt);
  if (!id) return null;
  const attempt = ctx.find<SetupAttemptObject>(id, 'setup_attempt')?.data;
  return attempt && attempt.status === 'requires_action' ? attempt : null;
}

/** Marks an attempt left waiting for authentication as abandoned (a new confirmation, or a cancellation). */
export function abandonPendingAttempt(ctx: RequestContext, si: Stripe.SetupIntent): void {
  const attempt = pendingAttempt(ctx, si);
  if (!attempt) return;
  attempt.status = 'abandoned';
  ctx.update(attempt);
}

/**
 * Records a confirmation of `si` with `pm` and points `si.latest_attempt` at it. `status` is the attempt's
 * outcome so far: `requires_action` (3D Secure pending), `succeeded` or `failed` (with `error`).
 */
export function recordSetupAttempt(
  ctx: RequestContext, si: Stripe.SetupIntent, pm: PaymentMethodObject, number: string,
  status: 'requires_action' | 'succeeded' | 'failed', error: Record<string, unknown> | null,
  /** The details of another kind of payment method (a reader's `card_present`); default: the card's. */
  details?: Stripe.SetupAttempt.PaymentMethodDetails,
): SetupAttemptObject {
  abandonPendingAttempt(ctx, si);
  const attempt = {
    id: ctx.newId('setatt'),
    object: 'setup_attempt',
    application: null,
    created: ctx.now(),
    customer: idOf(si.customer),
    customer_account: null,
    flow_directions: si.flow_directions ?? null,
    livemode: false,
    on_behalf_of: idOf(si.on_behalf_of),
    payment_method: pm.id,
    payment_method_details: details ?? cardDetails(pm, number, status === 'succeeded', null),
    setup_error: error as Stripe.SetupAttempt.SetupError | null,
    setup_intent: si.id,
    status,
    usage: si.usage,
  } as unknown as SetupAttemptObject;
  ctx.insert(attempt, { setup_intent: si.id });
  si.latest_attempt = attempt.id;
  return attempt;
}

/** Settles the attempt waiting for authentication once the 3D Secure challenge is answered. */
export function settleSetupAttempt(
  ctx: RequestContext, si: Stripe.SetupIntent, pm: PaymentMethodObject, number: string, authenticated: boolean, error: Record<string, unknown> | null,
): void {
  const attempt = pendingAttempt(ctx, si);
  if (!attempt) return;
  attempt.status = authenticated ? 'succeeded' : 'failed';
  attempt.setup_error = error as Stripe.SetupAttempt.SetupError | null;
  attempt.payment_method_details = cardDetails(pm, number, authenticated, { authenticated });
  ctx.update(attempt);
}

function list(ctx: RequestContext): unknown {
  const q = ctx.params;
  return ctx.list<SetupAttemptObject>('setup_attempt', {
    where: { setup_intent: q.setup_intent as string },
    created: createdFilter(q.created),
    url: '/v1/setup_attempts',
  });
}

export function registerSetupAttempts(sim: Simulator): void {
  registerExpandable('setup_attempt', ['customer', 'payment_method', 'setup_intent', 'on_behalf_of', 'application']);
  sim.route({ method: 'GET', path: '/v1/setup_attempts', params: { ...listParams, setup_intent: p.id({ required: true }), created: p.range() }, handler: list });
}

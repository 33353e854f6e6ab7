// Disputes of card payments, as Stripe's test mode makes them (docs "Testing", section "Disputes"): a captured
// payment with 4000000000000259 (fraudulent), 4000000000002685 (product not received) or 4000000404000079 is
// charged back (`needs_response`: the amount and the $15.00 dispute fee withdrawn), 4000000000001976 becomes an
// inquiry (`warning_needs_response`, nothing withdrawn), and 4000000000005423 only gets a Radar early fraud
// warning. Evidence with `uncategorized_text` "winning_evidence" or "losing_evidence" and `submit=true` settles
// the dispute as won (funds reinstated) or lost, as the testing docs describe; other submitted evidence leaves it
// under review. Routes: retrieve, list (charge, payment_intent, created), update (evidence, metadata, submit),
// close; GET /v1/radar/early_fraud_warnings[/:id].

import type Stripe from 'stripe';
import { forEachAccount, type RequestContext, type StripeObject } from '../context.ts';
import { cardSpecFor, type TestCardDispute } from '../cards.ts';
import { invalidRequest } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { currencyExponent } from '../money.ts';
import { previousAttributes, saveUpdate } from '../resource-kit.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { insertTxn } from '../connect-money/index.ts';
import type { BalanceTransactionObject } from './balance_transactions.ts';
import { chargeIndex, expandCharge, type ChargeObject } from './charges.ts';
import { simCardOf } from './payment_methods.ts';

export type DisputeObject = Stripe.Dispute & StripeObject;
export type EarlyFraudWarningObject = Stripe.Radar.EarlyFraudWarning & StripeObject;

/**
 * Stripe's US dispute fee, $15.00 ("Dispute received fee", Stripe's pricing page), charged in the dispute's
 * currency: 15.00 in its major unit (a simplification for other currencies, whose fee Stripe sets per country).
 */
export function disputeFee(currency: string): number {
  return 15 * 10 ** currencyExponent(currency);
}

/** Evidence fields that take text (DisputeUpdateParams.Evidence); the others take a File id. */
const TEXT_EVIDENCE = [
  'access_activity_log', 'billing_address', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'customer_email_address',
  'customer_name', 'customer_purchase_ip', 'duplicate_charge_explanation', 'duplicate_charge_id', 'product_description',
  'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date', 'shipping_address', 'shipping_carrier', 'shipping_date',
  'shipping_tracking_number', 'uncategorized_text',
] as const;
const FILE_EVIDENCE = [
  'cancellation_policy', 'customer_communication', 'customer_signature', 'duplicate_charge_documentation', 'receipt',
  'refund_policy', 'service_documentation', 'shipping_documentation', 'uncategorized_file',
] as const;
/** Stripe: the long explanations have "a maximum character count of 20,000"; all fields together 150,000. */
const LONG_TEXT = new Set(['access_activity_log', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'duplicate_charge_explanation',
  'product_description', 'refund_policy_disclosure', 'refund_refusal_explanation', 'uncategorized_text']);
const MAX_EVIDENCE_CHARS = 150_000;

const CLOSED: readonly string[] = ['won', 'lost', 'warning_closed', 'prevented'];
const SUBMITTED: readonly string[] = ['under_review', 'warning_under_review', 'appeal_under_review'];

function emptyEvidence(): Stripe.Dispute.Evidence {
  const e: Record<string, unknown> = {};
  for (const k of [...TEXT_EVIDENCE, ...FILE_EVIDENCE].sort()) e[k] = null;
  e.enhanced_evidence = {};
  return e as unknown as Stripe.Dispute.Evidence;
}

/** End of the day (23:59:59 UTC) `days` after `t`: evidence is due then, as Stripe's `due_by` values show. */
function endOfDay(t: number, days: number): number {
  const DAY = 86_400;
  return Math.floor(t / DAY) * DAY + (days + 1) * DAY - 1;
}

function disputeIndex(d: DisputeObject): Record<string, string | null> {
  return {
    charge: typeof d.charge === 'string' ? d.charge : d.charge.id,
    payment_intent: typeof d.payment_intent === 'string' ? d.payment_intent : (d.payment_intent?.id ?? null),
    status: d.status,
  };
}

/** A dispute balance transaction (type adjustment): the withdrawal (negative, with the fee) or its reinstatement. */
function insertDisputeTransaction(ctx: RequestContext, dispute: DisputeObject, chargeId: string, direction: 'withdrawal' | 'reversal'): BalanceTransactionObject {
  const sign = direction === 'withdrawal' ? -1 : 1;
  // The withdrawal charges the dispute fee; winning gives it back (Stripe's testing docs: "Your account is
  // credited the amount of the charge and related fees").
  const fee = -sign * disputeFee(dispute.currency);
  return insertTxn(ctx, ctx.account, {
    amount: sign * dispute.amount,
    fee,
    feeDetails: [{ amount: fee, application: null, currency: dispute.currency, description: 'Dispute fee', type: 'stripe_fee' }],
    currency: dispute.currency,
    type: 'adjustment',
    category: direction === 'withdrawal' ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    description: direction === 'withdrawal' ? `Chargeback withdrawal for ${chargeId}` : `Chargeback reversal for ${chargeId}`,
    on: ctx.now(),
  }) as BalanceTransactionObject;
}

function cardDetails(charge: ChargeObject): { brand: string } {
  const card = (charge.payment_method_details as { card?: { brand?: string } } | null)?.card;
  return { brand: card?.brand ?? 'visa' };
}

/** Opens the dispute (or inquiry) a test card asks for, right after its payment was captured. */
function openDispute(ctx: RequestContext, charge: ChargeObject, spec: TestCardDispute): DisputeObject {
  const created = ctx.now();
  const inquiry = spec.kind === 'inquiry';
  const { brand } = cardDetails(charge);
  const amount = charge.amount_captured;
  const dispute = {
    id: ctx.newId('dp'),
    object: 'dispute',
    amount,
    balance_transactions: [] as BalanceTransactionObject[],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: endOfDay(created, inquiry ? 9 : 20),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    // An inquiry is no chargeback yet: the payment can still be refunded to settle it.
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: spec.networkReasonCode,
    payment_intent: chargeIndex(charge).payment_intent,
    payment_method_details: { card: { brand, case_type: inquiry ? 'inquiry' : 'chargeback', network: brand, network_reason_code: spec.networkReasonCode }, type: 'card' },
    reason: spec.reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  } as unknown as DisputeObject;
  charge.disputed = true;
  ctx.update(charge, chargeIndex(charge));
  if (!inquiry) dispute.balance_transactions = [insertDisputeTransaction(ctx, dispute, charge.id, 'withdrawal')];
  ctx.insert(dispute, disputeIndex(dispute));
  ctx.emit('charge.dispute.created', dispute, { automatic: true });
  if (!inquiry) ctx.emit('charge.dispute.funds_withdrawn', dispute, { automatic: true });
  return dispute;
}

function openEarlyFraudWarning(ctx: RequestContext, charge: ChargeObject, spec: TestCardDispute): EarlyFraudWarningObject {
  const efw = {
    id: ctx.newId('issfr'),
    object: 'radar.early_fraud_warning',
    actionable: true,
    charge: charge.id,
    created: ctx.now(),
    fraud_type: spec.reason,
    livemode: false,
    payment_intent: chargeIndex(charge).payment_intent,
  } as unknown as EarlyFraudWarningObject;
  ctx.insert(efw, { charge: charge.id, payment_intent: (efw.payment_intent as string | null) ?? null });
  ctx.emit('radar.early_fraud_warning.created', efw, { automatic: true });
  return efw;
}

/**
 * Called once a charge's funds are captured (PaymentIntent succeeded, or captured later): the dispute test cards
 * open their dispute. Offered to the PaymentIntents module as `sim.services.onChargeCapturedForDisputes`, which
 * passes the card's `spec` when it has the card at hand (confirm calls this only for dispute cards, so an ordinary
 * payment costs no lookup); without it the card is looked up.
 */
export function disputeCapturedCharge(ctx: RequestContext, charge: ChargeObject, spec?: TestCardDispute): void {
  if (!charge.captured || charge.status !== 'succeeded' || charge.disputed) return;
  const dispute = spec ?? disputeSpecOf(ctx, charge);
  if (!dispute) return;
  if (dispute.kind === 'early_fraud_warning') openEarlyFraudWarning(ctx, charge, dispute);
  else openDispute(ctx, charge, dispute);
}

function disputeSpecOf(ctx: RequestContext, charge: ChargeObject): TestCardDispute | undefined {
  const number = typeof charge.payment_method === 'string' ? simCardOf(ctx, charge.payment_method)?.number : undefined;
  return number ? cardSpecFor(number).dispute : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Routes

const evidenceShape: Schema = {};
for (const k of TEXT_EVIDENCE) evidenceShape[k] = p.string({ maxLength: LONG_TEXT.has(k) ? 20_000 : 5000 });
for (const k of FILE_EVIDENCE) evidenceShape[k] = p.id();
evidenceShape.enhanced_evidence = p.any();
evidenceShape.appeal = p.any();

const updateSchema: Schema = {
  evidence: p.object(evidenceShape),
  metadata: p.metadata(),
  submit: p.boolean(),
  intended_submission_method: p.enumOf(['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes']),
};

/** A deep copy, the `before` of saveUpdate (the handlers change the dispute in place). */
function clone(d: DisputeObject): DisputeObject {
  return JSON.parse(JSON.stringify(d)) as DisputeObject;
}

function loadDispute(ctx: RequestContext): DisputeObject {
  return ctx.get<DisputeObject>(ctx.pathParams.id, 'dispute', { kind: 'dispute' });
}

/**
 * Wording not taken from Stripe's public material (the simulator's): Stripe refuses changes to a dispute that is
 * closed, and evidence once it is submitted.
 */
function refuseClosed(d: DisputeObject): void {
  if (CLOSED.includes(d.status)) {
    throw invalidRequest(`This dispute is already closed (status: ${d.status}) and can no longer be updated.`, { code: 'status_transition_invalid' });
  }
}

function chargeId(d: DisputeObject): string {
  return typeof d.charge === 'string' ? d.charge : d.charge.id;
}

/** Settles a submitted dispute: won reinstates the withdrawn funds and the fee, lost keeps them withdrawn. */
function settle(ctx: RequestContext, d: DisputeObject, outcome: 'won' | 'lost'): void {
  const before = clone(d);
  const inquiry = d.status.startsWith('warning_');
  d.status = inquiry && outcome === 'won' ? 'warning_closed' : outcome;
  const reinstated = outcome === 'won' && d.balance_transactions.length > 0;
  if (reinstated) d.balance_transactions = [...d.balance_transactions, insertDisputeTransaction(ctx, d, chargeId(d), 'reversal')];
  saveUpdate(ctx, before, d, 'charge.dispute.closed', disputeIndex(d));
  if (reinstated) ctx.emit('charge.dispute.funds_reinstated', d);
}

function update(ctx: RequestContext): DisputeObject {
  const d = loadDispute(ctx);
  const params = ctx.params;
  refuseClosed(d);
  const evidence = params.evidence as Record<string, unknown> | null | undefined;
  if ((evidence || params.submit === true) && SUBMITTED.includes(d.status)) {
    // Wording is the simulator's (not confirmed from Stripe's public material).
    throw invalidRequest(`This dispute's evidence has already been submitted (status: ${d.status}); it can no longer be changed.`, { code: 'status_transition_invalid' });
  }
  const before = clone(d);
  if (evidence) {
    const next = { ...d.evidence } as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(evidence)) {
      if (k === 'enhanced_evidence' || k === 'appeal') {
        if (k === 'enhanced_evidence') next.enhanced_evidence = v && typeof v === 'object' ? v : {};
        else next.appeal = v && typeof v === 'object' ? v : null;
        continue;
      }
      if ((FILE_EVIDENCE as readonly string[]).includes(k) && typeof v === 'string' && v !== '') {
        // Files are uploaded to /v1/files, which the simulator does not offer: only ids of that form are accepted.
        if (!/^file_[A-Za-z0-9]+$/.test(v)) throw invalidRequest(`No such file upload: '${v}'`, { param: `evidence[${k}]`, code: 'resource_missing', status: 404 });
      }
      next[k] = v === '' ? null : v;
    }
    const total = [...TEXT_EVIDENCE].reduce((n, k) => n + (typeof next[k] === 'string' ? (next[k] as string).length : 0), 0);
    if (total > MAX_EVIDENCE_CHARS) {
      throw invalidRequest(`The combined character count of all evidence fields is limited to ${MAX_EVIDENCE_CHARS}.`, { param: 'evidence' });
    }
    d.evidence = next as unknown as Stripe.Dispute.Evidence;
    d.evidence_details.has_evidence = [...TEXT_EVIDENCE, ...FILE_EVIDENCE].some((k) => next[k] !== null && next[k] !== undefined);
  }
  if ('metadata' in params) d.metadata = applyMetadata(d.metadata, params.metadata as MetadataParam | null);
  if (params.intended_submission_method !== undefined) {
    d.intended_submission_method = (params.intended_submission_method ?? null) as Stripe.Dispute.IntendedSubmissionMethod | null;
  }
  let outcome: 'won' | 'lost' | null = null;
  if (params.submit === true) {
    const inquiry = d.status === 'warning_needs_response';
    d.status = inquiry ? 'warning_under_review' : 'under_review';
    d.evidence_details.submission_count += 1;
    d.evidence_details.submission_method = 'manual';
    d.evidence_details.has_evidence = true;
    // Stripe's testing docs: "winning_evidence" as the evidence text wins the dispute, "losing_evidence" loses it.
    const text = (d.evidence.uncategorized_text ?? '').trim();
    if (text === 'winning_evidence') outcome = 'won';
    else if (text === 'losing_evidence') outcome = 'lost';
  }
  saveUpdate(ctx, before, d, 'charge.dispute.updated', disputeIndex(d));
  if (outcome) settle(ctx, d, outcome);
  return d;
}

/**
 * Closing means accepting the dispute (Stripe: "dismissing the dispute, acknowledging it as lost"): status lost,
 * the withdrawn funds stay withdrawn. An inquiry closes as warning_closed (the simulator's choice: an inquiry
 * withdrew nothing and cannot be lost).
 */
function close(ctx: RequestContext): DisputeObject {
  const d = loadDispute(ctx);
  refuseClosed(d);
  const before = clone(d);
  d.status = d.status.startsWith('warning_') ? 'warning_closed' : 'lost';
  return saveUpdate(ctx, before, d, 'charge.dispute.closed', disputeIndex(d));
}

function list(ctx: RequestContext) {
  const params = ctx.params;
  return ctx.list<DisputeObject>('dispute', {
    where: { charge: params.charge as string | undefined, payment_intent: params.payment_intent as string | undefined },
    created: (params.created as { gt?: number } | undefined) ?? null,
    url: '/v1/disputes',
  });
}

function listEarlyFraudWarnings(ctx: RequestContext) {
  const params = ctx.params;
  return ctx.list<EarlyFraudWarningObject>('radar.early_fraud_warning', {
    where: { charge: params.charge as string | undefined, payment_intent: params.payment_intent as string | undefined },
    created: (params.created as { gt?: number } | undefined) ?? null,
    url: '/v1/radar/early_fraud_warnings',
  });
}

export const disputeRoutes: RouteDef[] = [
  { method: 'GET', path: '/v1/disputes', params: { ...listParams, charge: p.id(), payment_intent: p.id(), created: p.range() }, handler: list },
  { method: 'GET', path: '/v1/disputes/:id', params: {}, handler: loadDispute },
  { method: 'POST', path: '/v1/disputes/:id', params: updateSchema, handler: update },
  { method: 'POST', path: '/v1/disputes/:id/close', params: {}, handler: close },
  {
    method: 'GET', path: '/v1/radar/early_fraud_warnings',
    params: { ...listParams, charge: p.id(), payment_intent: p.id(), created: p.range() }, handler: listEarlyFraudWarnings,
  },
  {
    method: 'GET', path: '/v1/radar/early_fraud_warnings/:id', params: {},
    handler: (ctx) => ctx.get<EarlyFraudWarningObject>(ctx.pathParams.id, 'radar.early_fraud_warning', { kind: 'radar.early_fraud_warning' }),
  },
];

/**
 * The charge's chargeback, if any: refunds are refused then. An inquiry, open or closed, leaves the payment
 * refundable (its is_charge_refundable stays true).
 */
export function chargebackOf(ctx: RequestContext, chargeId: string): DisputeObject | undefined {
  const page = ctx.store.list<DisputeObject>({ account: ctx.account, type: 'dispute', where: { charge: chargeId }, limit: 10 });
  return page.items.map((r) => r.data).find((d) => !d.is_charge_refundable);
}

/**
 * Evidence not submitted by `evidence_details.due_by` (on the simulator clock): a chargeback is closed in the
 * cardholder's favour (lost, funds stay withdrawn), an inquiry is closed (warning_closed); `past_due` turns true.
 */
function closePastDue(sim: Simulator): void {
  forEachAccount(sim, '/_sim/clock/advance', (ctx) => {
    const now = ctx.now();
    const pastDue = (d: DisputeObject) => d.evidence_details.due_by !== null && d.evidence_details.due_by < now;
    for (const status of ['needs_response', 'warning_needs_response']) {
      // every page, not only the first hundred
      let cursor: string | undefined;
      for (let more = true; more; ) {
        const page = sim.store.list<DisputeObject>({ account: ctx.account, type: 'dispute', where: { status }, filter: pastDue, limit: 100, startingAfter: cursor });
        for (const { data: d } of page.items) closeAsPastDue(ctx, d, status);
        more = page.hasMore && page.items.length > 0;
        cursor = page.items.at(-1)?.id;
      }
    }
  });
}

function closeAsPastDue(ctx: RequestContext, d: DisputeObject, status: string): void {
  const before = { status: d.status, evidence_details: { past_due: false } };
  d.status = status === 'needs_response' ? 'lost' : 'warning_closed';
  d.evidence_details.past_due = true;
  ctx.update(d, disputeIndex(d));
  const after = { status: d.status, evidence_details: { past_due: true } };
  ctx.emit('charge.dispute.closed', d, { previousAttributes: previousAttributes(before, after), automatic: true });
}

export function registerDisputes(sim: Simulator): void {
  sim.onClockAdvance(() => closePastDue(sim));
  sim.services.chargebackOf = chargebackOf;
  registerExpandable('dispute', { charge: (ctx, v) => expandCharge(ctx, v), payment_intent: null });
  registerExpandable('radar.early_fraud_warning', { charge: (ctx, v) => expandCharge(ctx, v), payment_intent: null });
  sim.services.onChargeCapturedForDisputes = disputeCapturedCharge;
  for (const r of disputeRoutes) sim.route(r);
}

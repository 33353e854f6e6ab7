// The Connect requirements engine: from what an account has provided (business profile, individual or
// company + representative, bank account, terms of service) and how the test values verify, computes
// `requirements` / `future_requirements`, capability statuses, `charges_enabled` and `payouts_enabled`.
// Pure: the caller loads the account, its persons and its verification results, and saves the outcome.

import type Stripe from 'stripe';
import type { StripeObject } from '../context.ts';
import { addressFailure, COUNTRIES, dobOutcome, urlFailure, type VerificationFailure } from './test-values.ts';

export type AccountObject = Stripe.Account & StripeObject;
export type PersonObject = Stripe.Person & StripeObject;
export type CapabilityName = 'card_payments' | 'transfers';
export const CAPABILITIES: readonly CapabilityName[] = ['card_payments', 'transfers'];

/** Verification results kept apart from the account (sensitive numbers are never stored, only outcomes). */
export interface AccountSecrets {
  id: string;
  object: 'sim_account_secrets';
  account: string;
  /** Keyed `individual.id_number`, `company.tax_id`, `<person>.id_number` ...: null = verified, else the failure. */
  checks: Record<string, VerificationFailure | null>;
  /** Capabilities the platform asked for (the account object only lists requested ones). */
  requested: Record<string, { requested: boolean; requested_at: number | null }>;
  /** Set when the account went through (hosted or embedded) onboarding's final submit. */
  onboarding_submitted: boolean;
  /**
   * Set by POST /v1/accounts/:id/reject: the platform rejection's category (`platform_fraud`,
   * `platform_terms_of_service`, `platform_other`), shown as `requirements.disabled_reason = rejected.<category>`
   * (endive; dahlia shows `rejected.fraud` ...). Older records hold the dahlia reason itself.
   */
  rejected?: string | null;
  /** `payouts_action=none` on reject: payouts stay enabled while charges stop. */
  rejected_payouts_kept?: boolean;
}

export interface RequirementError {
  code: string;
  reason: string;
  requirement: string;
}

export interface RequirementsHash {
  alternatives: { alternative_fields_due: string[]; original_fields_due: string[] }[];
  current_deadline: number | null;
  currently_due: string[];
  disabled_reason: string | null;
  errors: RequirementError[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
}

export interface Evaluation {
  requirements: RequirementsHash;
  future_requirements: RequirementsHash;
  capabilities: Record<string, 'active' | 'inactive' | 'pending'>;
  capabilityRequirements: Record<string, RequirementsHash>;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  listed: boolean;
}

export function emptyRequirements(): RequirementsHash {
  return { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
}

function has(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '';
}

interface Need {
  field: string;
  provided: boolean;
  error?: VerificationFailure | null;
  /** Only in eventually_due (not needed to enable capabilities yet). */
  eventually?: boolean;
}

type PersonLike = {
  address?: Stripe.Address | null;
  dob?: { day: number | null; month: number | null; year: number | null } | null;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  id_number_provided?: boolean;
  ssn_last_4_provided?: boolean;
  relationship?: { title?: string | null } | null;
};

function personNeeds(prefix: string, person: PersonLike | undefined, country: string, checks: AccountSecrets['checks'], now: number, opts: { title: boolean }): { needs: Need[]; listed: boolean } {
  const spec = COUNTRIES[country] ?? COUNTRIES.US;
  const a = person?.address ?? null;
  const needs: Need[] = [];
  const addrErr = addressFailure(a?.line1);
  needs.push({ field: `${prefix}.address.city`, provided: has(a?.city) });
  needs.push({ field: `${prefix}.address.line1`, provided: has(a?.line1), error: addrErr });
  needs.push({ field: `${prefix}.address.postal_code`, provided: has(a?.postal_code) });
  if (spec.state) needs.push({ field: `${prefix}.address.state`, provided: has(a?.state) });
  const dob = person?.dob;
  const dobComplete = !!dob && has(dob.day) && has(dob.month) && has(dob.year);
  let listed = false;
  let dobErr: VerificationFailure | null = null;
  if (dobComplete) {
    const out = dobOutcome({ day: dob.day as number, month: dob.month as number, year: dob.year as number }, now);
    if (!out.ok && 'listed' in out) listed = true;
    else if (!out.ok) dobErr = out.failure;
  }
  needs.push({ field: `${prefix}.dob.day`, provided: has(dob?.day), error: dobErr });
  needs.push({ field: `${prefix}.dob.month`, provided: has(dob?.month) });
  needs.push({ field: `${prefix}.dob.year`, provided: has(dob?.year) });
  needs.push({ field: `${prefix}.email`, provided: has(person?.email) });
  needs.push({ field: `${prefix}.first_name`, provided: has(person?.first_name) });
  needs.push({ field: `${prefix}.last_name`, provided: has(person?.last_name) });
  needs.push({ field: `${prefix}.phone`, provided: has(person?.phone) });
  if (opts.title) needs.push({ field: `${prefix}.relationship.title`, provided: has(person?.relationship?.title) });
  if (spec.ssn) {
    const idErr = checks[`${prefix}.id_number`] ?? null;
    const idOk = !!person?.id_number_provided;
    // A full id number also satisfies the last four digits.
    needs.push({ field: `${prefix}.ssn_last_4`, provided: idOk || !!person?.ssn_last_4_provided, error: idOk ? idErr : (checks[`${prefix}.ssn_last_4`] ?? null) });
    needs.push({ field: `${prefix}.id_number`, provided: idOk, error: idErr, eventually: true });
  }
  return { needs, listed };
}

/**
 * Evaluates an account. `persons` are the account's persons (for companies, the representative's fields are
 * asked as `representative.*` until a representative exists, then as `<person id>.*`, as Stripe does).
 */
export function evaluate(account: AccountObject, persons: PersonObject[], secrets: AccountSecrets, externalAccounts: number, now: number): Evaluation {
  const country = account.country ?? 'US';
  const spec = COUNTRIES[country] ?? COUNTRIES.US;
  const needs: Need[] = [];
  let listed = false;
  const bp = account.business_profile;
  needs.push({ field: 'business_profile.mcc', provided: has(bp?.mcc) });
  const url = bp?.url ?? null;
  const urlErr = has(url) ? urlFailure(url as string) : null;
  const urlNeed: Need = { field: 'business_profile.url', provided: has(url) || has(bp?.product_description), error: has(url) ? urlErr : null };
  needs.push(urlNeed);
  needs.push({ field: 'business_type', provided: has(account.business_type) });
  needs.push({ field: 'external_account', provided: externalAccounts > 0 });
  needs.push({ field: 'tos_acceptance.date', provided: has(account.tos_acceptance?.date) });
  needs.push({ field: 'tos_acceptance.ip', provided: has(account.tos_acceptance?.ip) });

  const type = account.business_type ?? 'individual';
  if (type === 'individual') {
    const r = personNeeds('individual', account.individual as PersonLike | undefined, country, secrets.checks, now, { title: false });
    needs.push(...r.needs);
    listed = listed || r.listed;
  } else {
    const c = account.company;
    const ca = c?.address ?? null;
    needs.push({ field: 'company.address.city', provided: has(ca?.city) });
    needs.push({ field: 'company.address.line1', provided: has(ca?.line1), error: addressFailure(ca?.line1) });
    needs.push({ field: 'company.address.postal_code', provided: has(ca?.postal_code) });
    if (spec.state) needs.push({ field: 'company.address.state', provided: has(ca?.state) });
    needs.push({ field: 'company.name', provided: has(c?.name) });
    needs.push({ field: 'company.phone', provided: has(c?.phone) });
    needs.push({ field: 'company.tax_id', provided: !!c?.tax_id_provided, error: c?.tax_id_provided ? (secrets.checks['company.tax_id'] ?? null) : null });
    needs.push({ field: 'company.owners_provided', provided: !!c?.owners_provided });
    if (spec.sepa) needs.push({ field: 'company.directors_provided', provided: !!c?.directors_provided });
    const rep = persons.find((p) => p.relationship?.representative);
    const r = personNeeds(rep ? rep.id : 'representative', rep as PersonLike | undefined, country, secrets.checks, now, { title: true });
    needs.push(...r.needs);
    listed = listed || r.listed;
  }

  const requested = Object.keys(secrets.requested).filter((c) => secrets.requested[c]?.requested).sort();
  const currently = new Set<string>();
  const eventually = new Set<string>();
  const errors: RequirementError[] = [];
  for (const n of needs) {
    const failing = n.provided && n.error;
    if (failing && n.error) errors.push({ code: n.error.code, reason: n.error.reason, requirement: n.field });
    if (!n.provided || failing) {
      eventually.add(n.field);
      if (!n.eventually) currently.add(n.field);
    }
  }
  const alternatives = !has(url) && !has(bp?.product_description)
    ? [{ alternative_fields_due: ['business_profile.product_description'], original_fields_due: ['business_profile.url'] }]
    : [];
  const sorted = (s: Set<string>) => [...s].sort();
  const nothingRequested = requested.length === 0;
  const req: RequirementsHash = {
    alternatives: nothingRequested ? [] : alternatives,
    current_deadline: null,
    currently_due: nothingRequested ? [] : sorted(currently),
    disabled_reason: null,
    errors: nothingRequested ? [] : errors.sort((a, b) => a.requirement.localeCompare(b.requirement)),
    eventually_due: nothingRequested ? [] : sorted(eventually),
    // Nothing can be enabled until it is provided: Stripe reports a new account's requirements as past due.
    past_due: nothingRequested ? [] : sorted(currently),
    pending_verification: [],
  };
  const rejected = secrets.rejected ?? null;
  const blocked = req.currently_due.length > 0 || listed || rejected !== null;
  if (rejected) req.disabled_reason = `rejected.${rejected}`;
  else if (listed) req.disabled_reason = 'listed';
  else if (req.past_due.length > 0) req.disabled_reason = 'requirements.past_due';

  const capabilities: Evaluation['capabilities'] = {};
  const capabilityRequirements: Evaluation['capabilityRequirements'] = {};
  for (const c of requested) {
    capabilities[c] = blocked ? 'inactive' : 'active';
    capabilityRequirements[c] = {
      ...req,
      disabled_reason: rejected || listed ? 'rejected.other' : req.currently_due.length > 0 ? 'requirements.fields_needed' : null,
    };
  }
  const active = (c: string) => capabilities[c] === 'active';
  const collectsItself = account.controller?.requirement_collection === 'application';
  const details_submitted = secrets.onboarding_submitted || (collectsItself && has(account.tos_acceptance?.date)) || account.details_submitted === true;
  return {
    requirements: req,
    future_requirements: emptyRequirements(),
    capabilities,
    capabilityRequirements,
    charges_enabled: active('card_payments'),
    payouts_enabled: (!blocked || (rejected !== null && secrets.rejected_payouts_kept === true && !listed && req.currently_due.length === 0))
      && externalAccounts > 0 && (requested.includes('transfers') || requested.includes('card_payments')),
    details_submitted,
    listed,
  };
}

// Connected accounts: create (controller properties or the legacy `type`), retrieve, update (prefill), list,
// delete, reject, and `GET /v1/account`. Every change runs the requirements engine (sim/core/connect) and
// emits `account.updated` (with previous_attributes) and `capability.updated` on the connected account.
//
// Stored in the platform's scope; the secrets record next to it keeps verification outcomes and requested
// capabilities (id numbers themselves are never stored).

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { addressField, checkEmail, createdFilter, listParams, metadataFrom, p, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import {
  applyBusinessProfile,
  applyCapabilities,
  applyCompany,
  applyPerson,
  defaultBusinessProfile,
  makeBankAccount,
  defaultCompany,
  newPerson,
  payoutFailureFor,
  refreshAccount,
  replaceBankAccounts,
} from '../connect/account-kit.ts';
import type { AccountObject, AccountSecrets } from '../connect/requirements.ts';
import { childrenOf, findAccount, getAccount, loadSecrets, secretsId } from '../connect/store.ts';
import { COUNTRIES } from '../connect/test-values.ts';
import { externalAccountParams, insertConnectToken, useConnectToken, type ConnectTokenObject, type ConnectTokenType } from '../connect/tokens.ts';
import type { FormObject } from '../form.ts';
import { validateObject } from '../params.ts';
import { isEndive, registerVersionTransform } from '../versions.ts';

export type { AccountObject } from '../connect/requirements.ts';

const dobField = p.object({ day: p.integer({ min: 1, max: 31 }), month: p.integer({ min: 1, max: 12 }), year: p.integer({ min: 1000, max: 9999 }) });

const relationshipField = p.object({
  director: p.boolean(),
  executive: p.boolean(),
  owner: p.boolean(),
  percent_ownership: p.decimal({ min: 0 }),
  representative: p.boolean(),
  title: p.string({ maxLength: 5000 }),
  authorizer: p.boolean(),
  legal_guardian: p.boolean(),
});

const documentField = p.object({ back: p.string(), front: p.string() });
const japanAddressField = p.object({
  city: p.string({ maxLength: 5000 }), country: p.string({ maxLength: 5000 }), line1: p.string({ maxLength: 5000 }), line2: p.string({ maxLength: 5000 }),
  postal_code: p.string({ maxLength: 5000 }), state: p.string({ maxLength: 5000 }), town: p.string({ maxLength: 5000 }),
});
const acceptanceField = p.object({ date: p.timestamp(), ip: p.string({ maxLength: 5000 }), user_agent: p.string({ maxLength: 5000 }) });
const filesField = p.object({ files: p.array(p.string({ maxLength: 500 })) });

export const personSchema: Schema = {
  address: addressField,
  dob: dobField,
  email: p.string({ maxLength: 800 }),
  first_name: p.string({ maxLength: 100 }),
  full_name_aliases: p.array(p.string({ maxLength: 300 })),
  gender: p.string(),
  id_number: p.string({ maxLength: 100 }),
  last_name: p.string({ maxLength: 100 }),
  maiden_name: p.string({ maxLength: 100 }),
  metadata: p.metadata(),
  nationality: p.string({ maxLength: 2 }),
  phone: p.string({ maxLength: 40 }),
  political_exposure: p.enumOf(['existing', 'none']),
  relationship: relationshipField,
  ssn_last_4: p.string({ maxLength: 4 }),
  verification: p.object({ document: documentField, additional_document: documentField }),
  // Accepted and kept as Stripe shows them (the Japanese variants, secondary id, registered address, CFPB data).
  additional_tos_acceptances: p.object({ account: acceptanceField }),
  address_kana: japanAddressField,
  address_kanji: japanAddressField,
  first_name_kana: p.string({ maxLength: 5000 }),
  first_name_kanji: p.string({ maxLength: 5000 }),
  id_number_secondary: p.string({ maxLength: 5000 }),
  last_name_kana: p.string({ maxLength: 5000 }),
  last_name_kanji: p.string({ maxLength: 5000 }),
  registered_address: addressField,
  us_cfpb_data: p.object({
    ethnicity_details: p.object({ ethnicity: p.array(p.string()), ethnicity_other: p.string({ maxLength: 5000 }) }),
    race_details: p.object({ race: p.array(p.string()), race_other: p.string({ maxLength: 5000 }) }),
    self_identified_gender: p.string({ maxLength: 5000 }),
  }),
};

/** Persons also take supporting documents (files are not checked: the simulator has no Files API) and tokens. */
export const personCreateSchema: Schema = {
  ...personSchema,
  documents: p.object({ company_authorization: filesField, passport: filesField, visa: filesField }),
  person_token: p.string({ maxLength: 5000 }),
};

const individualSchema: Schema = { ...personSchema };

const companySchema: Schema = {
  address: addressField,
  directors_provided: p.boolean(),
  executives_provided: p.boolean(),
  name: p.string({ maxLength: 100 }),
  owners_provided: p.boolean(),
  phone: p.string({ maxLength: 40 }),
  registration_number: p.string({ maxLength: 100 }),
  structure: p.string(),
  tax_id: p.string({ maxLength: 100 }),
  vat_id: p.string({ maxLength: 100 }),
  verification: p.object({ document: documentField }),
  address_kana: japanAddressField,
  address_kanji: japanAddressField,
  administrative_address: addressField,
  directorship_declaration: acceptanceField,
  export_license_id: p.string({ maxLength: 5000 }),
  export_purpose_code: p.string({ maxLength: 5000 }),
  name_kana: p.string({ maxLength: 100 }),
  name_kanji: p.string({ maxLength: 100 }),
  ownership_declaration: acceptanceField,
  ownership_exemption_reason: p.enumOf(['qualified_entity_exceeds_ownership_threshold', 'qualifies_as_financial_institution']),
  physical_address: addressField,
  principal_place_of_business: addressField,
  registration_date: p.object({ day: p.integer({ min: 1, max: 31 }), month: p.integer({ min: 1, max: 12 }), year: p.integer({ min: 1000, max: 9999 }) }),
  representative_declaration: acceptanceField,
  tax_id_registrar: p.string({ maxLength: 5000 }),
};

const businessProfileSchema: Schema = {
  annual_revenue: p.object({ amount: p.integer({ min: 0 }), currency: p.string({ maxLength: 3 }), fiscal_year_end: p.string({ maxLength: 5000 }) }),
  minority_owned_business_designation: p.array(p.enumOf(['lgbtqi_owned_business', 'minority_owned_business', 'none_of_these_apply', 'prefer_not_to_answer', 'women_owned_business'])),
  monthly_estimated_revenue: p.object({ amount: p.integer({ min: 0 }), currency: p.string({ maxLength: 3 }) }),
  specified_commercial_transactions_act_url: p.string({ maxLength: 5000 }),
  estimated_worker_count: p.integer({ min: 0 }),
  mcc: p.string({ maxLength: 4 }),
  name: p.string({ maxLength: 5000 }),
  product_description: p.string({ maxLength: 40000 }),
  support_address: addressField,
  support_email: p.string({ maxLength: 5000 }),
  support_phone: p.string({ maxLength: 5000 }),
  support_url: p.string({ maxLength: 5000 }),
  url: p.string({ maxLength: 5000 }),
};

const bankAccountSchema: Schema = {
  object: p.enumOf(['bank_account'], { required: true }),
  account_holder_name: p.string({ maxLength: 5000 }),
  account_holder_type: p.enumOf(['company', 'individual']),
  account_number: p.string({ required: true, maxLength: 5000 }),
  country: p.string({ required: true, maxLength: 2 }),
  currency: p.string({ maxLength: 3 }),
  metadata: p.metadata(),
  routing_number: p.string({ maxLength: 5000 }),
};

const tosField = p.object({ date: p.timestamp(), ip: p.string({ maxLength: 100 }), user_agent: p.string({ maxLength: 5000 }), service_agreement: p.enumOf(['full', 'recipient']) });

const settingsField = p.object({
  bacs_debit_payments: p.object({ display_name: p.string({ maxLength: 5000 }) }),
  card_issuing: p.object({ tos_acceptance: acceptanceField }),
  invoices: p.object({ default_account_tax_ids: p.array(p.string()), hosted_payment_method_save: p.enumOf(['always', 'never', 'offer']) }),
  paypay_payments: p.object({ additional_files: p.array(p.string()), goods_type: p.enumOf(['digital_content', 'other']), site: p.any() }),
  sepa_debit_payments: p.object({ creditor_id: p.string({ maxLength: 5000 }) }),
  treasury: p.object({ tos_acceptance: acceptanceField }),
  branding: p.object({ icon: p.string(), logo: p.string(), primary_color: p.string({ maxLength: 7 }), secondary_color: p.string({ maxLength: 7 }) }),
  card_payments: p.object({
    decline_on: p.object({ avs_failure: p.boolean(), cvc_failure: p.boolean() }),
    statement_descriptor_prefix: p.string({ maxLength: 10 }),
    statement_descriptor_prefix_kana: p.string({ maxLength: 10 }),
    statement_descriptor_prefix_kanji: p.string({ maxLength: 10 }),
  }),
  dashboard: p.object({ display_name: p.string(), timezone: p.string() }),
  payments: p.object({ statement_descriptor: p.string({ maxLength: 22 }), statement_descriptor_kana: p.string({ maxLength: 22 }), statement_descriptor_kanji: p.string({ maxLength: 22 }) }),
  payouts: p.object({
    debit_negative_balances: p.boolean(),
    schedule: p.object({
      delay_days: p.union([p.integer({ min: 0 }), p.enumOf(['minimum'])]),
      interval: p.enumOf(['daily', 'manual', 'monthly', 'weekly']),
      monthly_anchor: p.integer({ min: 1, max: 31 }),
      weekly_anchor: p.enumOf(['friday', 'monday', 'saturday', 'sunday', 'thursday', 'tuesday', 'wednesday']),
    }),
    statement_descriptor: p.string({ maxLength: 22 }),
  }),
});

const common: Schema = {
  business_profile: p.object(businessProfileSchema),
  business_type: p.enumOf(['company', 'government_entity', 'individual', 'non_profit']),
  capabilities: p.map(p.object({ requested: p.boolean() })),
  company: p.object(companySchema),
  default_currency: p.string({ maxLength: 3 }),
  // Supporting documents (files are not checked: the simulator has no Files API); not part of the Account object.
  documents: p.map(p.object({ files: p.array(p.string({ maxLength: 500 })), signer: p.object({ person: p.string() }) })),
  email: p.string({ maxLength: 5000 }),
  groups: p.object({ payments_pricing: p.string({ maxLength: 5000 }) }),
  external_account: p.union([p.string({ maxLength: 5000 }), p.object(bankAccountSchema)]),
  individual: p.object(individualSchema),
  metadata: p.metadata(),
  settings: settingsField,
  tos_acceptance: tosField,
};

const createParams: Schema = {
  ...common,
  account_token: p.string(),
  controller: p.object({
    fees: p.object({ payer: p.enumOf(['account', 'application']) }),
    losses: p.object({ payments: p.enumOf(['application', 'stripe']) }),
    requirement_collection: p.enumOf(['application', 'stripe']),
    stripe_dashboard: p.object({ type: p.enumOf(['express', 'full', 'none']) }),
  }),
  country: p.string({ maxLength: 2 }),
  type: p.enumOf(['custom', 'express', 'standard']),
};

const updateParams: Schema = { ...common, account_token: p.string() };

// ---------------------------------------------------------------- Connect tokens (POST /v1/tokens)

/** `account` of an account token: the legal details and the ToS acceptance shown to the user (API reference). */
const accountTokenSchema: Schema = {
  business_type: common.business_type,
  company: common.company,
  individual: common.individual,
  tos_shown_and_accepted: p.boolean(),
};

/** `person` of a person token: what a person takes, without a token of its own. */
const personTokenSchema: Schema = Object.fromEntries(Object.entries(personCreateSchema).filter(([k]) => k !== 'person_token'));

/** `bank_account` of a bank account token. */
const bankTokenSchema: Schema = {
  account_holder_name: p.string({ maxLength: 5000 }),
  account_holder_type: p.enumOf(['company', 'individual']),
  account_number: p.string({ required: true, maxLength: 5000 }),
  account_type: p.enumOf(['checking', 'futsu', 'savings', 'toza']),
  country: p.string({ required: true, maxLength: 2 }),
  currency: p.string({ maxLength: 3 }),
  payment_method: p.string({ maxLength: 5000 }),
  routing_number: p.string({ maxLength: 5000 }),
};

/**
 * POST /v1/tokens with `account`, `person` or `bank_account` (offered to tokens.ts as sim.services.createConnectToken):
 * the details are checked as the account, person or external account params would be, and kept for the request
 * that uses the token. A bank account token shows its bank account (id, bank name, last4 ...), as on Stripe.
 */
function createConnectToken(ctx: RequestContext, type: ConnectTokenType, raw: unknown): ConnectTokenObject {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidRequest('Invalid object', { param: type });
  if (type === 'account') {
    const details = validateObject(accountTokenSchema, raw as FormObject, 'account');
    checkEmail((details.individual as Record<string, unknown> | undefined)?.email, 'account[individual][email]');
    return insertConnectToken(ctx, 'account', details);
  }
  if (type === 'person') {
    const details = validateObject(personTokenSchema, raw as FormObject, 'person');
    checkEmail(details.email, 'person[email]');
    return insertConnectToken(ctx, 'person', details);
  }
  const details = validateObject(bankTokenSchema, raw as FormObject, 'bank_account');
  const shape = makeBankAccount(ctx, { id: null, country: String(details.country).toUpperCase() } as unknown as AccountObject, details, 'bank_account');
  const { account: _a, available_payout_methods: _p, default_for_currency: _d, future_requirements: _f, metadata: _m, requirements: _r, ...bank } = shape as unknown as Record<string, unknown>;
  return insertConnectToken(ctx, 'bank_account', { ...details, token_bank_account_id: shape.id }, { bank_account: bank });
}

/** The fields an account token carries; they cannot also be given directly next to `account_token`. */
const ACCOUNT_TOKEN_FIELDS = ['business_type', 'company', 'individual', 'tos_acceptance'] as const;

/**
 * Params with an `account_token` replaced by its details (used up). `tos_shown_and_accepted` records the acceptance
 * at the token's creation, from the token's client IP (the simulator's clients are local: 127.0.0.1).
 */
function withAccountToken(ctx: RequestContext, q: Record<string, unknown>): Record<string, unknown> {
  if (typeof q.account_token !== 'string') return q;
  for (const k of ACCOUNT_TOKEN_FIELDS) {
    // The wording is the simulator's: the API reference only says the token carries these details.
    if (k in q) throw invalidRequest(`You cannot provide \`${k}\` together with \`account_token\`: the account token carries the account's details.`, { param: k });
  }
  const { token, details } = useConnectToken(ctx, q.account_token, 'account', 'account_token');
  const { tos_shown_and_accepted: tos, ...rest } = details;
  const { account_token: _t, ...others } = q;
  return { ...others, ...rest, ...(tos === true ? { tos_acceptance: { date: token.created, ip: token.client_ip ?? '127.0.0.1' } } : {}) };
}

type Controller = NonNullable<AccountObject['controller']>;

/** The controller properties of a legacy account type, and the type a set of controller properties maps to. */
function controllerFor(type: 'standard' | 'express' | 'custom'): Controller {
  switch (type) {
    case 'standard':
      return { fees: { payer: 'account' }, is_controller: true, losses: { payments: 'stripe' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'full' }, type: 'application' };
    case 'express':
      return { fees: { payer: 'application_express' }, is_controller: true, losses: { payments: 'application' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'express' }, type: 'application' };
    case 'custom':
      return { fees: { payer: 'application_custom' }, is_controller: true, losses: { payments: 'application' }, requirement_collection: 'application', stripe_dashboard: { type: 'none' }, type: 'application' };
  }
}

function controllerFromParams(ctx: RequestContext, q: Record<string, unknown>): { controller: Controller; type: AccountObject['type'] } {
  const c = (q ?? {}) as { fees?: { payer?: string }; losses?: { payments?: string }; requirement_collection?: string; stripe_dashboard?: { type?: string } };
  const dashboard = c.stripe_dashboard?.type ?? 'full';
  const collection = c.requirement_collection ?? 'stripe';
  const losses = c.losses?.payments ?? (dashboard === 'full' ? 'stripe' : 'application');
  let payer = c.fees?.payer ?? (dashboard === 'full' ? 'account' : 'application');
  if (collection === 'application' && dashboard !== 'none') {
    throw invalidRequest('`controller[requirement_collection]=application` is only supported with `controller[stripe_dashboard][type]=none`.', { param: 'controller[requirement_collection]' });
  }
  if (collection === 'application' && losses !== 'application') {
    throw invalidRequest('`controller[requirement_collection]=application` requires `controller[losses][payments]=application`.', { param: 'controller[losses][payments]' });
  }
  if (dashboard !== 'full' && payer === 'account') {
    throw invalidRequest('`controller[fees][payer]=account` is only supported with `controller[stripe_dashboard][type]=full`.', { param: 'controller[fees][payer]' });
  }
  if (losses === 'stripe' && payer !== 'account') {
    throw invalidRequest('`controller[losses][payments]=stripe` requires `controller[fees][payer]=account`.', { param: 'controller[losses][payments]' });
  }
  let type: AccountObject['type'] = 'none';
  if (dashboard === 'full' && payer === 'account' && losses === 'stripe' && collection === 'stripe') type = 'standard';
  else if (dashboard === 'express' && payer === 'application' && losses === 'application' && collection === 'stripe') type = 'express';
  else if (dashboard === 'none' && payer === 'application' && losses === 'application' && collection === 'application') type = 'custom';
  if (payer === 'application' && type === 'express') payer = 'application_express';
  if (payer === 'application' && type === 'custom') payer = 'application_custom';
  void ctx;
  return {
    controller: {
      fees: { payer: payer as Stripe.Account.Controller.Fees.Payer },
      is_controller: true,
      losses: { payments: losses as Stripe.Account.Controller.Losses.Payments },
      requirement_collection: collection as Stripe.Account.Controller.RequirementCollection,
      stripe_dashboard: { type: dashboard as Stripe.Account.Controller.StripeDashboard.Type },
      type: 'application',
    },
    type,
  };
}

function defaultSettings(account: AccountObject, currencyCountry: string): NonNullable<AccountObject['settings']> {
  return {
    bacs_debit_payments: { display_name: null, service_user_number: null },
    branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
    card_issuing: { tos_acceptance: { date: null, ip: null } },
    card_payments: { decline_on: { avs_failure: false, cvc_failure: false }, statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
    dashboard: { display_name: null, timezone: currencyCountry === 'US' ? 'America/New_York' : 'Europe/Paris' },
    invoices: { default_account_tax_ids: null, hosted_payment_method_save: 'offer' },
    payments: { statement_descriptor: null, statement_descriptor_kana: null, statement_descriptor_kanji: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
    payouts: { debit_negative_balances: account.controller?.losses?.payments === 'application', schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null },
    sepa_debit_payments: {},
  } as unknown as NonNullable<AccountObject['settings']>;
}

/** The shortest payout delay the simulator gives any account (its default schedule: daily, 2 days). */
const MINIMUM_PAYOUT_DELAY_DAYS = 2;

/**
 * A payout schedule as the Account shows it (API reference): `delay_days: minimum` becomes the number of days,
 * `weekly_anchor` / `monthly_anchor` are required with (and only kept for) a weekly / monthly interval.
 */
function normalizePayoutSchedule(acct: AccountObject): void {
  const schedule = (acct.settings?.payouts?.schedule ?? {}) as unknown as Record<string, unknown>;
  if (schedule.delay_days === 'minimum') schedule.delay_days = MINIMUM_PAYOUT_DELAY_DAYS;
  const at = 'settings[payouts][schedule]';
  if (schedule.interval === 'weekly') {
    if (!schedule.weekly_anchor) throw parameterMissing(`${at}[weekly_anchor]`);
  } else delete schedule.weekly_anchor;
  if (schedule.interval === 'monthly') {
    if (!schedule.monthly_anchor) throw parameterMissing(`${at}[monthly_anchor]`);
  } else delete schedule.monthly_anchor;
}

function mergeDeep(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object') mergeDeep(target[k] as Record<string, unknown>, v as Record<string, unknown>);
    else target[k] = v ?? null;
  }
}

/** Applies the fields shared by create and update to `acct` (mutates it and `secrets`). */
function applyCommon(ctx: RequestContext, acct: AccountObject, params: Record<string, unknown>, secrets: AccountSecrets, isCreate: boolean): void {
  const q = withAccountToken(ctx, params);
  if ('business_type' in q && !isCreate && q.business_type !== acct.business_type && acct.controller?.requirement_collection !== 'application' && onboardingStarted(ctx, acct.id)) {
    // Stripe's API reference: once an Account Link or Account Session exists, business_type can only be updated for
    // accounts where controller.requirement_collection is `application`. The exact error wording is unconfirmed.
    throw invalidRequest(
      'You cannot update `business_type` once an Account Link or Account Session has been created for this account, unless your platform collects its requirements (`controller[requirement_collection]=application`).',
      { param: 'business_type' },
    );
  }
  if ('business_type' in q) {
    acct.business_type = (q.business_type as AccountObject['business_type']) ?? null;
    if (acct.business_type === 'individual') delete acct.company;
  }
  const type = acct.business_type;
  if (q.individual) checkEmail((q.individual as Record<string, unknown>).email, 'individual[email]');
  if (q.individual) {
    if (type && type !== 'individual') {
      throw invalidRequest(`You cannot provide \`individual\` for an account whose \`business_type\` is \`${type}\`.`, { param: 'individual' });
    }
    const person = (acct.individual as AccountObject['individual']) ?? newPerson(ctx, acct.id);
    acct.individual = applyPerson(ctx, person as never, q.individual as Record<string, unknown>, 'individual', 'individual', secrets, acct.country ?? 'US');
  }
  if (q.company) {
    if (type === 'individual') throw invalidRequest('You cannot provide `company` for an account whose `business_type` is `individual`.', { param: 'company' });
    acct.company = applyCompany(acct.company ?? defaultCompany(), q.company as Record<string, unknown>, secrets);
  }
  if (type && type !== 'individual' && !acct.company) acct.company = defaultCompany();
  if (type && type !== 'individual' && acct.individual) delete acct.individual;
  if (q.business_profile) checkEmail((q.business_profile as Record<string, unknown>).support_email, 'business_profile[support_email]');
  if (q.business_profile) acct.business_profile = applyBusinessProfile(acct.business_profile ?? defaultBusinessProfile(), q.business_profile as Record<string, unknown>);
  if (q.groups) acct.groups = { payments_pricing: ((q.groups as { payments_pricing?: string | null }).payments_pricing) ?? null };
  if ('email' in q) checkEmail(q.email, 'email');
  if ('email' in q) acct.email = (q.email as string | null) ?? null;
  if ('metadata' in q) acct.metadata = metadataFrom(acct.metadata ?? {}, q.metadata);
  if ('default_currency' in q && q.default_currency) {
    const cur = String(q.default_currency).toLowerCase();
    if (!/^[a-z]{3}$/.test(cur)) throw invalidRequest(`Invalid currency: ${cur.slice(0, 10)}`, { param: 'default_currency' });
    acct.default_currency = cur;
  }
  if (q.settings) {
    mergeDeep(acct.settings as unknown as Record<string, unknown>, q.settings as Record<string, unknown>);
    if ((q.settings as { payouts?: { schedule?: unknown } }).payouts?.schedule) normalizePayoutSchedule(acct);
  }
  if (q.tos_acceptance) {
    const t = q.tos_acceptance as Record<string, unknown>;
    if ((t.date != null || t.ip != null) && acct.controller?.requirement_collection !== 'application') {
      throw invalidRequest(
        'You cannot accept the Terms of Service on behalf of accounts where Stripe collects requirements (such as Standard and Express accounts); they accept them during onboarding (account links or embedded onboarding).',
        { param: 'tos_acceptance' },
      );
    }
    const cur = { ...(acct.tos_acceptance ?? { date: null, ip: null, user_agent: null }) } as Record<string, unknown>;
    for (const k of Object.keys(t)) cur[k] = t[k] ?? null;
    if (t.service_agreement && acct.controller?.stripe_dashboard?.type === 'full') {
      throw invalidRequest('You cannot set `tos_acceptance[service_agreement]` on accounts with access to the full Stripe Dashboard.', { param: 'tos_acceptance[service_agreement]' });
    }
    acct.tos_acceptance = cur as AccountObject['tos_acceptance'];
  }
  if (q.capabilities) applyCapabilities(ctx, secrets, q.capabilities as Record<string, { requested?: boolean | null } | null>);
  const req = secrets.requested;
  if (req.card_payments?.requested && (acct.tos_acceptance as { service_agreement?: string } | undefined)?.service_agreement === 'recipient') {
    throw invalidRequest('The `card_payments` capability cannot be requested for accounts under the `recipient` service agreement.', { param: 'capabilities[card_payments]' });
  }
  if (req.card_payments?.requested && !req.transfers?.requested && acct.type !== 'standard') {
    // Stripe's wording, as reported by integrators (e.g. Automattic/woocommerce-payments#5403).
    throw invalidRequest(
      'Accounts do not currently support `card_payments` without `transfers`. Please visit https://stripe.com/docs/connect/account-capabilities#card-payments for more details.',
      { param: 'capabilities[card_payments]' },
    );
  }
  if (isCreate && acct.controller?.stripe_dashboard?.type === 'none' && !Object.values(req).some((c) => c.requested)) {
    // Stripe's API reference: `capabilities` is "required when account.controller.stripe_dashboard.type is none,
    // which includes Custom accounts". The exact error wording is unconfirmed.
    throw invalidRequest(
      'You must request at least one capability (for example `capabilities[transfers][requested]=true`) when creating an account with `controller[stripe_dashboard][type]=none`, which includes Custom accounts.',
      { param: 'capabilities' },
    );
  }
}

/** Whether an Account Link or Account Session was ever created for the account (onboarding has started). */
function onboardingStarted(ctx: RequestContext, accountId: string): boolean {
  return childrenOf(ctx.store, ctx.platformAccount, 'sim_account_link', accountId).length > 0
    || childrenOf(ctx.store, ctx.platformAccount, 'account_session', accountId).length > 0;
}

function applyExternalAccount(ctx: RequestContext, acct: AccountObject, q: Record<string, unknown>): void {
  if (!('external_account' in q) || q.external_account === null) return;
  const ea = q.external_account;
  let params: Record<string, unknown>;
  if (typeof ea === 'string') params = externalAccountParams(ctx, ea, 'external_account');
  else params = ea as Record<string, unknown>;
  replaceBankAccounts(ctx, acct, params, 'external_account');
}

function create(ctx: RequestContext): AccountObject {
  const q = ctx.params;
  if (ctx.account !== ctx.platformAccount) throw invalidRequest('Connected accounts cannot create other accounts; make this request as the platform.', { status: 400 });
  if (q.type && q.controller) {
    throw invalidRequest('You may not provide both `type` and `controller`: use controller properties (recommended) or the legacy `type`.', { param: 'controller' });
  }
  const country = ((q.country as string | null) ?? 'US').toUpperCase();
  if (!COUNTRIES[country]) {
    throw invalidRequest(`Country '${country.slice(0, 10)}' is unknown or not supported by the simulator. Supported: ${Object.keys(COUNTRIES).sort().join(', ')}.`, { param: 'country' });
  }
  let controller: Controller;
  let type: AccountObject['type'];
  if (q.controller) ({ controller, type } = controllerFromParams(ctx, q.controller as Record<string, unknown>));
  else {
    type = ((q.type as string | null) ?? 'standard') as AccountObject['type'];
    controller = controllerFor(type as 'standard' | 'express' | 'custom');
  }
  const id = ctx.newId('acct', 16);
  const acct = {
    id,
    object: 'account',
    business_profile: defaultBusinessProfile(),
    business_type: null,
    capabilities: {},
    charges_enabled: false,
    controller,
    country,
    created: ctx.now(),
    default_currency: COUNTRIES[country].currency,
    details_submitted: false,
    email: null,
    external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: {},
    metadata: {},
    payouts_enabled: false,
    requirements: {},
    settings: null,
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type,
  } as unknown as AccountObject;
  acct.settings = defaultSettings(acct, country);
  const secrets: AccountSecrets = loadSecrets(ctx.store, id);
  // Accounts with the full Stripe Dashboard get both payment capabilities, as on Stripe.
  if (controller.stripe_dashboard?.type === 'full') {
    secrets.requested.card_payments = { requested: true, requested_at: ctx.now() };
    secrets.requested.transfers = { requested: true, requested_at: ctx.now() };
  }
  applyCommon(ctx, acct, q, secrets, true);
  applyExternalAccount(ctx, acct, q);
  const out = refreshAccount(ctx, acct, { secrets, isNew: true });
  ctx.insert(out as StripeObject & AccountObject);
  return out;
}

function retrieve(ctx: RequestContext): StripeObject {
  // An account may always read itself by id: the platform with its own id, as with `GET /v1/account`.
  if (ctx.pathParams.id === ctx.account && ctx.account === ctx.platformAccount) return platformAccount(ctx);
  return getAccount(ctx, ctx.pathParams.id);
}

function update(ctx: RequestContext): AccountObject {
  const before = getAccount(ctx, ctx.pathParams.id);
  if (ctx.params.external_account != null && before.controller?.requirement_collection !== 'application' && onboardingStarted(ctx, before.id)) {
    // API reference (update an account, external_account): "After you create an Account Link or Account Session,
    // this property can only be updated for accounts where controller.requirement_collection is application".
    // The exact error wording is unconfirmed.
    throw invalidRequest(
      'You cannot update `external_account` once an Account Link or Account Session has been created for this account, unless your platform collects its requirements (`controller[requirement_collection]=application`).',
      { param: 'external_account' },
    );
  }
  const after = JSON.parse(JSON.stringify(before)) as AccountObject;
  const secrets = loadSecrets(ctx.store, before.id);
  applyCommon(ctx, after, ctx.params, secrets, false);
  applyExternalAccount(ctx, after, ctx.params);
  return refreshAccount(ctx, after, { secrets, before });
}

function remove(ctx: RequestContext): StripeObject {
  const acct = getAccount(ctx, ctx.pathParams.id);
  if (ctx.account !== ctx.platformAccount) throw invalidRequest('A connected account cannot delete itself; make this request as the platform.');
  for (const type of ['person', 'bank_account', 'sim_account_link', 'account_session']) {
    for (const child of childrenOf(ctx.store, ctx.platformAccount, type, acct.id)) ctx.store.remove(child.id);
  }
  if (ctx.store.get(secretsId(acct.id))) ctx.store.remove(secretsId(acct.id));
  ctx.store.remove(acct.id);
  return { id: acct.id, object: 'account', deleted: true };
}

/**
 * Reject reasons by release (Stripe changelog): endive (2026-09-30) replaced `fraud` with `fraud_payment_method_casher`,
 * `fraud_payment_method_tester`, `fraud_no_intent_to_fulfill`, `fraud_other` and added `credit`; dahlia 2026-03-25
 * takes `fraud`, `terms_of_service`, `other`. `payouts_action` arrived with 2026-07-29.dahlia, so endive only here.
 */
const REJECT_REASONS = {
  endive: ['credit', 'fraud_no_intent_to_fulfill', 'fraud_other', 'fraud_payment_method_casher', 'fraud_payment_method_tester', 'other', 'terms_of_service'],
  dahlia: ['fraud', 'terms_of_service', 'other'],
} as const;

/** The disabled_reason category of a platform rejection (endive: `rejected.platform_*`). */
function rejectionCategory(reason: string): string {
  if (reason.startsWith('fraud')) return 'platform_fraud';
  if (reason === 'terms_of_service') return 'platform_terms_of_service';
  return 'platform_other';
}

function reject(ctx: RequestContext): AccountObject {
  const q = ctx.params;
  const endive = isEndive(ctx.version);
  const reasons: readonly string[] = endive ? REJECT_REASONS.endive : REJECT_REASONS.dahlia;
  const reason = q.reason as string;
  if (!reasons.includes(reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${reasons.slice(0, -1).join(', ')}, or ${reasons[reasons.length - 1]}`, { param: 'reason' });
  }
  if (!endive && q.payouts_action !== undefined) throw invalidRequest('Received unknown parameter: payouts_action', { param: 'payouts_action', code: 'parameter_unknown' });
  const before = getAccount(ctx, ctx.pathParams.id);
  if (before.controller?.losses?.payments !== 'application') {
    throw invalidRequest('You can only reject accounts where your platform is liable for negative balances (`controller[losses][payments]=application`).', { param: 'reason' });
  }
  const secrets = loadSecrets(ctx.store, before.id);
  secrets.rejected = rejectionCategory(reason);
  secrets.rejected_payouts_kept = q.payouts_action === 'none';
  return refreshAccount(ctx, JSON.parse(JSON.stringify(before)) as AccountObject, { secrets, before });
}

/** `POST /v1/accounts/:id/unreject` (2026-07-29.dahlia and later): reverses the platform's own rejection. */
function unreject(ctx: RequestContext): AccountObject {
  if (!isEndive(ctx.version)) {
    throw invalidRequest(`Unrecognized request URL (POST: /v1/accounts/${ctx.pathParams.id}/unreject): unreject is available from API version 2026-07-29.dahlia.`, { status: 404 });
  }
  const before = getAccount(ctx, ctx.pathParams.id);
  const secrets = loadSecrets(ctx.store, before.id);
  if (!secrets.rejected) {
    // Stripe's wording for this case is unconfirmed.
    throw invalidRequest('This account has not been rejected by your platform, so it cannot be unrejected.', { param: 'account' });
  }
  secrets.rejected = null;
  secrets.rejected_payouts_kept = false;
  return refreshAccount(ctx, JSON.parse(JSON.stringify(before)) as AccountObject, { secrets, before });
}

/** dahlia shows platform rejections as `rejected.fraud` / `rejected.terms_of_service` / `rejected.other`. */
function dahliaDisabledReason(obj: Record<string, unknown>): Record<string, unknown> {
  const out = { ...obj };
  for (const k of ['requirements', 'future_requirements'] as const) {
    const r = out[k] as { disabled_reason?: string | null } | undefined;
    if (r && typeof r.disabled_reason === 'string' && r.disabled_reason.startsWith('rejected.platform_')) {
      out[k] = { ...r, disabled_reason: `rejected.${r.disabled_reason.slice('rejected.platform_'.length)}` };
    }
  }
  return out;
}

/** `GET /v1/account`: the connected account named by Stripe-Account, or the platform itself. */
function retrieveSelf(ctx: RequestContext): StripeObject {
  if (ctx.account !== ctx.platformAccount) return getAccount(ctx, ctx.account);
  return platformAccount(ctx);
}

/**
 * The platform's own account, in the full Account shape: a verified US account that controls itself
 * (`controller.type = account`), with the branding the simulator's settings give it.
 */
function platformAccount(ctx: RequestContext): StripeObject {
  const b = ctx.sim.settings.branding;
  const emptyRequirements = { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
  const acct = {
    id: ctx.platformAccount,
    object: 'account',
    business_profile: { ...defaultBusinessProfile(), name: b.platform_name },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    controller: { type: 'account' },
    country: 'US',
    created: 1700000000,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${ctx.platformAccount}/external_accounts` },
    future_requirements: emptyRequirements,
    metadata: {},
    payouts_enabled: true,
    requirements: emptyRequirements,
    settings: null,
    tos_acceptance: { date: 1700000000, ip: null, user_agent: null },
    type: 'standard',
  } as unknown as AccountObject;
  acct.settings = defaultSettings(acct, 'US');
  const settings = acct.settings as unknown as { branding: Record<string, unknown>; dashboard: Record<string, unknown> };
  settings.branding.primary_color = b.primary_color;
  settings.dashboard.display_name = b.platform_name;
  settings.dashboard.timezone = 'Etc/UTC';
  return acct as StripeObject & AccountObject;
}

export function registerAccounts(sim: Simulator): void {
  registerExpandable('account', []);
  sim.route({ method: 'POST', path: '/v1/accounts', params: createParams, handler: create });
  sim.route({ method: 'GET', path: '/v1/accounts/:id', handler: retrieve });
  sim.route({ method: 'POST', path: '/v1/accounts/:id', params: updateParams, handler: update });
  sim.route({ method: 'DELETE', path: '/v1/accounts/:id', handler: remove });
  sim.route({
    method: 'POST', path: '/v1/accounts/:id/reject',
    params: { reason: p.string({ required: true, maxLength: 5000 }), payouts_action: p.enumOf(['none', 'pause']) },
    handler: reject,
  });
  sim.route({ method: 'POST', path: '/v1/accounts/:id/unreject', params: {}, handler: unreject });
  registerVersionTransform('account', (obj, version) => (isEndive(version) ? obj : dahliaDisabledReason(obj)));
  sim.route({ method: 'GET', path: '/v1/account', handler: retrieveSelf });
  sim.route({
    method: 'GET',
    path: '/v1/accounts',
    params: { ...listParams, created: p.range() },
    handler: (ctx) => {
      if (ctx.account !== ctx.platformAccount) return { object: 'list', data: [], has_more: false, url: '/v1/accounts' };
      return ctx.list<AccountObject>('account', { created: createdFilter(ctx.params.created), kind: 'account' });
    },
  });
  sim.services.findConnectedAccount = (id: string) => findAccount(sim.store, sim.platformAccount, id);
  sim.services.createConnectToken = createConnectToken;
  sim.services.payoutFailureFor = (bankAccountId: string) => payoutFailureFor(sim.store, bankAccountId);
}

export type ConnectedAccountFinder = (id: string) => Stripe.Account | undefined;

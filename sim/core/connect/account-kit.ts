// Building and changing Connect objects: the Person shape (individual, representative), company and business
// profile merges with the verification bookkeeping, bank accounts, and `refreshAccount()` which runs the
// requirements engine and saves the account with `account.updated` / `capability.updated` events.
// Used by the /v1 resource modules and by the hosted / embedded onboarding pages.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, StripeError } from '../errors.ts';
import { randomString } from '../ids.ts';
import { mergeAddress, metadataFrom, previousAttributes, type Address } from '../resource-kit.ts';
import { evaluate, type AccountObject, type AccountSecrets, type PersonObject, type RequirementsHash } from './requirements.ts';
import { childrenOf, loadSecrets, personsOf, saveSecrets } from './store.ts';
import { ageAt, checkBankAccount, COUNTRIES, idNumberFailure, taxIdFailure } from './test-values.ts';

export type BankAccountObject = Stripe.BankAccount & StripeObject & { account: string };

const emptyDoc = () => ({ back: null, details: null, details_code: null, front: null });

function emptyPersonRequirements() {
  return { alternatives: [], currently_due: [], errors: [], eventually_due: [], past_due: [], pending_verification: [] };
}

export function newPerson(ctx: RequestContext, accountId: string): PersonObject {
  return {
    id: ctx.newId('person'),
    object: 'person',
    account: accountId,
    additional_tos_acceptances: { account: { date: null, ip: null, user_agent: null } },
    address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
    created: ctx.now(),
    dob: { day: null, month: null, year: null },
    email: null,
    first_name: null,
    future_requirements: emptyPersonRequirements(),
    id_number_provided: false,
    last_name: null,
    metadata: {},
    phone: null,
    relationship: { authorizer: null, director: false, executive: false, legal_guardian: false, owner: false, percent_ownership: null, representative: false, title: null },
    requirements: emptyPersonRequirements(),
    ssn_last_4_provided: false,
    verification: { additional_document: emptyDoc(), details: null, details_code: null, document: emptyDoc(), status: 'unverified' },
  } as unknown as PersonObject;
}

/** Validates a date of birth param (real calendar date, not before 1900, not in the future, at least 13). */
function checkDob(param: string, dob: { day?: number | null; month?: number | null; year?: number | null }, now: number): void {
  const { day, month, year } = dob;
  if (day == null || month == null || year == null) return;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw invalidRequest(`Invalid date of birth: ${year}-${month}-${day} is not a valid date.`, { param: `${param}[dob]` });
  }
  if (year < 1900) throw invalidRequest('Invalid date of birth: the year must be 1900 or later.', { param: `${param}[dob][year]` });
  if (d.getTime() / 1000 > now) throw invalidRequest('Invalid date of birth: it cannot be in the future.', { param: `${param}[dob]` });
  if (ageAt({ day, month, year }, now) < 13) throw invalidRequest('You must be at least 13 years of age to use Stripe.', { param: `${param}[dob]` });
}

/**
 * Applies an `individual[...]` / person param to a Person. `key` is the requirement prefix used for verification
 * bookkeeping (`individual`, `representative` -> the person id). Sensitive numbers are never stored.
 */
export function applyPerson(ctx: RequestContext, person: PersonObject, q: Record<string, unknown>, param: string, key: string, secrets: AccountSecrets, country: string): PersonObject {
  const p = person as unknown as Record<string, unknown>;
  for (const k of ['email', 'first_name', 'last_name', 'phone', 'maiden_name', 'gender', 'nationality', 'political_exposure'] as const) {
    if (k in q) p[k] = q[k] ?? null;
  }
  if ('full_name_aliases' in q) p.full_name_aliases = q.full_name_aliases ?? [];
  for (const k of ['first_name_kana', 'first_name_kanji', 'last_name_kana', 'last_name_kanji'] as const) if (k in q) p[k] = q[k] ?? null;
  for (const k of ['address_kana', 'address_kanji'] as const) {
    if (k in q) p[k] = q[k] ? { ...(mergeAddress(p[k] as Address | null, q[k]) ?? {}), town: (q[k] as { town?: string | null }).town ?? (p[k] as { town?: string | null } | undefined)?.town ?? null } : null;
  }
  if ('registered_address' in q) p.registered_address = mergeAddress(p.registered_address as Address | null, q.registered_address);
  if (q.additional_tos_acceptances) {
    const cur = ((p.additional_tos_acceptances as { account?: Record<string, unknown> } | undefined)?.account) ?? { date: null, ip: null, user_agent: null };
    const next = { ...cur };
    for (const [k, v] of Object.entries((q.additional_tos_acceptances as { account?: Record<string, unknown> }).account ?? {})) next[k] = v ?? null;
    p.additional_tos_acceptances = { account: next };
  }
  if ('us_cfpb_data' in q) p.us_cfpb_data = q.us_cfpb_data ?? null;
  if (typeof q.id_number_secondary === 'string' && q.id_number_secondary !== '') p.id_number_secondary_provided = true;
  if ('address' in q) p.address = mergeAddress(p.address as Address | null, q.address) ?? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
  if ('dob' in q) {
    const cur = (p.dob ?? { day: null, month: null, year: null }) as { day: number | null; month: number | null; year: number | null };
    const v = q.dob as Record<string, number | null> | null;
    const next = v === null ? { day: null, month: null, year: null } : { ...cur, ...v };
    checkDob(param, next, ctx.now());
    p.dob = next;
  }
  if ('metadata' in q) p.metadata = metadataFrom(p.metadata as Record<string, string>, q.metadata);
  if ('relationship' in q && q.relationship) {
    const rel = { ...(p.relationship as Record<string, unknown>) };
    for (const [k, v] of Object.entries(q.relationship as Record<string, unknown>)) rel[k] = v ?? (k === 'title' || k === 'percent_ownership' ? null : false);
    p.relationship = rel;
  }
  const spec = COUNTRIES[country] ?? COUNTRIES.US;
  if (typeof q.id_number === 'string' && q.id_number !== '') {
    const digits = q.id_number.replace(/[\s-]/g, '');
    if (spec.ssn && !/^\d{9}$/.test(digits)) {
      throw invalidRequest('Invalid id_number: a US Social Security number has 9 digits (use 000000000 in test mode).', { param: `${param}[id_number]` });
    }
    if (!/^[A-Za-z0-9]{4,20}$/.test(digits)) throw invalidRequest('Invalid id_number: 4 to 20 letters or digits.', { param: `${param}[id_number]` });
    p.id_number_provided = true;
    if (spec.ssn) p.ssn_last_4_provided = true;
    secrets.checks[`${key}.id_number`] = idNumberFailure(digits);
  }
  if (typeof q.ssn_last_4 === 'string' && q.ssn_last_4 !== '') {
    if (!/^\d{4}$/.test(q.ssn_last_4)) throw invalidRequest('Invalid ssn_last_4: must be the last 4 digits of a Social Security number.', { param: `${param}[ssn_last_4]` });
    p.ssn_last_4_provided = true;
    secrets.checks[`${key}.ssn_last_4`] = null;
  }
  if ('verification' in q && q.verification && typeof q.verification === 'object') {
    const ver = q.verification as { document?: { front?: string; back?: string } };
    if (ver.document) {
      const cur = p.verification as { document: Record<string, unknown> };
      cur.document = { ...cur.document, ...ver.document };
    }
  }
  return person;
}

export function defaultCompany(): NonNullable<AccountObject['company']> {
  return {
    address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
    directors_provided: false,
    executives_provided: false,
    name: null,
    owners_provided: false,
    phone: null,
    tax_id_provided: false,
    verification: { document: emptyDoc() },
  } as unknown as NonNullable<AccountObject['company']>;
}

export function applyCompany(company: NonNullable<AccountObject['company']>, q: Record<string, unknown>, secrets: AccountSecrets): NonNullable<AccountObject['company']> {
  const c = company as unknown as Record<string, unknown>;
  for (const k of ['name', 'phone', 'structure', 'registration_number', 'name_kana', 'name_kanji', 'export_license_id', 'export_purpose_code', 'ownership_exemption_reason', 'tax_id_registrar'] as const) {
    if (k in q) c[k] = q[k] ?? null;
  }
  for (const k of ['administrative_address', 'physical_address', 'principal_place_of_business'] as const) if (k in q) c[k] = mergeAddress(c[k] as Address | null, q[k]);
  for (const k of ['address_kana', 'address_kanji'] as const) {
    if (k in q) c[k] = q[k] ? { ...(mergeAddress(c[k] as Address | null, q[k]) ?? {}), town: (q[k] as { town?: string | null }).town ?? null } : null;
  }
  for (const k of ['directorship_declaration', 'ownership_declaration', 'representative_declaration'] as const) {
    if (k in q) c[k] = q[k] ? { date: null, ip: null, user_agent: null, ...(c[k] as object | null ?? {}), ...(q[k] as object) } : null;
  }
  if ('registration_date' in q) {
    // merged like dob: an update naming only the year keeps the day and month
    c.registration_date = q.registration_date ? { day: null, month: null, year: null, ...(c.registration_date as object | null ?? {}), ...(q.registration_date as object) } : null;
  }
  for (const k of ['directors_provided', 'executives_provided', 'owners_provided'] as const) if (k in q) c[k] = q[k] === true;
  if ('address' in q) c.address = mergeAddress(c.address as Address | null, q.address);
  if (typeof q.tax_id === 'string' && q.tax_id !== '') {
    if (!/^[A-Za-z0-9-]{5,20}$/.test(q.tax_id)) throw invalidRequest('Invalid tax_id: 5 to 20 letters or digits.', { param: 'company[tax_id]' });
    c.tax_id_provided = true;
    secrets.checks['company.tax_id'] = taxIdFailure(q.tax_id);
  }
  if (typeof q.vat_id === 'string' && q.vat_id !== '') c.vat_id_provided = true;
  return company;
}

export function defaultBusinessProfile(): NonNullable<AccountObject['business_profile']> {
  return {
    annual_revenue: null,
    estimated_worker_count: null,
    mcc: null,
    minority_owned_business_designation: null,
    name: null,
    product_description: null,
    support_address: null,
    support_email: null,
    support_phone: null,
    support_url: null,
    url: null,
  } as unknown as NonNullable<AccountObject['business_profile']>;
}

export function applyBusinessProfile(bp: NonNullable<AccountObject['business_profile']>, q: Record<string, unknown>): NonNullable<AccountObject['business_profile']> {
  const b = bp as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (k === 'mcc' && typeof v === 'string' && !/^\d{4}$/.test(v)) throw invalidRequest(`Invalid mcc: ${v.slice(0, 20)} is not a valid merchant category code (4 digits, e.g. 6513 for real estate agents and managers).`, { param: 'business_profile[mcc]' });
    if (k === 'support_address') b[k] = mergeAddress(b[k] as Address | null, v);
    else b[k] = v ?? null;
  }
  return bp;
}

// ---------------------------------------------------------------- bank accounts

/** Payout failure messages of Stripe's failing test bank accounts (Payout `failure_code` -> `failure_message`). */
export const PAYOUT_FAILURE_MESSAGES: Record<string, string> = {
  no_account: 'The bank account details on file are probably incorrect. No bank account could be located with those details.',
  account_closed: 'The bank account has been closed.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  debit_not_authorized: 'Debit transactions are not approved on the bank account.',
  invalid_currency: 'The bank was unable to process this payout because of its currency.',
};

const OUTCOME_TYPE = 'sim_bank_outcome';

/**
 * How payouts to an external account will end (Stripe's failing test numbers), or null when they succeed. Offered to
 * the payouts module as `sim.services.payoutFailureFor(bankAccountId)`.
 */
export function payoutFailureFor(store: import('../store.ts').Store, bankAccountId: string): { failure_code: string; failure_message: string } | null {
  const rec = store.get<{ failure_code: string }>(`bankout_${bankAccountId}`);
  if (!rec || rec.type !== OUTCOME_TYPE) return null;
  return { failure_code: rec.data.failure_code, failure_message: PAYOUT_FAILURE_MESSAGES[rec.data.failure_code] ?? 'The payout failed.' };
}

function recordOutcome(ctx: RequestContext, ba: BankAccountObject, q: Record<string, unknown>): void {
  const check = checkBankAccount(ba.country, (q.routing_number as string | undefined) ?? null, String(q.account_number ?? ''));
  if (!check.payoutFailure) return;
  const id = `bankout_${ba.id}`;
  ctx.store.insert({ id, type: OUTCOME_TYPE, account: ctx.platformAccount, created: ctx.now(), data: { id, object: OUTCOME_TYPE, failure_code: check.payoutFailure }, index: { account: ba.account } });
}

export function makeBankAccount(ctx: RequestContext, account: AccountObject, q: Record<string, unknown>, param: string): BankAccountObject {
  const country = ((q.country as string | undefined) ?? account.country ?? 'US').toUpperCase();
  const currency = ((q.currency as string | undefined) ?? (COUNTRIES[country]?.currency ?? account.default_currency ?? 'usd')).toLowerCase();
  const number = String(q.account_number ?? '');
  if (!number) throw invalidRequest(`Missing required param: ${param}[account_number].`, { param: `${param}[account_number]`, code: 'parameter_missing' });
  const check = checkBankAccount(country, (q.routing_number as string | undefined) ?? null, number);
  if (!check.ok) throw invalidRequest(check.message ?? 'Invalid bank account.', { param: `${param}[${check.code === 'routing_number_invalid' ? 'routing_number' : 'account_number'}]`, code: check.code });
  const clean = number.replace(/\s+/g, '').toUpperCase();
  const ba = {
    // A bank account token's account keeps the id the token showed (as on Stripe).
    id: typeof q.token_bank_account_id === 'string' ? q.token_bank_account_id : ctx.newId('ba'),
    object: 'bank_account',
    account: account.id,
    account_holder_name: (q.account_holder_name as string | null | undefined) ?? null,
    account_holder_type: (q.account_holder_type as string | null | undefined) ?? null,
    account_type: null,
    available_payout_methods: ['standard'],
    bank_name: check.bankName ?? null,
    country,
    currency,
    default_for_currency: false,
    fingerprint: fingerprintOf(`${country}:${q.routing_number ?? ''}:${clean}`),
    future_requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] },
    last4: clean.slice(-4),
    metadata: metadataFrom(undefined, q.metadata),
    requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] },
    routing_number: country === 'US' ? ((q.routing_number as string | undefined) ?? null) : null,
    status: 'new',
  } as unknown as BankAccountObject;
  return ba;
}

function fingerprintOf(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619);
    h2 = Math.imul(h2 ^ s.charCodeAt(i), 2246822519);
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  let x = (h1 >>> 0) * 4294967296 + (h2 >>> 0);
  for (let i = 0; i < 16; i++) {
    out += alphabet[x % 62];
    x = Math.floor(x / 62) + (i * 7919);
  }
  return out;
}

/** Adds a bank account to an account (the first of a currency becomes its default). */
export function addBankAccount(ctx: RequestContext, account: AccountObject, q: Record<string, unknown>, param: string, opts: { defaultForCurrency?: boolean } = {}): BankAccountObject {
  const ba = makeBankAccount(ctx, account, q, param);
  const existing = childrenOf<BankAccountObject>(ctx.store, ctx.platformAccount, 'bank_account', account.id);
  const sameCurrency = existing.filter((e) => e.currency === ba.currency);
  ba.default_for_currency = sameCurrency.length === 0 || opts.defaultForCurrency === true;
  if (ba.default_for_currency) {
    for (const e of sameCurrency.filter((x) => x.default_for_currency)) {
      e.default_for_currency = false;
      ctx.store.update(e.id, e);
    }
  }
  ctx.store.insert({ id: ba.id, type: 'bank_account', account: ctx.platformAccount, created: ctx.now(), data: ba, index: { account: account.id } });
  recordOutcome(ctx, ba, q);
  ctx.emit('account.external_account.created', ba, { account: account.id });
  return ba;
}

/** Replaces every bank account of the account (what `external_account` on create/update does). */
export function replaceBankAccounts(ctx: RequestContext, account: AccountObject, q: Record<string, unknown>, param: string): BankAccountObject {
  const existing = childrenOf<BankAccountObject>(ctx.store, ctx.platformAccount, 'bank_account', account.id);
  const ba = makeBankAccount(ctx, account, q, param);
  for (const e of existing) {
    ctx.store.remove(e.id);
    ctx.emit('account.external_account.deleted', { ...e, deleted: true } as StripeObject, { account: account.id });
  }
  ba.default_for_currency = true;
  ctx.store.insert({ id: ba.id, type: 'bank_account', account: ctx.platformAccount, created: ctx.now(), data: ba, index: { account: account.id } });
  recordOutcome(ctx, ba, q);
  ctx.emit('account.external_account.created', ba, { account: account.id });
  return ba;
}

/** Stripe's test bank tokens (`btok_us_verified` ...), as external_account strings. */
export function bankTokenParams(token: string): Record<string, unknown> | null {
  switch (token) {
    case 'btok_us_verified':
    case 'btok_us':
      return { country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000123456789' };
    case 'btok_us_verified_noAccount':
      return { country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000111111116' };
    case 'btok_us_verified_accountClosed':
      return { country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000111111113' };
    case 'btok_fr':
      return { country: 'FR', currency: 'eur', account_number: 'FR1420041010050500013M02606' };
    default:
      return null;
  }
}

// ---------------------------------------------------------------- refresh

function withoutPrefix(req: RequirementsHash, prefix: string): PersonObject['requirements'] {
  const strip = (a: string[]) => a.filter((f) => f.startsWith(`${prefix}.`)).map((f) => f.slice(prefix.length + 1));
  return {
    alternatives: [],
    currently_due: strip(req.currently_due),
    errors: req.errors.filter((e) => e.requirement.startsWith(`${prefix}.`)).map((e) => ({ ...e, requirement: e.requirement.slice(prefix.length + 1) })),
    eventually_due: strip(req.eventually_due),
    past_due: strip(req.past_due),
    pending_verification: strip(req.pending_verification),
  } as unknown as PersonObject['requirements'];
}

function personVerification(person: PersonObject, req: PersonObject['requirements']): void {
  const r = req as unknown as { currently_due: string[]; errors: unknown[] };
  const identityFields = r.currently_due.filter((f) => /^(dob|first_name|last_name|id_number|ssn_last_4|address)/.test(f));
  const v = person.verification as unknown as { status: string; details: string | null; details_code: string | null };
  v.status = identityFields.length === 0 && r.errors.length === 0 ? 'verified' : 'unverified';
  v.details = null;
  v.details_code = null;
}

export interface RefreshOptions {
  secrets?: AccountSecrets;
  /** Emit account.updated against this earlier state (default: what is stored). */
  before?: AccountObject;
  /** A new account: compute its state, store nothing and emit nothing (the caller inserts it). */
  isNew?: boolean;
}

/**
 * Runs the requirements engine on `after`, stores it (and its secrets, persons' requirements) and emits
 * `account.updated` with `previous_attributes` when anything changed, plus `capability.updated` per changed
 * capability. Events are the connected account's (event.account = its id).
 */
export function refreshAccount(ctx: RequestContext, after: AccountObject, opts: RefreshOptions = {}): AccountObject {
  const store = ctx.store;
  const platform = ctx.platformAccount;
  const secrets = opts.secrets ?? loadSecrets(store, after.id);
  const before = opts.isNew ? undefined : (opts.before ?? store.get<AccountObject>(after.id)?.data);
  const persons = personsOf(store, platform, after.id);
  const banks = childrenOf<BankAccountObject>(store, platform, 'bank_account', after.id);
  const ev = evaluate(after, persons, secrets, banks.length, ctx.now());
  after.requirements = ev.requirements as unknown as AccountObject['requirements'];
  after.future_requirements = ev.future_requirements as unknown as AccountObject['future_requirements'];
  const caps: Record<string, string> = {};
  for (const name of Object.keys(secrets.requested).sort()) if (secrets.requested[name].requested) caps[name] = ev.capabilities[name] ?? 'inactive';
  after.capabilities = caps as AccountObject['capabilities'];
  after.charges_enabled = ev.charges_enabled;
  after.payouts_enabled = ev.payouts_enabled;
  after.details_submitted = ev.details_submitted;
  const listed = banks.slice(-10).reverse();
  after.external_accounts = { object: 'list', data: listed as unknown as Stripe.ExternalAccount[], has_more: banks.length > 10, total_count: banks.length, url: `/v1/accounts/${after.id}/external_accounts` } as unknown as AccountObject['external_accounts'];
  if (after.individual) {
    const ind = after.individual as PersonObject;
    ind.requirements = withoutPrefix(ev.requirements, 'individual');
    personVerification(ind, ind.requirements);
  }
  for (const person of persons) {
    const prefix = person.id;
    const next = JSON.parse(JSON.stringify(person)) as PersonObject;
    next.requirements = withoutPrefix(ev.requirements, prefix);
    personVerification(next, next.requirements);
    if (JSON.stringify(next) !== JSON.stringify(person)) {
      store.update(person.id, next);
      ctx.emit('person.updated', next, { account: after.id, previousAttributes: previousAttributes(person as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>) });
    }
  }
  saveSecrets(store, platform, secrets, after.created ?? ctx.now());
  if (!before) return after;
  store.update(after.id, after);
  const prev = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (Object.keys(prev).length > 0) ctx.emit('account.updated', after, { previousAttributes: prev, account: after.id });
  const beforeCaps = (before.capabilities ?? {}) as Record<string, string>;
  for (const name of Object.keys({ ...beforeCaps, ...caps })) {
    if (beforeCaps[name] !== caps[name] || JSON.stringify(before.requirements) !== JSON.stringify(after.requirements)) {
      const cap = capabilityObject(after, secrets, name, ev.capabilityRequirements[name]);
      ctx.emit('capability.updated', cap, { account: after.id, previousAttributes: beforeCaps[name] !== caps[name] ? { status: beforeCaps[name] ?? 'unrequested' } : { requirements: before.requirements } });
    }
  }
  return after;
}

export function capabilityObject(account: AccountObject, secrets: AccountSecrets, name: string, req?: RequirementsHash): StripeObject {
  const r = secrets.requested[name];
  const status = (account.capabilities as Record<string, string> | undefined)?.[name] ?? 'unrequested';
  const empty = { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
  const fromAccount = account.requirements as unknown as RequirementsHash | undefined;
  const requirements = r?.requested
    ? (req ?? (fromAccount ? { ...fromAccount, disabled_reason: status === 'active' ? null : 'requirements.fields_needed' } : empty))
    : empty;
  return {
    id: name,
    object: 'capability',
    account: account.id,
    future_requirements: empty,
    requested: !!r?.requested,
    requested_at: r?.requested_at ?? null,
    requirements,
    status,
  };
}

/** Every capability of the SDK's AccountCreateParams.capabilities (stripe-node 23.1). */
export const KNOWN_CAPABILITIES = [
  'acss_debit_payments', 'affirm_payments', 'afterpay_clearpay_payments', 'alma_payments', 'amazon_pay_payments',
  'app_distribution', 'au_becs_debit_payments', 'bacs_debit_payments', 'bancontact_payments',
  'bank_transfer_payments', 'billie_payments', 'bizum_payments', 'blik_payments', 'blik_recurring_payments',
  'boleto_payments', 'card_issuing', 'card_payments', 'cartes_bancaires_payments', 'cashapp_payments',
  'crypto_payments', 'eps_payments', 'fpx_payments', 'gb_bank_transfer_payments', 'giropay_payments',
  'grabpay_payments', 'ideal_payments', 'india_international_payments', 'jcb_payments', 'jp_bank_transfer_payments',
  'kakao_pay_payments', 'klarna_payments', 'konbini_payments', 'kr_card_payments', 'legacy_payments',
  'link_payments', 'mb_way_payments', 'mobilepay_payments', 'multibanco_payments', 'mx_bank_transfer_payments',
  'naver_pay_payments', 'nz_bank_account_becs_debit_payments', 'oxxo_payments', 'p24_payments',
  'pay_by_bank_payments', 'payco_payments', 'paynow_payments', 'paypay_payments', 'payto_payments', 'pix_payments',
  'promptpay_payments', 'revolut_pay_payments', 'samsung_pay_payments', 'satispay_payments', 'scalapay_payments',
  'sepa_bank_transfer_payments', 'sepa_debit_payments', 'sequra_payments', 'sofort_payments', 'sunbit_payments',
  'swish_payments', 'tax_reporting_us_1099_k', 'tax_reporting_us_1099_misc', 'transfers', 'treasury',
  'twint_payments', 'upi_payments', 'us_bank_account_ach_payments', 'us_bank_transfer_payments', 'wero_payments',
  'zip_payments',
] as const;

/** Applies `capabilities[x][requested]=true|false`. */
export function applyCapabilities(ctx: RequestContext, secrets: AccountSecrets, q: Record<string, { requested?: boolean | null } | null>): void {
  for (const [name, v] of Object.entries(q)) {
    if (!(KNOWN_CAPABILITIES as readonly string[]).includes(name)) {
      throw invalidRequest(`Invalid capability: ${name.slice(0, 60)}. See https://stripe.com/docs/connect/account-capabilities for the supported capabilities.`, { param: `capabilities[${name.slice(0, 60)}]` });
    }
    const requested = v?.requested === true;
    const cur = secrets.requested[name];
    if (requested) secrets.requested[name] = { requested: true, requested_at: cur?.requested ? cur.requested_at : ctx.now() };
    else if (cur) secrets.requested[name] = { requested: false, requested_at: null };
  }
}

export function randomToken(n = 24): string {
  return randomString(n);
}

export function ensure(cond: unknown, err: () => StripeError): asserts cond {
  if (!cond) throw err();
}

// Stripe's Connect test values (docs: "Testing Stripe Connect"): the tokens that make identity, address,
// business and bank verification succeed or fail in test mode, and the country facts the requirements engine
// needs. Pure functions, no I/O.

export type VerificationCode =
  | 'verification_failed_address_match'
  | 'verification_failed_keyed_identity'
  | 'verification_failed_id_number_match'
  | 'verification_failed_tax_id_match'
  | 'verification_failed_tax_id_not_issued'
  | 'invalid_dob_age_under_18'
  | 'invalid_url_denylisted'
  | 'invalid_url_website_inaccessible_geoblocked'
  | 'invalid_url_format';

export interface VerificationFailure {
  code: VerificationCode;
  reason: string;
}

/** Outcome of a date of birth: 1901-01-01 and 1902-01-01 verify; 1900-01-01 raises an OFAC (sanctions list) alert; any other date fails. */
export type DobOutcome = { ok: true } | { ok: false; failure: VerificationFailure } | { ok: false; listed: true };

export const TEST_DOB_SUCCESS = { day: 1, month: 1, year: 1901 } as const;
export const TEST_DOB_IMMEDIATE = { day: 1, month: 1, year: 1902 } as const;
export const TEST_DOB_OFAC = { day: 1, month: 1, year: 1900 } as const;

/** Age in whole years at `now` (unix seconds). */
export function ageAt(dob: { day: number; month: number; year: number }, now: number): number {
  const d = new Date(now * 1000);
  let age = d.getUTCFullYear() - dob.year;
  const m = d.getUTCMonth() + 1;
  if (m < dob.month || (m === dob.month && d.getUTCDate() < dob.day)) age -= 1;
  return age;
}

export function dobOutcome(dob: { day: number; month: number; year: number }, now: number): DobOutcome {
  const same = (a: { day: number; month: number; year: number }) => a.day === dob.day && a.month === dob.month && a.year === dob.year;
  if (same(TEST_DOB_SUCCESS) || same(TEST_DOB_IMMEDIATE)) return { ok: true };
  if (same(TEST_DOB_OFAC)) return { ok: false, listed: true };
  if (ageAt(dob, now) < 18) {
    return { ok: false, failure: { code: 'invalid_dob_age_under_18', reason: 'Underage. Age must be at least 18.' } };
  }
  return {
    ok: false,
    failure: {
      code: 'verification_failed_keyed_identity',
      reason: "The identity information you entered can't be verified. Please correct any errors or upload a document that matches the identity fields (e.g., name and date of birth) that you entered.",
    },
  };
}

/** Address line 1 tokens: `address_full_match` (and any ordinary address) verifies; `address_no_match` and `address_line1_no_match` fail. */
export function addressFailure(line1: string | null | undefined): VerificationFailure | null {
  if (!line1) return null;
  const v = line1.trim().toLowerCase();
  if (v === 'address_no_match' || v === 'address_line1_no_match') {
    return { code: 'verification_failed_address_match', reason: "The address couldn't be verified. Please check that it's correct, or upload a document showing the address." };
  }
  return null;
}

/** Personal id numbers: 000000000 (and 222222222, immediate) verify; 111111111 fails (identity mismatch). SSN last 4 `0000` verifies. */
export function idNumberFailure(idNumber: string): VerificationFailure | null {
  if (idNumber.replace(/[\s-]/g, '') === '111111111') {
    return { code: 'verification_failed_id_number_match', reason: "The ID number you provided couldn't be verified. Please check that it's correct." };
  }
  return null;
}

/** Business tax ids: 000000000 verifies; 111111111 does not match the name; 111111112 was never issued. */
export function taxIdFailure(taxId: string): VerificationFailure | null {
  const v = taxId.replace(/[\s-]/g, '');
  if (v === '111111111') return { code: 'verification_failed_tax_id_match', reason: "The tax ID doesn't match the business name. Please check both are correct." };
  if (v === '111111112') return { code: 'verification_failed_tax_id_not_issued', reason: 'The tax ID was not issued by the tax authority. Please check that it is correct.' };
  return null;
}

/** Business website tokens: https://accessible.stripe.com verifies; disallowed.stripe.com is denylisted; geoblocked.stripe.com is geoblocked. */
export function urlFailure(url: string): VerificationFailure | null {
  let u: URL;
  try {
    u = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    return { code: 'invalid_url_format', reason: 'The URL is not in a valid format.' };
  }
  if (!u.hostname.includes('.')) return { code: 'invalid_url_format', reason: 'The URL is not in a valid format.' };
  if (u.hostname === 'disallowed.stripe.com') return { code: 'invalid_url_denylisted', reason: 'This URL is not allowed. Please provide another business website.' };
  if (u.hostname === 'geoblocked.stripe.com') return { code: 'invalid_url_website_inaccessible_geoblocked', reason: "The website can't be accessed from our location. Please make it reachable or provide another." };
  return null;
}

// ---------------------------------------------------------------- banks

export interface BankCheck {
  ok: boolean;
  /** Stripe error code when the number itself is unusable (`routing_number_invalid`, `account_number_invalid`). */
  code?: 'routing_number_invalid' | 'account_number_invalid';
  message?: string;
  /** Test accounts whose payouts fail later (status becomes errored when a payout is attempted). */
  payoutFailure?: 'no_account' | 'account_closed' | 'insufficient_funds' | 'debit_not_authorized' | 'invalid_currency';
  bankName?: string;
}

/** US test account numbers (routing 110000000): 000123456789 succeeds, the others make payouts fail. */
const US_PAYOUT_FAILURES: Record<string, BankCheck['payoutFailure']> = {
  '000111111116': 'no_account',
  '000111111113': 'account_closed',
  '000222222227': 'insufficient_funds',
  '000333333335': 'debit_not_authorized',
  '000444444440': 'invalid_currency',
};

/** EU test IBANs whose payouts fail (same last digits rule as Stripe's table: ...06 succeeds). */
const IBAN_PAYOUT_FAILURES: Record<string, BankCheck['payoutFailure']> = {
  FR8420041010050500013M02607: 'no_account',
  FR6220041010050500013M02608: 'account_closed',
  FR7920041010050500013M02609: 'insufficient_funds',
};

function abaChecksumOk(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = routing.split('').map(Number);
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const v = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v)) return false;
  const moved = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const n = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of n) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1;
}

/** Checks a bank account for `country`: US routing + account numbers, IBAN elsewhere in SEPA. */
export function checkBankAccount(country: string, routing: string | null | undefined, accountNumber: string): BankCheck {
  const acct = accountNumber.replace(/\s+/g, '');
  if (country === 'US') {
    if (!routing || !abaChecksumOk(routing)) {
      return { ok: false, code: 'routing_number_invalid', message: `Routing number must have 9 digits and a valid checksum (e.g. 110000000); got ${JSON.stringify(routing ?? '')}.` };
    }
    if (!/^\d{4,17}$/.test(acct)) return { ok: false, code: 'account_number_invalid', message: 'The account number must be 4 to 17 digits.' };
    return { ok: true, payoutFailure: US_PAYOUT_FAILURES[acct], bankName: routing === '110000000' ? 'STRIPE TEST BANK' : 'TEST BANK' };
  }
  if (SEPA.has(country)) {
    const iban = acct.toUpperCase();
    if (!ibanValid(iban)) return { ok: false, code: 'account_number_invalid', message: `The IBAN you provided (${iban.slice(0, 34)}) is invalid.` };
    if (iban.slice(0, 2) !== country) {
      return { ok: false, code: 'account_number_invalid', message: `The IBAN's country (${iban.slice(0, 2)}) does not match the account's country (${country}).` };
    }
    return { ok: true, payoutFailure: IBAN_PAYOUT_FAILURES[iban], bankName: 'STRIPE TEST BANK' };
  }
  if (!/^[A-Z0-9]{4,34}$/i.test(acct)) return { ok: false, code: 'account_number_invalid', message: 'The account number is invalid.' };
  return { ok: true, bankName: 'TEST BANK' };
}

// ---------------------------------------------------------------- countries

const SEPA = new Set(['AT', 'BE', 'DE', 'ES', 'FI', 'FR', 'IE', 'IT', 'LU', 'NL', 'PT']);

export interface CountrySpec {
  currency: string;
  /** Whether addresses need a state. */
  state: boolean;
  /** US: SSN last 4 now, full id number eventually. */
  ssn: boolean;
  sepa: boolean;
}

export const COUNTRIES: Record<string, CountrySpec> = {
  US: { currency: 'usd', state: true, ssn: true, sepa: false },
  CA: { currency: 'cad', state: true, ssn: false, sepa: false },
  GB: { currency: 'gbp', state: false, ssn: false, sepa: false },
  ...Object.fromEntries([...SEPA].map((c) => [c, { currency: 'eur', state: false, ssn: false, sepa: true }])),
};

/** Test bank details by country (what the onboarding page suggests in test mode). */
export const TEST_BANK: Record<string, { routing_number?: string; account_number: string }> = {
  US: { routing_number: '110000000', account_number: '000123456789' },
  FR: { account_number: 'FR1420041010050500013M02606' },
  DE: { account_number: 'DE89370400440532013000' },
};

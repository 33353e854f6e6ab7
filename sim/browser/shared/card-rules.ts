// Card-number rules the simulator's card fields apply as the customer types, mirroring Stripe.js Elements:
// brand detection by IIN prefix, allowed lengths per brand, Luhn, expiry and security-code checks.
// Pure functions: no DOM, shared by the card iframe and the unit tests.

export type CardBrand =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'discover'
  | 'diners'
  | 'jcb'
  | 'unionpay'
  | 'unknown';

interface BrandRule {
  brand: CardBrand;
  /** Matches the leading digits (IIN range). */
  prefix: RegExp;
  /** Complete lengths, ascending; the last one is the maximum the field accepts. */
  lengths: number[];
  cvcLength: number;
  /** Groups for display (`4242 4242 4242 4242`, `3782 822463 10005`). */
  gaps: number[];
}

// Order matters: the first matching rule wins (UnionPay's 62 before Discover's broader 6 ranges).
const RULES: BrandRule[] = [
  { brand: 'amex', prefix: /^3[47]/, lengths: [15], cvcLength: 4, gaps: [4, 10] },
  { brand: 'diners', prefix: /^36/, lengths: [14], cvcLength: 3, gaps: [4, 10] },
  { brand: 'diners', prefix: /^3(0[0-59]|[89])/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'jcb', prefix: /^35(2[89]|[3-8])/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'unionpay', prefix: /^(62|81)/, lengths: [13, 14, 15, 16, 17, 18, 19], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'discover', prefix: /^(6011|64[4-9]|65)/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'mastercard', prefix: /^(5[1-5]|2(2[2-9]|[3-6]|7[01]|720))/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
  { brand: 'visa', prefix: /^4/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] },
];

const UNKNOWN: BrandRule = { brand: 'unknown', prefix: /^/, lengths: [16], cvcLength: 3, gaps: [4, 8, 12] };

/** Partial prefixes that can still become a brand (so "3" is not yet unknown). */
export function detectBrand(digits: string): CardBrand {
  return ruleFor(digits).brand;
}

function ruleFor(digits: string): BrandRule {
  if (!digits) return UNKNOWN;
  return RULES.find((r) => r.prefix.test(digits)) ?? UNKNOWN;
}

export function maxLength(digits: string): number {
  const rule = ruleFor(digits);
  return rule.brand === 'unknown' ? 19 : rule.lengths[rule.lengths.length - 1];
}

export function cvcLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

export function onlyDigits(value: string): string {
  return value.replace(/\D+/g, '');
}

export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** `4242424242424242` -> `4242 4242 4242 4242`; Amex `3782 822463 10005`; 19-digit UnionPay `6205 5000 0000 0000 004`. */
export function formatNumber(digits: string): string {
  const rule = ruleFor(digits);
  const gaps = digits.length > 16 ? [4, 8, 12, 16] : rule.gaps;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

export type FieldState = 'empty' | 'incomplete' | 'invalid' | 'complete';

export interface FieldCheck {
  state: FieldState;
  /** Stripe's validation_error code when the field is not complete (incomplete ones only matter on blur/submit). */
  code?: string;
}

export function checkNumber(digits: string): FieldCheck {
  if (!digits) return { state: 'empty', code: 'incomplete_number' };
  const rule = ruleFor(digits);
  const max = rule.brand === 'unknown' ? 19 : rule.lengths[rule.lengths.length - 1];
  const good = luhn(digits);
  if (rule.lengths.includes(digits.length) && good) return { state: 'complete' };
  if (digits.length >= max) return { state: 'invalid', code: 'invalid_number' };
  return { state: 'incomplete', code: 'incomplete_number' };
}

export interface Expiry {
  month: string;
  year: string;
}

/** Digits typed in the expiry field -> month/year ("4" -> 04, "1225" -> 12/25). */
export function parseExpiry(raw: string): Expiry {
  // Autofill and paste may bring a four-digit year ("12/2034", "1/2034", "122034"): keep its last two digits.
  const long = /^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(raw) ?? /^(\d{2})(20\d{2})$/.exec(raw.trim());
  if (long) return { month: long[1].padStart(2, '0'), year: long[2].slice(2) };
  let digits = onlyDigits(raw);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  // "1/25" typed with a slash: a single-digit month followed by a separator.
  const slash = /^\s*(\d)\s*[/-]/.exec(raw);
  if (slash && digits.length >= 1 && !digits.startsWith('0') && digits[0] === slash[1]) digits = `0${digits}`;
  return { month: digits.slice(0, 2), year: digits.slice(2, 4) };
}

export function formatExpiry(exp: Expiry, deleting = false): string {
  if (!exp.month) return '';
  if (exp.month.length < 2) return exp.month;
  if (!exp.year) return deleting ? exp.month : `${exp.month} / `;
  return `${exp.month} / ${exp.year}`;
}

export function checkExpiry(exp: Expiry, now: Date = new Date()): FieldCheck {
  if (!exp.month && !exp.year) return { state: 'empty', code: 'incomplete_expiry' };
  const month = Number(exp.month);
  if (exp.month.length === 2 && (month < 1 || month > 12)) return { state: 'invalid', code: 'invalid_expiry_month' };
  if (exp.month.length < 2 || exp.year.length < 2) return { state: 'incomplete', code: 'incomplete_expiry' };
  const year = 2000 + Number(exp.year);
  const thisYear = now.getFullYear();
  const thisMonth = now.getMonth() + 1;
  if (year < thisYear) return { state: 'invalid', code: 'invalid_expiry_year_past' };
  if (year === thisYear && month < thisMonth) return { state: 'invalid', code: 'invalid_expiry_month_past' };
  if (year > thisYear + 50) return { state: 'invalid', code: 'invalid_expiry_year' };
  return { state: 'complete' };
}

export function checkCvc(digits: string, brand: CardBrand): FieldCheck {
  if (!digits) return { state: 'empty', code: 'incomplete_cvc' };
  if (digits.length < cvcLength(brand)) return { state: 'incomplete', code: 'incomplete_cvc' };
  return { state: 'complete' };
}

/** Postal codes: US ZIPs have 5 digits (or ZIP+4); elsewhere 3 to 10 letters, digits, spaces or dashes. */
export function checkPostal(value: string, country: string): FieldCheck {
  const v = value.trim();
  if (!v) return { state: 'empty', code: 'incomplete_zip' };
  if (country === 'US') {
    if (/^\d{5}(-?\d{4})?$/.test(v)) return { state: 'complete' };
    if (/^\d{1,4}$/.test(v)) return { state: 'incomplete', code: 'incomplete_zip' };
    return { state: 'invalid', code: 'invalid_zip' };
  }
  if (/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(v)) return { state: 'complete' };
  return { state: 'incomplete', code: 'incomplete_zip' };
}

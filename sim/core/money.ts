// Money rules of the simulated Stripe account: currencies, zero-decimal units, minimum and maximum charge
// amounts, card processing fees, and statement descriptors. Pure functions, no Node APIs.
//
// Sources: Stripe's docs "Supported currencies" (presentment currencies, zero-decimal list, minimum charge
// amounts table) and "Statement descriptors"; error wording as Stripe's API returns it.

/** Presentment currencies Stripe accepts for card payments, lowercase ISO 4217. */
export const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set([
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd',
  'bif', 'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc',
  'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf',
  'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod', 'jpy', 'kes', 'kgs', 'khr',
  'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt',
  'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'omr', 'pab', 'pen',
  'pgk', 'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp',
  'sle', 'sos', 'srd', 'std', 'szl', 'thb', 'tjs', 'tnd', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu',
  'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
]);

/** Currencies whose amounts are in whole units (no minor unit). */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);

/** Three-decimal currencies: Stripe requires their amounts to end in 0 (divisible by 10). */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Minimum charge amounts in the currency's smallest unit (Stripe's "Minimum and maximum charge amounts" table).
 * Currencies that are not in the table only need a positive amount here (Stripe converts them to the settlement
 * currency; the simulated account settles in the charge currency).
 */
export const MINIMUM_CHARGE_AMOUNTS: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30,
  hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300,
  sgd: 50, thb: 1000,
};

/** The largest amount Stripe accepts: eight digits. */
export const MAX_AMOUNT = 99_999_999;

const SYMBOLS: Readonly<Record<string, string>> = {
  usd: '$', aud: '$', cad: '$', nzd: '$', sgd: '$', hkd: '$', mxn: '$', brl: 'R$', eur: '€', gbp: '£', jpy: '¥',
  inr: '₹', chf: 'CHF ', sek: 'kr', nok: 'kr', dkk: 'kr', pln: 'zł', czk: 'Kč', huf: 'Ft', ron: 'lei', bgn: 'лв',
  aed: 'AED ', myr: 'RM', thb: '฿',
};

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL_CURRENCIES.has(currency);
}

/** Digits after the decimal point in amounts of this currency. */
export function currencyExponent(currency: string): number {
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(currency)) return 3;
  return 2;
}

/** Formats an amount in minor units the way Stripe's error messages do: "$0.50", "¥50", "$999,999.99". */
export function formatAmount(amount: number, currency: string): string {
  const exp = currencyExponent(currency);
  const major = Math.trunc(Math.abs(amount) / 10 ** exp);
  const minor = Math.abs(amount) % 10 ** exp;
  const grouped = String(major).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = exp === 0 ? grouped : `${grouped}.${String(minor).padStart(exp, '0')}`;
  const symbol = SYMBOLS[currency] ?? '';
  return `${amount < 0 ? '-' : ''}${symbol}${text}`;
}

/** A validation failure in Stripe's vocabulary; the resource layer turns it into an `invalid_request_error`. */
export interface MoneyError {
  code?: string;
  param: string;
  message: string;
}

/** Currency parameter check: lowercase (Stripe lowercases), supported. */
export function validateCurrency(raw: string, param = 'currency'): { currency: string } | { error: MoneyError } {
  const currency = raw.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(currency)) {
    return {
      error: {
        param,
        message: `Invalid currency: ${raw}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      },
    };
  }
  return { currency };
}

/** Charge amount check, as PaymentIntent create/update do it. */
export function validateChargeAmount(amount: number, currency: string, param = 'amount'): MoneyError | null {
  if (!Number.isInteger(amount)) {
    return { code: 'parameter_invalid_integer', param, message: 'Invalid integer: ' + String(amount) };
  }
  if (amount < 1) {
    return {
      code: 'parameter_invalid_integer',
      param,
      message:
        'The amount must be greater than or equal to the minimum charge amount allowed for your account and the ' +
        'currency set (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).  If you want to save ' +
        'a Payment Method for future use without an immediate payment, use a Setup Intent instead: ' +
        'https://docs.stripe.com/payments/setup-intents',
    };
  }
  const min = MINIMUM_CHARGE_AMOUNTS[currency];
  if (min !== undefined && amount < min) {
    return { code: 'amount_too_small', param, message: `Amount must be at least ${formatAmount(min, currency)} ${currency}` };
  }
  if (amount > MAX_AMOUNT) {
    return { code: 'amount_too_large', param, message: `Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}` };
  }
  if (THREE_DECIMAL_CURRENCIES.has(currency) && amount % 10 !== 0) {
    return {
      code: 'invalid_charge_amount',
      param,
      message: `Amounts in ${currency} must be divisible by 10 (the smallest unit Stripe can charge in ${currency} is 10).`,
    };
  }
  return null;
}

/** Fixed part of the card fee, in the currency's smallest unit (30 cents and local equivalents). */
const FIXED_FEE: Readonly<Record<string, number>> = {
  usd: 30, eur: 25, gbp: 20, cad: 30, aud: 30, nzd: 30, chf: 30, sgd: 50, hkd: 235, jpy: 40, mxn: 300, brl: 39,
  sek: 180, nok: 200, dkk: 180, pln: 100, czk: 650, huf: 8500, ron: 100, bgn: 50, inr: 300, myr: 100, thb: 1000,
  aed: 100,
};

/** Stripe's standard card price: 2.9% of the amount (rounded half up to the smallest unit) plus the fixed fee. */
export const CARD_FEE_PERCENT = 2.9;

export interface FeeBreakdown {
  fee: number;
  net: number;
  fee_details: Array<{ amount: number; application: null; currency: string; description: string; type: 'stripe_fee' }>;
}

/**
 * Fee of a card charge: $10.00 -> $0.59 fee, $9.41 net. In person (card_present, Terminal) Stripe's US price is
 * 2.7% + 5 cents ($10.00 -> $0.32); other currencies keep the online price (their in-person prices vary by country).
 */
export function cardFee(amount: number, currency: string, channel: 'online' | 'in_person' = 'online'): FeeBreakdown {
  const exp = currencyExponent(currency);
  const inPersonUsd = channel === 'in_person' && currency === 'usd';
  const fixed = inPersonUsd ? 5 : (FIXED_FEE[currency] ?? (exp === 0 ? 0 : 30 * 10 ** (exp - 2)));
  // Integer arithmetic: 2.9% = 29/1000 (2.7% = 27/1000 in person), rounded half up.
  const percent = Math.floor((amount * (inPersonUsd ? 27 : 29) + 500) / 1000);
  const fee = Math.min(amount, percent + fixed);
  return {
    fee,
    net: amount - fee,
    fee_details: [{ amount: fee, application: null, currency, description: 'Stripe processing fees', type: 'stripe_fee' }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Statement descriptors

/** The simulated account's shortened descriptor (prefix), used with `statement_descriptor_suffix`. */
export const DEFAULT_DESCRIPTOR_PREFIX = 'CHECKOUTKIT';
/** The simulated account's full statement descriptor. */
export const DEFAULT_STATEMENT_DESCRIPTOR = 'CHECKOUT-KIT TEST';

const FORBIDDEN_DESCRIPTOR_CHARS = /[<>\\'"*]/;
// Latin letters (basic and Latin-1/Extended-A accented), digits, spaces and common punctuation.
const LATIN_ONLY = /^[\x20-\x7E\u00C0-\u017F]*$/;

/**
 * Validates a `statement_descriptor` (full: 5 to 22 characters) or `statement_descriptor_suffix` (1 to 22, and
 * together with the prefix, "PREFIX* SUFFIX", within 22). Returns Stripe's message or null.
 */
export function validateStatementDescriptor(
  value: string,
  param: 'statement_descriptor' | 'statement_descriptor_suffix',
  prefix = DEFAULT_DESCRIPTOR_PREFIX,
): MoneyError | null {
  const full = param === 'statement_descriptor';
  if (full && value.length < 5) {
    return { param, message: `The statement descriptor must be at least 5 characters.` };
  }
  if (value.length > 22) {
    return { param, message: `The ${full ? 'statement descriptor' : 'statement descriptor suffix'} must be at most 22 characters.` };
  }
  if (!LATIN_ONLY.test(value)) {
    return { param, message: 'The statement descriptor must contain only Latin characters.' };
  }
  const bad = FORBIDDEN_DESCRIPTOR_CHARS.exec(value);
  if (bad) {
    return { param, message: `The statement descriptor contains one or more invalid characters: ${bad[0]}` };
  }
  if (!/[A-Za-z\u00C0-\u017F]/.test(value)) {
    return { param, message: 'The statement descriptor must contain at least one letter.' };
  }
  if (!full && calculatedDescriptor(prefix, value).length > 22) {
    return {
      param,
      message:
        `The statement descriptor suffix is too long: combined with your account's prefix "${prefix}" as ` +
        `"${prefix}* ${value}" it exceeds 22 characters.`,
    };
  }
  return null;
}

/** Message Stripe returns when `statement_descriptor` is sent on a card PaymentIntent. */
export const CARD_STATEMENT_DESCRIPTOR_MESSAGE =
  'The statement_descriptor parameter is not supported for the payment_method_type `card`. To continue supporting ' +
  'payment_method_type `card`, please pass in `statement_descriptor_suffix` or remove the `statement_descriptor` ' +
  'parameter altogether.';

/** The descriptor printed on card statements: "PREFIX* SUFFIX", or the account descriptor without a suffix. */
export function calculatedDescriptor(prefix: string, suffix: string | null | undefined): string {
  if (!suffix) return DEFAULT_STATEMENT_DESCRIPTOR;
  return `${prefix}* ${suffix}`.toUpperCase();
}

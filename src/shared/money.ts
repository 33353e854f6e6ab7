/**
 * Money formatting with Stripe's minor units.
 *
 * Stripe expresses every amount as an integer in the currency's smallest unit: `1099` USD is $10.99, `1099` JPY is
 * ¥1,099 (JPY is zero-decimal), `1990` KWD is 1.990 KWD (three-decimal). These helpers convert such amounts to
 * display strings through `Intl.NumberFormat` in the element's locale.
 *
 * @module
 */

/** Stripe's zero-decimal currencies: the amount is already in major units. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);

/** Stripe's three-decimal currencies (Stripe requires the last digit to be 0, e.g. 5.120 KWD is `5120`). */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set('bhd jod kwd omr tnd'.split(' '));

/**
 * Number of decimal places Stripe uses for a currency's minor unit: 0, 2 or 3.
 * Case-insensitive (`'JPY'` and `'jpy'` both give 0).
 */
export function currencyExponent(currency: string): 0 | 2 | 3 {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(c)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 3;
  return 2;
}

/** Converts a Stripe minor-unit amount to major units (`1099` USD -> `10.99`). */
export function toMajorUnits(minorUnits: number, currency: string): number {
  return minorUnits / 10 ** currencyExponent(currency);
}

/** Converts major units to a Stripe minor-unit integer (`10.99` USD -> `1099`), rounding half away from zero. */
export function toMinorUnits(majorUnits: number, currency: string): number {
  const scaled = majorUnits * 10 ** currencyExponent(currency);
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
}

/** True for a syntactically valid ISO 4217 code that `Intl` accepts (any case). */
export function isCurrencyCode(currency: unknown): currency is string {
  try {
    return /^[a-z]{3}$/i.test(currency as string) && !!formatter('en', currency as string);
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = locale + currency;
  let f = formatters.get(key);
  if (!f) {
    // Intl knows the currency's customary digits (ISK shows none, KWD three); never hide precision Stripe's unit
    // carries. Intl throws if its customary minimum exceeds Stripe's exponent: fall back to Intl's digits then.
    const options: Intl.NumberFormatOptions = { style: 'currency', currency };
    try {
      f = new Intl.NumberFormat(locale, { ...options, maximumFractionDigits: currencyExponent(currency) });
    } catch {
      f = new Intl.NumberFormat(locale, options);
    }
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats a Stripe minor-unit amount for display.
 *
 * ```ts
 * formatAmount(1099, 'usd', 'en-US'); // "$10.99"
 * formatAmount(1099, 'jpy', 'en-US'); // "¥1,099"
 * formatAmount(1099, 'usd', 'fr-FR'); // "10,99 $US"
 * formatAmount(1990, 'kwd', 'en-US'); // "KWD 1.990"
 * ```
 *
 * Never throws: an unknown currency or malformed locale falls back to `"10.99 XYZ"`-style output.
 *
 * @param minorUnits integer amount in the currency's smallest unit (Stripe's `amount`)
 * @param currency ISO 4217 code, lowercase as Stripe sends it or uppercase
 * @param locale BCP 47 tag, e.g. the element's resolved locale
 */
export function formatAmount(minorUnits: number, currency: string, locale: string): string {
  const major = toMajorUnits(minorUnits, currency);
  const code = currency.toUpperCase();
  try {
    return formatter(locale, code).format(major);
  } catch {
    return `${major.toFixed(currencyExponent(currency))} ${code}`;
  }
}

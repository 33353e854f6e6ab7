// What happens when a card is presented to a simulated Terminal reader: the test card table (shared with online
// payments through cardSpecFor), Interac test cards, and Terminal's amount-based test outcomes. Pure functions.
//
// Sources: Stripe's "Test Stripe Terminal" page (simulated test cards, Interac 4506445006931933, the decimal
// amounts .01 call_issuer, .05 generic_decline, .55 incorrect_pin, .65 withdrawal_count_limit_exceeded,
// .75 pin_try_exceeded) and "Collect card payments" (server-driven: failure_code `card_declined` with the decline
// message, `customer_canceled`, `terminal_reader_busy`, `intent_invalid_state`).

import { cardSpecFor, DECLINE_MESSAGES, detectBrand, fingerprint, luhnValid, normalizeNumber, type CardDecline } from '../cards.ts';
import { currencyExponent } from '../money.ts';

/** The card numbers a simulated reader reads when none is given. */
export const DEFAULT_CARD_PRESENT_NUMBER = '4242424242424242';
export const DEFAULT_INTERAC_NUMBER = '4506445006931933';

/** Interac test cards (Canada). */
export const INTERAC_TEST_CARDS: Readonly<Record<string, { funding: 'debit'; country: 'CA' }>> = {
  '4506445006931933': { funding: 'debit', country: 'CA' },
};

/**
 * Terminal's test cards for specific success cases ("Test Stripe Terminal"): the cardholder enters a PIN and the
 * payment succeeds with the receipt's `cardholder_verification_method` set accordingly. The SCA retry cards first
 * fail contactless, then the card is inserted (offline PIN) or the online PIN entered.
 */
export const PIN_TEST_CARDS: Readonly<Record<string, { cvm: 'offline_pin' | 'online_pin'; read_method: ReadMethod }>> = {
  '4001007020000002': { cvm: 'offline_pin', read_method: 'contact_emv' },
  '4000008260000075': { cvm: 'offline_pin', read_method: 'contact_emv' },
  '4001000360000005': { cvm: 'online_pin', read_method: 'contactless_emv' },
  '4000002760000008': { cvm: 'online_pin', read_method: 'contactless_emv' },
};

/** eftpos Australia test cards (debit; co-branded with Visa or Mastercard). */
export const EFTPOS_TEST_CARDS: Readonly<Record<string, { network: string }>> = {
  '6280000360000978': { network: 'eftpos_au' },
  '4000050360000001': { network: 'visa' },
  '5555050360000080': { network: 'mastercard' },
};

/** Declines a reader produces for amounts ending in these minor units (the last two digits). */
export const AMOUNT_OUTCOMES: Readonly<Record<number, CardDecline>> = {
  1: { code: 'card_declined', decline_code: 'call_issuer', message: DECLINE_MESSAGES.generic, advice_code: 'try_again_later' },
  5: { code: 'card_declined', decline_code: 'generic_decline', message: DECLINE_MESSAGES.generic, advice_code: 'try_again_later' },
  55: { code: 'card_declined', decline_code: 'incorrect_pin', message: 'The PIN entered is incorrect.', advice_code: 'try_again_later' },
  65: {
    code: 'card_declined', decline_code: 'withdrawal_count_limit_exceeded',
    message: 'The customer has exceeded the balance or credit limit available on their card.', advice_code: 'try_again_later',
  },
  75: { code: 'card_declined', decline_code: 'pin_try_exceeded', message: 'The allowable number of PIN tries was exceeded.', advice_code: 'do_not_try_again' },
};

/** How the reader read the card: Stripe's `read_method` values. */
export type ReadMethod = 'contactless_emv' | 'contact_emv' | 'contactless_magstripe_mode' | 'magnetic_stripe_fallback' | 'magnetic_stripe_track2';

export interface PresentedCard {
  type: 'card_present' | 'interac_present';
  number: string;
  brand: string;
  funding: string;
  country: string;
  last4: string;
  fingerprint: string;
  exp_month: number;
  exp_year: number;
  read_method: ReadMethod;
  /** How the cardholder was verified (the receipt's cardholder_verification_method). */
  cvm: 'none' | 'offline_pin' | 'online_pin';
}

export interface PresentError {
  message: string;
  param: string;
  code?: string;
}

/**
 * Reads the card a `present_payment_method` call describes. Returns an error for numbers that are not card
 * numbers (wrong length or Luhn), and the card otherwise (live numbers are read, then declined by `declineFor`).
 */
export function readCard(
  type: 'card_present' | 'interac_present', rawNumber: string | undefined, nowMs: number, readMethod: ReadMethod = 'contactless_emv',
): PresentedCard | PresentError {
  const param = `${type}[number]`;
  const number = rawNumber === undefined ? (type === 'interac_present' ? DEFAULT_INTERAC_NUMBER : DEFAULT_CARD_PRESENT_NUMBER) : normalizeNumber(rawNumber);
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    return { message: 'Your card number is incorrect.', param, code: 'incorrect_number' };
  }
  const year = new Date(nowMs).getUTCFullYear() + 4;
  if (type === 'interac_present') {
    const interac = INTERAC_TEST_CARDS[number];
    return {
      type, number, brand: 'interac', funding: 'debit', country: interac?.country ?? 'CA', last4: number.slice(-4),
      fingerprint: fingerprint(number), exp_month: 12, exp_year: year, read_method: readMethod, cvm: 'online_pin',
    };
  }
  if (INTERAC_TEST_CARDS[number]) {
    return { message: 'This is an Interac card: present it with type interac_present.', param: 'type' };
  }
  const pin = PIN_TEST_CARDS[number];
  if (pin) {
    return {
      type, number, brand: 'visa', funding: 'credit', country: 'US', last4: number.slice(-4),
      fingerprint: fingerprint(number), exp_month: 12, exp_year: year, read_method: pin.read_method, cvm: pin.cvm,
    };
  }
  const eftpos = EFTPOS_TEST_CARDS[number];
  if (eftpos) {
    return {
      type, number, brand: 'eftpos_au', funding: 'debit', country: 'AU', last4: number.slice(-4),
      fingerprint: fingerprint(number), exp_month: 12, exp_year: year, read_method: readMethod, cvm: 'none',
    };
  }
  const spec = cardSpecFor(number);
  const brand = spec.brand === 'unknown' ? detectBrand(number) : spec.brand;
  return {
    type, number, brand, funding: spec.funding, country: spec.country, last4: number.slice(-4),
    fingerprint: fingerprint(number), exp_month: 12, exp_year: year, read_method: readMethod, cvm: 'none',
  };
}

/** The minor units that decide amount-based outcomes: the last two digits of the amount in minor units. */
export function amountCents(amount: number, currency: string): number {
  // Zero-decimal currencies have no cents: amounts decide nothing there.
  if (currencyExponent(currency) === 0) return 0;
  return amount % 100;
}

/**
 * The decline for a payment of `amount` (tip included: the amount the reader authorises) with `card`, or null when
 * the issuer approves. Declining test cards decline whatever the amount; card-not-present checks (CVC, postal
 * code) do not apply to a card read by a reader.
 */
export function declineFor(card: PresentedCard, amount: number, currency: string): CardDecline | null {
  if (card.type === 'card_present' && !PIN_TEST_CARDS[card.number] && !EFTPOS_TEST_CARDS[card.number]) {
    const spec = cardSpecFor(card.number);
    const d = spec.chargeDecline;
    if (d && d.code !== 'incorrect_cvc' && d.code !== 'incorrect_zip') return d;
  }
  return AMOUNT_OUTCOMES[amountCents(amount, currency)] ?? null;
}

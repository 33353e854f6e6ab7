// Test cards of Stripe's test mode: number validation (brand by prefix, length, Luhn, expiry, CVC), the test card
// table (what each card does when attached, authenticated or charged) and the `pm_card_*` / `tok_*` test ids.
// Pure functions, no Node APIs. Source: Stripe's docs "Testing" page (cards by brand, declined payments, fraud
// prevention, invalid data, 3D Secure authentication, regulatory cards) and messages as the API returns them.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';
export type CardFunding = 'credit' | 'debit' | 'prepaid' | 'unknown';

/** A card failure in Stripe's vocabulary (always a 402 `card_error`). */
export interface CardDecline {
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
  advice_code?: string;
}

/**
 * The `last_payment_error` / `last_setup_error` a decline leaves on an intent, keys in Stripe's (alphabetical) order.
 * `paymentMethod` is the full PaymentMethod object, as Stripe embeds it.
 */
export function intentErrorOf(
  decline: CardDecline,
  paymentMethod: unknown,
  opts: { type: 'card_error' | 'invalid_request_error'; charge?: string | null; paymentMethodType?: string },
): Record<string, unknown> {
  const err: Record<string, unknown> = {};
  if (decline.advice_code) err.advice_code = decline.advice_code;
  if (opts.charge) err.charge = opts.charge;
  err.code = decline.code;
  if (decline.decline_code) err.decline_code = decline.decline_code;
  err.doc_url = `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`;
  err.message = decline.message;
  if (decline.param) err.param = decline.param;
  err.payment_method = paymentMethod;
  err.payment_method_type = opts.paymentMethodType ?? 'card';
  err.type = opts.type;
  return err;
}

export const DECLINE_MESSAGES = {
  generic: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  incorrect_number: 'Your card number is incorrect.',
  invalid_number: 'Your card number is invalid.',
  invalid_expiry_month: "Your card's expiration month is invalid.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_cvc: "Your card's security code is invalid.",
  velocity: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  live_card_in_test_mode:
    'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid ' +
    'test cards, visit: https://stripe.com/docs/testing.',
  authentication_required: 'Your card was declined. This transaction requires authentication.',
} as const;

export const DECLINES = {
  generic: { code: 'card_declined', decline_code: 'generic_decline', message: DECLINE_MESSAGES.generic, advice_code: 'try_again_later' },
  insufficient_funds: { code: 'card_declined', decline_code: 'insufficient_funds', message: DECLINE_MESSAGES.insufficient_funds, advice_code: 'try_again_later' },
  lost_card: { code: 'card_declined', decline_code: 'lost_card', message: DECLINE_MESSAGES.generic, advice_code: 'do_not_try_again' },
  stolen_card: { code: 'card_declined', decline_code: 'stolen_card', message: DECLINE_MESSAGES.generic, advice_code: 'do_not_try_again' },
  expired_card: { code: 'expired_card', decline_code: 'expired_card', message: DECLINE_MESSAGES.expired_card, param: 'exp_month', advice_code: 'confirm_card_data' },
  incorrect_cvc: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: DECLINE_MESSAGES.incorrect_cvc, param: 'cvc', advice_code: 'confirm_card_data' },
  processing_error: { code: 'processing_error', decline_code: 'processing_error', message: DECLINE_MESSAGES.processing_error, advice_code: 'try_again_later' },
  velocity: { code: 'card_declined', decline_code: 'card_velocity_exceeded', message: DECLINE_MESSAGES.velocity, advice_code: 'try_again_later' },
  fraudulent: { code: 'card_declined', decline_code: 'fraudulent', message: DECLINE_MESSAGES.generic },
  live_card: { code: 'card_declined', decline_code: 'test_mode_live_card', message: DECLINE_MESSAGES.live_card_in_test_mode },
  authentication_required: { code: 'authentication_required', decline_code: 'authentication_required', message: DECLINE_MESSAGES.authentication_required },
} satisfies Record<string, CardDecline>;

/**
 * How a card behaves with 3D Secure.
 * - `none`: 3DS not supported; never challenged, even when requested.
 * - `supported`: challenged only when `request_three_d_secure` is `any` or `challenge`.
 * - `required`: every on-session payment is challenged; off-session payments decline `authentication_required`.
 * - `required_unless_setup`: like `required`, but off-session payments succeed once the card was set up (a
 *   SetupIntent authenticated it) for off-session use (4000002500003155).
 * - `required_on_session`: on-session payments are challenged; off-session payments succeed (4000003800000446).
 * - `always`: every payment and setup is challenged, including off-session ones, which decline (4000002760003184).
 */
export type ThreeDSecure = 'none' | 'supported' | 'required' | 'required_unless_setup' | 'required_on_session' | 'always';

/** Radar's view of the payment. */
export type RiskOutcome = 'normal' | 'elevated' | 'highest' | 'blocked';

export interface TestCardSpec {
  brand: CardBrand;
  funding: CardFunding;
  country: string;
  /** Outcome of a charge (after any authentication): null succeeds. */
  chargeDecline: CardDecline | null;
  /** Attaching to a customer or setting up fails with this decline (issuer-declining cards do). */
  attachDecline: CardDecline | null;
  threeDSecure: ThreeDSecure;
  /** Authentication itself fails for this card (the challenge page can only fail it). */
  authenticationFails?: boolean;
  /** SetupIntents with this card need authentication (4000002500003155 and 4000002760003184). */
  setupRequiresAuthentication?: boolean;
  risk?: RiskOutcome;
  checks?: { address_line1_check?: CheckResult; address_postal_code_check?: CheckResult; cvc_check?: CheckResult };
  /** Funds are available immediately (bypass pending balance). */
  bypassPending?: boolean;
  /** Refunds start as succeeded and fail shortly after (4000000000005126). */
  refundFails?: boolean;
  /**
   * Once the payment is captured the cardholder disputes it (Stripe's testing docs, "Disputes"): a chargeback
   * (`needs_response`) or an inquiry (`warning_needs_response`) with this reason, or only an early fraud warning
   * (4000000000005423). Handled by sim/core/resources/disputes.ts.
   */
  dispute?: TestCardDispute;
}

export interface TestCardDispute {
  kind: 'chargeback' | 'inquiry' | 'early_fraud_warning';
  /** Dispute `reason` (for an early fraud warning, its `fraud_type`). */
  reason: string;
  /** The card network's reason code (`network_reason_code`): Visa's 10.4 fraud, 13.1 merchandise not received. */
  networkReasonCode: string;
}

export type CheckResult = 'pass' | 'fail' | 'unavailable' | 'unchecked' | null;

const ok = (brand: CardBrand, funding: CardFunding = 'credit', country = 'US', threeDSecure: ThreeDSecure = 'supported'): TestCardSpec => ({
  brand, funding, country, chargeDecline: null, attachDecline: null, threeDSecure,
});
const declining = (decline: CardDecline, attach = true): TestCardSpec => ({
  ...ok('visa'), chargeDecline: decline, attachDecline: attach ? decline : null,
});

/** Every test card number the simulator knows, keyed by number. */
export const TEST_CARDS: Readonly<Record<string, TestCardSpec>> = {
  // Cards by brand
  '4242424242424242': ok('visa'),
  '4000056655665556': ok('visa', 'debit'),
  '5555555555554444': ok('mastercard'),
  '2223003122003222': ok('mastercard'),
  '5200828282828210': ok('mastercard', 'debit'),
  '5105105105105100': ok('mastercard', 'prepaid'),
  '378282246310005': ok('amex', 'credit', 'US', 'none'),
  '371449635398431': ok('amex'),
  '6011111111111117': ok('discover'),
  '6011000990139424': ok('discover'),
  '6011981111111113': ok('discover', 'debit'),
  '3056930009020004': ok('diners'),
  '36227206271667': ok('diners'),
  '3566002020360505': ok('jcb', 'credit', 'JP'),
  '6200000000000005': ok('unionpay', 'credit', 'CN'),
  '6200000000000047': ok('unionpay', 'debit', 'CN'),
  '6205500000000000004': ok('unionpay', 'credit', 'CN'),
  // Cards by country (a selection)
  '4000000760000002': ok('visa', 'credit', 'BR'),
  '4000001240000000': ok('visa', 'credit', 'CA'),
  '4000004840008001': ok('visa', 'credit', 'MX'),
  '4000000400000008': ok('visa', 'credit', 'AT'),
  '4000000560000004': ok('visa', 'credit', 'BE'),
  '4000002080000001': ok('visa', 'credit', 'DK'),
  '4000002460000001': ok('visa', 'credit', 'FI'),
  '4000002500000003': ok('visa', 'credit', 'FR'),
  '4000002760000016': ok('visa', 'credit', 'DE'),
  '4000003720000005': ok('visa', 'credit', 'IE'),
  '4000003800000008': ok('visa', 'credit', 'IT'),
  '4000005280000002': ok('visa', 'credit', 'NL'),
  '4000007240000007': ok('visa', 'credit', 'ES'),
  '4000007520000008': ok('visa', 'credit', 'SE'),
  '4000007560000009': ok('visa', 'credit', 'CH'),
  '4000008260000000': ok('visa', 'credit', 'GB'),
  '4000058260000005': ok('visa', 'debit', 'GB'),
  '5555558265554449': ok('mastercard', 'credit', 'GB'),
  '4000000360000006': ok('visa', 'credit', 'AU'),
  '4000003440000004': ok('visa', 'credit', 'HK'),
  '4000003920000003': ok('visa', 'credit', 'JP'),
  '4000007020000003': ok('visa', 'credit', 'SG'),
  '4000005540000008': ok('visa', 'credit', 'NZ'),
  // Declined payments
  '4000000000000002': declining(DECLINES.generic),
  '4000000000009995': declining(DECLINES.insufficient_funds),
  '4000000000009987': declining(DECLINES.lost_card),
  '4000000000009979': declining(DECLINES.stolen_card),
  '4000000000000069': declining(DECLINES.expired_card),
  '4000000000000127': declining(DECLINES.incorrect_cvc),
  '4000000000000119': declining(DECLINES.processing_error),
  '4000000000006975': declining(DECLINES.velocity),
  // Attaching succeeds, charging fails.
  '4000000000000341': declining(DECLINES.generic, false),
  // Fraud prevention
  '4100000000000019': { ...declining(DECLINES.fraudulent), risk: 'blocked' },
  '4000000000004954': { ...declining(DECLINES.fraudulent), risk: 'highest' },
  '4000000000009235': { ...ok('visa'), risk: 'elevated' },
  '4000000000000101': { ...declining(DECLINES.incorrect_cvc, false), checks: { cvc_check: 'fail' } },
  '4000000000000036': { ...ok('visa'), checks: { address_postal_code_check: 'fail', address_line1_check: 'pass' } },
  '4000000000000028': { ...ok('visa'), checks: { address_line1_check: 'fail', address_postal_code_check: 'pass' } },
  '4000000000000010': { ...ok('visa'), checks: { address_line1_check: 'fail', address_postal_code_check: 'fail' } },
  '4000000000000044': { ...ok('visa'), checks: { address_line1_check: 'unavailable', address_postal_code_check: 'unavailable' } },
  // Available balance
  '4000000000000077': { ...ok('visa'), bypassPending: true },
  '4000003720000278': { ...ok('visa', 'credit', 'IE'), bypassPending: true },
  // Disputes and refunds: the payment itself succeeds
  '4000000000000259': { ...ok('visa'), dispute: { kind: 'chargeback', reason: 'fraudulent', networkReasonCode: '10.4' } },
  '4000000000002685': { ...ok('visa'), dispute: { kind: 'chargeback', reason: 'product_not_received', networkReasonCode: '13.1' } },
  '4000000000001976': { ...ok('visa'), dispute: { kind: 'inquiry', reason: 'general', networkReasonCode: '10.4' } },
  '4000000000005423': { ...ok('visa'), dispute: { kind: 'early_fraud_warning', reason: 'made_with_stolen_card', networkReasonCode: '10.4' } },
  // Multiple disputes (Stripe's current number; not simulated beyond the first dispute)
  '4000000404000079': { ...ok('visa'), dispute: { kind: 'chargeback', reason: 'fraudulent', networkReasonCode: '10.4' } },
  '4000000000007726': ok('visa'),
  '4000000000005126': { ...ok('visa'), refundFails: true },
  // Regulatory (SCA) cards
  '4000002500003155': { ...ok('visa', 'credit', 'FR', 'required_unless_setup'), setupRequiresAuthentication: true },
  '4000002760003184': { ...ok('visa', 'credit', 'DE', 'always'), setupRequiresAuthentication: true },
  '4000003800000446': { ...ok('visa', 'credit', 'IT', 'required_on_session') },
  '4000008260003178': { ...ok('visa', 'credit', 'GB', 'required_unless_setup'), chargeDecline: DECLINES.insufficient_funds },
  // 3D Secure cards
  '4000000000003220': ok('visa', 'credit', 'US', 'required'),
  '4000000000003063': ok('visa', 'credit', 'US', 'required'),
  '4000008400001629': { ...ok('visa', 'credit', 'US', 'required'), chargeDecline: DECLINES.generic },
  '4000008400001280': { ...ok('visa', 'credit', 'US', 'required'), chargeDecline: DECLINES.generic },
  '4000000000003055': ok('visa', 'credit', 'US', 'supported'),
  '4000000000003097': { ...ok('visa', 'credit', 'US', 'required'), authenticationFails: true },
  '4000000000003238': ok('visa', 'credit', 'US', 'required'),
};

/** `pm_card_*` and `tok_*` test ids and the card number each stands for. */
export const TEST_PAYMENT_METHOD_IDS: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_us: '4242424242424242',
  pm_card_br: '4000000760000002',
  pm_card_ca: '4000001240000000',
  pm_card_mx: '4000004840008001',
  pm_card_at: '4000000400000008',
  pm_card_be: '4000000560000004',
  pm_card_dk: '4000002080000001',
  pm_card_fi: '4000002460000001',
  pm_card_fr: '4000002500000003',
  pm_card_de: '4000002760000016',
  pm_card_ie: '4000003720000005',
  pm_card_it: '4000003800000008',
  pm_card_nl: '4000005280000002',
  pm_card_es: '4000007240000007',
  pm_card_se: '4000007520000008',
  pm_card_ch: '4000007560000009',
  pm_card_gb: '4000008260000000',
  pm_card_gb_debit: '4000058260000005',
  pm_card_gb_mastercard: '5555558265554449',
  pm_card_au: '4000000360000006',
  pm_card_hk: '4000003440000004',
  pm_card_jp: '4000003920000003',
  pm_card_sg: '4000007020000003',
  pm_card_nz: '4000005540000008',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_visa_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_visa_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_radarBlock: '4100000000000019',
  pm_card_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_visa_chargeDeclinedFraudulent: '4100000000000019',
  pm_card_riskLevelHighest: '4000000000004954',
  pm_card_riskLevelElevated: '4000000000009235',
  pm_card_cvcCheckFail: '4000000000000101',
  pm_card_avsZipFail: '4000000000000036',
  pm_card_avsLine1Fail: '4000000000000028',
  pm_card_avsFail: '4000000000000010',
  pm_card_avsUnchecked: '4000000000000044',
  pm_card_bypassPending: '4000000000000077',
  pm_card_bypassPendingInternational: '4000003720000278',
  pm_card_createDispute: '4000000000000259',
  pm_card_createDisputeProductNotReceived: '4000000000002685',
  pm_card_createDisputeInquiry: '4000000000001976',
  pm_card_createMultipleDisputes: '4000000404000079',
  pm_card_createIssuerFraudRecord: '4000000000005423',
  pm_card_refundFail: '4000000000005126',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredSetupForOffSession: '4000003800000446',
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequired: '4000000000003063',
  pm_card_threeDSecureRequiredChargeDeclined: '4000008400001629',
  pm_card_threeDSecureOptional: '4000000000003055',
  pm_card_threeDSecureRequiredProcessingError: '4000000000003097',
  pm_card_amex_threeDSecureNotSupported: '378282246310005',
  tok_visa: '4242424242424242',
  tok_visa_debit: '4000056655665556',
  tok_mastercard: '5555555555554444',
  tok_mastercard_debit: '5200828282828210',
  tok_mastercard_prepaid: '5105105105105100',
  tok_amex: '378282246310005',
  tok_discover: '6011111111111117',
  tok_diners: '3056930009020004',
  tok_jcb: '3566002020360505',
  tok_unionpay: '6200000000000005',
  tok_bypassPending: '4000000000000077',
  tok_visa_chargeDeclined: '4000000000000002',
  tok_chargeDeclined: '4000000000000002',
  tok_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  tok_chargeDeclinedInsufficientFunds: '4000000000009995',
  tok_visa_chargeDeclinedLostCard: '4000000000009987',
  tok_visa_chargeDeclinedStolenCard: '4000000000009979',
  tok_chargeDeclinedExpiredCard: '4000000000000069',
  tok_chargeDeclinedIncorrectCvc: '4000000000000127',
  tok_chargeDeclinedProcessingError: '4000000000000119',
  tok_chargeCustomerFail: '4000000000000341',
  tok_radarBlock: '4100000000000019',
  tok_riskLevelHighest: '4000000000004954',
  tok_riskLevelElevated: '4000000000009235',
  tok_cvcCheckFail: '4000000000000101',
  tok_threeDSecure2Required: '4000000000003220',
  tok_threeDSecureRequired: '4000000000003063',
  tok_authenticationRequired: '4000002760003184',
  tok_authenticationRequiredOnSetup: '4000002500003155',
};

export function testIdNumber(id: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(TEST_PAYMENT_METHOD_IDS, id) ? TEST_PAYMENT_METHOD_IDS[id] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Number validation

interface BrandRule {
  brand: Exclude<CardBrand, 'unknown'>;
  test: (n: string) => boolean;
  lengths: readonly number[];
  cvcLength: number;
}

const between = (n: string, digits: number, lo: number, hi: number): boolean => {
  const v = Number(n.slice(0, digits));
  return n.length >= digits && v >= lo && v <= hi;
};

/** Order matters: the first matching rule names the brand. */
const BRAND_RULES: readonly BrandRule[] = [
  { brand: 'amex', test: (n) => /^3[47]/.test(n), lengths: [15], cvcLength: 4 },
  { brand: 'diners', test: (n) => /^3(0[0-59]|[689])/.test(n), lengths: [14, 15, 16, 17, 18, 19], cvcLength: 3 },
  { brand: 'jcb', test: (n) => between(n, 4, 3528, 3589), lengths: [16, 17, 18, 19], cvcLength: 3 },
  { brand: 'visa', test: (n) => /^4/.test(n), lengths: [13, 16, 19], cvcLength: 3 },
  { brand: 'mastercard', test: (n) => between(n, 2, 51, 55) || between(n, 4, 2221, 2720), lengths: [16], cvcLength: 3 },
  { brand: 'unionpay', test: (n) => /^(62|81)/.test(n), lengths: [13, 14, 15, 16, 17, 18, 19], cvcLength: 3 },
  { brand: 'discover', test: (n) => /^(6011|64[4-9]|65)/.test(n), lengths: [16, 17, 18, 19], cvcLength: 3 },
];

export function detectBrand(number: string): CardBrand {
  return BRAND_RULES.find((r) => r.test(number))?.brand ?? 'unknown';
}

export function luhnValid(number: string): boolean {
  if (!/^\d+$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cvcLengthFor(brand: CardBrand): number {
  return BRAND_RULES.find((r) => r.brand === brand)?.cvcLength ?? 3;
}

/** Strips the spaces and dashes people type; anything else stays and fails validation. */
export function normalizeNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

/** The card number check of PaymentMethod creation: digits, known brand length, Luhn. */
export function validateNumber(raw: string): CardDecline | null {
  const number = normalizeNumber(raw);
  if (!/^\d{12,19}$/.test(number)) {
    return { code: 'invalid_number', message: DECLINE_MESSAGES.invalid_number, param: 'number' };
  }
  const rule = BRAND_RULES.find((r) => r.test(number));
  if (rule && !rule.lengths.includes(number.length)) {
    return { code: 'invalid_number', message: DECLINE_MESSAGES.invalid_number, param: 'number' };
  }
  if (!luhnValid(number)) {
    return { code: 'incorrect_number', message: DECLINE_MESSAGES.incorrect_number, param: 'number' };
  }
  return null;
}

/** Expiry check against `now`: month 1..12, not in the past, year at most 50 years ahead. Two-digit years are 20xx. */
export function validateExpiry(expMonth: number, expYear: number, now: Date): CardDecline | null {
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
    return { code: 'invalid_expiry_month', message: DECLINE_MESSAGES.invalid_expiry_month, param: 'exp_month' };
  }
  const year = normalizeExpYear(expYear);
  const thisYear = now.getUTCFullYear();
  if (!Number.isInteger(year) || year < thisYear || year > thisYear + 50) {
    return { code: 'invalid_expiry_year', message: DECLINE_MESSAGES.invalid_expiry_year, param: 'exp_year' };
  }
  if (year === thisYear && expMonth < now.getUTCMonth() + 1) {
    return { code: 'invalid_expiry_month', message: DECLINE_MESSAGES.invalid_expiry_month, param: 'exp_month' };
  }
  return null;
}

export function normalizeExpYear(expYear: number): number {
  return expYear >= 0 && expYear < 100 ? 2000 + expYear : expYear;
}

/** CVC check: digits only, 3 digits (4 for Amex). An absent CVC is allowed (Stripe leaves cvc_check null). */
export function validateCvc(cvc: string | undefined, brand: CardBrand): CardDecline | null {
  if (cvc === undefined || cvc === '') return null;
  const len = cvcLengthFor(brand);
  if (!/^\d+$/.test(cvc) || cvc.length !== len) {
    return { code: 'invalid_cvc', message: DECLINE_MESSAGES.invalid_cvc, param: 'cvc' };
  }
  return null;
}

/**
 * The behaviour of a number in test mode. Known test cards come from the table; any other valid number is a real
 * card, which test mode declines (`test_mode_live_card`).
 */
export function cardSpecFor(number: string): TestCardSpec {
  const known = TEST_CARDS[number];
  if (known) return known;
  const brand = detectBrand(number);
  return {
    brand,
    funding: 'unknown',
    country: 'US',
    chargeDecline: DECLINES.live_card,
    attachDecline: DECLINES.live_card,
    threeDSecure: 'supported',
  };
}

export function isTestCardNumber(number: string): boolean {
  return Object.prototype.hasOwnProperty.call(TEST_CARDS, number);
}

/**
 * A stable, opaque 16-character fingerprint per card number (the same number always gives the same value, as on
 * Stripe). FNV-1a over the digits, twice with different seeds, in base 62.
 */
export function fingerprint(number: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193 ^ 0x5bd1e995]) {
    let h = seed >>> 0;
    const input = `ck-fp:${number}`;
    for (let i = 0; i < input.length; i++) {
      h ^= input.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    for (let i = 0; i < 8; i++) {
      out += alphabet[h % 62];
      h = Math.floor(h / 62) ^ Math.imul(h, 2654435761) >>> 0;
      h >>>= 0;
    }
  }
  return out;
}

/** The `card` hash of a card PaymentMethod, typed as the SDK's `PaymentMethod.Card`. */
export interface CardDetails {
  brand: string;
  checks: { address_line1_check: string | null; address_postal_code_check: string | null; cvc_check: string | null };
  country: string | null;
  display_brand: string | null;
  exp_month: number;
  exp_year: number;
  fingerprint: string | null;
  funding: string;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null } | null;
  regulated_status: 'regulated' | 'unregulated' | null;
  three_d_secure_usage: { supported: boolean } | null;
  wallet: null;
}

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
  hasAddressLine1?: boolean;
  hasPostalCode?: boolean;
}

/** `display_brand` values (Stripe's spelling differs from `brand` for some networks). */
const DISPLAY_BRANDS: Partial<Record<CardBrand, string>> = {
  visa: 'visa', mastercard: 'mastercard', amex: 'american_express', discover: 'discover', diners: 'diners_club',
  jcb: 'jcb', unionpay: 'union_pay',
};

/** `brand` of the legacy Card object (tokens, charge `source`): Stripe capitalises it, unlike PaymentMethods. */
export const LEGACY_BRAND_NAMES: Readonly<Record<CardBrand, string>> = {
  visa: 'Visa', mastercard: 'MasterCard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club',
  jcb: 'JCB', unionpay: 'UnionPay', unknown: 'Unknown',
};

export function cardDetails(input: CardInput): CardDetails {
  const spec = cardSpecFor(input.number);
  const brand = spec.brand === 'unknown' ? detectBrand(input.number) : spec.brand;
  const c = spec.checks ?? {};
  const cvcGiven = input.cvc !== undefined && input.cvc !== '';
  return {
    brand,
    checks: {
      address_line1_check: input.hasAddressLine1 ? (c.address_line1_check ?? 'unchecked') : null,
      address_postal_code_check: input.hasPostalCode ? (c.address_postal_code_check ?? 'unchecked') : null,
      cvc_check: cvcGiven ? 'unchecked' : null,
    },
    country: spec.country,
    display_brand: DISPLAY_BRANDS[brand] ?? 'other',
    exp_month: input.exp_month,
    exp_year: normalizeExpYear(input.exp_year),
    fingerprint: fingerprint(input.number),
    funding: spec.funding,
    generated_from: null,
    last4: input.number.slice(-4),
    networks: { available: [brand], preferred: null },
    regulated_status: spec.funding === 'debit' ? 'unregulated' : null,
    three_d_secure_usage: { supported: spec.threeDSecure !== 'none' },
    wallet: null,
  };
}

/** Checks once a charge ran: a provided CVC passes unless the card fails it; address checks likewise. */
export function checksAfterCharge(number: string, before: CardDetails['checks']): CardDetails['checks'] {
  const c = cardSpecFor(number).checks ?? {};
  return {
    address_line1_check: checkAfterCharge(before.address_line1_check, c.address_line1_check),
    address_postal_code_check: checkAfterCharge(before.address_postal_code_check, c.address_postal_code_check),
    cvc_check: checkAfterCharge(before.cvc_check, c.cvc_check),
  };
}

/** One check once a charge ran: not provided stays null, else the card's forced result or a pass (module level: no closure per call). */
function checkAfterCharge(v: string | null, forced: CheckResult | undefined): string | null {
  return v === null ? null : (forced ?? 'pass');
}

/**
 * Whether a payment with this card must go through 3D Secure first.
 * `setUpForOffSession` is true once a SetupIntent (or an authenticated on-session payment with
 * `setup_future_usage`) prepared the card for off-session use.
 */
export type AuthenticationNeed = 'none' | 'challenge' | 'decline';

export function authenticationNeed(
  spec: TestCardSpec,
  opts: { offSession: boolean; requestThreeDSecure: 'automatic' | 'any' | 'challenge'; setUpForOffSession: boolean },
): AuthenticationNeed {
  const { offSession, requestThreeDSecure, setUpForOffSession } = opts;
  switch (spec.threeDSecure) {
    case 'none':
      return 'none';
    case 'supported':
      if (offSession) return 'none';
      return requestThreeDSecure === 'automatic' ? 'none' : 'challenge';
    case 'required':
      return offSession ? 'decline' : 'challenge';
    case 'required_unless_setup':
      if (offSession) return setUpForOffSession ? 'none' : 'decline';
      return 'challenge';
    case 'required_on_session':
      return offSession ? 'none' : 'challenge';
    case 'always':
      return offSession ? 'decline' : 'challenge';
  }
}

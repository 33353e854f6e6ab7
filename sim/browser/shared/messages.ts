// The simulator's own message catalogue for what it renders in browsers (card fields, the 3D Secure dialog).
// English and French, like Stripe.js's `locale` option: 'auto' follows the browser.

export type SimLocale = 'en' | 'fr';

const en = {
  cardNumber: 'Card number',
  expiry: 'Expiration date',
  cvc: 'Security code',
  postal: 'Postal code',
  zip: 'ZIP',
  country: 'Country',
  card: 'Card',
  expiryPlaceholder: 'MM / YY',
  cvcPlaceholder: 'CVC',
  brand: 'Card brand: {brand}',
  secureNote: 'Card details are entered on the payment provider’s page.',
  incomplete_number: 'Your card number is incomplete.',
  invalid_number: 'Your card number is invalid.',
  incomplete_expiry: "Your card's expiration date is incomplete.",
  invalid_expiry_month: "Your card's expiration month is invalid.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_expiry_month_past: "Your card's expiration date is in the past.",
  invalid_expiry_year_past: "Your card's expiration year is in the past.",
  incomplete_cvc: "Your card's security code is incomplete.",
  incomplete_zip: 'Your postal code is incomplete.',
  invalid_zip: 'Your postal code is invalid.',
  dialogTitle: 'Authenticate your payment',
  dialogDescription: 'Your bank asks you to confirm this payment.',
  dialogCancel: 'Cancel',
  dialogFrameTitle: '3D Secure authentication',
  cardFrameTitle: 'Secure card payment input frame',
  paymentFrameTitle: 'Secure payment input frame',
  // Card errors from confirmations, keyed by Stripe's decline_code / code: Stripe.js returns them in its locale.
  err_card_declined: 'Your card was declined.',
  err_insufficient_funds: 'Your card has insufficient funds.',
  err_expired_card: 'Your card has expired.',
  err_incorrect_cvc: "Your card's security code is incorrect.",
  err_invalid_cvc: "Your card's security code is invalid.",
  err_incorrect_number: 'Your card number is incorrect.',
  err_processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  err_card_velocity_exceeded: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  err_authentication_required: 'Your card was declined. This transaction requires authentication.',
  err_authentication_failure:
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  err_test_mode_live_card:
    'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
};

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  cardNumber: 'Numéro de carte',
  expiry: "Date d'expiration",
  cvc: 'Code de sécurité',
  postal: 'Code postal',
  zip: 'Code postal',
  country: 'Pays',
  card: 'Carte',
  expiryPlaceholder: 'MM / AA',
  cvcPlaceholder: 'CVC',
  brand: 'Marque de la carte : {brand}',
  secureNote: 'Les données de carte sont saisies sur la page du prestataire de paiement.',
  incomplete_number: 'Votre numéro de carte est incomplet.',
  invalid_number: "Votre numéro de carte n'est pas valide.",
  incomplete_expiry: "La date d'expiration de votre carte est incomplète.",
  invalid_expiry_month: "Le mois d'expiration de votre carte n'est pas valide.",
  invalid_expiry_year: "L'année d'expiration de votre carte n'est pas valide.",
  invalid_expiry_month_past: "La date d'expiration de votre carte est dépassée.",
  invalid_expiry_year_past: "L'année d'expiration de votre carte est dépassée.",
  incomplete_cvc: 'Le code de sécurité de votre carte est incomplet.',
  incomplete_zip: 'Votre code postal est incomplet.',
  invalid_zip: "Votre code postal n'est pas valide.",
  dialogTitle: 'Authentifiez votre paiement',
  dialogDescription: 'Votre banque vous demande de confirmer ce paiement.',
  dialogCancel: 'Annuler',
  dialogFrameTitle: 'Authentification 3D Secure',
  cardFrameTitle: 'Cadre sécurisé de saisie de la carte',
  paymentFrameTitle: 'Cadre sécurisé de saisie de paiement',
  err_card_declined: 'Votre carte a été refusée.',
  err_insufficient_funds: 'Les fonds de votre carte sont insuffisants.',
  err_expired_card: 'Votre carte a expiré.',
  err_incorrect_cvc: 'Le code de sécurité de votre carte est incorrect.',
  err_invalid_cvc: "Le code de sécurité de votre carte n'est pas valide.",
  err_incorrect_number: 'Votre numéro de carte est incorrect.',
  err_processing_error: 'Une erreur est survenue lors du traitement de votre carte. Veuillez réessayer dans quelques instants.',
  err_card_velocity_exceeded: 'Votre carte a été refusée : trop de tentatives rapprochées ou plafond de montant dépassé.',
  err_authentication_required: 'Votre carte a été refusée. Cette transaction nécessite une authentification.',
  err_authentication_failure:
    'Nous ne parvenons pas à authentifier votre moyen de paiement. Veuillez choisir un autre moyen de paiement et réessayer.',
  err_test_mode_live_card:
    'Votre carte a été refusée. Votre requête était en mode test, mais utilisait une carte réelle (live). La liste des cartes de test valides est sur : https://stripe.com/docs/testing.',
};

const catalogues: Record<SimLocale, Record<MessageKey, string>> = { en, fr };

/** Every string, by locale (read by the i18n coverage test). */
export const SIM_MESSAGES: Readonly<Record<SimLocale, Readonly<Record<MessageKey, string>>>> = catalogues;

/** 'fr', 'fr-CA', 'auto' (with the browser's languages) -> a supported locale; English otherwise. */
export function resolveSimLocale(requested: string | undefined, fallbacks: readonly string[] = []): SimLocale {
  const candidates = requested && requested !== 'auto' ? [requested] : [...fallbacks];
  for (const c of candidates) {
    const base = c.toLowerCase().split(/[-_]/)[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

export function t(locale: SimLocale, key: MessageKey, params: Record<string, string> = {}): string {
  const text = catalogues[locale][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

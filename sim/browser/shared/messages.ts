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

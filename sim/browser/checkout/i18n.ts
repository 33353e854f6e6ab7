// Strings of the simulator's checkout pages themselves (the document around <ck-checkout>, whose own strings are in
// the kit's catalogue): English and French.
export const checkoutPageMessages = {
  en: { title: 'Checkout', embeddedTitle: 'Embedded checkout', frameTitle: 'Secure checkout', noscript: 'Checkout needs JavaScript. Enable it and reload this page.' },
  fr: { title: 'Paiement', embeddedTitle: 'Paiement intégré', frameTitle: 'Paiement sécurisé', noscript: 'Le paiement nécessite JavaScript. Activez-le puis rechargez la page.' },
} as const;

export type CheckoutPageLanguage = keyof typeof checkoutPageMessages;

/** `fr` when the locale or Accept-Language header prefers French, else `en`. */
export function pageLanguage(locale: string | null | undefined, acceptLanguage: string | null | undefined): CheckoutPageLanguage {
  if (locale && locale !== 'auto') return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('fr') ? 'fr' : 'en';
}

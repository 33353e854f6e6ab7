// Message catalogue of the simulator's 3D Secure challenge page (English and French).

export type ChallengeLocale = 'en' | 'fr';

export interface ChallengeMessages {
  title: string;
  intro: string;
  testNotice: string;
  /** Badge at the top of the challenge. */
  testBadge: string;
  merchant: string;
  amount: string;
  card: string;
  complete: string;
  fail: string;
  succeededTitle: string;
  succeededBody: string;
  failedTitle: string;
  failedBody: string;
  declinedBody: string;
  closedTitle: string;
  closedBody: string;
  unknownTitle: string;
  unknownBody: string;
  returnLink: string;
  setupAmount: string;
  /** Title of the iframe (#challengeFrame) that holds the challenge inside the wrapper page. */
  frameTitle: string;
  badOutcome: string;
}

export const CHALLENGE_MESSAGES: Record<ChallengeLocale, ChallengeMessages> = {
  en: {
    title: '3D Secure authentication',
    intro: 'Your bank asks you to confirm this payment.',
    testBadge: 'Test mode',
    testNotice: 'Test mode: this page is served by the checkout-kit Stripe simulator. No bank is contacted and no money moves.',
    merchant: 'Merchant',
    amount: 'Amount',
    card: 'Card',
    complete: 'Complete authentication',
    fail: 'Fail authentication',
    succeededTitle: 'Authentication complete',
    succeededBody: 'You can close this window; the payment continues.',
    failedTitle: 'Authentication failed',
    failedBody: 'The payment was not authorised. You can try again with another payment method.',
    declinedBody: 'Authentication succeeded, but the card was declined.',
    closedTitle: 'This authentication is no longer pending',
    closedBody: 'It was already completed, failed or canceled. Start the payment again to get a new challenge.',
    unknownTitle: 'Unknown authentication',
    unknownBody: 'This authentication link is not valid.',
    returnLink: 'Return to the merchant',
    setupAmount: 'Card saved for future payments',
    frameTitle: '3D Secure challenge from your bank',
    badOutcome: 'The outcome must be "complete" or "fail".',
  },
  fr: {
    title: 'Authentification 3D Secure',
    intro: 'Votre banque vous demande de confirmer ce paiement.',
    testBadge: 'Mode test',
    testNotice: 'Mode test : cette page est servie par le simulateur Stripe de checkout-kit. Aucune banque n’est contactée et aucun argent n’est débité.',
    merchant: 'Marchand',
    amount: 'Montant',
    card: 'Carte',
    complete: 'Valider l’authentification',
    fail: 'Faire échouer l’authentification',
    succeededTitle: 'Authentification réussie',
    succeededBody: 'Vous pouvez fermer cette fenêtre ; le paiement se poursuit.',
    failedTitle: 'Échec de l’authentification',
    failedBody: 'Le paiement n’a pas été autorisé. Vous pouvez réessayer avec un autre moyen de paiement.',
    declinedBody: 'L’authentification a réussi, mais la carte a été refusée.',
    closedTitle: 'Cette authentification n’est plus en attente',
    closedBody: 'Elle a déjà été validée, a échoué ou a été annulée. Relancez le paiement pour obtenir une nouvelle demande.',
    unknownTitle: 'Authentification inconnue',
    unknownBody: 'Ce lien d’authentification n’est pas valide.',
    returnLink: 'Retourner chez le marchand',
    setupAmount: 'Carte enregistrée pour de futurs paiements',
    frameTitle: 'Vérification 3D Secure de votre banque',
    badOutcome: 'Le résultat doit valoir « complete » ou « fail ».',
  },
};

/** `?locale=` wins; otherwise the first supported language of Accept-Language (q-weighted); English by default. */
export function pickLocale(queryLocale: string | null | undefined, acceptLanguage: string | null | undefined): ChallengeLocale {
  const norm = (s: string) => s.trim().toLowerCase().slice(0, 2);
  if (queryLocale) {
    const l = norm(queryLocale);
    if (l === 'fr' || l === 'en') return l;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, i) => {
        const [tag, ...rest] = part.split(';');
        const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
        return { lang: norm(tag), q: q ? Number(q.slice(2)) || 0 : 1, i };
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const { lang } of ranked) if (lang === 'fr' || lang === 'en') return lang;
  }
  return 'en';
}

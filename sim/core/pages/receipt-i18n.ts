// Message catalogue of the simulator's payment receipt page (a charge's `receipt_url`), English and French.

import type { ChallengeLocale } from './3ds-i18n.ts';

export interface ReceiptMessages {
  /** `{merchant}` is replaced by the platform name. */
  title: string;
  testBadge: string;
  testNotice: string;
  amountPaid: string;
  amountAuthorized: string;
  datePaid: string;
  paymentMethod: string;
  refunded: string;
  description: string;
  unknownTitle: string;
  unknownBody: string;
}

export const RECEIPT_MESSAGES: Record<ChallengeLocale, ReceiptMessages> = {
  en: {
    title: 'Receipt from {merchant}',
    testBadge: 'Test mode',
    testNotice: 'Test mode: this receipt is served by the checkout-kit Stripe simulator. No money moved.',
    amountPaid: 'Amount paid',
    amountAuthorized: 'Amount authorized',
    datePaid: 'Date',
    paymentMethod: 'Payment method',
    refunded: 'Refunded',
    description: 'Description',
    unknownTitle: 'Receipt not found',
    unknownBody: 'This receipt link is not valid.',
  },
  fr: {
    title: 'Reçu de {merchant}',
    testBadge: 'Mode test',
    testNotice: 'Mode test : ce reçu est servi par le simulateur Stripe de checkout-kit. Aucun argent n’a circulé.',
    amountPaid: 'Montant payé',
    amountAuthorized: 'Montant autorisé',
    datePaid: 'Date',
    paymentMethod: 'Moyen de paiement',
    refunded: 'Remboursé',
    description: 'Description',
    unknownTitle: 'Reçu introuvable',
    unknownBody: 'Ce lien de reçu n’est pas valide.',
  },
};

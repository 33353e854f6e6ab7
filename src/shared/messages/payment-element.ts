/**
 * Messages of `<ck-payment-element>`: its button, states and outcomes. Card errors are not here: Stripe.js (and the
 * simulator's shim) returns them in the locale the element passes it, and the element shows them as they come.
 *
 * @module
 */
import { defineMessages } from '../i18n.js';

export const paymentElementMessages = defineMessages(
  {
    pay: 'Pay',
    payAmount: ({ amount }: { amount: string }) => `Pay ${amount}`,
    processing: 'Processing…',
    paid: 'Payment complete',
    succeeded: 'Payment successful. Thank you!',
    processingAsync: 'Your payment is processing. We will confirm it shortly.',
    failed: ({ reason }: { reason: string }) => `Payment failed: ${reason}`,
    checkDetails: 'Check your card details.',
    incomplete: 'Enter your complete card details.',
    retry: 'Try again',
    vetoed: 'Payment was not started.',
    missingKey: 'The payment form is not configured (missing publishable key).',
    missingSecret: 'The payment form is not configured (missing client secret or secret endpoint).',
    secretFailed: 'We could not start the payment. Check your connection and try again.',
    loadFailed: 'The payment form could not be loaded. Check your connection and try again.',
    unexpected: 'Something went wrong with the payment. Please try again.',
  },
  {
    pay: 'Payer',
    payAmount: ({ amount }) => `Payer ${amount}`,
    processing: 'Traitement en cours…',
    paid: 'Paiement effectué',
    succeeded: 'Paiement réussi. Merci !',
    processingAsync: 'Votre paiement est en cours de traitement. Nous le confirmerons sous peu.',
    failed: ({ reason }) => `Échec du paiement : ${reason}`,
    checkDetails: 'Vérifiez les informations de votre carte.',
    incomplete: 'Saisissez toutes les informations de votre carte.',
    retry: 'Réessayer',
    vetoed: 'Le paiement n’a pas été lancé.',
    missingKey: 'Le formulaire de paiement n’est pas configuré (clé publique manquante).',
    missingSecret: 'Le formulaire de paiement n’est pas configuré (secret client ou point d’accès manquant).',
    secretFailed: 'Impossible de démarrer le paiement. Vérifiez votre connexion et réessayez.',
    loadFailed: 'Le formulaire de paiement n’a pas pu être chargé. Vérifiez votre connexion et réessayez.',
    unexpected: 'Une erreur est survenue lors du paiement. Veuillez réessayer.',
  },
);

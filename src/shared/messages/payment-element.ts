/**
 * Messages of `<ck-payment-element>`: its button, states and outcomes, and Stripe's decline messages in French
 * (Stripe returns card errors in English; the element shows them in its own language).
 *
 * @module
 */
import { defineMessages } from '../i18n.js';

export const paymentElementMessages = defineMessages(
  {
    pay: 'Pay',
    payAmount: ({ amount }: { amount: string }) => `Pay ${amount}`,
    processing: 'Processing…',
    loading: 'Loading the payment form…',
    ready: 'Payment form ready.',
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
    generic_decline: 'Your card was declined.',
    insufficient_funds: 'Your card has insufficient funds.',
    expired_card: 'Your card has expired.',
    incorrect_cvc: "Your card's security code is incorrect.",
    incorrect_number: 'Your card number is incorrect.',
    processing_error: 'An error occurred while processing your card. Try again in a little bit.',
    lost_card: 'Your card was declined.',
    stolen_card: 'Your card was declined.',
    fraudulent: 'Your card was declined.',
    authentication_failure:
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    unexpected: 'Something went wrong with the payment. Please try again.',
  },
  {
    pay: 'Payer',
    payAmount: ({ amount }) => `Payer ${amount}`,
    processing: 'Traitement en cours…',
    loading: 'Chargement du formulaire de paiement…',
    ready: 'Formulaire de paiement prêt.',
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
    generic_decline: 'Votre carte a été refusée.',
    insufficient_funds: 'Les fonds de votre carte sont insuffisants.',
    expired_card: 'Votre carte a expiré.',
    incorrect_cvc: 'Le code de sécurité de votre carte est incorrect.',
    incorrect_number: 'Votre numéro de carte est incorrect.',
    processing_error:
      'Une erreur est survenue lors du traitement de votre carte. Veuillez réessayer dans quelques instants.',
    lost_card: 'Votre carte a été refusée.',
    stolen_card: 'Votre carte a été refusée.',
    fraudulent: 'Votre carte a été refusée.',
    authentication_failure:
      'Nous ne parvenons pas à authentifier votre moyen de paiement. Veuillez choisir un autre moyen de paiement et réessayer.',
    unexpected: 'Une erreur est survenue lors du paiement. Veuillez réessayer.',
  },
);

/**
 * The whole message catalogue: every section by name. Components import their own sections directly (so each
 * entry ships only its strings); tests and tooling use this to check every section at once.
 *
 * Add a new section here when you create `src/shared/messages/<component>.ts`.
 *
 * @module
 */
import type { Catalogue } from '../i18n.js';
import { cartMessages } from './cart.js';
import { checkoutMessages } from './checkout.js';
import { connectOnboardingMessages } from './connect-onboarding.js';
import { paymentElementMessages } from './payment-element.js';
import { terminalReaderMessages } from './terminal-reader.js';

export const catalogue = {
  cart: cartMessages,
  checkout: checkoutMessages,
  connectOnboarding: connectOnboardingMessages,
  paymentElement: paymentElementMessages,
  terminalReader: terminalReaderMessages,
} satisfies Catalogue;

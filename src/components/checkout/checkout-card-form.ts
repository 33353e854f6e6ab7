/**
 * The contract between `<ck-checkout>` and a card form typed on the checkout page itself, as on Stripe Checkout's
 * hosted page (`#cardNumber`, `#cardExpiry`, `#cardCvc`, `#billingName` ...). Only the simulator's own checkout page
 * provides one (`sim/browser/checkout/card-form.ts`), through a subclass of `<ck-checkout>` that overrides
 * `pageCardForm()` (`sim/browser/checkout/light-dom.ts`); the element itself has none, so a merchant's page keeps
 * the card in Stripe's iframe. As a second line of defence `<ck-checkout>` uses a card form only in `inline` mode on
 * the API's own origin.
 *
 * @module
 */
import type { TemplateResult } from 'lit';

/** What the form needs to render: the language, whether it is busy, and what the page itself collects. */
export interface CardFormContext {
  /** BCP 47 locale of the page (`en`, `fr-FR`). */
  locale: string;
  /** Paying: inputs are read-only. */
  disabled: boolean;
  /** The session collects a full billing address (`billing_address_collection: required`): the page renders the name, country and postal code, not the card form. */
  billingAddress: boolean;
}

/** Billing details the page collected, added to the PaymentMethod. */
export interface CardFormBillingDetails {
  email?: string;
  name?: string;
  address?: Record<string, string>;
}

export type CardFormResult = { paymentMethod: string } | { error: { message: string } };

export interface CheckoutCardForm {
  /** Re-render the page when the form changes (typing, errors). Called once by `<ck-checkout>`. */
  connect(requestUpdate: () => void): void;
  /** The inputs (light or shadow DOM of `<ck-checkout>`, styled by its `.field`, `input` and `.error` rules). */
  render(ctx: CardFormContext): TemplateResult;
  /** Checks every input and shows what is wrong; the id of the first input to fix, or null when all is well. */
  validate(ctx: CardFormContext): string | null;
  /** Every input is filled in and passes its checks (the submit button shows it, as Stripe Checkout's does). */
  complete(ctx: CardFormContext): boolean;
  /** Creates the PaymentMethod from what was typed; a refused card comes back as an error to show. */
  createPaymentMethod(ctx: CardFormContext, billing: CardFormBillingDetails): Promise<CardFormResult>;
  /** Shows why the payment failed (a decline, a failed authentication) under the card inputs; '' clears it. */
  showError(message: string): void;
}

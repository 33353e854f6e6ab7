/**
 * Registers `<ck-payment-element>` (once; does nothing if the tag is already defined).
 * Import `checkout-kit/payment-element/class` instead to subclass or register under another tag.
 *
 * @module
 */
import { CkPaymentElement } from '../components/payment-element/payment-element.js';

export * from '../components/payment-element/payment-element.js';
export * from '../components/payment-element/payment-element-events.js';
export { configure, getStripe } from '../stripe/loader.js';

if (!customElements.get('ck-payment-element')) customElements.define('ck-payment-element', CkPaymentElement);

declare global {
  interface HTMLElementTagNameMap {
    'ck-payment-element': CkPaymentElement;
  }
}

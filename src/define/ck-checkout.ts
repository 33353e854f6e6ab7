/**
 * Registers `<ck-checkout>` (once; does nothing if the tag is already defined), with the `<ck-cart>` and
 * `<ck-payment-element>` it uses. Import `checkout-kit/checkout/class` instead to subclass or register under another tag.
 *
 * @module
 */
import './ck-cart.js';
import './ck-payment-element.js';
import { CkCheckout } from '../components/checkout/checkout.js';

export * from '../components/checkout/checkout.js';
export * from '../components/checkout/checkout-events.js';
export { CheckoutApi, CheckoutApiError, sessionIdFromSecret, type CheckoutPage, type CheckoutPageLine } from '../components/checkout/checkout-api.js';

if (!customElements.get('ck-checkout')) customElements.define('ck-checkout', CkCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'ck-checkout': CkCheckout;
  }
}

/**
 * Registers `<ck-cart>` (once; does nothing if the tag is already defined, e.g. by another copy of the kit).
 * Import `checkout-kit/cart/class` instead to subclass or register under another tag.
 *
 * @module
 */
import { CkCart } from '../components/cart/cart.js';

export * from '../components/cart/cart.js';
export * from '../components/cart/cart-events.js';
export type * from '../components/cart/line-items.js';

if (!customElements.get('ck-cart')) customElements.define('ck-cart', CkCart);

declare global {
  interface HTMLElementTagNameMap {
    'ck-cart': CkCart;
  }
}

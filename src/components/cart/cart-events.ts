/**
 * Events of `<ck-cart>`. All bubble and are composed; edit requests are cancelable.
 *
 * @module
 */
import { CkEvent } from '../../shared/events.js';
import type { CartLineItem } from './line-items.js';

/** Detail of {@link CkCartQuantityChangeEvent}. */
export interface CkCartQuantityChangeDetail {
  /** The line item as the page gave it (before the change). */
  item: CartLineItem;
  /** Its position in the cart. */
  index: number;
  /** The requested quantity. */
  quantity: number;
  /** The quantity before the change. */
  previousQuantity: number;
}

/**
 * `ck-cart-quantity-change`: the shopper asked for a new quantity. Cancelable: call `preventDefault()` to keep the
 * cart as it is (e.g. out of stock, or to update it yourself once your server has priced the change).
 */
export class CkCartQuantityChangeEvent extends CkEvent<CkCartQuantityChangeDetail> {
  static readonly type = 'ck-cart-quantity-change';
  constructor(detail: CkCartQuantityChangeDetail) {
    super(CkCartQuantityChangeEvent.type, detail, { cancelable: true });
  }
}

/** Detail of {@link CkCartRemoveEvent}. */
export interface CkCartRemoveDetail {
  item: CartLineItem;
  index: number;
}

/** `ck-cart-remove`: the shopper asked to remove a line. Cancelable like {@link CkCartQuantityChangeEvent}. */
export class CkCartRemoveEvent extends CkEvent<CkCartRemoveDetail> {
  static readonly type = 'ck-cart-remove';
  constructor(detail: CkCartRemoveDetail) {
    super(CkCartRemoveEvent.type, detail, { cancelable: true });
  }
}

/** Detail of {@link CkCartChangeEvent}. */
export interface CkCartChangeDetail {
  /** The cart's new `items` array. */
  items: CartLineItem[];
  /** What changed it. */
  reason: 'quantity' | 'remove';
}

/** `ck-cart-change`: an edit was applied (not canceled); `detail.items` is the new array. Not cancelable. */
export class CkCartChangeEvent extends CkEvent<CkCartChangeDetail> {
  static readonly type = 'ck-cart-change';
  constructor(detail: CkCartChangeDetail) {
    super(CkCartChangeEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-cart-quantity-change': CkCartQuantityChangeEvent;
    'ck-cart-remove': CkCartRemoveEvent;
    'ck-cart-change': CkCartChangeEvent;
  }
}

/**
 * Events of `<ck-checkout>`. All bubble and are composed; `ck-checkout-complete` is cancelable (stops the redirect).
 *
 * @module
 */
import { CkEvent } from '../../shared/events.js';

export interface CkCheckoutReadyDetail {
  /** `cs_test_...` */
  sessionId: string;
  /** The session's status when it loaded. */
  status: 'open' | 'complete' | 'expired';
}

/** The session is loaded and shown. */
export class CkCheckoutReadyEvent extends CkEvent<CkCheckoutReadyDetail> {
  static readonly type = 'ck-checkout-ready';
  constructor(detail: CkCheckoutReadyDetail) {
    super(CkCheckoutReadyEvent.type, detail);
  }
}

export interface CkCheckoutCompleteDetail {
  sessionId: string;
  /** Where the element is about to go (`success_url` or `return_url`), null when it stays. */
  redirectUrl: string | null;
}

/** The session was paid. Cancelable: `preventDefault()` keeps the customer on the page. */
export class CkCheckoutCompleteEvent extends CkEvent<CkCheckoutCompleteDetail> {
  static readonly type = 'ck-checkout-complete';
  constructor(detail: CkCheckoutCompleteDetail) {
    super(CkCheckoutCompleteEvent.type, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-checkout-ready': CkCheckoutReadyEvent;
    'ck-checkout-complete': CkCheckoutCompleteEvent;
  }
}

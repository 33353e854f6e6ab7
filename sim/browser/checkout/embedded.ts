// Stripe.js's embedded Checkout for the shim: `stripe.createEmbeddedCheckoutPage({ clientSecret | fetchClientSecret,
// onComplete })` resolves with `{ mount, unmount, destroy }`. Mounting adds an iframe on the simulator's origin
// (`/c/embedded`) that renders <ck-checkout> for the session; the client secret travels in the URL fragment (never
// sent to a server log). The frame reports its height and completion with postMessage; on completion the page goes
// to the session's return_url (redirect_on_completion `always`) or `onComplete` is called (`if_required`, `never`).
// `initEmbeddedCheckout` is the old name: it throws, as in Stripe.js.
import { IntegrationError } from '../stripe-js/errors.ts';
import { checkoutPageMessages, pageLanguage } from './i18n.ts';
import type { ShimStripe } from '../stripe-js/stripe.ts';

export interface EmbeddedCheckoutOptions {
  clientSecret?: string;
  fetchClientSecret?: () => Promise<string>;
  onComplete?: () => void;
  [k: string]: unknown;
}

export interface EmbeddedCheckout {
  mount(location: string | HTMLElement): void;
  unmount(): void;
  destroy(): void;
}

const SECRET = /^cs_(test|live)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/;
/** Stripe.js allows one embedded checkout per page at a time. */
let active: EmbeddedCheckoutInstance | null = null;

class EmbeddedCheckoutInstance implements EmbeddedCheckout {
  private frame: HTMLIFrameElement | null = null;
  private destroyed = false;
  private completed = false;
  private readonly onMessage = (event: MessageEvent): void => {
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== new URL(this.base).origin) return;
    const data = event.data as { source?: string; type?: string; height?: number; returnUrl?: string | null; redirect?: string } | null;
    if (!data || data.source !== 'ck-checkout') return;
    if (data.type === 'ck-checkout:resize' && typeof data.height === 'number' && data.height > 0) {
      this.frame.style.setProperty('height', `${Math.min(Math.ceil(data.height) + 4, 4000)}px`);
    } else if (data.type === 'ck-checkout:complete' && !this.completed) {
      this.completed = true;
      const target = typeof data.returnUrl === 'string' && /^https?:\/\//i.test(data.returnUrl) ? data.returnUrl : null;
      if (data.redirect === 'always' && target) {
        window.location.assign(target);
      } else {
        this.options.onComplete?.();
      }
    }
  };

  constructor(
    /** The simulator's base URL (its origin, plus a path when it is mounted under one). */
    private readonly base: string,
    private readonly publishableKey: string,
    private readonly clientSecret: string,
    private readonly options: EmbeddedCheckoutOptions,
    private readonly stripeAccount: string | undefined,
  ) {
    window.addEventListener('message', this.onMessage);
  }

  mount(location: string | HTMLElement): void {
    if (this.destroyed) throw new IntegrationError('This Embedded Checkout instance has been destroyed. Create a new one with stripe.createEmbeddedCheckoutPage().');
    if (this.frame) throw new IntegrationError('Embedded Checkout is already mounted. Call unmount() before mounting it again.');
    const el = typeof location === 'string' ? document.querySelector<HTMLElement>(location) : location;
    if (!el || !(el instanceof HTMLElement)) {
      throw new IntegrationError(`Invalid DOM element. Make sure to call mount() with a valid DOM element or selector. You specified: ${String(location)}.`);
    }
    if (el.getRootNode() instanceof ShadowRoot) {
      throw new IntegrationError('Embedded Checkout cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    }
    const frame = document.createElement('iframe');
    const lang = document.documentElement.lang || navigator.language || 'en';
    const params = new URLSearchParams({ secret: this.clientSecret, key: this.publishableKey, lang });
    if (this.stripeAccount) params.set('account', this.stripeAccount);
    frame.src = `${this.base}/c/embedded#${params.toString()}`;
    frame.title = checkoutPageMessages[pageLanguage(lang, null)].frameTitle;
    frame.name = 'embedded-checkout';
    frame.allow = 'payment *';
    frame.setAttribute('frameborder', '0');
    frame.style.setProperty('width', '100%');
    frame.style.setProperty('border', '0');
    frame.style.setProperty('display', 'block');
    frame.style.setProperty('height', '640px');
    frame.style.setProperty('color-scheme', 'normal');
    el.append(frame);
    this.frame = frame;
  }

  unmount(): void {
    this.frame?.remove();
    this.frame = null;
  }

  destroy(): void {
    this.unmount();
    this.destroyed = true;
    window.removeEventListener('message', this.onMessage);
    if (active === this) active = null;
  }
}

async function createEmbeddedCheckoutPage(this: ShimStripe, options: EmbeddedCheckoutOptions): Promise<EmbeddedCheckout> {
  if (!options || typeof options !== 'object') throw new IntegrationError('stripe.createEmbeddedCheckoutPage(): expected an options object.');
  const { clientSecret, fetchClientSecret } = options;
  if (clientSecret !== undefined && fetchClientSecret !== undefined) {
    throw new IntegrationError('stripe.createEmbeddedCheckoutPage(): pass only one of `clientSecret` or `fetchClientSecret`.');
  }
  if (clientSecret === undefined && fetchClientSecret === undefined) {
    throw new IntegrationError('stripe.createEmbeddedCheckoutPage(): you must provide one of `clientSecret` or `fetchClientSecret`.');
  }
  if (fetchClientSecret !== undefined && typeof fetchClientSecret !== 'function') {
    throw new IntegrationError('stripe.createEmbeddedCheckoutPage(): `fetchClientSecret` must be a function that returns a Promise.');
  }
  if (options.onComplete !== undefined && typeof options.onComplete !== 'function') {
    throw new IntegrationError('stripe.createEmbeddedCheckoutPage(): `onComplete` must be a function.');
  }
  if (active) throw new IntegrationError('You cannot have multiple Embedded Checkout objects. Call destroy() on the existing one first.');
  const placeholder = {} as EmbeddedCheckoutInstance;
  active = placeholder;
  try {
    const secret = clientSecret ?? (await fetchClientSecret!());
    if (typeof secret !== 'string' || !SECRET.test(secret)) {
      throw new IntegrationError(`Invalid value for createEmbeddedCheckoutPage(): clientSecret should be a Checkout Session client secret of the form cs_..._secret_.... You specified: ${String(secret).slice(0, 40)}.`);
    }
    const ctx = (this as unknown as { ctx: { apiBase: string; publishableKey: string; stripeAccount?: string } }).ctx;
    const instance = new EmbeddedCheckoutInstance(ctx.apiBase, ctx.publishableKey, secret, options, ctx.stripeAccount);
    active = instance;
    return instance;
  } catch (e) {
    if (active === placeholder) active = null;
    throw e;
  }
}

function initEmbeddedCheckout(): never {
  throw new IntegrationError('stripe.initEmbeddedCheckout() has been replaced by stripe.createEmbeddedCheckoutPage(). See https://docs.stripe.com/js/embedded_checkout/create.');
}

/** Adds `createEmbeddedCheckoutPage` (and the throwing `initEmbeddedCheckout`) to the shim's Stripe objects. */
export function installEmbeddedCheckout(cls: typeof ShimStripe): void {
  const proto = cls.prototype as unknown as Record<string, unknown>;
  proto.createEmbeddedCheckoutPage = createEmbeddedCheckoutPage;
  proto.initEmbeddedCheckout = initEmbeddedCheckout;
}

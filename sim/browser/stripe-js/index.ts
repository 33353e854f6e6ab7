// Entry of the simulator's Stripe.js-compatible script (`<simulator>/js/v3/stripe.js`). Defines
// `window.Stripe` with the release train `@stripe/stripe-js` expects, so `loadStripe` returns it unchanged.
// The API it calls is the origin it was loaded from.
import { IntegrationError } from './errors.ts';
import { ShimStripe, type StripeOptions } from './stripe.ts';
// Embedded Checkout (stripe.createEmbeddedCheckoutPage), kept with the checkout pages.
import { installEmbeddedCheckout } from '../checkout/embedded.ts';

/** The release train of @stripe/stripe-js 10.x (its `RELEASE_TRAIN`). */
export const STRIPE_JS_VERSION = 'endive';

const SCRIPT_PATH = /\/(js\/v3|v3|endive|dahlia)\/(stripe\.js)?(\?.*)?$/;

/** The simulator's base URL: the script's URL without its own path (the simulator may be mounted under a path). */
function base(src: string): string {
  const u = new URL(src);
  return `${u.origin}${u.pathname.replace(SCRIPT_PATH, '').replace(/\/+$/, '')}`;
}

function scriptOrigin(): string {
  const script = document.currentScript as HTMLScriptElement | null;
  if (script?.src) return base(script.src);
  // Loaded as a module or injected without currentScript: look for ourselves.
  const found = Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => /\/(js\/v3|v3|endive|dahlia)\/stripe\.js(\?|$)/.test(s.src));
  return found ? base(found.src) : location.origin;
}

const apiBase = scriptOrigin();

interface StripeConstructor {
  (publishableKey: string, options?: StripeOptions): ShimStripe;
  version: string;
}

const Stripe = function Stripe(publishableKey: unknown, options: StripeOptions = {}): ShimStripe {
  // Stripe.js's three wordings (its validators': 'Missing value for <label>: <path> should be <expected>.' and
  // 'Invalid value for ... You specified: <String(value)>.'): no key at all, a key that is not a string, an empty string.
  if (publishableKey === undefined || publishableKey === null) {
    throw new IntegrationError('Missing value for Stripe(): apiKey should be a string.');
  }
  if (typeof publishableKey !== 'string') {
    throw new IntegrationError(`Invalid value for Stripe(): apiKey should be a string. You specified: ${String(publishableKey)}.`);
  }
  if (publishableKey === '') {
    throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
  }
  if (/^(sk|rk)_/.test(publishableKey)) {
    throw new IntegrationError('You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
  }
  if (!/^pk_(test|live)_/.test(publishableKey)) {
    throw new IntegrationError(`Invalid API Key provided: ${publishableKey}`);
  }
  if (options !== null && typeof options !== 'object') {
    throw new IntegrationError(`Invalid value for Stripe(): value should be an object. You specified: ${String(options)}.`);
  }
  return new ShimStripe(publishableKey, options ?? {}, apiBase);
} as StripeConstructor;
Stripe.version = STRIPE_JS_VERSION;
installEmbeddedCheckout(ShimStripe);

const w = window as unknown as { Stripe?: unknown };
if (!w.Stripe) w.Stripe = Stripe;

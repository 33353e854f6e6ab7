/**
 * The one way the kit gets a Stripe object, for real Stripe and for the simulator alike.
 *
 * Components call {@link getStripe}. With a simulator URL (the component's `simulator` attribute, or
 * {@link configure}`({ simulatorUrl })` once for the page), the simulator's Stripe.js-compatible script
 * (`<simulator>/js/v3/stripe.js`) is added to the page first; `loadStripe` from `@stripe/stripe-js/pure` then
 * finds `window.Stripe` and returns it as it would return Stripe.js. Without one, `loadStripe` loads Stripe.js
 * from Stripe. Everything after that is the same code path.
 *
 * ```js
 * import { configure } from 'checkout-kit/stripe';
 * configure({ simulatorUrl: 'http://127.0.0.1:12111' });
 * ```
 *
 * @module
 */
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, StripeConstructorOptions } from '@stripe/stripe-js';

export interface KitConfig {
  /** Origin of a checkout-kit simulator; unset means real Stripe. */
  simulatorUrl?: string;
}

const config: KitConfig = {};

/** Page-wide settings, e.g. `configure({ simulatorUrl: 'http://127.0.0.1:12111' })` before the first component loads. */
export function configure(options: KitConfig): void {
  if (options.simulatorUrl !== undefined) config.simulatorUrl = normalise(options.simulatorUrl);
}

/** The simulator a component uses: its own `simulator` attribute, else the page-wide setting. */
export function simulatorFor(explicit?: string | null): string | undefined {
  return explicit ? normalise(explicit) : config.simulatorUrl;
}

/** Origin plus any path the simulator is mounted under (`https://x.test/sim`), without a trailing slash. */
function normalise(url: string): string {
  const u = new URL(url, location.href);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

let shimLoad: { origin: string; promise: Promise<void> } | null = null;

/** Adds `<simulator>/js/v3/stripe.js` once and resolves when `window.Stripe` is defined. */
export function loadSimulatorScript(simulatorUrl: string): Promise<void> {
  const origin = normalise(simulatorUrl);
  if (shimLoad && shimLoad.origin === origin) return shimLoad.promise;
  if (shimLoad) {
    return Promise.reject(new Error(`Stripe.js is already loaded from ${shimLoad.origin}; a page can only use one Stripe.js.`));
  }
  const src = `${origin}/js/v3/stripe.js`;
  const promise = new Promise<void>((resolve, reject) => {
    const w = window as unknown as { Stripe?: unknown };
    if (w.Stripe) {
      resolve();
      return;
    }
    let script = document.querySelector<HTMLScriptElement>(`script[src="${src}"]`);
    if (!script) {
      script = document.createElement('script');
      script.src = src;
      script.async = true;
      (document.head ?? document.body).append(script);
    }
    script.addEventListener('load', () => (w.Stripe ? resolve() : reject(new Error('Stripe.js not available'))));
    script.addEventListener('error', () => {
      shimLoad = null;
      script?.remove();
      reject(new Error('Failed to load Stripe.js'));
    });
  });
  shimLoad = { origin, promise };
  return promise;
}

const instances = new Map<string, Promise<Stripe | null>>();

/**
 * A Stripe object for `publishableKey`, shared by every component with the same key and options.
 * Rejects when the script cannot be loaded (the caller shows a localised error and may retry).
 */
export function getStripe(
  publishableKey: string,
  options: { simulatorUrl?: string; stripe?: StripeConstructorOptions } = {},
): Promise<Stripe | null> {
  const sim = simulatorFor(options.simulatorUrl);
  const key = JSON.stringify([publishableKey, sim ?? '', options.stripe ?? {}]);
  let p = instances.get(key);
  if (!p) {
    p = (sim ? loadSimulatorScript(sim) : Promise.resolve()).then(() => loadStripe(publishableKey, options.stripe));
    p.catch(() => instances.delete(key));
    instances.set(key, p);
  }
  return p;
}

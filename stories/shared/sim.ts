/**
 * The one place stories learn where the simulator is. By default it runs in the Storybook preview page itself
 * (sim/browser-runtime: the same core on the in-memory store, behind a Service Worker), so stories work in a static
 * build with no server. Set `STORYBOOK_SIMULATOR_URL` (e.g. `http://127.0.0.1:12111`) to use an external one.
 *
 * Stories play the merchant's server too: they create PaymentIntents with the simulator's built-in **test** key
 * (a public constant of the simulator, `DEFAULT_KEYS` in sim/core/app.ts). Never put a real secret key in a page.
 */
import { DEFAULT_KEYS } from '../../sim/core/app.ts';
import { browserSimulatorUrl, formEncode, startBrowserSimulator, type BrowserSimulator } from '../../sim/browser-runtime/host.ts';

const external = (import.meta as unknown as { env?: Record<string, string | undefined> }).env?.STORYBOOK_SIMULATOR_URL;

/** Base URL of the simulator, without a trailing slash. */
export const SIMULATOR_URL: string = external ? external.replace(/\/+$/, '') : browserSimulatorUrl();
export const PUBLISHABLE_KEY: string = DEFAULT_KEYS.publishable;

let ready: Promise<BrowserSimulator | null> | null = null;

/** Resolves when the simulator answers (starts the in-page one on first call). */
export function simulatorReady(): Promise<BrowserSimulator | null> {
  ready ??= external
    ? Promise.resolve(null)
    : startBrowserSimulator().catch((err: unknown) => {
        ready = null; // the next story tries again
        throw err;
      });
  return ready;
}

/** Calls the simulator's API as the merchant's server would (test secret key, Stripe's bracket form encoding). */
export async function simApi<T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  await simulatorReady();
  const body = formEncode(params);
  const res = await fetch(`${SIMULATOR_URL}${method === 'POST' || !body ? path : `${path}?${body}`}`, {
    method,
    headers: {
      Authorization: `Bearer ${DEFAULT_KEYS.secret}`,
      ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    body: method === 'POST' ? body : undefined,
  });
  const json = (await res.json()) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(`Simulator ${method} ${path}: ${res.status} ${json.error?.message ?? ''}`);
  return json;
}

export interface TestIntentOptions {
  amount?: number;
  currency?: string;
  /** Confirm it server-side first with a test PaymentMethod (`pm_card_visa`, `pm_card_visa_chargeDeclined`, ...). */
  confirmWith?: string;
}

/** Creates a PaymentIntent on the simulator and returns its client secret (what a merchant's server would do). */
export async function createTestIntent(options: TestIntentOptions = {}): Promise<string> {
  const params: Record<string, string> = {
    amount: String(options.amount ?? 2500),
    currency: options.currency ?? 'usd',
    'automatic_payment_methods[enabled]': 'true',
    'automatic_payment_methods[allow_redirects]': 'never',
  };
  if (options.confirmWith) {
    params.payment_method = options.confirmWith;
    params.confirm = 'true';
  }
  await simulatorReady();
  const res = await fetch(`${SIMULATOR_URL}/v1/payment_intents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEFAULT_KEYS.secret}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const json = (await res.json()) as { client_secret?: string; error?: { payment_intent?: { client_secret?: string }; message?: string } };
  const secret = json.client_secret ?? json.error?.payment_intent?.client_secret;
  if (!secret) throw new Error(`Could not create a PaymentIntent on the simulator: ${json.error?.message ?? res.status}`);
  return secret;
}

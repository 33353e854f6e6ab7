// A tiny client for the simulator's /v1 API as Stripe.js calls it: publishable key, form-encoded bodies
// with bracket nesting, JSON responses, Stripe's error envelope turned into Stripe.js error objects.

export interface StripeJsError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: Record<string, unknown>;
  setup_intent?: Record<string, unknown>;
  payment_method?: Record<string, unknown>;
  [key: string]: unknown;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: StripeJsError };

/** `{a: {b: 1}, c: [x, y]}` -> `a[b]=1&c[0]=x&c[1]=y`, as the Stripe SDKs encode it. */
export function encodeForm(params: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (value === undefined) return;
    if (value === null) {
      parts.push(`${encodeURIComponent(key)}=`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${key}[${i}]`));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, `${key}[${k}]`);
    } else {
      parts.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [k, v] of Object.entries(params)) walk(v, k);
  return parts.join('&');
}

/** `pi_123_secret_abc` -> `pi_123`. */
export function intentIdFromSecret(clientSecret: string): string | null {
  const m = /^((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
  return m ? m[1] : null;
}

export class ApiClient {
  constructor(
    readonly apiBase: string,
    private readonly publishableKey: string,
    private readonly locale?: string,
    /** Connected account the calls act on (Stripe.js's `stripeAccount` option). */
    private readonly stripeAccount?: string,
    /** Stripe.js's `apiVersion` option: the API version of every call (else the account's default). */
    private readonly apiVersion?: string,
  ) {}

  async request<T>(method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}): Promise<ApiResult<T>> {
    const body = encodeForm(params);
    const url = `${this.apiBase}${path}${method === 'GET' && body ? `?${body}` : ''}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.publishableKey}` };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (this.locale && this.locale !== 'auto') headers['Accept-Language'] = this.locale;
    if (this.stripeAccount) headers['Stripe-Account'] = this.stripeAccount;
    if (this.apiVersion) headers['Stripe-Version'] = this.apiVersion;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: method === 'POST' ? body : undefined, credentials: 'omit', mode: 'cors' });
    } catch (err) {
      return {
        ok: false,
        status: 0,
        error: {
          type: 'api_connection_error',
          message: `An error occurred with our connection to Stripe. Request was retried 0 times. (${(err as Error).message})`,
        },
      };
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return { ok: false, status: res.status, error: { type: 'api_error', message: `Unexpected response (HTTP ${res.status}).` } };
    }
    if (res.ok) return { ok: true, data: json as T };
    const err = (json as { error?: StripeJsError }).error ?? { type: 'api_error', message: `HTTP ${res.status}` };
    return { ok: false, status: res.status, error: err };
  }
}

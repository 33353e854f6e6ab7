/**
 * Fetching a PaymentIntent client secret from the merchant's endpoint, with retries for transient failures
 * (network errors, HTTP 429 and 5xx) and exponential backoff with jitter; `Retry-After` is honoured up to 5 s.
 *
 * @module
 */

export class SecretEndpointError extends Error {
  override name = 'SecretEndpointError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface SecretRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  body?: unknown;
  /** Attempts in all, including the first (default 4). */
  attempts?: number;
  /** First backoff delay in ms (default 250; doubles each retry). */
  baseDelay?: number;
  signal?: AbortSignal;
}

/** A PaymentIntent's client secret (the payment element confirms payments, not SetupIntents). */
const SECRET = /^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

export async function fetchClientSecret(url: string, req: SecretRequest = {}): Promise<string> {
  const attempts = Math.max(1, req.attempts ?? 4);
  const base = req.baseDelay ?? 250;
  const method = req.method ?? 'POST';
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (method === 'POST' && req.body !== undefined) {
    body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  for (let attempt = 1; ; attempt++) {
    let delay = base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
    let error = new SecretEndpointError('Network error', null);
    let res: Response | null = null;
    try {
      res = await fetch(url, { method, headers, body, credentials: req.credentials ?? 'same-origin', signal: req.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      error = new SecretEndpointError(`Network error: ${(err as Error).message}`, null);
    }
    // No response is a network failure: retried below.
    if (res?.ok) {
      const json = (await res.json().catch(() => null)) as { clientSecret?: unknown; client_secret?: unknown } | null;
      const secret = json?.clientSecret ?? json?.client_secret;
      if (typeof secret === 'string' && SECRET.test(secret)) return secret;
      throw new SecretEndpointError('The secret endpoint did not answer with {clientSecret}.', res.status);
    } else if (res) {
      // Only 429 and 5xx are transient; any other status is the endpoint's final answer.
      error = new SecretEndpointError(`The secret endpoint answered HTTP ${res.status}.`, res.status);
      if (res.status !== 429 && res.status < 500) throw error;
      const retryAfter = Number(res.headers.get('Retry-After'));
      if (retryAfter > 0) delay = Math.min(retryAfter * 1000, 5000);
    }
    if (attempt >= attempts) throw error;
    await sleep(delay, req.signal);
  }
}

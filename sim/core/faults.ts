// API fault injection for the control plane (`POST /_sim/faults`): makes chosen /v1 requests fail the way
// Stripe's API fails, so that an integration's retry and error handling can be tested offline, through the
// official SDKs' own retry logic. Faults are process state (never stored): a restart or `/_sim/reset` disarms
// them. No Node APIs here (the core also runs in a browser).
//
// What Stripe sends, and what stripe-node 23 does with it (RequestSender._shouldRetry: a closed connection is
// retried once even with retries off; then `Stripe-Should-Retry: true|false` decides; otherwise 409 and >= 500
// are retried, and nothing else):
//   rate_limit        429 invalid_request_error `rate_limit`, `Stripe-Rate-Limited-Reason`, no Stripe-Should-Retry:
//                     the SDKs do not retry real rate limits (Stripe's stance: retrying adds load), so the
//                     SDK raises StripeRateLimitError at once.
//   lock_timeout      429 invalid_request_error `lock_timeout` with `Stripe-Should-Retry: true`: the SDKs retry
//                     it (docs.stripe.com/rate-limits, "Object lock timeouts").
//   api_error         500 api_error. Before the request runs nothing is saved for its Idempotency-Key, so the
//                     SDK's retry (same key) runs the request. After it ran (`when=after`), Stripe saves the 500
//                     for the key ("Subsequent requests with the same key return the same result, including 500
//                     errors") and a retry could only replay it: `Stripe-Should-Retry: false`.
//   connection_reset  the connection is closed without an answer (the SDK sees ECONNRESET and retries with the
//                     same key; with `when=after` that retry gets the saved result, `Idempotent-Replayed: true`).
//   timeout           no answer for `hang_ms`, then the connection is closed: the SDK's own `timeout` fires
//                     first (StripeConnectionError "Request aborted due to timeout being reached").
// 429s are never saved for idempotency: a lock timeout or rate limit means the endpoint never ran.

import { apiError, invalidRequest, StripeError } from './errors.ts';
import { newId } from './ids.ts';

export const FAULT_TYPES = ['rate_limit', 'lock_timeout', 'api_error', 'connection_reset', 'timeout'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];
/** `before`: the request fails before it runs (no effect, nothing saved for its key); `after`: it runs and commits, then fails. */
export type FaultWhen = 'before' | 'after';
/** Values of Stripe's `Stripe-Rate-Limited-Reason` header (docs.stripe.com/rate-limits). */
export const RATE_LIMITED_REASONS = ['global-concurrency', 'global-rate', 'endpoint-concurrency', 'endpoint-rate', 'resource-specific'] as const;
export type RateLimitedReason = (typeof RATE_LIMITED_REASONS)[number];

const METHODS = ['GET', 'POST', 'DELETE'] as const;
export const MAX_FAULT_COUNT = 1_000_000;
export const DEFAULT_HANG_MS = 90_000; // longer than stripe-node's default 80 s timeout, so the SDK gives up first
export const MAX_HANG_MS = 600_000;
/** Faults kept at once (armed and exhausted); exhausted ones are forgotten first. */
export const MAX_FAULTS = 100;
/** Request ids remembered per fault (the most recent). */
const MAX_REQUEST_IDS = 100;

// Seen in real test-mode 429 bodies (compact JSON: code, doc_url, message, type); live mode says
// "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits."
const RATE_LIMIT_MESSAGE =
  'Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';
// Wording as integrations quote it from Stripe's responses. Unconfirmed: the error `type` (invalid_request_error,
// as for every other 4xx of Stripe's) and whether Stripe appends a sentence pointing to the rate-limit docs.
const LOCK_TIMEOUT_MESSAGE =
  'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.';

export interface FaultSpec {
  type: FaultType;
  method: string | null;
  path: string | null;
  account: string | null;
  when: FaultWhen;
  count: number;
  reason: RateLimitedReason | null;
  hangMs: number | null;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number;
  /** Request-Id of each request it failed (the last MAX_REQUEST_IDS). */
  requestIds: string[];
  createdMs: number;
  matchPath: (path: string) => boolean;
}

/** What a fault makes of a request: an answer, or (`drop`) no answer and the connection closed after `drop` ms. */
export type FaultOutcome = { status: number; headers: Record<string, string>; text: string } | { drop: number };

export class FaultInjector {
  /** How many faults are armed. The /v1 pipeline reads only this while none is. */
  armed = 0;
  private faults: Fault[] = [];

  arm(spec: FaultSpec, nowMs: number): Fault {
    if (this.faults.length >= MAX_FAULTS) {
      const i = this.faults.findIndex((f) => f.remaining === 0);
      if (i < 0) throw invalidRequest(`Too many faults armed: at most ${MAX_FAULTS}. Disarm some with DELETE /_sim/faults.`);
      this.faults.splice(i, 1);
    }
    const fault: Fault = { ...spec, id: newId('fault', 16), remaining: spec.count, requestIds: [], createdMs: nowMs, matchPath: pathMatcher(spec.path) };
    this.faults.push(fault);
    this.armed++;
    return fault;
  }

  /** Every fault, armed and exhausted, in the order they were armed. */
  list(): readonly Fault[] {
    return this.faults;
  }

  get(id: string): Fault | undefined {
    return this.faults.find((f) => f.id === id);
  }

  /** Removes a fault; false when there is none with that id. */
  disarm(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    if (this.faults[i].remaining > 0) this.armed--;
    this.faults.splice(i, 1);
    return true;
  }

  /** Removes every fault; returns how many there were. */
  clear(): number {
    const n = this.faults.length;
    this.faults = [];
    this.armed = 0;
    return n;
  }

  /** The first armed fault of this `when` (in arming order) that matches the request, or null. `path` has no trailing slash. */
  find(method: string, path: string, account: string, when: Fault['when']): Fault | null {
    for (const f of this.faults) {
      if (f.remaining === 0 || f.when !== when) continue;
      if (f.method !== null && f.method !== method) continue;
      if (f.account !== null && f.account !== account) continue;
      if (f.matchPath(path)) return f;
    }
    return null;
  }

  /** Counts one failed request against `f`; false when `f` was exhausted or disarmed meanwhile. */
  take(f: Fault, requestId: string): boolean {
    if (f.remaining === 0 || !this.faults.includes(f)) return false;
    f.remaining--;
    if (f.remaining === 0) this.armed--;
    f.requestIds.push(requestId);
    if (f.requestIds.length > MAX_REQUEST_IDS) f.requestIds.shift();
    return true;
  }
}

/** The failure a fault produces. `saved`: the request ran and its result is saved under an Idempotency-Key. */
export function faultOutcome(f: Fault, saved: boolean): FaultOutcome {
  switch (f.type) {
    case 'rate_limit': {
      const e = new StripeError({ status: 429, type: 'invalid_request_error', code: 'rate_limit', message: RATE_LIMIT_MESSAGE });
      return { status: 429, headers: { 'Stripe-Rate-Limited-Reason': f.reason ?? 'global-rate' }, text: JSON.stringify(e.toJSON()) };
    }
    case 'lock_timeout': {
      const e = new StripeError({ status: 429, type: 'invalid_request_error', code: 'lock_timeout', message: LOCK_TIMEOUT_MESSAGE });
      return { status: 429, headers: { 'Stripe-Should-Retry': 'true' }, text: JSON.stringify(e.toJSON(), null, 2) };
    }
    case 'api_error':
      return { status: 500, headers: saved ? { 'Stripe-Should-Retry': 'false' } : {}, text: JSON.stringify(apiError().toJSON(), null, 2) };
    case 'connection_reset':
      return { drop: 0 };
    case 'timeout':
      return { drop: f.hangMs ?? DEFAULT_HANG_MS };
  }
}

/** The control plane's view of a fault. */
export function faultJson(f: Fault): Record<string, unknown> {
  return {
    id: f.id,
    object: 'sim_fault',
    type: f.type,
    method: f.method,
    path: f.path,
    account: f.account,
    when: f.when,
    count: f.count,
    remaining: f.remaining,
    status: f.remaining > 0 ? 'armed' : 'exhausted',
    reason: f.reason,
    hang_ms: f.hangMs,
    request_ids: [...f.requestIds],
    created: Math.floor(f.createdMs / 1000),
  };
}

/** An exact path, or a pattern where `*` stands for any characters (`/v1/payment_intents*`, `/v1/payment_intents/*\/confirm`). */
function pathMatcher(pattern: string | null): (path: string) => boolean {
  if (pattern === null) return () => true;
  if (!pattern.includes('*')) return (path) => path === pattern;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (path) => re.test(path);
}

// ---------------------------------------------------------------- control-plane input

const SPEC_PARAMS = ['type', 'method', 'path', 'account', 'count', 'when', 'reason', 'hang_ms'];

function oneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T {
  const s = typeof v === 'string' ? v : '';
  if (!(values as readonly string[]).includes(s)) {
    const list = values.length > 2 ? `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}` : values.join(' or ');
    throw invalidRequest(`Invalid ${name}: must be one of ${list}`, { param: name });
  }
  return s as T;
}

function integer(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalidRequest(`Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`, { param: name, code: 'parameter_invalid_integer' });
  if (n < min || n > max) throw invalidRequest(`Invalid ${name}: must be an integer from ${min} to ${max}.`, { param: name });
  return n;
}

function optionalString(v: unknown, name: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw invalidRequest(`Invalid ${name}: must be a string.`, { param: name });
  return v;
}

/** Validates a `POST /_sim/faults` body (form or JSON); throws Stripe-shaped 400s. */
export function parseFaultSpec(body: Record<string, unknown>): FaultSpec {
  for (const k of Object.keys(body)) {
    if (!SPEC_PARAMS.includes(k)) throw invalidRequest(`Received unknown parameter: ${k}`, { param: k, code: 'parameter_unknown' });
  }
  if (body.type === undefined || body.type === '') throw invalidRequest('Missing required param: type.', { param: 'type', code: 'parameter_missing' });
  const type = oneOf(body.type, 'type', FAULT_TYPES);

  let method = optionalString(body.method, 'method');
  if (method !== null) method = oneOf(method.toUpperCase(), 'method', METHODS);

  let path = optionalString(body.path, 'path');
  if (path !== null) {
    if (!/^\/v1(?:[/*]|$)/.test(path) || /[?#\s]/.test(path) || path.length > 500) {
      throw invalidRequest(
        "Invalid path: must be a /v1 path such as '/v1/payment_intents', where '*' matches any characters ('/v1/payment_intents*'), without a query string.",
        { param: 'path' },
      );
    }
    if (!path.endsWith('*')) path = path.replace(/\/+$/, '') || '/';
  }

  const account = optionalString(body.account, 'account');
  if (account !== null && !/^acct_[A-Za-z0-9]{1,250}$/.test(account)) throw invalidRequest("Invalid account: must be an account id such as 'acct_123'.", { param: 'account' });

  const count = body.count === undefined ? 1 : integer(body.count, 'count', 1, MAX_FAULT_COUNT);
  const when = body.when === undefined ? 'before' : oneOf(body.when, 'when', ['before', 'after'] as const);
  if (when === 'after' && (type === 'rate_limit' || type === 'lock_timeout')) {
    throw invalidRequest(`Invalid when: a ${type} fault can only happen before the request runs (Stripe never runs a request it answers with a 429).`, { param: 'when' });
  }

  let reason: RateLimitedReason | null = null;
  if (body.reason !== undefined) {
    if (type !== 'rate_limit') throw invalidRequest('Invalid reason: only a rate_limit fault has a reason (its Stripe-Rate-Limited-Reason header).', { param: 'reason' });
    reason = oneOf(body.reason, 'reason', RATE_LIMITED_REASONS);
  } else if (type === 'rate_limit') reason = 'global-rate';

  let hangMs: number | null = null;
  if (body.hang_ms !== undefined) {
    if (type !== 'timeout') throw invalidRequest('Invalid hang_ms: only a timeout fault has hang_ms.', { param: 'hang_ms' });
    hangMs = integer(body.hang_ms, 'hang_ms', 0, MAX_HANG_MS);
  } else if (type === 'timeout') hangMs = DEFAULT_HANG_MS;

  return { type, method, path, account, when, count, reason, hangMs };
}

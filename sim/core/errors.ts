// The one place where Stripe-shaped errors are built. Every error the simulator returns goes through
// `StripeError#toJSON()`, which produces Stripe's envelope `{ error: { type, code?, ... } }`.

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorInit {
  status: number;
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  /** Default: the error code's page; null for none (codes Stripe does not document, such as property_expansion_max_depth). */
  doc_url?: string | null;
  /** Additional top-level members of the error object (charge, payment_intent, payment_method, setup_intent ...). */
  extra?: Record<string, unknown>;
  /** Response headers to add (e.g. Stripe-Should-Retry). */
  headers?: Record<string, string>;
  /** No `request_log_url` (a request refused before it reached an account's log: bad key, unknown URL). */
  unlogged?: boolean;
}

const DOCS = 'https://stripe.com/docs/error-codes';

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code?: string;
  readonly decline_code?: string;
  readonly param?: string;
  readonly doc_url?: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly unlogged: boolean;

  constructor(init: StripeErrorInit) {
    super(init.message);
    this.name = 'StripeError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.decline_code = init.decline_code;
    this.param = init.param;
    this.doc_url = init.doc_url === null ? undefined : (init.doc_url ?? (init.code ? `${DOCS}/${init.code.replace(/_/g, '-')}` : undefined));
    this.extra = init.extra ?? {};
    this.headers = init.headers ?? {};
    this.unlogged = init.unlogged === true;
  }

  /** Stripe's envelope. Field order follows Stripe's responses. */
  toJSON(): { error: Record<string, unknown> } {
    const e: Record<string, unknown> = {};
    if (this.code !== undefined) e.code = this.code;
    if (this.decline_code !== undefined) e.decline_code = this.decline_code;
    if (this.doc_url !== undefined) e.doc_url = this.doc_url;
    e.message = this.message;
    if (this.param !== undefined) e.param = this.param;
    Object.assign(e, this.extra);
    e.type = this.type;
    return { error: e };
  }
}

// ---- factories for the common cases (messages as Stripe words them) ----

export function invalidRequest(message: string, opts: { param?: string; code?: string; status?: number } = {}): StripeError {
  return new StripeError({ status: opts.status ?? 400, type: 'invalid_request_error', message, param: opts.param, code: opts.code });
}

export function parameterMissing(param: string): StripeError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });
}

export function parameterUnknown(param: string): StripeError {
  return invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });
}

export function parameterInvalidEmpty(param: string): StripeError {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { param, code: 'parameter_invalid_empty' },
  );
}

export function parameterInvalidInteger(param: string, value: string): StripeError {
  return invalidRequest(`Invalid integer: ${value}`, { param, code: 'parameter_invalid_integer' });
}

/**
 * `No such customer: 'cus_123'` (404 resource_missing). `kind` is the object name with underscores. `status` 400 for
 * an id Stripe refuses as a bad parameter rather than a missing URL (a list cursor).
 */
export function resourceMissing(kind: string, id: string, param = 'id', status: 400 | 404 = 404): StripeError {
  return new StripeError({
    status,
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${kind}: '${id}'`,
  });
}

export function apiError(message = 'An unknown error occurred while processing your request. Please retry or contact us at https://support.stripe.com/contact.'): StripeError {
  return new StripeError({ status: 500, type: 'api_error', message });
}

/**
 * Stripe's 404 for a URL no route matches. A URL with an empty segment (a trailing slash, an empty id) gets Stripe's
 * hint about it.
 */
export function unrecognizedUrl(method: string, path: string, emptySegment = /\/\/|.\/$/.test(path)): StripeError {
  const hint = emptySegment
    ? ' If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code.'
    : '';
  return new StripeError({
    status: 404,
    type: 'invalid_request_error',
    unlogged: true,
    message: `Unrecognized request URL (${method}: ${path}).${hint} Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/**
 * Masks a key as Stripe does in error messages: its prefix, one `*` per hidden character, its last 4
 * (`sk_test_placeholder` -> `sk_test_*******lder`). A key shorter than 8 characters is all stars.
 */
export function maskKey(key: string): string {
  const m = /^((?:sk|pk|rk)_(?:test|live)_)/.exec(key);
  const prefix = m ? m[1] : '';
  const rest = key.slice(prefix.length, 200);
  if (rest.length < 8) return prefix + '*'.repeat(rest.length);
  return `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

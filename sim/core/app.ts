// createSimulator(): the Stripe test-mode simulator as a Hono app (`app.fetch(Request)` runs anywhere)
// plus control methods. No Node APIs here: Web Crypto, fetch, TextEncoder only.
//
// Request pipeline for /v1 (one place, every route):
//   CORS preflight -> auth (secret/publishable key, Bearer or Basic) -> Stripe-Version -> Stripe-Account
//   -> armed faults (sim/core/faults.ts; a counter check when none) -> route match (JSON 404 otherwise)
//   -> publishable-key check -> form/query parsing -> schema validation
//   -> idempotency (replay / 400 mismatch / 409 in flight) -> handler in ONE store transaction
//   -> version rendering + expand -> idempotency record (same transaction) -> after-commit hooks.

import { Hono } from 'hono';
import { createClock, type Clock } from './clock.ts';
import { ApiResult, createContext, type StripeObject } from './context.ts';
import { apiError, invalidRequest, maskKey, StripeError, unrecognizedUrl } from './errors.ts';
import { Events, type EventObject } from './events.ts';
import { applyExpand } from './expand.ts';
import { assign, canonicalForm, emptyForm, parseForm, type FormObject } from './form.ts';
import { newRequestId } from './ids.ts';
import { validate, type Schema } from './params.ts';
import { Router, type RouteDef } from './router.ts';
import type { Store } from './store.ts';
import { DEFAULT_API_VERSION, parseVersion, renderForVersion, type ApiVersion } from './versions.ts';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_RETRY_SCHEDULE, WebhookDispatcher } from './webhooks.ts';
import { builtinResources } from './resources/index.ts';
import { registerControlPlane } from './control.ts';
import { FaultInjector, faultOutcome, type Fault, type FaultOutcome } from './faults.ts';

export const DEFAULT_KEYS = {
  secret: 'sk_test_ck_simulator_secret_key_0000000000',
  publishable: 'pk_test_ck_simulator_publishable_key_00000',
} as const;
export const DEFAULT_PLATFORM_ACCOUNT = 'acct_1CkSimPlatform01';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_QUERY_BYTES = 64 * 1024;

export interface SimKeys {
  secret: string;
  publishable: string;
}

export interface Branding {
  platform_name: string;
  icon_url: string | null;
  primary_color: string;
}

export interface SimSettings {
  /** Artificial latency added to every /v1 request after its idempotency key is reserved (ms). */
  latencyMs: number;
  /** Seconds to wait after the n-th failed delivery attempt; its length is the number of retries. */
  webhookRetrySchedule: number[];
  webhookTimeoutMs: number;
  branding: Branding;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export type ResourceModule = (sim: Simulator) => void;

/** Cross-resource services a module can provide to others (set by the module that owns the behaviour). */
export interface SimServices {
  /** Attaches a PaymentMethod (id or test id such as pm_card_visa) to a customer; throws Stripe errors. Set by payment_methods. */
  attachPaymentMethod?: (ctx: import('./context.ts').RequestContext, paymentMethod: string, customer: string, param: string) => void;
  [name: string]: unknown;
}
/** Adds non-/v1 routes (browser assets: `/js/...`, `/pages/...`, `/3ds/...`). */
export type ExtraRoutes = (app: Hono, sim: Simulator) => void;

export interface SimulatorOptions {
  store: Store;
  clock?: Clock;
  /** Public URL of the simulator (e.g. `http://127.0.0.1:12111`); used for URLs it hands out. */
  baseUrl: string;
  keys?: Partial<SimKeys>;
  platformAccount?: string;
  defaultVersion?: ApiVersion;
  /** Used for webhook deliveries (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Resource modules registering /v1 routes (default: builtinResources). Extra ones are added with `resources`. */
  resources?: ResourceModule[];
  extraRoutes?: ExtraRoutes | ExtraRoutes[];
  /** @deprecated alias of extraRoutes */
  assets?: ExtraRoutes | ExtraRoutes[];
  settings?: Partial<SimSettings>;
  logger?: Logger;
  /** Start the webhook scheduler immediately (default true). */
  startWebhooks?: boolean;
}

const DEFAULT_BRANDING: Branding = { platform_name: 'Checkout Kit Simulator', icon_url: null, primary_color: '#635bff' };

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Account, Stripe-Version, X-Stripe-Client-User-Agent, User-Agent',
  'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed, Original-Request, Stripe-Should-Retry',
  'Access-Control-Max-Age': '300',
};

interface Auth {
  keyType: 'secret' | 'publishable';
  key: string;
}

/**
 * A /v1 request as any transport hands it to the pipeline: the Hono app wraps a Web `Request`
 * (`requestFromWeb`), the Node server its `IncomingMessage` directly (sim/node/server.ts), so the hot path
 * builds no Request/Response objects there.
 */
export interface V1Request {
  /** Upper-case method. */
  method: string;
  /** The URL's path as `new URL()` normalises it, e.g. `/v1/customers`. */
  pathname: string;
  /** The URL's query with its `?` (`''` when none), as `URL.search`. */
  search: string;
  /** A request header by lower-case name, or null. */
  header(name: string): string | null;
  /**
   * The body as UTF-8 text. Rejects when the body cannot be read; may throw `bodyTooLarge()` as soon as it
   * exceeds MAX_BODY_BYTES.
   */
  text(): Promise<string>;
}

/** What the pipeline answers: the body is the exact text to send (null for 204). */
export interface V1Response {
  status: number;
  headers: Record<string, string>;
  body: string | null;
  /** Set by an injected fault: send nothing and close the connection after this many ms (0: at once). */
  drop?: number;
}

/** The 400 for a body over MAX_BODY_BYTES (transports may throw it while reading). */
export function bodyTooLarge(): StripeError {
  return invalidRequest(`Request body too large: at most ${MAX_BODY_BYTES} bytes are accepted.`);
}

/** Adapts a Web Request (Hono, the browser runtime) to the pipeline. */
export function requestFromWeb(req: Request): V1Request {
  const url = new URL(req.url);
  return {
    method: req.method.toUpperCase(),
    pathname: url.pathname,
    search: url.search,
    header: (name) => req.headers.get(name),
    text: () => req.text(),
  };
}

/** Every /v1 answer carries these (JSON, no caching, CORS for the Stripe.js shim). */
const V1_HEADERS: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, no-store', ...CORS_HEADERS };

/** How many /v1 errors the request log keeps. */
export const REQUEST_LOG_SIZE = 1000;

/** One logged /v1 error (`GET /_sim/requests/:id`). */
export interface RequestLogEntry {
  id: string;
  object: 'sim_request';
  created: number;
  method: string;
  path: string;
  status: number;
  error: Record<string, unknown>;
}

interface EndpointCacheEntry {
  id: string;
  enabled_events: string[];
  status: string;
  connect?: boolean;
}

export class Simulator {
  readonly app: Hono;
  readonly store: Store;
  readonly clock: Clock;
  readonly baseUrl: string;
  readonly keys: SimKeys;
  readonly platformAccount: string;
  readonly defaultVersion: ApiVersion;
  readonly router = new Router();
  readonly events: Events;
  readonly webhooks: WebhookDispatcher;
  readonly fetch: typeof fetch;
  settings: SimSettings;
  /** Services resource modules offer each other (see SimServices). */
  readonly services: SimServices = {};
  /** API faults armed through the control plane (process state, cleared by reset). */
  readonly faults = new FaultInjector();
  private readonly logger: Logger;
  private readonly inFlight = new Set<string>();
  /** The last REQUEST_LOG_SIZE /v1 errors by request id: what each error's `request_log_url` shows (process state). */
  private readonly requestLog = new Map<string, RequestLogEntry>();
  private endpointCache = new Map<string, EndpointCacheEntry[]>();
  private clockHooks: ((seconds: number) => void)[] = [];
  private resetHooks: (() => void)[] = [];
  private lastPurgeMs = 0;

  constructor(opts: SimulatorOptions) {
    this.store = opts.store;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.keys = { ...DEFAULT_KEYS, ...opts.keys };
    this.platformAccount = opts.platformAccount ?? DEFAULT_PLATFORM_ACCOUNT;
    this.defaultVersion = opts.defaultVersion ?? DEFAULT_API_VERSION;
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.logger = opts.logger ?? defaultLogger;
    const savedOffset = Number(this.store.getMeta('clock_offset_ms') ?? '0');
    this.clock = opts.clock ?? createClock(Number.isFinite(savedOffset) ? savedOffset : 0);
    this.settings = {
      latencyMs: 0,
      webhookRetrySchedule: [...DEFAULT_RETRY_SCHEDULE],
      webhookTimeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS,
      branding: { ...DEFAULT_BRANDING },
      ...loadSettings(this.store),
      ...opts.settings,
    };
    this.events = new Events(this);
    this.webhooks = new WebhookDispatcher(this);
    this.app = new Hono();

    for (const mod of opts.resources ?? builtinResources) mod(this);

    const app = this.app;
    app.options('/v1/*', () => new Response(null, { status: 204, headers: CORS_HEADERS }));
    app.all('/v1/*', (c) => this.handleV1(c.req.raw));
    app.all('/v1', (c) => this.handleV1(c.req.raw));
    registerControlPlane(app, this);
    const extras = [opts.extraRoutes ?? [], opts.assets ?? []].flat();
    for (const add of extras) add(app, this);
    app.notFound((c) => {
      const url = new URL(c.req.url);
      return this.json(unrecognizedUrl(c.req.method, url.pathname).toJSON(), 404, { 'Request-Id': newRequestId() });
    });
    app.onError((err) => {
      this.log('error', 'unhandled error', { error: errorSummary(err) });
      return this.json(apiError().toJSON(), 500, { 'Request-Id': newRequestId() });
    });
    if (opts.startWebhooks !== false) this.webhooks.start();
  }

  // ---------------------------------------------------------------- extension points

  /** Registers a /v1 route (resource modules call this). */
  route(def: RouteDef): void {
    this.router.add(def);
  }

  routes(): RouteDef[] {
    return this.router.all();
  }

  /** Called after `advanceClock` (e.g. to expire Checkout Sessions); runs outside any request. */
  onClockAdvance(fn: (seconds: number) => void): void {
    this.clockHooks.push(fn);
  }

  /** Called after `reset` to drop in-memory caches a module keeps. */
  onReset(fn: () => void): void {
    this.resetHooks.push(fn);
  }

  log(level: LogLevel, msg: string, extra?: Record<string, unknown>): void {
    this.logger(level, msg, extra);
  }

  // ---------------------------------------------------------------- control

  advanceClock(seconds: number): void {
    this.clock.advance(seconds);
    this.store.transaction(() => this.store.setMeta('clock_offset_ms', String(this.clock.offsetMs())));
    for (const fn of this.clockHooks) {
      try {
        fn(seconds);
      } catch (e) {
        this.log('error', 'clock hook failed', { error: errorSummary(e) });
      }
    }
    this.webhooks.kick();
  }

  reset(): void {
    this.store.transaction(() => {
      this.store.reset();
      this.store.setMeta('clock_offset_ms', '0');
    });
    this.clock.setOffsetMs(0);
    this.endpointCache.clear();
    this.inFlight.clear();
    this.requestLog.clear();
    this.faults.clear();
    for (const fn of this.resetHooks) fn();
  }

  updateSettings(patch: Partial<SimSettings>): SimSettings {
    this.settings = { ...this.settings, ...patch, branding: { ...this.settings.branding, ...patch.branding } };
    this.store.transaction(() => this.store.setMeta('settings', JSON.stringify(this.settings)));
    return this.settings;
  }

  /** Emits an event outside any request (clock-driven expiries, test helpers). Runs its own transaction. */
  emitSystem(account: string, type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): EventObject {
    const hooks: (() => void)[] = [];
    const ev = this.store.transaction(() =>
      this.events.emitFrom({ account, requestId: null, idempotencyKey: null, afterCommit: (fn) => hooks.push(fn) }, type, object, previousAttributes),
    );
    for (const h of hooks) h();
    return ev;
  }

  /** Enabled webhook endpoints of `account` subscribed to `type` (platform endpoints with connect=true see connected accounts' events). */
  endpointsFor(account: string, type: string): EndpointCacheEntry[] {
    // every event asks: no named closure here (tsx's keepNames makes each one a defineProperty call)
    const own = this.endpointsOf(account).filter((e) => endpointWants(e, type) && (account === this.platformAccount ? !e.connect : true));
    if (account === this.platformAccount) return own;
    return own.concat(this.endpointsOf(this.platformAccount).filter((e) => endpointWants(e, type) && e.connect === true));
  }

  private endpointsOf(account: string): EndpointCacheEntry[] {
    let list = this.endpointCache.get(account);
    if (!list) {
      list = [];
      let after: string | undefined;
      for (;;) {
        const page = this.store.list<EndpointCacheEntry>({ account, type: 'webhook_endpoint', limit: 100, startingAfter: after });
        list.push(...page.items.map((r) => r.data));
        if (!page.hasMore) break;
        after = page.items[page.items.length - 1].id;
      }
      this.endpointCache.set(account, list);
    }
    return list;
  }

  invalidateEndpoints(): void {
    this.endpointCache.clear();
  }

  close(): void {
    this.webhooks.stop();
  }

  // ---------------------------------------------------------------- auth

  /** Parses `Authorization` (Bearer or Basic) and checks the key. Throws Stripe's 401s (unlogged: no account's log). */
  authenticate(header: string | null): Auth {
    const key = extractKey(header);
    if (key === null) {
      throw new StripeError({
        status: 401,
        type: 'invalid_request_error',
        unlogged: true,
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      });
    }
    if (key === this.keys.secret) return { keyType: 'secret', key };
    if (key === this.keys.publishable) return { keyType: 'publishable', key };
    if (/^(sk|pk|rk)_live_/.test(key)) {
      throw new StripeError({
        status: 401,
        type: 'invalid_request_error',
        unlogged: true,
        message: `Invalid API Key provided: ${maskKey(key)}. This is a live mode key: the simulator only accepts test mode keys (sk_test_..., pk_test_...).`,
      });
    }
    throw new StripeError({ status: 401, type: 'invalid_request_error', unlogged: true, message: `Invalid API Key provided: ${maskKey(key)}` });
  }

  /**
   * A publishable key on a secret-key endpoint: Stripe answers 403 `secret_key_required` (the SDKs raise their
   * permission error: Stripe::PermissionError, StripePermissionError), with the message below.
   */
  private publishableRefused(): StripeError {
    return new StripeError({
      status: 403,
      type: 'invalid_request_error',
      code: 'secret_key_required',
      message:
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    });
  }

  /** The account a request acts on (`Stripe-Account`). */
  resolveAccount(header: string | null, auth: Auth): string {
    if (header === null || header === '' || header === this.platformAccount) return this.platformAccount;
    const rec = this.store.get(header);
    if (rec && rec.type === 'account' && rec.account === this.platformAccount) return header;
    throw new StripeError({
      status: 403,
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key '${maskKey(auth.key)}' does not have access to account '${header.slice(0, 100)}' (or that account does not exist). Application access may have been revoked.`,
    });
  }

  // ---------------------------------------------------------------- request log

  /**
   * Where an error's `request_log_url` points. Stripe links each error to its Dashboard request log; the
   * simulator's log of a request is on its control plane (`GET /_sim/requests/:id`, secret key).
   */
  requestLogUrl(requestId: string): string {
    return `${this.baseUrl}/_sim/requests/${requestId}`;
  }

  /** A logged /v1 error answer (undefined once it fell out of the log, or after a reset). */
  loggedRequest(requestId: string): RequestLogEntry | undefined {
    return this.requestLog.get(requestId);
  }

  /** Adds `request_log_url` to an error envelope (as Stripe does, before `type`) and logs the request. */
  private logError(envelope: unknown, req: { requestId: string; method: string; path: string; status: number }): unknown {
    if (!envelope || typeof envelope !== 'object' || !('error' in envelope)) return envelope;
    const { type, ...rest } = (envelope as { error: Record<string, unknown> }).error;
    const error = { ...rest, request_log_url: this.requestLogUrl(req.requestId), type };
    this.requestLog.set(req.requestId, {
      id: req.requestId,
      object: 'sim_request',
      created: this.clock.now(),
      method: req.method,
      path: req.path,
      status: req.status,
      error,
    });
    if (this.requestLog.size > REQUEST_LOG_SIZE) this.requestLog.delete(this.requestLog.keys().next().value as string);
    return { ...(envelope as object), error };
  }

  // ---------------------------------------------------------------- /v1 pipeline

  json(body: unknown, status: number, headers: Record<string, string> = {}, text?: string): Response {
    return new Response(text ?? JSON.stringify(body, null, 2), {
      status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, no-store', ...CORS_HEADERS, ...headers },
    });
  }

  async handleV1(req: Request): Promise<Response> {
    const out = await this.serveV1(requestFromWeb(req));
    if (out.drop !== undefined) {
      // no connection to close here: the closest a Web Response gets is a network error, after the hang
      if (out.drop > 0) await new Promise((r) => (setTimeout(r, out.drop) as unknown as { unref?: () => void }).unref?.());
      return Response.error();
    }
    return new Response(out.body, { status: out.status, headers: out.headers });
  }

  /** A V1Response with the /v1 headers (`text` is sent as is, or `body` serialised as Stripe does). */
  private reply(body: unknown, status: number, headers: Record<string, string>, text?: string): V1Response {
    return { status, headers: { ...V1_HEADERS, ...headers }, body: text ?? JSON.stringify(body, null, 2) };
  }

  /** The /v1 pipeline (see the top of this file), independent of the HTTP transport. */
  async serveV1(req: V1Request): Promise<V1Response> {
    const requestId = newRequestId();
    const headers: Record<string, string> = { 'Request-Id': requestId };
    let idemSlot: string | null = null;
    try {
      const method = req.method;
      const pathname = req.pathname;
      const search = req.search;
      if (search.length > MAX_QUERY_BYTES) {
        throw new StripeError({ status: 414, type: 'invalid_request_error', message: `Request URL too long: query strings are limited to ${MAX_QUERY_BYTES} bytes.` });
      }
      if (method === 'OPTIONS') return { status: 204, headers: { ...CORS_HEADERS }, body: null };
      const auth = this.authenticate(req.header('authorization'));
      const version = parseVersion(req.header('stripe-version'), this.defaultVersion);
      headers['Stripe-Version'] = version;
      const account = this.resolveAccount(req.header('stripe-account'), auth);
      // Faults match paths without their trailing slash (sim/core/faults.ts).
      const path = pathname.replace(/\/+$/, '') || '/';
      let lateFault: Fault | null = null;
      if (this.faults.armed !== 0) {
        // a fault that fails the request before it runs wins; otherwise one may fail it after it ran
        const f = this.faults.find(method, path, account, 'before');
        if (f !== null && this.faults.take(f, requestId)) return this.faultReply(faultOutcome(f, false), headers);
        lateFault = this.faults.find(method, path, account, 'after');
      }
      // Stripe routes a URL exactly: `/v1/customers/` (or an empty id, `/v1/customers//x`) is an unrecognized URL.
      if (path !== pathname) throw unrecognizedUrl(method, pathname, true);
      const match = this.router.match(method, path);
      if (!match) throw unrecognizedUrl(method, pathname);
      const def = match.def;
      if (auth.keyType === 'publishable' && def.auth !== 'publishable') throw this.publishableRefused();

      // ---- parameters
      const raw = await readParams(req, search);
      const schema = schemaFor(def, version);
      const params = validate(schema, raw);
      const expand = (params.expand as string[] | null | undefined) ?? null;
      delete params.expand;

      // ---- idempotency (POST only, as on Stripe)
      const idemKey = method === 'POST' ? req.header('idempotency-key') : null;
      let fingerprint = '';
      if (idemKey !== null) {
        headers['Idempotency-Key'] = idemKey;
        // Stripe: "Idempotency keys are up to 255 characters long"; its refusal is a 400 idempotency_error.
        if (idemKey.length > MAX_IDEMPOTENCY_KEY_LENGTH || idemKey.trim() === '') {
          throw new StripeError({
            status: 400,
            type: 'idempotency_error',
            message: `Idempotent key length is ${idemKey.trim() === '' ? 0 : idemKey.length} characters long, which is outside accepted lengths. Idempotent Keys must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122.`,
          });
        }
        this.maybePurge();
        fingerprint = canonicalForm(raw);
        const prev = this.store.getIdempotency(account, idemKey);
        if (prev && prev.createdMs >= this.clock.nowMs() - IDEMPOTENCY_WINDOW_MS) {
          if (prev.method !== method || prev.path !== path || prev.fingerprint !== fingerprint) {
            throw new StripeError({
              status: 400,
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            });
          }
          if (this.store.durable) await this.store.durable();
          return this.reply(null, prev.status, { ...headers, 'Idempotent-Replayed': 'true', 'Original-Request': prev.requestId }, prev.body);
        }
        const slot = `${account}\0${idemKey}`;
        if (this.inFlight.has(slot)) {
          throw new StripeError({
            status: 409,
            type: 'invalid_request_error',
            code: 'idempotency_key_in_use',
            message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idemKey}. Please try again later.`,
            headers: { 'Stripe-Should-Retry': 'true' },
          });
        }
        this.inFlight.add(slot);
        idemSlot = slot;
        // Stripe names the request that produced a key's result on every idempotent answer: itself the first time,
        // the original one on a replay (`Original-Request`, beside the replay's own `Request-Id`).
        headers['Original-Request'] = requestId;
      }
      if (this.settings.latencyMs > 0) await new Promise((r) => setTimeout(r, this.settings.latencyMs));

      // ---- execute
      const ctx = createContext({
        sim: this,
        account,
        keyType: auth.keyType,
        version,
        method,
        path,
        pathParams: match.pathParams,
        expand: expand ?? [],
        params,
        rawParams: raw,
        requestId,
        idempotencyKey: idemKey,
        origin: req.header('origin'),
      });
      let out: { status: number; text: string; headers: Record<string, string>; drop?: number };
      try {
        out = this.store.transaction(() => {
          const result = def.handler(ctx);
          let status = 200;
          let body: unknown = result;
          let extraHeaders: Record<string, string> = {};
          let isError = false;
          if (result instanceof ApiResult) {
            status = result.status;
            body = result.body;
            extraHeaders = result.headers;
            isError = result.isError;
          }
          if (!isError) body = applyExpand(ctx, renderBody(body, version), expand);
          else body = this.logError(body, { requestId, method, path: pathname, status });
          let text = JSON.stringify(body, null, 2);
          // a `when=after` fault: the request ran; an injected 500 replaces its result (and is what the key saves)
          const late = lateFault !== null && this.faults.take(lateFault, requestId) ? faultOutcome(lateFault, idemKey !== null) : null;
          if (late !== null && 'status' in late) ({ status, text, headers: extraHeaders } = late);
          if (idemKey !== null) {
            this.store.putIdempotency({ account, key: idemKey, method, path, fingerprint, status, body: text, requestId, createdMs: this.clock.nowMs() });
          }
          return { status, text, headers: extraHeaders, drop: late !== null && 'drop' in late ? late.drop : undefined };
        });
      } catch (e) {
        if (e instanceof StripeError) throw e; // rejected: nothing was executed, nothing stored
        this.log('error', 'handler failed', { requestId, method, path, error: errorSummary(e) });
        const text = JSON.stringify(this.logError(apiError().toJSON(), { requestId, method, path: pathname, status: 500 }), null, 2);
        if (idemKey !== null) {
          try {
            this.store.transaction(() =>
              this.store.putIdempotency({ account, key: idemKey, method, path, fingerprint, status: 500, body: text, requestId, createdMs: this.clock.nowMs() }),
            );
          } catch (e2) {
            this.log('error', 'could not store idempotent 500', { error: errorSummary(e2) });
          }
        }
        return this.reply(null, 500, headers, text);
      }
      if (this.store.durable) {
        try {
          await this.store.durable();
        } catch (e) {
          this.log('error', 'commit failed', { requestId, error: errorSummary(e) });
          return this.reply(this.logError(apiError().toJSON(), { requestId, method: req.method, path: req.pathname, status: 500 }), 500, headers);
        }
      }
      for (const hook of ctx.commitHooks) {
        try {
          hook();
        } catch (e) {
          this.log('error', 'after-commit hook failed', { requestId, error: errorSummary(e) });
        }
      }
      if (out.drop !== undefined) return { status: 0, headers: {}, body: null, drop: out.drop };
      return this.reply(null, out.status, { ...headers, ...out.headers }, out.text);
    } catch (e) {
      const where = { requestId, method: req.method, path: req.pathname };
      if (e instanceof StripeError) {
        const body = e.unlogged ? e.toJSON() : this.logError(e.toJSON(), { ...where, status: e.status });
        return this.reply(body, e.status, { ...headers, ...e.headers });
      }
      this.log('error', 'request failed', { requestId, error: errorSummary(e) });
      return this.reply(this.logError(apiError().toJSON(), { ...where, status: 500 }), 500, headers);
    } finally {
      if (idemSlot !== null) this.inFlight.delete(idemSlot);
    }
  }

  /** The answer to a request an injected fault fails before it runs. */
  private faultReply(o: FaultOutcome, headers: Record<string, string>): V1Response {
    return 'drop' in o ? { status: 0, headers: {}, body: null, drop: o.drop } : this.reply(null, o.status, { ...headers, ...o.headers }, o.text);
  }

  private maybePurge(): void {
    const now = this.clock.nowMs();
    if (now - this.lastPurgeMs < 60_000) return;
    this.lastPurgeMs = now;
    this.store.transaction(() => this.store.purgeIdempotency(now - IDEMPOTENCY_WINDOW_MS));
  }
}

/** An enabled endpoint subscribed to events of `type` (or to all, `*`). */
function endpointWants(e: EndpointCacheEntry, type: string): boolean {
  return e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type));
}

const EMPTY_SCHEMA: Schema = {};
/** Versioned schemas are pure functions of the version: built once per (route, version), not per request. */
const versionedSchemas = new WeakMap<(version: ApiVersion) => Schema, Map<ApiVersion, Schema>>();
function schemaFor(def: RouteDef, version: ApiVersion): Schema {
  const params = def.params;
  if (typeof params !== 'function') return params ?? EMPTY_SCHEMA;
  let byVersion = versionedSchemas.get(params);
  if (!byVersion) {
    byVersion = new Map();
    versionedSchemas.set(params, byVersion);
  }
  let schema = byVersion.get(version);
  if (!schema) {
    schema = params(version);
    byVersion.set(version, schema);
  }
  return schema;
}

/** Renders a handler's result for the request's version (objects, lists and `deleted` stubs). */
export function renderBody(body: unknown, version: ApiVersion): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const o = body as Record<string, unknown>;
  if ((o.object === 'list' || o.object === 'search_result') && Array.isArray(o.data)) {
    return { ...o, data: o.data.map((d) => (d && typeof d === 'object' ? renderForVersion(d as Record<string, unknown>, version) : d)) };
  }
  return renderForVersion(o, version);
}

function extractKey(header: string | null): string | null {
  if (!header) return null;
  const h = header.trim();
  const sp = h.indexOf(' ');
  if (sp < 0) return null;
  const scheme = h.slice(0, sp).toLowerCase();
  const cred = h.slice(sp + 1).trim();
  if (cred === '') return null;
  if (scheme === 'bearer') return cred;
  if (scheme === 'basic') {
    let decoded: string;
    try {
      decoded = atob(cred);
    } catch {
      return cred;
    }
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
    return user === '' ? null : user;
  }
  return null;
}

async function readParams(req: V1Request, search: string): Promise<FormObject> {
  const raw = search.length > 1 ? parseForm(search.slice(1)) : emptyForm();
  if (req.method === 'GET' || req.method === 'HEAD') return raw;
  const len = Number(req.header('content-length') ?? '0');
  if (len > MAX_BODY_BYTES) throw bodyTooLarge();
  let text: string;
  try {
    text = await req.text();
  } catch (e) {
    if (e instanceof StripeError) throw e;
    throw invalidRequest('Could not read the request body.');
  }
  if (text.length > MAX_BODY_BYTES) throw bodyTooLarge();
  if (!text) return raw;
  const body = parseForm(text);
  for (const k of Object.keys(body)) mergeInto(raw, k, body[k]);
  return raw;
}

function mergeInto(root: FormObject, key: string, value: FormObject[string]): void {
  if (typeof value === 'string') assign(root, key, value);
  else Object.defineProperty(root, key, { value, enumerable: true, writable: true, configurable: true });
}

function loadSettings(store: Store): Partial<SimSettings> {
  const s = store.getMeta('settings');
  if (!s) return {};
  try {
    return JSON.parse(s) as Partial<SimSettings>;
  } catch {
    return {};
  }
}

export function errorSummary(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(e);
}

const defaultLogger: Logger = (level, msg, extra) => {
  if (level === 'error' || level === 'warn') console.error(`[sim] ${level}: ${msg}`, extra ?? '');
};

/** Creates a simulator. `sim.app.fetch(request)` serves it. */
export function createSimulator(opts: SimulatorOptions): Simulator {
  return new Simulator(opts);
}

// What a resource handler gets: the request (validated params, version, account, key type), the store
// scoped to the account, the clock, id generation, events, lists and committed error responses.

import { invalidRequest, resourceMissing, StripeError } from './errors.ts';
import type { FormObject } from './form.ts';
import { newId } from './ids.ts';
import type { RangeFilter } from './params.ts';
import type { IndexValues, ObjectRecord, Store } from './store.ts';
import type { ApiVersion } from './versions.ts';
import type { Simulator } from './app.ts';
import type { Clock } from './clock.ts';

export interface StripeObject {
  id: string;
  object: string;
  [k: string]: unknown;
}

export interface ListObject<T = StripeObject> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** A response with an explicit status (used for committed errors such as card declines). */
export class ApiResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    /** True when `body` is an error envelope: it is not rendered/expanded. */
    readonly isError = false,
  ) {}
}

export interface ListOptions<T> {
  /** Equality filters on index values (arrays mean IN). */
  where?: Record<string, string | readonly string[] | null | undefined>;
  created?: (RangeFilter & { eq?: number }) | null;
  filter?: (data: T) => boolean;
  /** The list's `url` (default: the request path). */
  url?: string;
  /** Display name for resource_missing errors on starting_after/ending_before (default: the type). */
  kind?: string;
  /** The error for an unknown cursor when Stripe words it otherwise than `No such <kind>: '<id>'`. */
  missingCursor?: (id: string, param: 'starting_after' | 'ending_before') => StripeError;
}

export interface EmitOptions {
  previousAttributes?: Record<string, unknown>;
  /** Account the event belongs to (default: the request's account). */
  account?: string;
  /** Raised by Stripe on its own (e.g. settling an asynchronous capture) though a request ran it: `request` is null. */
  automatic?: boolean;
  /**
   * The object is exactly as this request last wrote it (ctx.insert / ctx.update of this very object, nothing in it
   * changed since, nested objects included): the event embeds the JSON written then instead of serialising the
   * object again. A hot-path saving for handlers that write then emit; wrong when the object changed in between.
   */
  asWritten?: boolean;
}

export interface RequestContext {
  readonly sim: Simulator;
  readonly store: Store;
  readonly clock: Clock;
  /** Account the request acts on: the `Stripe-Account` header's, or the platform's. */
  readonly account: string;
  readonly platformAccount: string;
  readonly keyType: 'secret' | 'publishable';
  readonly version: ApiVersion;
  readonly method: string;
  readonly path: string;
  readonly pathParams: Record<string, string>;
  /** Validated parameters (see the route's schema); `expand` is removed and handled by the pipeline. */
  readonly params: Record<string, unknown>;
  /**
   * The request's `expand[]` paths. The pipeline applies them after the handler; a handler reads them only for a
   * field it must compute when asked (a search's `total_count`).
   */
  readonly expand: readonly string[];
  /** The raw parsed form, for handlers that need to know what was literally sent. */
  readonly rawParams: FormObject;
  /** The API request's id; null for work the simulator does on its own (timers, clock, hosted pages). */
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  /** The request's Origin header (browser calls), if any. */
  readonly origin: string | null;

  /** Simulator time, unix seconds. */
  now(): number;
  newId(prefix: string, length?: number): string;

  /** Looks up an object of this account; undefined when absent or of another type/account. */
  find<T = StripeObject>(id: string, type?: string): ObjectRecord<T> | undefined;
  /** Like find, but throws `No such <kind>: '<id>'` (404 resource_missing) with `param`. */
  get<T = StripeObject>(id: string, type: string, opts?: { param?: string; kind?: string }): T;
  /** Inserts a new object (type = data.object) for this account. */
  insert<T extends StripeObject>(data: T, index?: IndexValues, opts?: { account?: string }): T;
  update<T extends StripeObject>(data: T, index?: IndexValues): T;
  remove(id: string): void;

  /** A Stripe list of `type` for this account using the request's limit/starting_after/ending_before. */
  list<T extends StripeObject = StripeObject>(type: string, opts?: ListOptions<T>): ListObject<T>;
  /** The object type of the last list this request built (so `expand[]=data.x` is checked even when the page is empty). */
  readonly listType: string | undefined;

  /** Records an event (and schedules its webhook deliveries after commit). Returns the event object. */
  emit(type: string, object: StripeObject, opts?: EmitOptions): StripeObject;

  /** Commit this request's writes and answer with `err`'s status and envelope (stored for idempotent replay). */
  errorResponse(err: StripeError): ApiResult;
  /** Answer with an explicit status and body (rendered like a normal object). */
  respond(status: number, body: unknown, headers?: Record<string, string>): ApiResult;
  /** Runs after the transaction commits (never on rollback). */
  afterCommit(fn: () => void): void;
}

/** What a context is made of; the store, clock and platform account come from `sim`. */
export type ContextInit = Pick<
  RequestContext,
  'sim' | 'account' | 'keyType' | 'version' | 'method' | 'path' | 'pathParams' | 'params' | 'rawParams' | 'idempotencyKey' | 'origin'
> & {
  /** null when no API request caused the work: its events then carry `request.id: null`, as on Stripe. */
  requestId: string | null;
  /** Default: none. */
  expand?: readonly string[];
};

/** The concrete context: a class, so the methods live on the prototype (one small object per request). */
class Context implements RequestContext {
  readonly sim: Simulator;
  readonly store: Store;
  readonly clock: Clock;
  readonly account: string;
  readonly platformAccount: string;
  readonly keyType: 'secret' | 'publishable';
  readonly version: ApiVersion;
  readonly method: string;
  readonly path: string;
  readonly pathParams: Record<string, string>;
  readonly params: Record<string, unknown>;
  readonly expand: readonly string[];
  readonly rawParams: FormObject;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  readonly origin: string | null;
  readonly commitHooks: (() => void)[] = [];
  listType: string | undefined = undefined;
  /** The JSON of the last write of each object this request wrote, for events emitted `asWritten`. */
  private written: Map<string, { data: StripeObject; json: string }> | null = null;

  constructor(init: ContextInit) {
    this.sim = init.sim;
    this.store = init.sim.store;
    this.clock = init.sim.clock;
    this.platformAccount = init.sim.platformAccount;
    this.account = init.account;
    this.keyType = init.keyType;
    this.version = init.version;
    this.method = init.method;
    this.path = init.path;
    this.pathParams = init.pathParams;
    this.params = init.params;
    this.expand = init.expand ?? [];
    this.rawParams = init.rawParams;
    this.requestId = init.requestId;
    this.idempotencyKey = init.idempotencyKey;
    this.origin = init.origin;
  }

  now(): number {
    return this.clock.now();
  }

  newId(prefix: string, length?: number): string {
    return newId(prefix, length);
  }

  find<T>(id: string, type?: string): ObjectRecord<T> | undefined {
    const rec = this.store.get<T>(id);
    if (!rec || rec.account !== this.account) return undefined;
    if (type !== undefined && rec.type !== type) return undefined;
    return rec;
  }

  get<T>(id: string, type: string, opts: { param?: string; kind?: string } = {}): T {
    const rec = this.find<T>(id, type);
    if (!rec) throw resourceMissing(opts.kind ?? type, id, opts.param ?? 'id');
    return rec.data;
  }

  insert<T extends StripeObject>(data: T, index?: IndexValues, opts: { account?: string } = {}): T {
    const created = typeof data.created === 'number' ? data.created : this.clock.now();
    const json = JSON.stringify(data);
    this.store.insert({ id: data.id, type: data.object, account: opts.account ?? this.account, created, data, index, json });
    this.noteWritten(data, json);
    if (data.object === 'webhook_endpoint') this.commitHooks.push(() => this.sim.invalidateEndpoints());
    return data;
  }

  update<T extends StripeObject>(data: T, index?: IndexValues): T {
    const json = JSON.stringify(data);
    this.store.update(data.id, data, index, json);
    this.noteWritten(data, json);
    if (data.object === 'webhook_endpoint') this.commitHooks.push(() => this.sim.invalidateEndpoints());
    return data;
  }

  private noteWritten(data: StripeObject, json: string): void {
    (this.written ??= new Map()).set(data.id, { data, json });
  }

  remove(id: string): void {
    const rec = this.store.get(id);
    this.store.remove(id);
    if (rec?.type === 'webhook_endpoint') this.commitHooks.push(() => this.sim.invalidateEndpoints());
  }

  list<T extends StripeObject>(type: string, opts: ListOptions<T> = {}): ListObject<T> {
    this.listType = type;
    const limit = (this.params.limit as number | null | undefined) ?? 10;
    const startingAfter = (this.params.starting_after as string | null | undefined) ?? undefined;
    const endingBefore = (this.params.ending_before as string | null | undefined) ?? undefined;
    if (startingAfter !== undefined && endingBefore !== undefined) {
      throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'ending_before' });
    }
    for (const [param, id] of [
      ['starting_after', startingAfter],
      ['ending_before', endingBefore],
    ] as const) {
      // Stripe answers an unknown cursor with a 400 resource_missing naming the param (not a 404: the URL exists)
      if (id !== undefined && !this.find(id, type)) throw opts.missingCursor?.(id, param) ?? resourceMissing(opts.kind ?? type, id, param, 400);
    }
    const where: Record<string, string | readonly string[]> = {};
    // undefined or null (an empty query value) means "no filter"
    for (const [k, v] of Object.entries(opts.where ?? {})) if (v !== undefined && v !== null) where[k] = v;
    const res = this.store.list<T>({
      account: this.account,
      type,
      where,
      created: opts.created ?? undefined,
      limit,
      startingAfter,
      endingBefore,
      filter: opts.filter,
    });
    return { object: 'list', data: res.items.map((r) => r.data), has_more: res.hasMore, url: opts.url ?? this.path };
  }

  emit(type: string, object: StripeObject, opts: EmitOptions = {}): StripeObject {
    let json: string | undefined;
    if (opts.asWritten === true) {
      const w = this.written?.get(object.id);
      if (w !== undefined && w.data === object) json = w.json;
    }
    return this.sim.events.emit(this, type, object, opts, json);
  }

  errorResponse(err: StripeError): ApiResult {
    return new ApiResult(err.status, err.toJSON(), err.headers, true);
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
    return new ApiResult(status, body, headers);
  }

  afterCommit(fn: () => void): void {
    this.commitHooks.push(fn);
  }
}

export function createContext(init: ContextInit): RequestContext & { readonly commitHooks: (() => void)[] } {
  return new Context(init);
}

/**
 * Runs `work` once per account (the platform's and every connected account), each in its own transaction with a
 * system context, then runs that context's after-commit hooks (webhook deliveries). For work that the clock or the
 * simulator starts rather than a request: expiries, settlements.
 */
export function forEachAccount(sim: Simulator, path: string, work: (ctx: RequestContext) => void): void {
  const accounts = new Set<string>([sim.platformAccount]);
  let after: string | undefined;
  for (;;) {
    const page = sim.store.list<StripeObject>({ account: sim.platformAccount, type: 'account', limit: 100, startingAfter: after });
    for (const r of page.items) accounts.add(r.id);
    if (!page.hasMore || page.items.length === 0) break;
    after = page.items[page.items.length - 1].id;
  }
  for (const account of accounts) {
    const ctx = createContext({
      sim, account, keyType: 'secret', version: sim.defaultVersion, method: 'POST', path, pathParams: {},
      params: {}, rawParams: {}, requestId: null, idempotencyKey: null, origin: null,
    });
    sim.store.transaction(() => work(ctx));
    for (const hook of ctx.commitHooks) hook();
  }
}

// The storage contract. Synchronous, so better-sqlite3 (Node) and the in-memory store (tests, browser)
// both implement it; `transaction(fn)` wraps one API request: everything inside commits or rolls back together.
// Every object belongs to an account (the platform `acct_...` or a connected account).

import type { RangeFilter } from './params.ts';

export interface ObjectRecord<T = Record<string, unknown>> {
  id: string;
  /** Stripe object type (`customer`, `payment_intent`, `event` ...). */
  type: string;
  account: string;
  /** Unix seconds. */
  created: number;
  /** Monotonic insertion sequence: lists are ordered by it, newest first. */
  seq: number;
  data: T;
}

/** Secondary lookups: name -> value (null/undefined values are not indexed). e.g. `{ customer: 'cus_1', email: 'a@b.c' }`. */
export type IndexValues = Record<string, string | null | undefined>;

export interface InsertInput<T> {
  id: string;
  type: string;
  account: string;
  created: number;
  data: T;
  index?: IndexValues;
  /** `JSON.stringify(data)` when the caller has it already (stores write it as is instead of serialising again). */
  json?: string;
}

export interface ListQuery<T = Record<string, unknown>> {
  account: string;
  type: string;
  /** Equality (or IN for arrays) on indexed values. */
  where?: Record<string, string | readonly string[]>;
  created?: RangeFilter & { eq?: number };
  limit: number;
  /** Object ids (must exist; resolve them with `get` first to produce Stripe's error). */
  startingAfter?: string;
  endingBefore?: string;
  /** Extra predicate evaluated in order (for filters without an index). */
  filter?: (data: T) => boolean;
}

export interface ListResult<T> {
  items: ObjectRecord<T>[];
  hasMore: boolean;
}

export interface IdempotencyRecord {
  account: string;
  key: string;
  method: string;
  path: string;
  /** Canonical form of the request parameters. */
  fingerprint: string;
  status: number;
  /** Response body as sent. */
  body: string;
  requestId: string;
  /** Simulator time in ms. */
  createdMs: number;
}

export interface DeliveryAttempt {
  /** Simulator time, unix seconds. */
  at: number;
  /** HTTP status, or null when the request failed (connection refused, timeout). */
  status: number | null;
  durationMs: number;
  /** First 1,000 characters of the response body. */
  response: string | null;
  error: string | null;
}

export interface DeliveryRecord {
  id: string;
  account: string;
  eventId: string;
  endpointId: string;
  /** `pending`: will be (re)tried at `nextAttemptAtMs`; `succeeded`; `failed`: gave up. */
  status: 'pending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
  /** Simulator time in ms; null once finished. */
  nextAttemptAtMs: number | null;
  createdMs: number;
}

export interface DeliveryQuery {
  eventId?: string;
  endpointId?: string;
  status?: DeliveryRecord['status'];
  limit?: number;
}

export interface Store {
  readonly kind: string;
  transaction<R>(fn: () => R): R;
  /**
   * Optional group commit: resolves once everything written so far is committed. The pipeline awaits it
   * before answering, so a response never acknowledges a write that is not durable.
   */
  durable?(): Promise<void>;

  get<T = Record<string, unknown>>(id: string): ObjectRecord<T> | undefined;
  insert<T>(input: InsertInput<T>): ObjectRecord<T>;
  /** Replaces the data (and, when given, the index values) of an existing object; `json`: as InsertInput's. */
  update<T>(id: string, data: T, index?: IndexValues, json?: string): ObjectRecord<T>;
  remove(id: string): void;
  list<T = Record<string, unknown>>(q: ListQuery<T>): ListResult<T>;
  /** Number of objects, optionally of one type (bench, health). */
  count(type?: string): number;

  getIdempotency(account: string, key: string): IdempotencyRecord | undefined;
  putIdempotency(rec: IdempotencyRecord): void;
  /** Deletes records created before `beforeMs`; returns how many. */
  purgeIdempotency(beforeMs: number): number;

  insertDelivery(rec: DeliveryRecord): void;
  updateDelivery(rec: DeliveryRecord): void;
  getDelivery(id: string): DeliveryRecord | undefined;
  /** Newest first. */
  listDeliveries(q: DeliveryQuery): DeliveryRecord[];
  /** Pending deliveries due at or before `nowMs`, oldest first. */
  dueDeliveries(nowMs: number, limit: number): DeliveryRecord[];
  /** Earliest `nextAttemptAtMs` among pending deliveries. */
  nextDeliveryAtMs(): number | null;

  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;

  /** Deletes every object, idempotency record and delivery (meta is kept unless `meta` is true). */
  reset(opts?: { meta?: boolean }): void;
  close(): void;
}

export function matchesCreated(created: number, r: (RangeFilter & { eq?: number }) | undefined): boolean {
  if (!r) return true;
  if (r.eq !== undefined && created !== r.eq) return false;
  if (r.gt !== undefined && !(created > r.gt)) return false;
  if (r.gte !== undefined && !(created >= r.gte)) return false;
  if (r.lt !== undefined && !(created < r.lt)) return false;
  if (r.lte !== undefined && !(created <= r.lte)) return false;
  return true;
}

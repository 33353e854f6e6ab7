// In-memory Store (tests, and the browser build later). Objects are kept as JSON text so callers get
// fresh copies (no aliasing between requests), like the SQLite store. Transactions roll back through an undo log.

import {
  matchesCreated,
  type DeliveryQuery,
  type DeliveryRecord,
  type IdempotencyRecord,
  type IndexValues,
  type InsertInput,
  type ListQuery,
  type ListResult,
  type ObjectRecord,
  type Store,
} from './store.ts';

interface Row {
  id: string;
  type: string;
  account: string;
  created: number;
  seq: number;
  json: string;
  index: Record<string, string>;
}

function cleanIndex(index: IndexValues | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (index) for (const [k, v] of Object.entries(index)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function toRecord<T>(row: Row): ObjectRecord<T> {
  return { id: row.id, type: row.type, account: row.account, created: row.created, seq: row.seq, data: JSON.parse(row.json) as T };
}

/** Binary search: index of the first row with seq >= target in an ascending array. */
function lowerBound(rows: Row[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MemoryStore implements Store {
  readonly kind = 'memory';
  private rows = new Map<string, Row>();
  /** account + '\0' + type -> rows ascending by seq */
  private byType = new Map<string, Row[]>();
  private seq = 0;
  private idem = new Map<string, IdempotencyRecord>();
  private deliveries = new Map<string, string>();
  /** pending delivery id -> next attempt (ms), so the scheduler does not parse every delivery */
  private pending = new Map<string, number>();
  private meta = new Map<string, string>();
  private undo: (() => void)[] | null = null;

  transaction<R>(fn: () => R): R {
    if (this.undo) return fn(); // nested: part of the outer transaction
    this.undo = [];
    try {
      const r = fn();
      this.undo = null;
      return r;
    } catch (e) {
      const log = this.undo ?? [];
      this.undo = null;
      for (let i = log.length - 1; i >= 0; i--) log[i]();
      throw e;
    }
  }

  private record(undo: () => void): void {
    this.undo?.push(undo);
  }

  private bucket(account: string, type: string): Row[] {
    const k = `${account}\0${type}`;
    let b = this.byType.get(k);
    if (!b) {
      b = [];
      this.byType.set(k, b);
    }
    return b;
  }

  get<T>(id: string): ObjectRecord<T> | undefined {
    const row = this.rows.get(id);
    return row ? toRecord<T>(row) : undefined;
  }

  insert<T>(input: InsertInput<T>): ObjectRecord<T> {
    if (this.rows.has(input.id)) throw new Error(`duplicate object id ${input.id}`);
    const row: Row = {
      id: input.id,
      type: input.type,
      account: input.account,
      created: input.created,
      seq: ++this.seq,
      json: input.json ?? JSON.stringify(input.data),
      index: cleanIndex(input.index),
    };
    this.rows.set(row.id, row);
    const b = this.bucket(row.account, row.type);
    b.push(row);
    this.record(() => {
      this.rows.delete(row.id);
      const i = b.indexOf(row);
      if (i >= 0) b.splice(i, 1);
    });
    // the caller's own object, as the SQLite stores return it (a parse of what was just serialised costs as much again)
    return { id: row.id, type: row.type, account: row.account, created: row.created, seq: row.seq, data: input.data };
  }

  update<T>(id: string, data: T, index?: IndexValues, json?: string): ObjectRecord<T> {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no object ${id}`);
    const prevJson = row.json;
    const prevIndex = row.index;
    row.json = json ?? JSON.stringify(data);
    if (index) row.index = cleanIndex(index);
    this.record(() => {
      row.json = prevJson;
      row.index = prevIndex;
    });
    return { id: row.id, type: row.type, account: row.account, created: row.created, seq: row.seq, data };
  }

  remove(id: string): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.rows.delete(id);
    const b = this.bucket(row.account, row.type);
    const i = lowerBound(b, row.seq);
    if (b[i] === row) b.splice(i, 1);
    this.record(() => {
      this.rows.set(id, row);
      b.splice(lowerBound(b, row.seq), 0, row);
    });
  }

  list<T>(q: ListQuery<T>): ListResult<T> {
    const b = this.byType.get(`${q.account}\0${q.type}`) ?? [];
    const where = q.where ? Object.entries(q.where) : [];
    const match = (row: Row): boolean => {
      for (const [k, v] of where) {
        const have = row.index[k];
        if (have === undefined) return false;
        if (typeof v === 'string' ? have !== v : !v.includes(have)) return false;
      }
      if (!matchesCreated(row.created, q.created)) return false;
      if (q.filter && !q.filter(JSON.parse(row.json) as T)) return false;
      return true;
    };
    const out: Row[] = [];
    let hasMore = false;
    if (q.endingBefore !== undefined) {
      const anchor = this.rows.get(q.endingBefore);
      const start = anchor ? lowerBound(b, anchor.seq + 1) : b.length;
      for (let i = start; i < b.length; i++) {
        if (!match(b[i])) continue;
        if (out.length === q.limit) {
          hasMore = true;
          break;
        }
        out.push(b[i]);
      }
      out.reverse();
    } else {
      const anchor = q.startingAfter !== undefined ? this.rows.get(q.startingAfter) : undefined;
      const start = anchor ? lowerBound(b, anchor.seq) - 1 : b.length - 1;
      for (let i = start; i >= 0; i--) {
        if (!match(b[i])) continue;
        if (out.length === q.limit) {
          hasMore = true;
          break;
        }
        out.push(b[i]);
      }
    }
    return { items: out.map((r) => toRecord<T>(r)), hasMore };
  }

  count(type?: string): number {
    if (type === undefined) return this.rows.size;
    let n = 0;
    for (const [k, b] of this.byType) if (k.endsWith(`\0${type}`)) n += b.length;
    return n;
  }

  getIdempotency(account: string, key: string): IdempotencyRecord | undefined {
    const r = this.idem.get(`${account}\0${key}`);
    return r ? { ...r } : undefined;
  }

  putIdempotency(rec: IdempotencyRecord): void {
    const k = `${rec.account}\0${rec.key}`;
    const prev = this.idem.get(k);
    this.idem.set(k, { ...rec });
    this.record(() => {
      if (prev) this.idem.set(k, prev);
      else this.idem.delete(k);
    });
  }

  purgeIdempotency(beforeMs: number): number {
    let n = 0;
    for (const [k, r] of this.idem) {
      if (r.createdMs < beforeMs) {
        this.idem.delete(k);
        this.record(() => this.idem.set(k, r));
        n++;
      }
    }
    return n;
  }

  private setPending(rec: DeliveryRecord): void {
    if (rec.status === 'pending' && rec.nextAttemptAtMs !== null) this.pending.set(rec.id, rec.nextAttemptAtMs);
    else this.pending.delete(rec.id);
  }

  insertDelivery(rec: DeliveryRecord): void {
    this.deliveries.set(rec.id, JSON.stringify(rec));
    this.setPending(rec);
    this.record(() => {
      this.deliveries.delete(rec.id);
      this.pending.delete(rec.id);
    });
  }

  updateDelivery(rec: DeliveryRecord): void {
    const prev = this.deliveries.get(rec.id);
    this.deliveries.set(rec.id, JSON.stringify(rec));
    this.setPending(rec);
    this.record(() => {
      if (prev === undefined) {
        this.deliveries.delete(rec.id);
        this.pending.delete(rec.id);
      } else {
        this.deliveries.set(rec.id, prev);
        this.setPending(JSON.parse(prev) as DeliveryRecord);
      }
    });
  }

  getDelivery(id: string): DeliveryRecord | undefined {
    const j = this.deliveries.get(id);
    return j === undefined ? undefined : (JSON.parse(j) as DeliveryRecord);
  }

  private allDeliveries(): DeliveryRecord[] {
    return [...this.deliveries.values()].map((j) => JSON.parse(j) as DeliveryRecord);
  }

  listDeliveries(q: DeliveryQuery): DeliveryRecord[] {
    const all = this.allDeliveries()
      .filter((d) => (q.eventId === undefined || d.eventId === q.eventId) && (q.endpointId === undefined || d.endpointId === q.endpointId) && (q.status === undefined || d.status === q.status))
      .reverse();
    return q.limit === undefined ? all : all.slice(0, q.limit);
  }

  dueDeliveries(nowMs: number, limit: number): DeliveryRecord[] {
    return [...this.pending]
      .filter(([, at]) => at <= nowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id]) => this.getDelivery(id)!);
  }

  nextDeliveryAtMs(): number | null {
    let min: number | null = null;
    for (const at of this.pending.values()) if (min === null || at < min) min = at;
    return min;
  }

  getMeta(key: string): string | undefined {
    return this.meta.get(key);
  }

  setMeta(key: string, value: string): void {
    const prev = this.meta.get(key);
    this.meta.set(key, value);
    this.record(() => {
      if (prev === undefined) this.meta.delete(key);
      else this.meta.set(key, prev);
    });
  }

  reset(opts: { meta?: boolean } = {}): void {
    const maps: Map<string, unknown>[] = [this.rows, this.byType, this.idem, this.deliveries, this.pending];
    if (opts.meta) maps.push(this.meta);
    if (this.undo) {
      // undoable like any write: a transaction that throws after it keeps the store as it was
      const saved = maps.map((m) => new Map(m));
      this.record(() =>
        maps.forEach((m, i) => {
          m.clear();
          for (const [k, v] of saved[i]) m.set(k, v);
        }),
      );
    }
    for (const m of maps) m.clear();
  }

  close(): void {}
}

export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}

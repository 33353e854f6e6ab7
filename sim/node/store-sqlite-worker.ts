// SQLite Store whose writes run in a worker thread (writer-worker.js), so the request thread spends its time on
// the API and not on SQLite's page writes: the default for a database file.
//
// Same contract and same durability as SqliteStore (store-sqlite.ts): one transaction per API request, and no
// response before its writes are committed. How:
// - The request thread is the only producer of writes. Each write is applied at once to an in-memory overlay
//   (the newest state of every object, idempotency record, delivery and meta value written since the last
//   acknowledged batch) and appended as an operation to the batch of the current event-loop turn. A transaction
//   that throws undoes its overlay changes and drops its operations (nested ones roll back alone).
// - Once per turn the batch goes to the worker, which applies it in one SQLite transaction and acknowledges it.
//   `durable()` resolves when the batch holding everything written (or read from the overlay) so far is
//   acknowledged; the pipeline awaits it before answering. Acknowledged entries leave the overlay: SQLite has them.
// - Reads go to the overlay first, then to a read-only connection of this thread (WAL: readers never wait for the
//   writer). A list merges the two by seq; a row both in SQLite and in the overlay (committed, acknowledgement on
//   its way) is taken from the overlay. After `reset()` SQLite reads count as empty until the reset is committed.
// - seq (list order) is assigned here, so it is known before the worker writes the row.
// Lookups of keys never written (most idempotency keys, test ids, absent side records) skip SQLite: Bloom filters of
// every object id and idempotency key (key-filter.ts) say "absent" for sure. An insert checks its id against the
// overlay, the cache, and SQLite only when the filter says it may be there. A batch the worker cannot commit fails the
// requests waiting on it (500) and its entries leave the overlay.

import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { syncFile } from './sync-file.js';
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
} from '../core/store.ts';
import { KeyFilter } from './key-filter.ts';
import { cachedStatement, deliveryWhere, listQuery, SCHEMA, toRecord, type ObjRow } from './store-sqlite.ts';

type Op = (string | number | boolean | null)[];

/** Acknowledged objects kept in memory for reads (bounded: memory stays flat however many objects exist). */
const CACHE_SIZE = 4096;

/** An object as last written in the overlay (`gone`: removed). */
interface OvObject {
  gone: boolean;
  batch: number;
  seq: number;
  id: string;
  type: string;
  account: string;
  created: number;
  json: string;
  /** The index values as stored in `objects.idx` (null: a row older than that column, indexed by seq only). */
  idxText: string | null;
  index: Record<string, string>;
  /** Its operation while it is still in the unsent batch (later writes in the same batch amend it). */
  op: Op | null;
}

interface OvIdem {
  batch: number;
  rec: IdempotencyRecord | null;
}

interface OvDelivery {
  batch: number;
  seq: number;
  rec: DeliveryRecord;
}

interface OvMeta {
  batch: number;
  value: string | null;
}

/** From writer-worker.js: batches up to `ack` committed, or batches `from`..`fail` rolled back. */
interface WriterMessage {
  ack?: number;
  fail?: number;
  from?: number;
  error?: string;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

function cleanIndex(index: IndexValues | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (index) {
    for (const k in index) {
      const v = index[k];
      if (v !== null && v !== undefined) out[k] = v;
    }
  }
  return out;
}

function copyDelivery(rec: DeliveryRecord): DeliveryRecord {
  return JSON.parse(JSON.stringify(rec)) as DeliveryRecord;
}

export interface SqliteWorkerStoreOptions {
  /** Database file (a worker needs a file: `:memory:` databases are per connection). */
  path: string;
  /** `worker` (default): WAL checkpoints in checkpoint-worker.js; `auto`: SQLite's own, on the writer's commits. */
  checkpoint?: 'worker' | 'auto';
  /** Fill the idempotency key filter afresh at a purge once it holds this many keys and twice its last fill; 0: at every purge (tests). */
  idemKeyRefillAt?: number;
  /** Called once the file is released at close (every connection and worker closed): a temporary file's owner deletes it. */
  onClosed?: () => void;
}

export class SqliteWorkerStore implements Store {
  readonly kind = 'sqlite';
  /** The read connection (query_only). */
  readonly db: Database.Database;
  private readonly s;
  private readonly listCache = new Map<string, Database.Statement>();
  private readonly writer: Worker;
  private readonly port: MessagePort;
  private readonly closedFlag = new SharedArrayBuffer(4);
  private readonly checkpointerClosed = new SharedArrayBuffer(4);
  /** Bumped by the checkpoint worker after each checkpoint; the writer then copies the rest (writer-worker.js, "The log"). */
  private readonly checkpointsDone = new SharedArrayBuffer(4);
  /** Bumped by the checkpoint worker each time it makes the idle database durable. */
  private readonly idleSettled = new SharedArrayBuffer(4);
  private checkpointer: Worker | null = null;
  private broken: Error | null = null;
  private closed = false;

  private readonly objects = new Map<string, OvObject>();
  /**
   * Objects committed and acknowledged, most recently used last (at most CACHE_SIZE): this thread is the only
   * writer, so they are never stale; a confirmation reads back the PaymentIntent it created without SQL.
   */
  private readonly cache = new Map<string, OvObject>();
  private readonly idem = new Map<string, OvIdem>();
  private readonly deliveries = new Map<string, OvDelivery>();
  private readonly meta = new Map<string, OvMeta>();
  /** Keys written in each sent, unacknowledged batch, to drop from the overlay on its acknowledgement. */
  private readonly written = new Map<number, { objects: string[]; idem: string[]; deliveries: string[]; meta: string[] }>();
  private readonly waiters = new Map<number, Waiter[]>();

  /** The batch being filled (sent at the end of the turn), the last sent and the last acknowledged. */
  private current = 1;
  private sent = 0;
  private acked = 0;
  private ops: Op[] = [];
  private scheduled = false;
  /** The current batch waits for the one in flight to be acknowledged. */
  private deferred = false;
  /** Batch of the last reset (SQLite reads count as empty until it is acknowledged), with or without meta. */
  private resetBatch = 0;
  private metaResetBatch = 0;
  /** The last idempotency purge: until its batch is acknowledged, SQLite rows older than beforeMs count as gone. */
  private purge = { batch: 0, beforeMs: 0 };
  /** Undo log of the running transaction (null outside one). */
  private undo: (() => void)[] | null = null;
  /** Every object id and idempotency key (account + NUL + key) SQLite or the overlay may hold: misses skip SQLite. */
  private readonly ids = new KeyFilter();
  private readonly idemKeys = new KeyFilter();
  /** How many keys the last fill of `idemKeys` found. */
  private idemKeysFilled = 0;
  private readonly idemKeyRefillAt: number;
  private nextSeq: number;
  private nextDeliverySeq: number;

  private readonly onClosed: (() => void) | undefined;

  constructor(opts: SqliteWorkerStoreOptions) {
    this.onClosed = opts.onClosed;
    const db = new Database(opts.path);
    this.db = db;
    this.idemKeyRefillAt = opts.idemKeyRefillAt ?? 1_000_000;
    db.pragma('page_size = 8192'); // a new file only, as in SqliteStore
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    const cols = db.prepare<[], { name: string }>('PRAGMA table_info(objects)').all();
    if (!cols.some((c) => c.name === 'idx')) db.exec('ALTER TABLE objects ADD COLUMN idx TEXT');
    db.pragma('cache_size = -32768');
    db.pragma('mmap_size = 268435456');
    db.pragma('query_only = 1');
    this.s = {
      get: db.prepare<[string], ObjRow & { idx: string | null }>('SELECT seq, id, type, account, created, data, idx FROM objects WHERE id = ?'),
      seqOf: db.prepare<[string], { seq: number }>('SELECT seq FROM objects WHERE id = ?'),
      typeOf: db.prepare<[string], { type: string }>('SELECT type FROM objects WHERE id = ?'),
      headOf: db.prepare<[string], Omit<ObjRow, 'data'> & { idx: string | null }>('SELECT seq, id, type, account, created, idx FROM objects WHERE id = ?'),
      indexBySeq: db.prepare<[number], { name: string; value: string }>('SELECT name, value FROM object_index WHERE seq = ?'),
      maxSeq: db.prepare<[], { m: number | null }>('SELECT MAX(seq) AS m FROM objects'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM objects'),
      countType: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM objects WHERE type = ?'),
      idemGet: db.prepare<[string, string], { account: string; key: string; method: string; path: string; fingerprint: string; status: number; body: string; request_id: string; created_ms: number }>(
        'SELECT * FROM idempotency WHERE account = ? AND key = ?',
      ),
      idemCountOld: db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM idempotency WHERE created_ms >= ? AND created_ms < ?'),
      delGet: db.prepare<[string], { seq: number; data: string }>('SELECT seq, data FROM deliveries WHERE id = ?'),
      delMaxSeq: db.prepare<[], { m: number | null }>('SELECT MAX(seq) AS m FROM deliveries'),
      delDue: db.prepare<[number, number], { seq: number; id: string; data: string }>(
        "SELECT seq, id, data FROM deliveries WHERE status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, seq LIMIT ?",
      ),
      delNext: db.prepare<[number], { id: string; m: number }>("SELECT id, next_attempt_ms AS m FROM deliveries WHERE status = 'pending' ORDER BY next_attempt_ms LIMIT ?"),
      metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    };
    this.nextSeq = (this.s.maxSeq.get()?.m ?? 0) + 1;
    this.nextDeliverySeq = (this.s.delMaxSeq.get()?.m ?? 0) + 1;
    for (const id of db.prepare<[], string>('SELECT id FROM objects').pluck().iterate()) this.ids.add(id);
    this.fillIdemKeys();
    this.idemKeysFilled = this.idemKeys.added;

    const useCheckpointer = (opts.checkpoint ?? 'worker') === 'worker';
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.writer = new Worker(new URL('./writer-worker.js', import.meta.url), {
      workerData: { path: opts.path, closed: this.closedFlag, port: channel.port2, autocheckpoint: !useCheckpointer, done: useCheckpointer ? this.checkpointsDone : null },
      transferList: [channel.port2],
    });
    this.writer.unref();
    this.writer.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    this.port.on('message', (m: WriterMessage) => this.onMessage(m));
    this.port.unref();
    if (useCheckpointer) {
      // every second, not every 250 ms: each index's last leaf page is rewritten by every commit, so a longer
      // interval copies each of them once for more commits (checkpoint thread ~56 -> ~40 µs per create + confirm)
      this.checkpointer = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { path: opts.path, intervalMs: 1000, closed: this.checkpointerClosed, done: this.checkpointsDone, settled: this.idleSettled } });
      this.checkpointer.unref();
      this.checkpointer.on('error', () => {
        // SQLite's own checkpoints, synced, in the writer from now on (nothing else would sync the file)
        this.checkpointer = null;
        if (!this.closed) this.port.postMessage({ autocheckpoint: true });
      });
    }
  }

  // ---- batches

  private push(op: Op): void {
    if (this.closed) throw new Error('the store is closed');
    this.ops.push(op);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.send());
    }
  }

  /**
   * Sends the current batch, unless one is being committed (`force` aside): then it keeps growing and goes when
   * that one is acknowledged. One batch in flight at a time makes batches as large as the load, and every message
   * wakes a thread, which costs more in a virtual machine than the copying does.
   */
  private send(force = false): void {
    this.scheduled = false;
    if (this.broken) {
      this.settle(this.current, this.broken);
      this.ops = [];
      this.current++;
      return;
    }
    if (!force && this.sent > this.acked) {
      this.deferred = true;
      return;
    }
    this.deferred = false;
    const n = this.current++;
    const ops = this.ops;
    this.ops = [];
    this.sent = n;
    this.port.ref(); // an unacknowledged batch keeps the process alive
    this.port.postMessage({ n, ops });
  }

  private onMessage(m: WriterMessage): void {
    if (m.ack !== undefined) {
      // the writer commits the batches that queued meanwhile together: this acknowledges every batch up to m.ack
      for (let b = this.acked + 1; b <= m.ack; b++) this.forget(b);
      this.acked = m.ack;
      this.settle(m.ack, null);
    } else if (m.fail !== undefined) {
      // SQLite rolled the batches back, so what it holds is the truth again: drop everything written since the last
      // good commit (the failed batches and the one being filled, whose writes may build on them) and the cache,
      // and fail every request waiting on them (500). The store goes on from SQLite's state.
      const error = new Error(`SQLite write failed: ${m.error ?? 'unknown error'}`);
      this.acked = m.fail;
      const abandoned = this.current++;
      this.ops = [];
      this.deferred = false;
      for (const map of [this.objects, this.cache, this.idem, this.deliveries, this.meta] as Map<string, unknown>[]) map.clear();
      this.written.clear();
      if (this.resetBatch > this.acked) this.resetBatch = 0; // a reset in the lost writes did not happen
      if (this.metaResetBatch > this.acked) this.metaResetBatch = 0;
      if (this.purge.batch > this.acked) this.purge = { batch: 0, beforeMs: 0 };
      this.settle(abandoned, error);
      if (this.acked >= this.sent) this.port.unref();
      return;
    }
    if (this.deferred) this.send();
    if (this.acked >= this.sent) this.port.unref();
  }

  /**
   * Drops from the overlay what batch n wrote, unless written again since; committed objects go to the cache, except
   * events nothing is about to deliver. Four of the seven objects of a create + confirm are events (~8 of its ~12 KB
   * of JSON), and nothing reads an event back soon unless a webhook delivery of it was written with it: cached,
   * they lived ~0.6 s, so every scavenge copied and promoted them only for them to die in the old generation.
   */
  private forget(n: number): void {
    const w = this.written.get(n);
    if (!w) return;
    this.written.delete(n);
    // events with a delivery written in this batch (read back when it is attempted): still in the overlay here
    let delivered: Set<string> | null = null;
    for (const k of w.deliveries) {
      const d = this.deliveries.get(k);
      if (d) (delivered ??= new Set()).add(d.rec.eventId);
    }
    // (no `drop` closure: tsx's keepNames would make it a defineProperty call per batch)
    for (const k of w.objects) {
      const e = this.objects.get(k);
      if (!e || e.batch > n) continue;
      this.objects.delete(k);
      this.cache.delete(k);
      if (!e.gone && (e.type !== 'event' || delivered?.has(e.id) === true)) this.remember(e);
    }
    for (const k of w.idem) {
      const e = this.idem.get(k);
      if (e && e.batch <= n) this.idem.delete(k);
    }
    for (const k of w.deliveries) {
      const e = this.deliveries.get(k);
      if (e && e.batch <= n) this.deliveries.delete(k);
    }
    for (const k of w.meta) {
      const e = this.meta.get(k);
      if (e && e.batch <= n) this.meta.delete(k);
    }
  }

  /** Resolves (or rejects) the waiters of every batch up to n. */
  private settle(n: number, error: Error | null): void {
    for (const [b, list] of this.waiters) {
      if (b > n) continue;
      this.waiters.delete(b);
      for (const w of list) {
        if (error) w.reject(error);
        else w.resolve();
      }
    }
  }

  private fail(e: Error): void {
    this.broken = e;
    for (const list of this.waiters.values()) for (const w of list) w.reject(e);
    this.waiters.clear();
  }

  private writtenIn(n: number) {
    let w = this.written.get(n);
    if (!w) {
      w = { objects: [], idem: [], deliveries: [], meta: [] };
      this.written.set(n, w);
    }
    return w;
  }

  durable(): Promise<void> {
    const target = this.ops.length > 0 || this.scheduled ? this.current : this.sent;
    if (target <= this.acked) return Promise.resolve();
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      let list = this.waiters.get(target);
      if (!list) {
        list = [];
        this.waiters.set(target, list);
      }
      list.push({ resolve, reject });
    });
  }

  transaction<R>(fn: () => R): R {
    const outer = this.undo === null;
    if (outer) this.undo = [];
    const log = this.undo!;
    const mark = log.length;
    const opsMark = this.ops.length;
    try {
      return fn();
    } catch (e) {
      for (let i = log.length - 1; i >= mark; i--) log[i]();
      log.length = mark;
      this.ops.length = opsMark;
      throw e;
    } finally {
      if (outer) this.undo = null;
    }
  }

  private record(undo: () => void): void {
    this.undo?.push(undo);
  }

  /** Sets an overlay entry, with its undo and its place in the current batch's written keys. */
  private setEntry<V extends { batch: number }>(map: Map<string, V>, kind: 'objects' | 'idem' | 'deliveries' | 'meta', key: string, value: V): void {
    const prev = map.get(key);
    map.set(key, value);
    this.writtenIn(this.current)[kind].push(key);
    this.record(() => {
      if (prev === undefined) map.delete(key);
      else map.set(key, prev);
    });
  }

  private remember(e: OvObject): void {
    e.op = null;
    this.cache.set(e.id, e);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The object from the overlay, else the cache (refreshing its place), else undefined. */
  private known(id: string): OvObject | undefined {
    const o = this.objects.get(id);
    if (o) return o;
    const c = this.cache.get(id);
    if (c) {
      this.cache.delete(id);
      this.cache.set(id, c);
    }
    return c;
  }

  /** Adds every idempotency key SQLite has (then the overlay's): at open, and to start afresh after purges. */
  private fillIdemKeys(): void {
    this.idemKeys.clear();
    for (const r of this.db.prepare<[], { account: string; key: string }>('SELECT account, key FROM idempotency').iterate()) this.idemKeys.add(`${r.account}\0${r.key}`);
    for (const k of this.idem.keys()) this.idemKeys.add(k);
  }

  private sqlHidden(): boolean {
    return this.acked < this.resetBatch;
  }

  // ---- objects

  get<T>(id: string): ObjectRecord<T> | undefined {
    const o = this.known(id);
    if (o) return o.gone ? undefined : { id: o.id, type: o.type, account: o.account, created: o.created, seq: o.seq, data: JSON.parse(o.json) as T };
    if (this.sqlHidden() || !this.ids.mayHave(id)) return undefined;
    const r = this.s.get.get(id);
    if (!r) return undefined;
    this.remember({ gone: false, batch: 0, seq: r.seq, id: r.id, type: r.type, account: r.account, created: r.created, json: r.data, idxText: r.idx, index: this.indexOf(r.seq, r.idx), op: null });
    return toRecord<T>(r);
  }

  private indexOf(seq: number, idx: string | null): Record<string, string> {
    if (idx !== null) return JSON.parse(idx) as Record<string, string>;
    const index: Record<string, string> = {};
    for (const { name, value } of this.s.indexBySeq.all(seq)) index[name] = value;
    return index;
  }

  /** The object's row without its data, from the overlay or SQLite. */
  private head(id: string): OvObject | undefined {
    const o = this.known(id);
    if (o) return o.gone ? undefined : o;
    if (this.sqlHidden() || !this.ids.mayHave(id)) return undefined;
    const r = this.s.headOf.get(id);
    if (!r) return undefined;
    return { gone: false, batch: 0, seq: r.seq, id: r.id, type: r.type, account: r.account, created: r.created, json: '', idxText: r.idx, index: this.indexOf(r.seq, r.idx), op: null };
  }

  insert<T>(input: InsertInput<T>): ObjectRecord<T> {
    // serialised now: later changes to `input.data` by the caller must not reach the stored row
    const json = input.json ?? JSON.stringify(input.data);
    // a duplicate the worker met would fail every request of its batch: the overlay, else the cache, else SQLite
    // when the id filter says it may be there (almost never for a new id, so almost never a read)
    const prev = this.objects.get(input.id) ?? this.cache.get(input.id);
    if (prev ? !prev.gone : this.ids.mayHave(input.id) && !this.sqlHidden() && this.s.seqOf.get(input.id) !== undefined) {
      throw new Error(`UNIQUE constraint failed: objects.id (${input.id})`);
    }
    this.ids.add(input.id);
    const seq = this.nextSeq++;
    const index = cleanIndex(input.index);
    const idxText = JSON.stringify(index);
    const op: Op = ['oi', seq, input.id, input.type, input.account, input.created, json, idxText];
    this.push(op);
    this.setEntry(this.objects, 'objects', input.id, { gone: false, batch: this.current, seq, id: input.id, type: input.type, account: input.account, created: input.created, json, idxText, index, op });
    return { id: input.id, type: input.type, account: input.account, created: input.created, seq, data: input.data };
  }

  update<T>(id: string, data: T, index?: IndexValues, serialised?: string): ObjectRecord<T> {
    const json = serialised ?? JSON.stringify(data);
    const h = this.head(id);
    if (!h) throw new Error(`no object ${id}`);
    const clean = index ? cleanIndex(index) : undefined;
    const idxText = clean ? JSON.stringify(clean) : null;
    let op: Op;
    if (h.op !== null && h.batch === this.current) {
      // written earlier in this batch (the same request, or another of this turn): amend that operation
      op = h.op;
      const before = op.slice();
      this.record(() => {
        op.length = 0;
        op.push(...before);
      });
      if (op[0] === 'oi') {
        op[6] = json;
        if (idxText !== null) op[7] = idxText;
      } else {
        op[2] = json;
        if (idxText !== null) op[3] = idxText;
      }
    } else {
      op = ['ou', h.seq, json, idxText, h.idxText];
      this.push(op);
    }
    this.setEntry(this.objects, 'objects', id, {
      gone: false,
      batch: this.current,
      seq: h.seq,
      id,
      type: h.type,
      account: h.account,
      created: h.created,
      json,
      idxText: idxText ?? h.idxText,
      index: clean ?? h.index,
      op,
    });
    return { id, type: h.type, account: h.account, created: h.created, seq: h.seq, data };
  }

  remove(id: string): void {
    const h = this.head(id);
    if (!h) return;
    this.push(['or', h.seq, h.idxText]);
    this.setEntry(this.objects, 'objects', id, { ...h, gone: true, batch: this.current, json: '', op: null });
  }

  private seqOf(id: string): number | undefined {
    const o = this.known(id);
    if (o) return o.gone ? undefined : o.seq;
    if (this.sqlHidden() || !this.ids.mayHave(id)) return undefined;
    return this.s.seqOf.get(id)?.seq;
  }

  list<T>(q: ListQuery<T>): ListResult<T> {
    const shape = listQuery(q);
    if (shape === null) return { items: [], hasMore: false };
    const { args, asc } = shape;
    let cursor: number;
    if (asc) cursor = this.seqOf(q.endingBefore!) ?? Number.MAX_SAFE_INTEGER;
    else if (q.startingAfter !== undefined) cursor = this.seqOf(q.startingAfter) ?? 0;
    else cursor = Number.MAX_SAFE_INTEGER;

    // overlay rows of this list, in list order
    const where = q.where ? Object.entries(q.where) : [];
    const mine: OvObject[] = [];
    let skippable = 0;
    for (const o of this.objects.values()) {
      if (o.account !== q.account || o.type !== q.type) continue;
      skippable++;
      if (o.gone || !(asc ? o.seq > cursor : o.seq < cursor) || !matchesCreated(o.created, q.created)) continue;
      let ok = true;
      for (const [k, v] of where) {
        const have = o.index[k];
        if (have === undefined || (typeof v === 'string' ? have !== v : !v.includes(have))) {
          ok = false;
          break;
        }
      }
      if (ok) mine.push(o);
    }
    mine.sort((a, b) => (asc ? a.seq - b.seq : b.seq - a.seq));

    // SQLite rows in list order, in chunks, skipping those the overlay has (newer there, or removed)
    const stmt = cachedStatement(this.db, this.listCache, shape);
    const chunk = q.filter ? 256 : q.limit + 1 + skippable;
    let buf: ObjRow[] = [];
    let bi = 0;
    let sqlCursor = cursor;
    let sqlDone = this.sqlHidden();
    const nextSql = (): ObjRow | undefined => {
      for (;;) {
        if (bi < buf.length) {
          const r = buf[bi++];
          if (!this.objects.has(r.id)) return r;
          continue;
        }
        if (sqlDone) return undefined;
        buf = stmt.all(...args, sqlCursor, chunk) as ObjRow[];
        bi = 0;
        if (buf.length < chunk) sqlDone = true;
        if (buf.length > 0) sqlCursor = buf[buf.length - 1].seq;
      }
    };

    const out: ObjectRecord<T>[] = [];
    let hasMore = false;
    let sqlRow = nextSql();
    let oi = 0;
    for (;;) {
      const o = oi < mine.length ? mine[oi] : undefined;
      if (!sqlRow && !o) break;
      let rec: ObjectRecord<T>;
      if (o && (!sqlRow || (asc ? o.seq < sqlRow.seq : o.seq > sqlRow.seq))) {
        oi++;
        rec = { id: o.id, type: o.type, account: o.account, created: o.created, seq: o.seq, data: JSON.parse(o.json) as T };
      } else {
        rec = toRecord<T>(sqlRow!);
        sqlRow = nextSql();
      }
      if (q.filter && !q.filter(rec.data)) continue;
      if (out.length === q.limit) {
        hasMore = true;
        break;
      }
      out.push(rec);
    }
    if (asc) out.reverse();
    return { items: out, hasMore };
  }

  count(type?: string): number {
    // one read transaction: SQLite's count and the membership checks below see the same commit
    return this.db.transaction(() => {
      const hidden = this.sqlHidden();
      let n = hidden ? 0 : type === undefined ? this.s.count.get()!.n : this.s.countType.get(type)!.n;
      // the overlay holds the newest state of its ids: SQLite's row of such an id (which may have another type, as
      // a tombstone re-inserted under a removed object's id has) is replaced by the overlay's entry
      for (const o of this.objects.values()) {
        if (!hidden) {
          const row = this.s.typeOf.get(o.id);
          if (row && (type === undefined || row.type === type)) n--;
        }
        if (!o.gone && (type === undefined || o.type === type)) n++;
      }
      return n;
    })();
  }

  // ---- idempotency

  getIdempotency(account: string, key: string): IdempotencyRecord | undefined {
    const k = `${account}\0${key}`;
    const o = this.idem.get(k);
    if (o) return o.rec ? { ...o.rec } : undefined;
    if (this.sqlHidden() || !this.idemKeys.mayHave(k)) return undefined;
    const r = this.s.idemGet.get(account, key);
    // a purge not yet committed: SQLite still has the rows it deletes
    if (!r || (this.acked < this.purge.batch && r.created_ms < this.purge.beforeMs)) return undefined;
    return { account: r.account, key: r.key, method: r.method, path: r.path, fingerprint: r.fingerprint, status: r.status, body: r.body, requestId: r.request_id, createdMs: r.created_ms };
  }

  putIdempotency(rec: IdempotencyRecord): void {
    this.idemKeys.add(`${rec.account}\0${rec.key}`);
    this.push(['ip', rec.account, rec.key, rec.method, rec.path, rec.fingerprint, rec.status, rec.body, rec.requestId, rec.createdMs]);
    this.setEntry(this.idem, 'idem', `${rec.account}\0${rec.key}`, { batch: this.current, rec: { ...rec } });
  }

  /**
   * Counts and deletes the records older than `beforeMs` without reading them: SQLite's rows are hidden by age until
   * the purge is committed (a busy simulator expires a minute's worth of keys at a time); the overlay's are dropped.
   */
  purgeIdempotency(beforeMs: number): number {
    let n = 0;
    if (!this.sqlHidden()) {
      // SQLite rows older than a purge still in flight are gone already
      const from = this.acked < this.purge.batch ? this.purge.beforeMs : Number.MIN_SAFE_INTEGER;
      n = this.s.idemCountOld.get(from, beforeMs)!.n;
      // a key the overlay has is the overlay's (deleted, or counted below): not SQLite's row
      for (const k of this.idem.keys()) {
        const [account, key] = k.split('\0');
        const row = this.s.idemGet.get(account, key);
        if (row && row.created_ms >= from && row.created_ms < beforeMs) n--;
      }
    }
    for (const [k, o] of this.idem) {
      if (o.rec && o.rec.createdMs < beforeMs) {
        this.setEntry(this.idem, 'idem', k, { batch: this.current, rec: null });
        n++;
      }
    }
    this.push(['ix', beforeMs]);
    // keys only ever join the filter: once it holds twice as many as when last filled (and at least a million),
    // fill it again from what is left, so expired keys stop counting (the scan costs ~1 µs a key, once per as many)
    if (this.idemKeyRefillAt === 0 || this.idemKeys.added > Math.max(this.idemKeyRefillAt, 2 * this.idemKeysFilled)) {
      this.fillIdemKeys();
      this.idemKeysFilled = this.idemKeys.added;
    }
    const prev = this.purge;
    this.purge = { batch: this.current, beforeMs: Math.max(beforeMs, this.acked < prev.batch ? prev.beforeMs : 0) };
    this.record(() => {
      this.purge = prev;
    });
    return n;
  }

  // ---- webhook deliveries

  private sqlDelivery(id: string): { seq: number; rec: DeliveryRecord } | undefined {
    if (this.sqlHidden()) return undefined;
    const r = this.s.delGet.get(id);
    return r ? { seq: r.seq, rec: JSON.parse(r.data) as DeliveryRecord } : undefined;
  }

  insertDelivery(rec: DeliveryRecord): void {
    const seq = this.nextDeliverySeq++;
    this.push(['di', seq, rec.id, rec.eventId, rec.endpointId, rec.status, rec.nextAttemptAtMs, JSON.stringify(rec)]);
    this.setEntry(this.deliveries, 'deliveries', rec.id, { batch: this.current, seq, rec: copyDelivery(rec) });
  }

  updateDelivery(rec: DeliveryRecord): void {
    const seq = this.deliveries.get(rec.id)?.seq ?? this.sqlDelivery(rec.id)?.seq;
    if (seq === undefined) return; // as UPDATE of a missing row: nothing
    this.push(['du', rec.id, rec.status, rec.nextAttemptAtMs, JSON.stringify(rec)]);
    this.setEntry(this.deliveries, 'deliveries', rec.id, { batch: this.current, seq, rec: copyDelivery(rec) });
  }

  getDelivery(id: string): DeliveryRecord | undefined {
    const o = this.deliveries.get(id);
    if (o) return copyDelivery(o.rec);
    return this.sqlDelivery(id)?.rec;
  }

  listDeliveries(q: DeliveryQuery): DeliveryRecord[] {
    const match = (d: DeliveryRecord) =>
      (q.eventId === undefined || d.eventId === q.eventId) && (q.endpointId === undefined || d.endpointId === q.endpointId) && (q.status === undefined || d.status === q.status);
    const { where, args } = deliveryWhere(q);
    const rows: { seq: number; rec: DeliveryRecord }[] = [];
    if (!this.sqlHidden()) {
      const sql = `SELECT seq, id, data FROM deliveries ${where} ORDER BY seq DESC LIMIT ?`;
      args.push(q.limit === undefined ? -1 : q.limit + this.deliveries.size);
      for (const r of this.db.prepare(sql).all(...args) as { seq: number; id: string; data: string }[]) {
        if (!this.deliveries.has(r.id)) rows.push({ seq: r.seq, rec: JSON.parse(r.data) as DeliveryRecord });
      }
    }
    for (const o of this.deliveries.values()) if (match(o.rec)) rows.push({ seq: o.seq, rec: copyDelivery(o.rec) });
    rows.sort((a, b) => b.seq - a.seq);
    const recs = rows.map((r) => r.rec);
    return q.limit === undefined ? recs : recs.slice(0, q.limit);
  }

  dueDeliveries(nowMs: number, limit: number): DeliveryRecord[] {
    const due: { seq: number; rec: DeliveryRecord }[] = [];
    if (!this.sqlHidden()) {
      for (const r of this.s.delDue.all(nowMs, limit + this.deliveries.size)) {
        if (!this.deliveries.has(r.id)) due.push({ seq: r.seq, rec: JSON.parse(r.data) as DeliveryRecord });
      }
    }
    for (const o of this.deliveries.values()) {
      if (o.rec.status === 'pending' && o.rec.nextAttemptAtMs !== null && o.rec.nextAttemptAtMs <= nowMs) due.push({ seq: o.seq, rec: copyDelivery(o.rec) });
    }
    // ties oldest first, as SQLite's (status, next_attempt_ms) index orders them (by rowid)
    due.sort((a, b) => a.rec.nextAttemptAtMs! - b.rec.nextAttemptAtMs! || a.seq - b.seq);
    return due.slice(0, limit).map((d) => d.rec);
  }

  nextDeliveryAtMs(): number | null {
    let min: number | null = null;
    if (!this.sqlHidden()) {
      for (const r of this.s.delNext.all(this.deliveries.size + 1)) {
        if (this.deliveries.has(r.id)) continue;
        min = r.m;
        break;
      }
    }
    for (const o of this.deliveries.values()) {
      const at = o.rec.status === 'pending' ? o.rec.nextAttemptAtMs : null;
      if (at !== null && (min === null || at < min)) min = at;
    }
    return min;
  }

  // ---- meta

  getMeta(key: string): string | undefined {
    const o = this.meta.get(key);
    if (o) return o.value ?? undefined;
    if (this.acked < this.metaResetBatch) return undefined;
    return this.s.metaGet.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.push(['ms', key, value]);
    this.setEntry(this.meta, 'meta', key, { batch: this.current, value });
  }

  reset(opts: { meta?: boolean } = {}): void {
    this.push(['reset', opts.meta === true]);
    const maps: Map<string, unknown>[] = [this.objects, this.cache, this.idem, this.deliveries];
    if (opts.meta) maps.push(this.meta);
    // undoable like any write: a transaction that throws after it keeps the store as it was
    const saved = maps.map((m) => new Map(m));
    const { resetBatch, metaResetBatch } = this;
    this.record(() => {
      maps.forEach((m, i) => {
        m.clear();
        for (const [k, v] of saved[i]) m.set(k, v);
      });
      this.resetBatch = resetBatch;
      this.metaResetBatch = metaResetBatch;
    });
    for (const m of maps) m.clear();
    this.resetBatch = this.current;
    if (opts.meta) this.metaResetBatch = this.current;
  }


  /** How many times the checkpoint worker has made the idle database durable (diagnostics and tests). */
  idleSyncs(): number {
    return Atomics.load(new Int32Array(this.idleSettled), 0);
  }

  /** `PRAGMA integrity_check` of the file as committed (`ok` when healthy). */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }

  /** Sends what is left, waits (up to 10 s) for the writer to commit it and close, then closes the readers. */
  close(): void {
    if (this.closed) return;
    if (this.scheduled || this.deferred || this.ops.length > 0) this.send(true);
    this.closed = true;
    const flag = new Int32Array(this.closedFlag);
    if (!this.broken) {
      this.port.postMessage({ close: true });
      Atomics.wait(flag, 0, 0, 10_000);
    }
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.onMessage(m.message as WriterMessage);
    if (this.acked < this.sent) this.settle(this.sent, new Error('the store closed before its last writes were committed'));
    this.port.close();
    if (this.checkpointer) {
      // wait for it to release the file too (an owner may delete the file right after close)
      this.checkpointer.postMessage('stop');
      Atomics.wait(new Int32Array(this.checkpointerClosed), 0, 0, 2_000);
      this.checkpointer = null;
    }
    // checkpoints ran unsynced, and a last checkpoint with nothing left to copy skips its fsyncs: sync the file
    // before the last connection closes (and SQLite deletes the log)
    syncFile(this.db.name);
    this.db.close();
    this.onClosed?.();
  }
}

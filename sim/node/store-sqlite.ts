// SQLite Store (better-sqlite3, WAL). One transaction per API request: each request runs in its own SAVEPOINT
// (rolled back alone if it fails) inside a group transaction that commits once per event-loop turn
// (group commit); the pipeline awaits `durable()` before answering, so nothing is acknowledged before its
// COMMIT. In WAL mode a committed transaction is in the WAL file through the OS page cache, so acknowledged writes
// survive a kill -9 of the process (verified by test/node/sim/crash.test.ts). A file with the checkpoint worker
// writes with synchronous=OFF and is synced when idle, as the writer thread's store does (writer-worker.js, "The
// log"); with SQLite's own checkpoints, synchronous=NORMAL.
//
// Object writes are buffered per request: insert and update serialise the object at once but keep the row in
// `pending` until the request's savepoint ends, where each touched object is written once (an object inserted then
// updated in the same request, as a confirmation does with its PaymentMethod, is one INSERT), and `get` of an object
// written in the request is served from that buffer. Anything that reads rows by SQL (lists, counts, removals)
// flushes the buffer first, so reads always see the request's own writes.

import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { syncFile } from './sync-file.js';
import {
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

export const SCHEMA = `
-- seq: the rowid, so lists by seq read in place. No AUTOINCREMENT (it rewrites sqlite_sequence on every
-- insert): a new row gets max(seq)+1, greater than every existing row, which is all the lists need.
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  account TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL,
  -- the object's index values as JSON ({"customer":"cus_..."}), so updates and removals know which object_index
  -- rows to replace without reading object_index; NULL in rows written before this column existed
  idx TEXT
);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (account, type, seq);
CREATE TABLE IF NOT EXISTS object_index (
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (name, value, seq)
) WITHOUT ROWID;
-- rowid table: the (large) response bodies are appended in order; only the small key index is random
CREATE TABLE IF NOT EXISTS idempotency (
  seq INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS idempotency_key ON idempotency (account, key);
CREATE INDEX IF NOT EXISTS idempotency_by_created ON idempotency (created_ms);
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  status TEXT NOT NULL,
  next_attempt_ms INTEGER,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_ms);
CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries (event_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** The cleaned index values as stored in `objects.idx` (null and undefined values are not indexed). */
export function indexText(index: IndexValues | undefined): string {
  const clean: Record<string, string> = {};
  if (index) {
    for (const k in index) {
      const v = index[k];
      if (v !== null && v !== undefined) clean[k] = v;
    }
  }
  return JSON.stringify(clean);
}

export interface ObjRow {
  seq: number;
  id: string;
  type: string;
  account: string;
  created: number;
  data: string;
}

/** An object row written by the current request, not yet in SQLite. */
interface PendingRow {
  /** INSERT (new object) or UPDATE (existing row). */
  insert: boolean;
  seq: number;
  id: string;
  type: string;
  account: string;
  created: number;
  json: string;
  /** For inserts: the values to index. For updates: the new values, or undefined to keep the stored ones. */
  index: IndexValues | undefined;
  /** For updates: the row's stored `idx` (null for rows older than that column). */
  oldIdx: string | null;
}

export function toRecord<T>(r: ObjRow): ObjectRecord<T> {
  return { id: r.id, type: r.type, account: r.account, created: r.created, seq: r.seq, data: JSON.parse(r.data) as T };
}

/** A list query as SQL: conditions on account, type, index values and created, then the page cursor (`seq < ?` or,
 * paging back, `seq > ?`) and LIMIT as the last two parameters. null when an IN list is empty (nothing matches). */
export interface ListShape {
  sql: string;
  /** Statement cache key. */
  key: string;
  args: (string | number)[];
  asc: boolean;
}

export function listQuery<T>(q: ListQuery<T>): ListShape | null {
  const parts: string[] = ['account = ?', 'type = ?'];
  const args: (string | number)[] = [q.account, q.type];
  let shape = '';
  for (const [name, v] of Object.entries(q.where ?? {})) {
    const values = typeof v === 'string' ? [v] : [...v];
    if (values.length === 0) return null;
    parts.push(`seq IN (SELECT seq FROM object_index WHERE name = ? AND value IN (${values.map(() => '?').join(',')}))`);
    args.push(name, ...values);
    shape += `w${values.length}`;
  }
  const c = q.created;
  if (c) {
    for (const [k, op] of [
      ['eq', '='],
      ['gt', '>'],
      ['gte', '>='],
      ['lt', '<'],
      ['lte', '<='],
    ] as const) {
      const v = c[k];
      if (v !== undefined) {
        parts.push(`created ${op} ?`);
        args.push(v);
        shape += k;
      }
    }
  }
  // The page cursor is always the last condition, so filtered lists can read in chunks (no open iterator:
  // a filter callback may itself query the store).
  const asc = q.endingBefore !== undefined;
  parts.push(asc ? 'seq > ?' : 'seq < ?');
  const sql = `SELECT seq, id, type, account, created, data FROM objects WHERE ${parts.join(' AND ')} ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT ?`;
  return { sql, key: `${shape}|${asc}`, args, asc };
}

export function cachedStatement(db: Database.Database, cache: Map<string, Database.Statement>, shape: ListShape): Database.Statement {
  let stmt = cache.get(shape.key);
  if (!stmt) {
    stmt = db.prepare(shape.sql);
    cache.set(shape.key, stmt);
  }
  return stmt;
}

/** The WHERE clause (possibly empty) and its parameters for a deliveries query. */
export function deliveryWhere(q: DeliveryQuery): { where: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  for (const [column, v] of [
    ['event_id', q.eventId],
    ['endpoint_id', q.endpointId],
    ['status', q.status],
  ] as const) {
    if (v === undefined) continue;
    parts.push(`${column} = ?`);
    args.push(v);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export interface SqliteStoreOptions {
  /** File path or `:memory:`. */
  path: string;
  /** Commit the transactions of one event-loop turn together (default true). */
  groupCommit?: boolean;
  /**
   * `worker` (default for files): WAL checkpoints run in a worker thread, never on the request path;
   * `auto`: SQLite's automatic checkpoints on commit.
   */
  checkpoint?: 'worker' | 'auto';
  /** Called once the file is released at close (every connection and worker closed): a temporary file's owner deletes it. */
  onClosed?: () => void;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly s;
  private readonly listCache = new Map<string, Database.Statement>();
  private readonly runInSavepoint: (fn: () => unknown) => unknown;
  private readonly groupCommit: boolean;
  private batchOpen = false;
  private batchWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private checkpointer: Worker | null = null;
  /** Set by the checkpoint worker once it has closed its connection. */
  private readonly checkpointerClosed = new SharedArrayBuffer(4);
  /** Object writes of the running request, by id, in write order (see the top of the file). */
  private pending = new Map<string, PendingRow>();
  /** Nesting depth of `transaction()`; writes outside any transaction go straight to SQLite. */
  private depth = 0;
  /** The seq the next new object gets (rowid), read again under the write lock at each outermost transaction. */
  private nextSeq = 1;

  private readonly onClosed: (() => void) | undefined;

  constructor(opts: SqliteStoreOptions) {
    this.onClosed = opts.onClosed;
    this.db = new Database(opts.path);
    // a new file only (an existing one keeps its page size): 8 KB pages cost the writer ~10% less CPU per request
    // than the default 4 KB (fewer page splits and WAL frames for rows of 1 to 2 KB; bench/ measured)
    this.db.pragma('page_size = 8192');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('cache_size = -65536');
    // cut back only when it restarts past this (the 512 MB fallback), not at every restart (writer-worker.js)
    this.db.pragma('journal_size_limit = 536870912');
    this.db.pragma('temp_store = MEMORY');
    const file = opts.path !== ':memory:' && opts.path !== '';
    this.walPath = file ? `${opts.path}-wal` : null;
    if (file && (opts.checkpoint ?? 'worker') === 'worker') {
      this.db.pragma('wal_autocheckpoint = 0');
      // no fsync on the request thread while it writes; the checkpoint worker syncs an idle database
      this.db.pragma('synchronous = OFF');
      this.checkpointer = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { path: opts.path, intervalMs: 250, closed: this.checkpointerClosed, done: this.checkpointsDone, settled: this.idleSettled } });
      this.checkpointer.unref();
      this.checkpointer.on('error', () => {
        // fall back to SQLite's own checkpoints
        this.checkpointer = null;
        if (this.db.open) {
          this.db.pragma('wal_autocheckpoint = 1000');
          this.db.pragma('synchronous = NORMAL');
        }
      });
    } else {
      this.db.pragma('wal_autocheckpoint = 1000');
    }
    this.db.exec(SCHEMA);
    // files made before `objects.idx`: add the column (their object_index_by_seq index serves the old rows)
    const cols = this.db.prepare<[], { name: string }>('PRAGMA table_info(objects)').all();
    if (!cols.some((c) => c.name === 'idx')) this.db.exec('ALTER TABLE objects ADD COLUMN idx TEXT');
    const db = this.db;
    this.groupCommit = opts.groupCommit !== false;
    const tx = db.transaction((fn: () => unknown) => fn());
    this.runInSavepoint = (fn) => tx(fn);
    this.s = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      get: db.prepare<[string], ObjRow>('SELECT seq, id, type, account, created, data FROM objects WHERE id = ?'),
      seqOf: db.prepare<[string], { seq: number }>('SELECT seq FROM objects WHERE id = ?'),
      // everything but `data`: an update need not read (nor decode) the object it replaces
      headOf: db.prepare<[string], Omit<ObjRow, 'data'> & { idx: string | null }>('SELECT seq, id, type, account, created, idx FROM objects WHERE id = ?'),
      insert: db.prepare('INSERT INTO objects (seq, id, type, account, created, data, idx) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      maxSeq: db.prepare<[], { m: number | null }>('SELECT MAX(seq) AS m FROM objects'),
      update: db.prepare('UPDATE objects SET data = ? WHERE seq = ?'),
      updateIdx: db.prepare('UPDATE objects SET data = ?, idx = ? WHERE seq = ?'),
      remove: db.prepare('DELETE FROM objects WHERE seq = ?'),
      idxInsert: db.prepare('INSERT OR IGNORE INTO object_index (name, value, seq) VALUES (?, ?, ?)'),
      // rows older than objects.idx only; files that have them also have the object_index_by_seq index
      idxDelete: db.prepare('DELETE FROM object_index WHERE seq = ?'),
      idxDeleteOne: db.prepare('DELETE FROM object_index WHERE name = ? AND value = ? AND seq = ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM objects'),
      countType: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM objects WHERE type = ?'),
      idemGet: db.prepare<[string, string], { account: string; key: string; method: string; path: string; fingerprint: string; status: number; body: string; request_id: string; created_ms: number }>(
        'SELECT * FROM idempotency WHERE account = ? AND key = ?',
      ),
      idemPut: db.prepare(
        'INSERT OR REPLACE INTO idempotency (account, key, method, path, fingerprint, status, body, request_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      idemPurge: db.prepare('DELETE FROM idempotency WHERE created_ms < ?'),
      delInsert: db.prepare('INSERT INTO deliveries (id, event_id, endpoint_id, status, next_attempt_ms, data) VALUES (?, ?, ?, ?, ?, ?)'),
      delUpdate: db.prepare('UPDATE deliveries SET status = ?, next_attempt_ms = ?, data = ? WHERE id = ?'),
      delGet: db.prepare<[string], { data: string }>('SELECT data FROM deliveries WHERE id = ?'),
      delDue: db.prepare<[number, number], { data: string }>(
        "SELECT data FROM deliveries WHERE status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms LIMIT ?",
      ),
      delNext: db.prepare<[], { m: number | null }>("SELECT MIN(next_attempt_ms) AS m FROM deliveries WHERE status = 'pending'"),
      metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      metaSet: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    };
  }

  transaction<R>(fn: () => R): R {
    if (!this.groupCommit) {
      if (this.db.inTransaction) return this.runBuffered(fn);
      return this.runInSavepoint(() => {
        this.readNextSeq();
        return this.runBuffered(fn);
      }) as R;
    }
    if (!this.batchOpen) {
      // between two batches: the checkpoint tail, when the worker has checkpointed since the last one
      if (this.checkpointer !== null && Atomics.load(this.checkpointsDoneView, 0) !== this.checkpointsSeen) this.checkpointTail();
      this.s.begin.run();
      this.batchOpen = true;
      this.readNextSeq(); // under the write lock: no other connection can add rows until COMMIT
      setImmediate(() => this.commitBatch());
    }
    // inside the group transaction better-sqlite3 uses a SAVEPOINT: this request alone rolls back on error
    return this.runInSavepoint(() => this.runBuffered(fn)) as R;
  }

  /** Runs `fn` with object writes buffered, writing them before the (save)point ends; drops them if it throws. */
  private runBuffered<R>(fn: () => R): R {
    this.flush(); // an enclosing transaction's writes belong to it, not to this one
    this.depth++;
    try {
      const out = fn();
      this.flush();
      return out;
    } catch (e) {
      this.pending.clear();
      throw e;
    } finally {
      this.depth--;
    }
  }

  private readNextSeq(): void {
    this.nextSeq = (this.s.maxSeq.get()?.m ?? 0) + 1;
  }

  /** Writes the buffered object rows (each once) to SQLite. */
  private flush(): void {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    for (const p of rows) {
      if (p.insert) {
        this.s.insert.run(p.seq, p.id, p.type, p.account, p.created, p.json, indexText(p.index));
        this.writeIndex(p.seq, p.index);
      } else {
        const idx = p.index ? indexText(p.index) : null;
        if (idx === null || idx === p.oldIdx) {
          this.s.update.run(p.json, p.seq);
        } else {
          // index rows rewritten only when the values changed
          this.deleteIndex(p.seq, p.oldIdx);
          this.writeIndex(p.seq, p.index);
          this.s.updateIdx.run(p.json, idx, p.seq);
        }
      }
    }
  }

  /** Resolves once everything written so far is committed (immediately when nothing is pending). */
  durable(): Promise<void> {
    if (!this.batchOpen) return Promise.resolve();
    return new Promise((resolve, reject) => this.batchWaiters.push({ resolve, reject }));
  }

  private commitBatch(): void {
    if (!this.batchOpen) return;
    const waiters = this.batchWaiters;
    this.batchWaiters = [];
    this.batchOpen = false;
    try {
      this.s.commit.run();
    } catch (e) {
      try {
        if (this.db.inTransaction) this.s.rollback.run();
      } catch {
        /* already rolled back */
      }
      for (const w of waiters) w.reject(e);
      return;
    }
    for (const w of waiters) w.resolve();
    // after the answers of this batch go out (their promises settle first), not before them
    if (this.walPath !== null && ++this.commitsSinceLogCheck >= 64) setImmediate(() => this.restartLogIfLarge());
  }

  private readonly walPath: string | null;
  private commitsSinceLogCheck = 0;
  /** Bumped by the checkpoint worker after each checkpoint that follows a commit. */
  private readonly checkpointsDone = new SharedArrayBuffer(4);
  /** Bumped by the checkpoint worker each time it makes the idle database durable. */
  private readonly idleSettled = new SharedArrayBuffer(4);

  /** How many times the checkpoint worker has made the idle database durable (diagnostics and tests). */
  idleSyncs(): number {
    return Atomics.load(new Int32Array(this.idleSettled), 0);
  }
  private readonly checkpointsDoneView = new Int32Array(this.checkpointsDone);
  private checkpointsSeen = 0;

  /**
   * The writer-worker's rule (writer-worker.js, "The log"): after each checkpoint of the worker, this connection,
   * before it opens its next batch, copies the frames written meanwhile, so that batch starts the log over.
   */
  private checkpointTail(): void {
    this.checkpointsSeen = Atomics.load(this.checkpointsDoneView, 0);
    if (this.db.inTransaction) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // busy: the worker's next checkpoint tries again
    }
  }

  /** The fallback (writer-worker.js): past 512 MB, between two commits, a RESTART checkpoint. */
  private restartLogIfLarge(): void {
    this.commitsSinceLogCheck = 0;
    if (!this.db.open || this.db.inTransaction) return;
    try {
      if (statSync(this.walPath!).size < 512 * 1024 * 1024) return;
      this.db.pragma('wal_checkpoint(RESTART)');
    } catch {
      // busy past the busy timeout, or no log file: the next check tries again
    }
  }

  get<T>(id: string): ObjectRecord<T> | undefined {
    const p = this.pending.get(id);
    if (p) return { id: p.id, type: p.type, account: p.account, created: p.created, seq: p.seq, data: JSON.parse(p.json) as T };
    const r = this.s.get.get(id);
    return r ? toRecord<T>(r) : undefined;
  }

  private writeIndex(seq: number, index: IndexValues | undefined): void {
    if (!index) return;
    for (const [k, v] of Object.entries(index)) if (v !== null && v !== undefined) this.s.idxInsert.run(k, v, seq);
  }

  insert<T>(input: InsertInput<T>): ObjectRecord<T> {
    // serialised now: later changes to `input.data` by the caller must not reach the stored row
    const json = input.json ?? JSON.stringify(input.data);
    if (this.pending.has(input.id)) throw new Error(`UNIQUE constraint failed: objects.id (${input.id})`);
    if (this.depth === 0) this.readNextSeq();
    const seq = this.nextSeq++;
    this.pending.set(input.id, { insert: true, seq, id: input.id, type: input.type, account: input.account, created: input.created, json, index: input.index, oldIdx: null });
    if (this.depth === 0) this.flush();
    return { id: input.id, type: input.type, account: input.account, created: input.created, seq, data: input.data };
  }

  update<T>(id: string, data: T, index?: IndexValues, serialised?: string): ObjectRecord<T> {
    const json = serialised ?? JSON.stringify(data);
    const p = this.pending.get(id);
    if (p) {
      // written earlier in this request: still one row write
      p.json = json;
      if (index) p.index = index;
      return { id, type: p.type, account: p.account, created: p.created, seq: p.seq, data };
    }
    const row = this.s.headOf.get(id);
    if (!row) throw new Error(`no object ${id}`);
    this.pending.set(id, { insert: false, seq: row.seq, id, type: row.type, account: row.account, created: row.created, json, index, oldIdx: row.idx });
    if (this.depth === 0) this.flush();
    return { id, type: row.type, account: row.account, created: row.created, seq: row.seq, data };
  }

  /** Deletes the object_index rows of `seq`, known from its stored `idx` (or, for older rows, found by seq). */
  private deleteIndex(seq: number, idx: string | null): void {
    if (idx === null) {
      this.s.idxDelete.run(seq);
      return;
    }
    const values = JSON.parse(idx) as Record<string, string>;
    for (const k in values) this.s.idxDeleteOne.run(k, values[k], seq);
  }

  remove(id: string): void {
    this.flush();
    const r = this.s.headOf.get(id);
    if (!r) return;
    this.deleteIndex(r.seq, r.idx);
    this.s.remove.run(r.seq);
  }

  list<T>(q: ListQuery<T>): ListResult<T> {
    this.flush();
    const shape = listQuery(q);
    if (shape === null) return { items: [], hasMore: false };
    const { args, asc } = shape;
    let cursor: number;
    if (asc) {
      cursor = this.s.seqOf.get(q.endingBefore!)?.seq ?? Number.MAX_SAFE_INTEGER;
    } else if (q.startingAfter !== undefined) {
      cursor = this.s.seqOf.get(q.startingAfter)?.seq ?? 0;
    } else {
      cursor = Number.MAX_SAFE_INTEGER;
    }
    const stmt = cachedStatement(this.db, this.listCache, shape);
    const out: ObjRow[] = [];
    let hasMore = false;
    if (q.filter) {
      const CHUNK = 256;
      scan: for (;;) {
        const rows = stmt.all(...args, cursor, CHUNK) as ObjRow[];
        for (const row of rows) {
          cursor = row.seq;
          if (!q.filter(JSON.parse(row.data) as T)) continue;
          if (out.length === q.limit) {
            hasMore = true;
            break scan;
          }
          out.push(row);
        }
        if (rows.length < CHUNK) break;
      }
    } else {
      const rows = stmt.all(...args, cursor, q.limit + 1) as ObjRow[];
      hasMore = rows.length > q.limit;
      out.push(...rows.slice(0, q.limit));
    }
    if (asc) out.reverse();
    return { items: out.map((r) => toRecord<T>(r)), hasMore };
  }

  count(type?: string): number {
    this.flush();
    return type === undefined ? this.s.count.get()!.n : this.s.countType.get(type)!.n;
  }

  getIdempotency(account: string, key: string): IdempotencyRecord | undefined {
    const r = this.s.idemGet.get(account, key);
    if (!r) return undefined;
    return { account: r.account, key: r.key, method: r.method, path: r.path, fingerprint: r.fingerprint, status: r.status, body: r.body, requestId: r.request_id, createdMs: r.created_ms };
  }

  putIdempotency(rec: IdempotencyRecord): void {
    this.s.idemPut.run(rec.account, rec.key, rec.method, rec.path, rec.fingerprint, rec.status, rec.body, rec.requestId, rec.createdMs);
  }

  purgeIdempotency(beforeMs: number): number {
    return this.s.idemPurge.run(beforeMs).changes;
  }

  insertDelivery(rec: DeliveryRecord): void {
    this.s.delInsert.run(rec.id, rec.eventId, rec.endpointId, rec.status, rec.nextAttemptAtMs, JSON.stringify(rec));
  }

  updateDelivery(rec: DeliveryRecord): void {
    this.s.delUpdate.run(rec.status, rec.nextAttemptAtMs, JSON.stringify(rec), rec.id);
  }

  getDelivery(id: string): DeliveryRecord | undefined {
    const r = this.s.delGet.get(id);
    return r ? (JSON.parse(r.data) as DeliveryRecord) : undefined;
  }

  listDeliveries(q: DeliveryQuery): DeliveryRecord[] {
    const { where, args } = deliveryWhere(q);
    args.push(q.limit ?? -1);
    return (this.db.prepare(`SELECT data FROM deliveries ${where} ORDER BY seq DESC LIMIT ?`).all(...args) as { data: string }[]).map((r) => JSON.parse(r.data) as DeliveryRecord);
  }


  dueDeliveries(nowMs: number, limit: number): DeliveryRecord[] {
    return this.s.delDue.all(nowMs, limit).map((r) => JSON.parse(r.data) as DeliveryRecord);
  }

  nextDeliveryAtMs(): number | null {
    return this.s.delNext.get()?.m ?? null;
  }

  getMeta(key: string): string | undefined {
    return this.s.metaGet.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.metaSet.run(key, value);
  }

  reset(opts: { meta?: boolean } = {}): void {
    this.transaction(() => {
      this.flush();
      this.db.exec('DELETE FROM objects; DELETE FROM object_index; DELETE FROM idempotency; DELETE FROM deliveries;');
      if (opts.meta) this.db.exec('DELETE FROM meta;');
    });
  }

  /** `PRAGMA integrity_check` result (`ok` when healthy). */
  integrityCheck(): string {
    this.flush();
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }

  close(): void {
    if (!this.db.open) return;
    this.commitBatch();
    if (this.checkpointer) {
      // wait for it to release the file too (an owner may delete the file right after close)
      this.checkpointer.postMessage('stop');
      Atomics.wait(new Int32Array(this.checkpointerClosed), 0, 0, 2_000);
      this.checkpointer = null;
    }
    try {
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      /* an I/O error: the WAL is replayed on next open */
    }
    // checkpoints ran unsynced, and a checkpoint with nothing left to copy skips its fsyncs: sync the file before
    // the last connection closes (and SQLite deletes the log)
    if (this.walPath !== null) syncFile(this.db.name);
    this.db.close();
    this.onClosed?.();
  }
}

export function createSqliteStore(path: string): SqliteStore {
  return new SqliteStore({ path });
}

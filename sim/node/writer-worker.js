// The SQLite writer of SqliteWorkerStore (store-sqlite-worker.ts): the only connection that writes. The main
// thread keeps the state of every write it has not yet seen committed in memory and sends the writes of each
// event-loop turn here as one batch of operations (plain arrays, cheap to clone); this thread applies a batch in
// one transaction (BEGIN IMMEDIATE ... COMMIT), together with any batches that queued meanwhile, and answers
// `{ ack: n }` for the last of them, or `{ fail: n, from, error }` (batches from..n) after rolling back. The main
// thread answers the requests of batch n only after its ack, so a response never acknowledges a write that is not
// committed. A committed batch is in the WAL file through the OS page cache and survives a kill -9 of the process
// (test/node/sim/crash.test.ts). Checkpoints stay with checkpoint-worker.js (see "The log" below).
// Plain JavaScript: worker threads do not get tsx.
//
// Operations (the first element names them):
//   ['oi', seq, id, type, account, created, json, idxJson]   insert an object (idxJson: its index values)
//   ['ou', seq, json, idxJson | null, oldIdxJson | null]      update an object (idxJson null: index unchanged)
//   ['or', seq, oldIdxJson | null]                            remove an object
//   ['ip', account, key, method, path, fingerprint, status, body, requestId, createdMs]
//   ['ix', beforeMs]                                          purge idempotency records older than beforeMs
//   ['di', seq, id, eventId, endpointId, status, nextMs, json] / ['du', id, status, nextMs, json]  deliveries
//   ['ms', key, value]                                        meta
//   ['reset', withMeta]
import { statSync } from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
// no fsync from this thread while it writes (see "The log" below); with SQLite's own checkpoints (no checkpoint
// worker to sync an idle database) the usual NORMAL
db.pragma(workerData.autocheckpoint ? 'synchronous = NORMAL' : 'synchronous = OFF');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
// the log is cut back to this size only when it restarts past it: the 512 MB fallback below, not the restarts after
// every checkpoint (~1 s of frames: 130-220 MB at full load here), which would otherwise cut and regrow it each time;
// an idle database's log is emptied (checkpoint-worker.js)
db.pragma('journal_size_limit = 536870912');
db.pragma(`wal_autocheckpoint = ${workerData.autocheckpoint ? 1000 : 0}`);

const s = {
  begin: db.prepare('BEGIN IMMEDIATE'),
  commit: db.prepare('COMMIT'),
  rollback: db.prepare('ROLLBACK'),
  insert: db.prepare('INSERT INTO objects (seq, id, type, account, created, data, idx) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  update: db.prepare('UPDATE objects SET data = ? WHERE seq = ?'),
  updateIdx: db.prepare('UPDATE objects SET data = ?, idx = ? WHERE seq = ?'),
  remove: db.prepare('DELETE FROM objects WHERE seq = ?'),
  idxInsert: db.prepare('INSERT OR IGNORE INTO object_index (name, value, seq) VALUES (?, ?, ?)'),
  // rows written before objects.idx existed: their index rows are found by seq
  idxDelete: db.prepare('DELETE FROM object_index WHERE seq = ?'),
  idxDeleteOne: db.prepare('DELETE FROM object_index WHERE name = ? AND value = ? AND seq = ?'),
  idemPut: db.prepare(
    'INSERT OR REPLACE INTO idempotency (account, key, method, path, fingerprint, status, body, request_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  idemPurge: db.prepare('DELETE FROM idempotency WHERE created_ms < ?'),
  delInsert: db.prepare('INSERT INTO deliveries (seq, id, event_id, endpoint_id, status, next_attempt_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  delUpdate: db.prepare('UPDATE deliveries SET status = ?, next_attempt_ms = ?, data = ? WHERE id = ?'),
  metaSet: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
};

function writeIndex(seq, idxJson) {
  const values = JSON.parse(idxJson);
  for (const k in values) s.idxInsert.run(k, values[k], seq);
}

function deleteIndex(seq, oldIdx) {
  if (oldIdx === null) {
    s.idxDelete.run(seq);
    return;
  }
  const values = JSON.parse(oldIdx);
  for (const k in values) s.idxDeleteOne.run(k, values[k], seq);
}

function apply(op) {
  switch (op[0]) {
    case 'oi':
      s.insert.run(op[1], op[2], op[3], op[4], op[5], op[6], op[7]);
      writeIndex(op[1], op[7]);
      return;
    case 'ou':
      if (op[3] === null || op[3] === op[4]) {
        s.update.run(op[2], op[1]);
      } else {
        deleteIndex(op[1], op[4]);
        writeIndex(op[1], op[3]);
        s.updateIdx.run(op[2], op[3], op[1]);
      }
      return;
    case 'or':
      deleteIndex(op[1], op[2]);
      s.remove.run(op[1]);
      return;
    case 'ip':
      s.idemPut.run(op[1], op[2], op[3], op[4], op[5], op[6], op[7], op[8], op[9]);
      return;
    case 'ix':
      s.idemPurge.run(op[1]);
      return;
    case 'di':
      s.delInsert.run(op[1], op[2], op[3], op[4], op[5], op[6], op[7]);
      return;
    case 'du':
      s.delUpdate.run(op[2], op[3], op[4], op[1]);
      return;
    case 'ms':
      s.metaSet.run(op[1], op[2]);
      return;
    case 'reset':
      db.exec('DELETE FROM objects; DELETE FROM object_index; DELETE FROM idempotency; DELETE FROM deliveries;');
      if (op[1]) db.exec('DELETE FROM meta;');
      return;
    default:
      throw new Error(`unknown store operation ${String(op[0])}`);
  }
}

/** Set to 1 (and notified) once the connection is closed, for a main thread that waits in close(). */
const closed = new Int32Array(workerData.closed);
/** Batches come and acks go on this port (the main thread can drain it synchronously while it closes). */
const port = workerData.port;

let closing = false;

function close() {
  try {
    // copies what is left (synced, if anything is: with nothing to copy SQLite skips its fsyncs, so the store
    // syncs the file itself before its last connection closes); busy=1 if the checkpoint thread holds the lock
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    /* an I/O error: the WAL is replayed on next open */
  }
  db.close();
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
  port.close();
}

port.on('message', (m) => {
  if (m.close) {
    close();
    return;
  }
  if (m.autocheckpoint) {
    // the checkpoint thread is gone: SQLite's own checkpoints, synced, on this connection from now on
    checkpointed = null;
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 1000');
    return;
  }
  // batches that queued while the previous commit ran join this one: one COMMIT for all (group commit)
  const batches = [m];
  for (let q = receiveMessageOnPort(port); q; q = receiveMessageOnPort(port)) {
    if (q.message.close) {
      closing = true;
      break;
    }
    batches.push(q.message);
  }
  const last = batches[batches.length - 1].n;
  try {
    s.begin.run();
    for (const b of batches) for (const op of b.ops) apply(op);
    s.commit.run();
  } catch (e) {
    try {
      if (db.inTransaction) s.rollback.run();
    } catch {
      /* already rolled back */
    }
    // applied together, so they fail together; each again alone would tell them apart, but a failed write here
    // is a broken disk or file, not one bad request
    port.postMessage({ fail: last, from: batches[0].n, error: e instanceof Error ? e.message : String(e) });
    if (closing) close();
    return;
  }
  port.postMessage({ ack: last });
  if (closing) close();
  else {
    if (checkpointed !== null && Atomics.load(checkpointed, 0) !== checkpointsSeen) checkpointTail();
    if (++commitsSinceLogCheck >= 64) restartLogIfLarge();
  }
});

// The log. Under steady writes the checkpoint thread's PASSIVE checkpoints never catch up with this writer (frames
// keep arriving while they copy), so the log never restarts and grows (~500 MB in 4 s of create + confirm; found
// with bench/sim-wal-frames.ts --checkpoints). So after each of its checkpoints that follows a commit (it bumps
// `workerData.done`), this thread, between two batches (the only writer: nothing is written meanwhile), runs a
// PASSIVE checkpoint of its own for the frames written since: a few hundred frames, 1 to 6 ms. With every frame
// copied, the next write starts the log over from its beginning (unless a reader still uses the log: the next
// checkpoint tries again).
// No fsync on this path: synchronous=OFF here and in the checkpoint thread while the simulator writes. With NORMAL,
// the writer's own checkpoint syncs the log and the database, and the first write after a restart syncs the log's
// header: 45 to 90 ms each on a virtual disk, every second, for all 16 requests in flight (p99 ~110 ms); before,
// a RESTART at 512 MB stalled every request for 450 to 600 ms every 4 s (13% of the throughput). A crash of the
// process loses nothing acknowledged either way (the page cache keeps what was written). An OS crash or power cut
// while the simulator is busy can damage the file (unsynced checkpoints and an overwritten log); once no commit has
// come for a second the checkpoint thread makes the database durable (fsync, TRUNCATE, fsync: checkpoint-worker.js),
// and the stores' close() syncs the file before the last connection closes.
let checkpointed = workerData.done ? new Int32Array(workerData.done) : null;
let checkpointsSeen = 0;

function checkpointTail() {
  checkpointsSeen = Atomics.load(checkpointed, 0);
  try {
    // a reader holding the log makes it report busy=1 (it does not throw): the thread's next checkpoint tries again
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // an I/O error: the next commit reports it
  }
}

// The fallback, should the log still pass 512 MB (a long read holding the log, a checkpoint thread that died):
// every 64 commits, between two batches, a RESTART checkpoint (all batches wait for it: hundreds of ms), and
// journal_size_limit cuts the file back.
const WAL_RESTART_BYTES = workerData.walRestartBytes ?? 512 * 1024 * 1024;
const walPath = `${workerData.path}-wal`;
let commitsSinceLogCheck = 0;

function restartLogIfLarge() {
  commitsSinceLogCheck = 0;
  try {
    if (statSync(walPath).size < WAL_RESTART_BYTES) return;
    db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // busy (a reader held on past the busy timeout) or no log file: the next check tries again
  }
}

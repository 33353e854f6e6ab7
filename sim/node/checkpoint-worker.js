// WAL checkpoints off the request path. The store's writing connection never checkpoints on its own
// (wal_autocheckpoint=0); this worker thread runs a PASSIVE checkpoint (it never blocks the writer) every
// `intervalMs`, and after each one that follows a commit it bumps `workerData.done` (a SharedArrayBuffer): the
// writer then runs a short PASSIVE of its own between two batches, for the frames written meanwhile, so the log
// restarts from its beginning at the next write instead of growing (see writer-worker.js, "The log").
// While the simulator writes, checkpoints do not fsync (synchronous=OFF on this connection too: an fsync here
// takes tens to hundreds of milliseconds on a virtual disk and slows the writer's own writes). Once no commit has
// come for a second (`PRAGMA data_version` unchanged between ticks, every frame copied), the simulator is idle and
// settleIdle() makes the database durable: it fsyncs the database file (the unsynced checkpoints wrote into it),
// empties the log with a TRUNCATE checkpoint (synchronous=NORMAL, so frames committed meanwhile are synced as they
// are copied) and fsyncs the emptied log, so that an old log cannot come back after an OS crash. SQLite alone would
// not sync here: a checkpoint with nothing left to copy skips its fsyncs.
// Plain JavaScript: worker threads do not get tsx.
// On 'stop' it closes its connection at once and, when given `closed` (a SharedArrayBuffer), sets it to 1 and
// notifies, so a store can wait for the file to be released before its owner deletes it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { syncFile } from './sync-file.js';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = OFF');
const done = workerData.done ? new Int32Array(workerData.done) : null;
/** `settled[0]`: how many times an idle database was made durable (for tests), when given. */
const settled = workerData.settled ? new Int32Array(workerData.settled) : null;
let timer = null;
/** `PRAGMA data_version` at the previous tick: it changes when another connection commits. */
let lastVersion = -1;
/** For how long no commit has come. */
let idleMs = 0;
/** Quiet time after which the database is made durable and the log emptied. */
const IDLE_MS = 1000;

parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  if (workerData.closed) {
    const flag = new Int32Array(workerData.closed);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
  parentPort.close();
});

/**
 * Makes an idle database durable (see the top of the file). Returns false when the TRUNCATE could not take the
 * write lock within the busy timeout (a writer came back): the next quiet second tries again.
 */
function settleIdle() {
  syncFile(workerData.path);
  db.pragma('synchronous = NORMAL');
  let busy;
  try {
    busy = db.pragma('wal_checkpoint(TRUNCATE)')[0].busy;
  } finally {
    db.pragma('synchronous = OFF');
  }
  if (busy !== 0) return false;
  syncFile(`${workerData.path}-wal`);
  if (settled) Atomics.add(settled, 0, 1);
  return true;
}

function tick() {
  try {
    const version = db.pragma('data_version', { simple: true });
    const quiet = version === lastVersion;
    lastVersion = version;
    // PRAGMA wal_checkpoint reports a busy lock in its result (busy=1) rather than throwing
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!quiet) {
      idleMs = 0;
      if (done && r.busy === 0) Atomics.add(done, 0, 1);
    } else if (r.log > 0 && r.busy === 0 && r.checkpointed === r.log) {
      idleMs += workerData.intervalMs;
      if (idleMs >= IDLE_MS && settleIdle()) idleMs = 0;
    }
  } catch {
    // an I/O error or a database closing under us: the next tick tries again
    idleMs = 0;
  }
  timer = setTimeout(tick, workerData.intervalMs);
}

tick();

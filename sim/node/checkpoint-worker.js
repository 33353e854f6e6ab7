// WAL checkpoints off the request path. The store's writing connection never checkpoints on its own
// (wal_autocheckpoint=0); this worker thread runs a PASSIVE checkpoint (it never blocks the writer) every
// `intervalMs`, and after each one that copied something it bumps `workerData.done` (a SharedArrayBuffer): the
// writer then runs a short PASSIVE of its own between two batches, for the frames written meanwhile, so the log
// restarts from its beginning at the next write instead of growing (see writer-worker.js, "The log").
// While the simulator writes, checkpoints do not fsync (synchronous=OFF on this connection too: an fsync here
// takes tens to hundreds of milliseconds on a virtual disk and slows the writer's own writes). Once a second passes
// without a new frame, the simulator is idle: one TRUNCATE checkpoint with synchronous=NORMAL syncs the log,
// copies it into the database, syncs the database and empties the log, so a database at rest is on disk.
// Plain JavaScript: worker threads do not get tsx.
// On 'stop' it closes its connection at once and, when given `closed` (a SharedArrayBuffer), sets it to 1 and
// notifies, so a store can wait for the file to be released before its owner deletes it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = OFF');
const done = workerData.done ? new Int32Array(workerData.done) : null;
let timer = null;
/** The log's frame count after the previous tick (-1: unknown), and for how long it has not changed. */
let lastLog = -1;
let idleMs = 0;
/** Quiet time after which the database is synced and the log emptied. */
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

/** Syncs and empties the log of an idle database (a writer arriving meanwhile waits for it, briefly). */
function settleIdle() {
  db.pragma('synchronous = NORMAL');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma('synchronous = OFF');
  }
}

function tick() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.busy === 0 && r.log > 0) {
      if (r.log === lastLog && r.checkpointed === r.log) {
        idleMs += workerData.intervalMs;
        if (idleMs >= IDLE_MS) {
          settleIdle();
          lastLog = 0;
          idleMs = 0;
        }
      } else {
        lastLog = r.log;
        idleMs = 0;
        if (done) Atomics.add(done, 0, 1);
      }
    }
  } catch {
    // busy: try again next tick
    lastLog = -1;
    idleMs = 0;
  }
  timer = setTimeout(tick, workerData.intervalMs);
}

tick();

// WAL checkpoints off the request thread: the store's own connection never checkpoints
// (wal_autocheckpoint=0); this worker thread runs PASSIVE checkpoints (they never block writers) on a timer,
// so the fsyncs of checkpoints never stall API requests. Plain JavaScript: worker threads do not get tsx.
// On 'stop' it closes its connection at once and, when given `closed` (a SharedArrayBuffer), sets it to 1 and
// notifies, so a store can wait for the file to be released before its owner deletes it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let timer = null;

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

function tick() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy: try again next tick
  }
  timer = setTimeout(tick, workerData.intervalMs);
}

tick();

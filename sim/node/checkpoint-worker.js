// WAL checkpoints off the request thread: the store's own connection never checkpoints
// (wal_autocheckpoint=0); this worker thread runs PASSIVE checkpoints (they never block writers) on a timer,
// so the fsyncs of checkpoints never stall API requests. Plain JavaScript: worker threads do not get tsx.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let stopped = false;

parentPort.on('message', (m) => {
  if (m === 'stop') stopped = true;
});

function tick() {
  if (stopped) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy: try again next tick
  }
  setTimeout(tick, workerData.intervalMs);
}

tick();

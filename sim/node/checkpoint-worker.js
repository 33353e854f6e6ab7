// WAL checkpoints off the request thread: the store's own connection never checkpoints
// (wal_autocheckpoint=0); this worker thread runs PASSIVE checkpoints (they never block writers) on a timer,
// so the fsyncs of checkpoints do not stall API requests (but for the RESTART below, once the log is large). Plain JavaScript: worker threads do not get tsx.
// On 'stop' it closes its connection at once and, when given `closed` (a SharedArrayBuffer), sets it to 1 and
// notifies, so a store can wait for the file to be released before its owner deletes it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
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

// Under steady writes a PASSIVE checkpoint never catches up with the writer (frames keep arriving while it copies),
// so the log never restarts and grows without bound (~500 MB in 4 s of create + confirm in process). Past this many
// frames (128 MB at 8 KB pages) a RESTART checkpoint copies the few frames the PASSIVE one just left while holding
// the write lock, so that the next write starts the log over; the writers' journal_size_limit then cuts the file
// back to 64 MB. No busy timeout: when the writer or a reader is busy it fails at once and is tried next tick (with
// SQLite's sleeping busy handler it held the write lock for ~250 ms, p99 277 ms). Measured with
// `bench/sim-wal-frames.ts --checkpoints`: the log now cycles between 64 and ~300 MB in process.
const RESTART_FRAMES = workerData.restartFrames ?? 16384;

function tick() {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > RESTART_FRAMES) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // busy: try again next tick
  }
  timer = setTimeout(tick, workerData.intervalMs);
}

tick();

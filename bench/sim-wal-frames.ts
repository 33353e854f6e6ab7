// What a PaymentIntent create + confirm (pm_card_visa) writes to SQLite, by WAL frame: runs the simulator in
// process on a SQLite file (writer thread, concurrency 16, a fresh random Idempotency-Key per POST as the SDKs send)
// and counts the frames of the WAL per pair and per b-tree (table or index, from dbstat), and the commits.
// The checkpoint worker is stopped so the WAL keeps every frame (run with --checkpoints to keep it and print the
// WAL file's size each second instead: under steady load PASSIVE checkpoints never let the log restart).
// Usage: npx tsx bench/sim-wal-frames.ts [--pairs 3000] [--checkpoints]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createSimulator } from '../sim/core/app.ts';
import { SqliteWorkerStore } from '../sim/node/store-sqlite-worker.ts';
import { createConfirmPairs, serveV1Post } from './inproc-client.ts';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '3000' }, checkpoints: { type: 'boolean', default: false } } });
const N = Number(values.pairs);
const dir = mkdtempSync(join(tmpdir(), 'ck-wal-frames-'));
const path = join(dir, 'w.sqlite');
const store = new SqliteWorkerStore({ path });
if (!values.checkpoints) {
  // test hook: the private checkpoint worker, stopped as close() stops it
  const s = store as unknown as { checkpointer: { postMessage(m: string): void } | null };
  s.checkpointer?.postMessage('stop');
  s.checkpointer = null;
}
const sim = createSimulator({ store, baseUrl: 'http://127.0.0.1:1', logger: () => {} });
const post = serveV1Post(sim, () => crypto.randomUUID());
const t0 = Date.now();
const growth = values.checkpoints
  ? setInterval(() => console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s: WAL ${(statSync(`${path}-wal`).size / 1048576).toFixed(1)} MB`), 1000)
  : undefined;
await createConfirmPairs(post, N);
clearInterval(growth);
await new Promise((r) => setTimeout(r, 600)); // the asynchronous capture settles
if (!values.checkpoints) {
  const rd = new Database(path, { readonly: true });
  const names = new Map<number, string>();
  for (const r of rd.prepare<[], { name: string; pageno: number }>('SELECT name, pageno FROM dbstat').all()) names.set(r.pageno, r.name);
  rd.close();
  const wal = readFileSync(`${path}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const by = new Map<string, number>();
  let commits = 0;
  let frames = 0;
  for (let o = 32; o + 24 + pageSize <= wal.length; o += 24 + pageSize) {
    frames++;
    if (wal.readUInt32BE(o + 4) !== 0) commits++;
    const name = names.get(wal.readUInt32BE(o)) ?? '(freed)';
    by.set(name, (by.get(name) ?? 0) + 1);
  }
  console.log(`${N} create + confirm pairs, page size ${pageSize}: ${(frames / N).toFixed(2)} WAL frames per pair (${((frames * pageSize) / N / 1024).toFixed(1)} KB), ${commits} commits (${(N / commits).toFixed(1)} pairs per commit)`);
  for (const [name, n] of [...by].sort((a, b) => b[1] - a[1])) if (n / N >= 0.005) console.log(`  ${name.padEnd(30)} ${(n / N).toFixed(2)} frames per pair`);
}
sim.close();
store.close();
rmSync(dir, { recursive: true, force: true });

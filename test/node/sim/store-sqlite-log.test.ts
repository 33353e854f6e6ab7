// The WAL file of the SQLite stores (writer-worker.js, "The log"): under steady writes it restarts from its
// beginning after each checkpoint instead of growing with everything written, and once no commit has come for a
// second the checkpoint worker makes the database durable and empties the log. Both stores: the writer thread's
// and the inline one. (That settleIdle really fsyncs was checked with strace: see sim/README.md.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../sim/node/store-sqlite.ts';
import { SqliteWorkerStore } from '../../../sim/node/store-sqlite-worker.ts';

type FileStore = SqliteStore | SqliteWorkerStore;

const STORES: [string, (path: string) => FileStore][] = [
  ['writer-thread store', (path) => new SqliteWorkerStore({ path })],
  ['inline store', (path) => new SqliteStore({ path })],
];

function walSize(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

/** The WAL header's checkpoint sequence (bytes 12-15, big-endian), which each restart of the log increments. */
function checkpointSequence(path: string): number | null {
  let fd: number | undefined;
  try {
    fd = openSync(`${path}-wal`, 'r');
    const header = Buffer.alloc(32);
    if (readSync(fd, header, 0, 32, 0) < 32) return null;
    return header.readUInt32BE(12);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes batches of ~2 KB objects, awaiting each commit, until `done()` (checked once at least `minMs` passed) or
 * `maxMs`; returns the objects and bytes of JSON written and how long it took.
 */
async function writeUntil(store: FileStore, done: () => boolean, minMs: number, maxMs: number): Promise<{ n: number; written: number; ms: number }> {
  const pad = 'x'.repeat(2000);
  let written = 0;
  let n = 0;
  const start = Date.now();
  while (Date.now() - start < maxMs && !(Date.now() - start >= minMs && done())) {
    store.transaction(() => {
      for (let i = 0; i < 20; i++) {
        const data = { id: `o${++n}`, pad };
        written += JSON.stringify(data).length;
        store.insert({ id: data.id, type: 'thing', account: 'acct_A', created: n, data });
      }
    });
    await store.durable();
  }
  return { n, written, ms: Date.now() - start };
}

for (const [name, open] of STORES) {
  test(`${name}: under steady writes the log restarts after each checkpoint instead of growing`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-log-'));
    const path = join(dir, 's.sqlite');
    const store = open(path);
    try {
      let maxWal = 0;
      const sequences = new Set<number>();
      const sampler = setInterval(() => {
        maxWal = Math.max(maxWal, walSize(path));
        const seq = checkpointSequence(path);
        if (seq !== null) sequences.add(seq);
      }, 20);
      // each restart bumps the header's checkpoint sequence: write until two restarts were seen (about 2 s with the
      // writer thread's 1 s checkpoints, under a second with the inline store's 250 ms), 12 s at most on a busy machine
      const { n, written, ms } = await writeUntil(store, () => sequences.size >= 3, 1000, 12_000);
      clearInterval(sampler);
      // the 512 MB fallback would restart it too, but only that big
      assert.ok(maxWal < 512 * 1024 * 1024, `the log reached ${maxWal} bytes: the fallback may have restarted it`);
      assert.ok(sequences.size >= 3, `the log restarted ${sequences.size - 1} times in ${ms} ms (${written} bytes written)`);
      assert.equal(store.count(), n);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${name}: an idle database is made durable and its log emptied`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-log-'));
    const path = join(dir, 's.sqlite');
    const store = open(path);
    try {
      store.transaction(() => {
        for (let i = 0; i < 50; i++) store.insert({ id: `o${i}`, type: 'thing', account: 'acct_A', created: i, data: { id: `o${i}`, i } });
      });
      await store.durable();
      assert.ok(walSize(path) > 0, 'the commit went to the log');
      // a second without writes, then the next checkpoint tick (1 s for the writer thread's worker); the count goes
      // up once the emptied log is synced too (the last step), so wait for it, not for the log's size
      const deadline = Date.now() + 6000;
      while (store.idleSyncs() === 0 && Date.now() < deadline) await sleep(50);
      // by settleIdle (fsync, TRUNCATE, fsync), once
      assert.equal(store.idleSyncs(), 1);
      assert.equal(walSize(path), 0, 'the log was emptied');
      // with the log empty, everything is in the database file itself
      const raw = new Database(path, { readonly: true });
      try {
        assert.equal((raw.prepare('SELECT count(*) AS n FROM objects').get() as { n: number }).n, 50);
      } finally {
        raw.close();
      }
      // and the store goes on writing after it
      store.transaction(() => store.insert({ id: 'after', type: 'thing', account: 'acct_A', created: 99, data: { id: 'after' } }));
      await store.durable();
      assert.equal(store.get<{ id: string }>('after')?.data.id, 'after');
      // and the next quiet second settles it again
      const again = Date.now() + 6000;
      while (store.idleSyncs() < 2 && Date.now() < again) await sleep(100);
      assert.equal(store.idleSyncs(), 2);
      assert.equal(walSize(path), 0);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

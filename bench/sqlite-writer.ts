// The SQLite writer's own cost, without HTTP or the API: the rows one PaymentIntent create + confirm writes (the
// PaymentIntent, its PaymentMethod and internal card record, the Charge, the BalanceTransaction, three events, two
// updates, two idempotency records with their response bodies; sizes as measured from the simulator), committed in
// batches as the writer thread commits them, with a PASSIVE checkpoint every 20 batches from a second connection.
// Prints CPU µs per pair (writer + checkpoints) for each page size, alternating rounds (the machine's speed drifts).
// Usage: npx tsx bench/sqlite-writer.ts [--pairs 20000] [--batch 12] [--rounds 3] [--pages 4096,8192,16384]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { newId } from '../sim/core/ids.ts';
import { SCHEMA } from '../sim/node/store-sqlite.ts';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '20000' }, batch: { type: 'string', default: '12' }, rounds: { type: 'string', default: '3' }, pages: { type: 'string', default: '4096,8192,16384' } } });
const PAIRS = Number(values.pairs);
const BATCH = Number(values.batch);

/** [type, JSON length, index name] of the rows a create + confirm inserts. */
const ROWS: [string, number, string | null][] = [
  ['payment_intent', 1313, null],
  ['event', 1573, 'event_type'],
  ['payment_method', 777, 'type'],
  ['sim_card', 204, null],
  ['charge', 2040, 'payment_intent'],
  ['balance_transaction', 700, 'source'],
  ['event', 2294, 'event_type'],
  ['event', 1614, 'event_type'],
];
const json = (n: number) => JSON.stringify({ pad: 'x'.repeat(n - 10) });

function run(pageSize: number): { total: number; checkpoint: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ck-writer-'));
  const path = join(dir, 'w.sqlite');
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO objects (seq, id, type, account, created, data, idx) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const index = db.prepare('INSERT OR IGNORE INTO object_index (name, value, seq) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE objects SET data = ? WHERE seq = ?');
  const idem = db.prepare('INSERT OR REPLACE INTO idempotency (account, key, method, path, fingerprint, status, body, request_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const checkpointer = new Database(path);
  let seq = 0;
  let checkpointUs = 0;
  const t0 = process.cpuUsage();
  for (let b = 0; b < PAIRS / BATCH; b++) {
    begin.run();
    for (let p = 0; p < BATCH; p++) {
      const first = seq + 1;
      for (const [type, n, ix] of ROWS) {
        const s = ++seq;
        const values: Record<string, string> = ix ? { [ix]: ix === 'event_type' ? 'payment_intent.succeeded' : newId('x') } : {};
        insert.run(s, newId(type.slice(0, 3)), type, 'acct_1', 1_700_000_000, json(n), JSON.stringify(values));
        for (const k in values) index.run(k, values[k], s);
      }
      update.run(json(1352), first);
      update.run(json(203), first + 3);
      for (const body of [1583, 1622]) idem.run('acct_1', `stripe-node-retry-${crypto.randomUUID()}`, 'POST', '/v1/payment_intents', 'amount=1099', 200, json(body), 'req_1', Date.now());
    }
    commit.run();
    if (b % 20 === 0) {
      const c = process.cpuUsage();
      checkpointer.pragma('wal_checkpoint(PASSIVE)');
      const d = process.cpuUsage(c);
      checkpointUs += d.user + d.system;
    }
  }
  const c = process.cpuUsage(t0);
  checkpointer.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { total: (c.user + c.system) / PAIRS, checkpoint: checkpointUs / PAIRS };
}

console.log(`SQLite writer: rows of ${PAIRS} create + confirm pairs, ${BATCH} pairs per transaction`);
for (let r = 1; r <= Number(values.rounds); r++) {
  for (const page of values.pages.split(',').map(Number)) {
    const { total, checkpoint } = run(page);
    console.log(`round ${r}  page_size ${String(page).padStart(5)}   ${total.toFixed(0).padStart(4)} µs CPU per pair (checkpoints ${checkpoint.toFixed(0)})`);
  }
}

// The SQLite store with a writer thread (`--sqlite-writer thread`) against the memory store, operation by
// operation: random inserts, updates, removals, lists with filters and cursors, counts, idempotency records, meta
// and rolled-back transactions, with the batches sent and acknowledged at random points (so reads mix the
// in-memory overlay, the cache of acknowledged objects and SQLite). Then the file is reopened (with this store and
// with the inline one) and must hold exactly what the memory store holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../sim/core/store-memory.ts';
import type { ListQuery, Store } from '../../../sim/core/store.ts';
import { SqliteStore } from '../../../sim/node/store-sqlite.ts';
import { SqliteWorkerStore } from '../../../sim/node/store-sqlite-worker.ts';
import { mulberry32 } from '../helpers/prng.ts';

const ACCOUNTS = ['acct_A', 'acct_B'];
const TYPES = ['thing', 'other'];
const COLORS = ['red', 'blue', null];

interface Data {
  id: string;
  n: number;
  color: string | null;
}

function listAll(store: Store, account: string, type: string): string[] {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.list<Data>({ account, type, limit: 100, startingAfter: after });
    ids.push(...page.items.map((r) => `${r.id}:${JSON.stringify(r.data)}`));
    if (!page.hasMore) return ids;
    after = page.items[page.items.length - 1].id;
  }
}

for (const seed of [1, 2, 3, 4]) {
  test(`writer-thread store behaves as the memory store (seed ${seed}), and the file holds the result`, async () => {
    const rnd = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const dir = mkdtempSync(join(tmpdir(), 'ck-wstore-'));
    const path = join(dir, 's.sqlite');
    const mem = new MemoryStore();
    // the idempotency key filter is filled afresh at every purge (past a million keys by default)
    let sql: SqliteWorkerStore | null = new SqliteWorkerStore({ path, idemKeyRefillAt: 0 });
    const live = new Map<string, { account: string; type: string }>();
    let next = 0;
    let checks = 0;
    try {
      const both = <R>(f: (s: Store) => R): R => {
        const a = f(mem);
        const b = f(sql!);
        assert.deepEqual(b, a);
        checks++;
        return a;
      };
      for (let step = 0; step < 1500; step++) {
        const r = rnd();
        if (r < 0.3 || live.size < 5) {
          const id = `obj_${next++}`;
          const account = pick(ACCOUNTS);
          const type = pick(TYPES);
          const color = pick(COLORS);
          const input = { id, type, account, created: 1000 + Math.floor(rnd() * 10), data: { id, n: step, color }, index: { color } };
          both((s) => s.transaction(() => s.insert(input)).id);
          live.set(id, { account, type });
        } else if (r < 0.45) {
          const id = pick([...live.keys()]);
          const color = pick(COLORS);
          const reindex = rnd() < 0.5;
          both((s) => s.transaction(() => s.update<Data>(id, { id, n: step, color }, reindex ? { color } : undefined)).data);
        } else if (r < 0.5) {
          const id = pick([...live.keys()]);
          both((s) => s.transaction(() => s.remove(id)));
          live.delete(id);
        } else if (r < 0.55) {
          // a request that fails after writing: nothing of it stays
          const id = pick([...live.keys()]);
          const fresh = `obj_${next++}`;
          for (const s of [mem, sql]) {
            assert.throws(() =>
              s!.transaction(() => {
                s!.insert({ id: fresh, type: 'thing', account: 'acct_A', created: 1, data: { id: fresh, n: -1, color: 'red' }, index: { color: 'red' } });
                s!.update<Data>(id, { id, n: -1, color: 'blue' }, { color: 'blue' });
                s!.remove(id);
                s!.putIdempotency({ account: 'acct_A', key: `k${step}`, method: 'POST', path: '/v1/x', fingerprint: '', status: 200, body: '{}', requestId: 'req', createdMs: step });
                s!.setMeta('m', String(step));
                throw new Error('boom');
              }),
            );
          }
        } else if (r < 0.8) {
          const account = pick(ACCOUNTS);
          const type = pick(TYPES);
          const mine = [...live].filter(([, v]) => v.account === account && v.type === type).map(([k]) => k);
          const q: ListQuery<Data> = { account, type, limit: 1 + Math.floor(rnd() * 5) };
          const f = rnd();
          if (f < 0.3) q.where = { color: pick(['red', 'blue']) };
          else if (f < 0.4) q.where = { color: ['red', 'blue'] };
          if (rnd() < 0.3) q.created = { gte: 1003, lt: 1008 };
          if (rnd() < 0.2) q.filter = (d) => d.n % 2 === 0;
          const c = rnd();
          if (mine.length > 0 && c < 0.3) q.startingAfter = pick(mine);
          else if (mine.length > 0 && c < 0.5) q.endingBefore = pick(mine);
          both((s) => {
            const out = s.list(q);
            return { ids: out.items.map((x) => x.id), data: out.items.map((x) => x.data), hasMore: out.hasMore };
          });
        } else if (r < 0.85) {
          const id = rnd() < 0.8 && live.size > 0 ? pick([...live.keys()]) : `obj_${Math.floor(rnd() * next)}`;
          both((s) => s.get(id)?.data ?? null);
        } else if (r < 0.88) {
          const type = rnd() < 0.5 ? undefined : pick(TYPES);
          both((s) => s.count(type));
        } else if (r < 0.93) {
          const key = `key_${Math.floor(rnd() * 20)}`;
          if (rnd() < 0.5) {
            const rec = { account: pick(ACCOUNTS), key, method: 'POST', path: '/v1/x', fingerprint: 'f', status: 200, body: `{"s":${step}}`, requestId: `req_${step}`, createdMs: step };
            both((s) => s.transaction(() => s.putIdempotency(rec)));
          } else {
            const account = pick(ACCOUNTS);
            both((s) => s.getIdempotency(account, key) ?? null);
          }
        } else if (r < 0.935) {
          // purge the records older than a recent moment: both stores count and forget the same ones
          const before = step - Math.floor(rnd() * 300);
          both((s) => s.transaction(() => s.purgeIdempotency(before)));
        } else if (r < 0.95) {
          const k = `meta_${Math.floor(rnd() * 3)}`;
          if (rnd() < 0.5) both((s) => s.transaction(() => s.setMeta(k, String(step))));
          else both((s) => s.getMeta(k) ?? null);
        } else if (r < 0.975) {
          await sql.durable(); // everything acknowledged: reads come from SQLite and the cache
        } else {
          await new Promise((res) => setImmediate(res)); // the batch is sent, its acknowledgement may not be back yet
        }
      }
      await sql.durable();
      const expected = ACCOUNTS.flatMap((a) => TYPES.map((t) => listAll(mem, a, t)));
      assert.deepEqual(ACCOUNTS.flatMap((a) => TYPES.map((t) => listAll(sql!, a, t))), expected);
      assert.ok(checks > 1000, `only ${checks} comparisons`);
      sql.close();
      sql = null;
      // the file, reopened by either store, holds the same objects
      for (const reopen of [() => new SqliteWorkerStore({ path }), () => new SqliteStore({ path })]) {
        const again = reopen();
        try {
          assert.deepEqual(ACCOUNTS.flatMap((a) => TYPES.map((t) => listAll(again, a, t))), expected);
          assert.equal(again.count(), mem.count());
          // lookups by id and by idempotency key find what the file holds (the key filters are filled at open)
          for (let i = 0; i < next; i++) assert.deepEqual(again.get(`obj_${i}`)?.data ?? null, mem.get(`obj_${i}`)?.data ?? null, `obj_${i}`);
          for (const a of ACCOUNTS) {
            for (let k = 0; k < 20; k++) assert.deepEqual(again.getIdempotency(a, `key_${k}`) ?? null, mem.getIdempotency(a, `key_${k}`) ?? null, `${a} key_${k}`);
          }
        } finally {
          again.close();
        }
      }
    } finally {
      sql?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('writer-thread store: a nested transaction that throws rolls back alone; close() commits what was not yet sent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wstore-'));
  const path = join(dir, 's.sqlite');
  try {
    const s = new SqliteWorkerStore({ path });
    s.transaction(() => {
      s.insert({ id: 'keep', type: 't', account: 'a', created: 1, data: { v: 1 } });
      assert.throws(() =>
        s.transaction(() => {
          s.update('keep', { v: 2 });
          s.insert({ id: 'drop', type: 't', account: 'a', created: 1, data: {} });
          throw new Error('inner');
        }),
      );
      s.update('keep', { v: 3 });
    });
    assert.deepEqual(s.get('keep')!.data, { v: 3 });
    assert.equal(s.get('drop'), undefined);
    // closed in the same turn: nothing was acknowledged yet, close() must still commit it
    s.close();
    const again = new SqliteStore({ path });
    try {
      assert.deepEqual(again.get('keep')!.data, { v: 3 });
      assert.equal(again.get('drop'), undefined);
    } finally {
      again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer-thread store: reset hides SQLite until it is committed, then the file is empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wstore-'));
  const path = join(dir, 's.sqlite');
  try {
    const s = new SqliteWorkerStore({ path });
    s.transaction(() => {
      for (let i = 0; i < 5; i++) s.insert({ id: `o${i}`, type: 't', account: 'a', created: 1, data: { i } });
      s.setMeta('k', 'v');
    });
    await s.durable();
    s.reset();
    assert.equal(s.get('o1'), undefined);
    assert.equal(s.count(), 0);
    assert.deepEqual(s.list({ account: 'a', type: 't', limit: 10 }).items, []);
    assert.equal(s.getMeta('k'), 'v');
    s.transaction(() => s.insert({ id: 'new', type: 't', account: 'a', created: 1, data: {} }));
    await s.durable();
    assert.deepEqual(s.list({ account: 'a', type: 't', limit: 10 }).items.map((r) => r.id), ['new']);
    s.close();
    const again = new SqliteStore({ path });
    try {
      assert.equal(again.count(), 1);
      assert.equal(again.getMeta('k'), 'v');
    } finally {
      again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer-thread store: the idempotency key filter, filled afresh at a purge, keeps keys not yet committed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wstore-'));
  const path = join(dir, 's.sqlite');
  const rec = (key: string, createdMs: number) => ({ account: 'acct_A', key, method: 'POST', path: '/v1/x', fingerprint: 'f', status: 200, body: `{"k":"${key}"}`, requestId: 'req_1', createdMs });
  try {
    const s = new SqliteWorkerStore({ path, idemKeyRefillAt: 0 });
    s.transaction(() => {
      s.putIdempotency(rec('old', 1));
      s.putIdempotency(rec('kept', 50));
    });
    await s.durable();
    // written in the same turn as the purge: only in the overlay while the filter is filled from SQLite
    s.transaction(() => s.putIdempotency(rec('fresh', 60)));
    assert.equal(s.transaction(() => s.purgeIdempotency(10)), 1);
    await s.durable();
    // acknowledged: the overlay no longer has them, so these reads go through the filter to SQLite
    assert.equal(s.getIdempotency('acct_A', 'fresh')?.body, '{"k":"fresh"}');
    assert.equal(s.getIdempotency('acct_A', 'kept')?.body, '{"k":"kept"}');
    assert.equal(s.getIdempotency('acct_A', 'old'), undefined);
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Review of the writer-thread store (store-sqlite-worker.ts) against the inline SQLite store and the memory store:
// cases the random differential test is unlikely to reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../sim/core/store-memory.ts';
import type { DeliveryRecord, Store } from '../../../sim/core/store.ts';
import { SqliteStore } from '../../../sim/node/store-sqlite.ts';
import { SqliteWorkerStore } from '../../../sim/node/store-sqlite-worker.ts';

function withStores(fn: (stores: { name: string; s: Store }[], worker: SqliteWorkerStore) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-wreview-'));
    const worker = new SqliteWorkerStore({ path: join(dir, 'w.sqlite') });
    const inline = new SqliteStore({ path: join(dir, 'i.sqlite') });
    try {
      await fn(
        [
          { name: 'memory', s: new MemoryStore() },
          { name: 'inline', s: inline },
          { name: 'worker', s: worker },
        ],
        worker,
      );
    } finally {
      worker.close();
      inline.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'count: an object removed and re-inserted under the same id with another type (a tombstone) moves between the counts before its batch is acknowledged',
  withStores(async (stores, worker) => {
    for (const { s } of stores) s.transaction(() => s.insert({ id: 'cus_1', type: 'customer', account: 'a', created: 1, data: { v: 1 } }));
    await worker.durable();
    for (const { name, s } of stores) {
      // as customers.ts deletes: remove, then a stub under the same id as `customer:deleted`
      s.transaction(() => {
        s.remove('cus_1');
        s.insert({ id: 'cus_1', type: 'customer:deleted', account: 'a', created: 1, data: { deleted: true } });
      });
      assert.equal(s.count('customer'), 0, `${name}: count(customer)`);
      assert.equal(s.count('customer:deleted'), 1, `${name}: count(customer:deleted)`);
      assert.equal(s.count(), 1, `${name}: count()`);
    }
    await worker.durable();
    assert.deepEqual([worker.count('customer'), worker.count('customer:deleted'), worker.count()], [0, 1, 1]);
  }),
);

function delivery(id: string, nextMs: number, attempts = 0): DeliveryRecord {
  return {
    id,
    account: 'a',
    eventId: 'evt_1',
    endpointId: 'we_1',
    status: 'pending',
    attempts: Array.from({ length: attempts }, () => ({ at: 1, status: 500, durationMs: 1, response: null, error: null })),
    nextAttemptAtMs: nextMs,
    createdMs: 1,
  };
}

test(
  'dueDeliveries: deliveries due at the same time come oldest first, whether acknowledged or still in the overlay',
  withStores(async (stores, worker) => {
    for (const { s } of stores) {
      s.transaction(() => {
        s.insertDelivery(delivery('wd_1', 1000));
        s.insertDelivery(delivery('wd_2', 1000));
        s.insertDelivery(delivery('wd_3', 1000));
      });
    }
    await worker.durable();
    for (const { name, s } of stores) {
      // the oldest is retried and rescheduled for the same instant: it is written again (overlay), the others are not
      s.transaction(() => s.updateDelivery(delivery('wd_1', 1000, 1)));
      assert.deepEqual(s.dueDeliveries(1000, 10).map((d) => d.id), ['wd_1', 'wd_2', 'wd_3'], name);
      assert.deepEqual(s.dueDeliveries(1000, 1).map((d) => d.id), ['wd_1'], name);
    }
    await worker.durable();
    assert.deepEqual(worker.dueDeliveries(1000, 10).map((d) => d.id), ['wd_1', 'wd_2', 'wd_3']);
  }),
);

test(
  'insert of an id the store knows (acknowledged and read since) throws in its own transaction instead of failing the whole batch',
  withStores(async (stores, worker) => {
    for (const { s } of stores) s.transaction(() => s.insert({ id: 'prod_x', type: 'product', account: 'a', created: 1, data: { v: 1 } }));
    await worker.durable();
    for (const { name, s } of stores) {
      assert.deepEqual(s.get('prod_x')?.data, { v: 1 }, name);
      // two requests of the same turn: a good one, and one that inserts an existing id
      s.transaction(() => s.insert({ id: 'prod_y', type: 'product', account: 'a', created: 1, data: { v: 2 } }));
      assert.throws(() => s.transaction(() => s.insert({ id: 'prod_x', type: 'product', account: 'a', created: 1, data: { v: 3 } })), /UNIQUE|duplicate/, name);
    }
    await worker.durable(); // the good request's write commits
    assert.deepEqual(worker.get('prod_y')?.data, { v: 2 });
    assert.deepEqual(worker.get('prod_x')?.data, { v: 1 });
  }),
);

test('durable(): a reader of an unacknowledged record (an idempotent replay) waits for its commit; close() commits a deferred batch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wreview-'));
  const path = join(dir, 'w.sqlite');
  try {
    const s = new SqliteWorkerStore({ path });
    const rec = { account: 'a', key: 'k1', method: 'POST', path: '/v1/x', fingerprint: '', status: 200, body: '{}', requestId: 'req_1', createdMs: 1 };
    s.transaction(() => s.putIdempotency(rec));
    const original = s.durable();
    await new Promise((r) => setImmediate(r)); // sent, acknowledgement not back yet
    let committed = false;
    void original.then(() => (committed = true));
    // the replay reads the record from the overlay, then awaits durable(): it must not resolve before the original
    assert.equal(s.getIdempotency('a', 'k1')?.requestId, 'req_1');
    await s.durable();
    assert.equal(committed, true);
    const check = new SqliteStore({ path });
    assert.equal(check.getIdempotency('a', 'k1')?.requestId, 'req_1');
    check.close();
    // one batch in flight, the next deferred behind it: close() commits both
    s.transaction(() => s.insert({ id: 'o1', type: 't', account: 'a', created: 1, data: {} }));
    await new Promise((r) => setImmediate(r));
    s.transaction(() => s.insert({ id: 'o2', type: 't', account: 'a', created: 1, data: {} }));
    await new Promise((r) => setImmediate(r));
    s.close();
    const again = new SqliteStore({ path });
    try {
      assert.equal(again.count('t'), 2);
    } finally {
      again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch SQLite refuses fails its requests and the one being filled; the store then goes on from what SQLite holds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wreview-'));
  const s = new SqliteWorkerStore({ path: join(dir, 'w.sqlite') });
  try {
    s.transaction(() => s.insert({ id: 'keep', type: 't', account: 'a', created: 1, data: { v: 1 }, index: { k: 'x' } }));
    await s.durable();
    // An id SQLite has but this thread does not know (as if its cache had let it go and its id filter had lost it):
    // the writer's UNIQUE constraint refuses the batch.
    (s as unknown as { cache: Map<string, unknown> }).cache.clear();
    (s as unknown as { ids: { clear(): void } }).ids.clear();
    s.transaction(() => {
      s.insert({ id: 'keep', type: 't', account: 'a', created: 2, data: { v: 'dup' } });
      s.update('keep', { v: 'lost' }, { k: 'y' });
    });
    const first = s.durable();
    await new Promise((r) => setImmediate(r)); // the batch is sent
    // the next request's writes go to the batch being filled while the bad one is committed
    s.transaction(() => s.insert({ id: 'next-batch', type: 't', account: 'a', created: 3, data: {} }));
    const second = s.durable();
    await assert.rejects(first, /UNIQUE/);
    await assert.rejects(second, /UNIQUE/);
    assert.deepEqual(s.get('keep')!.data, { v: 1 });
    assert.equal(s.get('next-batch'), undefined);
    assert.deepEqual(s.list({ account: 'a', type: 't', limit: 10, where: { k: 'x' } }).items.map((r) => r.id), ['keep']);
    assert.equal(s.count('t'), 1);
    // and it keeps working
    s.transaction(() => s.update('keep', { v: 2 }, { k: 'z' }));
    await s.durable();
    assert.deepEqual(s.list({ account: 'a', type: 't', limit: 10, where: { k: 'z' } }).items.map((r) => r.data), [{ v: 2 }]);
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an insert of an id only SQLite has is refused in the request, and the batch goes on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-wreview-'));
  const path = join(dir, 'w.sqlite');
  const first = new SqliteWorkerStore({ path });
  first.transaction(() => first.insert({ id: 'old', type: 't', account: 'a', created: 1, data: { v: 1 } }));
  first.close();
  const s = new SqliteWorkerStore({ path }); // knows 'old' only from the file (not in its overlay or cache)
  try {
    assert.throws(() => s.transaction(() => s.insert({ id: 'old', type: 't', account: 'a', created: 2, data: { v: 'dup' } })), /UNIQUE/);
    s.transaction(() => s.insert({ id: 'new', type: 't', account: 'a', created: 3, data: { v: 2 } }));
    await s.durable(); // the batch commits: the duplicate never reached the writer
    assert.deepEqual(s.get('old')!.data, { v: 1 });
    assert.deepEqual(s.get('new')!.data, { v: 2 });
    // removed in the overlay: the id may be used again
    s.transaction(() => s.remove('old'));
    s.transaction(() => s.insert({ id: 'old', type: 't', account: 'a', created: 4, data: { v: 3 } }));
    await s.durable();
    assert.deepEqual(s.get('old')!.data, { v: 3 });
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reset() in a transaction that then throws leaves everything as it was', async () => {
  await withStores(async (stores) => {
    for (const { name, s } of stores) {
      s.transaction(() => {
        s.insert({ id: 'o1', type: 't', account: 'a', created: 1, data: { v: 1 } });
        s.setMeta('m', 'v');
      });
      if (s.durable) await s.durable();
      s.transaction(() => s.update('o1', { v: 2 })); // not yet acknowledged on the writer thread
      assert.throws(() =>
        s.transaction(() => {
          s.reset({ meta: true });
          throw new Error('after the reset');
        }),
      );
      assert.deepEqual(s.get('o1')?.data, { v: 2 }, name);
      assert.equal(s.getMeta('m'), 'v', name);
      if (s.durable) await s.durable();
      assert.deepEqual(s.list({ account: 'a', type: 't', limit: 5 }).items.map((r) => r.data), [{ v: 2 }], name);
    }
  })();
});

test('purgeIdempotency: committed records older than the cut are gone at once, before the purge itself is committed', async () => {
  await withStores(async (stores) => {
    for (const { name, s } of stores) {
      const rec = (key: string, createdMs: number) => ({ account: 'a', key, method: 'POST', path: '/v1/x', fingerprint: 'f', status: 200, body: '{}', requestId: `req_${key}`, createdMs });
      s.transaction(() => {
        s.putIdempotency(rec('old1', 100));
        s.putIdempotency(rec('old2', 200));
        s.putIdempotency(rec('new', 900));
      });
      if (s.durable) await s.durable();
      s.transaction(() => s.putIdempotency(rec('old2', 250))); // rewritten, still old: counted once
      assert.equal(s.transaction(() => s.purgeIdempotency(500)), 2, name);
      assert.equal(s.getIdempotency('a', 'old1'), undefined, name);
      assert.equal(s.getIdempotency('a', 'old2'), undefined, name);
      assert.equal(s.getIdempotency('a', 'new')?.createdMs, 900, name);
      assert.equal(s.transaction(() => s.purgeIdempotency(600)), 0, `${name}: a second purge before the first is committed finds nothing more`);
      if (s.durable) await s.durable();
      assert.equal(s.getIdempotency('a', 'old1'), undefined, name);
      assert.equal(s.getIdempotency('a', 'new')?.createdMs, 900, name);
    }
  })();
});

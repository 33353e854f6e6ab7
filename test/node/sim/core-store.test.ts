// The Store contract, run against both implementations (memory and SQLite).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../../sim/core/store-memory.ts';
import type { Store } from '../../../sim/core/store.ts';
import { SqliteStore } from '../../../sim/node/store-sqlite.ts';
import { SqliteWorkerStore } from '../../../sim/node/store-sqlite-worker.ts';

const A = 'acct_A';
const B = 'acct_B';

const factories: [string, () => { store: Store; done: () => void }][] = [
  ['memory', () => ({ store: new MemoryStore(), done: () => {} })],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ck-store-'));
      const store = new SqliteStore({ path: join(dir, 's.sqlite') });
      return { store, done: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [
    'sqlite-worker',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ck-store-'));
      const store = new SqliteWorkerStore({ path: join(dir, 's.sqlite') });
      return { store, done: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

function seed(store: Store, n: number, type = 'customer', account = A, created = (i: number) => 1000 + i) {
  const ids: string[] = [];
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `${type}_${account}_${i}`;
      store.insert({ id, type, account, created: created(i), data: { id, object: type, n: i, email: i % 2 ? 'odd@x' : 'even@x' }, index: { email: i % 2 ? 'odd@x' : 'even@x', parity: i % 2 ? null : 'even' } });
      ids.push(id);
    }
  });
  return ids;
}

for (const [name, make] of factories) {
  describe(`${name} store`, () => {
    test('get returns a fresh copy of what was inserted, with seq and created', () => {
      const { store, done } = make();
      try {
        const rec = store.insert({ id: 'x_1', type: 'thing', account: A, created: 42, data: { id: 'x_1', object: 'thing', v: { a: 1 } } });
        const got = store.get<{ v: { a: number } }>('x_1')!;
        assert.equal(got.created, 42);
        assert.equal(got.account, A);
        assert.equal(got.seq, rec.seq);
        got.data.v.a = 2;
        assert.equal(store.get<{ v: { a: number } }>('x_1')!.data.v.a, 1);
        assert.equal(store.get('nope'), undefined);
      } finally {
        done();
      }
    });

    test('lists newest first with has_more, and pages with startingAfter / endingBefore', () => {
      const { store, done } = make();
      try {
        const ids = seed(store, 25);
        const p1 = store.list({ account: A, type: 'customer', limit: 10 });
        assert.deepEqual(p1.items.map((r) => r.id), ids.slice(15).reverse());
        assert.equal(p1.hasMore, true);
        const p3 = store.list({ account: A, type: 'customer', limit: 10, startingAfter: ids[10] });
        assert.deepEqual(p3.items.map((r) => r.id), ids.slice(0, 10).reverse());
        assert.equal(p3.hasMore, false);
        const back = store.list({ account: A, type: 'customer', limit: 5, endingBefore: ids[10] });
        assert.deepEqual(back.items.map((r) => r.id), ids.slice(11, 16).reverse());
        assert.equal(back.hasMore, true);
      } finally {
        done();
      }
    });

    test('lists are scoped by account and type', () => {
      const { store, done } = make();
      try {
        seed(store, 3, 'customer', A);
        seed(store, 2, 'customer', B);
        seed(store, 4, 'product', A);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100 }).items.length, 3);
        assert.equal(store.list({ account: B, type: 'customer', limit: 100 }).items.length, 2);
        assert.equal(store.list({ account: A, type: 'product', limit: 100 }).items.length, 4);
        assert.equal(store.count('customer'), 5);
        assert.equal(store.count(), 9);
      } finally {
        done();
      }
    });

    test('where filters on index values (equality and IN); null index values are not indexed', () => {
      const { store, done } = make();
      try {
        seed(store, 10);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100, where: { email: 'odd@x' } }).items.length, 5);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100, where: { email: ['odd@x', 'even@x'] } }).items.length, 10);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100, where: { parity: 'even' } }).items.length, 5);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100, where: { email: [] } }).items.length, 0);
      } finally {
        done();
      }
    });

    test('created range filters and predicate filters combine with pagination', () => {
      const { store, done } = make();
      try {
        seed(store, 20);
        const r = store.list({ account: A, type: 'customer', limit: 100, created: { gte: 1005, lt: 1010 } });
        assert.deepEqual(r.items.map((x) => x.created), [1009, 1008, 1007, 1006, 1005]);
        const f = store.list<{ n: number }>({ account: A, type: 'customer', limit: 3, filter: (d) => d.n % 3 === 0 });
        assert.deepEqual(f.items.map((x) => x.data.n), [18, 15, 12]);
        assert.equal(f.hasMore, true);
        assert.equal(store.list({ account: A, type: 'customer', limit: 100, created: { eq: 1003 } }).items.length, 1);
      } finally {
        done();
      }
    });

    test('a list filter may itself read the store, and long filtered scans page through everything', () => {
      const { store, done } = make();
      try {
        seed(store, 600);
        const r = store.list<{ n: number }>({ account: A, type: 'customer', limit: 5, filter: (d) => d.n < 7 && store.get(`customer_${A}_${d.n}`) !== undefined });
        assert.deepEqual(r.items.map((x) => x.data.n), [6, 5, 4, 3, 2]);
        assert.equal(r.hasMore, true);
        const tail = store.list<{ n: number }>({ account: A, type: 'customer', limit: 5, startingAfter: `customer_${A}_2`, filter: (d) => d.n < 7 });
        assert.deepEqual(tail.items.map((x) => x.data.n), [1, 0]);
        assert.equal(tail.hasMore, false);
      } finally {
        done();
      }
    });

    test('update replaces data, keeps the index unless given a new one', () => {
      const { store, done } = make();
      try {
        seed(store, 2);
        const id = `customer_${A}_0`;
        store.transaction(() => store.update(id, { id, object: 'customer', n: 99 }));
        assert.equal(store.get<{ n: number }>(id)!.data.n, 99);
        assert.equal(store.list({ account: A, type: 'customer', limit: 10, where: { email: 'even@x' } }).items.length, 1);
        store.transaction(() => store.update(id, { id, object: 'customer', n: 100 }, { email: 'new@x' }));
        assert.equal(store.list({ account: A, type: 'customer', limit: 10, where: { email: 'even@x' } }).items.length, 0);
        assert.equal(store.list({ account: A, type: 'customer', limit: 10, where: { email: 'new@x' } }).items.length, 1);
      } finally {
        done();
      }
    });

    test('remove deletes the object and its index entries', () => {
      const { store, done } = make();
      try {
        seed(store, 3);
        store.transaction(() => store.remove(`customer_${A}_1`));
        assert.equal(store.get(`customer_${A}_1`), undefined);
        assert.equal(store.list({ account: A, type: 'customer', limit: 10, where: { email: 'odd@x' } }).items.length, 0);
        assert.equal(store.list({ account: A, type: 'customer', limit: 10 }).items.length, 2);
      } finally {
        done();
      }
    });

    test('a transaction that throws rolls back every write', () => {
      const { store, done } = make();
      try {
        seed(store, 1);
        assert.throws(() =>
          store.transaction(() => {
            store.insert({ id: 'y_1', type: 'thing', account: A, created: 1, data: { id: 'y_1' } });
            store.update(`customer_${A}_0`, { changed: true });
            store.remove(`customer_${A}_0`);
            store.putIdempotency({ account: A, key: 'k', method: 'POST', path: '/v1/x', fingerprint: '', status: 200, body: '{}', requestId: 'req_1', createdMs: 1 });
            store.setMeta('m', 'v');
            throw new Error('boom');
          }),
        );
        assert.equal(store.get('y_1'), undefined);
        assert.deepEqual(store.get(`customer_${A}_0`)!.data, { id: `customer_${A}_0`, object: 'customer', n: 0, email: 'even@x' });
        assert.equal(store.getIdempotency(A, 'k'), undefined);
        assert.equal(store.getMeta('m'), undefined);
        assert.equal(store.list({ account: A, type: 'customer', limit: 10 }).items.length, 1);
      } finally {
        done();
      }
    });

    test('nested transactions join the outer one', () => {
      const { store, done } = make();
      try {
        assert.throws(() =>
          store.transaction(() => {
            store.transaction(() => store.insert({ id: 'n_1', type: 't', account: A, created: 1, data: {} }));
            throw new Error('outer fails');
          }),
        );
        assert.equal(store.get('n_1'), undefined);
      } finally {
        done();
      }
    });

    test('idempotency records are stored per account and key, and purged by age', () => {
      const { store, done } = make();
      try {
        const rec = { account: A, key: 'k1', method: 'POST', path: '/v1/customers', fingerprint: 'f', status: 200, body: '{"a":1}', requestId: 'req_1', createdMs: 1000 };
        store.transaction(() => {
          store.putIdempotency(rec);
          store.putIdempotency({ ...rec, account: B, createdMs: 5000 });
        });
        assert.deepEqual(store.getIdempotency(A, 'k1'), rec);
        assert.equal(store.getIdempotency(A, 'other'), undefined);
        assert.equal(store.transaction(() => store.purgeIdempotency(2000)), 1);
        assert.equal(store.getIdempotency(A, 'k1'), undefined);
        assert.ok(store.getIdempotency(B, 'k1'));
      } finally {
        done();
      }
    });

    test('deliveries: due ones oldest first, the next due time, updates and filters', () => {
      const { store, done } = make();
      try {
        const base = { account: A, endpointId: 'we_1', attempts: [], createdMs: 0 };
        store.transaction(() => {
          store.insertDelivery({ ...base, id: 'd1', eventId: 'evt_1', status: 'pending', nextAttemptAtMs: 300 });
          store.insertDelivery({ ...base, id: 'd2', eventId: 'evt_2', status: 'pending', nextAttemptAtMs: 100 });
          store.insertDelivery({ ...base, id: 'd3', eventId: 'evt_2', status: 'succeeded', nextAttemptAtMs: null });
        });
        assert.deepEqual(store.dueDeliveries(1000, 10).map((d) => d.id), ['d2', 'd1']);
        assert.deepEqual(store.dueDeliveries(200, 10).map((d) => d.id), ['d2']);
        assert.equal(store.nextDeliveryAtMs(), 100);
        const d2 = store.getDelivery('d2')!;
        store.transaction(() => store.updateDelivery({ ...d2, status: 'succeeded', nextAttemptAtMs: null, attempts: [{ at: 1, status: 200, durationMs: 3, response: 'ok', error: null }] }));
        assert.equal(store.getDelivery('d2')!.attempts.length, 1);
        assert.equal(store.nextDeliveryAtMs(), 300);
        assert.deepEqual(store.listDeliveries({ eventId: 'evt_2' }).map((d) => d.id), ['d3', 'd2']);
        assert.deepEqual(store.listDeliveries({ status: 'pending' }).map((d) => d.id), ['d1']);
      } finally {
        done();
      }
    });

    test('reset clears objects, idempotency and deliveries but keeps meta', () => {
      const { store, done } = make();
      try {
        seed(store, 3);
        store.transaction(() => store.setMeta('k', 'v'));
        store.reset();
        assert.equal(store.count(), 0);
        assert.equal(store.getMeta('k'), 'v');
      } finally {
        done();
      }
    });
  });
}

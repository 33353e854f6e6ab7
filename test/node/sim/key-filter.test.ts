// The Bloom filter that lets the writer-thread SQLite store skip reads of keys it never wrote: a key added is
// always "maybe" (a false "absent" would hide a stored object), and most keys never added are "absent".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyFilter } from '../../../sim/node/key-filter.ts';
import { newId } from '../../../sim/core/ids.ts';

test('key filter: every added key may be present; keys never added are almost all absent', () => {
  const f = new KeyFilter();
  const added: string[] = [];
  for (let i = 0; i < 200_000; i++) {
    const k = i % 2 === 0 ? newId('pi') : `acct_1\0stripe-node-retry-${i}`;
    f.add(k);
    added.push(k);
  }
  assert.equal(f.added, 200_000);
  for (const k of added) assert.equal(f.mayHave(k), true, k);
  let wrong = 0;
  const probes = 100_000;
  for (let i = 0; i < probes; i++) if (f.mayHave(`simpi_${newId('pi')}`)) wrong++;
  // 5 hashes over 2^25 bits with 200k keys: about 3 in a million; allow far more, but not a broken filter
  assert.ok(wrong < probes / 1000, `${wrong} of ${probes} absent keys answered "maybe"`);
  f.clear();
  assert.equal(f.added, 0);
  assert.equal(added.filter((k) => f.mayHave(k)).length, 0);
});

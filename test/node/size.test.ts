// Size budgets of the public entries (deterministic byte counts, not timings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgets, ceilings, measureEntries } from '../../bench/size.ts';

test('every budgeted entry stays within its min+gzip budget, or its regression ceiling while over budget', async () => {
  const rows = await measureEntries();
  const cart = rows.find((r) => r.entry === 'checkout-kit/cart');
  assert.ok(cart, 'checkout-kit/cart entry exists');
  for (const row of rows) {
    const limit = ceilings[row.entry] ?? budgets[row.entry];
    if (limit === undefined) continue;
    assert.ok(row.gzip <= limit, `${row.entry} is ${row.gzip} bytes min+gzip, limit ${limit}`);
  }
});

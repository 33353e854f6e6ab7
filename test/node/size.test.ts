// Size budgets of the public entries (deterministic byte counts, not timings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgets, measureEntries } from '../../bench/size.ts';

test('every budgeted entry that exists stays within its min+gzip budget', async () => {
  const rows = await measureEntries();
  const cart = rows.find((r) => r.entry === 'checkout-kit/cart');
  assert.ok(cart, 'checkout-kit/cart entry exists');
  for (const row of rows) {
    const budget = budgets[row.entry];
    if (budget === undefined) continue;
    assert.ok(row.gzip <= budget, `${row.entry} is ${row.gzip} bytes min+gzip, budget ${budget}`);
  }
});

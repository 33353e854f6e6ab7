// Size budgets of the public entries (deterministic byte counts, not timings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgets, measureEntries } from '../../bench/size.ts';

test('every budgeted entry stays within its min+gzip budget', async () => {
  const rows = await measureEntries();
  for (const entry of Object.keys(budgets)) assert.ok(rows.some((r) => r.entry === entry), `${entry} is measured`);
  for (const row of rows) {
    const limit = budgets[row.entry];
    if (limit === undefined) continue;
    assert.ok(row.gzip <= limit, `${row.entry} is ${row.gzip} bytes min+gzip, limit ${limit}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSim } from '../helpers/sim.ts';

test('the SDK creates and retrieves a customer through a running simulator', async () => {
  const t = await startTestSim({ store: 'sqlite' });
  try {
    const c = await t.stripe.customers.create({ email: 'a@example.com', metadata: { order: '1' } });
    assert.match(c.id, /^cus_/);
    const got = await t.stripe.customers.retrieve(c.id);
    assert.equal((got as { email: string }).email, 'a@example.com');
  } finally {
    await t.close();
  }
});

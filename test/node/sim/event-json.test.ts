// Events emitted `asWritten` (sim/core/context.ts) splice the JSON their object was just written with into the
// event's JSON: it must be exactly JSON.stringify(event), for the platform and a connected account, with and without
// previous_attributes (create, confirm, and the asynchronous capture's charge.updated).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Stripe from 'stripe';
import type { InsertInput } from '../../../sim/core/store.ts';
import { onboardedAccount } from '../helpers/connect.ts';
import { startTestSim } from '../helpers/sim.ts';

test('events that reuse their object\'s JSON are stored exactly as JSON.stringify(event)', async () => {
  const sim = await startTestSim();
  try {
    const store = sim.server.store;
    const insert = store.insert.bind(store);
    const spliced: string[] = [];
    store.insert = <T>(input: InsertInput<T>) => {
      if (input.type === 'event' && input.json !== undefined) {
        assert.equal(input.json, JSON.stringify(input.data));
        spliced.push((input.data as { type: string }).type);
      }
      return insert(input);
    };
    const acct = await onboardedAccount(sim.stripe);
    for (const opts of [{}, { stripeAccount: acct }]) {
      const pi = await sim.stripe.paymentIntents.create({ amount: 1099, currency: 'usd' }, opts);
      await sim.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, opts);
      // reading the charge settles its asynchronous capture now (charge.updated with previous_attributes)
      const confirmed = await sim.stripe.paymentIntents.retrieve(pi.id, {}, opts);
      const charge = await sim.stripe.charges.retrieve(confirmed.latest_charge as string, {}, opts);
      assert.ok(charge.balance_transaction);
      const manual = await sim.stripe.paymentIntents.create({ amount: 500, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_mastercard', confirm: true }, opts);
      assert.equal((manual as Stripe.PaymentIntent).status, 'requires_capture');
    }
    for (const type of ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated', 'payment_intent.amount_capturable_updated']) {
      assert.ok(spliced.filter((t) => t === type).length >= 2, `${type}: ${spliced.join(', ')}`);
    }
  } finally {
    await sim.close();
  }
});

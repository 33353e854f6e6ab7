// Conformance of events and webhook deliveries with Stripe's docs, through the official `stripe` SDK and a real
// local HTTP receiver that verifies every delivery with stripe.webhooks.constructEvent: the set and order of event
// types per flow, the Event object's fields (snapshots, previous_attributes, request, pending_webhooks), and
// deliveries (filtering, versions, retries, delivery_success).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startReceiver, startTestSim, type TestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const flush = (t: TestSim) => t.control('POST', '/_sim/webhooks/flush');
const idOf = (e: Stripe.Event) => (e.data.object as { id?: string }).id;

/** Every event delivered to `rx`, verified with the endpoint's secret, in the order the simulator recorded them. */
function verified(t: TestSim, rx: Receiver, secret: string): Stripe.Event[] {
  return rx.received.map((r) => t.stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'], secret));
}

describe('events per flow, as delivered to a signed endpoint', () => {
  let t: TestSim;
  let rx: Receiver;
  let secret: string;
  let seen = new Set<string>();

  before(async () => {
    t = await startTestSim();
    rx = await startReceiver(200);
    secret = (await t.stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['*'] })).secret!;
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  /**
   * Events created since the last call, oldest first; each one was also delivered and verified. The
   * asynchronous-capture charge.updated, which lands whenever its timer fires, is left out unless asked for.
   */
  async function fresh(withSettles = false): Promise<Stripe.Event[]> {
    await flush(t);
    const all: Stripe.Event[] = [];
    for await (const e of t.stripe.events.list({ limit: 100 })) all.push(e);
    const out = all.reverse().filter((e) => !seen.has(e.id));
    for (const e of out) seen.add(e.id);
    await flush(t); // an automatic event may have landed between the first flush and the list
    const delivered = new Map(verified(t, rx, secret).map((e) => [e.id, e]));
    for (const e of out) {
      const d = delivered.get(e.id);
      assert.ok(d, `${e.type} ${e.id} was delivered`);
      assert.deepEqual(d, { ...e, pending_webhooks: d.pending_webhooks }, `${e.type}: the delivery carries the event as stored`);
    }
    return withSettles ? out : out.filter((e) => !isSettle(e));
  }
  const isSettle = (e: Stripe.Event) => e.type === 'charge.updated' && JSON.stringify(e.data.previous_attributes) === '{"balance_transaction":null}';
  const types = (evs: Stripe.Event[]) => evs.map((e) => e.type);

  test('a PaymentIntent created, then confirmed: payment_intent.created; charge.succeeded, payment_intent.succeeded', async () => {
    seen = new Set((await fresh()).map((e) => e.id));
    const pi = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, { idempotencyKey: 'conf-ev-create' });
    const created = await fresh();
    assert.deepEqual(types(created), ['payment_intent.created']);
    const [ev] = created;
    assert.equal(ev.object, 'event');
    assert.match(ev.id, /^evt_/);
    assert.equal(ev.api_version, '2026-10-28.endive');
    assert.equal(ev.livemode, false);
    assert.ok(Math.abs(ev.created - Math.floor(Date.now() / 1000)) < 60);
    assert.equal(ev.data.previous_attributes, undefined);
    assert.deepEqual(ev.request, { id: ev.request?.id, idempotency_key: 'conf-ev-create' });
    assert.match(ev.request?.id ?? '', /^req_/);
    assert.equal(idOf(ev), pi.id);
    assert.equal((ev.data.object as Stripe.PaymentIntent).status, 'requires_payment_method');

    const done = await t.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    const confirmed = await fresh();
    assert.deepEqual(types(confirmed), ['charge.succeeded', 'payment_intent.succeeded']);
    const charge = confirmed[0].data.object as Stripe.Charge;
    assert.equal(charge.id, done.latest_charge);
    assert.equal(charge.payment_intent, pi.id);
    assert.equal((confirmed[1].data.object as Stripe.PaymentIntent).status, 'succeeded');
    // the snapshot taken at creation is unchanged by the later confirmation
    assert.equal(((await t.stripe.events.retrieve(ev.id)).data.object as Stripe.PaymentIntent).status, 'requires_payment_method');
  });

  test('the balance transaction of an asynchronous capture arrives as charge.updated, an automatic event', async () => {
    await fresh();
    const pi = await t.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const evs = await fresh(true);
    assert.deepEqual(types(evs.filter((e) => !isSettle(e))), ['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const ours = evs.filter((e) => idOf(e) === pi.latest_charge || idOf(e) === pi.id);
    assert.equal((ours[1].data.object as Stripe.Charge).balance_transaction, null, 'charge.succeeded before the balance transaction');
    // Stripe fills it in shortly after (docs: asynchronous capture, "listen for the charge.updated event"); reading
    // the charge at once settles it in the simulator, which must still not pass for the cause of the event
    await t.stripe.charges.retrieve(pi.latest_charge as string);
    const later = [...evs, ...(await fresh(true))].filter((e) => e.type === 'charge.updated' && idOf(e) === pi.latest_charge);
    assert.equal(later.length, 1);
    const [upd] = later;
    assert.equal(idOf(upd), pi.latest_charge);
    assert.match((upd.data.object as Stripe.Charge).balance_transaction as string, /^txn_/);
    assert.deepEqual(upd.data.previous_attributes, { balance_transaction: null });
    assert.deepEqual(upd.request, { id: null, idempotency_key: null }, 'not caused by an API request');
  });

  test('a declined confirmation: charge.failed then payment_intent.payment_failed', async () => {
    await fresh();
    await assert.rejects(t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }), { code: 'card_declined' });
    const evs = await fresh();
    assert.deepEqual(types(evs), ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    const failed = evs[2].data.object as Stripe.PaymentIntent;
    assert.equal(failed.status, 'requires_payment_method');
    assert.equal(failed.last_payment_error?.code, 'card_declined');
    assert.equal((evs[1].data.object as Stripe.Charge).status, 'failed');
  });

  test('3D Secure: payment_intent.requires_action, then charge.succeeded and payment_intent.succeeded once authenticated', async () => {
    await fresh();
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.example/back' });
    const evs = await fresh();
    assert.deepEqual(types(evs), ['payment_intent.created', 'payment_intent.requires_action']);
    assert.equal((evs[1].data.object as Stripe.PaymentIntent).next_action?.type, 'redirect_to_url');
    await fetch(pi.next_action!.redirect_to_url!.url!, { method: 'POST', body: new URLSearchParams({ outcome: 'complete' }), redirect: 'manual' });
    const done = await fresh();
    assert.deepEqual(types(done), ['charge.succeeded', 'payment_intent.succeeded']);
  });

  test('manual capture: amount_capturable_updated on authorisation; charge.captured, payment_intent.succeeded on capture', async () => {
    await fresh();
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const auth = await fresh();
    assert.deepEqual(types(auth), ['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated']);
    assert.equal((auth[2].data.object as Stripe.PaymentIntent).amount_capturable, 1000);
    assert.equal((auth[1].data.object as Stripe.Charge).captured, false);
    await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 600 });
    const cap = await fresh();
    // the uncaptured 400 is released as a refund, which has its refund.created (API 2024-10-28.acacia onwards)
    assert.deepEqual(types(cap), ['charge.captured', 'refund.created', 'payment_intent.succeeded']);
    assert.equal((cap[1].data.object as Stripe.Refund).amount, 400);
    const charge = cap[0].data.object as Stripe.Charge;
    assert.equal(charge.captured, true);
    assert.equal(charge.amount_captured, 600);
    assert.equal((cap[2].data.object as Stripe.PaymentIntent).amount_received, 600);
  });

  test('cancel of an authorisation: charge.refunded, refund.created (the released amount), payment_intent.canceled', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    await fresh();
    await t.stripe.paymentIntents.cancel(pi.id);
    const evs = await fresh();
    assert.deepEqual(types(evs), ['charge.refunded', 'refund.created', 'payment_intent.canceled']);
    const refund = evs[1].data.object as Stripe.Refund;
    assert.deepEqual([refund.amount, refund.charge, refund.payment_intent, refund.balance_transaction], [700, pi.latest_charge, pi.id, null]);
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    assert.deepEqual([charge.refunded, charge.amount_refunded, charge.refunds?.data.map((r) => r.id)], [true, 700, [refund.id]]);
  });

  test('cancel: payment_intent.canceled with the reason', async () => {
    await fresh();
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await t.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    const evs = await fresh();
    assert.deepEqual(types(evs), ['payment_intent.created', 'payment_intent.canceled']);
    assert.equal((evs[1].data.object as Stripe.PaymentIntent).cancellation_reason, 'requested_by_customer');
  });

  test('refunds: charge.refunded with only what changed, refund.created', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await t.stripe.charges.retrieve(pi.latest_charge as string); // settles the asynchronous capture
    await fresh();
    const partial = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 300 });
    const first = await fresh();
    assert.deepEqual(types(first), ['charge.refunded', 'refund.created']);
    assert.deepEqual(first[0].data.previous_attributes, { amount_refunded: 0 }, 'a partial refund leaves refunded false');
    assert.equal((first[0].data.object as Stripe.Charge).amount_refunded, 300);
    assert.equal(idOf(first[1]), partial.id);
    await t.stripe.refunds.create({ payment_intent: pi.id });
    const rest = await fresh();
    assert.deepEqual(types(rest), ['charge.refunded', 'refund.created']);
    assert.deepEqual(rest[0].data.previous_attributes, { amount_refunded: 300, refunded: false });
    assert.equal((rest[1].data.object as Stripe.Refund).amount, 700);
    await t.stripe.refunds.update(partial.id, { metadata: { note: 'x' } });
    const upd = await fresh();
    assert.deepEqual(types(upd), ['charge.refund.updated', 'refund.updated']);
    for (const e of upd) assert.deepEqual(e.data.previous_attributes, { metadata: { note: null } });
    await t.stripe.refunds.update(partial.id, { metadata: { note: 'x' } });
    assert.deepEqual(types(await fresh()), [], 'an update that changes nothing emits nothing');
  });

  test('customers: created, updated with previous_attributes, deleted', async () => {
    await fresh();
    const c = await t.stripe.customers.create({ email: 'ev@example.com', metadata: { a: '1' } });
    await t.stripe.customers.update(c.id, { name: 'Ada', metadata: { b: '2' } });
    await t.stripe.customers.del(c.id);
    const evs = await fresh();
    assert.deepEqual(types(evs), ['customer.created', 'customer.updated', 'customer.deleted']);
    assert.deepEqual(evs[1].data.previous_attributes, { metadata: { b: null }, name: null });
    assert.equal((evs[1].data.object as Stripe.Customer).name, 'Ada');
    assert.equal((evs[0].data.object as Stripe.Customer).name, null, 'created is a snapshot from before the update');
    const deleted = evs[2].data.object as Stripe.Customer;
    assert.equal(deleted.id, c.id);
    assert.equal(deleted.email, 'ev@example.com');
  });

  test('payment methods: attached and detached', async () => {
    const c = await t.stripe.customers.create({});
    await fresh();
    const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    await t.stripe.paymentMethods.detach(pm.id);
    const evs = await fresh();
    assert.deepEqual(types(evs), ['payment_method.attached', 'payment_method.detached']);
    assert.equal((evs[0].data.object as Stripe.PaymentMethod).customer, c.id);
    assert.equal((evs[1].data.object as Stripe.PaymentMethod).customer, null);
    assert.deepEqual(evs[1].data.previous_attributes, { customer: c.id });
  });

  test('setup intents: created, succeeded (the method attached); requires_action; setup_failed; canceled', async () => {
    const c = await t.stripe.customers.create({});
    await fresh();
    await t.stripe.setupIntents.create({ customer: c.id, payment_method: 'pm_card_visa', confirm: true });
    assert.deepEqual(types(await fresh()), ['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);
    await t.stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.example/back' });
    assert.deepEqual(types(await fresh()), ['setup_intent.created', 'setup_intent.requires_action']);
    await assert.rejects(t.stripe.setupIntents.create({ payment_method: 'pm_card_chargeDeclined', confirm: true }));
    assert.deepEqual(types(await fresh()), ['setup_intent.created', 'setup_intent.setup_failed']);
    const si = await t.stripe.setupIntents.create({});
    await t.stripe.setupIntents.cancel(si.id);
    assert.deepEqual(types(await fresh()), ['setup_intent.created', 'setup_intent.canceled']);
  });

  test('products and prices: created, updated with previous_attributes, deleted', async () => {
    await fresh();
    const prod = await t.stripe.products.create({ name: 'Mug' });
    await t.stripe.products.update(prod.id, { name: 'Big mug' });
    const price = await t.stripe.prices.create({ product: prod.id, unit_amount: 900, currency: 'usd' });
    await t.stripe.prices.update(price.id, { nickname: 'std' });
    const evs = await fresh();
    assert.deepEqual(types(evs), ['product.created', 'product.updated', 'price.created', 'price.updated']);
    assert.deepEqual(evs[1].data.previous_attributes, { name: 'Mug' });
    assert.deepEqual(evs[3].data.previous_attributes, { nickname: null });
    const p2 = await t.stripe.products.create({ name: 'Gone' });
    await t.stripe.products.del(p2.id);
    assert.deepEqual(types(await fresh()), ['product.created', 'product.deleted']);
  });

  test('checkout: paying emits the payment events, then checkout.session.completed with the paid session', async () => {
    const s = await t.stripe.checkout.sessions.create({
      mode: 'payment', success_url: 'https://shop.example/ok', customer_email: 'buyer@example.com',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 700, product_data: { name: 'Cake' } }, quantity: 2 }],
    });
    await fresh();
    assert.equal((await payCheckoutSession(t, s, { email: 'buyer@example.com' })).status, 200);
    const evs: string[] = types(await fresh());
    const at = (x: string) => evs.indexOf(x);
    for (const x of ['charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']) assert.ok(at(x) >= 0, `${x} in ${evs.join(', ')}`);
    assert.ok(at('charge.succeeded') < at('payment_intent.succeeded') && at('payment_intent.succeeded') < at('checkout.session.completed'), evs.join(', '));
    assert.equal(evs.filter((x) => x === 'checkout.session.completed').length, 1);
    const [done] = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data;
    const session = done.data.object as Stripe.Checkout.Session;
    assert.equal(session.id, s.id);
    assert.equal(session.status, 'complete');
    assert.equal(session.payment_status, 'paid');
    assert.equal(session.amount_total, 1400);
  });

  test('an idempotent replay raises no new event', async () => {
    await fresh();
    await t.stripe.customers.create({ name: 'Once' }, { idempotencyKey: 'conf-ev-replay' });
    await t.stripe.customers.create({ name: 'Once' }, { idempotencyKey: 'conf-ev-replay' });
    const evs = await fresh();
    assert.deepEqual(types(evs), ['customer.created']);
    assert.equal(evs[0].request?.idempotency_key, 'conf-ev-replay');
  });

  test('checkout: nothing on create; checkout.session.expired when expired', async () => {
    await fresh();
    const s = await t.stripe.checkout.sessions.create({
      mode: 'payment', success_url: 'https://shop.example/ok',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Tea' } }, quantity: 1 }],
    });
    const created = types(await fresh());
    assert.ok(!created.some((x) => x.startsWith('checkout.')), 'Stripe has no checkout.session.created');
    await t.stripe.checkout.sessions.expire(s.id);
    const evs = await fresh();
    assert.deepEqual(types(evs).filter((x) => x.startsWith('checkout.')), ['checkout.session.expired']);
    assert.equal((evs.find((e) => e.type === 'checkout.session.expired')!.data.object as Stripe.Checkout.Session).status, 'expired');
  });
});

describe('deliveries per endpoint', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim();
  });
  after(() => t.close());

  test("a payload is rendered in the endpoint's api_version (dahlia: payment_method_types), the event kept in the account's", async () => {
    const endive = await startReceiver(200);
    const dahlia = await startReceiver(200);
    try {
      const a = await t.stripe.webhookEndpoints.create({ url: endive.url, enabled_events: ['payment_intent.created'] });
      const b = await t.stripe.webhookEndpoints.create({ url: dahlia.url, enabled_events: ['payment_intent.created'], api_version: '2026-03-25.dahlia' });
      const pi = await t.stripe.paymentIntents.create({ amount: 1200, currency: 'eur' });
      await flush(t);
      const [e1] = verified(t, endive, a.secret!);
      const [e2] = verified(t, dahlia, b.secret!);
      assert.equal(e1.id, e2.id, 'one event, two renderings');
      assert.equal(e1.api_version, '2026-10-28.endive');
      assert.equal(e2.api_version, '2026-03-25.dahlia');
      assert.equal(idOf(e2), pi.id);
      const raw2 = JSON.parse(dahlia.received[0].body) as { data: { object: Record<string, unknown> } };
      assert.ok(Array.isArray(raw2.data.object.payment_method_types), 'dahlia objects carry payment_method_types');
      assert.ok(!('allowed_payment_method_types' in raw2.data.object), 'and not the endive field');
      assert.match(dahlia.received[0].headers['stripe-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.match(dahlia.received[0].headers['content-type'], /^application\/json/);
      assert.equal((await t.stripe.events.retrieve(e1.id)).api_version, '2026-10-28.endive');
    } finally {
      await endive.close();
      await dahlia.close();
    }
  });
});

describe('pending_webhooks and delivery_success', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ settings: { webhookRetrySchedule: [5] } });
  });
  after(() => t.close());

  test('pending_webhooks counts the enabled endpoints subscribed to the type, and drops only on a 2xx', async () => {
    const ok = await startReceiver(200);
    const down = await startReceiver(500);
    const other = await startReceiver(200);
    const disabled = await startReceiver(200);
    try {
      const okEp = await t.stripe.webhookEndpoints.create({ url: ok.url, enabled_events: ['*'] });
      const downEp = await t.stripe.webhookEndpoints.create({ url: down.url, enabled_events: ['customer.created', 'customer.updated'] });
      await t.stripe.webhookEndpoints.create({ url: other.url, enabled_events: ['product.created'] });
      const off = await t.stripe.webhookEndpoints.create({ url: disabled.url, enabled_events: ['*'] });
      await t.stripe.webhookEndpoints.update(off.id, { disabled: true });

      const c = await t.stripe.customers.create({ name: 'Counted' });
      const [ev] = (await t.stripe.events.list({ type: 'customer.created', limit: 1 })).data;
      assert.equal(idOf(ev), c.id);
      assert.equal(ev.pending_webhooks, 2, 'the * endpoint and the customer.* one; not the product one, not the disabled one');

      await flush(t);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 1, 'the 200 endpoint is done; the 500 one is not');
      assert.equal(other.received.length, 0);
      assert.equal(disabled.received.length, 0);
      const okEvent = t.stripe.webhooks.constructEvent(ok.received[0].body, ok.received[0].headers['stripe-signature'], okEp.secret!);
      assert.equal(okEvent.id, ev.id);
      t.stripe.webhooks.constructEvent(down.received[0].body, down.received[0].headers['stripe-signature'], downEp.secret!);

      // the only retry fails too: the delivery gives up, and the event still counts it as not delivered
      await t.control('POST', '/_sim/clock/advance', { seconds: 5 });
      await flush(t);
      assert.equal(down.received.length, 2);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 1);
      const failed = await t.stripe.events.list({ delivery_success: false, limit: 100 });
      assert.ok(failed.data.some((e) => e.id === ev.id), 'delivery_success=false lists events that failed all attempts');
      const succeeded = await t.stripe.events.list({ delivery_success: true, limit: 100 });
      assert.ok(!succeeded.data.some((e) => e.id === ev.id));

      // retried by hand once the receiver is back: now delivered everywhere
      down.status = 200;
      const [d] = ((await t.control('GET', `/_sim/deliveries?event=${ev.id}&status=failed`)) as { data: { id: string }[] }).data;
      await t.control('POST', `/_sim/deliveries/${d.id}/retry`);
      assert.equal((await t.stripe.events.retrieve(ev.id)).pending_webhooks, 0);
      assert.ok((await t.stripe.events.list({ delivery_success: true, limit: 100 })).data.some((e) => e.id === ev.id));
    } finally {
      for (const r of [ok, down, other, disabled]) await r.close();
    }
  });
});

// Disputes through the official SDK, as Stripe's testing docs describe them: the dispute test cards are charged
// back (or become an inquiry, or an early fraud warning) once captured; evidence "winning_evidence" /
// "losing_evidence" settles them; close accepts the loss. Statuses, events in order, balance transactions with the
// $15.00 dispute fee, list filters, expansion and errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';
import { startReceiver, stripeError as fails } from '../helpers/sim.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const pay = (payment_method: string, amount = 5000, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount, currency: 'usd', payment_method, confirm: true, ...extra });

async function disputeOf(chargeId: string): Promise<Stripe.Dispute> {
  const list = await stripe.disputes.list({ charge: chargeId });
  assert.equal(list.data.length, 1, `one dispute for ${chargeId}`);
  return list.data[0];
}

/** Events about `ids` (the object's id or its charge), oldest first. */
async function eventsAbout(...ids: string[]): Promise<Stripe.Event[]> {
  const all = await stripe.events.list({ limit: 100 });
  return all.data
    .filter((e) => {
      const o = e.data.object as { id?: string; charge?: string; latest_charge?: string };
      return ids.includes(o.id ?? '') || ids.includes(o.charge ?? '') || ids.includes(o.latest_charge ?? '');
    })
    .reverse();
}

test('4000000000000259 (pm_card_createDispute): the payment succeeds, then a fraudulent chargeback withdraws the amount and the $15.00 fee', async () => {
  const pi = await pay('pm_card_createDispute', 5000);
  assert.equal(pi.status, 'succeeded');
  const chargeId = pi.latest_charge as string;
  const charge = await stripe.charges.retrieve(chargeId);
  assert.equal(charge.disputed, true);
  const d = await disputeOf(chargeId);
  assert.match(d.id, /^dp_/);
  assert.equal(d.object, 'dispute');
  assert.equal(d.status, 'needs_response');
  assert.equal(d.reason, 'fraudulent');
  assert.equal(d.amount, 5000);
  assert.equal(d.currency, 'usd');
  assert.equal(d.charge, chargeId);
  assert.equal(d.payment_intent, pi.id);
  assert.equal(d.is_charge_refundable, false);
  assert.equal(d.livemode, false);
  assert.deepEqual(d.metadata, {});
  assert.equal(d.evidence.uncategorized_text, null);
  assert.equal(d.evidence_details.has_evidence, false);
  assert.equal(d.evidence_details.submission_count, 0);
  assert.equal(d.evidence_details.past_due, false);
  assert.ok((d.evidence_details.due_by ?? 0) > d.created);
  assert.equal(d.payment_method_details?.type, 'card');
  assert.equal(d.payment_method_details?.card?.case_type, 'chargeback');
  assert.equal(d.payment_method_details?.card?.brand, 'visa');
  assert.equal(d.balance_transactions.length, 1);
  const bt = d.balance_transactions[0];
  assert.equal(bt.type, 'adjustment');
  assert.equal(bt.reporting_category, 'dispute');
  assert.equal(bt.amount, -5000);
  assert.equal(bt.fee, 1500);
  assert.equal(bt.net, -6500);
  assert.equal(bt.source, d.id);
  assert.deepEqual(bt.fee_details.map((f) => [f.amount, f.type]), [[1500, 'stripe_fee']]);
  // The same balance transaction is in the ledger
  const stored = await stripe.balanceTransactions.retrieve(bt.id);
  assert.equal(stored.net, -6500);
  const adjustments = await stripe.balanceTransactions.list({ type: 'adjustment', source: d.id });
  assert.deepEqual(adjustments.data.map((b) => b.id), [bt.id]);

  const types = (await eventsAbout(chargeId, pi.id, d.id)).map((e) => e.type);
  // (charge.updated: the asynchronous capture's balance transaction, attached on its own schedule)
  assert.deepEqual(types.filter((t) => t !== 'payment_intent.created' && t !== 'charge.updated'), [
    'charge.succeeded', 'payment_intent.succeeded', 'charge.dispute.created', 'charge.dispute.funds_withdrawn',
  ]);
  const created = (await stripe.events.list({ type: 'charge.dispute.created', limit: 100 })).data.find((e) => (e.data.object as Stripe.Dispute).id === d.id);
  assert.ok(created);
  assert.equal((created.data.object as Stripe.Dispute).status, 'needs_response');
  // Raised by Stripe itself, not by the confirming request
  assert.equal(created.request?.id ?? null, null);
});

test('4000000000002685 (raw card number): product_not_received chargeback', async () => {
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000002685', exp_month: 12, exp_year: 2034, cvc: '123' } });
  const pi = await pay(pm.id, 2500);
  const d = await disputeOf(pi.latest_charge as string);
  assert.equal(d.reason, 'product_not_received');
  assert.equal(d.status, 'needs_response');
  assert.equal(d.amount, 2500);
  assert.equal(d.balance_transactions[0].net, -4000);
  const viaPm = await stripe.disputes.list({ charge: pi.latest_charge as string });
  assert.equal(viaPm.data[0].id, d.id);
  const sameByPm = await disputeOf((await pay('pm_card_createDisputeProductNotReceived', 1000)).latest_charge as string);
  assert.equal(sameByPm.reason, 'product_not_received');
});

test('4000000000001976 (pm_card_createDisputeInquiry): an inquiry, warning_needs_response, no funds withdrawn, still refundable', async () => {
  const pi = await pay('pm_card_createDisputeInquiry', 3000);
  const d = await disputeOf(pi.latest_charge as string);
  assert.equal(d.status, 'warning_needs_response');
  assert.equal(d.payment_method_details?.card?.case_type, 'inquiry');
  assert.equal(d.is_charge_refundable, true);
  assert.deepEqual(d.balance_transactions, []);
  const types = (await eventsAbout(d.id)).map((e) => e.type);
  assert.deepEqual(types, ['charge.dispute.created']);
  // Winning evidence closes the inquiry as warning_closed
  const won = await stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
  assert.equal(won.status, 'warning_closed');
  assert.deepEqual(won.balance_transactions, []);
  const closedTypes = (await eventsAbout(d.id)).map((e) => e.type);
  assert.deepEqual(closedTypes, ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);
  // A closed inquiry took no money: the payment stays refundable
  assert.equal(won.is_charge_refundable, true);
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
  assert.equal(refund.status, 'succeeded');
});

test('4000000000005423 (pm_card_createIssuerFraudRecord): an early fraud warning, no dispute', async () => {
  const pi = await pay('pm_card_createIssuerFraudRecord', 1200);
  const chargeId = pi.latest_charge as string;
  assert.deepEqual((await stripe.disputes.list({ charge: chargeId })).data, []);
  assert.equal((await stripe.charges.retrieve(chargeId)).disputed, false);
  const efws = await stripe.radar.earlyFraudWarnings.list({ charge: chargeId });
  assert.equal(efws.data.length, 1);
  const efw = efws.data[0];
  assert.match(efw.id, /^issfr_/);
  assert.equal(efw.object, 'radar.early_fraud_warning');
  assert.equal(efw.actionable, true);
  assert.equal(efw.charge, chargeId);
  assert.equal((await stripe.radar.earlyFraudWarnings.retrieve(efw.id)).id, efw.id);
  const ev = (await stripe.events.list({ type: 'radar.early_fraud_warning.created', limit: 100 })).data.find((e) => (e.data.object as { id: string }).id === efw.id);
  assert.ok(ev);
});

test('an ordinary card is never disputed; a manual capture of a dispute card is disputed when captured', async () => {
  const ok = await pay('pm_card_visa', 1000);
  assert.deepEqual((await stripe.disputes.list({ charge: ok.latest_charge as string })).data, []);
  const auth = await pay('pm_card_createDispute', 4000, { capture_method: 'manual' });
  assert.equal(auth.status, 'requires_capture');
  assert.deepEqual((await stripe.disputes.list({ payment_intent: auth.id })).data, []);
  await stripe.paymentIntents.capture(auth.id, { amount_to_capture: 3000 });
  const d = (await stripe.disputes.list({ payment_intent: auth.id })).data[0];
  assert.equal(d.amount, 3000);
  assert.equal(d.balance_transactions[0].amount, -3000);
});

test('winning_evidence with submit: under review, then won; the amount and the fee are reinstated', async () => {
  const pi = await pay('pm_card_createDispute', 5000);
  const d = await disputeOf(pi.latest_charge as string);
  const won = await stripe.disputes.update(d.id, {
    evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Jenny Rosen', product_description: 'A mug' },
    metadata: { case: '42' },
    submit: true,
  });
  assert.equal(won.status, 'won');
  assert.equal(won.evidence.uncategorized_text, 'winning_evidence');
  assert.equal(won.evidence.customer_name, 'Jenny Rosen');
  assert.equal(won.evidence_details.has_evidence, true);
  assert.equal(won.evidence_details.submission_count, 1);
  assert.deepEqual(won.metadata, { case: '42' });
  assert.equal(won.balance_transactions.length, 2);
  const reversal = won.balance_transactions[1];
  assert.equal(reversal.type, 'adjustment');
  assert.equal(reversal.reporting_category, 'dispute_reversal');
  assert.equal(reversal.amount, 5000);
  assert.equal(reversal.fee, -1500);
  assert.equal(reversal.net, 6500);
  assert.equal(won.balance_transactions[0].net + reversal.net, 0);

  const events = await eventsAbout(d.id);
  assert.deepEqual(events.map((e) => e.type), [
    'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated',
  ]);
  const updated = events[2];
  assert.equal((updated.data.object as Stripe.Dispute).status, 'under_review');
  const prev = updated.data.previous_attributes as { status?: string; metadata?: Record<string, unknown>; evidence?: Record<string, unknown> };
  assert.equal(prev.status, 'needs_response');
  assert.deepEqual(prev.metadata, { case: null });
  assert.equal(prev.evidence?.uncategorized_text, null);
  assert.equal((events[3].data.previous_attributes as { status?: string }).status, 'under_review');
  assert.equal((events[3].data.object as Stripe.Dispute).status, 'won');
  assert.equal((events[4].data.object as Stripe.Dispute).balance_transactions.length, 2);
  // The events carry the request that caused them
  assert.ok(updated.request?.id);

  const again = await fails(stripe.disputes.update(d.id, { metadata: { x: '1' } }));
  assert.ok(again instanceof Stripe.errors.StripeInvalidRequestError);
  assert.match(again.message, /closed/);
  const closeAgain = await fails(stripe.disputes.close(d.id));
  assert.ok(closeAgain instanceof Stripe.errors.StripeInvalidRequestError);
});

test('losing_evidence with submit: lost, the funds stay withdrawn', async () => {
  const pi = await pay('pm_card_createDispute', 2000);
  const d = await disputeOf(pi.latest_charge as string);
  const lost = await stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'losing_evidence' }, submit: true });
  assert.equal(lost.status, 'lost');
  assert.equal(lost.balance_transactions.length, 1);
  const types = (await eventsAbout(d.id)).map((e) => e.type);
  assert.deepEqual(types, ['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed']);
});

test('evidence without submit is saved (needs_response); other submitted evidence is under_review and then locked', async () => {
  const pi = await pay('pm_card_createDispute', 2000);
  const d = await disputeOf(pi.latest_charge as string);
  const draft = await stripe.disputes.update(d.id, { evidence: { customer_email_address: 'jenny@example.com' } });
  assert.equal(draft.status, 'needs_response');
  assert.equal(draft.evidence.customer_email_address, 'jenny@example.com');
  assert.equal(draft.evidence_details.has_evidence, true);
  assert.equal(draft.evidence_details.submission_count, 0);
  const ev = (await eventsAbout(d.id)).at(-1);
  assert.equal(ev?.type, 'charge.dispute.updated');
  assert.deepEqual(ev?.data.previous_attributes, { evidence: { customer_email_address: null }, evidence_details: { has_evidence: false } });

  const review = await stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'Shipped on time, tracking attached.' }, submit: true });
  assert.equal(review.status, 'under_review');
  assert.equal(review.evidence.customer_email_address, 'jenny@example.com');
  assert.equal(review.evidence_details.submission_count, 1);
  const locked = await fails(stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true }));
  assert.ok(locked instanceof Stripe.errors.StripeInvalidRequestError);
  // metadata can still change while under review
  const meta = await stripe.disputes.update(d.id, { metadata: { note: 'x' } });
  assert.deepEqual(meta.metadata, { note: 'x' });
  assert.equal(meta.status, 'under_review');
});

test('close accepts the dispute: lost, charge.dispute.closed with previous status', async () => {
  const pi = await pay('pm_card_createDispute', 1500);
  const d = await disputeOf(pi.latest_charge as string);
  const closed = await stripe.disputes.close(d.id);
  assert.equal(closed.status, 'lost');
  assert.equal(closed.balance_transactions.length, 1);
  const last = (await eventsAbout(d.id)).at(-1);
  assert.equal(last?.type, 'charge.dispute.closed');
  assert.deepEqual(last?.data.previous_attributes, { status: 'needs_response' });
  const again = await fails(stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true }));
  assert.ok(again instanceof Stripe.errors.StripeInvalidRequestError);
});

test('list: newest first, filters charge, payment_intent, created; expand charge and payment_intent', async () => {
  const a = await pay('pm_card_createDispute', 1100);
  const b = await pay('pm_card_createDisputeProductNotReceived', 1200);
  const da = await disputeOf(a.latest_charge as string);
  const db = await disputeOf(b.latest_charge as string);
  const all = await stripe.disputes.list({ limit: 100 });
  assert.equal(all.object, 'list');
  assert.equal(all.url, '/v1/disputes');
  const ia = all.data.findIndex((x) => x.id === da.id);
  const ib = all.data.findIndex((x) => x.id === db.id);
  assert.ok(ib >= 0 && ia > ib, 'newest first');
  assert.deepEqual((await stripe.disputes.list({ payment_intent: b.id })).data.map((x) => x.id), [db.id]);
  assert.deepEqual((await stripe.disputes.list({ charge: a.latest_charge as string })).data.map((x) => x.id), [da.id]);
  const future = await stripe.disputes.list({ created: { gt: db.created + 1000 } });
  assert.deepEqual(future.data, []);
  const recent = await stripe.disputes.list({ created: { gte: da.created }, limit: 100 });
  assert.ok(recent.data.some((x) => x.id === da.id));
  const page = await stripe.disputes.list({ limit: 1 });
  assert.equal(page.data.length, 1);
  assert.equal(page.has_more, true);

  const expanded = await stripe.disputes.retrieve(da.id, { expand: ['charge', 'payment_intent'] });
  const charge = expanded.charge as Stripe.Charge;
  assert.equal(charge.id, a.latest_charge);
  assert.equal(charge.disputed, true);
  assert.equal((expanded.payment_intent as Stripe.PaymentIntent).id, a.id);
  const listExpanded = await stripe.disputes.list({ payment_intent: a.id, expand: ['data.charge'] });
  assert.equal((listExpanded.data[0].charge as Stripe.Charge).object, 'charge');
});

test('errors: unknown dispute, unknown evidence field, bad submit, evidence too long, unknown file', async () => {
  const missing = await fails(stripe.disputes.retrieve('dp_nope'));
  assert.ok(missing instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.message, "No such dispute: 'dp_nope'");
  const missingClose = await fails(stripe.disputes.close('dp_nope'));
  assert.equal(missingClose.code, 'resource_missing');

  const pi = await pay('pm_card_createDispute', 1000);
  const d = await disputeOf(pi.latest_charge as string);
  const unknown = await fails(stripe.disputes.update(d.id, { evidence: { favourite_colour: 'blue' } as Stripe.DisputeUpdateParams.Evidence }));
  assert.equal(unknown.code, 'parameter_unknown');
  assert.equal(unknown.param, 'evidence[favourite_colour]');
  const badBool = await fails(stripe.disputes.update(d.id, { submit: 'maybe' as unknown as boolean }));
  assert.equal(badBool.param, 'submit');
  const tooLong = await fails(stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'x'.repeat(20_001) } }));
  assert.equal(tooLong.param, 'evidence[uncategorized_text]');
  const noFile = await fails(stripe.disputes.update(d.id, { evidence: { receipt: 'not-a-file' } }));
  assert.equal(noFile.param, 'evidence[receipt]');
  // Nothing was changed by the refused requests
  const same = await stripe.disputes.retrieve(d.id);
  assert.equal(same.status, 'needs_response');
  assert.equal(same.evidence_details.has_evidence, false);
  // Publishable keys cannot read disputes
  const pk = new Stripe(server.keys.publishable, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  const denied = await fails(pk.disputes.list());
  assert.ok(denied instanceof Stripe.errors.StripePermissionError);
});

test('a charged-back payment cannot be refunded (charge_disputed); an inquiry can', async () => {
  const pi = await pay('pm_card_createDispute', 1000);
  const refused = await fails(stripe.refunds.create({ payment_intent: pi.id }));
  assert.ok(refused instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(refused.code, 'charge_disputed');
  assert.equal(refused.message, `Charge ${String(pi.latest_charge)} has been charged back; cannot issue a refund.`);
  assert.equal((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded, 0);
  const inquiry = await pay('pm_card_createDisputeInquiry', 1000);
  const refund = await stripe.refunds.create({ payment_intent: inquiry.id });
  assert.equal(refund.status, 'succeeded');
});

test('the available balance loses the amount and the fee at once, and gets both back when the dispute is won', async () => {
  const usd = (b: Stripe.Balance) => b.available.find((x) => x.currency === 'usd')?.amount ?? 0;
  const start = usd(await stripe.balance.retrieve());
  const pi = await pay('pm_card_createDispute', 4000);
  const afterDispute = usd(await stripe.balance.retrieve());
  // The payment itself is still pending (two days); the withdrawal is available at once
  assert.equal(afterDispute - start, -5500);
  const d = await disputeOf(pi.latest_charge as string);
  await stripe.disputes.update(d.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
  assert.equal(usd(await stripe.balance.retrieve()), start);
});

test('dispute events reach a webhook endpoint signed, and constructEvent accepts them', async () => {
  const receiver = await startReceiver(200);
  try {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.dispute.created', 'charge.dispute.funds_withdrawn'] });
    const pi = await pay('pm_card_createDispute', 1000);
    await server.sim.webhooks.idle();
    const events = receiver.received.map((r) => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'], endpoint.secret as string));
    const mine = events.filter((e) => (e.data.object as Stripe.Dispute).charge === pi.latest_charge);
    assert.deepEqual(mine.map((e) => e.type).sort(), ['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    await stripe.webhookEndpoints.del(endpoint.id);
  } finally {
    await receiver.close();
  }
});

// Last: moves the shared simulator's clock past every open dispute's due date.
test('evidence not submitted by due_by: the chargeback is lost and the inquiry closed, past_due, charge.dispute.closed', async () => {
  const chargeback = await disputeOf((await pay('pm_card_createDispute', 1000)).latest_charge as string);
  const inquiry = await disputeOf((await pay('pm_card_createDisputeInquiry', 1000)).latest_charge as string);
  const submitted = await disputeOf((await pay('pm_card_createDispute', 1000)).latest_charge as string);
  await stripe.disputes.update(submitted.id, { evidence: { uncategorized_text: 'Delivered.' }, submit: true });
  const due = chargeback.evidence_details.due_by as number;
  assert.equal(due % 86_400, 86_399, 'due at the end of a UTC day');
  assert.ok(due - chargeback.created > 19 * 86_400);
  server.sim.advanceClock(due - chargeback.created - 60);
  assert.equal((await stripe.disputes.retrieve(chargeback.id)).status, 'needs_response');
  server.sim.advanceClock(120);
  const lost = await stripe.disputes.retrieve(chargeback.id);
  assert.equal(lost.status, 'lost');
  assert.equal(lost.evidence_details.past_due, true);
  assert.equal(lost.balance_transactions.length, 1);
  const closed = await stripe.disputes.retrieve(inquiry.id);
  assert.equal(closed.status, 'warning_closed');
  assert.equal(closed.evidence_details.past_due, true);
  // Submitted in time: stays under review
  assert.equal((await stripe.disputes.retrieve(submitted.id)).status, 'under_review');
  const ev = (await eventsAbout(chargeback.id)).at(-1);
  assert.equal(ev?.type, 'charge.dispute.closed');
  assert.deepEqual(ev?.data.previous_attributes, { status: 'needs_response', evidence_details: { past_due: false } });
  assert.equal(ev?.request?.id ?? null, null);
  const byStatus = await stripe.disputes.list({ limit: 100 });
  assert.ok(byStatus.data.every((d) => d.status !== 'needs_response' && d.status !== 'warning_needs_response'));
});

test('past-due closing reaches every open dispute, not only the first hundred', async () => {
  const charges = new Set<string>();
  for (let i = 0; i < 105; i += 15) {
    const batch = await Promise.all(Array.from({ length: 15 }, () => pay('pm_card_createDispute', 100)));
    for (const pi of batch) charges.add(pi.latest_charge as string);
  }
  server.sim.advanceClock(22 * 86_400);
  const statuses: string[] = [];
  for await (const d of stripe.disputes.list({ limit: 100 })) if (charges.has(d.charge as string)) statuses.push(d.status);
  assert.equal(statuses.length, 105);
  assert.deepEqual([...new Set(statuses)], ['lost']);
});

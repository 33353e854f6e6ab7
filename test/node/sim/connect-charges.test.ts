// Connect money movement through the official SDK: destination charges (PaymentIntent and Checkout Session with
// payment_intent_data) and direct charges (Stripe-Account), with the seed's figures: $10.00 with a $1.23
// application fee -> destination nets $8.77 and the platform $0.64 after the $0.59 Stripe fee; a direct charge
// leaves the connected account $8.18. Transfers, application fees, balance transactions and /v1/balance per account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount as onboard } from '../helpers/connect.ts';
import { useTestSim } from '../helpers/sim.ts';
import { payCheckoutSession } from '../helpers/checkout.ts';

const { sim, stripe } = useTestSim();

const onboardedAccount = () => onboard(stripe);

async function txnsFor(source: string, account?: string): Promise<Stripe.BalanceTransaction[]> {
  const list = await stripe.balanceTransactions.list({ source, limit: 100 }, account ? { stripeAccount: account } : undefined);
  return list.data;
}

function usd(balance: Stripe.Balance, kind: 'available' | 'pending'): number {
  return balance[kind].find((b) => b.currency === 'usd')?.amount ?? 0;
}

test('destination charge: $10.00 with a $1.23 fee -> destination nets $8.77, platform $0.64', async () => {
  const acct = await onboardedAccount();
  const platformBefore = await stripe.balance.retrieve();
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    application_fee_amount: 123, transfer_data: { destination: acct },
  });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.application_fee_amount, 123);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction', 'transfer'] });
  const chargeBt = charge.balance_transaction as Stripe.BalanceTransaction;
  assert.equal(chargeBt.type, 'charge');
  assert.equal(chargeBt.amount, 1000);
  assert.equal(chargeBt.fee, 59);
  assert.equal(chargeBt.net, 941);
  assert.deepEqual(charge.transfer_data, { amount: null, destination: acct });
  const transfer = charge.transfer as Stripe.Transfer;
  assert.match(transfer.id, /^tr_/);
  assert.equal(transfer.object, 'transfer');
  assert.equal(transfer.amount, 1000);
  assert.equal(transfer.destination, acct);
  assert.equal(transfer.source_transaction, charge.id);
  assert.match(transfer.destination_payment as string, /^py_/);
  assert.equal(charge.transfer_group, transfer.transfer_group);
  // Platform side: -$10.00 transfer, +$1.23 application fee.
  const [transferBt] = await txnsFor(transfer.id);
  assert.equal(transferBt.type, 'transfer');
  assert.equal(transferBt.net, -1000);
  const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
  assert.equal(fee.object, 'application_fee');
  assert.equal(fee.amount, 123);
  assert.equal(fee.account, acct);
  assert.equal(fee.charge, transfer.destination_payment);
  assert.equal(fee.originating_transaction, charge.id);
  const [feeBt] = await txnsFor(fee.id);
  assert.equal(feeBt.type, 'application_fee');
  assert.equal(feeBt.net, 123);
  assert.equal(chargeBt.net + transferBt.net + feeBt.net, 64, 'the platform nets $0.64');
  // Destination side: a payment of $10.00 minus the $1.23 application fee.
  const payment = await stripe.charges.retrieve(transfer.destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: acct });
  assert.equal(payment.source_transfer, transfer.id);
  const paymentBt = payment.balance_transaction as Stripe.BalanceTransaction;
  assert.equal(paymentBt.type, 'payment');
  assert.equal(paymentBt.amount, 1000);
  assert.equal(paymentBt.fee, 123);
  assert.equal(paymentBt.net, 877);
  assert.deepEqual(paymentBt.fee_details.map((d) => [d.type, d.amount]), [['application_fee', 123]]);
  // Balances: per account, pending until available_on.
  const dest = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(dest, 'pending'), 877);
  assert.equal(usd(dest, 'available'), 0);
  const platform = await stripe.balance.retrieve();
  assert.equal(usd(platform, 'pending') - usd(platformBefore, 'pending'), 64);
  // Lists and events.
  const transfers = await stripe.transfers.list({ destination: acct });
  assert.deepEqual(transfers.data.map((t) => t.id), [transfer.id]);
  const fees = await stripe.applicationFees.list({ charge: transfer.destination_payment as string });
  assert.deepEqual(fees.data.map((f) => f.id), [fee.id]);
  const events = await stripe.events.list({ limit: 20 });
  assert.ok(events.data.some((e) => e.type === 'transfer.created' && (e.data.object as Stripe.Transfer).id === transfer.id));
  assert.ok(events.data.some((e) => e.type === 'application_fee.created' && (e.data.object as Stripe.ApplicationFee).id === fee.id));
});

test('direct charge with Stripe-Account: $10.00 with a $1.23 fee leaves the connected account $8.18', async () => {
  const acct = await onboardedAccount();
  const connected = { stripeAccount: acct };
  const pi = await stripe.paymentIntents.create(
    { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', application_fee_amount: 123 },
    connected,
  );
  assert.equal(pi.status, 'succeeded');
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] }, connected);
  const bt = charge.balance_transaction as Stripe.BalanceTransaction;
  assert.equal(bt.type, 'charge');
  assert.equal(bt.amount, 1000);
  assert.equal(bt.fee, 182);
  assert.equal(bt.net, 818);
  assert.deepEqual(bt.fee_details.map((d) => [d.type, d.amount]).sort(), [['application_fee', 123], ['stripe_fee', 59]]);
  // The platform cannot see the connected account's charge, but owns the application fee.
  await assert.rejects(stripe.charges.retrieve(charge.id), /No such charge/);
  const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
  assert.equal(fee.amount, 123);
  assert.equal(fee.account, acct);
  assert.equal(fee.charge, charge.id);
  const [feeBt] = await txnsFor(fee.id);
  assert.equal(feeBt.type, 'application_fee');
  assert.equal(feeBt.net, 123);
  const balance = await stripe.balance.retrieve({}, connected);
  assert.equal(usd(balance, 'pending'), 818);
  // The connected account's balance becomes available with the simulator clock.
  await sim.control('POST', '/_sim/clock/advance', { seconds: 3 * 86_400 });
  const later = await stripe.balance.retrieve({}, connected);
  assert.equal(usd(later, 'available'), 818);
  assert.equal(usd(later, 'pending'), 0);
});

test('Checkout Session with payment_intent_data: destination charge with the application fee', async () => {
  const acct = await onboardedAccount();
  const session = await stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://rentals.example/ok',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'One night' } }, quantity: 1 }],
    payment_intent_data: { application_fee_amount: 123, transfer_data: { destination: acct }, capture_method: 'automatic' },
  });
  const { confirm } = await payCheckoutSession(sim, session, { email: 'renter@example.com' });
  assert.equal(confirm.status, 'succeeded');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  assert.equal(done.status, 'complete');
  const pi = done.payment_intent as Stripe.PaymentIntent;
  assert.equal(pi.application_fee_amount, 123);
  assert.equal((pi.transfer_data?.destination as string), acct);
  const balance = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(balance, 'pending'), 877);
});

test('Connect parameter errors', async () => {
  const acct = await onboardedAccount();
  await assert.rejects(
    stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 100 }),
    (e: Stripe.errors.StripeError) => e.param === 'application_fee_amount' && /Can only apply an application_fee_amount/.test(e.message),
  );
  await assert.rejects(
    stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: 'acct_missing' } }),
    (e: Stripe.errors.StripeError) => e.param === 'transfer_data[destination]' && e.message === "No such destination: 'acct_missing'",
  );
  await assert.rejects(
    stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 1001, transfer_data: { destination: acct } }),
    (e: Stripe.errors.StripeError) => e.param === 'application_fee_amount',
  );
  const fresh = await stripe.accounts.create({ type: 'custom', country: 'US', capabilities: { transfers: { requested: true } } } as Stripe.AccountCreateParams);
  await assert.rejects(
    stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: fresh.id } }),
    (e: Stripe.errors.StripeError) => e.code === 'insufficient_capabilities_for_transfer',
  );
});

test('transfers: refused beyond the available balance, then paid from available funds', async () => {
  const acct = await onboardedAccount();
  const available = usd(await stripe.balance.retrieve(), 'available');
  await assert.rejects(
    stripe.transfers.create({ amount: available + 100_000, currency: 'usd', destination: acct }),
    (e: Stripe.errors.StripeError) => e.code === 'balance_insufficient',
  );
  // 4000 0000 0000 0077 bypasses the pending balance.
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' });
  const t = await stripe.transfers.create({ amount: 2000, currency: 'usd', destination: acct, transfer_group: 'ORDER_7', metadata: { order: '7' } });
  assert.equal(t.amount, 2000);
  assert.equal(t.transfer_group, 'ORDER_7');
  assert.deepEqual(t.metadata, { order: '7' });
  const again = await stripe.transfers.retrieve(t.id);
  assert.equal(again.id, t.id);
  const byGroup = await stripe.transfers.list({ transfer_group: 'ORDER_7' });
  assert.deepEqual(byGroup.data.map((x) => x.id), [t.id]);
  const updated = await stripe.transfers.update(t.id, { description: 'Payout for order 7' });
  assert.equal(updated.description, 'Payout for order 7');
  const destBalance = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(destBalance, 'available') + usd(destBalance, 'pending'), 2000);
  await assert.rejects(stripe.transfers.retrieve('tr_missing'), /No such transfer: 'tr_missing'/);
});

test('transfer reversals: partial then full, balances move back, over-reversal refused', async () => {
  const acct = await onboardedAccount();
  const pi = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', transfer_data: { destination: acct },
  });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const transferId = charge.transfer as string;
  const r1 = await stripe.transfers.createReversal(transferId, { amount: 500, metadata: { reason: 'damage deposit' } });
  assert.match(r1.id, /^trr_/);
  assert.equal(r1.amount, 500);
  assert.equal(r1.transfer, transferId);
  let t = await stripe.transfers.retrieve(transferId);
  assert.equal(t.amount_reversed, 500);
  assert.equal(t.reversed, false);
  assert.deepEqual(t.reversals.data.map((r) => r.id), [r1.id]);
  await assert.rejects(stripe.transfers.createReversal(transferId, { amount: 1600 }), (e: Stripe.errors.StripeError) => e.param === 'amount');
  const r2 = await stripe.transfers.createReversal(transferId);
  assert.equal(r2.amount, 1500);
  t = await stripe.transfers.retrieve(transferId);
  assert.equal(t.reversed, true);
  const list = await stripe.transfers.listReversals(transferId);
  assert.deepEqual(list.data.map((r) => r.id).sort(), [r1.id, r2.id].sort());
  assert.equal((await stripe.transfers.retrieveReversal(transferId, r1.id)).amount, 500);
  const balance = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(balance, 'pending') + usd(balance, 'available'), 0);
  const [bt] = await txnsFor(r1.id);
  assert.equal(bt.type, 'transfer_refund');
  assert.equal(bt.net, 500);
});

test('refunds: reverse_transfer takes back the destination share, refund_application_fee returns the fee', async () => {
  const acct = await onboardedAccount();
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    application_fee_amount: 123, transfer_data: { destination: acct },
  });
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500, reverse_transfer: true, refund_application_fee: true });
  assert.match(refund.transfer_reversal as string, /^trr_/);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const transfer = await stripe.transfers.retrieve(charge.transfer as string);
  assert.equal(transfer.amount_reversed, 500);
  const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
  assert.equal(fee.amount_refunded, 62);
  assert.equal(fee.refunded, false);
  // Destination: +1000 payment -123 fee, -500 reversal, +62 fee refund = 439.
  const b = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(b, 'available') + usd(b, 'pending'), 439);
  const direct = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { stripeAccount: acct });
  await assert.rejects(
    stripe.refunds.create({ payment_intent: direct.id, reverse_transfer: true }, { stripeAccount: acct }),
    (e: Stripe.errors.StripeError) => e.param === 'reverse_transfer',
  );
});

test('application fee refunds: partial, then the rest; over-refund refused', async () => {
  const acct = await onboardedAccount();
  const pi = await stripe.paymentIntents.create(
    { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', application_fee_amount: 123 },
    { stripeAccount: acct },
  );
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, { stripeAccount: acct });
  const feeId = charge.application_fee as string;
  const fr = await stripe.applicationFees.createRefund(feeId, { amount: 23 });
  assert.equal(fr.object, 'fee_refund');
  assert.equal(fr.amount, 23);
  await assert.rejects(stripe.applicationFees.createRefund(feeId, { amount: 101 }), (e: Stripe.errors.StripeError) => e.param === 'amount');
  const rest = await stripe.applicationFees.createRefund(feeId);
  assert.equal(rest.amount, 100);
  const fee = await stripe.applicationFees.retrieve(feeId);
  assert.equal(fee.refunded, true);
  assert.equal(fee.amount_refunded, 123);
  const list = await stripe.applicationFees.listRefunds(feeId);
  assert.equal(list.data.length, 2);
  assert.equal((await stripe.applicationFees.retrieveRefund(feeId, fr.id)).amount, 23);
  // The connected account gets its $1.23 back: 1000 - 59 = 941.
  const b = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(b, 'available') + usd(b, 'pending'), 941);
});

test('an in-person (card_present) destination charge moves money like an online one', async () => {
  const acct = await onboardedAccount();
  const location = await stripe.terminal.locations.create({
    display_name: 'Front desk',
    address: { country: 'US', line1: '1 Main St', city: 'San Francisco', state: 'CA', postal_code: '94103' },
  });
  const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: location.id });
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'], capture_method: 'automatic',
    application_fee_amount: 123, transfer_data: { destination: acct },
  } as Stripe.PaymentIntentCreateParams);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const paid = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(paid.status, 'succeeded');
  const charge = await stripe.charges.retrieve(paid.latest_charge as string, { expand: ['transfer'] });
  const transfer = charge.transfer as Stripe.Transfer;
  assert.ok(transfer, 'the charge has a transfer to the destination');
  assert.equal(transfer.destination, acct);
  assert.equal(transfer.amount, 1000);
  const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
  assert.equal(fee.amount, 123);
  assert.equal(fee.account, acct);
});

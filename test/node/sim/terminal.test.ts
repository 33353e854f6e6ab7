// Terminal through the official SDK: locations, connection tokens, simulated readers (registration codes, list
// filters, update, delete), server-driven actions and their outcomes (approved, declined by amount and by card,
// tips, manual capture, customer and API cancellation, busy readers, refunds, cart display, SetupIntents), events,
// and the live channel pages use to show a reader's screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startTestSim, type TestSim, stripeError as rejects } from '../helpers/sim.ts';

let sim: TestSim;
let stripe: Stripe;
let location: Stripe.Terminal.Location;

before(async () => {
  sim = await startTestSim();
  stripe = sim.stripe;
  location = await stripe.terminal.locations.create({
    display_name: 'Main Street Café',
    address: { line1: '1 Main Street', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' },
  });
});
after(() => sim.close());

async function newReader(code = 'simulated-wpe', loc: string = location.id): Promise<Stripe.Terminal.Reader> {
  return stripe.terminal.readers.create({ registration_code: code, location: loc, label: 'Counter' });
}

async function cardPresentIntent(amount: number, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'usd', allowed_payment_method_types: ['card_present'], ...extra } as Stripe.PaymentIntentCreateParams);
}

async function eventTypes(readerId: string): Promise<string[]> {
  const list = await stripe.events.list({ limit: 100 });
  return list.data.filter((e) => (e.data.object as { id?: string }).id === readerId).map((e) => e.type).reverse();
}

// ------------------------------------------------------------------------------------------------------------
// Locations and connection tokens

test('locations: create needs display_name and address; retrieve, update, list, delete', async () => {
  const missing = await rejects(stripe.terminal.locations.create({ address: { country: 'US' } } as Stripe.Terminal.LocationCreateParams));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'display_name');
  const noAddress = await rejects(stripe.terminal.locations.create({ display_name: 'X' }));
  assert.equal(noAddress.param, 'address');
  const loc = await stripe.terminal.locations.create({ display_name: 'Pop-up', address: { country: 'fr', city: 'Paris', line1: '1 rue de Rivoli', postal_code: '75001' }, metadata: { store: '7' } });
  assert.match(loc.id, /^tml_/);
  assert.equal(loc.object, 'terminal.location');
  assert.equal(loc.address.country, 'FR');
  assert.equal(loc.address.state, null);
  assert.deepEqual(loc.metadata, { store: '7' });
  const updated = await stripe.terminal.locations.update(loc.id, { display_name: 'Pop-up Paris' });
  assert.equal((updated as Stripe.Terminal.Location).display_name, 'Pop-up Paris');
  const listed = await stripe.terminal.locations.list({ limit: 100 });
  assert.ok(listed.data.some((l) => l.id === loc.id));
  const deleted = await stripe.terminal.locations.del(loc.id);
  assert.deepEqual(deleted, { id: loc.id, object: 'terminal.location', deleted: true });
  const again = await stripe.terminal.locations.retrieve(loc.id);
  assert.equal((again as Stripe.Terminal.DeletedLocation).deleted, true);
  const gone = await rejects(stripe.terminal.locations.update(loc.id, { display_name: 'x' }));
  assert.equal(gone.code, 'resource_missing');
});

test('locations: the required address fields depend on the country (Manage locations guide)', async () => {
  const create = (address: Stripe.Terminal.LocationCreateParams.Address) => stripe.terminal.locations.create({ display_name: 'Shop', address });
  // United States (with Australia, Canada, Italy, Spain): line1, city, state, postal_code.
  const noState = await rejects(create({ country: 'US', line1: '1 Main St', city: 'San Francisco', postal_code: '94103' }));
  assert.equal(noState.code, 'parameter_missing');
  assert.equal(noState.param, 'address[state]');
  assert.equal(noState.message, 'Missing required param: address[state].');
  const noLine1 = await rejects(create({ country: 'CA', city: 'Toronto', state: 'ON', postal_code: 'M5H 2N2' }));
  assert.equal(noLine1.param, 'address[line1]');
  const countryOnly = await rejects(create({ country: 'US' }));
  assert.equal(countryOnly.code, 'parameter_missing');
  // United Kingdom (and most of Europe): no state.
  const gb = await create({ country: 'GB', line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA' });
  assert.equal(gb.address.state, null);
  const gbNoCity = await rejects(create({ country: 'GB', line1: '10 Downing St', postal_code: 'SW1A 2AA' }));
  assert.equal(gbNoCity.param, 'address[city]');
  // Ireland and Singapore: line1 and postal_code only.
  const ie = await create({ country: 'IE', line1: '1 Grafton St', postal_code: 'D02 X285' });
  assert.equal(ie.address.city, null);
  // Countries where Terminal is not offered, and codes that are not countries.
  const unsupported = await rejects(create({ country: 'BR', line1: 'Av. Paulista 1', city: 'São Paulo', state: 'SP', postal_code: '01310-100' }));
  assert.equal(unsupported.code, 'terminal_location_country_unsupported');
  assert.equal(unsupported.param, 'address[country]');
  const notACountry = await rejects(create({ country: 'USA', line1: '1 Main St', city: 'SF', state: 'CA', postal_code: '94103' }));
  assert.equal(notACountry.param, 'address[country]');
  // Updates keep the rule: the merged address must still be complete.
  const unset = await rejects(stripe.terminal.locations.update(gb.id, { address: { city: '' } } as Stripe.Terminal.LocationUpdateParams));
  assert.equal(unset.param, 'address[city]');
});

test('connection tokens: pst_test_ secrets, optionally scoped to an existing location', async () => {
  const t = await stripe.terminal.connectionTokens.create();
  assert.equal(t.object, 'terminal.connection_token');
  assert.match(t.secret, /^pst_test_[A-Za-z0-9]{24}$/);
  assert.equal(t.location, undefined);
  const scoped = await stripe.terminal.connectionTokens.create({ location: location.id });
  assert.equal(scoped.location, location.id);
  const bad = await rejects(stripe.terminal.connectionTokens.create({ location: 'tml_missing' }));
  assert.equal(bad.code, 'resource_missing');
  assert.equal(bad.param, 'location');
});

// ------------------------------------------------------------------------------------------------------------
// Readers

test('readers: simulated-wpe and simulated-s700 register online simulated readers', async () => {
  const wpe = await newReader('simulated-wpe');
  assert.match(wpe.id, /^tmr_/);
  assert.equal(wpe.object, 'terminal.reader');
  assert.equal(wpe.device_type, 'simulated_wisepos_e');
  assert.equal(wpe.status, 'online');
  assert.equal(wpe.location, location.id);
  assert.equal(wpe.label, 'Counter');
  assert.equal(wpe.action, null);
  assert.equal(wpe.livemode, false);
  assert.match(wpe.serial_number, /^[0-9a-f-]{36}$/);
  assert.equal(typeof wpe.device_sw_version, 'string');
  assert.equal(typeof wpe.ip_address, 'string');
  assert.ok((wpe.last_seen_at ?? 0) > 1e12, 'last_seen_at is in milliseconds');
  // "If no label is specified, the registration code will be used." (API reference)
  const s700 = await stripe.terminal.readers.create({ registration_code: 'simulated-s700', location: location.id });
  assert.equal(s700.device_type, 'simulated_stripe_s700');
  assert.equal(s700.location, location.id);
  assert.equal(s700.label, 'simulated-s700');
  const unlabelled = (await stripe.terminal.readers.update(wpe.id, { label: '' })) as Stripe.Terminal.Reader;
  assert.equal(unlabelled.label, 'simulated-wpe');
});

test('readers: registering without a location is accepted (location is optional in the SDK and the API reference)', async () => {
  const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe' });
  assert.equal(reader.location, null);
  assert.equal(reader.label, 'simulated-wpe');
  await stripe.terminal.readers.del(reader.id);
});

test('readers: an unknown registration code or location is refused', async () => {
  const bad = await rejects(stripe.terminal.readers.create({ registration_code: 'purple-cat-dog', location: location.id }));
  assert.equal(bad.type, 'StripeInvalidRequestError');
  assert.equal(bad.param, 'registration_code');
  const missing = await rejects(stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: 'tml_nope' }));
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.param, 'location');
  const noCode = await rejects(stripe.terminal.readers.create({} as Stripe.Terminal.ReaderCreateParams));
  assert.equal(noCode.code, 'parameter_missing');
});

test('readers: list filters by location, device_type, status and serial_number; update; delete', async () => {
  const other = await stripe.terminal.locations.create({ display_name: 'Warehouse', address: { country: 'US', line1: '2 Dock Rd', city: 'Oakland', state: 'CA', postal_code: '94607' } });
  const a = await newReader('simulated-wpe', other.id);
  const b = await newReader('simulated-s700', other.id);
  const atOther = await stripe.terminal.readers.list({ location: other.id });
  assert.deepEqual(atOther.data.map((r) => r.id).sort(), [a.id, b.id].sort());
  const s700s = await stripe.terminal.readers.list({ location: other.id, device_type: 'simulated_stripe_s700' });
  assert.deepEqual(s700s.data.map((r) => r.id), [b.id]);
  const online = await stripe.terminal.readers.list({ location: other.id, status: 'online' });
  assert.equal(online.data.length, 2);
  const offline = await stripe.terminal.readers.list({ location: other.id, status: 'offline' });
  assert.equal(offline.data.length, 0);
  const bySerial = await stripe.terminal.readers.list({ serial_number: a.serial_number });
  assert.deepEqual(bySerial.data.map((r) => r.id), [a.id]);
  const updated = (await stripe.terminal.readers.update(a.id, { label: 'Till 2', metadata: { till: '2' } })) as Stripe.Terminal.Reader;
  assert.equal(updated.label, 'Till 2');
  assert.deepEqual(updated.metadata, { till: '2' });
  const deleted = await stripe.terminal.readers.del(b.id);
  assert.equal(deleted.deleted, true);
  assert.equal(deleted.serial_number, b.serial_number);
  const retrieved = await stripe.terminal.readers.retrieve(b.id);
  assert.equal((retrieved as Stripe.Terminal.DeletedReader).deleted, true);
  const after = await stripe.terminal.readers.list({ location: other.id });
  assert.deepEqual(after.data.map((r) => r.id), [a.id]);
  const act = await rejects(stripe.terminal.readers.cancelAction(b.id));
  assert.equal(act.code, 'resource_missing');
});

// ------------------------------------------------------------------------------------------------------------
// process_payment_intent and present_payment_method

test('an approved payment: in_progress, then the default test card succeeds it with card_present details', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  assert.deepEqual(pi.payment_method_types, ['card_present']);
  const processing = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  assert.equal(processing.action?.type, 'process_payment_intent');
  assert.equal(processing.action?.status, 'in_progress');
  assert.equal(processing.action?.failure_code, null);
  assert.equal(processing.action?.process_payment_intent?.payment_intent, pi.id);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');

  const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(done.action?.status, 'succeeded');
  const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method'] });
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 1000);
  const pm = paid.payment_method as Stripe.PaymentMethod;
  assert.equal(pm.type, 'card_present');
  assert.equal(pm.card_present?.last4, '4242');
  assert.equal(pm.card_present?.brand, 'visa');
  const charge = paid.latest_charge as Stripe.Charge;
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.captured, true);
  assert.equal(charge.payment_method_details?.type, 'card_present');
  const cp = charge.payment_method_details?.card_present;
  assert.equal(cp?.brand, 'visa');
  assert.equal(cp?.last4, '4242');
  assert.equal(cp?.read_method, 'contactless_emv');
  assert.equal(cp?.amount_authorized, 1000);
  assert.ok(cp?.receipt?.authorization_code);
  assert.ok(cp?.receipt?.application_preferred_name);
  assert.equal(typeof charge.balance_transaction, 'string');
  const bt = await stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
  assert.equal(bt.fee, 32, "in person, Stripe's US price is 2.7% + 5 cents (not the online 2.9% + 30 cents)");
  assert.equal(bt.net, 968);
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_succeeded']);
});

test('payment_method_types (dahlia) with card_present works too, and a card number can be chosen', async () => {
  const dahlia = sim.client(undefined, { apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  const reader = await newReader();
  const pi = await dahlia.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method_types: ['card_present'] } as Stripe.PaymentIntentCreateParams);
  await dahlia.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const done = await dahlia.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '5555555555554444' } });
  assert.equal(done.action?.status, 'succeeded');
  assert.equal('api_error' in (done.action ?? {}), false, 'dahlia readers have no action.api_error');
  const charge = await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(pi.id)).latest_charge as string);
  assert.equal(charge.payment_method_details?.card_present?.brand, 'mastercard');
  assert.equal(charge.payment_method_details?.card_present?.last4, '4444');
});

test('a tip is added to the amount: amount, amount_received and amount_details.tip', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(2000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, process_config: { tipping: { amount_eligible: 1800 } } });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { amount_tip: 360 });
  const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount, 2360);
  assert.equal(paid.amount_received, 2360);
  assert.equal(paid.amount_details?.tip?.amount, 360);
  assert.equal((paid.latest_charge as Stripe.Charge).amount, 2360);
});

test('manual capture: requires_capture after processing, then capture succeeds with the tip', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1500, { capture_method: 'manual' });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { amount_tip: 200 });
  const authorised = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(authorised.status, 'requires_capture');
  assert.equal(authorised.amount_capturable, 1700);
  const charge = await stripe.charges.retrieve(authorised.latest_charge as string);
  assert.equal(charge.captured, false);
  assert.equal(charge.payment_method_details?.card_present?.amount_authorized, 1700);
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_received, 1700);
  // Captured later, still priced in person: 2.7% of $17.00 + 5 cents.
  const settled = await stripe.charges.retrieve(authorised.latest_charge as string, { expand: ['balance_transaction'] });
  assert.equal((settled.balance_transaction as Stripe.BalanceTransaction).fee, 51);
});

for (const [cents, declineCode] of [
  [1, 'call_issuer'], [5, 'generic_decline'], [55, 'incorrect_pin'], [65, 'withdrawal_count_limit_exceeded'], [75, 'pin_try_exceeded'],
] as const) {
  test(`an amount ending in .${String(cents).padStart(2, '0')} declines with ${declineCode}`, async () => {
    const reader = await newReader();
    const pi = await cardPresentIntent(1000 + cents);
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    assert.equal(failed.action?.status, 'failed');
    assert.equal(failed.action?.failure_code, 'card_declined');
    assert.ok(failed.action?.failure_message);
    assert.equal(failed.action?.api_error?.type, 'card_error');
    assert.equal(failed.action?.api_error?.decline_code, declineCode);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(after.status, 'requires_payment_method');
    assert.equal(after.last_payment_error?.decline_code, declineCode);
    assert.equal(after.last_payment_error?.payment_method?.type, 'card_present');
    const charge = await stripe.charges.retrieve(after.latest_charge as string);
    assert.equal(charge.status, 'failed');
    assert.equal(charge.outcome?.reason, declineCode);
  });
}

for (const [number, declineCode] of [
  ['4000000000000002', 'generic_decline'], ['4000000000009995', 'insufficient_funds'], ['4000000000009987', 'lost_card'],
  ['4000000000009979', 'stolen_card'], ['4000000000000069', 'expired_card'], ['4000000000000119', 'processing_error'],
] as const) {
  test(`test card ${number} declines with ${declineCode}`, async () => {
    const reader = await newReader();
    const pi = await cardPresentIntent(1000);
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number } });
    assert.equal(failed.action?.status, 'failed');
    assert.equal(failed.action?.api_error?.decline_code, declineCode);
    assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  });
}

test('after a decline the same PaymentIntent can be processed again and succeed', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000009995' } });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const ok = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(ok.action?.status, 'succeeded');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_failed', 'terminal.reader.action_succeeded']);
});

test('an invalid card number is refused and the action stays in progress', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const bad = await rejects(stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4242424242424241' } }));
  assert.equal(bad.param, 'card_present[number]');
  assert.equal(((await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader).action?.status, 'in_progress');
});

test('Interac: interac_present on a cad PaymentIntent that allows it', async () => {
  const reader = await newReader();
  const pi = await stripe.paymentIntents.create({ amount: 1200, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] } as Stripe.PaymentIntentCreateParams);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { type: 'interac_present', interac_present: { number: '4506445006931933' } });
  assert.equal(done.action?.status, 'succeeded');
  const charge = await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(pi.id)).latest_charge as string);
  assert.equal(charge.payment_method_details?.type, 'interac_present');
  assert.equal(charge.payment_method_details?.interac_present?.brand, 'interac');
  assert.equal(charge.payment_method_details?.interac_present?.last4, '1933');
});

test('process_payment_intent refuses intents that are not awaiting a payment method or not card_present', async () => {
  const reader = await newReader();
  const online = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams);
  const notPresent = await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: online.id }));
  assert.equal(notPresent.param, 'payment_intent');
  const pi = await cardPresentIntent(1000);
  await stripe.paymentIntents.cancel(pi.id);
  const invalid = await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }));
  assert.equal(invalid.code, 'intent_invalid_state');
  assert.equal(invalid.message, 'Payment intent must be in the requires_payment_method state to be processed by a reader.');
  const missing = await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: 'pi_missing' }));
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.param, 'payment_intent');
  const noReader = await rejects(stripe.terminal.readers.processPaymentIntent('tmr_missing', { payment_intent: pi.id }));
  assert.equal(noReader.code, 'resource_missing');
});

test('a reader with an action in progress refuses another with terminal_reader_busy', async () => {
  const reader = await newReader();
  const first = await cardPresentIntent(1000);
  const second = await cardPresentIntent(2000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: first.id });
  const busy = await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: second.id }));
  assert.equal(busy.type, 'StripeInvalidRequestError');
  assert.equal(busy.statusCode, 400);
  assert.equal(busy.code, 'terminal_reader_busy');
  assert.match(busy.message, /^Reader is currently busy processing another request/);
  const busyDisplay = await rejects(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [{ amount: 100, description: 'x', quantity: 1 }], total: 100 } }));
  assert.equal(busyDisplay.code, 'terminal_reader_busy');
  const stillFirst = (await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader;
  assert.equal(stillFirst.action?.process_payment_intent?.payment_intent, first.id);
});

test('cancel_action stops collection: action null, the intent untouched, the reader free again', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const canceled = await stripe.terminal.readers.cancelAction(reader.id);
  assert.equal((canceled as Stripe.Terminal.Reader).action, null);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  const noAction = await rejects(stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id));
  assert.equal(noAction.type, 'StripeInvalidRequestError');
  const again = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  assert.equal(again.action?.status, 'in_progress');
});

test('set_reader_display shows a cart at once (succeeded) and cancel_action clears it', async () => {
  const reader = await newReader();
  const cart = { currency: 'usd', line_items: [{ amount: 450, description: 'Latte', quantity: 2 }, { amount: 300, description: 'Croissant', quantity: 1 }], tax: 120, total: 1320 };
  const shown = await stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart });
  assert.equal(shown.action?.type, 'set_reader_display');
  assert.equal(shown.action?.status, 'succeeded');
  assert.deepEqual(shown.action?.set_reader_display, { cart, type: 'cart' });
  const missingCart = await rejects(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart' }));
  assert.equal(missingCart.param, 'cart');
  const cleared = await stripe.terminal.readers.cancelAction(reader.id);
  assert.equal((cleared as Stripe.Terminal.Reader).action, null);
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_succeeded']);
});

test('refund_payment: in progress until the card is presented, then a refund of the payment', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(3000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const started = await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: pi.id, amount: 1000, metadata: { reason: 'cold' } });
  assert.equal(started.action?.type, 'refund_payment');
  assert.equal(started.action?.status, 'in_progress');
  assert.equal(started.action?.refund_payment?.payment_intent, pi.id);
  assert.equal(started.action?.refund_payment?.amount, 1000);
  const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(done.action?.status, 'succeeded');
  const refundId = done.action?.refund_payment?.refund as string;
  assert.match(refundId, /^re_/);
  const refund = await stripe.refunds.retrieve(refundId);
  assert.equal(refund.amount, 1000);
  assert.equal(refund.status, 'succeeded');
  assert.equal(refund.payment_intent, pi.id);
  const charge = await stripe.charges.retrieve(refund.charge as string);
  assert.equal(charge.amount_refunded, 1000);
  const none = await rejects(stripe.terminal.readers.refundPayment(reader.id, {}));
  assert.equal(none.type, 'StripeInvalidRequestError');
});

test('a refund larger than the payment fails the action with the refund error', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: pi.id, amount: 5000 });
  const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(failed.action?.status, 'failed');
  assert.match(failed.action?.failure_message ?? '', /greater than/);
});

test('process_setup_intent saves a card: generated_card is a reusable card PaymentMethod', async () => {
  const reader = await newReader();
  const customer = await stripe.customers.create({ name: 'Ada' });
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method_types: ['card_present'] } as Stripe.SetupIntentCreateParams)
    .catch(() => stripe.setupIntents.create({ customer: customer.id }));
  const started = await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'always' });
  assert.equal(started.action?.type, 'process_setup_intent');
  assert.equal(started.action?.status, 'in_progress');
  const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(done.action?.status, 'succeeded');
  const generated = done.action?.process_setup_intent?.generated_card as string;
  const pm = await stripe.paymentMethods.retrieve(generated);
  assert.equal(pm.type, 'card');
  assert.equal(pm.customer, customer.id);
  assert.equal(pm.card?.last4, '4242');
  assert.equal(pm.allow_redisplay, 'always');
  const saved = await stripe.setupIntents.retrieve(si.id);
  assert.equal(saved.status, 'succeeded');
  // the reader's attempt: a card_present attempt naming the card it generated, which points back at it
  const [attempt] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
  assert.equal(attempt.id, saved.latest_attempt);
  assert.equal(attempt.status, 'succeeded');
  assert.equal(attempt.payment_method, saved.payment_method);
  assert.equal(attempt.payment_method_details.type, 'card_present');
  assert.equal(attempt.payment_method_details.card_present?.generated_card, generated);
  assert.equal((pm.card?.generated_from as { setup_attempt: string | null } | null)?.setup_attempt, attempt.id);
});

test('process_setup_intent with a declining card: the action fails and the SetupIntent keeps a failed attempt', async () => {
  const reader = await newReader();
  const si = await stripe.setupIntents.create({ customer: (await stripe.customers.create()).id });
  await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'always' });
  const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000000002' } });
  assert.equal(done.action?.status, 'failed');
  // "Test Stripe Terminal": the error-case cards give SetupIntents a setup_intent_authentication_failure.
  assert.equal(done.action?.failure_code, 'setup_intent_authentication_failure');
  const after = await stripe.setupIntents.retrieve(si.id);
  assert.equal(after.last_setup_error?.code, 'setup_intent_authentication_failure');
  const [attempt] = (await stripe.setupAttempts.list({ setup_intent: si.id })).data;
  assert.equal(attempt.id, after.latest_attempt);
  assert.equal(attempt.status, 'failed');
  assert.equal(attempt.setup_error?.code, 'setup_intent_authentication_failure');
  assert.equal(attempt.payment_method_details.card_present?.generated_card, null);
});

test('events: action_failed carries the reader with the failed action', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1005);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const events = await stripe.events.list({ type: 'terminal.reader.action_failed', limit: 100 });
  const ev = events.data.find((e) => (e.data.object as Stripe.Terminal.Reader).id === reader.id);
  assert.ok(ev);
  const r = ev.data.object as Stripe.Terminal.Reader;
  assert.equal(r.action?.status, 'failed');
  assert.equal(r.action?.failure_code, 'card_declined');
  assert.equal(r.action?.process_payment_intent?.payment_intent, pi.id);
});

test('collect, inspect, confirm: the card is attached first (action_updated), then authorised', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1800);
  const collecting = await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id, collect_config: { tipping: { amount_eligible: 1800 } } });
  assert.equal(collecting.action?.type, 'collect_payment_method');
  assert.equal(collecting.action?.status, 'in_progress');
  const collected = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { amount_tip: 200, card_present: { number: '378282246310005' } });
  const pm = collected.action?.collect_payment_method?.payment_method;
  assert.equal(pm?.type, 'card_present');
  assert.equal(pm?.card_present?.brand, 'amex');
  const inspected = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(inspected.status, 'requires_confirmation');
  assert.equal(inspected.payment_method, pm?.id);
  assert.equal(inspected.amount, 2000);
  const confirmed = await stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id });
  assert.equal(confirmed.action?.type, 'confirm_payment_intent');
  assert.equal(confirmed.action?.status, 'succeeded');
  const paid = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 2000);
  assert.equal(paid.amount_details?.tip?.amount, 200);
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_updated', 'terminal.reader.action_succeeded', 'terminal.reader.action_succeeded']);
  const again = await rejects(stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id }));
  assert.equal(again.code, 'intent_invalid_state');
});

test('confirm_payment_intent declines by amount and returns the intent to requires_payment_method', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1075);
  await stripe.terminal.readers.collectPaymentMethod(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const failed = await stripe.terminal.readers.confirmPaymentIntent(reader.id, { payment_intent: pi.id });
  assert.equal(failed.action?.status, 'failed');
  assert.equal(failed.action?.api_error?.decline_code, 'pin_try_exceeded');
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.status, 'requires_payment_method');
  assert.equal(after.amount, 1075);
});

test('reader actions expand their PaymentIntent', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  const r = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, expand: ['action.process_payment_intent.payment_intent', 'location'] });
  const expanded = r.action?.process_payment_intent?.payment_intent as Stripe.PaymentIntent;
  assert.equal(expanded.id, pi.id);
  assert.equal(expanded.object, 'payment_intent');
  assert.equal((r.location as Stripe.Terminal.Location).display_name, 'Main Street Café');
});

test('an intent canceled while the reader collects fails the action with intent_invalid_state', async () => {
  const reader = await newReader();
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.paymentIntents.cancel(pi.id);
  const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(failed.action?.status, 'failed');
  assert.equal(failed.action?.failure_code, 'intent_invalid_state');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'canceled');
});

test('readers, actions and payments persist in the SQLite store', async () => {
  const sqlite = await startTestSim({ store: 'sqlite' });
  try {
    const s = sqlite.stripe;
    const loc = await s.terminal.locations.create({ display_name: 'Disk', address: { country: 'US', line1: '1 A St', city: 'X', state: 'CA', postal_code: '94000' } });
    const reader = await s.terminal.readers.create({ registration_code: 'simulated-s700', location: loc.id });
    const pi = await s.paymentIntents.create({ amount: 1234, currency: 'usd', allowed_payment_method_types: ['card_present'], capture_method: 'manual' } as Stripe.PaymentIntentCreateParams);
    await s.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const busy = await rejects(s.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [{ amount: 1, description: 'x', quantity: 1 }], total: 1 } }));
    assert.equal(busy.code, 'terminal_reader_busy');
    await s.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { amount_tip: 100 });
    const authorised = await s.paymentIntents.retrieve(pi.id);
    assert.equal(authorised.status, 'requires_capture');
    assert.equal(authorised.amount_capturable, 1334);
    const listed = await s.terminal.readers.list({ location: loc.id, device_type: 'simulated_stripe_s700' });
    assert.deepEqual(listed.data.map((r) => r.id), [reader.id]);
  } finally {
    await sqlite.close();
  }
});

// ------------------------------------------------------------------------------------------------------------
// The live channel

async function readerToken(readerId: string): Promise<{ token: string; stream_url: string; customer_url: string; screen_url: string }> {
  const res = await sim.request('POST', `/_sim/terminal/readers/${readerId}/client_token`);
  assert.equal(res.status, 200);
  return (await res.json()) as { token: string; stream_url: string; customer_url: string; screen_url: string };
}

async function customer(url: string, token: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

test('live channel: tokens need the secret key and only open their own reader', async () => {
  const reader = await newReader();
  const other = await newReader();
  const pub = await sim.request('POST', `/_sim/terminal/readers/${reader.id}/client_token`, { headers: { Authorization: `Bearer ${sim.keys.publishable}` } });
  assert.equal(pub.status, 401);
  const t = await readerToken(reader.id);
  assert.match(t.token, /^rdrtok_/);
  assert.equal((await fetch(`${sim.url}/_sim/terminal/readers/${other.id}/screen?token=${t.token}`)).status, 401);
  assert.equal((await fetch(`${sim.url}/_sim/terminal/readers/${reader.id}/screen`)).status, 401);
  const screen = await fetch(`${t.screen_url}?token=${t.token}`);
  assert.equal(screen.status, 200);
  assert.equal(screen.headers.get('access-control-allow-origin'), '*');
  const body = (await screen.json()) as { screen: string; reader: string; location: unknown };
  assert.equal(body.screen, 'idle');
  assert.equal(body.reader, reader.id);
  await sim.control('POST', '/_sim/clock/advance', { seconds: 16 * 60 });
  assert.equal((await fetch(`${t.screen_url}?token=${t.token}`)).status, 401, 'tokens expire');
});

test('live channel: the stream shows the cart, the amount, processing and the outcome', async () => {
  const reader = await newReader();
  const t = await readerToken(reader.id);
  const controller = new AbortController();
  const res = await fetch(`${t.stream_url}?token=${t.token}`, { signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const frames: { screen: string; amount: number | null; cart: unknown; tip: number | null }[] = [];
  const reading = (async () => {
    const reader_ = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader_.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = chunk.split('\n').find((l) => l.startsWith('data: '));
        if (data) frames.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  const waitFor = async (screen: string) => {
    for (let i = 0; i < 100 && !frames.some((f) => f.screen === screen); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(frames.some((f) => f.screen === screen), `saw ${screen}: ${frames.map((f) => f.screen).join(',')}`);
  };
  await waitFor('idle');
  await stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [{ amount: 1000, description: 'Tea', quantity: 2 }], tax: 0, total: 2000 } });
  await waitFor('cart');
  const pi = await cardPresentIntent(2000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, process_config: { tipping: { amount_eligible: 2000 }, enable_customer_cancellation: true } });
  await waitFor('tipping');
  const tipRes = await customer(t.customer_url, t.token, { action: 'choose_tip', amount: 300 });
  assert.equal(tipRes.status, 200);
  await waitFor('collecting');
  const pay = await customer(t.customer_url, t.token, { action: 'present_card', number: '4242 4242 4242 4242' });
  assert.equal(pay.status, 200);
  await waitFor('processing');
  await waitFor('approved');
  const paid = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 2300, 'the tip chosen on the reader is charged');
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_succeeded', 'terminal.reader.action_succeeded'], 'no action_updated outside collect_payment_method');
  controller.abort();
  await reading;
});

test('live channel: the customer may cancel only when enable_customer_cancellation is set', async () => {
  const reader = await newReader();
  const t = await readerToken(reader.id);
  const pi = await cardPresentIntent(1000);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const refused = await customer(t.customer_url, t.token, { action: 'cancel' });
  assert.equal(refused.status, 400);
  await stripe.terminal.readers.cancelAction(reader.id);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, process_config: { enable_customer_cancellation: true } });
  const ok = await customer(t.customer_url, t.token, { action: 'cancel' });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { screen: string }).screen, 'canceled');
  const r = (await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader;
  assert.equal(r.action?.status, 'failed');
  assert.equal(r.action?.failure_code, 'customer_canceled');
  assert.equal(r.action?.api_error, null);
});

// ------------------------------------------------------------------------------------------------------------
// collect_inputs and its test helpers

test('collect_inputs: in progress, then succeed_input_collection fills the inputs (optional ones skipped on request)', async () => {
  const reader = await newReader();
  const started = await stripe.terminal.readers.collectInputs(reader.id, {
    inputs: [
      { type: 'email', custom_text: { title: 'Your email', description: 'For the receipt' }, required: true },
      { type: 'selection', custom_text: { title: 'Bag?' }, selection: { choices: [{ id: 'yes', text: 'Yes', style: 'primary' }, { id: 'no', text: 'No' }] } },
      { type: 'signature', custom_text: { title: 'Sign here' }, required: false, toggles: [{ title: 'Newsletter', default_value: 'enabled' }] },
    ],
    metadata: { order: '42' },
  });
  assert.equal(started.action?.type, 'collect_inputs');
  assert.equal(started.action?.status, 'in_progress');
  const asked = started.action?.collect_inputs;
  assert.deepEqual(asked?.metadata, { order: '42' });
  assert.equal(asked?.inputs.length, 3);
  assert.deepEqual(asked?.inputs[0].custom_text, { description: 'For the receipt', skip_button: null, submit_button: null, title: 'Your email' });
  assert.deepEqual(asked?.inputs[0].email, { value: null });
  assert.deepEqual(asked?.inputs[1].selection, { choices: [{ id: 'yes', style: 'primary', text: 'Yes' }, { id: 'no', style: null, text: 'No' }], id: null, text: null });
  // Busy while the customer answers.
  const busy = await rejects(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { currency: 'usd', line_items: [{ amount: 100, description: 'x', quantity: 1 }], total: 100 } }));
  assert.equal(busy.code, 'terminal_reader_busy');
  const done = await stripe.testHelpers.terminal.readers.succeedInputCollection(reader.id, { skip_non_required_inputs: 'all' });
  assert.equal(done.action?.status, 'succeeded');
  const [email, bag, signature] = done.action?.collect_inputs?.inputs ?? [];
  assert.equal(email.skipped, false);
  assert.match(email.email?.value ?? '', /@/);
  assert.equal(bag.skipped, true, 'not required: skipped');
  assert.equal(bag.selection?.id, null);
  assert.equal(signature.skipped, true);
  assert.deepEqual(await eventTypes(reader.id), ['terminal.reader.action_succeeded']);
  // All answered when nothing is skipped.
  await stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'selection', custom_text: { title: 'Bag?' }, selection: { choices: [{ id: 'yes', text: 'Yes' }] }, toggles: [{ title: 'Receipt', default_value: 'enabled' }] }] });
  const answered = await stripe.testHelpers.terminal.readers.succeedInputCollection(reader.id);
  const sel = answered.action?.collect_inputs?.inputs[0];
  assert.equal(sel?.selection?.id, 'yes');
  assert.equal(sel?.selection?.text, 'Yes');
  assert.equal(sel?.toggles?.[0].value, 'enabled');
});

test('collect_inputs: timeout_input_collection fails the action; validation of the inputs', async () => {
  const reader = await newReader();
  await stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'text', custom_text: { title: 'Name' } }] });
  const timedOut = await stripe.testHelpers.terminal.readers.timeoutInputCollection(reader.id);
  assert.equal(timedOut.action?.status, 'failed');
  assert.equal(timedOut.action?.failure_code, 'terminal_reader_timeout');
  assert.equal(typeof timedOut.action?.failure_message, 'string');
  const noAction = await rejects(stripe.testHelpers.terminal.readers.succeedInputCollection(reader.id));
  assert.equal(noAction.statusCode, 400);
  const noTitle = await rejects(stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'text', custom_text: { description: 'no title' } }] } as unknown as Stripe.Terminal.ReaderCollectInputsParams));
  assert.equal(noTitle.code, 'parameter_missing');
  assert.equal(noTitle.param, 'inputs[0][custom_text][title]');
  const noChoices = await rejects(stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'selection', custom_text: { title: 'Pick' } }] }));
  assert.equal(noChoices.param, 'inputs[0][selection]');
  const badType = await rejects(stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'colour', custom_text: { title: 'x' } }] } as unknown as Stripe.Terminal.ReaderCollectInputsParams));
  assert.equal(badType.param, 'inputs[0][type]');
  // cancel_action stops a collection too.
  await stripe.terminal.readers.collectInputs(reader.id, { inputs: [{ type: 'phone', custom_text: { title: 'Phone' } }] });
  const canceled = await stripe.terminal.readers.cancelAction(reader.id);
  assert.equal((canceled as Stripe.Terminal.Reader).action, null);
});

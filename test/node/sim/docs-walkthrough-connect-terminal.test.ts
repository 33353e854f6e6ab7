// Stripe's Connect (marketplace) and Terminal guides, run the way a developer copies them, through the official
// SDK: Express and controller-property accounts, Account Links, Account Sessions, login links; destination charges
// (with on_behalf_of), separate charges and transfers (transfer_group, source_transaction, reversals), direct charges
// (Stripe-Account) with application fees and their refunds, payouts and balances of connected accounts; Terminal
// locations, simulated readers, connection tokens and the server-driven actions with their test helper. Asserts the
// documented shapes, statuses, amounts, events and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount } from '../helpers/connect.ts';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t, stripe } = useTestSim();

async function rejects(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return p.then(() => assert.fail('expected an error'), (e: unknown) => e as Stripe.errors.StripeError);
}

function usd(balance: Stripe.Balance, kind: 'available' | 'pending'): number {
  return balance[kind].find((b) => b.currency === 'usd')?.amount ?? 0;
}

/** Events of `type` about object `id` (newest first), on the platform or, with `account`, on a connected account. */
async function eventsFor(id: string, type?: string, account?: string): Promise<Stripe.Event[]> {
  const list = await stripe.events.list({ limit: 100, ...(type ? { type } : {}) }, account ? { stripeAccount: account } : undefined);
  return list.data.filter((e) => (e.data.object as { id?: string }).id === id);
}

/** Stripe's test card 4000000000000077 puts the payment straight into the available balance. */
async function fundPlatform(amount: number): Promise<void> {
  const pi = await stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' });
  assert.equal(pi.status, 'succeeded');
}

// ------------------------------------------------------------------------------------------------------------
// Connected accounts and onboarding

test('Express onboarding as the guide writes it: account, Account Link, then a login link only once onboarded', async () => {
  const account = await stripe.accounts.create({
    type: 'express', country: 'US', email: 'jenny.rosen@example.com',
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  assert.match(account.id, /^acct_/);
  assert.equal(account.object, 'account');
  assert.equal(account.type, 'express');
  assert.equal(account.country, 'US');
  assert.equal(account.email, 'jenny.rosen@example.com');
  assert.equal(account.default_currency, 'usd');
  assert.equal(account.details_submitted, false);
  assert.equal(account.charges_enabled, false);
  assert.equal(account.payouts_enabled, false);
  assert.deepEqual(account.capabilities, { card_payments: 'inactive', transfers: 'inactive' });
  assert.equal(account.controller?.type, 'application');
  assert.equal(account.controller?.stripe_dashboard?.type, 'express');
  assert.equal(account.controller?.requirement_collection, 'stripe');
  assert.ok(account.requirements?.currently_due?.includes('external_account'));
  assert.ok(account.requirements?.currently_due?.includes('tos_acceptance.date'));

  const link = await stripe.accountLinks.create({
    account: account.id, refresh_url: 'https://example.com/reauth', return_url: 'https://example.com/return', type: 'account_onboarding',
  });
  assert.equal(link.object, 'account_link');
  assert.match(link.url, /^https?:\/\//);
  assert.ok(link.expires_at > link.created);
  const withOptions = await stripe.accountLinks.create({
    account: account.id, refresh_url: 'https://example.com/reauth', return_url: 'https://example.com/return', type: 'account_onboarding',
    collection_options: { fields: 'eventually_due', future_requirements: 'include' },
  });
  assert.notEqual(withOptions.url, link.url);

  const err = await rejects(stripe.accounts.createLoginLink(account.id));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
});

test('Express onboarding completed on the hosted Account Link pages, then a single-use Express Dashboard login link', async () => {
  const account = await stripe.accounts.create({
    type: 'express', country: 'US', email: 'jane@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    business_type: 'individual', individual: { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com' },
    business_profile: { mcc: '6513', product_description: 'Rentals' },
  });
  const link = await stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', refresh_url: 'https://example.com/reauth', return_url: 'https://example.com/return' });
  const opened = await fetch(link.url, { redirect: 'manual' });
  const session = opened.headers.get('location') as string;
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  const post = (step: string, form: Record<string, string>) =>
    fetch(`${t.url}${session}?step=${step}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers: { Cookie: cookie } });
  await post('representative_details', { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', phone: '0000000000' });
  await post('date_of_birth', { dob: '1901-01-01' });
  await post('address', { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94111' });
  await post('identity', { id_number: '000000000' });
  await post('external_account', { routing_number: '110000000', account_number: '000123456789' });
  const done = await post('summary', { tos: 'true' });
  assert.equal(done.headers.get('location'), 'https://example.com/return');
  const onboarded = await stripe.accounts.retrieve(account.id);
  assert.equal(onboarded.details_submitted, true);
  assert.equal(onboarded.charges_enabled, true);
  const [updated] = await eventsFor(account.id, 'account.updated', account.id);
  assert.equal((updated.data.object as Stripe.Account).details_submitted, true);
  const login = await stripe.accounts.createLoginLink(account.id);
  assert.equal(login.object, 'login_link');
  assert.equal(typeof login.created, 'number');
  assert.equal((await fetch(login.url, { redirect: 'manual' })).status, 200);
  assert.notEqual((await fetch(login.url, { redirect: 'manual' })).status, 200, 'a login link is single-use');
});

test('controller properties instead of a type: a platform-collected account without a Stripe dashboard', async () => {
  const account = await stripe.accounts.create({
    country: 'US',
    controller: { fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'application', stripe_dashboard: { type: 'none' } },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  assert.equal(account.type, 'custom');
  assert.equal(account.controller?.requirement_collection, 'application');
  assert.equal(account.controller?.losses?.payments, 'application');
  assert.equal(account.controller?.stripe_dashboard?.type, 'none');
  // Custom accounts can be updated through Account Links of type account_update.
  const link = await stripe.accountLinks.create({ account: account.id, refresh_url: 'https://example.com/r', return_url: 'https://example.com/b', type: 'account_update' });
  assert.equal(link.object, 'account_link');
  // Without a dashboard a capability must be requested.
  const err = await rejects(stripe.accounts.create({ controller: { requirement_collection: 'application', stripe_dashboard: { type: 'none' }, fees: { payer: 'application' }, losses: { payments: 'application' } } }));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'capabilities');
});

test('account, person and bank account tokens (Stripe.js createToken) onboard a Custom account through the server', async () => {
  const browser = t.client(t.keys.publishable);
  const accountToken = await browser.tokens.create({
    account: {
      business_type: 'individual',
      individual: {
        first_name: 'Jane', last_name: 'Diaz', dob: { day: 1, month: 1, year: 1901 }, ssn_last_4: '0000', id_number: '000000000',
        email: 'jane@example.com', phone: '+15555550100',
        address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
      },
      tos_shown_and_accepted: true,
    },
  });
  assert.match(accountToken.id, /^ct_/);
  assert.equal(accountToken.object, 'token');
  assert.equal(accountToken.type, 'account');
  assert.equal(accountToken.used, false);
  assert.equal('individual' in accountToken, false, 'a token does not show the details it carries');
  const bankToken = await browser.tokens.create({
    bank_account: { country: 'US', currency: 'usd', account_holder_name: 'Jane Diaz', account_holder_type: 'individual', routing_number: '110000000', account_number: '000123456789' },
  });
  assert.match(bankToken.id, /^btok_/);
  assert.equal(bankToken.type, 'bank_account');
  assert.equal(bankToken.bank_account?.last4, '6789');
  assert.equal(bankToken.bank_account?.routing_number, '110000000');
  assert.match(bankToken.bank_account?.id ?? '', /^ba_/);

  const account = await stripe.accounts.create({
    country: 'US', type: 'custom', capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    business_profile: { mcc: '5734', url: 'https://jane.example' }, account_token: accountToken.id, external_account: bankToken.id,
  });
  assert.equal(account.business_type, 'individual');
  assert.equal(account.individual?.first_name, 'Jane');
  assert.ok(account.tos_acceptance?.date);
  assert.ok(account.tos_acceptance?.ip);
  assert.equal(account.external_accounts?.data[0]?.id, bankToken.bank_account?.id);
  assert.equal(account.charges_enabled, true);
  assert.equal((await stripe.tokens.retrieve(accountToken.id)).used, true);
  const reused = await rejects(stripe.accounts.update(account.id, { account_token: accountToken.id }));
  assert.equal(reused.code, 'token_already_used');
  const mixed = await rejects(stripe.accounts.create({
    type: 'custom', capabilities: { transfers: { requested: true } }, account_token: (await browser.tokens.create({ account: { business_type: 'company' } })).id, business_type: 'individual',
  }));
  assert.equal(mixed.param, 'business_type');
  const unknown = await rejects(stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } }, account_token: 'ct_doesnotexist' }));
  assert.equal(unknown.code, 'resource_missing');
  assert.equal(unknown.param, 'account_token');
  const badEmail = await rejects(browser.tokens.create({ account: { individual: { email: 'nope' } } }));
  assert.equal(badEmail.param, 'account[individual][email]');

  // A company and its representative through a person token.
  const company = await stripe.accounts.create({
    country: 'US', type: 'custom', capabilities: { transfers: { requested: true } },
    account_token: (await browser.tokens.create({ account: { business_type: 'company', company: { name: 'Rocket Rides', tax_id: '000000000' }, tos_shown_and_accepted: true } })).id,
  });
  assert.equal(company.company?.name, 'Rocket Rides');
  const personToken = await browser.tokens.create({ person: { first_name: 'Jenny', last_name: 'Rosen', relationship: { representative: true, title: 'CEO' } } });
  assert.match(personToken.id, /^cpt_/);
  assert.equal(personToken.type, 'person');
  const person = await stripe.accounts.createPerson(company.id, { person_token: personToken.id });
  assert.equal(person.first_name, 'Jenny');
  assert.equal(person.relationship?.representative, true);
  assert.equal((await rejects(stripe.accounts.createPerson(company.id, { person_token: personToken.id }))).code, 'token_already_used');
  const badBank = await rejects(browser.tokens.create({ bank_account: { country: 'US', currency: 'usd', routing_number: '123', account_number: '000123456789' } }));
  assert.equal(badBank.code, 'routing_number_invalid');
});

test('Account Sessions for embedded onboarding: client_secret, expiry and the enabled component', async () => {
  const account = await stripe.accounts.create({ type: 'standard' });
  const session = await stripe.accountSessions.create({ account: account.id, components: { account_onboarding: { enabled: true } } });
  assert.equal(session.object, 'account_session');
  assert.equal(session.account, account.id);
  assert.equal(typeof session.client_secret, 'string');
  assert.ok(session.client_secret.length > 20);
  assert.equal(session.livemode, false);
  assert.ok(session.expires_at > Math.floor(Date.now() / 1000) - 5);
  assert.equal(session.components.account_onboarding.enabled, true);
  assert.equal(session.components.payments.enabled, false);
  const missing = await rejects(stripe.accountSessions.create({ account: account.id } as Stripe.AccountSessionCreateParams));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'components');
});

test('accounts: retrieve, update (account.updated on the connected account), list and delete', async () => {
  const account = await stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } });
  const got = await stripe.accounts.retrieve(account.id);
  assert.equal(got.id, account.id);
  const updated = await stripe.accounts.update(account.id, { metadata: { order: '6735' }, business_profile: { url: 'https://furever.example' } });
  assert.deepEqual(updated.metadata, { order: '6735' });
  assert.equal(updated.business_profile?.url, 'https://furever.example');
  const [event] = await eventsFor(account.id, 'account.updated', account.id);
  assert.ok(event, 'account.updated is sent to the platform for the connected account');
  assert.equal(event.account, account.id);
  // A key that did not exist shows as null in previous_attributes.
  assert.deepEqual((event.data.previous_attributes as { metadata?: unknown }).metadata, { order: null });
  const badEmail = await rejects(stripe.accounts.update(account.id, { business_profile: { support_email: 'not-an-email' } }));
  assert.equal(badEmail.code, 'email_invalid');
  assert.equal(badEmail.param, 'business_profile[support_email]');
  const listed = await stripe.accounts.list({ limit: 100 });
  assert.ok(listed.data.some((a) => a.id === account.id));
  const deleted = await stripe.accounts.del(account.id);
  assert.deepEqual(deleted, { id: account.id, object: 'account', deleted: true });
  const gone = await rejects(stripe.accounts.retrieve(account.id));
  assert.equal(gone.statusCode, 403);
  assert.ok(!(await stripe.accounts.list({ limit: 100 })).data.some((a) => a.id === account.id));
});

// ------------------------------------------------------------------------------------------------------------
// Destination charges

test('destination charge with on_behalf_of: transfer, application fee and both balances as documented', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    application_fee_amount: 123, on_behalf_of: acct, transfer_data: { destination: acct },
  });
  assert.equal(pi.on_behalf_of, acct);
  assert.deepEqual(pi.transfer_data, { destination: acct });
  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(paid.status, 'succeeded');
  const charge = await stripe.charges.retrieve(paid.latest_charge as string, { expand: ['transfer', 'application_fee'] });
  // Stripe groups a destination charge's transfer as group_<PaymentIntent id>, on the charge and on the intent.
  assert.equal(charge.transfer_group, `group_${pi.id}`);
  assert.equal(paid.transfer_group, `group_${pi.id}`);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).transfer_group, `group_${pi.id}`);
  assert.equal(charge.on_behalf_of, acct);
  assert.equal(charge.application_fee_amount, 123);
  const transfer = charge.transfer as Stripe.Transfer;
  assert.equal(transfer.amount, 1000);
  assert.equal(transfer.destination, acct);
  assert.equal(transfer.source_transaction, charge.id);
  const fee = charge.application_fee as Stripe.ApplicationFee;
  assert.equal(fee.amount, 123);
  assert.equal(fee.account, acct);
  assert.equal(fee.originating_transaction, charge.id);
  const payment = await stripe.charges.retrieve(transfer.destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: acct });
  assert.equal((payment.balance_transaction as Stripe.BalanceTransaction).net, 877);
  // on_behalf_of must be the destination itself (Stripe's message).
  const other = await onboardedAccount(stripe);
  const mismatch = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', on_behalf_of: other, transfer_data: { destination: acct } }));
  assert.equal(mismatch.param, 'on_behalf_of');
  assert.match(mismatch.message, /^You cannot specify an `on_behalf_of` value that is different from the `transfer_data\[destination\]` value/);
  assert.equal((await eventsFor(transfer.id, 'transfer.created')).length, 1);
  assert.equal((await eventsFor(fee.id, 'application_fee.created')).length, 1);
});

test('destination charges to an account outside the platform’s region need on_behalf_of (Stripe’s message)', async () => {
  const fr = await stripe.accounts.create({
    country: 'FR', type: 'custom', capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    business_type: 'individual', business_profile: { mcc: '5734', url: 'https://boutique.example' },
    individual: {
      first_name: 'Marie', last_name: 'Curie', dob: { day: 1, month: 1, year: 1901 }, email: 'marie@example.com', phone: '+33612345678',
      address: { line1: 'address_full_match', city: 'Paris', postal_code: '75001', country: 'FR' },
    },
    tos_acceptance: { date: Math.floor(Date.now() / 1000), ip: '127.0.0.1' }, external_account: 'btok_fr',
  });
  assert.equal(fr.capabilities?.transfers, 'active');
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, transfer_data: { destination: fr.id } }));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'transfer_data[destination]');
  assert.match(err.message, /^Cannot create a destination charge for connected accounts in FR because funds would be settled on the platform and the connected account is outside the platform's region\. You may use the `on_behalf_of` parameter/);
  const settled = await stripe.paymentIntents.create({
    amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', on_behalf_of: fr.id, transfer_data: { destination: fr.id },
  });
  assert.equal(settled.status, 'succeeded');
  const charge = await stripe.charges.retrieve(settled.latest_charge as string);
  assert.equal(charge.on_behalf_of, fr.id);
});

test('destination charge paid with 4000000000000077: the connected account can pay its share out at once', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, application_fee_amount: 123, transfer_data: { destination: acct },
  });
  assert.equal(pi.status, 'succeeded');
  // The transfer of a destination charge is funded by the charge, so its funds are available when the charge's are.
  const balance = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(balance, 'available'), 877);
  assert.equal(usd(balance, 'pending'), 0);
  const payout = await stripe.payouts.create({ amount: 877, currency: 'usd' }, { stripeAccount: acct });
  assert.equal(payout.status, 'pending');
  assert.equal(payout.amount, 877);
});

test('destination charge with the default card: the connected account’s share waits with the charge (pending)', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', transfer_data: { destination: acct, amount: 1500 },
  });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction', 'transfer'] });
  const chargeBt = charge.balance_transaction as Stripe.BalanceTransaction;
  const payment = await stripe.charges.retrieve((charge.transfer as Stripe.Transfer).destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: acct });
  const paymentBt = payment.balance_transaction as Stripe.BalanceTransaction;
  assert.equal(paymentBt.amount, 1500);
  assert.equal(paymentBt.status, 'pending');
  assert.equal(paymentBt.available_on, chargeBt.available_on);
  const balance = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(balance, 'pending'), 1500);
  assert.equal(usd(balance, 'available'), 0);
});

test('destination charge with transfer_data[amount]: an integer on the intent and the charge', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', transfer_data: { destination: acct, amount: 877 },
  });
  assert.deepEqual(pi.transfer_data, { amount: 877, destination: acct });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['transfer'] });
  assert.deepEqual(charge.transfer_data, { amount: 877, destination: acct });
  assert.equal((charge.transfer as Stripe.Transfer).amount, 877);
  const bad = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { amount: 500 } as Stripe.PaymentIntentCreateParams.TransferData }));
  assert.equal(bad.code, 'parameter_missing');
  assert.equal(bad.param, 'transfer_data[destination]');
});

test('updating a destination charge before confirmation: transfer_data[amount] and the fee, checked like on create', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', transfer_data: { destination: acct, amount: 900 } });
  const updated = await stripe.paymentIntents.update(pi.id, { transfer_data: { amount: 700 } });
  assert.deepEqual(updated.transfer_data, { amount: 700, destination: acct });
  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  const charge = await stripe.charges.retrieve(paid.latest_charge as string, { expand: ['transfer'] });
  assert.equal((charge.transfer as Stripe.Transfer).amount, 700);

  const withFee = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 100, transfer_data: { destination: acct } });
  const tooSmall = await rejects(stripe.paymentIntents.update(withFee.id, { amount: 50 }));
  assert.equal(tooSmall.param, 'application_fee_amount');
  assert.equal((await stripe.paymentIntents.retrieve(withFee.id)).amount, 1000);
  const plain = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
  const noConnect = await rejects(stripe.paymentIntents.update(plain.id, { application_fee_amount: 100 }));
  assert.equal(noConnect.param, 'application_fee_amount');
  assert.match(noConnect.message, /Can only apply an application_fee_amount/);
});

test('manual capture of a destination charge: application_fee_amount and transfer_data[amount] given at capture apply', async () => {
  const acct = await onboardedAccount(stripe);
  const withFee = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual',
    application_fee_amount: 100, transfer_data: { destination: acct },
  });
  const captured = await stripe.paymentIntents.capture(withFee.id, { amount_to_capture: 800, application_fee_amount: 200 });
  assert.equal(captured.application_fee_amount, 200);
  assert.equal(captured.transfer_group, `group_${withFee.id}`);
  const charge = await stripe.charges.retrieve(captured.latest_charge as string, { expand: ['transfer', 'application_fee'] });
  assert.equal((charge.transfer as Stripe.Transfer).amount, 800);
  assert.equal((charge.application_fee as Stripe.ApplicationFee).amount, 200);
  assert.equal(charge.application_fee_amount, 200);

  const withAmount = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', transfer_data: { destination: acct, amount: 900 },
  });
  const captured2 = await stripe.paymentIntents.capture(withAmount.id, { transfer_data: { amount: 500 } });
  assert.deepEqual(captured2.transfer_data, { amount: 500, destination: acct });
  const charge2 = await stripe.charges.retrieve(captured2.latest_charge as string, { expand: ['transfer'] });
  assert.equal((charge2.transfer as Stripe.Transfer).amount, 500);
});

test('Connect objects expand what the API reference marks expandable', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic', application_fee_amount: 100, transfer_data: { destination: acct },
  });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const expandedCharge = await stripe.charges.retrieve(charge.id, { expand: ['transfer_data.destination', 'on_behalf_of', 'transfer', 'application_fee'] });
  assert.equal((expandedCharge.transfer_data?.destination as Stripe.Account).id, acct);
  assert.equal((expandedCharge.transfer as Stripe.Transfer).object, 'transfer');
  assert.equal((expandedCharge.application_fee as Stripe.ApplicationFee).object, 'application_fee');
  const transfer = await stripe.transfers.retrieve(charge.transfer as string, { expand: ['destination', 'destination_payment', 'source_transaction', 'balance_transaction'] });
  assert.equal((transfer.destination as Stripe.Account).object, 'account');
  assert.equal((transfer.destination as Stripe.Account).id, acct);
  assert.equal((transfer.destination_payment as Stripe.Charge).object, 'charge');
  assert.equal((transfer.source_transaction as Stripe.Charge).id, charge.id);
  const refund = await stripe.refunds.create({ charge: charge.id, amount: 500, reverse_transfer: true });
  const [reversal] = (await stripe.transfers.listReversals(transfer.id, { expand: ['data.source_refund', 'data.transfer'] })).data;
  assert.equal((reversal.source_refund as Stripe.Refund).id, refund.id);
  assert.equal((reversal.transfer as Stripe.Transfer).id, transfer.id);
  const fee = await stripe.applicationFees.retrieve(charge.application_fee as string, { expand: ['account', 'charge', 'originating_transaction'] });
  assert.equal((fee.account as Stripe.Account).object, 'account');
  assert.equal((fee.charge as Stripe.Charge).id, (transfer.destination_payment as Stripe.Charge).id);
  assert.equal((fee.originating_transaction as Stripe.Charge).id, charge.id);
  const cap = await stripe.accounts.retrieveCapability(acct, 'transfers', { expand: ['account'] });
  assert.equal((cap.account as Stripe.Account).id, acct);
  const [bank] = (await stripe.accounts.listExternalAccounts(acct, { expand: ['data.account'] })).data as Stripe.BankAccount[];
  assert.equal((bank.account as Stripe.Account).id, acct);
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' }, { stripeAccount: acct });
  const payout = await stripe.payouts.create({ amount: 100, currency: 'usd', expand: ['destination', 'balance_transaction'] }, { stripeAccount: acct });
  assert.equal((payout.destination as Stripe.BankAccount).id, bank.id);
  assert.equal((payout.balance_transaction as Stripe.BalanceTransaction).type, 'payout');
});

// ------------------------------------------------------------------------------------------------------------
// Separate charges and transfers

test('separate charges and transfers: one charge, transfers to two sellers in a transfer_group, then a reversal', async () => {
  const seller1 = await onboardedAccount(stripe);
  const seller2 = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 10000, currency: 'usd', transfer_group: 'ORDER10', payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.transfer_group, 'ORDER10');
  const chargeId = pi.latest_charge as string;
  const first = await stripe.transfers.create({ amount: 7000, currency: 'usd', destination: seller1, transfer_group: 'ORDER10', source_transaction: chargeId });
  const second = await stripe.transfers.create({ amount: 2000, currency: 'usd', destination: seller2, transfer_group: 'ORDER10', source_transaction: chargeId });
  assert.equal(first.object, 'transfer');
  assert.equal(first.transfer_group, 'ORDER10');
  assert.equal(first.source_transaction, chargeId);
  assert.equal(first.reversed, false);
  assert.equal(first.amount_reversed, 0);
  const group = await stripe.transfers.list({ transfer_group: 'ORDER10' });
  assert.deepEqual(group.data.map((x) => x.id).sort(), [first.id, second.id].sort());
  // More than the charge has left is refused.
  const over = await rejects(stripe.transfers.create({ amount: 1001, currency: 'usd', destination: seller2, source_transaction: chargeId }));
  assert.equal(over.statusCode, 400);

  const reversal = await stripe.transfers.createReversal(first.id, { amount: 1000 });
  assert.equal(reversal.object, 'transfer_reversal');
  assert.equal(reversal.amount, 1000);
  assert.equal(reversal.transfer, first.id);
  const afterPartial = await stripe.transfers.retrieve(first.id);
  assert.equal(afterPartial.amount_reversed, 1000);
  assert.equal(afterPartial.reversed, false);
  const reversals = await stripe.transfers.listReversals(first.id);
  assert.deepEqual(reversals.data.map((r) => r.id), [reversal.id]);
  await stripe.transfers.createReversal(first.id);
  const full = await stripe.transfers.retrieve(first.id);
  assert.equal(full.amount_reversed, 7000);
  assert.equal(full.reversed, true);
  assert.equal((await eventsFor(first.id, 'transfer.reversed')).length, 2);
  const again = await rejects(stripe.transfers.createReversal(first.id));
  assert.equal(again.statusCode, 400);
});

test('reversing a destination charge’s transfer with refund_application_fee gives the fee back in proportion', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
    application_fee_amount: 100, transfer_data: { destination: acct },
  });
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  const transferId = charge.transfer as string;
  const feeId = charge.application_fee as string;
  const destBefore = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(destBefore, 'pending') + usd(destBefore, 'available'), 900);
  await stripe.transfers.createReversal(transferId, { amount: 500, refund_application_fee: true });
  const half = await stripe.applicationFees.retrieve(feeId);
  assert.equal(half.amount_refunded, 50);
  assert.equal(half.refunded, false);
  // Without the flag the fee stays.
  await stripe.transfers.createReversal(transferId, { amount: 100 });
  assert.equal((await stripe.applicationFees.retrieve(feeId)).amount_refunded, 50);
  // A reversal that completes the transfer refunds the rest of the fee.
  await stripe.transfers.createReversal(transferId, { refund_application_fee: true });
  const full = await stripe.applicationFees.retrieve(feeId);
  assert.equal(full.amount_refunded, 100);
  assert.equal(full.refunded, true);
  assert.deepEqual((await stripe.applicationFees.listRefunds(feeId)).data.map((r) => r.amount).sort((a, b) => a - b), [50, 50]);
  assert.equal((await eventsFor(feeId, 'application_fee.refunded')).length, 2);
  const destAfter = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(destAfter, 'pending') + usd(destAfter, 'available'), 0, 'the destination gave back 1000 and got its 100 fee back');
});

test('transfers without source_transaction come from the available balance; unknown destinations are refused', async () => {
  const acct = await onboardedAccount(stripe);
  await fundPlatform(5000);
  const transfer = await stripe.transfers.create({ amount: 1000, currency: 'usd', destination: acct, metadata: { order: '42' } });
  assert.equal(transfer.amount, 1000);
  assert.deepEqual(transfer.metadata, { order: '42' });
  const dest = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(dest, 'available'), 1000, 'a transfer from available funds is available to the destination at once');
  const missing = await rejects(stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_doesnotexist' }));
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.param, 'destination');
  const tooMuch = await rejects(stripe.transfers.create({ amount: 999_999_999, currency: 'usd', destination: acct }));
  assert.equal(tooMuch.code, 'balance_insufficient');
});

// ------------------------------------------------------------------------------------------------------------
// Direct charges and application fees

test('direct charge with Stripe-Account and an application fee; refunding it with refund_application_fee', async () => {
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  const pi = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', application_fee_amount: 123, payment_method: 'pm_card_visa', confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  }, opts);
  assert.equal(pi.status, 'succeeded');
  assert.equal(pi.application_fee_amount, 123);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] }, opts);
  const bt = charge.balance_transaction as Stripe.BalanceTransaction;
  assert.equal(bt.net, 818);
  assert.equal(bt.fee, 182);
  assert.deepEqual(bt.fee_details.map((d) => d.type).sort(), ['application_fee', 'stripe_fee']);
  // The platform lists the fee it collected.
  const fees = await stripe.applicationFees.list({ charge: charge.id });
  assert.equal(fees.data.length, 1);
  const fee = fees.data[0];
  assert.equal(fee.object, 'application_fee');
  assert.equal(fee.amount, 123);
  assert.equal(fee.account, acct);
  assert.equal(fee.charge, charge.id);
  assert.equal(fee.refunded, false);
  assert.equal((await stripe.applicationFees.retrieve(fee.id)).id, fee.id);
  // The payment was not made on the platform: it cannot see the charge.
  assert.equal((await rejects(stripe.charges.retrieve(charge.id))).statusCode, 404);

  const refund = await stripe.refunds.create({ payment_intent: pi.id, refund_application_fee: true }, opts);
  assert.equal(refund.status, 'succeeded');
  const refundedFee = await stripe.applicationFees.retrieve(fee.id);
  assert.equal(refundedFee.amount_refunded, 123);
  assert.equal(refundedFee.refunded, true);
  assert.equal((await eventsFor(fee.id, 'application_fee.refunded')).length, 1);
});

test('a direct charge needs the connected account’s card_payments capability to be active', async () => {
  const fresh = await stripe.accounts.create({ type: 'express', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
  assert.equal(fresh.capabilities?.card_payments, 'inactive');
  const opts = { stripeAccount: fresh.id };
  const err = await rejects(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' }, opts));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.statusCode, 400);
  assert.equal(err.message, 'You cannot create a charge on a connected account without the `card_payments` capability enabled.');
  assert.deepEqual((await stripe.paymentIntents.list({}, opts)).data, []);
  const legacy = await rejects(stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' }, opts));
  assert.equal(legacy.message, err.message);
  // Once onboarded (card_payments active) the same request succeeds.
  const ready = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' }, { stripeAccount: ready });
  assert.equal(pi.status, 'succeeded');
});

test('application fee refunds: partial through the API, listed and retrieved; more than is left is refused', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({
    amount: 5000, currency: 'usd', application_fee_amount: 500, payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic',
  }, { stripeAccount: acct });
  const [fee] = (await stripe.applicationFees.list({ charge: pi.latest_charge as string })).data;
  const partial = await stripe.applicationFees.createRefund(fee.id, { amount: 200 });
  assert.equal(partial.object, 'fee_refund');
  assert.equal(partial.amount, 200);
  assert.equal(partial.fee, fee.id);
  assert.deepEqual((await stripe.applicationFees.listRefunds(fee.id)).data.map((r) => r.id), [partial.id]);
  assert.equal((await stripe.applicationFees.retrieveRefund(fee.id, partial.id)).amount, 200);
  const over = await rejects(stripe.applicationFees.createRefund(fee.id, { amount: 301 }));
  assert.equal(over.statusCode, 400);
  const rest = await stripe.applicationFees.createRefund(fee.id);
  assert.equal(rest.amount, 300);
  const done = await stripe.applicationFees.retrieve(fee.id);
  assert.equal(done.refunded, true);
  assert.equal(done.amount_refunded, 500);
});

// ------------------------------------------------------------------------------------------------------------
// Payouts and balances

test('payouts of a connected account: created with Stripe-Account from its available balance, paid on schedule', async () => {
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' }, opts);
  const balance = await stripe.balance.retrieve({}, opts);
  assert.equal(usd(balance, 'available'), 5000 - 175);
  const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd' }, opts);
  assert.match(payout.id, /^po_/);
  assert.equal(payout.object, 'payout');
  assert.equal(payout.status, 'pending');
  assert.equal(payout.method, 'standard');
  assert.equal(payout.type, 'bank_account');
  assert.match(payout.destination as string, /^ba_/);
  assert.equal(usd(await stripe.balance.retrieve({}, opts), 'available'), 5000 - 175 - 1000);
  const [created] = await eventsFor(payout.id, 'payout.created', acct);
  assert.equal(created?.account, acct);
  assert.deepEqual((await stripe.payouts.list({}, opts)).data.map((p) => p.id), [payout.id]);
  assert.deepEqual((await stripe.payouts.list({ arrival_date: { gte: payout.arrival_date } }, opts)).data.map((p) => p.id), [payout.id]);
  assert.deepEqual((await stripe.payouts.list({ arrival_date: { lt: payout.arrival_date } }, opts)).data, []);
  assert.deepEqual((await stripe.payouts.list({ status: 'pending' }, opts)).data.map((p) => p.id), [payout.id]);
  // Only automatic payouts can be itemised (Stripe's message for a manual one).
  const manual = await rejects(stripe.balanceTransactions.list({ payout: payout.id }, opts));
  assert.equal(manual.statusCode, 400);
  assert.equal(manual.message, 'Balance transaction history can only be filtered on automatic transfers, not manual.');
  assert.equal((await rejects(stripe.balanceTransactions.list({ payout: 'po_doesnotexist' }, opts))).code, 'resource_missing');
  await t.control('POST', '/_sim/clock/advance', { seconds: 4 * 86_400 });
  assert.equal((await stripe.payouts.retrieve(payout.id, {}, opts)).status, 'paid');
  const tooMuch = await rejects(stripe.payouts.create({ amount: 1_000_000, currency: 'usd' }, opts));
  assert.equal(tooMuch.code, 'balance_insufficient');
});

test('payout schedules of a connected account: minimum becomes days, anchors go with their interval', async () => {
  const acct = await onboardedAccount(stripe);
  const schedule = async (s: Stripe.AccountUpdateParams.Settings.Payouts.Schedule) =>
    (await stripe.accounts.update(acct, { settings: { payouts: { schedule: s } } })).settings?.payouts?.schedule;
  const minimum = await schedule({ interval: 'daily', delay_days: 'minimum' });
  assert.equal(typeof minimum?.delay_days, 'number');
  assert.equal(minimum?.delay_days, 2);
  assert.deepEqual(await schedule({ interval: 'weekly', weekly_anchor: 'friday' }), { delay_days: 2, interval: 'weekly', weekly_anchor: 'friday' });
  assert.deepEqual(await schedule({ interval: 'monthly', monthly_anchor: 15 }), { delay_days: 2, interval: 'monthly', monthly_anchor: 15 });
  assert.deepEqual(await schedule({ interval: 'manual' }), { delay_days: 2, interval: 'manual' });
  const noAnchor = await rejects(schedule({ interval: 'weekly' }));
  assert.equal(noAnchor.code, 'parameter_missing');
  assert.equal(noAnchor.param, 'settings[payouts][schedule][weekly_anchor]');
  const noDay = await rejects(schedule({ interval: 'monthly' }));
  assert.equal(noDay.param, 'settings[payouts][schedule][monthly_anchor]');
  assert.equal((await stripe.accounts.retrieve(acct)).settings?.payouts?.schedule?.interval, 'manual');
});

test('the platform balance has the documented shape, connect_reserved included', async () => {
  const balance = await stripe.balance.retrieve();
  assert.equal(balance.object, 'balance');
  assert.equal(balance.livemode, false);
  assert.ok(Array.isArray(balance.available) && Array.isArray(balance.pending));
  const reservedUsd = (b: Stripe.Balance) => {
    const rows = b.connect_reserved ?? assert.fail('connect_reserved is missing');
    assert.deepEqual(rows.map((r) => Object.keys(r).sort()), rows.map(() => ['amount', 'currency']));
    return rows.find((r) => r.currency === 'usd')?.amount ?? assert.fail('no usd row');
  };
  const before = reservedUsd(balance);
  // A Custom account that refunds a direct charge owes Stripe's fee (not returned on refunds): the platform's
  // connect_reserved shows it. Connected accounts have no connect_reserved of their own.
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' }, opts);
  await stripe.refunds.create({ payment_intent: pi.id }, opts);
  const own = await stripe.balance.retrieve({}, opts);
  assert.equal(usd(own, 'available') + usd(own, 'pending'), -59);
  assert.equal(own.connect_reserved, undefined);
  assert.equal(reservedUsd(await stripe.balance.retrieve()) - before, 59);
});

// ------------------------------------------------------------------------------------------------------------
// Terminal

async function terminalSetup(): Promise<{ location: Stripe.Terminal.Location; reader: Stripe.Terminal.Reader }> {
  const location = await stripe.terminal.locations.create({
    display_name: 'HQ', address: { line1: '1272 Valencia Street', city: 'San Francisco', state: 'CA', country: 'US', postal_code: '94110' },
  });
  const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', label: 'Alice', location: location.id });
  return { location, reader };
}

test('Terminal setup: a location, a simulated WisePOS E and connection tokens', async () => {
  const { location, reader } = await terminalSetup();
  assert.match(location.id, /^tml_/);
  assert.equal(location.object, 'terminal.location');
  assert.equal(location.display_name, 'HQ');
  assert.equal(location.address.postal_code, '94110');
  assert.match(reader.id, /^tmr_/);
  assert.equal(reader.object, 'terminal.reader');
  assert.equal(reader.device_type, 'simulated_wisepos_e');
  assert.equal(reader.label, 'Alice');
  assert.equal(reader.location, location.id);
  assert.equal(reader.status, 'online');
  assert.equal(reader.action, null);
  const token = await stripe.terminal.connectionTokens.create({ location: location.id });
  assert.equal(token.object, 'terminal.connection_token');
  assert.match(token.secret, /^pst_test_/);
  assert.equal(token.location, location.id);
  const listed = await stripe.terminal.readers.list({ location: location.id });
  assert.deepEqual(listed.data.map((r) => r.id), [reader.id]);
});

test('Terminal as the API reference runs it: a PaymentIntent with automatic_payment_methods handed to a reader', async () => {
  const location = await stripe.terminal.locations.create({
    display_name: 'My First Store', address: { line1: '1234 Main Street', city: 'San Francisco', postal_code: '94111', state: 'CA', country: 'US' },
  });
  const reader = await stripe.terminal.readers.create({ label: 'Blue Rabbit', registration_code: 'simulated-wpe', location: location.id });
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true } });
  const processing = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  assert.equal(processing.action?.status, 'in_progress');
  assert.equal(processing.action?.process_payment_intent?.payment_intent, pi.id);
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  assert.equal(paid.status, 'succeeded');
  assert.equal((paid.latest_charge as Stripe.Charge).payment_method_details?.type, 'card_present');
  // An intent that excludes card_present, or only allows online cards, is refused.
  const excluded = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true }, excluded_payment_method_types: ['card_present'] });
  assert.equal((await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: excluded.id }))).param, 'payment_intent');
  const online = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', allowed_payment_method_types: ['card'] });
  assert.equal((await rejects(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: online.id }))).param, 'payment_intent');
  // The SetupIntent of the same reference page, for process_setup_intent.
  const si = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
  const saving = await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'always' });
  assert.equal(saving.action?.status, 'in_progress');
});

test('Terminal payment with a tip and manual capture: process, present the card, capture', async () => {
  const { reader } = await terminalSetup();
  const pi = await stripe.paymentIntents.create({ currency: 'usd', allowed_payment_method_types: ['card_present'], capture_method: 'manual', amount: 1000 });
  const processing = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id, process_config: { tipping: { amount_eligible: 1000 } } });
  assert.equal(processing.action?.type, 'process_payment_intent');
  assert.equal(processing.action?.status, 'in_progress');
  assert.equal(processing.action?.process_payment_intent?.payment_intent, pi.id);
  const presented = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {
    type: 'card_present', card_present: { number: '4242424242424242' }, amount_tip: 150,
  });
  assert.equal(presented.action?.status, 'succeeded');
  const authorised = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(authorised.status, 'requires_capture');
  assert.equal(authorised.amount, 1150);
  assert.equal(authorised.amount_capturable, 1150);
  assert.equal(authorised.amount_details?.tip?.amount, 150);
  const captured = await stripe.paymentIntents.capture(pi.id);
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_received, 1150);
  const charge = await stripe.charges.retrieve(captured.latest_charge as string);
  assert.equal(charge.payment_method_details?.type, 'card_present');
  assert.equal(charge.payment_method_details?.card_present?.last4, '4242');
  const [event] = await eventsFor(reader.id, 'terminal.reader.action_succeeded');
  assert.equal((event.data.object as Stripe.Terminal.Reader).action?.status, 'succeeded');
});

test('Terminal test cards for specific success cases: PIN cards succeed and record how the cardholder was verified', async () => {
  const { reader } = await terminalSetup();
  const cases: [string, string, string][] = [
    ['4001007020000002', 'offline_pin', 'contact_emv'],
    ['4000008260000075', 'offline_pin', 'contact_emv'],
    ['4001000360000005', 'online_pin', 'contactless_emv'],
    ['4000002760000008', 'online_pin', 'contactless_emv'],
    ['4242424242424242', 'none', 'contactless_emv'],
  ];
  for (const [number, cvm, readMethod] of cases) {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number } });
    assert.equal(done.action?.status, 'succeeded', number);
    const charge = (await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    assert.equal(charge.payment_method_details?.card_present?.receipt?.cardholder_verification_method, cvm, number);
    assert.equal(charge.payment_method_details?.card_present?.read_method, readMethod, number);
  }
});

test('Terminal: without card details the simulated card follows the intent’s types (Interac for an interac_present intent)', async () => {
  const { reader } = await terminalSetup();
  const interacOnly = await stripe.paymentIntents.create({ amount: 1000, currency: 'cad', allowed_payment_method_types: ['interac_present'] });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: interacOnly.id });
  assert.equal((await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id)).action?.status, 'succeeded');
  const paid = await stripe.paymentIntents.retrieve(interacOnly.id, { expand: ['latest_charge'] });
  const details = (paid.latest_charge as Stripe.Charge).payment_method_details;
  assert.equal(details?.type, 'interac_present');
  assert.equal(details?.interac_present?.last4, '1933');
  // Its in-person refund reads the same kind of card; a partial Interac refund of an amount ending in .05 is declined.
  await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: interacOnly.id, amount: 105 });
  const refusedRefund = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(refusedRefund.action?.status, 'failed');
  assert.equal(refusedRefund.action?.failure_code, 'card_declined');
  assert.equal((await stripe.refunds.list({ payment_intent: interacOnly.id })).data.length, 0);
  await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: interacOnly.id });
  assert.equal((await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id)).action?.status, 'succeeded');
  // An intent taking both reads the Visa test card.
  const both = await stripe.paymentIntents.create({ amount: 1000, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: both.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  const visa = (await stripe.paymentIntents.retrieve(both.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
  assert.equal(visa.payment_method_details?.card_present?.last4, '4242');
});

test('Terminal eftpos Australia test cards read as eftpos_au debit cards', async () => {
  const { reader } = await terminalSetup();
  for (const number of ['6280000360000978', '4000050360000001', '5555050360000080']) {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'aud', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
    const done = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number } });
    assert.equal(done.action?.status, 'succeeded', number);
    const charge = (await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    assert.equal(charge.payment_method_details?.card_present?.brand, 'eftpos_au', number);
    assert.equal(charge.payment_method_details?.card_present?.funding, 'debit', number);
  }
});

test('Terminal decline: the action fails with card_declined and terminal.reader.action_failed', async () => {
  const { reader } = await terminalSetup();
  const pi = await stripe.paymentIntents.create({ currency: 'usd', allowed_payment_method_types: ['card_present'], amount: 1000 });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const failed = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000000002' } });
  assert.equal(failed.action?.status, 'failed');
  assert.equal(failed.action?.failure_code, 'card_declined');
  assert.equal(typeof failed.action?.failure_message, 'string');
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');
  assert.equal((await eventsFor(reader.id, 'terminal.reader.action_failed')).length, 1);
});

test('Terminal: cart display, cancel_action, a busy reader, saving a card, an in-person refund', async () => {
  const { reader } = await terminalSetup();
  const shown = await stripe.terminal.readers.setReaderDisplay(reader.id, {
    type: 'cart', cart: { line_items: [{ description: 'Caramel latte', amount: 659, quantity: 1 }], tax: 100, total: 759, currency: 'usd' },
  });
  assert.equal(shown.action?.type, 'set_reader_display');
  assert.equal(shown.action?.status, 'succeeded');
  assert.equal(shown.action?.set_reader_display?.cart?.total, 759);
  const pi = await stripe.paymentIntents.create({ currency: 'usd', allowed_payment_method_types: ['card_present'], amount: 759 });
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  const busy = await rejects(stripe.terminal.readers.setReaderDisplay(reader.id, { type: 'cart', cart: { line_items: [{ description: 'Tea', amount: 300, quantity: 1 }], tax: 0, total: 300, currency: 'usd' } }));
  assert.equal(busy.code, 'terminal_reader_busy');
  const canceled = (await stripe.terminal.readers.cancelAction(reader.id)) as Stripe.Terminal.Reader;
  assert.equal(canceled.action, null);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'requires_payment_method');

  const customer = await stripe.customers.create({ email: 'jenny.rosen@example.com' });
  const si = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ['card_present'] } as Stripe.SetupIntentCreateParams);
  const saving = await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id, allow_redisplay: 'always' });
  assert.equal(saving.action?.type, 'process_setup_intent');
  assert.equal(saving.action?.status, 'in_progress');
  const saved = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(saved.action?.status, 'succeeded');
  const generated = saved.action?.process_setup_intent?.generated_card;
  assert.match(generated ?? '', /^pm_/);
  const pm = await stripe.paymentMethods.retrieve(generated as string);
  assert.equal(pm.type, 'card');
  assert.equal((await stripe.setupIntents.retrieve(si.id)).status, 'succeeded');

  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  const refunding = await stripe.terminal.readers.refundPayment(reader.id, { payment_intent: pi.id, amount: 259 });
  assert.equal(refunding.action?.type, 'refund_payment');
  assert.equal(refunding.action?.status, 'in_progress');
  const refunded = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
  assert.equal(refunded.action?.status, 'succeeded');
  const refund = await stripe.refunds.retrieve(refunded.action?.refund_payment?.refund as string);
  assert.equal(refund.amount, 259);
  assert.equal(refund.payment_intent, pi.id);
  // The error-case test cards fail a SetupIntent with setup_intent_authentication_failure ("Test Stripe Terminal").
  const declinedSi = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ['card_present'] } as Stripe.SetupIntentCreateParams);
  await stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: declinedSi.id, allow_redisplay: 'always' });
  const failedSave = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, { card_present: { number: '4000000000009995' } });
  assert.equal(failedSave.action?.status, 'failed');
  assert.equal(failedSave.action?.failure_code, 'setup_intent_authentication_failure');
  assert.equal((await stripe.setupIntents.retrieve(declinedSi.id)).last_setup_error?.code, 'setup_intent_authentication_failure');
  const missingAllow = await rejects(stripe.terminal.readers.processSetupIntent(reader.id, { setup_intent: si.id } as Stripe.Terminal.ReaderProcessSetupIntentParams));
  assert.equal(missingAllow.code, 'parameter_missing');
  assert.equal(missingAllow.param, 'allow_redisplay');
});

test('Terminal for a connected account: its own location and reader, a direct in-person charge with an application fee', async () => {
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  const location = await stripe.terminal.locations.create({
    display_name: 'Seller shop', address: { line1: '1 Main Street', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' },
  }, opts);
  const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: location.id }, opts);
  assert.equal((await rejects(stripe.terminal.readers.retrieve(reader.id))).statusCode, 404, 'the platform does not see the seller’s reader');
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'], application_fee_amount: 200 }, opts);
  await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }, opts);
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id, {}, opts);
  const paid = await stripe.paymentIntents.retrieve(pi.id, {}, opts);
  assert.equal(paid.status, 'succeeded');
  const [fee] = (await stripe.applicationFees.list({ charge: paid.latest_charge as string })).data;
  assert.equal(fee.amount, 200);
  assert.equal(fee.account, acct);
  const [event] = await eventsFor(reader.id, 'terminal.reader.action_succeeded', acct);
  assert.equal(event?.account, acct);
});

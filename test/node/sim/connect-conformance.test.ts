// Connect behaviours checked against Stripe's API reference and guides, through the official SDK: capability rules
// on create and update, email validation, the business_type lock once onboarding has started, Account Link URL
// errors, login links for non-Express accounts, and separate charges and transfers funded by a source_transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { onboardedAccount } from '../helpers/connect.ts';
import { stripeError as rejects, useTestSim } from '../helpers/sim.ts';

const { sim: t, stripe } = useTestSim();

const express: Stripe.AccountCreateParams = {
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
};

test('card_payments without transfers is refused on create and on update, with Stripe’s message', async () => {
  const message = 'Accounts do not currently support `card_payments` without `transfers`. Please visit https://stripe.com/docs/connect/account-capabilities#card-payments for more details.';
  const onCreate = await rejects(stripe.accounts.create({ type: 'custom', capabilities: { card_payments: { requested: true } } }));
  assert.equal(onCreate.statusCode, 400);
  assert.equal(onCreate.type, 'StripeInvalidRequestError');
  assert.equal(onCreate.message, message);
  assert.equal(onCreate.param, 'capabilities[card_payments]');
  const a = await stripe.accounts.create(express);
  const onUpdate = await rejects(stripe.accounts.update(a.id, { capabilities: { transfers: { requested: false } } }));
  assert.equal(onUpdate.message, message);
  const unchanged = await stripe.accounts.retrieve(a.id);
  assert.equal(unchanged.capabilities?.transfers, 'inactive', 'a refused update changes nothing');
  // Unrequesting both together is fine.
  const both = await stripe.accounts.update(a.id, { capabilities: { card_payments: { requested: false }, transfers: { requested: false } } });
  assert.deepEqual(both.capabilities, {});
});

test('accounts without a Stripe-hosted dashboard (Custom) must request a capability', async () => {
  const custom = await rejects(stripe.accounts.create({ type: 'custom' }));
  assert.equal(custom.statusCode, 400);
  assert.equal(custom.param, 'capabilities');
  const none = await rejects(stripe.accounts.create({
    controller: { stripe_dashboard: { type: 'none' }, fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'application' },
  }));
  assert.equal(none.param, 'capabilities');
  const transfersOnly = await stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } } });
  assert.deepEqual(transfersOnly.capabilities, { transfers: 'inactive' });
  // Express and Standard accounts may be created without listing capabilities.
  const std = await stripe.accounts.create({ type: 'standard' });
  assert.equal(std.type, 'standard');
});

test('a malformed email is refused with email_invalid on create and update', async () => {
  const created = await rejects(stripe.accounts.create({ ...express, email: 'not-an-email' }));
  assert.equal(created.code, 'email_invalid');
  assert.equal(created.param, 'email');
  assert.equal(created.message, 'Invalid email address: not-an-email');
  const a = await stripe.accounts.create({ ...express, email: 'jenny@example.com' });
  assert.equal(a.email, 'jenny@example.com');
  const updated = await rejects(stripe.accounts.update(a.id, { email: 'jenny@' }));
  assert.equal(updated.code, 'email_invalid');
});

test('business_type is locked once an Account Link exists, unless the platform collects requirements', async () => {
  const a = await stripe.accounts.create({ ...express, business_type: 'individual' });
  // Before onboarding starts the platform may still change it.
  const changed = await stripe.accounts.update(a.id, { business_type: 'company' });
  assert.equal(changed.business_type, 'company');
  await stripe.accountLinks.create({ account: a.id, type: 'account_onboarding', refresh_url: 'https://example.com/r', return_url: 'https://example.com/done' });
  const locked = await rejects(stripe.accounts.update(a.id, { business_type: 'individual' }));
  assert.equal(locked.statusCode, 400);
  assert.equal(locked.param, 'business_type');
  // Sending the same value is not a change.
  const same = await stripe.accounts.update(a.id, { business_type: 'company', metadata: { k: 'v' } });
  assert.equal(same.metadata?.k, 'v');
  // An Account Session starts onboarding too.
  const b = await stripe.accounts.create({ ...express, business_type: 'individual' });
  await stripe.accountSessions.create({ account: b.id, components: { account_onboarding: { enabled: true } } });
  assert.equal((await rejects(stripe.accounts.update(b.id, { business_type: 'company' }))).param, 'business_type');
  // Custom accounts (requirement_collection=application) stay editable.
  const c = await stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } }, business_type: 'individual' });
  await stripe.accountLinks.create({ account: c.id, type: 'account_onboarding', refresh_url: 'https://example.com/r', return_url: 'https://example.com/done' });
  assert.equal((await stripe.accounts.update(c.id, { business_type: 'company' })).business_type, 'company');
});

test('Account Links refuse URLs that are not http(s) with url_invalid', async () => {
  const a = await stripe.accounts.create(express);
  const bad = await rejects(stripe.accountLinks.create({ account: a.id, type: 'account_onboarding', refresh_url: 'not a url', return_url: 'https://example.com/done' }));
  assert.equal(bad.code, 'url_invalid');
  assert.equal(bad.param, 'refresh_url');
  assert.equal(bad.message, 'Not a valid URL');
  const js = await rejects(stripe.accountLinks.create({ account: a.id, type: 'account_onboarding', refresh_url: 'https://example.com/r', return_url: 'javascript:alert(1)' }));
  assert.equal(js.param, 'return_url');
});

test('login links for accounts without the Express Dashboard: Stripe’s "not an Express account" error', async () => {
  const std = await stripe.accounts.create({ type: 'standard' });
  const err = await rejects(stripe.accounts.createLoginLink(std.id));
  assert.equal(err.statusCode, 400);
  assert.equal(err.message, `Cannot create an edit link for the account ${std.id}, which is not an Express account.`);
});

test('separate charges and transfers: a source_transaction transfer waits for the charge’s funds', async () => {
  const acct = await onboardedAccount(stripe);
  // automatic_async (the default) attaches the charge's balance transaction a moment later: transfer at once.
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, transfer_group: 'ORDER_42' });
  const chargeId = pi.latest_charge as string;
  const platformBefore = await stripe.balance.retrieve();
  const tr = await stripe.transfers.create({ amount: 1500, currency: 'usd', destination: acct, source_transaction: chargeId, transfer_group: 'ORDER_42' });
  assert.equal(tr.source_transaction, chargeId);
  assert.equal(tr.transfer_group, 'ORDER_42');
  const platformBt = await stripe.balanceTransactions.retrieve(tr.balance_transaction as string);
  assert.equal(platformBt.status, 'pending', 'the platform debit waits for the charge');
  assert.ok(platformBt.available_on > platformBt.created);
  const platformAfter = await stripe.balance.retrieve();
  const usd = (b: Stripe.Balance, k: 'available' | 'pending') => b[k].find((x) => x.currency === 'usd')?.amount ?? 0;
  assert.equal(usd(platformAfter, 'available'), usd(platformBefore, 'available'), 'the available balance is not touched');
  const dest = await stripe.balance.retrieve({}, { stripeAccount: acct });
  assert.equal(usd(dest, 'available'), 0);
  assert.equal(usd(dest, 'pending'), 1500);
  const payment = await stripe.charges.retrieve(tr.destination_payment as string, { expand: ['balance_transaction'] }, { stripeAccount: acct });
  assert.equal((payment.balance_transaction as Stripe.BalanceTransaction).available_on, platformBt.available_on);
  // Once the charge's balance transaction exists, both sides share its available_on.
  await new Promise((r) => setTimeout(r, 400));
  const charge = await stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
  assert.equal((charge.balance_transaction as Stripe.BalanceTransaction).available_on, platformBt.available_on);
  // Transfers from one charge cannot add up to more than the charge.
  const tooMuch = await rejects(stripe.transfers.create({ amount: 600, currency: 'usd', destination: acct, source_transaction: chargeId }));
  assert.equal(tooMuch.code, 'balance_insufficient');
  assert.equal(tooMuch.param, 'amount');
  const rest = await stripe.transfers.create({ amount: 500, currency: 'usd', destination: acct, source_transaction: chargeId });
  assert.equal(rest.amount, 500);
  const grouped = await stripe.transfers.list({ transfer_group: 'ORDER_42' });
  assert.deepEqual(grouped.data.map((x) => x.id), [tr.id]);
});

test('separate charges and transfers: every earlier transfer from the charge counts, beyond a page of 100', async () => {
  const acct = await onboardedAccount(stripe);
  const pi = await stripe.paymentIntents.create({ amount: 101, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const chargeId = pi.latest_charge as string;
  for (let i = 0; i < 101; i++) await stripe.transfers.create({ amount: 1, currency: 'usd', destination: acct, source_transaction: chargeId });
  const over = await rejects(stripe.transfers.create({ amount: 1, currency: 'usd', destination: acct, source_transaction: chargeId }));
  assert.equal(over.code, 'balance_insufficient');
});

test('separate charges and transfers: a failed charge cannot fund a transfer', async () => {
  const acct = await onboardedAccount(stripe);
  const declined = await rejects(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
  const failedCharge = (declined as Stripe.errors.StripeCardError).raw as { charge?: string };
  assert.match(failedCharge.charge ?? '', /^ch_/);
  const err = await rejects(stripe.transfers.create({ amount: 100, currency: 'usd', destination: acct, source_transaction: failedCharge.charge }));
  assert.equal(err.statusCode, 400);
  assert.equal(err.param, 'source_transaction');
});

test('payouts to Stripe’s failing test bank accounts fail with their failure_code and credit the balance back', async () => {
  const cases: [string, string][] = [['000111111116', 'no_account'], ['000111111113', 'account_closed'], ['000222222227', 'insufficient_funds']];
  for (const [accountNumber, code] of cases) {
    const acct = await onboardedAccount(stripe);
    const opts = { stripeAccount: acct };
    const bank = await stripe.accounts.createExternalAccount(acct, {
      external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: accountNumber },
      default_for_currency: true,
    } as Stripe.AccountCreateExternalAccountParams);
    await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' }, opts);
    const available = (await stripe.balance.retrieve({}, opts)).available.find((b) => b.currency === 'usd')?.amount ?? 0;
    const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd' }, opts);
    assert.equal(payout.destination, bank.id);
    assert.equal(payout.status, 'pending');
    assert.equal(payout.failure_code, null);
    await t.control('POST', '/_sim/clock/advance', { seconds: 4 * 86_400 });
    const failed = await stripe.payouts.retrieve(payout.id, {}, opts);
    assert.equal(failed.status, 'failed', code);
    assert.equal(failed.failure_code, code);
    assert.ok((failed.failure_message ?? '').length > 0);
    const back = await stripe.balanceTransactions.retrieve(failed.failure_balance_transaction as string, {}, opts);
    assert.equal(back.type, 'payout_failure');
    assert.equal(back.amount, 1000);
    const after = (await stripe.balance.retrieve({}, opts)).available.find((b) => b.currency === 'usd')?.amount ?? 0;
    assert.equal(after, available, 'the failed amount is available again');
    const events = await stripe.events.list({ type: 'payout.failed', limit: 10 }, opts);
    assert.ok(events.data.some((e) => (e.data.object as Stripe.Payout).id === payout.id));
    assert.equal((await stripe.payouts.list({ status: 'failed' }, opts)).data[0]?.id, payout.id);
    // "If a payout sent to this bank account fails, we'll set the status to errored" (bank account object).
    const errored = await stripe.accounts.retrieveExternalAccount(acct, bank.id) as Stripe.BankAccount;
    assert.equal(errored.status, 'errored');
  }
});

test('the platform reads its own account by id as well as through GET /v1/account, in the full Account shape', async () => {
  const self = await stripe.accounts.retrieveCurrent();
  const byId = await stripe.accounts.retrieve(self.id);
  assert.deepEqual(byId, self);
  assert.equal(self.object, 'account');
  assert.equal(self.controller?.type, 'account');
  assert.equal(self.charges_enabled, true);
  assert.deepEqual(self.requirements?.currently_due, []);
  assert.equal(self.settings?.payouts?.schedule?.interval, 'daily');
  assert.equal(typeof self.settings?.dashboard?.display_name, 'string');
  assert.equal(self.external_accounts?.object, 'list');
});

test('external accounts are managed through the API only on platform-collected (Custom) accounts', async () => {
  const exp = await stripe.accounts.create(express);
  const denied = await rejects(stripe.accounts.createExternalAccount(exp.id, { external_account: 'btok_us_verified' }));
  assert.equal(denied.statusCode, 403);
  assert.ok(denied instanceof Stripe.errors.StripePermissionError);
  assert.match(denied.message, new RegExp(`does not have the required permissions for this endpoint on account '${exp.id}'`));
  // Listing stays possible.
  assert.deepEqual((await stripe.accounts.listExternalAccounts(exp.id)).data, []);
  // external_account on update is locked once onboarding started, as business_type is.
  await stripe.accountLinks.create({ account: exp.id, type: 'account_onboarding', refresh_url: 'https://example.com/r', return_url: 'https://example.com/done' });
  const locked = await rejects(stripe.accounts.update(exp.id, { external_account: 'btok_us_verified' }));
  assert.equal(locked.param, 'external_account');
});

test('the default bank account in the account’s default currency cannot be deleted, even when it is the only one', async () => {
  const custom = await stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } } });
  const usd = await stripe.accounts.createExternalAccount(custom.id, { external_account: 'btok_us_verified' });
  const refused = await rejects(stripe.accounts.deleteExternalAccount(custom.id, usd.id));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.message, /default external account/);
  // A default in another currency, alone in its currency, can go.
  const eur = await stripe.accounts.createExternalAccount(custom.id, {
    external_account: { object: 'bank_account', country: 'FR', currency: 'eur', account_number: 'FR1420041010050500013M02606' },
  } as Stripe.AccountCreateExternalAccountParams);
  assert.equal((eur as Stripe.BankAccount).default_for_currency, true);
  assert.equal((await stripe.accounts.deleteExternalAccount(custom.id, eur.id)).deleted, true);
  // A non-default one can go too.
  const second = await stripe.accounts.createExternalAccount(custom.id, { external_account: 'btok_us_verified' });
  assert.equal((await stripe.accounts.deleteExternalAccount(custom.id, second.id)).deleted, true);
});

test('persons and the individual are refused a malformed email too', async () => {
  const company = await stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } }, business_type: 'company' });
  const person = await rejects(stripe.accounts.createPerson(company.id, { first_name: 'Jane', email: 'jane@@example' }));
  assert.equal(person.code, 'email_invalid');
  assert.equal(person.param, 'email');
  assert.deepEqual((await stripe.accounts.listPersons(company.id)).data, [], 'nothing was created');
  const individual = await rejects(stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } }, business_type: 'individual', individual: { email: 'nope' } }));
  assert.equal(individual.code, 'email_invalid');
  assert.equal(individual.param, 'individual[email]');
});

test('Account Links need refresh_url and return_url (required in the API reference)', async () => {
  const a = await stripe.accounts.create(express);
  const noRefresh = await rejects(stripe.accountLinks.create({ account: a.id, type: 'account_onboarding', return_url: 'https://example.com/done' }));
  assert.equal(noRefresh.code, 'parameter_missing');
  assert.equal(noRefresh.param, 'refresh_url');
  assert.equal(noRefresh.message, 'Missing required param: refresh_url.');
  const noReturn = await rejects(stripe.accountLinks.create({ account: a.id, type: 'account_onboarding', refresh_url: 'https://example.com/r' }));
  assert.equal(noReturn.param, 'return_url');
});

test('every capability the SDK lists can be requested (wero_payments, pix_payments ...); unknown ones are refused', async () => {
  const a = await stripe.accounts.create({
    type: 'custom', country: 'FR',
    capabilities: { transfers: { requested: true }, wero_payments: { requested: true }, twint_payments: { requested: true } },
  });
  assert.equal(a.capabilities?.wero_payments, 'inactive');
  const cap = await stripe.accounts.updateCapability(a.id, 'pix_payments', { requested: true });
  assert.equal(cap.requested, true);
  assert.ok((await stripe.accounts.listCapabilities(a.id)).data.some((c) => c.id === 'twint_payments'));
  const bad = await rejects(stripe.accounts.create({ type: 'custom', capabilities: { teleport_payments: { requested: true } } } as unknown as Stripe.AccountCreateParams));
  assert.equal(bad.param, 'capabilities[teleport_payments]');
});

test('documented account and person parameters are accepted and shown (declarations, revenue, kana names, groups ...)', async () => {
  const a = await stripe.accounts.create({
    type: 'custom', capabilities: { transfers: { requested: true } }, business_type: 'company',
    business_profile: { annual_revenue: { amount: 1_000_000, currency: 'usd', fiscal_year_end: '2025-12-31' }, monthly_estimated_revenue: { amount: 50_000, currency: 'usd' } },
    company: {
      name: 'Rivoli SAS', ownership_declaration: { date: 1_700_000_000, ip: '127.0.0.1' }, registration_date: { day: 1, month: 2, year: 2020 },
      physical_address: { line1: '1 Main St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
    },
    documents: { company_license: { files: ['file_123'] } },
    groups: { payments_pricing: 'pricing_group_1' },
    settings: { invoices: { hosted_payment_method_save: 'always' }, card_payments: { statement_descriptor_prefix_kana: 'ｼｮｯﾌﾟ' } },
  });
  assert.deepEqual(a.business_profile?.annual_revenue, { amount: 1_000_000, currency: 'usd', fiscal_year_end: '2025-12-31' });
  assert.equal(a.company?.ownership_declaration?.ip, '127.0.0.1');
  assert.equal(a.company?.ownership_declaration?.date, 1_700_000_000);
  assert.deepEqual(a.company?.registration_date, { day: 1, month: 2, year: 2020 });
  const moved = await stripe.accounts.update(a.id, { company: { registration_date: { year: 2021 } as Stripe.AccountUpdateParams.Company.RegistrationDate } });
  assert.deepEqual(moved.company?.registration_date, { day: 1, month: 2, year: 2021 }, 'a partial update (the SDK types ask for all three) keeps the day and month, as dob does');
  assert.equal(a.company?.physical_address?.city, 'San Francisco');
  assert.equal(a.groups?.payments_pricing, 'pricing_group_1');
  assert.equal(a.settings?.invoices?.hosted_payment_method_save, 'always');
  const person = await stripe.accounts.createPerson(a.id, {
    first_name: 'Jane', first_name_kana: 'ｼﾞｪｰﾝ', additional_tos_acceptances: { account: { date: 1_700_000_000, ip: '127.0.0.1' } },
    registered_address: { line1: '2 Main St', city: 'Oakland', state: 'CA', postal_code: '94607', country: 'US' }, id_number_secondary: 'A1234567',
  });
  assert.equal(person.first_name_kana, 'ｼﾞｪｰﾝ');
  assert.equal(person.additional_tos_acceptances?.account?.ip, '127.0.0.1');
  assert.equal(person.registered_address?.city, 'Oakland');
  assert.equal(person.id_number_secondary_provided, true);
  const token = await rejects(stripe.accounts.createPerson(a.id, { person_token: 'cpt_unknown' }));
  assert.equal(token.code, 'resource_missing');
  assert.equal(token.param, 'person_token');
});

test('transfers need a destination whose transfers capability is active', async () => {
  const fresh = await stripe.accounts.create(express);
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' });
  const err = await rejects(stripe.transfers.create({ amount: 100, currency: 'usd', destination: fresh.id }));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'insufficient_capabilities_for_transfer');
  assert.equal(err.param, 'destination');
  assert.equal(err.message, 'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments');
  const ready = await onboardedAccount(stripe);
  assert.equal((await stripe.transfers.create({ amount: 100, currency: 'usd', destination: ready })).amount, 100);
});

test('a connected account whose payouts are disabled cannot create payouts (payouts_not_allowed)', async () => {
  const acct = await onboardedAccount(stripe);
  const opts = { stripeAccount: acct };
  await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, capture_method: 'automatic' }, opts);
  await stripe.accounts.reject(acct, { reason: 'fraud_other' });
  const err = await rejects(stripe.payouts.create({ amount: 100, currency: 'usd' }, opts));
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'payouts_not_allowed');
});

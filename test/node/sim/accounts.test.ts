// Connected accounts through the official SDK: controller properties vs legacy type, the Account shape,
// retrieve/update/list/delete, Stripe-Account access, external accounts, persons, capabilities, login links, events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

const expressController: Stripe.AccountCreateParams.Controller = {
  stripe_dashboard: { type: 'express' },
  fees: { payer: 'application' },
  losses: { payments: 'application' },
};

const capabilities = { card_payments: { requested: true }, transfers: { requested: true } };

test('legacy type standard: controller properties, both payment capabilities requested, US defaults', async () => {
  const a = await t.stripe.accounts.create({ type: 'standard' });
  assert.match(a.id, /^acct_[A-Za-z0-9]{16}$/);
  assert.equal(a.object, 'account');
  assert.equal(a.type, 'standard');
  assert.equal(a.country, 'US');
  assert.equal(a.default_currency, 'usd');
  assert.deepEqual(a.controller, {
    fees: { payer: 'account' },
    is_controller: true,
    losses: { payments: 'stripe' },
    requirement_collection: 'stripe',
    stripe_dashboard: { type: 'full' },
    type: 'application',
  });
  assert.deepEqual(a.capabilities, { card_payments: 'inactive', transfers: 'inactive' });
  assert.equal(a.charges_enabled, false);
  assert.equal(a.payouts_enabled, false);
  assert.equal(a.details_submitted, false);
  assert.deepEqual(a.tos_acceptance, { date: null, ip: null, user_agent: null });
  assert.deepEqual(a.external_accounts?.data, []);
  assert.equal(a.requirements?.disabled_reason, 'requirements.past_due');
});

test('controller properties map to the legacy type they match', async () => {
  const express = await t.stripe.accounts.create({ controller: expressController, capabilities });
  assert.equal(express.type, 'express');
  assert.equal(express.controller?.fees?.payer, 'application_express');
  const custom = await t.stripe.accounts.create({
    controller: { ...expressController, stripe_dashboard: { type: 'none' }, requirement_collection: 'application' },
    capabilities,
  });
  assert.equal(custom.type, 'custom');
  assert.equal(custom.controller?.requirement_collection, 'application');
  const none = await t.stripe.accounts.create({ controller: { ...expressController, stripe_dashboard: { type: 'none' } }, capabilities });
  assert.equal(none.type, 'none');
});

test('type and controller together, inconsistent controllers and unknown countries are refused', async () => {
  await assert.rejects(t.stripe.accounts.create({ type: 'express', controller: expressController }), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripeInvalidRequestError);
    assert.equal(e.param, 'controller');
    return true;
  });
  await assert.rejects(
    t.stripe.accounts.create({ controller: { requirement_collection: 'application', stripe_dashboard: { type: 'express' } } }),
    (e: Stripe.errors.StripeError) => e.param === 'controller[requirement_collection]',
  );
  await assert.rejects(t.stripe.accounts.create({ type: 'custom', country: 'ZZ', capabilities }), (e: Stripe.errors.StripeError) => e.param === 'country');
  await assert.rejects(
    t.stripe.accounts.create({ type: 'custom', capabilities: { card_payments: { requested: true } } }),
    (e: Stripe.errors.StripeError) => e.param === 'capabilities[card_payments]' && /transfers/.test(e.message),
  );
});

test('FR accounts use EUR and do not ask for a state or an SSN', async () => {
  const a = await t.stripe.accounts.create({ country: 'FR', controller: expressController, capabilities, business_type: 'individual' });
  assert.equal(a.default_currency, 'eur');
  const due = a.requirements?.currently_due ?? [];
  assert.ok(due.includes('individual.address.line1'));
  assert.ok(!due.includes('individual.address.state'));
  assert.ok(!due.some((f) => f.includes('ssn_last_4')));
});

test('unknown accounts are a permission error, as on Stripe', async () => {
  await assert.rejects(t.stripe.accounts.retrieve('acct_doesnotexist0000'), (e: Stripe.errors.StripeError) => {
    assert.ok(e instanceof Stripe.errors.StripePermissionError);
    assert.equal(e.statusCode, 403);
    assert.match(e.message, /does not have access to account 'acct_doesnotexist0000'/);
    return true;
  });
});

test('update prefills, list pages newest first, delete returns the stub', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities, email: 'first@example.com' });
  const b = await t.stripe.accounts.create({ controller: expressController, capabilities });
  const u = await t.stripe.accounts.update(a.id, {
    business_type: 'individual',
    individual: { first_name: 'Jane', last_name: 'Doe' },
    business_profile: { mcc: '6513', url: 'https://accessible.stripe.com' },
    metadata: { landlord: 'yes' },
  });
  assert.equal(u.individual?.first_name, 'Jane');
  assert.equal(u.individual?.object, 'person');
  assert.equal(u.business_profile?.mcc, '6513');
  assert.deepEqual(u.metadata, { landlord: 'yes' });
  assert.ok(!u.requirements?.currently_due?.includes('individual.first_name'));
  const page = await t.stripe.accounts.list({ limit: 2 });
  assert.deepEqual(page.data.map((x) => x.id), [b.id, a.id]);
  const del = await t.stripe.accounts.del(b.id);
  assert.deepEqual(del, { id: b.id, object: 'account', deleted: true });
  await assert.rejects(t.stripe.accounts.retrieve(b.id), (e: Stripe.errors.StripeError) => e.statusCode === 403);
});

test('a request made as the connected account (Stripe-Account) sees it through GET /v1/account', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities });
  const asAccount = t.client(undefined, { stripeAccount: a.id });
  const self = await asAccount.accounts.retrieveCurrent();
  assert.equal(self.id, a.id);
  const platform = await t.stripe.accounts.retrieveCurrent();
  assert.equal(platform.id, t.server.account);
});

const customController: Stripe.AccountCreateParams.Controller = { ...expressController, stripe_dashboard: { type: 'none' }, requirement_collection: 'application' };

test('external accounts: Stripe test numbers, invalid routing numbers and IBANs, default per currency', async () => {
  // The API manages external accounts only where the platform collects requirements (Custom accounts).
  const a = await t.stripe.accounts.create({ controller: customController, capabilities });
  const ba = (await t.stripe.accounts.createExternalAccount(a.id, {
    external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000123456789' } as unknown as string,
  })) as Stripe.BankAccount;
  assert.equal(ba.object, 'bank_account');
  assert.equal(ba.last4, '6789');
  assert.equal(ba.routing_number, '110000000');
  assert.equal(ba.bank_name, 'STRIPE TEST BANK');
  assert.equal(ba.default_for_currency, true);
  assert.equal(ba.status, 'new');
  const list = await t.stripe.accounts.listExternalAccounts(a.id);
  assert.deepEqual(list.data.map((x) => x.id), [ba.id]);
  const acct = await t.stripe.accounts.retrieve(a.id);
  assert.ok(!acct.requirements?.currently_due?.includes('external_account'));
  await assert.rejects(
    t.stripe.accounts.createExternalAccount(a.id, {
      external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '123456789', account_number: '000123456789' } as unknown as string,
    }),
    (e: Stripe.errors.StripeError) => e.code === 'routing_number_invalid' && e.param === 'external_account[routing_number]',
  );
  const fr = await t.stripe.accounts.create({ country: 'FR', controller: customController, capabilities });
  const iban = (await t.stripe.accounts.createExternalAccount(fr.id, {
    external_account: { object: 'bank_account', country: 'FR', currency: 'eur', account_number: 'FR1420041010050500013M02606' } as unknown as string,
  })) as Stripe.BankAccount;
  assert.equal(iban.last4, '2606');
  assert.equal(iban.currency, 'eur');
  await assert.rejects(
    t.stripe.accounts.createExternalAccount(fr.id, {
      external_account: { object: 'bank_account', country: 'FR', currency: 'eur', account_number: 'FR1420041010050500013M02607' } as unknown as string,
    }),
    (e: Stripe.errors.StripeError) => e.code === 'account_number_invalid',
  );
  const failing = (await t.stripe.accounts.createExternalAccount(a.id, {
    external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000111111116' } as unknown as string,
  })) as Stripe.BankAccount;
  assert.equal(failing.status, 'new', 'failing test numbers are accepted; their payouts fail later');
  const service = t.server.sim.services.payoutFailureFor as (id: string) => { failure_code: string } | null;
  assert.equal(service(failing.id)?.failure_code, 'no_account');
  assert.equal(service(ba.id), null);
  await t.stripe.accounts.deleteExternalAccount(a.id, failing.id);
  const token = (await t.stripe.accounts.createExternalAccount(a.id, { external_account: 'btok_us_verified' })) as Stripe.BankAccount;
  assert.equal(token.default_for_currency, false);
  await assert.rejects(t.stripe.accounts.deleteExternalAccount(a.id, ba.id), (e: Stripe.errors.StripeError) => /default external account/.test(e.message));
  const removed = await t.stripe.accounts.deleteExternalAccount(a.id, token.id);
  assert.equal(removed.deleted, true);
});

test('persons: the representative of a company answers the representative requirements', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities, business_type: 'company', company: { name: 'Acme Rentals' } });
  assert.ok(a.requirements?.currently_due?.includes('representative.first_name'));
  const rep = await t.stripe.accounts.createPerson(a.id, {
    first_name: 'Ann',
    last_name: 'Owner',
    relationship: { representative: true, title: 'CEO' },
    dob: { day: 1, month: 1, year: 1901 },
  });
  assert.match(rep.id, /^person_/);
  assert.equal(rep.relationship?.representative, true);
  const after = await t.stripe.accounts.retrieve(a.id);
  const due = after.requirements?.currently_due ?? [];
  assert.ok(!due.some((f) => f.startsWith('representative.')));
  assert.ok(due.includes(`${rep.id}.email`));
  assert.ok(!due.includes(`${rep.id}.first_name`));
  const person = await t.stripe.accounts.retrievePerson(a.id, rep.id);
  assert.ok(person.requirements?.currently_due.includes('email'));
  const reps = await t.stripe.accounts.listPersons(a.id, { relationship: { representative: true } });
  assert.deepEqual(reps.data.map((p) => p.id), [rep.id]);
  const ind = await t.stripe.accounts.create({ controller: expressController, capabilities, business_type: 'individual' });
  await assert.rejects(t.stripe.accounts.createPerson(ind.id, { first_name: 'X' }), Stripe.errors.StripeInvalidRequestError);
});

test('capabilities: list, retrieve, request and unrequest', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities: { transfers: { requested: true } } });
  const caps = await t.stripe.accounts.listCapabilities(a.id);
  const byId = Object.fromEntries(caps.data.map((c) => [c.id, c]));
  assert.equal(byId.transfers.status, 'inactive');
  assert.equal(byId.transfers.requested, true);
  assert.equal(byId.card_payments.status, 'unrequested');
  const cp = await t.stripe.accounts.updateCapability(a.id, 'card_payments', { requested: true });
  assert.equal(cp.requested, true);
  assert.equal(cp.status, 'inactive');
  assert.equal(cp.object, 'capability');
  assert.equal(cp.account, a.id);
  const acct = await t.stripe.accounts.retrieve(a.id);
  assert.deepEqual(acct.capabilities, { card_payments: 'inactive', transfers: 'inactive' });
  const off = await t.stripe.accounts.updateCapability(a.id, 'card_payments', { requested: false });
  assert.equal(off.status, 'unrequested');
  await assert.rejects(t.stripe.accounts.retrieveCapability(a.id, 'teleport_payments'), (e: Stripe.errors.StripeError) => e.code === 'resource_missing');
});

test('login links only for Express accounts that finished onboarding', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities });
  await assert.rejects(t.stripe.accounts.createLoginLink(a.id), (e: Stripe.errors.StripeError) => /not completed onboarding/.test(e.message));
  const std = await t.stripe.accounts.create({ type: 'standard' });
  await assert.rejects(
    t.stripe.accounts.createLoginLink(std.id),
    (e: Stripe.errors.StripeError) => e.statusCode === 400 && e.message === `Cannot create an edit link for the account ${std.id}, which is not an Express account.`,
  );
});

test('reject: disabled_reason rejected.platform_<category> (endive), charges and payouts off', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities });
  const r = await t.stripe.accounts.reject(a.id, { reason: 'fraud_other' });
  assert.equal(r.requirements?.disabled_reason, 'rejected.platform_fraud');
  assert.equal(r.charges_enabled, false);
});

test('reject on dahlia (2026-03-25): reason fraud and disabled_reason rejected.fraud; the endive reasons are refused', async () => {
  const dahlia = t.client(undefined, { apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  const a = await dahlia.accounts.create({ controller: expressController, capabilities });
  const r = await dahlia.accounts.reject(a.id, { reason: 'fraud' });
  assert.equal(r.requirements?.disabled_reason, 'rejected.fraud');
  const b = await dahlia.accounts.create({ controller: expressController, capabilities });
  await assert.rejects(dahlia.accounts.reject(b.id, { reason: 'fraud_other' }), (e: Stripe.errors.StripeError) => e.param === 'reason');
  await assert.rejects(dahlia.accounts.reject(b.id, { reason: 'other', payouts_action: 'none' }), (e: Stripe.errors.StripeError) => e.code === 'parameter_unknown');
  // The same account read with endive shows the platform category.
  assert.equal((await t.stripe.accounts.retrieve(a.id)).requirements?.disabled_reason, 'rejected.platform_fraud');
});

test('reject on endive: fraud is gone (400), credit and terms map to their platform categories; unreject restores the account', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities });
  await assert.rejects(t.stripe.accounts.reject(a.id, { reason: 'fraud' as Stripe.AccountRejectParams.Reason }), (e: Stripe.errors.StripeError) => e.statusCode === 400 && e.param === 'reason');
  const credit = await t.stripe.accounts.reject(a.id, { reason: 'credit' });
  assert.equal(credit.requirements?.disabled_reason, 'rejected.platform_other');
  const back = await t.stripe.accounts.unreject(a.id);
  assert.notEqual(back.requirements?.disabled_reason, 'rejected.platform_other');
  await assert.rejects(t.stripe.accounts.unreject(a.id), (e: Stripe.errors.StripeError) => e.statusCode === 400);
  const tos = await t.stripe.accounts.reject(a.id, { reason: 'terms_of_service' });
  assert.equal(tos.requirements?.disabled_reason, 'rejected.platform_terms_of_service');
});

test('reject with payouts_action=none keeps payouts of an onboarded account enabled; pause (default) stops them', async () => {
  const { onboardedAccount } = await import('../helpers/connect.ts');
  const kept = await onboardedAccount(t.stripe);
  assert.equal((await t.stripe.accounts.retrieve(kept)).payouts_enabled, true);
  const r = await t.stripe.accounts.reject(kept, { reason: 'fraud_payment_method_tester', payouts_action: 'none' });
  assert.equal(r.charges_enabled, false);
  assert.equal(r.payouts_enabled, true);
  const paused = await onboardedAccount(t.stripe);
  const p = await t.stripe.accounts.reject(paused, { reason: 'other' });
  assert.equal(p.payouts_enabled, false);
});

test('account.updated carries previous_attributes and belongs to the connected account', async () => {
  const a = await t.stripe.accounts.create({ controller: expressController, capabilities });
  await t.stripe.accounts.update(a.id, { email: 'new@example.com' });
  const events = await t.client(undefined, { stripeAccount: a.id }).events.list({ type: 'account.updated', limit: 1 });
  const ev = events.data[0];
  assert.equal(ev.account, a.id);
  assert.equal((ev.data.object as Stripe.Account).email, 'new@example.com');
  assert.deepEqual(ev.data.previous_attributes, { email: null });
});

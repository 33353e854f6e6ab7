// The requirements engine through the official SDK: what is due as an account fills in, Stripe's verification
// test values (DOB, address, id number, tax id, website) and their error codes, capability transitions and events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim({ store: 'sqlite' });

// The platform collects requirements (custom): it may record the ToS acceptance through the API.
const base: Stripe.AccountCreateParams = {
  country: 'US',
  controller: { stripe_dashboard: { type: 'none' }, fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'application' },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
};
const express: Stripe.AccountCreateParams = {
  ...base,
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
};

const complete: Stripe.AccountUpdateParams = {
  business_type: 'individual',
  individual: {
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jane@example.com',
    phone: '0000000000',
    dob: { day: 1, month: 1, year: 1901 },
    address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94111' },
    id_number: '000000000',
  },
  business_profile: { mcc: '6513', url: 'https://accessible.stripe.com' },
  external_account: 'btok_us_verified',
  tos_acceptance: { date: 1_700_000_000, ip: '203.0.113.7' },
};

test('a new US individual account lists every requirement, sorted, all past due', async () => {
  const a = await t.stripe.accounts.create({ ...base, business_type: 'individual' });
  assert.deepEqual(a.requirements?.currently_due, [
    'business_profile.mcc', 'business_profile.url', 'business_type', 'external_account',
    'individual.address.city', 'individual.address.line1', 'individual.address.postal_code', 'individual.address.state',
    'individual.dob.day', 'individual.dob.month', 'individual.dob.year', 'individual.email', 'individual.first_name',
    'individual.last_name', 'individual.phone', 'individual.ssn_last_4', 'tos_acceptance.date', 'tos_acceptance.ip',
  ].filter((f) => f !== 'business_type'));
  assert.deepEqual(a.requirements?.past_due, a.requirements?.currently_due);
  assert.ok(a.requirements?.eventually_due?.includes('individual.id_number'));
  assert.deepEqual(a.requirements?.alternatives, [{ alternative_fields_due: ['business_profile.product_description'], original_fields_due: ['business_profile.url'] }]);
  assert.equal(a.requirements?.disabled_reason, 'requirements.past_due');
});

test('providing everything with the success test values enables charges and payouts', async () => {
  const a = await t.stripe.accounts.create(base);
  const u = await t.stripe.accounts.update(a.id, complete);
  assert.deepEqual(u.requirements?.currently_due, []);
  assert.deepEqual(u.requirements?.eventually_due, []);
  assert.deepEqual(u.requirements?.errors, []);
  assert.equal(u.requirements?.disabled_reason, null);
  assert.deepEqual(u.capabilities, { card_payments: 'active', transfers: 'active' });
  assert.equal(u.charges_enabled, true);
  assert.equal(u.payouts_enabled, true);
  assert.equal(u.individual?.verification?.status, 'verified');
  assert.equal(u.individual?.id_number_provided, true);
  assert.equal(u.individual?.ssn_last_4_provided, true);
  assert.equal((u.individual as unknown as Record<string, unknown>).id_number, undefined, 'the id number itself is never returned');
  // The platform collects requirements and recorded the ToS acceptance: details are submitted.
  assert.equal(u.details_submitted, true);
});

test('express: Stripe collects, so the platform cannot accept the ToS and details_submitted waits for onboarding', async () => {
  const a = await t.stripe.accounts.create(express);
  await assert.rejects(t.stripe.accounts.update(a.id, complete), (e: Stripe.errors.StripeError) => e.param === 'tos_acceptance');
  const { tos_acceptance: _tos, ...withoutTos } = complete;
  void _tos;
  const u = await t.stripe.accounts.update(a.id, withoutTos);
  assert.deepEqual(u.requirements?.currently_due, ['tos_acceptance.date', 'tos_acceptance.ip']);
  assert.equal(u.details_submitted, false);
  assert.equal(u.charges_enabled, false);
});

test('SSN last 4 satisfies what is due now; the full number stays eventually due', async () => {
  const a = await t.stripe.accounts.create(base);
  const individual = { ...(complete.individual as object), id_number: undefined, ssn_last_4: '0000' };
  const u = await t.stripe.accounts.update(a.id, { ...complete, individual });
  assert.deepEqual(u.requirements?.currently_due, []);
  assert.deepEqual(u.requirements?.eventually_due, ['individual.id_number']);
  assert.equal(u.charges_enabled, true);
});

test('address_no_match fails verification: verification_failed_address_match, the field stays due', async () => {
  const a = await t.stripe.accounts.create(base);
  await t.stripe.accounts.update(a.id, complete);
  const u = await t.stripe.accounts.update(a.id, { individual: { address: { line1: 'address_no_match' } } });
  assert.deepEqual(u.requirements?.currently_due, ['individual.address.line1']);
  assert.equal(u.requirements?.errors?.length, 1);
  assert.equal(u.requirements?.errors?.[0].code, 'verification_failed_address_match');
  assert.equal(u.requirements?.errors?.[0].requirement, 'individual.address.line1');
  assert.equal(typeof u.requirements?.errors?.[0].reason, 'string');
  assert.equal(u.charges_enabled, false);
  assert.deepEqual(u.capabilities, { card_payments: 'inactive', transfers: 'inactive' });
  assert.equal(u.individual?.verification?.status, 'unverified');
  // Fixing it re-enables the account.
  const fixed = await t.stripe.accounts.update(a.id, { individual: { address: { line1: 'address_full_match' } } });
  assert.equal(fixed.charges_enabled, true);
  assert.deepEqual(fixed.requirements?.errors, []);
});

test('dates of birth: 1901-01-01 verifies, another adult date fails keyed identity, a minor fails the age check, 1900-01-01 is listed', async () => {
  const a = await t.stripe.accounts.create(base);
  await t.stripe.accounts.update(a.id, complete);
  const other = await t.stripe.accounts.update(a.id, { individual: { dob: { day: 15, month: 6, year: 1980 } } });
  assert.deepEqual(other.requirements?.errors?.map((e) => [e.code, e.requirement]), [['verification_failed_keyed_identity', 'individual.dob.day']]);
  assert.ok(other.requirements?.currently_due?.includes('individual.dob.day'));
  const year = new Date().getUTCFullYear() - 15;
  const minor = await t.stripe.accounts.update(a.id, { individual: { dob: { day: 1, month: 1, year } } });
  assert.equal(minor.requirements?.errors?.[0].code, 'invalid_dob_age_under_18');
  const listed = await t.stripe.accounts.update(a.id, { individual: { dob: { day: 1, month: 1, year: 1900 } } });
  assert.equal(listed.requirements?.disabled_reason, 'listed');
  assert.equal(listed.charges_enabled, false);
  const ok = await t.stripe.accounts.update(a.id, { individual: { dob: { day: 1, month: 1, year: 1902 } } });
  assert.equal(ok.charges_enabled, true);
  await assert.rejects(t.stripe.accounts.update(a.id, { individual: { dob: { day: 31, month: 2, year: 1990 } } }), (e: Stripe.errors.StripeError) => e.param === 'individual[dob]');
  await assert.rejects(t.stripe.accounts.update(a.id, { individual: { dob: { day: 1, month: 1, year: year + 5 } } }), (e: Stripe.errors.StripeError) => /13/.test(e.message));
});

test('id number 111111111 fails with verification_failed_id_number_match', async () => {
  const a = await t.stripe.accounts.create(base);
  const u = await t.stripe.accounts.update(a.id, { ...complete, individual: { ...(complete.individual as object), id_number: '111111111' } });
  assert.deepEqual(u.requirements?.errors?.map((e) => e.code).sort(), ['verification_failed_id_number_match', 'verification_failed_id_number_match']);
  assert.ok(u.requirements?.currently_due?.includes('individual.ssn_last_4'));
  assert.equal(u.charges_enabled, false);
  await assert.rejects(t.stripe.accounts.update(a.id, { individual: { id_number: '12ab' } }), (e: Stripe.errors.StripeError) => e.param === 'individual[id_number]');
});

test('company tax ids and websites: the failing test values and their codes', async () => {
  const a = await t.stripe.accounts.create({ ...base, business_type: 'company' });
  const u = await t.stripe.accounts.update(a.id, { company: { name: 'Acme', tax_id: '111111111' }, business_profile: { url: 'https://disallowed.stripe.com' } });
  const codes = Object.fromEntries((u.requirements?.errors ?? []).map((e) => [e.requirement, e.code]));
  assert.equal(codes['company.tax_id'], 'verification_failed_tax_id_match');
  assert.equal(codes['business_profile.url'], 'invalid_url_denylisted');
  const v = await t.stripe.accounts.update(a.id, { company: { tax_id: '000000000' }, business_profile: { url: 'https://accessible.stripe.com' } });
  assert.deepEqual(v.requirements?.errors, []);
  assert.ok(!v.requirements?.currently_due?.includes('company.tax_id'));
});

test('a product description is accepted instead of a website', async () => {
  const a = await t.stripe.accounts.create(base);
  const u = await t.stripe.accounts.update(a.id, { business_profile: { product_description: 'Apartment rentals' } });
  assert.ok(!u.requirements?.currently_due?.includes('business_profile.url'));
  assert.deepEqual(u.requirements?.alternatives, []);
});

test('custom accounts (platform collects): details_submitted once the platform records ToS acceptance', async () => {
  const a = await t.stripe.accounts.create(base);
  const u = await t.stripe.accounts.update(a.id, complete);
  assert.equal(u.details_submitted, true);
  assert.equal(u.charges_enabled, true);
});

test('transitions emit account.updated with previous_attributes and capability.updated with the old status', async () => {
  const a = await t.stripe.accounts.create(base);
  await t.stripe.accounts.update(a.id, complete);
  const events = await t.client(undefined, { stripeAccount: a.id }).events.list({ limit: 10 });
  const upd = events.data.find((e) => e.type === 'account.updated');
  assert.ok(upd);
  const prev = upd.data.previous_attributes as Record<string, unknown>;
  assert.equal(prev.charges_enabled, false);
  assert.equal(prev.payouts_enabled, false);
  assert.deepEqual(prev.capabilities, { card_payments: 'inactive', transfers: 'inactive' });
  const caps = events.data.filter((e) => e.type === 'capability.updated');
  assert.deepEqual(caps.map((e) => (e.data.object as Stripe.Capability).id).sort(), ['card_payments', 'transfers']);
  for (const e of caps) {
    assert.equal((e.data.object as Stripe.Capability).status, 'active');
    assert.deepEqual(e.data.previous_attributes, { status: 'inactive' });
  }
  assert.ok(events.data.some((e) => e.type === 'account.external_account.created'));
});

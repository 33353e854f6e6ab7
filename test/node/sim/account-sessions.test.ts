// Account sessions through the official SDK, and what the embedded onboarding does with their client secret:
// the frame exchanges it (in a request body) for an onboarding session, refused when invalid, expired, for a
// disabled component or with another publishable key. Also: the window.StripeConnect shim is served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim();

const express: Stripe.AccountCreateParams = {
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
};

function exchange(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${t.url}/connect/embedded/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

test('create: client_secret, expires_at, every component with its features', async () => {
  // external_account_collection can only be turned off where the platform collects requirements (Custom).
  const a = await t.stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } } });
  const s = await t.stripe.accountSessions.create({
    account: a.id,
    components: { account_onboarding: { enabled: true, features: { external_account_collection: false, disable_stripe_user_authentication: false } } },
  });
  assert.equal(s.object, 'account_session');
  assert.equal(s.account, a.id);
  assert.match(s.client_secret, /^accs_secret__[A-Za-z0-9]+$/);
  assert.equal(s.livemode, false);
  assert.ok(s.expires_at > Math.floor(Date.now() / 1000));
  assert.deepEqual(s.components.account_onboarding, { enabled: true, features: { disable_stripe_user_authentication: false, external_account_collection: false } });
  assert.equal(s.components.payments.enabled, false);
});

test('create: errors for a missing account, no enabled component, unknown components', async () => {
  const a = await t.stripe.accounts.create(express);
  await assert.rejects(t.stripe.accountSessions.create({ account: 'acct_nope00000000000', components: { account_onboarding: { enabled: true } } }), (e: Stripe.errors.StripeError) => e.param === 'account');
  await assert.rejects(t.stripe.accountSessions.create({ account: a.id, components: { account_onboarding: { enabled: false } } }), (e: Stripe.errors.StripeError) => e.param === 'components');
  await assert.rejects(
    t.stripe.accountSessions.create({ account: a.id, components: { teleport: { enabled: true } } as never }),
    (e: Stripe.errors.StripeError) => e.code === 'parameter_unknown',
  );
  await assert.rejects(t.client(t.keys.publishable).accountSessions.create({ account: a.id, components: { account_onboarding: { enabled: true } } }), Stripe.errors.StripePermissionError);
});

test('the embedded frame trades a valid client secret for an onboarding session', async () => {
  const a = await t.stripe.accounts.create(express);
  const s = await t.stripe.accountSessions.create({ account: a.id, components: { account_onboarding: { enabled: true } } });
  const res = await exchange({ client_secret: s.client_secret, publishable_key: t.keys.publishable, parent_origin: 'https://platform.example', locale: 'fr-FR' });
  assert.equal(res.status, 200);
  const { url } = (await res.json()) as { url: string };
  const target = new URL(url, t.url);
  assert.equal(target.origin, new URL(t.url).origin);
  assert.match(target.pathname, /^\/connect\/onboarding\/obs_/);
  const page = await fetch(target);
  const html = await page.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /data-parent-origin="https:\/\/platform\.example"/);
  assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors https:\/\/platform\.example/);
});

test('the exchange refuses a wrong publishable key, an unknown or expired secret, and a disabled component', async () => {
  const a = await t.stripe.accounts.create(express);
  const s = await t.stripe.accountSessions.create({ account: a.id, components: { account_onboarding: { enabled: true } } });
  assert.equal((await exchange({ client_secret: s.client_secret, publishable_key: 'pk_test_other' })).status, 401);
  assert.equal((await exchange({ client_secret: 'accs_secret__nope', publishable_key: t.keys.publishable })).status, 401);
  const payments = await t.stripe.accountSessions.create({ account: a.id, components: { payments: { enabled: true } } });
  assert.equal((await exchange({ client_secret: payments.client_secret, publishable_key: t.keys.publishable })).status, 403);
  await t.control('POST', '/_sim/clock/advance', { seconds: 1801 });
  const expired = await exchange({ client_secret: s.client_secret, publishable_key: t.keys.publishable });
  assert.equal(expired.status, 401);
  assert.match(((await expired.json()) as { error: { message: string } }).error.message, /expired/);
});

test('the window.StripeConnect shim and the frame are served, the frame under a strict CSP', async () => {
  const shim = await fetch(`${t.url}/connect-js/v1.0/connect.js`);
  assert.equal(shim.status, 200);
  assert.match(shim.headers.get('content-type') ?? '', /javascript/);
  const js = await shim.text();
  assert.match(js, /StripeConnect/);
  assert.match(js, /stripe-connect-account-onboarding/);
  const frame = await fetch(`${t.url}/connect/embedded/frame.html`);
  assert.match(frame.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.doesNotMatch(await frame.text(), /<script>/);
});

test('every embedded component of the SDK is accepted, with Stripe’s documented feature defaults', async () => {
  const expressAcct = await t.stripe.accounts.create(express);
  const s = await t.stripe.accountSessions.create({
    account: expressAcct.id,
    components: {
      payment_disputes: { enabled: true }, disputes_list: { enabled: true }, payout_details: { enabled: true },
      balances: { enabled: true }, instant_payouts_promotion: { enabled: true }, payments: { enabled: true, features: { dispute_management: false } },
    },
  });
  for (const name of ['account_management', 'account_onboarding', 'balance_report', 'balances', 'disputes_list', 'documents', 'financial_account',
    'financial_account_transactions', 'instant_payouts_promotion', 'issuing_card', 'issuing_cards_list', 'notification_banner', 'payment_details',
    'payment_disputes', 'payment_method_settings', 'payments', 'payout_details', 'payout_reconciliation_report', 'payouts', 'payouts_list',
    'reporting_chart', 'tax_registrations', 'tax_settings', 'terminal_hardware_orders', 'terminal_hardware_shop'] as const) {
    assert.ok(s.components[name], name);
  }
  assert.equal(s.components.payment_disputes.enabled, true);
  assert.deepEqual(s.components.payment_disputes.features, { destination_on_behalf_of_charge_management: false, dispute_management: true, refund_management: true, smart_disputes_management: true });
  assert.deepEqual(s.components.payout_details.features, {});
  // The platform is liable for an Express account's losses: payouts features default to off.
  assert.deepEqual(s.components.balances.features, {
    disable_stripe_user_authentication: false, edit_payout_schedule: false, external_account_collection: true, instant_payouts: false, standard_payouts: false,
  });
  // Smart Disputes follows dispute_management.
  assert.equal(s.components.payments.features.dispute_management, false);
  assert.equal(s.components.payments.features.smart_disputes_management, false);
  // Stripe is liable for a Standard account's losses: payouts features default to on.
  const std = await t.stripe.accounts.create({ type: 'standard' });
  const s2 = await t.stripe.accountSessions.create({ account: std.id, components: { payouts: { enabled: true } } });
  assert.equal(s2.components.payouts.features.instant_payouts, true);
  assert.equal(s2.components.payouts.features.standard_payouts, true);
  assert.equal(s2.components.payouts.features.edit_payout_schedule, true);
});

test('features that only platform-collected accounts may change, and Smart Disputes without disputes, are refused', async () => {
  const a = await t.stripe.accounts.create(express);
  const noExternal = await t.stripe.accountSessions.create({ account: a.id, components: { account_onboarding: { enabled: true, features: { external_account_collection: false } } } })
    .then(() => assert.fail('expected an error'), (e: Stripe.errors.StripeError) => e);
  assert.equal(noExternal.statusCode, 400);
  assert.equal(noExternal.param, 'components[account_onboarding][features][external_account_collection]');
  const noAuth = await t.stripe.accountSessions.create({ account: a.id, components: { account_management: { enabled: true, features: { disable_stripe_user_authentication: true } } } })
    .then(() => assert.fail('expected an error'), (e: Stripe.errors.StripeError) => e);
  assert.equal(noAuth.param, 'components[account_management][features][disable_stripe_user_authentication]');
  const smart = await t.stripe.accountSessions.create({ account: a.id, components: { payments: { enabled: true, features: { dispute_management: false, smart_disputes_management: true } } } })
    .then(() => assert.fail('expected an error'), (e: Stripe.errors.StripeError) => e);
  assert.equal(smart.param, 'components[payments][features][smart_disputes_management]');
  // On a Custom account, turning external account collection off turns Stripe user authentication off by default.
  const custom = await t.stripe.accounts.create({ type: 'custom', capabilities: { transfers: { requested: true } } });
  const s = await t.stripe.accountSessions.create({ account: custom.id, components: { account_onboarding: { enabled: true, features: { external_account_collection: false } } } });
  assert.deepEqual(s.components.account_onboarding.features, { disable_stripe_user_authentication: true, external_account_collection: false });
});

test('dahlia (2026-03-25) responses leave out the components and features that came later', async () => {
  const dahlia = t.client(undefined, { apiVersion: '2026-03-25.dahlia' as Stripe.LatestApiVersion });
  const a = await dahlia.accounts.create(express);
  const s = await dahlia.accountSessions.create({ account: a.id, components: { payments: { enabled: true } } });
  assert.equal(s.components.payments.enabled, true);
  assert.equal('smart_disputes_management' in s.components.payments.features, false);
  assert.equal('reporting_chart' in s.components, false);
  assert.equal('balance_report' in s.components, false);
  assert.equal('payment_method_settings' in s.components, false, 'added with 2026-08-26.dahlia');
  const endive = await t.stripe.accountSessions.create({ account: a.id, components: { payments: { enabled: true } } });
  assert.equal(endive.components.payments.features.smart_disputes_management, true);
  assert.equal(endive.components.reporting_chart.enabled, false);
  assert.equal(endive.components.payment_method_settings.enabled, false);
});

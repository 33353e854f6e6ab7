// Runs on the SQLite store (the other Connect suites use the memory store), so both back the same behaviour.
// Account links through the official SDK and the hosted onboarding pages over HTTP: single use, expiry on the
// simulator clock, refresh_url/return_url, account_update rules, co-branding, French, strict CSP, form saving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';

const { sim: t } = useTestSim({ store: 'sqlite' });

const express: Stripe.AccountCreateParams = {
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
};
const urls = { refresh_url: 'https://platform.example/refresh', return_url: 'https://platform.example/return' };

async function link(account: string, extra: Partial<Stripe.AccountLinkCreateParams> = {}): Promise<Stripe.AccountLink> {
  return t.stripe.accountLinks.create({ account, type: 'account_onboarding', ...urls, ...extra });
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: 'manual', headers });

test('create: account_link object with created, expires_at a few minutes out, and a URL on the simulator', async () => {
  const a = await t.stripe.accounts.create(express);
  const l = await link(a.id);
  assert.equal(l.object, 'account_link');
  assert.equal(l.expires_at - l.created, 300);
  assert.ok(l.url.startsWith(`${t.url}/setup/s/${a.id}/`));
  assert.deepEqual(Object.keys(l).sort(), ['created', 'expires_at', 'object', 'url']);
});

test('create: parameter errors', async () => {
  const a = await t.stripe.accounts.create(express);
  await assert.rejects(t.stripe.accountLinks.create({ account: a.id, type: 'bogus' as 'account_onboarding' }), (e: Stripe.errors.StripeError) => e.param === 'type');
  await assert.rejects(link('acct_missing000000000'), (e: Stripe.errors.StripeError) => e.param === 'account' && e.code === 'resource_missing');
  await assert.rejects(link(a.id, { return_url: 'javascript:alert(1)' }), (e: Stripe.errors.StripeError) => e.param === 'return_url');
  await assert.rejects(link(a.id, { type: 'account_update' }), (e: Stripe.errors.StripeError) => e.param === 'type' && /account_update/.test(e.message));
  const custom = await t.stripe.accounts.create({ ...express, controller: { ...express.controller, stripe_dashboard: { type: 'none' }, requirement_collection: 'application' } });
  const upd = await link(custom.id, { type: 'account_update' });
  assert.equal(upd.object, 'account_link');
});

test('the link is single-use: the second visit redirects to refresh_url', async () => {
  const a = await t.stripe.accounts.create(express);
  const l = await link(a.id);
  const first = await get(l.url);
  assert.equal(first.status, 303);
  assert.match(first.headers.get('location') ?? '', /^\/connect\/onboarding\/obs_/);
  const second = await get(l.url);
  assert.equal(second.status, 302);
  assert.equal(second.headers.get('location'), urls.refresh_url);
});

test('an expired link (simulator clock) redirects to refresh_url without opening a session', async () => {
  const a = await t.stripe.accounts.create(express);
  const l = await link(a.id);
  await t.control('POST', '/_sim/clock/advance', { seconds: 301 });
  const res = await get(l.url);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), urls.refresh_url);
});

test('an unknown link is a 404 page', async () => {
  const res = await get(`${t.url}/setup/s/acct_x/nope`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /Link not found/);
});

test('the hosted page is co-branded, localised, and served under a strict CSP', async () => {
  await t.control('POST', '/_sim/settings', { branding: { platform_name: 'Rentals <&> Co', primary_color: '#0a6e4f', icon_url: 'https://cdn.example/icon.png' } });
  const a = await t.stripe.accounts.create({ ...express, business_type: 'individual', individual: { first_name: 'Zoé' } });
  const l = await link(a.id);
  const open = await get(l.url, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
  const pageRes = await get(new URL(open.headers.get('location') as string, t.url).toString(), { Cookie: (open.headers.get('set-cookie') ?? '').split(';')[0] });
  const html = await pageRes.text();
  assert.equal(pageRes.status, 200);
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /Informations personnelles/);
  assert.match(html, /Rentals &lt;&amp;&gt; Co/, 'the platform name is escaped');
  assert.match(html, /value="Zoé"/, 'prefilled values are shown for confirmation');
  assert.doesNotMatch(html, /<script>|<style>|style="/, 'no inline script or style');
  const csp = pageRes.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.match(csp, /img-src 'self' data: https:\/\/cdn\.example/);
  assert.match(csp, /form-action 'self' https:\/\/platform\.example/);
  assert.match(csp, /frame-ancestors 'none'/);
  const theme = html.match(/href="(\/connect\/assets\/theme\/[^"]+)"/)?.[1];
  assert.ok(theme);
  assert.match(await (await fetch(`${t.url}${theme}`)).text(), /--ck-ob-brand: #0a6e4f/);
});

test('posting the steps saves the account through the requirements engine and submitting returns to return_url', async () => {
  const a = await t.stripe.accounts.create({
    ...express,
    business_type: 'individual',
    individual: { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com' },
    business_profile: { mcc: '6513', product_description: 'Rentals' },
  });
  const l = await link(a.id);
  const opened = await get(l.url);
  const session = opened.headers.get('location') as string;
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  assert.match(cookie, /^ck_onboarding_session=obs_/);
  // The session is bound to the browser that opened the link: without its cookie, back to refresh_url.
  const stranger = await get(`${t.url}${session}`);
  assert.equal(stranger.status, 302);
  assert.equal(stranger.headers.get('location'), urls.refresh_url);
  const post = async (step: string, form: Record<string, string>) =>
    fetch(`${t.url}${session}?step=${step}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers: { Cookie: cookie } });
  // Missing fields: the step again with messages, nothing saved.
  const invalid = await post('representative_details', { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', phone: '' });
  assert.equal(invalid.status, 400);
  assert.match(await invalid.text(), /aria-invalid="true"/);
  let r = await post('representative_details', { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', phone: '0000000000' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location') ?? '', /step=date_of_birth$/);
  r = await post('date_of_birth', { dob: '1901-01-01' });
  assert.match(r.headers.get('location') ?? '', /step=address$/);
  r = await post('address', { line1: 'address_full_match', city: 'SF', state: 'CA', postal_code: '94111' });
  assert.match(r.headers.get('location') ?? '', /step=identity$/);
  r = await post('identity', { id_number: '000000000' });
  // business_profile was prefilled: skipped.
  assert.match(r.headers.get('location') ?? '', /step=external_account$/);
  const badBank = await post('external_account', { routing_number: '123', account_number: '000123456789' });
  assert.equal(badBank.status, 400);
  r = await post('external_account', { routing_number: '110000000', account_number: '000123456789' });
  assert.match(r.headers.get('location') ?? '', /step=summary$/);
  const noTos = await post('summary', {});
  assert.equal(noTos.status, 400);
  r = await post('summary', { tos: 'true' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), urls.return_url);
  const acct = await t.stripe.accounts.retrieve(a.id);
  assert.equal(acct.details_submitted, true);
  assert.equal(acct.charges_enabled, true);
  assert.equal(acct.payouts_enabled, true);
  assert.ok(acct.tos_acceptance?.date);
  assert.ok(acct.tos_acceptance?.ip);
  assert.equal(acct.external_accounts?.data[0]?.last4, '6789');
  // Changes made on the hosted page are no API request of the platform's: their events carry request.id null.
  const updates = await t.client(undefined, { stripeAccount: a.id }).events.list({ type: 'account.updated', limit: 100 });
  const fromPage = updates.data.filter((e) => (e.data.object as Stripe.Account).details_submitted);
  assert.ok(fromPage.length > 0);
  for (const e of fromPage) assert.deepEqual(e.request, { id: null, idempotency_key: null });
});

test('a company goes through company details and its representative (a person) to charges_enabled', async () => {
  const a = await t.stripe.accounts.create({ ...express, country: 'US' });
  const l = await link(a.id);
  const opened = await get(l.url);
  const session = opened.headers.get('location') as string;
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  const post = async (step: string, f: Record<string, string>) => {
    const r = await fetch(`${t.url}${session}?step=${step}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(f), headers: { Cookie: cookie } });
    assert.equal(r.status, 303, `${step}: ${r.status} ${r.status === 400 ? await r.text() : ''}`);
    return r.headers.get('location') ?? '';
  };
  assert.match(await post('business_type', { business_type: 'company' }), /step=company_details$/);
  assert.match(
    await post('company_details', { company_name: 'Acme Rentals', tax_id: '000000000', company_phone: '0000000000', company_line1: 'address_full_match', company_city: 'SF', company_state: 'CA', company_postal_code: '94111', owners_provided: 'true' }),
    /step=representative_details$/,
  );
  assert.match(await post('representative_details', { first_name: 'Ann', last_name: 'Rep', email: 'ann@example.com', phone: '0000000000', title: 'CEO' }), /step=date_of_birth$/);
  const persons = await t.stripe.accounts.listPersons(a.id);
  assert.equal(persons.data.length, 1);
  assert.equal(persons.data[0].relationship?.representative, true);
  assert.equal(persons.data[0].relationship?.title, 'CEO');
  await post('date_of_birth', { dob: '1901-01-01' });
  await post('address', { line1: 'address_full_match', city: 'SF', state: 'CA', postal_code: '94111' });
  await post('identity', { id_number: '000000000' });
  await post('business_profile', { mcc: '6513', url: 'https://accessible.stripe.com' });
  await post('external_account', { routing_number: '110000000', account_number: '000123456789' });
  assert.equal(await post('summary', { tos: 'true' }), urls.return_url);
  const acct = await t.stripe.accounts.retrieve(a.id);
  assert.equal(acct.business_type, 'company');
  assert.equal(acct.company?.name, 'Acme Rentals');
  assert.equal(acct.company?.tax_id_provided, true);
  assert.deepEqual(acct.requirements?.currently_due, []);
  assert.equal(acct.charges_enabled, true);
  assert.equal(acct.details_submitted, true);
});

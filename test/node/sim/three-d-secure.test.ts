// 3D Secure through the simulator's challenge page: both next_action kinds, complete and fail by HTTP POST,
// the cards that decline after authentication, off-session rules, languages, CSP, the wrapper page with its
// iframe#challengeFrame, and the modal-mode message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startSimServer, type SimServer } from '../../../sim/node/server.ts';

let server: SimServer;
let stripe: Stripe;
before(async () => {
  server = await startSimServer({ port: 0, db: 'memory', quiet: true });
  stripe = new Stripe(server.keys.secret, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
});
after(() => server.close());

const RETURN = 'https://shop.example/checkout/done?order=42';

async function challenge(pm: string, opts: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: pm, confirm: true, ...opts });
}

function post(url: string, outcome: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams({ outcome }), redirect: 'manual', headers });
}

test('confirmed with return_url: redirect_to_url to the challenge page, completing redirects back succeeded', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN });
  assert.equal(pi.status, 'requires_action');
  assert.equal(pi.next_action?.type, 'redirect_to_url');
  assert.equal(pi.next_action?.redirect_to_url?.return_url, RETURN);
  const url = pi.next_action!.redirect_to_url!.url!;
  assert.ok(url.startsWith(server.url.replace(/\/$/, '') + '/3ds/challenge/'));
  assert.equal(pi.latest_charge, null);
  const res = await post(url, 'complete');
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location')!);
  assert.equal(loc.origin + loc.pathname, 'https://shop.example/checkout/done');
  assert.equal(loc.searchParams.get('order'), '42');
  assert.equal(loc.searchParams.get('payment_intent'), pi.id);
  assert.equal(loc.searchParams.get('payment_intent_client_secret'), pi.client_secret);
  assert.equal(loc.searchParams.get('redirect_status'), 'succeeded');
  const done = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  assert.equal(done.status, 'succeeded');
  assert.equal(done.next_action, null);
  const card = (done.latest_charge as Stripe.Charge).payment_method_details?.card;
  assert.equal(card?.three_d_secure?.result, 'authenticated');
});

test('confirmed without return_url (or with use_stripe_sdk): use_stripe_sdk pointing at the challenge page', async () => {
  const pi = await challenge('pm_card_threeDSecureRequired');
  assert.equal(pi.next_action?.type, 'use_stripe_sdk');
  const sdk = pi.next_action!.use_stripe_sdk as unknown as { type: string; stripe_js: string; source: string };
  assert.equal(sdk.type, 'three_d_secure_redirect');
  assert.match(sdk.source, /^src_/);
  assert.ok(sdk.stripe_js.endsWith(`/3ds/challenge/${sdk.source}`));
  const withSdk = await challenge('pm_card_authenticationRequired', { return_url: RETURN, use_stripe_sdk: true });
  assert.equal(withSdk.next_action?.type, 'use_stripe_sdk');
});

test('failing authentication returns requires_payment_method with payment_intent_authentication_failure', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN });
  const res = await post(pi.next_action!.redirect_to_url!.url!, 'fail');
  assert.equal(res.status, 302);
  assert.equal(new URL(res.headers.get('location')!).searchParams.get('redirect_status'), 'failed');
  const failed = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(failed.status, 'requires_payment_method');
  assert.equal(failed.last_payment_error?.code, 'payment_intent_authentication_failure');
  assert.equal(failed.last_payment_error?.message, 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.');
  assert.equal(failed.payment_method, null);
  const retry = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(retry.status, 'succeeded');
});

for (const [pm, decline] of [['pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', 'insufficient_funds'], ['pm_card_threeDSecureRequiredChargeDeclined', 'generic_decline']] as const) {
  test(`${pm}: authentication succeeds, then the charge declines with ${decline}`, async () => {
    const pi = await challenge(pm, { return_url: RETURN });
    assert.equal(pi.status, 'requires_action');
    const res = await post(pi.next_action!.redirect_to_url!.url!, 'complete');
    assert.equal(new URL(res.headers.get('location')!).searchParams.get('redirect_status'), 'failed');
    const after = await stripe.paymentIntents.retrieve(pi.id);
    assert.equal(after.status, 'requires_payment_method');
    assert.equal(after.last_payment_error?.decline_code, decline);
    const charge = await stripe.charges.retrieve(after.latest_charge as string);
    assert.equal(charge.status, 'failed');
  });
}

test('manual capture after authentication waits at requires_capture', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN, capture_method: 'manual' });
  const early = await stripe.paymentIntents.capture(pi.id).catch((e: Stripe.errors.StripeError) => e);
  assert.equal((early as Stripe.errors.StripeError).code, 'payment_intent_unexpected_state');
  await post(pi.next_action!.redirect_to_url!.url!, 'complete');
  const held = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(held.status, 'requires_capture');
  assert.equal(held.amount_capturable, 2500);
});

test('cards that do not need 3DS never see it; request_three_d_secure=any challenges a 3DS-capable card', async () => {
  const plain = await challenge('pm_card_visa');
  assert.equal(plain.status, 'succeeded');
  assert.equal(plain.next_action, null);
  const asked = await challenge('pm_card_visa', { payment_method_options: { card: { request_three_d_secure: 'any' } } });
  assert.equal(asked.status, 'requires_action');
  const noSupport = await challenge('pm_card_amex_threeDSecureNotSupported', { payment_method_options: { card: { request_three_d_secure: 'challenge' } } });
  assert.equal(noSupport.status, 'succeeded');
});

test('error_on_requires_action refuses instead of waiting: 402 authentication_required', async () => {
  const err = await challenge('pm_card_threeDSecure2Required', { error_on_requires_action: true }).catch((e: Stripe.errors.StripeCardError) => e);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.code, 'authentication_required');
  assert.equal(err.decline_code, 'authentication_not_handled');
  assert.equal(err.payment_intent?.status, 'requires_payment_method');
});

test('off-session payments with a card that needs authentication decline authentication_required', async () => {
  const customer = await stripe.customers.create();
  const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
  const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true }).catch((e: Stripe.errors.StripeCardError) => e);
  assert.ok(err instanceof Stripe.errors.StripeCardError);
  assert.equal(err.code, 'authentication_required');
  assert.equal(err.decline_code, 'authentication_required');
  assert.equal(err.message, 'Your card was declined. This transaction requires authentication.');
  const ok = await stripe.paymentMethods.attach('pm_card_authenticationRequiredSetupForOffSession', { customer: customer.id });
  const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: ok.id, off_session: true, confirm: true });
  assert.equal(paid.status, 'succeeded');
});

test('4000002500003155 authenticated on session with setup_future_usage pays off session later without a challenge', async () => {
  const customer = await stripe.customers.create();
  const first = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', setup_future_usage: 'off_session', confirm: true, return_url: RETURN });
  assert.equal(first.status, 'requires_action');
  await post(first.next_action!.redirect_to_url!.url!, 'complete');
  const done = await stripe.paymentIntents.retrieve(first.id);
  assert.equal(done.status, 'succeeded');
  const later = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: done.payment_method as string, off_session: true, confirm: true });
  assert.equal(later.status, 'succeeded');
});

/** The src of the wrapper page's iframe#challengeFrame, resolved against the wrapper's URL. */
function challengeFrameSrc(wrapperUrl: string, html: string): string {
  const tag = /<iframe id="challengeFrame" [^>]*>/.exec(html)?.[0];
  assert.ok(tag, 'the wrapper holds iframe#challengeFrame');
  const src = /src="([^"]+)"/.exec(tag)![1].replace(/&amp;/g, '&');
  return new URL(src, wrapperUrl).toString();
}

test('next_action points at a wrapper page holding iframe#challengeFrame (name stripe-challenge-frame, titled)', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN });
  const url = pi.next_action!.redirect_to_url!.url!;
  const res = await fetch(url, { headers: { 'Accept-Language': 'fr' } });
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /frame-src 'self'/);
  assert.match(csp, /form-action 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await res.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<iframe id="challengeFrame" name="stripe-challenge-frame" title="Vérification 3D Secure de votre banque"/);
  assert.doesNotMatch(html, /test-source-authorize-3ds|<form/, 'the buttons live in the inner document');
  assert.doesNotMatch(html, /data-parent-origin/, 'no relay without parent_origin');
  assert.doesNotMatch(html, /<script>|<style>| style="| on[a-z]+="/, 'no inline script or style');
  const inner = challengeFrameSrc(url, html);
  assert.equal(new URL(inner).pathname, `${new URL(url).pathname}/frame`);
  assert.equal(new URL(inner).searchParams.get('locale'), 'fr', 'the inner document speaks the language the wrapper chose');
  const frame = await fetch(inner, { headers: { 'Accept-Language': 'en' } });
  const frameHtml = await frame.text();
  assert.match(frameHtml, /<html lang="fr">/);
  assert.match(frameHtml, /<form method="post" action="[^"]+" target="_parent">/, 'redirect mode: the 302 navigates the wrapper’s context, not the inner frame');
  assert.match(frame.headers.get('content-security-policy') ?? '', /form-action 'self' https:\/\/shop\.example(;|$)/);
  assert.match(frame.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
  // The shim's lightbox URL serves the same wrapper.
  const lightbox = await fetch(url.replace('/3ds/challenge/', '/3ds/three-ds-2-challenge/'));
  assert.equal(lightbox.status, 200);
  assert.match(await lightbox.text(), /<iframe id="challengeFrame" name="stripe-challenge-frame"/);
});

test('the challenge speaks English and French, under a strict CSP, with Stripe wording on its buttons', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required');
  const wrapper = (pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  const url = challengeFrameSrc(wrapper, await (await fetch(wrapper)).text()).replace(/\?.*$/, '');
  const en = await fetch(url, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  assert.equal(en.status, 200);
  const csp = en.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await en.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /id="test-source-authorize-3ds">Complete authentication</);
  assert.match(html, /id="test-source-fail-3ds">Fail authentication</);
  assert.match(html, /<form method="post" action="[^"]+">/, 'modal mode: the result stays in the frame');
  assert.doesNotMatch(html, /<script>|<style>| style="| on[a-z]+="/, 'no inline script or style');
  assert.match(html, /\$25\.00/);
  const fr = await (await fetch(url, { headers: { 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.5' } })).text();
  assert.match(fr, /<html lang="fr">/);
  assert.match(fr, /Valider l’authentification/);
  assert.match(fr, /Faire échouer l’authentification/);
  const forced = await (await fetch(`${url}?locale=fr`, { headers: { 'Accept-Language': 'en' } })).text();
  assert.match(forced, /lang="fr"/);
  const css = await fetch(new URL('/3ds/assets/challenge.css', url));
  assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  const js = await fetch(new URL('/3ds/assets/challenge.js', url));
  assert.match(await js.text(), /ck-3ds-complete/);
  const relay = await fetch(new URL('/3ds/assets/three-ds-2-challenge.js', url));
  assert.match(relay.headers.get('content-type') ?? '', /text\/javascript/);
  assert.match(await relay.text(), /data-parent-origin/);
});

test('modal mode: the wrapper carries the validated parent origin and its intent; the result page its outcome', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required');
  const url = (pi.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  const wrapper = await (await fetch(`${url}?parent_origin=${encodeURIComponent('http://localhost:4242/checkout')}&locale=fr`)).text();
  assert.match(wrapper, /data-parent-origin="http:\/\/localhost:4242"/);
  assert.match(wrapper, new RegExp(`data-intent="${pi.id}" data-intent-type="payment_intent"`));
  const res = await post(`${url}?locale=fr`, 'complete');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, new RegExp(`data-intent="${pi.id}"`));
  assert.match(html, /data-status="succeeded"/);
  assert.match(html, /Authentification réussie/);
  const bad = await challenge('pm_card_threeDSecure2Required');
  const badUrl = (bad.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  const badWrapper = await (await fetch(`${badUrl}?parent_origin=${encodeURIComponent('javascript:alert(1)')}`)).text();
  assert.doesNotMatch(badWrapper, /data-parent-origin/);
  assert.doesNotMatch(badWrapper, /lightbox=1/);
});

test('a challenge for a finished or canceled intent is refused clearly', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN });
  const url = pi.next_action!.redirect_to_url!.url!;
  await post(url, 'complete');
  const again = await post(url, 'fail');
  assert.equal(again.status, 409);
  assert.match(await again.text(), /no longer pending/);
  assert.equal((await stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  const canceled = await challenge('pm_card_threeDSecure2Required');
  await stripe.paymentIntents.cancel(canceled.id);
  const canceledUrl = (canceled.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js;
  assert.equal((await fetch(canceledUrl)).status, 409);
  assert.equal((await fetch(`${canceledUrl}/frame`)).status, 409);
  const unknown = await fetch(new URL('/3ds/challenge/src_nothere', url));
  assert.equal(unknown.status, 404);
  assert.equal((await fetch(new URL('/3ds/challenge/src_nothere/frame', url))).status, 404);
  const pending = await challenge('pm_card_threeDSecure2Required');
  const badOutcome = await post((pending.next_action!.use_stripe_sdk as unknown as { stripe_js: string }).stripe_js, 'maybe');
  assert.equal(badOutcome.status, 400);
  assert.equal((await stripe.paymentIntents.retrieve(pending.id)).status, 'requires_action');
});

test('requires_action emits payment_intent.requires_action, completion the charge and success events', async () => {
  const pi = await challenge('pm_card_threeDSecure2Required', { return_url: RETURN });
  await post(pi.next_action!.redirect_to_url!.url!, 'complete');
  const events = (await stripe.events.list({ limit: 100 })).data
    .filter((e) => (e.data.object as { id?: string; payment_intent?: string }).id === pi.id || (e.data.object as { payment_intent?: string }).payment_intent === pi.id)
    .map((e) => e.type)
    .reverse();
  assert.deepEqual(events.slice(0, 4), ['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded']);
});

test('confirmation_method=manual: after authentication the server confirms again, without a new challenge', async () => {
  const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', confirmation_method: 'manual', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: RETURN });
  assert.equal(pi.status, 'requires_action');
  await post(pi.next_action!.redirect_to_url!.url!, 'complete');
  const waiting = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(waiting.status, 'requires_confirmation');
  const done = await stripe.paymentIntents.confirm(pi.id);
  assert.equal(done.status, 'succeeded');
});

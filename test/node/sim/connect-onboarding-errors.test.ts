// The simulator's onboarding pages speak one language: on a French page, the errors a step's save meets (whose API
// `message` is English) and the requirements errors (whose `reason` is English) are explained in French, on the
// field the page shows, named by that field's label. English pages keep the English text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useTestSim } from '../helpers/sim.ts';
import { fieldErrorFrom, verificationMessage } from '../../../sim/browser/connect/pages.ts';
import { ONBOARDING_MESSAGES } from '../../../sim/browser/connect/i18n.ts';

const { sim: t } = useTestSim();

const express: Stripe.AccountCreateParams = {
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
};
const urls = { refresh_url: 'https://platform.example/refresh', return_url: 'https://platform.example/return' };

/** Opens an account link as a browser speaking `lang` and returns a poster for its steps. */
async function openOnboarding(account: string, lang: string) {
  const l = await t.stripe.accountLinks.create({ account, type: 'account_onboarding', ...urls });
  const opened = await fetch(l.url, { redirect: 'manual', headers: { 'Accept-Language': lang } });
  const session = opened.headers.get('location') as string;
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
  return async (step: string, form: Record<string, string>) => {
    const res = await fetch(`${t.url}${session}?step=${step}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers: { Cookie: cookie } });
    return { status: res.status, html: await res.text() };
  };
}

/** The messages of the error summary and of the field errors, as text. */
function errorsOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<p class="ck-ob-error" id="([^"]+)">([^<]*)<\/p>/g)) out.push(`${m[1]}|${m[2]}`);
  for (const m of html.matchAll(/<li><a href="#f-[^"]+">([^<]*)<\/a><\/li>/g)) out.push(`summary|${m[1]}`);
  return out.map((s) => s.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

test('French hosted onboarding: a bad IBAN is explained in French, on the field labelled IBAN', async () => {
  const a = await t.stripe.accounts.create({ ...express, country: 'FR', business_type: 'individual', individual: { first_name: 'Amélie', last_name: 'Poulain' } });
  const post = await openOnboarding(a.id, 'fr-FR,fr;q=0.9');
  const { status, html } = await post('external_account', { account_holder_name: 'Amélie Poulain', account_number: '000123456789' });
  assert.equal(status, 400);
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<label for="f-account_number">IBAN<\/label>/);
  const errors = errorsOf(html);
  assert.deepEqual(errors, [
    "f-account_number-err|IBAN : Cet IBAN n'est pas valide. Vérifiez qu'il ne contient pas de faute de frappe.",
    "summary|IBAN : Cet IBAN n'est pas valide. Vérifiez qu'il ne contient pas de faute de frappe.",
  ]);
  assert.doesNotMatch(html, /The IBAN you provided|is invalid|Numéro de compte/);
});

test('French hosted onboarding: an IBAN of another country, and an English page keeps English', async () => {
  const a = await t.stripe.accounts.create({ ...express, country: 'FR', business_type: 'individual' });
  const fr = await openOnboarding(a.id, 'fr');
  const wrongCountry = await fr('external_account', { account_number: 'DE89370400440532013000' });
  assert.equal(wrongCountry.status, 400);
  assert.ok(errorsOf(wrongCountry.html).includes("f-account_number-err|IBAN : Cet IBAN est d'un autre pays que celui de votre compte."), errorsOf(wrongCountry.html).join('\n'));
  assert.doesNotMatch(wrongCountry.html, /does not match/);

  const b = await t.stripe.accounts.create({ ...express, country: 'FR', business_type: 'individual' });
  const en = await openOnboarding(b.id, 'en-GB');
  const bad = await en('external_account', { account_number: '000123456789' });
  assert.ok(errorsOf(bad.html).includes('f-account_number-err|IBAN: This IBAN is not valid. Check it for typos.'), errorsOf(bad.html).join('\n'));
});

test('French US onboarding: routing number, SSN and date of birth errors are French, named by their labels', async () => {
  const a = await t.stripe.accounts.create({ ...express, country: 'US', business_type: 'individual' });
  const post = await openOnboarding(a.id, 'fr');
  const bank = await post('external_account', { routing_number: '123', account_number: '000123456789' });
  assert.ok(errorsOf(bank.html).includes("f-routing_number-err|Numéro d'acheminement (routing) : Un numéro d'acheminement compte 9 chiffres et une clé valide (110000000 en mode test)."), errorsOf(bank.html).join('\n'));
  const ssn = await post('identity', { id_number: '12' });
  assert.ok(errorsOf(ssn.html).includes('f-id_number-err|Numéro de sécurité sociale (SSN) : Un numéro de sécurité sociale compte 9 chiffres (000000000 en mode test).'), errorsOf(ssn.html).join('\n'));
  const dob = await post('date_of_birth', { dob: '2999-01-01' });
  assert.ok(errorsOf(dob.html).includes('f-dob-err|Date de naissance : La date de naissance ne peut pas être dans le futur.'), errorsOf(dob.html).join('\n'));
  for (const page of [bank.html, ssn.html, dob.html]) assert.doesNotMatch(page, /must|digits|Invalid|cannot/);
});

test('message mapping: known API errors in both languages, unknown ones in English only on English pages', () => {
  const { en, fr } = ONBOARDING_MESSAGES;
  const iban = { param: 'external_account[account_number]', code: 'account_number_invalid', message: 'The IBAN you provided (X) is invalid.' };
  assert.deepEqual(fieldErrorFrom(iban, fr, 'account_number', { sepa: true }), { account_number: `IBAN : ${fr.apiErrors.iban_invalid}` });
  assert.deepEqual(fieldErrorFrom(iban, en, 'account_number', { sepa: true }), { account_number: `IBAN: ${en.apiErrors.iban_invalid}` });
  const usAccount = { param: 'external_account[account_number]', code: 'account_number_invalid', message: 'The account number must be 4 to 17 digits.' };
  assert.deepEqual(fieldErrorFrom(usAccount, fr, 'account_number', { sepa: false }), { account_number: `Numéro de compte : ${fr.apiErrors.account_number_us}` });
  const unknown = { param: 'individual[first_name]', code: undefined, message: 'Something new went wrong.' };
  assert.deepEqual(fieldErrorFrom(unknown, en, 'first_name', { sepa: false }), { first_name: 'Something new went wrong.' });
  assert.deepEqual(fieldErrorFrom(unknown, fr, 'first_name', { sepa: false }), { first_name: fr.saveFailed });
  for (const key of Object.keys(en.apiErrors)) assert.notEqual(fr.apiErrors[key as keyof typeof fr.apiErrors], en.apiErrors[key as keyof typeof en.apiErrors], key);
});

test('requirements errors: the catalogue text in both languages; Stripe’s English reason only on English pages', () => {
  const { en, fr } = ONBOARDING_MESSAGES;
  const keyed = { code: 'verification_failed_keyed_identity', reason: "The identity information you entered can't be verified." };
  assert.equal(verificationMessage(fr, keyed), fr.verificationErrors.verification_failed_keyed_identity);
  assert.equal(verificationMessage(en, keyed), en.verificationErrors.verification_failed_keyed_identity);
  const unknown = { code: 'verification_something_new', reason: 'A new English reason.' };
  assert.equal(verificationMessage(en, unknown), 'A new English reason.');
  assert.equal(verificationMessage(fr, unknown), fr.verificationFailed);
});

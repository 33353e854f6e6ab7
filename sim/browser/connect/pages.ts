// The simulator's Connect onboarding pages, on its own origin: hosted (reached through an account link) and
// embedded (an iframe created by the window.StripeConnect shim, authorised by an account session's client
// secret). Server-rendered forms that work without JavaScript, co-branded with the platform's name, icon and
// colour (control plane `branding`), in English and French, under a strict CSP.
//
//   GET  /setup/s/:account/:token          account link: first visit opens a session; a reused or expired link
//                                          redirects to refresh_url
//   GET  /connect/onboarding/:session      current step (?step=... to edit one); POST the same URL to save it
//   POST /connect/embedded/sessions        (frame script) client secret -> session URL
//   GET  /connect/embedded/frame.html|.js  the iframe's bootstrap
//   GET  /connect/assets/...               CSS, script, per-session theme CSS
//   GET  /connect/express/:token           login link target (Express dashboard stand-in)
//
// No Node APIs: runs wherever the simulator core runs.

import type { Context, Hono } from 'hono';
import type { Simulator } from '../../core/app.ts';
import { createContext, type RequestContext } from '../../core/context.ts';
import { StripeError } from '../../core/errors.ts';
import { applyBusinessProfile, applyCompany, applyPerson, defaultBusinessProfile, defaultCompany, newPerson, randomToken, refreshAccount, replaceBankAccounts, type BankAccountObject } from '../../core/connect/account-kit.ts';
import type { AccountObject, PersonObject, RequirementsHash } from '../../core/connect/requirements.ts';
import { childrenOf, findAccount, loadSecrets, personsOf } from '../../core/connect/store.ts';
import { COUNTRIES, TEST_BANK } from '../../core/connect/test-values.ts';
import { savePerson } from '../../core/resources/persons.ts';
import { sessionForSecret } from '../../core/resources/account_sessions.ts';
import { escapeHtml as esc, safeOrigin } from '../../core/pages/html.ts';
import { FRAME_HTML, FRAME_JS, ONBOARDING_CSS, ONBOARDING_JS } from './assets.ts';
import { ONBOARDING_MESSAGES, pickOnboardingLocale, type ApiErrorKey, type OnboardingLocale, type OnboardingMessages } from './i18n.ts';

/** How long an onboarding session (after the link was opened, or the client secret exchanged) lasts. */
export const ONBOARDING_SESSION_TTL_SECONDS = 3600;

export interface OnboardingSession {
  id: string;
  object: 'sim_onboarding_session';
  account: string;
  mode: 'hosted' | 'embedded';
  link_type: 'account_onboarding' | 'account_update';
  collect: 'currently_due' | 'eventually_due';
  return_url: string | null;
  refresh_url: string | null;
  parent_origin: string | null;
  locale: OnboardingLocale | null;
  theme: Record<string, string>;
  external_account_collection: boolean;
  skip_tos: boolean;
  created: number;
  expires_at: number;
  finished: boolean;
  /** Steps the user has confirmed (prefilled steps are confirmed on the summary). */
  visited: string[];
}

type StepId = 'business_type' | 'company_details' | 'representative_details' | 'date_of_birth' | 'address' | 'identity' | 'business_profile' | 'external_account' | 'summary';


// ---------------------------------------------------------------- model helpers

interface Loaded {
  session: OnboardingSession;
  account: AccountObject;
  persons: PersonObject[];
  banks: BankAccountObject[];
}

function loadSession(sim: Simulator, id: string): Loaded | null {
  const rec = sim.store.get<OnboardingSession>(id);
  if (!rec || rec.type !== 'sim_onboarding_session') return null;
  const account = findAccount(sim.store, sim.platformAccount, rec.data.account);
  if (!account) return null;
  return {
    session: rec.data,
    account,
    persons: personsOf(sim.store, sim.platformAccount, account.id),
    banks: childrenOf<BankAccountObject>(sim.store, sim.platformAccount, 'bank_account', account.id),
  };
}

function isCompany(a: AccountObject): boolean {
  return !!a.business_type && a.business_type !== 'individual';
}

function representative(l: Loaded): PersonObject | undefined {
  return l.persons.find((p) => p.relationship?.representative);
}

/** The requirement prefix of the person the personal steps are about. */
function personPrefix(l: Loaded): string {
  if (!isCompany(l.account)) return 'individual';
  return representative(l)?.id ?? 'representative';
}

function person(l: Loaded): PersonObject | undefined {
  return isCompany(l.account) ? representative(l) : (l.account.individual as PersonObject | undefined);
}

function steps(l: Loaded): StepId[] {
  const spec = COUNTRIES[l.account.country ?? 'US'] ?? COUNTRIES.US;
  const out: StepId[] = ['business_type'];
  if (isCompany(l.account)) out.push('company_details');
  out.push('representative_details', 'date_of_birth', 'address');
  if (spec.ssn) out.push('identity');
  out.push('business_profile');
  if (l.session.external_account_collection) out.push('external_account');
  out.push('summary');
  return out;
}

/** Requirement names (without the person prefix substituted) each step answers. */
function stepFields(step: StepId, prefix: string): string[] {
  switch (step) {
    case 'business_type':
      return ['business_type'];
    case 'company_details':
      return ['company.name', 'company.tax_id', 'company.phone', 'company.address.line1', 'company.address.city', 'company.address.state', 'company.address.postal_code', 'company.owners_provided', 'company.directors_provided'];
    case 'representative_details':
      return ['first_name', 'last_name', 'email', 'phone', 'relationship.title'].map((f) => `${prefix}.${f}`);
    case 'date_of_birth':
      return ['dob.day', 'dob.month', 'dob.year'].map((f) => `${prefix}.${f}`);
    case 'address':
      return ['address.line1', 'address.city', 'address.state', 'address.postal_code'].map((f) => `${prefix}.${f}`);
    case 'identity':
      return ['ssn_last_4', 'id_number'].map((f) => `${prefix}.${f}`);
    case 'business_profile':
      return ['business_profile.mcc', 'business_profile.url'];
    case 'external_account':
      return ['external_account'];
    case 'summary':
      return ['tos_acceptance.date', 'tos_acceptance.ip'];
  }
}

function due(l: Loaded): string[] {
  const r = l.account.requirements as unknown as RequirementsHash;
  return l.session.collect === 'eventually_due' ? r.eventually_due : r.currently_due;
}

function errorsFor(l: Loaded, step: StepId): RequirementsHash['errors'] {
  const fields = new Set(stepFields(step, personPrefix(l)));
  return (l.account.requirements as unknown as RequirementsHash).errors.filter((e) => fields.has(e.requirement));
}

function stepComplete(l: Loaded, step: StepId): boolean {
  if (step === 'summary') return false;
  if (step === 'business_type') return !!l.account.business_type;
  const fields = new Set(stepFields(step, personPrefix(l)));
  // Before a representative exists, its fields are due as `representative.*`.
  return !due(l).some((f) => fields.has(f)) && errorsFor(l, step).length === 0;
}

/** The first step after `from` (or from the start) that still needs something; the summary otherwise. */
function nextStep(l: Loaded, from?: StepId): StepId {
  const all = steps(l);
  const start = from ? all.indexOf(from) + 1 : 0;
  for (const s of all.slice(start)) if (!stepComplete(l, s)) return s;
  return 'summary';
}

// ---------------------------------------------------------------- HTTP helpers

function csp(session: OnboardingSession | null, icon: string | null): string {
  const formTargets = new Set<string>(["'self'"]);
  for (const u of [session?.return_url, session?.refresh_url]) {
    const o = safeOrigin(u);
    if (o) formTargets.add(o);
  }
  const iconOrigin = safeOrigin(icon);
  return [
    "default-src 'none'",
    "style-src 'self'",
    "script-src 'self'",
    `img-src 'self' data:${iconOrigin ? ` ${iconOrigin}` : ''}`,
    "connect-src 'self'",
    `form-action ${[...formTargets].join(' ')}`,
    "base-uri 'none'",
    session?.mode === 'embedded' && session.parent_origin ? `frame-ancestors ${session.parent_origin}` : session?.mode === 'embedded' ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
}

function htmlResponse(html: string, status: number, policy: string): Response {
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function redirect(to: string, status = 303): Response {
  return new Response(null, { status, headers: { Location: to, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
}

function asset(body: string, type: string, cache = 'public, max-age=300'): Response {
  return new Response(body, { headers: { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'cross-origin' } });
}

function localeOf(c: Context, session: OnboardingSession | null): OnboardingLocale {
  return pickOnboardingLocale(c.req.query('locale') ?? session?.locale, c.req.header('accept-language'));
}

interface PageOpts {
  sim: Simulator;
  locale: OnboardingLocale;
  title: string;
  body: string;
  session: OnboardingSession | null;
  step?: string;
  exit?: 'submitted' | 'left' | null;
  status?: number;
}

function brandHeader(sim: Simulator, t: OnboardingMessages): string {
  const b = sim.settings.branding;
  const mark = b.icon_url
    ? `<img src="${esc(b.icon_url)}" alt="">`
    : `<span class="ck-ob-monogram" aria-hidden="true">${esc(b.platform_name.trim().charAt(0).toUpperCase() || 'S')}</span>`;
  return `<header class="ck-ob-brand">${mark}<span class="ck-ob-platform">${esc(b.platform_name)}</span><span class="ck-ob-badge">${esc(t.testMode)}</span></header>`;
}

function page(o: PageOpts): Response {
  const t = ONBOARDING_MESSAGES[o.locale];
  const embedded = o.session?.mode === 'embedded';
  const attrs = [
    embedded ? 'class="ck-ob-embedded"' : '',
    embedded && o.session?.parent_origin ? `data-parent-origin="${esc(o.session.parent_origin)}"` : '',
    o.step ? `data-step="${esc(o.step)}"` : '',
    o.exit ? `data-exit="true" data-status="${esc(o.exit)}"` : '',
  ].filter(Boolean).join(' ');
  const theme = o.session ? `/connect/assets/theme/${encodeURIComponent(o.session.id)}.css` : '/connect/assets/theme/default.css';
  const html = `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(o.title)} – ${esc(o.sim.settings.branding.platform_name)}</title>
<link rel="stylesheet" href="/connect/assets/onboarding.css">
<link rel="stylesheet" href="${esc(theme)}">
</head>
<body ${attrs}>
<div class="ck-ob-page">
${embedded ? '' : brandHeader(o.sim, t)}
<main>
${o.body}
</main>
${embedded ? '' : `<footer>${esc(t.withPlatform(o.sim.settings.branding.platform_name))}</footer>`}
</div>
<script src="/connect/assets/onboarding.js"></script>
</body>
</html>
`;
  return htmlResponse(html, o.status ?? 200, csp(o.session, o.sim.settings.branding.icon_url));
}

function messagePage(sim: Simulator, locale: OnboardingLocale, title: string, text: string, status: number, session: OnboardingSession | null = null): Response {
  return page({ sim, locale, title, body: `<h1>${esc(title)}</h1><p>${esc(text)}</p>`, session, status });
}

// ---------------------------------------------------------------- rendering steps

interface FieldErrors {
  [name: string]: string;
}

interface Values {
  [name: string]: string;
}

function field(name: string, label: string, value: string | null | undefined, errors: FieldErrors, opts: { type?: string; required?: boolean; hint?: string; autocomplete?: string; inputmode?: string } = {}): string {
  const id = `f-${name}`;
  const err = errors[name];
  const described = [opts.hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ');
  return `<div class="ck-ob-field">
<label for="${id}">${esc(label)}</label>
${opts.hint ? `<p class="ck-ob-hint" id="${id}-hint">${esc(opts.hint)}</p>` : ''}
<input id="${id}" name="${esc(name)}" type="${opts.type ?? 'text'}" value="${esc(value ?? '')}"${opts.required ? ' required' : ''}${opts.autocomplete ? ` autocomplete="${opts.autocomplete}"` : ''}${opts.inputmode ? ` inputmode="${opts.inputmode}"` : ''}${err ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>
${err ? `<p class="ck-ob-error" id="${id}-err">${esc(err)}</p>` : ''}
</div>`;
}

function checkbox(name: string, label: string, checked: boolean, errors: FieldErrors, required = false): string {
  const id = `f-${name}`;
  const err = errors[name];
  return `<div class="ck-ob-field"><label class="ck-ob-choice" for="${id}"><input type="checkbox" id="${id}" name="${esc(name)}" value="true"${checked ? ' checked' : ''}${required ? ' required' : ''}${err ? ` aria-invalid="true" aria-describedby="${id}-err"` : ''}> <span>${esc(label)}</span></label>${err ? `<p class="ck-ob-error" id="${id}-err">${esc(err)}</p>` : ''}</div>`;
}

function progress(l: Loaded, t: OnboardingMessages, current: StepId): string {
  const all = steps(l);
  const items = all.map((s) => {
    const done = s !== current && stepComplete(l, s);
    return `<li${s === current ? ' aria-current="step"' : ''}${done ? ' class="ck-ob-done"' : ''}>${esc(t.steps[s])}</li>`;
  });
  return `<nav class="ck-ob-progress" aria-label="${esc(t.progress)}"><p class="ck-ob-muted">${esc(t.stepOf(all.indexOf(current) + 1, all.length))}</p><ol>${items.join('')}</ol></nav>`;
}

/** A requirements error in the page's language: Stripe's `reason` is English, so only English pages fall back to it. */
export function verificationMessage(t: OnboardingMessages, e: { code: string; reason: string }): string {
  return t.verificationErrors[e.code] ?? (t.lang === 'en' && e.reason ? e.reason : t.verificationFailed);
}

/** Maps a requirement (with the person prefix) to the form field name that answers it. */
function formFieldOf(requirement: string, prefix: string): string {
  const r = requirement.startsWith(`${prefix}.`) ? requirement.slice(prefix.length + 1) : requirement;
  const map: Record<string, string> = {
    'dob.day': 'dob', 'dob.month': 'dob', 'dob.year': 'dob', 'address.line1': 'line1', 'address.city': 'city', 'address.state': 'state', 'address.postal_code': 'postal_code',
    ssn_last_4: 'id_number', id_number: 'id_number', 'relationship.title': 'title',
    'company.name': 'company_name', 'company.tax_id': 'tax_id', 'company.phone': 'company_phone', 'company.address.line1': 'company_line1', 'company.address.city': 'company_city',
    'company.address.state': 'company_state', 'company.address.postal_code': 'company_postal_code', 'business_profile.mcc': 'mcc', 'business_profile.url': 'url', external_account: 'account_number',
  };
  return map[r] ?? r;
}

function renderStep(sim: Simulator, l: Loaded, step: StepId, locale: OnboardingLocale, fieldErrors: FieldErrors = {}, values: Values = {}, status = 200): Response {
  const t = ONBOARDING_MESSAGES[locale];
  const platform = sim.settings.branding.platform_name;
  const a = l.account;
  const spec = COUNTRIES[a.country ?? 'US'] ?? COUNTRIES.US;
  const prefix = personPrefix(l);
  const p = person(l);
  const errs = { ...fieldErrors };
  for (const e of errorsFor(l, step)) {
    const f = formFieldOf(e.requirement, prefix);
    errs[f] ??= verificationMessage(t, e);
  }
  const v = (name: string, fallback: unknown) => (name in values ? values[name] : fallback === null || fallback === undefined ? '' : String(fallback));
  let inner = '';
  switch (step) {
    case 'business_type': {
      const cur = v('business_type', a.business_type);
      inner = `<fieldset${errs.business_type ? ' aria-describedby="f-business_type-err"' : ''}><legend>${esc(t.businessType)}</legend>
<label class="ck-ob-choice"><input type="radio" name="business_type" value="individual"${cur === 'individual' ? ' checked' : ''} required> <span>${esc(t.individual)}</span></label>
<label class="ck-ob-choice"><input type="radio" name="business_type" value="company"${cur === 'company' ? ' checked' : ''} required> <span>${esc(t.company)}</span></label>
${errs.business_type ? `<p class="ck-ob-error" id="f-business_type-err">${esc(errs.business_type)}</p>` : ''}</fieldset>`;
      break;
    }
    case 'company_details': {
      const c = a.company;
      inner = [
        field('company_name', t.companyName, v('company_name', c?.name), errs, { required: true, autocomplete: 'organization' }),
        field('tax_id', t.taxId, v('tax_id', ''), errs, { required: !c?.tax_id_provided, hint: c?.tax_id_provided ? t.idProvided : t.idNumberHint, inputmode: 'numeric' }),
        field('company_phone', t.phone, v('company_phone', c?.phone), errs, { type: 'tel', required: true, autocomplete: 'tel' }),
        field('company_line1', t.line1, v('company_line1', c?.address?.line1), errs, { required: true, hint: t.testValues.address }),
        `<div class="ck-ob-row">${field('company_city', t.city, v('company_city', c?.address?.city), errs, { required: true })}${field('company_postal_code', t.postalCode, v('company_postal_code', c?.address?.postal_code), errs, { required: true })}</div>`,
        spec.state ? field('company_state', t.state, v('company_state', c?.address?.state), errs, { required: true }) : '',
        checkbox('owners_provided', t.ownersProvided, 'owners_provided' in values ? values.owners_provided === 'true' : !!c?.owners_provided, errs, true),
        spec.sepa ? checkbox('directors_provided', t.directorsProvided, 'directors_provided' in values ? values.directors_provided === 'true' : !!c?.directors_provided, errs, true) : '',
      ].join('\n');
      break;
    }
    case 'representative_details':
      inner = [
        `<div class="ck-ob-row">${field('first_name', t.firstName, v('first_name', p?.first_name), errs, { required: true, autocomplete: 'given-name' })}${field('last_name', t.lastName, v('last_name', p?.last_name), errs, { required: true, autocomplete: 'family-name' })}</div>`,
        field('email', t.email, v('email', p?.email ?? a.email), errs, { type: 'email', required: true, autocomplete: 'email' }),
        field('phone', t.phone, v('phone', p?.phone), errs, { type: 'tel', required: true, autocomplete: 'tel', hint: '0000000000' }),
        isCompany(a) ? field('title', t.jobTitle, v('title', p?.relationship?.title), errs, { required: true, autocomplete: 'organization-title' }) : '',
      ].join('\n');
      break;
    case 'date_of_birth': {
      const d = p?.dob;
      const iso = d?.year && d.month && d.day ? `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : '';
      inner = field('dob', t.dob, v('dob', iso), errs, { type: 'date', required: true, hint: t.dobHint, autocomplete: 'bday' });
      break;
    }
    case 'address': {
      const ad = p?.address;
      inner = [
        field('line1', t.line1, v('line1', ad?.line1), errs, { required: true, autocomplete: 'address-line1', hint: t.testValues.address }),
        field('line2', t.line2, v('line2', ad?.line2), errs, { autocomplete: 'address-line2' }),
        `<div class="ck-ob-row">${field('city', t.city, v('city', ad?.city), errs, { required: true, autocomplete: 'address-level2' })}${field('postal_code', t.postalCode, v('postal_code', ad?.postal_code), errs, { required: true, autocomplete: 'postal-code' })}</div>`,
        spec.state ? field('state', t.state, v('state', ad?.state), errs, { required: true, autocomplete: 'address-level1' }) : '',
        `<p class="ck-ob-muted">${esc(t.country)}: ${esc(a.country)}</p>`,
      ].join('\n');
      break;
    }
    case 'identity':
      inner = field('id_number', t.idNumberUS, v('id_number', ''), errs, { required: !p?.id_number_provided, inputmode: 'numeric', autocomplete: 'off', hint: p?.id_number_provided ? `${t.idProvided}. ${t.idNumberHint}` : t.idNumberHint });
      break;
    case 'business_profile': {
      const bp = a.business_profile;
      const mcc = v('mcc', bp?.mcc);
      const options = Object.entries(t.mccOptions).map(([code, label]) => `<option value="${code}"${code === mcc ? ' selected' : ''}>${esc(label)}</option>`).join('');
      inner = [
        `<div class="ck-ob-field"><label for="f-mcc">${esc(t.mcc)}</label><select id="f-mcc" name="mcc" required${errs.mcc ? ' aria-invalid="true" aria-describedby="f-mcc-err"' : ''}><option value=""></option>${options}</select>${errs.mcc ? `<p class="ck-ob-error" id="f-mcc-err">${esc(errs.mcc)}</p>` : ''}</div>`,
        field('url', t.url, v('url', bp?.url), errs, { type: 'url', hint: t.urlHint, autocomplete: 'url' }),
        field('product_description', t.productDescription, v('product_description', bp?.product_description), errs),
      ].join('\n');
      break;
    }
    case 'external_account': {
      const onFile = l.banks[l.banks.length - 1];
      const sample = TEST_BANK[a.country ?? 'US'];
      inner = [
        onFile ? `<p role="status">${esc(t.bankOnFile(onFile.last4))} ${esc(t.bankReplaceHint)}</p>` : '',
        field('account_holder_name', t.holderName, v('account_holder_name', onFile?.account_holder_name ?? [p?.first_name, p?.last_name].filter(Boolean).join(' ')), errs, { autocomplete: 'name' }),
        spec.sepa
          ? field('account_number', t.iban, v('account_number', ''), errs, { required: !onFile, hint: t.testValues.bank_EU, autocomplete: 'off' })
          : `${field('routing_number', t.routingNumber, v('routing_number', ''), errs, { required: !onFile, inputmode: 'numeric', hint: sample ? t.testValues.bank_US : undefined, autocomplete: 'off' })}${field('account_number', t.accountNumber, v('account_number', ''), errs, { required: !onFile, inputmode: 'numeric', autocomplete: 'off' })}`,
      ].join('\n');
      break;
    }
    case 'summary':
      return renderSummary(sim, l, locale, errs, status);
  }
  const all = steps(l);
  const prev = all[all.indexOf(step) - 1];
  const errorList = Object.entries(errs);
  const alert = errorList.length
    ? `<div class="ck-ob-alert" role="alert" tabindex="-1"><p>${esc(t.errorSummary)}</p><ul>${errorList.map(([f, m]) => `<li><a href="#f-${esc(f)}">${esc(m)}</a></li>`).join('')}</ul></div>`
    : '';
  const action = `/connect/onboarding/${encodeURIComponent(l.session.id)}?step=${step}`;
  const body = `${progress(l, t, step)}
<h1 id="ck-ob-heading">${esc(t.steps[step])}</h1>
${step === 'business_type' ? `<p>${esc(t.intro(platform))}</p>` : ''}
${alert}
<form method="post" action="${esc(action)}" novalidate>
${inner}
<div class="ck-ob-actions">
${prev ? `<a class="ck-ob-button ck-ob-secondary" href="/connect/onboarding/${encodeURIComponent(l.session.id)}?step=${prev}">${esc(t.back)}</a>` : '<span></span>'}
<button type="submit">${esc(t.continue)}</button>
</div>
</form>
${leaveLink(sim, l.session, t)}`;
  return page({ sim, locale, title: t.steps[step], body, session: l.session, step, status });
}

function leaveLink(sim: Simulator, s: OnboardingSession, t: OnboardingMessages): string {
  const platform = sim.settings.branding.platform_name;
  if (s.mode === 'embedded') return `<p><a href="#" data-ck-exit>${esc(t.leave(platform))}</a></p>`;
  if (!s.return_url) return '';
  return `<p><a href="${esc(s.return_url)}">${esc(t.leave(platform))}</a></p>`;
}

function requirementLabel(t: OnboardingMessages, requirement: string, prefix: string): string {
  const r = requirement.startsWith(`${prefix}.`) ? requirement.slice(prefix.length + 1) : requirement.replace(/^(individual|representative|person_[A-Za-z0-9]+)\./, '');
  return t.fieldNames[r] ?? r;
}

function renderSummary(sim: Simulator, l: Loaded, locale: OnboardingLocale, errs: FieldErrors, status: number): Response {
  const t = ONBOARDING_MESSAGES[locale];
  const a = l.account;
  const p = person(l);
  const prefix = personPrefix(l);
  const sid = encodeURIComponent(l.session.id);
  const row = (label: string, value: string | null | undefined, step: StepId, hidden = false) =>
    `<dt>${esc(label)}</dt><dd>${value ? esc(value) : `<span class="ck-ob-muted">${esc(hidden ? t.notProvided : t.notProvided)}</span>`}</dd><dd><a href="/connect/onboarding/${sid}?step=${step}" aria-label="${esc(`${t.edit}: ${label}`)}">${esc(t.edit)}</a></dd>`;
  const dob = p?.dob?.year ? `${p.dob.year}-${String(p.dob.month).padStart(2, '0')}-${String(p.dob.day).padStart(2, '0')}` : null;
  const addr = p?.address?.line1 ? [p.address.line1, p.address.line2, p.address.postal_code, p.address.city, p.address.state].filter(Boolean).join(', ') : null;
  const bank = l.banks[l.banks.length - 1];
  const rows = [
    row(t.businessType, a.business_type === 'individual' ? t.individual : a.business_type ? t.company : null, 'business_type'),
    isCompany(a) ? row(t.companyName, a.company?.name, 'company_details') : '',
    row(`${t.firstName} / ${t.lastName}`, [p?.first_name, p?.last_name].filter(Boolean).join(' ') || null, 'representative_details'),
    row(t.email, p?.email, 'representative_details'),
    row(t.phone, p?.phone, 'representative_details'),
    row(t.dob, dob, 'date_of_birth'),
    row(t.line1, addr, 'address'),
    steps(l).includes('identity') ? row(t.idNumberUS, p?.id_number_provided || p?.ssn_last_4_provided ? t.idProvided : null, 'identity') : '',
    row(t.mcc, a.business_profile?.mcc ? (t.mccOptions[a.business_profile.mcc] ?? a.business_profile.mcc) : null, 'business_profile'),
    row(t.url, a.business_profile?.url ?? a.business_profile?.product_description, 'business_profile'),
    steps(l).includes('external_account') ? row(t.steps.external_account, bank ? `•••• ${bank.last4}` : null, 'external_account') : '',
  ].join('\n');
  const req = a.requirements as unknown as RequirementsHash;
  const stillDue = due(l).filter((f) => !f.startsWith('tos_acceptance.'));
  const verification = req.errors;
  const issues = [
    ...verification.map((e) => ({ text: `${requirementLabel(t, e.requirement, prefix)}: ${verificationMessage(t, e)}`, step: stepOf(l, e.requirement) })),
    ...stillDue.filter((f) => !verification.some((e) => e.requirement === f)).map((f) => ({ text: requirementLabel(t, f, prefix), step: stepOf(l, f) })),
  ];
  const unique = [...new Map(issues.map((i) => [i.text, i])).values()];
  const dueBlock = unique.length
    ? `<div class="ck-ob-alert" role="alert" id="ck-ob-due"><p>${esc(t.stillDue)}</p><ul>${unique.map((i) => `<li><a href="/connect/onboarding/${sid}?step=${i.step}">${esc(i.text)}</a></li>`).join('')}</ul></div>`
    : `<p role="status">${esc(t.nothingDue)}</p>`;
  const tosDone = !!a.tos_acceptance?.date;
  const tos = tosDone || l.session.skip_tos ? `<p>${esc(t.tosAccepted)}</p>` : checkbox('tos', t.tosLabel(sim.settings.branding.platform_name), false, errs, true);
  const body = `${progress(l, t, 'summary')}
<h1 id="ck-ob-heading">${esc(t.steps.summary)}</h1>
<p>${esc(t.reviewIntro)}</p>
${dueBlock}
<dl class="ck-ob-review">
${rows}
</dl>
<form method="post" action="/connect/onboarding/${sid}?step=summary" novalidate>
${tos}
<div class="ck-ob-actions">
<a class="ck-ob-button ck-ob-secondary" href="/connect/onboarding/${sid}?step=${steps(l)[steps(l).length - 2]}">${esc(t.back)}</a>
<button type="submit">${esc(t.submit)}</button>
</div>
</form>
${leaveLink(sim, l.session, t)}`;
  return page({ sim, locale, title: t.steps.summary, body, session: l.session, step: 'summary', status });
}

function stepOf(l: Loaded, requirement: string): StepId {
  const prefix = personPrefix(l);
  for (const s of steps(l)) {
    const fields = stepFields(s, prefix);
    if (fields.includes(requirement) || fields.includes(requirement.replace(/^representative\./, `${prefix}.`))) return s;
    if (s !== 'business_type' && s !== 'summary' && fields.map((f) => f.replace(`${prefix}.`, 'representative.')).includes(requirement)) return s;
  }
  if (requirement === 'business_profile.product_description') return 'business_profile';
  return 'summary';
}

// ---------------------------------------------------------------- saving steps

function str(form: Record<string, unknown>, k: string): string {
  const v = form[k];
  return typeof v === 'string' ? v.trim() : '';
}

/** A context for page writes: the platform acting on its connected account, outside /v1. */
function pageContext(sim: Simulator, path: string, origin: string | null): RequestContext & { commitHooks: (() => void)[] } {
  return createContext({
    sim,
    account: sim.platformAccount,
    keyType: 'secret',
    version: sim.defaultVersion,
    method: 'POST',
    path,
    pathParams: {},
    params: {},
    rawParams: {},
    requestId: null, // a hosted page's form, not an API request: its events carry request.id null (as the 3DS page's)
    idempotencyKey: null,
    origin,
  });
}

/**
 * An API error met while saving a step, as the page shows it: on the form field that answers the parameter, named
 * by that field's label on this page (the IBAN field is "IBAN", not "Account number"), explained by the catalogue
 * in the page's language. Stripe's English `message` is shown only on an English page, and only for errors the
 * catalogue does not know.
 */
export function fieldErrorFrom(e: Pick<StripeError, 'param' | 'code' | 'message'>, t: OnboardingMessages, fallbackField: string, opts: { sepa: boolean }): FieldErrors {
  const param = e.param ?? '';
  const m = /\[([a-z_0-9]+)\](?:\[[a-z_]+\])?$/.exec(param);
  const key = m ? m[1] : param;
  const fields: Record<string, [string, string]> = {
    dob: ['dob', t.dob], year: ['dob', t.dob], id_number: ['id_number', t.idNumberUS], ssn_last_4: ['id_number', t.idNumberUS],
    routing_number: ['routing_number', t.routingNumber], account_number: ['account_number', opts.sepa ? t.iban : t.accountNumber], mcc: ['mcc', t.mcc], tax_id: ['tax_id', t.taxId],
  };
  const hit = fields[key];
  const explained = apiErrorKey(e, key, opts);
  const text = explained ? t.apiErrors[explained] : t.lang === 'en' ? e.message : '';
  if (hit) return { [hit[0]]: text ? t.fieldError(hit[1], text) : t.invalid(hit[1]) };
  return { [fallbackField]: text || t.saveFailed };
}

/** Which catalogue explanation fits an API error (the simulator's own parameter checks, see core/connect). */
function apiErrorKey(e: Pick<StripeError, 'code' | 'message'>, key: string, opts: { sepa: boolean }): ApiErrorKey | null {
  const msg = e.message;
  switch (key) {
    case 'dob':
    case 'year':
      if (/1900/.test(msg)) return 'dob_too_old';
      if (/future/.test(msg)) return 'dob_future';
      if (/years of age/.test(msg)) return 'dob_too_young';
      return 'dob_invalid';
    case 'id_number':
      return /Social Security/.test(msg) ? 'id_number_us' : 'id_number';
    case 'ssn_last_4':
      return 'ssn_last_4';
    case 'tax_id':
      return 'tax_id';
    case 'mcc':
      return 'mcc';
    case 'routing_number':
      return 'routing_number';
    case 'account_number':
      if (e.code === 'parameter_missing') return null;
      if (opts.sepa) return /country/i.test(msg) ? 'iban_country' : 'iban_invalid';
      return /4 to 17 digits/.test(msg) ? 'account_number_us' : 'account_number';
  }
  return null;
}

function parseDob(v: string): { day: number; month: number; year: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function clientIp(c: Context): string {
  const fwd = c.req.header('x-forwarded-for');
  if (fwd) return fwd.split(',')[0].trim().slice(0, 100);
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

interface SaveResult {
  errors: FieldErrors;
}

/** Validates the step's form and applies it to the account through the same code as the /v1 API. */
function saveStep(sim: Simulator, c: Context, l: Loaded, step: StepId, form: Record<string, unknown>, t: OnboardingMessages): SaveResult {
  const spec = COUNTRIES[l.account.country ?? 'US'] ?? COUNTRIES.US;
  const errors: FieldErrors = {};
  const need = (k: string, label: string) => {
    if (!str(form, k)) errors[k] = t.required(label);
  };
  switch (step) {
    case 'business_type':
      if (!['individual', 'company'].includes(str(form, 'business_type'))) errors.business_type = t.required(t.businessType);
      break;
    case 'company_details':
      need('company_name', t.companyName);
      if (!l.account.company?.tax_id_provided) need('tax_id', t.taxId);
      need('company_phone', t.phone);
      need('company_line1', t.line1);
      need('company_city', t.city);
      need('company_postal_code', t.postalCode);
      if (spec.state) need('company_state', t.state);
      if (str(form, 'owners_provided') !== 'true') errors.owners_provided = t.required(t.ownersProvided);
      if (spec.sepa && str(form, 'directors_provided') !== 'true') errors.directors_provided = t.required(t.directorsProvided);
      break;
    case 'representative_details':
      need('first_name', t.firstName);
      need('last_name', t.lastName);
      need('email', t.email);
      if (str(form, 'email') && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(str(form, 'email'))) errors.email = t.invalid(t.email);
      need('phone', t.phone);
      if (str(form, 'phone') && str(form, 'phone').replace(/\D/g, '').length < 8) errors.phone = t.invalid(t.phone);
      if (isCompany(l.account)) need('title', t.jobTitle);
      break;
    case 'date_of_birth':
      need('dob', t.dob);
      if (str(form, 'dob') && !parseDob(str(form, 'dob'))) errors.dob = t.invalid(t.dob);
      break;
    case 'address':
      need('line1', t.line1);
      need('city', t.city);
      need('postal_code', t.postalCode);
      if (spec.state) need('state', t.state);
      break;
    case 'identity':
      if (!person(l)?.id_number_provided) need('id_number', t.idNumberUS);
      break;
    case 'business_profile':
      need('mcc', t.mcc);
      if (!str(form, 'url') && !str(form, 'product_description')) errors.url = t.required(t.url);
      break;
    case 'external_account':
      if (!l.banks.length || str(form, 'account_number')) {
        need('account_number', spec.sepa ? t.iban : t.accountNumber);
        if (!spec.sepa) need('routing_number', t.routingNumber);
      }
      break;
    case 'summary':
      if (!l.account.tos_acceptance?.date && !l.session.skip_tos && str(form, 'tos') !== 'true') errors.tos = t.tosRequired;
      break;
  }
  if (Object.keys(errors).length) return { errors };

  const ctx = pageContext(sim, `/connect/onboarding/${l.session.id}`, c.req.header('origin') ?? null);
  try {
    sim.store.transaction(() => {
      const before = findAccount(sim.store, sim.platformAccount, l.account.id) as AccountObject;
      const after = JSON.parse(JSON.stringify(before)) as AccountObject;
      const secrets = loadSecrets(sim.store, before.id);
      const country = after.country ?? 'US';
      const rep = () => personsOf(sim.store, sim.platformAccount, after.id).find((x) => x.relationship?.representative) ?? null;
      const personParams = (q: Record<string, unknown>) => {
        if (isCompany(after)) {
          savePerson(ctx, after, rep(), { ...q, relationship: { representative: true, executive: true, ...((q.relationship as object | undefined) ?? {}) } });
          return;
        }
        const ind = (after.individual as PersonObject | undefined) ?? newPerson(ctx, after.id);
        after.individual = applyPerson(ctx, ind, q, 'individual', 'individual', secrets, country) as AccountObject['individual'];
      };
      switch (step) {
        case 'business_type': {
          const bt = str(form, 'business_type') as 'individual' | 'company';
          after.business_type = bt;
          if (bt === 'individual') delete after.company;
          else {
            after.company ??= defaultCompany();
            delete after.individual;
          }
          break;
        }
        case 'company_details':
          after.company = applyCompany(after.company ?? defaultCompany(), {
            name: str(form, 'company_name'),
            phone: str(form, 'company_phone'),
            ...(str(form, 'tax_id') ? { tax_id: str(form, 'tax_id') } : {}),
            address: { line1: str(form, 'company_line1'), city: str(form, 'company_city'), postal_code: str(form, 'company_postal_code'), state: str(form, 'company_state') || null, country },
            owners_provided: str(form, 'owners_provided') === 'true',
            ...(spec.sepa ? { directors_provided: str(form, 'directors_provided') === 'true' } : {}),
          }, secrets);
          break;
        case 'representative_details':
          personParams({ first_name: str(form, 'first_name'), last_name: str(form, 'last_name'), email: str(form, 'email'), phone: str(form, 'phone'), ...(isCompany(after) ? { relationship: { title: str(form, 'title') } } : {}) });
          break;
        case 'date_of_birth':
          personParams({ dob: parseDob(str(form, 'dob')) });
          break;
        case 'address':
          personParams({ address: { line1: str(form, 'line1'), line2: str(form, 'line2') || null, city: str(form, 'city'), postal_code: str(form, 'postal_code'), state: str(form, 'state') || null, country } });
          break;
        case 'identity':
          if (str(form, 'id_number')) personParams({ id_number: str(form, 'id_number') });
          break;
        case 'business_profile':
          after.business_profile = applyBusinessProfile(after.business_profile ?? defaultBusinessProfile(), {
            mcc: str(form, 'mcc'),
            url: str(form, 'url') || null,
            product_description: str(form, 'product_description') || null,
          });
          break;
        case 'external_account':
          if (str(form, 'account_number')) {
            replaceBankAccounts(ctx, after, {
              country,
              currency: spec.currency,
              account_number: str(form, 'account_number'),
              routing_number: str(form, 'routing_number') || undefined,
              account_holder_name: str(form, 'account_holder_name') || null,
              account_holder_type: isCompany(after) ? 'company' : 'individual',
            }, 'external_account');
          }
          break;
        case 'summary':
          if (!after.tos_acceptance?.date && !l.session.skip_tos) {
            after.tos_acceptance = { ...(after.tos_acceptance ?? {}), date: sim.clock.now(), ip: clientIp(c), user_agent: (c.req.header('user-agent') ?? '').slice(0, 500) || null } as AccountObject['tos_acceptance'];
          }
          secrets.onboarding_submitted = true;
          break;
      }
      const fresh = findAccount(sim.store, sim.platformAccount, after.id) as AccountObject;
      // Person saves refreshed the stored account already; keep their effects and ours.
      const merged = { ...fresh, ...pick(after, ['business_type', 'company', 'individual', 'business_profile', 'tos_acceptance']) } as AccountObject;
      if (!('company' in after)) delete merged.company;
      if (!('individual' in after)) delete merged.individual;
      refreshAccount(ctx, merged, { secrets, before });
    });
  } catch (e) {
    if (e instanceof StripeError) {
      const fallback: Record<string, string> = { business_type: 'business_type', company_details: 'company_name', representative_details: 'first_name', date_of_birth: 'dob', address: 'line1', identity: 'id_number', business_profile: 'mcc', external_account: 'account_number', summary: 'tos' };
      return { errors: fieldErrorFrom(e, t, fallback[step], { sepa: spec.sepa }) };
    }
    throw e;
  }
  for (const hook of ctx.commitHooks) {
    try {
      hook();
    } catch (err) {
      sim.log('error', 'after-commit hook failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { errors: {} };
}

function pick<T extends object>(o: T, keys: string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = (o as Record<string, unknown>)[k];
  return out as Partial<T>;
}

// ---------------------------------------------------------------- sessions

function newSession(sim: Simulator, init: Omit<OnboardingSession, 'id' | 'object' | 'created' | 'expires_at' | 'finished' | 'visited'>): OnboardingSession {
  const now = sim.clock.now();
  const s: OnboardingSession = { id: `obs_${randomToken(32)}`, object: 'sim_onboarding_session', created: now, expires_at: now + ONBOARDING_SESSION_TTL_SECONDS, finished: false, visited: [], ...init };
  sim.store.transaction(() => sim.store.insert({ id: s.id, type: s.object, account: sim.platformAccount, created: now, data: s, index: { account: s.account } }));
  return s;
}

interface LinkRecord {
  account: string;
  token: string;
  type: 'account_onboarding' | 'account_update';
  refresh_url: string | null;
  return_url: string | null;
  collect: 'currently_due' | 'eventually_due';
  expires_at: number;
  used_at: number | null;
}

function openLink(c: Context, sim: Simulator): Response {
  const token = c.req.param('token') ?? '';
  const locale = localeOf(c, null);
  const t = ONBOARDING_MESSAGES[locale];
  const rec = sim.store.get<LinkRecord>(`acctlink_${token}`);
  if (!rec || rec.type !== 'sim_account_link' || rec.data.account !== c.req.param('account')) return messagePage(sim, locale, t.unknownTitle, t.unknownBody, 404);
  const link = rec.data;
  const now = sim.clock.now();
  if (link.used_at !== null || link.expires_at <= now || !findAccount(sim.store, sim.platformAccount, link.account)) {
    if (link.refresh_url) return redirect(link.refresh_url, 302);
    return messagePage(sim, locale, t.expiredTitle, t.expiredBody, 410);
  }
  sim.store.transaction(() => sim.store.update(rec.id, { ...link, used_at: now }));
  const explicit = c.req.query('locale');
  const s = newSession(sim, {
    account: link.account,
    mode: 'hosted',
    link_type: link.type,
    collect: link.collect,
    return_url: link.return_url,
    refresh_url: link.refresh_url,
    parent_origin: null,
    locale: explicit ? pickOnboardingLocale(explicit, null) : pickOnboardingLocale(null, c.req.header('accept-language')),
    theme: {},
    external_account_collection: true,
    skip_tos: false,
  });
  // The session is bound to this browser: a copied session URL does not open someone else's onboarding.
  const res = redirect(`/connect/onboarding/${encodeURIComponent(s.id)}`);
  res.headers.append('Set-Cookie', `${SESSION_COOKIE}=${s.id}; Path=/connect/onboarding/; HttpOnly; SameSite=Lax; Max-Age=${ONBOARDING_SESSION_TTL_SECONDS}`);
  return res;
}

const SESSION_COOKIE = 'ck_onboarding_session';

function cookieOf(c: Context, name: string): string | null {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function sessionGone(c: Context, sim: Simulator, l: Loaded | null): Response | null {
  const locale = localeOf(c, l?.session ?? null);
  const t = ONBOARDING_MESSAGES[locale];
  if (!l) return messagePage(sim, locale, t.unknownTitle, t.unknownBody, 404);
  if (l.session.mode === 'hosted' && cookieOf(c, SESSION_COOKIE) !== l.session.id) {
    // Opened in another browser (or the cookie is gone): like an expired link, back to the platform for a new one.
    if (l.session.refresh_url) return redirect(l.session.refresh_url, 302);
    return messagePage(sim, locale, t.expiredTitle, t.expiredBody, 403, l.session);
  }
  if (l.session.expires_at <= sim.clock.now()) {
    if (l.session.mode === 'hosted' && l.session.refresh_url) return redirect(l.session.refresh_url, 302);
    return messagePage(sim, locale, t.expiredTitle, t.expiredBody, 410, l.session);
  }
  return null;
}

function isStep(l: Loaded, s: string | undefined): s is StepId {
  return !!s && (steps(l) as string[]).includes(s);
}

function showStep(c: Context, sim: Simulator): Response {
  const l = loadSession(sim, c.req.param('session') ?? '');
  const gone = sessionGone(c, sim, l);
  if (gone || !l) return gone as Response;
  const locale = localeOf(c, l.session);
  const t = ONBOARDING_MESSAGES[locale];
  if (l.session.finished) return finishedPage(sim, l, locale, t);
  const asked = c.req.query('step');
  const step = isStep(l, asked) ? asked : nextStep(l);
  return renderStep(sim, l, step, locale);
}

function finishedPage(sim: Simulator, l: Loaded, locale: OnboardingLocale, t: OnboardingMessages): Response {
  const platform = sim.settings.branding.platform_name;
  const incomplete = (l.account.requirements as unknown as RequirementsHash).currently_due.length > 0;
  const back = l.session.mode === 'hosted' && l.session.return_url ? `<p><a class="ck-ob-button" href="${esc(l.session.return_url)}">${esc(t.returnLink(platform))}</a></p>` : '';
  const body = `<section role="status"><h1>${esc(t.doneTitle)}</h1><p>${esc(t.doneBody(platform))}</p>${incomplete ? `<p>${esc(t.doneIncomplete)}</p>` : ''}</section>${back}`;
  return page({ sim, locale, title: t.doneTitle, body, session: l.session, exit: 'submitted' });
}

async function submitStep(c: Context, sim: Simulator): Promise<Response> {
  const l = loadSession(sim, c.req.param('session') ?? '');
  const gone = sessionGone(c, sim, l);
  if (gone || !l) return gone as Response;
  const locale = localeOf(c, l.session);
  const t = ONBOARDING_MESSAGES[locale];
  const asked = c.req.query('step');
  if (!isStep(l, asked)) return renderStep(sim, l, nextStep(l), locale, {}, {}, 400);
  const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
  const errorsBefore = new Set(errorsFor(l, asked).map((e) => `${e.requirement}:${e.code}`));
  const result = saveStep(sim, c, l, asked, form, t);
  if (Object.keys(result.errors).length) {
    const values: Values = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && !['id_number', 'account_number', 'routing_number', 'tax_id'].includes(k)) values[k] = v;
    return renderStep(sim, l, asked, locale, result.errors, values, 400);
  }
  const fresh = loadSession(sim, l.session.id) as Loaded;
  if (asked === 'summary') {
    sim.store.transaction(() => sim.store.update(fresh.session.id, { ...fresh.session, finished: true }));
    if (fresh.session.mode === 'hosted' && fresh.session.return_url) return redirect(fresh.session.return_url);
    return finishedPage(sim, { ...fresh, session: { ...fresh.session, finished: true } }, locale, t);
  }
  // A verification failure that this submission introduced: show it on the same step.
  const newErrors = errorsFor(fresh, asked).filter((e) => !errorsBefore.has(`${e.requirement}:${e.code}`));
  if (newErrors.length) return redirect(`/connect/onboarding/${encodeURIComponent(fresh.session.id)}?step=${asked}`);
  return redirect(`/connect/onboarding/${encodeURIComponent(fresh.session.id)}?step=${nextStep(fresh, asked)}`);
}

// ---------------------------------------------------------------- embedded

const SAFE_COLOR = /^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\)|[a-zA-Z]{3,20})$/;
const SAFE_FONT = /^[A-Za-z0-9 ,'"-]{1,200}$/;
const SAFE_LENGTH = /^\d{1,3}(\.\d+)?(px|rem|em)$/;

function themeFrom(appearance: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const vars = (appearance as { variables?: Record<string, unknown> } | null)?.variables;
  if (!vars || typeof vars !== 'object') return out;
  const take = (k: string, re: RegExp, css: string) => {
    const v = vars[k];
    if (typeof v === 'string' && re.test(v.trim())) out[css] = v.trim();
  };
  take('colorPrimary', SAFE_COLOR, '--ck-ob-brand');
  take('buttonPrimaryColorText', SAFE_COLOR, '--ck-ob-brand-text');
  take('colorBackground', SAFE_COLOR, '--ck-ob-card');
  take('colorText', SAFE_COLOR, '--ck-ob-text');
  take('colorSecondaryText', SAFE_COLOR, '--ck-ob-muted');
  take('colorDanger', SAFE_COLOR, '--ck-ob-danger');
  take('colorBorder', SAFE_COLOR, '--ck-ob-border');
  take('borderRadius', SAFE_LENGTH, '--ck-ob-radius');
  take('fontFamily', SAFE_FONT, '--ck-ob-font');
  return out;
}

function themeCss(sim: Simulator, session: OnboardingSession | null): string {
  const vars: Record<string, string> = { '--ck-ob-brand': sim.settings.branding.primary_color, ...(session?.theme ?? {}) };
  return `:root {\n${Object.entries(vars).map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}\n`;
}

async function startEmbedded(c: Context, sim: Simulator): Promise<Response> {
  const fail = (status: number, type: string, message: string) => new Response(JSON.stringify({ error: { type, message } }), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  let body: Record<string, unknown>;
  try {
    body = (await c.req.json()) as Record<string, unknown>;
  } catch {
    return fail(400, 'invalid_request_error', 'Invalid JSON body.');
  }
  if (body.publishable_key !== sim.keys.publishable) return fail(401, 'invalid_request_error', 'Invalid publishable key: pass the publishable key of the platform that created the account session.');
  const secret = typeof body.client_secret === 'string' ? body.client_secret : '';
  const accs = sessionForSecret(sim, secret);
  if (!accs) return fail(401, 'invalid_request_error', 'The account session client secret is invalid or has expired. Fetch a new one from your server.');
  const comp = accs.components.account_onboarding;
  if (!comp?.enabled) return fail(403, 'invalid_request_error', 'The account_onboarding component is not enabled for this account session (components[account_onboarding][enabled]=true).');
  const parent = safeOrigin(typeof body.parent_origin === 'string' ? body.parent_origin : null);
  const opts = (body.collection_options ?? {}) as { fields?: string };
  const s = newSession(sim, {
    account: accs.account,
    mode: 'embedded',
    link_type: 'account_onboarding',
    collect: opts.fields === 'eventually_due' ? 'eventually_due' : 'currently_due',
    return_url: null,
    refresh_url: null,
    parent_origin: parent,
    locale: typeof body.locale === 'string' && body.locale && body.locale !== 'auto' ? pickOnboardingLocale(body.locale, null) : pickOnboardingLocale(null, c.req.header('accept-language')),
    theme: themeFrom(body.appearance),
    external_account_collection: comp.features.external_account_collection !== false,
    skip_tos: body.skip_terms_of_service === true,
  });
  return new Response(JSON.stringify({ url: `/connect/onboarding/${encodeURIComponent(s.id)}` }), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
}

function expressDashboard(c: Context, sim: Simulator): Response {
  const locale = localeOf(c, null);
  const t = ONBOARDING_MESSAGES[locale];
  const token = c.req.param('token') ?? '';
  const rec = sim.store.get<{ account: string; expires_at: number; used: boolean }>(`lllink_${token}`);
  if (!rec || rec.type !== 'sim_login_link') return messagePage(sim, locale, t.unknownTitle, t.unknownBody, 404);
  if (rec.data.used || rec.data.expires_at <= sim.clock.now()) return messagePage(sim, locale, t.expiredTitle, t.expiredBody, 410);
  sim.store.transaction(() => sim.store.update(rec.id, { ...rec.data, used: true }));
  const a = findAccount(sim.store, sim.platformAccount, rec.data.account);
  const body = `<h1>Express Dashboard</h1><dl class="ck-ob-review"><dt>Account</dt><dd>${esc(a?.id)}</dd><dd></dd><dt>charges_enabled</dt><dd>${esc(a?.charges_enabled)}</dd><dd></dd><dt>payouts_enabled</dt><dd>${esc(a?.payouts_enabled)}</dd><dd></dd></dl>`;
  return page({ sim, locale, title: 'Express Dashboard', body, session: null });
}

/** Registers the onboarding pages and their assets on the simulator's Hono app. */
export function connectOnboardingPages(app: Hono, sim: Simulator): void {
  app.get('/connect/assets/onboarding.css', () => asset(ONBOARDING_CSS, 'text/css'));
  app.get('/connect/assets/onboarding.js', () => asset(ONBOARDING_JS, 'text/javascript'));
  app.get('/connect/assets/theme/:file', (c) => {
    const id = (c.req.param('file') ?? '').replace(/\.css$/, '');
    const rec = id === 'default' ? undefined : sim.store.get<OnboardingSession>(id);
    return asset(themeCss(sim, rec?.type === 'sim_onboarding_session' ? rec.data : null), 'text/css', 'no-store');
  });
  app.get('/connect/embedded/frame.html', () =>
    new Response(FRAME_HTML, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *",
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      },
    }),
  );
  app.get('/connect/embedded/frame.js', () => asset(FRAME_JS, 'text/javascript'));
  app.post('/connect/embedded/sessions', (c) => startEmbedded(c, sim));
  app.get('/setup/s/:account/:token', (c) => openLink(c, sim));
  app.get('/connect/onboarding/:session', (c) => showStep(c, sim));
  app.post('/connect/onboarding/:session', (c) => submitStep(c, sim));
  app.get('/connect/express/:token', (c) => expressDashboard(c, sim));
}

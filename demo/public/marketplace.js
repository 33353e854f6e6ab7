import { bindLanguage } from '/demo-lang.js';
// The marketplace's landlord page: sign landlords up (the server creates their connected account, prefilled),
// list them with their status and what is still due, and onboard them with <ck-connect-onboarding>, hosted or
// embedded. The selected landlord and mode live in the URL, so hosted onboarding returns here and a reload resumes.
const T = {
  en: {
    title: 'Marketplace: landlords',
    intro: 'Landlords sign up, then onboard with Stripe so they can be paid for their rentals. Only landlords whose account can accept charges appear on the rentals page.',
    rentals: 'Go to the rentals page',
    signupTitle: 'Add a landlord', name: 'Full name', email: 'Email', country: 'Country', signup: 'Sign up',
    landlordsTitle: 'Landlords', colName: 'Name', colStatus: 'Status', colDue: 'Still due', colActions: 'Onboarding',
    empty: 'No landlords yet.', ready: 'Can be paid', notReady: 'Cannot be paid yet', submitted: 'Details submitted', notSubmitted: 'Not onboarded',
    nothingDue: 'Nothing', hosted: 'Hosted', embedded: 'Embedded', onboarding: (n, m) => `Onboarding ${n} (${m})`,
    created: (n) => `${n} signed up.`, failed: 'Sign-up failed.', step: (s) => `Step: ${s}`,
    done: (ok) => (ok ? 'Onboarding complete.' : 'Onboarding not finished yet.'),
    language: 'Language', countryUS: 'United States', countryFR: 'France',
  },
  fr: {
    title: 'Place de marché : propriétaires',
    intro: 'Les propriétaires s’inscrivent puis configurent leur compte Stripe pour être payés. Seuls les propriétaires dont le compte peut accepter des paiements apparaissent sur la page des locations.',
    rentals: 'Aller à la page des locations',
    signupTitle: 'Ajouter un propriétaire', name: 'Nom complet', email: 'E-mail', country: 'Pays', signup: 'Inscrire',
    landlordsTitle: 'Propriétaires', colName: 'Nom', colStatus: 'Statut', colDue: 'Encore nécessaire', colActions: 'Inscription',
    empty: 'Aucun propriétaire pour l’instant.', ready: 'Peut être payé', notReady: 'Ne peut pas encore être payé', submitted: 'Informations envoyées', notSubmitted: 'Non inscrit',
    nothingDue: 'Rien', hosted: 'Hébergée', embedded: 'Intégrée', onboarding: (n, m) => `Inscription de ${n} (${m})`,
    created: (n) => `${n} est inscrit.`, failed: 'L’inscription a échoué.', step: (s) => `Étape : ${s}`,
    done: (ok) => (ok ? 'Inscription terminée.' : 'Inscription pas encore terminée.'),
    language: 'Langue', countryUS: 'États-Unis', countryFR: 'France',
  },
};

// What Stripe still needs, in the landlord's words rather than Stripe's requirement paths (individual.dob.day).
// The raw path stays on the element (data-requirement) for developers.
const FIELDS = [
  [/(^|\.)dob(\.|$)/, 'Date of birth', 'Date de naissance'],
  [/(^|\.)first_name(_kana|_kanji)?$/, 'First name', 'Prénom'],
  [/(^|\.)last_name(_kana|_kanji)?$/, 'Last name', 'Nom'],
  [/(^|\.)email$/, 'Email', 'E-mail'],
  [/(^|\.)phone$/, 'Phone number', 'Numéro de téléphone'],
  [/(^|\.)ssn_last_4$/, 'Last 4 digits of the SSN', '4 derniers chiffres du SSN'],
  [/(^|\.)id_number$/, 'ID number', 'Numéro d’identification'],
  [/verification\.additional_document/, 'Proof of address', 'Justificatif de domicile'],
  [/verification\.(document|proof_of_liveness)/, 'Identity document', 'Pièce d’identité'],
  [/^company\.address/, 'Company address', 'Adresse de l’entreprise'],
  [/(^|\.)address(\.|$)/, 'Address', 'Adresse'],
  [/^external_account/, 'Bank account for payouts', 'Compte bancaire pour les virements'],
  [/^tos_acceptance/, 'Acceptance of the terms of service', 'Acceptation des conditions d’utilisation'],
  [/^business_profile\.url$/, 'Business website', 'Site web de l’activité'],
  [/^business_profile\.mcc$/, 'Industry', 'Secteur d’activité'],
  [/^business_profile\.product_description$/, 'Description of the business', 'Description de l’activité'],
  [/^business_type$/, 'Type of business', 'Type d’activité'],
  [/^company\.name$/, 'Company name', 'Nom de l’entreprise'],
  [/^company\.tax_id$/, 'Company tax ID', 'Numéro fiscal de l’entreprise'],
  [/^company\.owners_provided$/, 'Company owners', 'Propriétaires de l’entreprise'],
  [/^company\.directors_provided$/, 'Company directors', 'Dirigeants de l’entreprise'],
  [/^company\.executives_provided$/, 'Company executives', 'Cadres de l’entreprise'],
  [/(^|\.)title$/, 'Job title', 'Fonction'],
];
const ERRORS = {
  verification_failed_keyed_identity: ['The name, date of birth or ID number could not be verified.', 'Le nom, la date de naissance ou le numéro d’identification n’a pas pu être vérifié.'],
  verification_failed_address_match: ['The address could not be verified.', 'L’adresse n’a pas pu être vérifiée.'],
  verification_document_failed_test_mode: ['The identity document could not be verified.', 'La pièce d’identité n’a pas pu être vérifiée.'],
  invalid_address_po_boxes_disallowed: ['A P.O. box cannot be used as the address.', 'Une boîte postale ne peut pas servir d’adresse.'],
  invalid_tos_acceptance: ['The terms of service must be accepted again.', 'Les conditions d’utilisation doivent être acceptées à nouveau.'],
};
const isFr = () => document.documentElement.lang === 'fr';
function fieldName(requirement) {
  const path = requirement.replace(/^(person_[A-Za-z0-9]+|representative|owners|directors|executives)\./, 'individual.');
  const hit = FIELDS.find(([re]) => re.test(path));
  if (hit) return isFr() ? hit[2] : hit[1];
  const last = path.split('.').filter((p) => p !== 'verification').pop() ?? path;
  const words = last.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
function errorText(e) {
  const known = ERRORS[e.code];
  if (known) return isFr() ? `${fieldName(e.requirement)} : ${known[1]}` : `${fieldName(e.requirement)}: ${known[0]}`;
  if (isFr()) return `${fieldName(e.requirement)} : à corriger.`;
  return `${fieldName(e.requirement)}: ${e.reason || 'needs to be corrected.'}`;
}
const t = () => T[document.documentElement.lang === 'fr' ? 'fr' : 'en'];

const onboarding = document.getElementById('onboarding');
const card = document.getElementById('onboarding-card');
const heading = document.getElementById('onboarding-title');
const log = document.getElementById('onboarding-log');
const tbody = document.querySelector('#landlords tbody');
const empty = document.getElementById('empty');
let landlords = [];

function translatePage() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t()[el.dataset.i18n];
  render();
}

function render() {
  tbody.replaceChildren();
  empty.hidden = landlords.length > 0;
  for (const l of landlords) {
    const tr = document.createElement('tr');
    tr.dataset.account = l.id;
    const name = document.createElement('td');
    name.textContent = l.name;
    const status = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = `mk-badge ${l.can_be_paid ? 'ok' : 'pending'}`;
    badge.textContent = l.can_be_paid ? t().ready : t().notReady;
    const sub = document.createElement('div');
    sub.className = 'muted';
    sub.textContent = l.details_submitted ? t().submitted : t().notSubmitted;
    status.append(badge, sub);
    const due = document.createElement('td');
    const list = document.createElement('ul');
    for (const r of l.requirements.currently_due) {
      const words = fieldName(r);
      const same = [...list.children].find((li) => li.textContent === words);
      if (same) {
        same.dataset.requirement += ` ${r}`;
        continue;
      }
      const li = document.createElement('li');
      li.textContent = words;
      li.dataset.requirement = r;
      list.append(li);
    }
    for (const e of l.requirements.errors) {
      const li = document.createElement('li');
      li.className = 'mk-error';
      li.textContent = errorText(e);
      li.dataset.requirement = e.requirement;
      li.dataset.code = e.code;
      list.append(li);
    }
    if (!list.children.length) due.textContent = t().nothingDue;
    else due.append(list);
    const actions = document.createElement('td');
    const box = document.createElement('div');
    box.className = 'mk-actions';
    for (const mode of ['hosted', 'embedded']) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = t()[mode];
      b.setAttribute('aria-label', `${t()[mode]}: ${l.name}`);
      b.addEventListener('click', () => select(l.id, mode, true));
      box.append(b);
    }
    actions.append(box);
    tr.append(name, status, due, actions);
    tbody.append(tr);
  }
}

async function refresh() {
  const res = await fetch('/api/marketplace/landlords');
  landlords = (await res.json()).landlords;
  render();
}

/** Shows <ck-connect-onboarding> for a landlord; `start` opens hosted onboarding right away. */
function select(account, mode, start) {
  const l = landlords.find((x) => x.id === account);
  const url = new URL(location.href);
  url.searchParams.set('account', account);
  url.searchParams.set('mode', mode);
  history.replaceState(null, '', url);
  heading.textContent = t().onboarding(l ? l.name : account, t()[mode]);
  card.hidden = false;
  onboarding.setAttribute('mode', mode);
  onboarding.setAttribute('account', account);
  if (mode === 'hosted' && start) onboarding.openHostedOnboarding();
}

onboarding.addEventListener('ck-onboarding-step', (e) => {
  log.textContent = t().step(e.detail.step);
});
onboarding.addEventListener('ck-onboarding-complete', (e) => {
  log.textContent = t().done(e.detail.complete);
  void refresh();
});

document.getElementById('signup').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const status = document.getElementById('signup-status');
  const body = Object.fromEntries(new FormData(form));
  const res = await fetch('/api/marketplace/landlords', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) {
    status.textContent = json.error?.message ?? t().failed;
    return;
  }
  status.textContent = t().created(json.landlord.name);
  form.reset();
  await refresh();
});

const lang = document.getElementById('lang');
bindLanguage(lang, translatePage);

async function start() {
  const config = await fetch('/api/config').then((r) => r.json());
  if (config.simulatorUrl) onboarding.setAttribute('simulator', config.simulatorUrl);
  onboarding.setAttribute('publishable-key', config.publishableKey);
  await refresh();
  translatePage();
  const params = new URL(location.href).searchParams;
  const account = params.get('account');
  if (account) select(account, params.get('mode') === 'hosted' ? 'hosted' : 'embedded', false);
}
void start();

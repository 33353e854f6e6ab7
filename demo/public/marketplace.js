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
  },
};
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
      const li = document.createElement('li');
      li.textContent = r;
      list.append(li);
    }
    for (const e of l.requirements.errors) {
      const li = document.createElement('li');
      li.className = 'mk-error';
      li.textContent = `${e.requirement}: ${e.code}`;
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
const saved = new URL(location.href).searchParams.get('lang') || localStorage.getItem('ck-demo-lang');
if (saved === 'fr' || saved === 'en') {
  document.documentElement.lang = saved;
  localStorage.setItem('ck-demo-lang', saved);
}
lang.value = document.documentElement.lang;
lang.addEventListener('change', () => {
  document.documentElement.lang = lang.value;
  localStorage.setItem('ck-demo-lang', lang.value);
  translatePage();
});

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

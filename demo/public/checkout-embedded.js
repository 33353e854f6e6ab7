import { chosenLanguage } from '/demo-lang.js';
// Embedded checkout: ask the merchant's server for a Checkout Session for the order chosen on /checkout.html
// (its form sends qty_tee, qty_mug, qty_cap and lang here), then give <ck-checkout> its client secret.
// <ck-checkout> mounts Stripe's embedded checkout (the simulator's when the demo runs on it).
// Opened directly, with no quantities, the page checks out a sample order: one T-shirt and one mug.
const T = {
  en: { back: 'Change the order', title: 'Embedded checkout', intro: 'The Checkout Session is created by the merchant’s server (ui_mode embedded_page); only its client secret reaches this page.', failed: 'The checkout could not be started. Reload the page to try again.' },
  fr: { back: 'Modifier la commande', title: 'Paiement intégré', intro: 'La session Checkout est créée par le serveur du marchand (ui_mode embedded_page) ; seul son secret client arrive sur cette page.', failed: 'Le paiement n’a pas pu démarrer. Rechargez la page pour réessayer.' },
};
const checkout = document.getElementById('checkout');
const params = new URLSearchParams(location.search);
const chosen = chosenLanguage();
if (chosen) document.documentElement.lang = chosen;
const t = T[document.documentElement.lang === 'fr' ? 'fr' : 'en'];
for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];

function order() {
  const names = ['qty_tee', 'qty_mug', 'qty_cap'];
  if (!names.some((n) => params.has(n))) return { qty_tee: 1, qty_mug: 1 };
  const body = {};
  for (const n of names) body[n] = Number(params.get(n) ?? 0);
  return body;
}

async function start() {
  const body = { ...order(), ...(chosen === 'fr' || chosen === 'en' ? { lang: chosen } : {}) };
  const [config, session] = await Promise.all([
    fetch('/api/config').then((r) => r.json()),
    fetch('/api/checkout/embedded', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json()),
  ]);
  if (config.simulatorUrl) checkout.setAttribute('simulator', config.simulatorUrl);
  checkout.setAttribute('publishable-key', config.publishableKey);
  checkout.setAttribute('client-secret', session.clientSecret);
}

start().catch(() => {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = t.failed;
  checkout.replaceWith(p);
});

import { bindLanguage } from '/demo-lang.js';
// The hosted checkout page of the demo needs no script to pay: the form posts to the merchant's server, which
// creates the Checkout Session and redirects. This translates the page, keeps the quantities for a canceled
// checkout (the cancel URL brings the customer back here) and explains the cancellation.
const T = {
  en: {
    language: 'Language', title: 'Checkout', canceled: 'Checkout canceled: your cart is as you left it.', order: 'Your order',
    tee: 'Organic cotton T-shirt', mug: 'Enamel mug', cap: 'Embroidered cap', checkOut: 'Check out', embedded: 'Pay on this page (embedded)',
    hint: '“Check out” redirects to the hosted checkout page; the other button pays the same order without leaving this site. Test card 4242 4242 4242 4242, any future date and CVC.',
  },
  fr: {
    language: 'Langue', title: 'Paiement', canceled: 'Paiement annulé : votre panier est tel que vous l’avez laissé.', order: 'Votre commande',
    tee: 'T-shirt en coton bio', mug: 'Tasse émaillée', cap: 'Casquette brodée', checkOut: 'Payer', embedded: 'Payer sur cette page (intégré)',
    hint: '« Payer » ouvre la page de paiement hébergée ; l’autre bouton règle la même commande sans quitter ce site. Carte de test 4242 4242 4242 4242, une date future et un CVC quelconques.',
  },
};
const KEY = 'ck-checkout-cart';
const form = document.getElementById('order');
const lang = document.getElementById('lang');
const fields = ['qty_tee', 'qty_mug', 'qty_cap'].map((id) => document.getElementById(id));

function translate() {
  const t = T[document.documentElement.lang === 'fr' ? 'fr' : 'en'];
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];
}

// Only a language the customer chose goes to Checkout; otherwise Checkout follows the browser (locale auto).
function choose(value) {
  document.documentElement.lang = value;
  document.getElementById('lang-field').value = value;
}

bindLanguage(lang, translate, choose);
translate();

// The quantities survive the trip to the checkout page and back.
form.addEventListener('submit', () => {
  sessionStorage.setItem(KEY, JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, f.value]))));
});
if (new URLSearchParams(location.search).has('canceled')) {
  document.getElementById('canceled').hidden = false;
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
    for (const f of fields) if (typeof kept[f.name] === 'string' && /^\d{1,2}$/.test(kept[f.name])) f.value = kept[f.name];
  } catch {
    // a damaged saved cart: keep the defaults
  }
}

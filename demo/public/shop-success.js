import { chosenLanguage } from '/demo-lang.js';
// The return_url page: Stripe (or the simulator) sends the customer here with payment_intent,
// payment_intent_client_secret and redirect_status. The order counts as fulfilled only once the merchant's
// webhook recorded the payment, so this page polls the backend until it does.
const params = new URLSearchParams(location.search);
const status = document.getElementById('status');
const itemsList = document.getElementById('items');
const total = document.getElementById('total');
// The shop puts the customer's language in the return URL (?lang=); else their last choice on the demo.
const chosen = chosenLanguage();
const fr = chosen ? chosen === 'fr' : navigator.language.startsWith('fr');
document.documentElement.lang = fr ? 'fr' : 'en';
const t = fr
  ? { failed: 'Le paiement a échoué. Vous pouvez réessayer depuis la boutique.', paid: 'Paiement reçu. Commande traitée.', waiting: 'Paiement reçu, préparation de votre commande…', unknown: 'Commande introuvable.', total: 'Total', title: 'Votre commande', shop: 'Boutique', checking: 'Vérification de votre paiement…', pageTitle: 'Commande · démo checkout-kit' }
  : { failed: 'The payment failed. You can try again from the shop.', paid: 'Payment received. Order fulfilled.', waiting: 'Payment received, preparing your order…', unknown: 'We could not find this order.', total: 'Total', title: 'Your order', shop: 'Shop', checking: 'Checking your payment…', pageTitle: 'Order · checkout-kit demo' };
for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];
document.title = t.pageTitle;
document.getElementById('back').href = `/shop.html?lang=${fr ? 'fr' : 'en'}`;

// Product names in the customer's language, from the shop's catalogue (the order stores ids and English names).
let names = null;
async function productNames() {
  if (!names) {
    names = new Map();
    const res = await fetch('/api/shop/catalogue').catch(() => null);
    if (res?.ok) for (const p of (await res.json()).data) names.set(p.id, p.name[fr ? 'fr' : 'en']);
  }
  return names;
}

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

async function poll(attempt = 0) {
  const id = params.get('payment_intent');
  const secret = params.get('payment_intent_client_secret');
  if (!id || !secret) return show('unknown', t.unknown);
  const res = await fetch(`/api/shop/orders/${encodeURIComponent(id)}?client_secret=${encodeURIComponent(secret)}`);
  if (!res.ok) return show('unknown', t.unknown);
  const data = await res.json();
  if (data.paymentIntent.status === 'requires_payment_method' || params.get('redirect_status') === 'failed') {
    return show('failed', t.failed);
  }
  if (data.order) {
    const localNames = await productNames();
    itemsList.replaceChildren(
      ...data.order.items.map((item) => {
        const li = document.createElement('li');
        li.textContent = `${item.quantity} × ${localNames.get(item.id) ?? item.name}`;
        return li;
      }),
    );
    const fmt = new Intl.NumberFormat(fr ? 'fr-FR' : 'en-US', { style: 'currency', currency: data.order.currency.toUpperCase() });
    total.textContent = `${t.total}${fr ? '\u00a0' : ''}: ${fmt.format(data.order.amount / 100)}`;
  }
  if (data.order?.fulfilled) return show('fulfilled', t.paid);
  show('waiting', t.waiting);
  if (attempt < 60) setTimeout(() => void poll(attempt + 1), 500);
}

void poll();

import { chosenLanguage } from '/demo-lang.js';
// The success page reads the session from the merchant's server (never trusts the URL alone) and shows when the
// signed webhook has fulfilled the order. The customer reads plain words; the Stripe ids and raw statuses are in
// the "Developer details" box.
const T = {
  en: {
    thanks: 'Thank you!', payment: 'Payment', amount: 'Amount', order: 'Your order', waiting: 'Confirming your order…',
    dev: 'Developer details (Stripe ids and statuses)', devOrder: 'Order (fulfilled by the verified checkout.session.completed webhook)', back: 'Back to the shop',
    unknown: 'We could not find this checkout.', paid: 'Paid', unpaid: 'Not paid yet', noPayment: 'No payment needed',
    fulfilled: 'Your order is paid and fulfilled.', notFulfilled: 'Your payment is confirmed; your order will be ready shortly.',
  },
  fr: {
    thanks: 'Merci !', payment: 'Paiement', amount: 'Montant', order: 'Votre commande', waiting: 'Confirmation de votre commande…',
    dev: 'Détails pour les développeurs (identifiants et statuts Stripe)', devOrder: 'Commande (traitée par le webhook checkout.session.completed vérifié)', back: 'Retour à la boutique',
    unknown: 'Ce paiement est introuvable.', paid: 'Payé', unpaid: 'Pas encore payé', noPayment: 'Aucun paiement nécessaire',
    fulfilled: 'Votre commande est payée et traitée.', notFulfilled: 'Votre paiement est confirmé ; votre commande sera prête sous peu.',
  },
};
const chosen = chosenLanguage();
const fr = chosen === 'fr';
if (chosen) document.documentElement.lang = chosen;
const t = T[fr ? 'fr' : 'en'];
for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];

const id = new URLSearchParams(location.search).get('session_id') ?? '';
const $ = (sel) => document.getElementById(sel);
const money = (amount, currency) => new Intl.NumberFormat(fr ? 'fr-FR' : 'en-US', { style: 'currency', currency }).format(amount / 100);
const paymentWords = { paid: t.paid, unpaid: t.unpaid, no_payment_required: t.noPayment };

async function poll(attempt = 0) {
  const res = await fetch(`/api/checkout/session/${encodeURIComponent(id)}`);
  if (!res.ok) {
    $('payment').textContent = t.unknown;
    $('session').textContent = 'Unknown checkout session';
    return;
  }
  const s = await res.json();
  $('session').textContent = `${s.id} (${s.status})`;
  $('payment-status').textContent = s.payment_status;
  $('payment').textContent = paymentWords[s.payment_status] ?? s.payment_status;
  $('amount').textContent = s.amount_total !== null ? money(s.amount_total, s.currency) : '';
  if (s.order) $('order-id').textContent = `${s.order.id} (${s.order.status})`;
  if (s.order?.fulfilled) {
    $('order-status').textContent = t.fulfilled;
    $('order-status').dataset.fulfilled = 'true';
    return;
  }
  if (attempt < 40) setTimeout(() => void poll(attempt + 1), 250);
  else $('order-status').textContent = t.notFulfilled;
}

void poll();

// The return_url page: Stripe (or the simulator) sends the customer here with payment_intent,
// payment_intent_client_secret and redirect_status. The order counts as fulfilled only once the merchant's
// webhook recorded the payment, so this page polls the backend until it does.
const params = new URLSearchParams(location.search);
const status = document.getElementById('status');
const itemsList = document.getElementById('items');
const total = document.getElementById('total');
const fr = (document.documentElement.lang || navigator.language).startsWith('fr');
const t = fr
  ? { failed: 'Le paiement a échoué. Vous pouvez réessayer depuis la boutique.', paid: 'Paiement reçu. Commande traitée.', waiting: 'Paiement reçu, préparation de votre commande…', unknown: 'Commande introuvable.', total: 'Total' }
  : { failed: 'The payment failed. You can try again from the shop.', paid: 'Payment received. Order fulfilled.', waiting: 'Payment received, preparing your order…', unknown: 'We could not find this order.', total: 'Total' };

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
    itemsList.replaceChildren(
      ...data.order.items.map((item) => {
        const li = document.createElement('li');
        li.textContent = `${item.quantity} × ${item.name}`;
        return li;
      }),
    );
    const fmt = new Intl.NumberFormat(fr ? 'fr-FR' : 'en-US', { style: 'currency', currency: data.order.currency.toUpperCase() });
    total.textContent = `${t.total}: ${fmt.format(data.order.amount / 100)}`;
  }
  if (data.order?.fulfilled) return show('fulfilled', t.paid);
  show('waiting', t.waiting);
  if (attempt < 60) setTimeout(() => void poll(attempt + 1), 500);
}

void poll();

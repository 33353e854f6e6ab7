// The success page reads the session from the merchant's server (never trusts the URL alone) and shows when the
// signed webhook has fulfilled the order.
const id = new URLSearchParams(location.search).get('session_id') ?? '';
const $ = (sel) => document.getElementById(sel);
const money = (amount, currency) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);

async function poll(attempt = 0) {
  const res = await fetch(`/api/checkout/session/${encodeURIComponent(id)}`);
  if (!res.ok) {
    $('session').textContent = 'Unknown checkout session';
    return;
  }
  const s = await res.json();
  $('session').textContent = `${s.id} (${s.status})`;
  $('payment-status').textContent = s.payment_status;
  $('amount').textContent = s.amount_total !== null ? money(s.amount_total, s.currency) : '';
  if (s.order?.fulfilled) {
    $('order-status').textContent = `${s.order.id}: paid and fulfilled`;
    $('order-status').dataset.fulfilled = 'true';
    return;
  }
  if (attempt < 40) setTimeout(() => void poll(attempt + 1), 250);
}

void poll();

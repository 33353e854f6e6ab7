// Embedded checkout: ask the merchant's server for a Checkout Session, then give <ck-checkout> its client secret.
// <ck-checkout> mounts Stripe's embedded checkout (the simulator's when the demo runs on it).
const checkout = document.getElementById('checkout');

async function start() {
  const [config, session] = await Promise.all([
    fetch('/api/config').then((r) => r.json()),
    fetch('/api/checkout/embedded', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ qty_tee: 1, qty_mug: 1 }) }).then((r) => r.json()),
  ]);
  if (config.simulatorUrl) checkout.setAttribute('simulator', config.simulatorUrl);
  checkout.setAttribute('publishable-key', config.publishableKey);
  checkout.setAttribute('client-secret', session.clientSecret);
}

start().catch(() => {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = 'The checkout could not be started. Reload the page to try again.';
  checkout.replaceWith(p);
});

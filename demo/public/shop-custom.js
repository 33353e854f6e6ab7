// Plain Stripe.js integration code. The only kit piece is `getStripe`, which loads the simulator's Stripe.js when
// the demo runs on it (and Stripe's otherwise), then calls `loadStripe` from @stripe/stripe-js.
import { getStripe } from '/checkout-kit.bundle.js';

const config = await fetch('/api/config').then((r) => r.json());
const stripe = await getStripe(config.publishableKey, { simulatorUrl: config.simulatorUrl ?? undefined });
const elements = stripe.elements();
const card = elements.create('card');
card.mount('#card-element');
card.on('change', (event) => {
  document.getElementById('card-errors').textContent = event.error ? event.error.message : '';
});
// Exposed for the end-to-end tests of the Stripe.js API.
window.demo = { stripe, elements, card };

const form = document.getElementById('payment-form');
const result = document.getElementById('result');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const cartId = `cart_${crypto.randomUUID().replace(/-/g, '')}`;
  const { clientSecret } = await fetch('/api/shop/payment-intent', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ cartId, items: [{ id: 'cap', quantity: 1 }] }),
  }).then((r) => r.json());
  const { error, paymentIntent } = await stripe.confirmCardPayment(clientSecret, { payment_method: { card } });
  result.textContent = error ? `Failed: ${error.message}` : `Payment ${paymentIntent.status}: ${paymentIntent.id}`;
});

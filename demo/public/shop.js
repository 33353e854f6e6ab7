import { bindLanguage } from '/demo-lang.js';
// The shop page: the page owns the cart (product ids and quantities only); the server prices it and owns the
// PaymentIntent. <ck-payment-element> asks /api/shop/payment-intent for the client secret.
// Query options for trying variants: ?lang=fr, ?theme=dark, ?redirect=always.
const params = new URLSearchParams(location.search);
const texts = {
  en: { language: 'Language', theme: 'Theme', title: 'Shop', products: 'Products', cart: 'Cart', payment: 'Payment', viewOrder: 'View your order', add: 'Add', themeAuto: 'Auto', themeLight: 'Light', themeDark: 'Dark' },
  fr: { language: 'Langue', theme: 'Thème', title: 'Boutique', products: 'Produits', cart: 'Panier', payment: 'Paiement', viewOrder: 'Voir votre commande', add: 'Ajouter', themeAuto: 'Automatique', themeLight: 'Clair', themeDark: 'Sombre' },
};

const cart = document.getElementById('cart');
const pay = document.getElementById('pay');
const list = document.getElementById('products');
const lang = document.getElementById('lang');
const theme = document.getElementById('theme');

function newCartId() {
  const id = `cart_${crypto.randomUUID().replace(/-/g, '')}`;
  sessionStorage.setItem('ck-shop-cart', id);
  return id;
}

let cartId = sessionStorage.getItem('ck-shop-cart') || newCartId();
let catalogue = [];
let items = [];

function language() {
  return document.documentElement.lang === 'fr' ? 'fr' : 'en';
}

function translatePage() {
  const t = texts[language()];
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];
  for (const button of list.querySelectorAll('button')) {
    const product = catalogue.find((p) => p.id === button.dataset.id);
    button.textContent = t.add;
    button.setAttribute('aria-label', `${t.add}: ${product.name[language()]}`);
    button.previousElementSibling.textContent = product.name[language()];
  }
  updateReturnUrl();
  renderCart();
}

/** The return URL and the order link carry the customer's language, so the order page speaks it too. */
function orderUrl(extra = {}) {
  const url = new URL('/shop-success.html', location.href);
  url.searchParams.set('lang', language());
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url;
}

let lastPayment = null;
function updateReturnUrl() {
  pay.returnUrl = orderUrl().href;
  if (lastPayment) {
    const url = orderUrl(lastPayment);
    document.getElementById('order-href').href = url.pathname + url.search;
  }
}

function renderCart() {
  cart.items = items.map((item) => {
    const product = catalogue.find((p) => p.id === item.id);
    return { id: item.id, description: product.name[language()], unit_amount: product.unit_amount, currency: product.currency, quantity: item.quantity };
  });
}

let syncing = Promise.resolve();
function syncIntent() {
  pay.secretBody = { cartId, items: items.map(({ id, quantity }) => ({ id, quantity })) };
  syncing = syncing.then(() => (items.length ? pay.refresh() : undefined));
  return syncing;
}

function setItems(next) {
  // A new purchase starts: the previous order's link goes away.
  document.getElementById('order-link').hidden = true;
  lastPayment = null;
  items = next.filter((item) => item.quantity > 0);
  renderCart();
  pay.hidden = items.length === 0;
  void syncIntent();
}

async function start() {
  const [config, products] = await Promise.all([
    fetch('/api/config').then((r) => r.json()),
    fetch('/api/shop/catalogue').then((r) => r.json()),
  ]);
  catalogue = products.data;
  for (const product of catalogue) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    const add = document.createElement('button');
    add.className = 'add';
    add.type = 'button';
    add.dataset.id = product.id;
    add.addEventListener('click', () => {
      const existing = items.find((i) => i.id === product.id);
      setItems(existing ? items.map((i) => (i.id === product.id ? { ...i, quantity: i.quantity + 1 } : i)) : [...items, { id: product.id, quantity: 1 }]);
    });
    li.append(name, add);
    list.append(li);
  }
  items = [{ id: catalogue[0].id, quantity: 1 }];
  translatePage();

  pay.publishableKey = config.publishableKey;
  if (config.simulatorUrl) pay.simulator = config.simulatorUrl;
  updateReturnUrl();
  if (params.get('redirect') === 'always') pay.redirect = 'always';
  pay.secretBody = { cartId, items: items.map(({ id, quantity }) => ({ id, quantity })) };
  pay.secretEndpoint = '/api/shop/payment-intent';
}

cart.addEventListener('ck-cart-change', (event) => {
  setItems(event.detail.items.map((item) => ({ id: item.id, quantity: item.quantity })));
});

pay.addEventListener('ck-payment-succeeded', (event) => {
  const pi = event.detail.paymentIntent;
  lastPayment = { payment_intent: pi.id, payment_intent_client_secret: pi.client_secret, redirect_status: 'succeeded' };
  updateReturnUrl();
  document.getElementById('order-link').hidden = false;
  // The paid cart is done: the next purchase starts from an empty cart with a new id (and a new PaymentIntent).
  // The payment form keeps showing its success message until the customer adds something.
  cartId = newCartId();
  items = [];
  renderCart();
});

// The language comes from ?lang=, else the customer's last choice on the demo (kept across reloads and pages).
bindLanguage(lang, translatePage);

const initialTheme = params.get('theme');
if (initialTheme === 'dark' || initialTheme === 'light') document.documentElement.dataset.ckTheme = initialTheme;
theme.value = document.documentElement.dataset.ckTheme ?? 'auto';
theme.addEventListener('change', () => {
  if (theme.value === 'auto') delete document.documentElement.dataset.ckTheme;
  else document.documentElement.dataset.ckTheme = theme.value;
});

start().catch((err) => console.error('shop failed to start', err));

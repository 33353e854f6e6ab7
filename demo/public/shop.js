// The shop page: the page owns the cart (product ids and quantities only); the server prices it and owns the
// PaymentIntent. <ck-payment-element> asks /api/shop/payment-intent for the client secret.
// Query options for trying variants: ?lang=fr, ?theme=dark, ?redirect=always.
const params = new URLSearchParams(location.search);
const texts = {
  en: { language: 'Language', theme: 'Theme', title: 'Shop', products: 'Products', cart: 'Cart', payment: 'Payment', viewOrder: 'View your order', add: 'Add' },
  fr: { language: 'Langue', theme: 'Thème', title: 'Boutique', products: 'Produits', cart: 'Panier', payment: 'Paiement', viewOrder: 'Voir votre commande', add: 'Ajouter' },
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
  renderCart();
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
  pay.returnUrl = new URL('/shop-success.html', location.href).href;
  if (params.get('redirect') === 'always') pay.redirect = 'always';
  pay.secretBody = { cartId, items: items.map(({ id, quantity }) => ({ id, quantity })) };
  pay.secretEndpoint = '/api/shop/payment-intent';
}

cart.addEventListener('ck-cart-change', (event) => {
  setItems(event.detail.items.map((item) => ({ id: item.id, quantity: item.quantity })));
});

pay.addEventListener('ck-payment-succeeded', (event) => {
  const pi = event.detail.paymentIntent;
  const link = document.getElementById('order-href');
  const url = new URL('/shop-success.html', location.href);
  url.searchParams.set('payment_intent', pi.id);
  url.searchParams.set('payment_intent_client_secret', pi.client_secret);
  url.searchParams.set('redirect_status', 'succeeded');
  link.href = url.pathname + url.search;
  document.getElementById('order-link').hidden = false;
  cartId = newCartId();
});

if (params.get('lang') === 'fr' || params.get('lang') === 'en') document.documentElement.lang = params.get('lang');
lang.value = language();
lang.addEventListener('change', () => {
  document.documentElement.lang = lang.value;
  translatePage();
});

const initialTheme = params.get('theme');
if (initialTheme === 'dark' || initialTheme === 'light') document.documentElement.dataset.ckTheme = initialTheme;
theme.value = document.documentElement.dataset.ckTheme ?? 'auto';
theme.addEventListener('change', () => {
  if (theme.value === 'auto') delete document.documentElement.dataset.ckTheme;
  else document.documentElement.dataset.ckTheme = theme.value;
});

start().catch((err) => console.error('shop failed to start', err));

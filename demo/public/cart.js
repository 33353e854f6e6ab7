import { bindLanguage } from '/demo-lang.js';
// The merchant's cart page: the page owns the cart; <ck-cart> displays it and asks before each change.
const T = {
  en: { language: 'Language', title: 'Your cart', products: 'Products', cart: 'Cart', add: 'Add', left: (n, name) => `Only ${n} left of ${name}.` },
  fr: { language: 'Langue', title: 'Votre panier', products: 'Produits', cart: 'Panier', add: 'Ajouter', left: (n, name) => `Plus que ${n} en stock pour ${name}.` },
};
const NAMES = {
  tee: { en: 'Organic cotton T-shirt', fr: 'T-shirt en coton bio' },
  mug: { en: 'Enamel mug', fr: 'Tasse émaillée' },
  cap: { en: 'Embroidered cap', fr: 'Casquette brodée' },
};
const catalogue = [
  { id: 'tee', unit_amount: 2500, currency: 'usd' },
  { id: 'mug', unit_amount: 1200, currency: 'usd' },
  { id: 'cap', unit_amount: 1800, currency: 'usd' },
];
const lng = () => (document.documentElement.lang === 'fr' ? 'fr' : 'en');
const t = () => T[lng()];
const named = (item) => ({ ...item, description: NAMES[item.id]?.[lng()] ?? item.description });

const cart = document.getElementById('cart');
const list = document.getElementById('products');
const status = document.getElementById('status');
let items = [{ ...catalogue[0], quantity: 1 }];

function render() {
  cart.items = items.map(named);
}

function translate() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t()[node.dataset.i18n];
  for (const button of list.querySelectorAll('button')) {
    const name = NAMES[button.dataset.id][lng()];
    button.textContent = t().add;
    button.setAttribute('aria-label', `${t().add} ${name}`);
    button.previousElementSibling.textContent = name;
  }
  status.textContent = '';
  render();
}

for (const product of catalogue) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  const add = document.createElement('button');
  add.className = 'add';
  add.type = 'button';
  add.dataset.id = product.id;
  add.addEventListener('click', () => {
    const existing = items.find((i) => i.id === product.id);
    if (existing) existing.quantity += 1;
    else items.push({ ...product, quantity: 1 });
    render();
  });
  li.append(name, add);
  list.append(li);
}

// The cart applies an edit unless a listener vetoes it; the page keeps its own copy in step.
const stock = { tee: 5, mug: 10, cap: 3 };
cart.addEventListener('ck-cart-quantity-change', (event) => {
  const { item, quantity } = event.detail;
  if (quantity > (stock[item.id] ?? Infinity)) {
    event.preventDefault();
    status.textContent = t().left(stock[item.id], item.description);
  }
});
cart.addEventListener('ck-cart-change', (event) => {
  items = event.detail.items.map((item) => ({ ...item }));
  status.textContent = '';
});

const lang = document.getElementById('lang');
bindLanguage(lang, translate);

translate();

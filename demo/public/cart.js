// The merchant's cart page: the page owns the cart; <ck-cart> displays it and asks before each change.
const catalogue = [
  { id: 'tee', description: 'Organic cotton T-shirt', unit_amount: 2500, currency: 'usd' },
  { id: 'mug', description: 'Enamel mug', unit_amount: 1200, currency: 'usd' },
  { id: 'cap', description: 'Embroidered cap', unit_amount: 1800, currency: 'usd' },
];

const cart = document.getElementById('cart');
const list = document.getElementById('products');
const status = document.getElementById('status');
let items = [{ ...catalogue[0], quantity: 1 }];

function render() {
  cart.items = items.map((item) => ({ ...item }));
}

for (const product of catalogue) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = product.description;
  const add = document.createElement('button');
  add.className = 'add';
  add.type = 'button';
  add.textContent = 'Add';
  add.setAttribute('aria-label', `Add ${product.description}`);
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
    status.textContent = `Only ${stock[item.id]} left of ${item.description}.`;
  }
});
cart.addEventListener('ck-cart-change', (event) => {
  items = event.detail.items.map((item) => ({ ...item }));
  status.textContent = '';
});

const lang = document.getElementById('lang');
lang.value = document.documentElement.lang;
lang.addEventListener('change', () => {
  document.documentElement.lang = lang.value;
});

render();

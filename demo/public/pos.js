// The cashier screen: builds a cart, shows it on the chosen reader, charges it there, follows the payment through
// webhooks relayed by the backend (GET /api/pos/events), captures, prints a receipt and refunds. The customer's
// side is <ck-terminal-reader>, which gets a reader token from POST /api/pos/reader-token.
const $ = (id) => document.getElementById(id);

const state = {
  menu: [],
  locations: [],
  readers: [],
  items: new Map(), // product id -> quantity
  location: null,
  reader: null,
  payment: null, // { id, amount, amountEligible }
  quote: null,
};

// Stripe's codes (device types, card brands, read methods) in the cashier's words; the webhook log keeps the codes.
const DEVICES = {
  bbpos_wisepos_e: 'WisePOS E', simulated_wisepos_e: 'WisePOS E (simulated)', stripe_s700: 'Stripe S700', simulated_stripe_s700: 'Stripe S700 (simulated)',
  stripe_s710: 'Stripe S710', simulated_stripe_s710: 'Stripe S710 (simulated)', stripe_m2: 'Stripe M2', bbpos_wisepad3: 'WisePad 3', bbpos_chipper2x: 'Chipper 2X BT',
  simulated_stripe_t600: 'Stripe T600 (simulated)', verifone_P400: 'Verifone P400', mobile_phone_reader: 'Tap to Pay',
};
const deviceName = (type) => (DEVICES[type] ?? (type.startsWith('simulated_') ? `${words(type.slice(10))} (simulated)` : words(type))).replace('(simulated)', `(${t().simulated})`);
const BRANDS = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', interac: 'Interac', eftpos_au: 'eftpos' };
function words(code) {
  const text = String(code).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// The cashier screen in English or French, following the Language switch (which the reader screen follows too).
const T = {
  en: {
    location: 'Location', reader: 'Reader', language: 'Language', title: 'Point of sale', menu: 'Menu', sale: 'Sale', options: 'Payment options',
    optTip: 'Ask for a tip', optCancel: 'Let the customer cancel', capture: 'Capture', automatic: 'Automatic', manual: 'Manual (capture after)',
    show: 'Show on reader', charge: 'Charge', cancelAction: 'Cancel reader action', retry: 'Try again on the reader', newSale: 'New sale',
    receipt: 'Receipt', print: 'Print receipt', refundAmount: 'Refund amount (USD, empty for all)', refund: 'Refund', refundReader: 'Refund on the reader',
    customer: 'Customer side', webhooks: 'Webhooks (for developers: Stripe ids and codes)', add: 'Add',
    rows: { merchant: 'Merchant', reader: 'Reader', items: 'Items', subtotal: 'Subtotal', tax: 'Tax', tip: 'Tip', total: 'Total', status: 'Status', card: 'Card', entry: 'Entry', application: 'Application', authorization: 'Authorization', refunded: 'Refunded', payment: 'Payment' },
    authorized: 'Authorized (not captured)', paid: 'Paid', simulated: 'simulated',
    read: { contactless_emv: 'Contactless', contact_emv: 'Chip', magnetic_stripe_track2: 'Swipe', magnetic_stripe_fallback: 'Swipe (chip fallback)', contactless_magstripe_mode: 'Contactless (magnetic stripe mode)' },
    approved: (r) => `Approved on ${r}.`, canceledByCustomer: 'The customer canceled the payment.', declined: (m) => `Declined: ${m}`,
    onReader: (r) => `The cart is on ${r}.`, refundedOnReader: 'Refunded on the reader.', refundFailed: (m) => `Refund failed: ${m}`, tipChosen: 'The customer chose a tip.',
    authorizedAmount: (a) => `Authorized ${a}: capture to complete the sale.`, paidAmount: (a) => `Paid ${a}.`, refundedAmount: (a) => `Refunded ${a}.`,
    busy: (m) => `The reader is busy: ${m}`, empty: 'Add something to the sale first.', showing: (r) => `Showing the cart on ${r}…`,
    waiting: (r, a) => `Waiting for the customer on ${r}${a ? ` (${a})` : ''}…`, canceledAction: (r) => `Canceled the action on ${r}.`, captured: (a) => `Captured ${a}.`,
    badRefund: 'Enter a refund amount in dollars, e.g. 2.50.', presentCard: (r) => `Present the card on ${r} to refund.`, failedStart: (m) => `The point of sale could not start: ${m}`,
  },
  fr: {
    location: 'Magasin', reader: 'Lecteur', language: 'Langue', title: 'Point de vente', menu: 'Carte', sale: 'Vente', options: 'Options de paiement',
    optTip: 'Proposer un pourboire', optCancel: 'Permettre au client d’annuler', capture: 'Capturer', automatic: 'Automatique', manual: 'Manuelle (capturer ensuite)',
    show: 'Afficher sur le lecteur', charge: 'Encaisser', cancelAction: 'Annuler l’action du lecteur', retry: 'Réessayer sur le lecteur', newSale: 'Nouvelle vente',
    receipt: 'Reçu', print: 'Imprimer le reçu', refundAmount: 'Montant à rembourser (USD, vide pour tout)', refund: 'Rembourser', refundReader: 'Rembourser sur le lecteur',
    customer: 'Côté client', webhooks: 'Webhooks (pour les développeurs : identifiants et codes Stripe)', add: 'Ajouter',
    rows: { merchant: 'Commerçant', reader: 'Lecteur', items: 'Articles', subtotal: 'Sous-total', tax: 'Taxe', tip: 'Pourboire', total: 'Total', status: 'Statut', card: 'Carte', entry: 'Lecture', application: 'Application', authorization: 'Autorisation', refunded: 'Remboursé', payment: 'Paiement' },
    authorized: 'Autorisé (non capturé)', paid: 'Payé', simulated: 'simulé',
    read: { contactless_emv: 'Sans contact', contact_emv: 'Puce', magnetic_stripe_track2: 'Piste magnétique', magnetic_stripe_fallback: 'Piste magnétique (secours de la puce)', contactless_magstripe_mode: 'Sans contact (mode piste)' },
    approved: (r) => `Accepté sur ${r}.`, canceledByCustomer: 'Le client a annulé le paiement.', declined: (m) => `Refusé : ${m}`,
    onReader: (r) => `Le panier est affiché sur ${r}.`, refundedOnReader: 'Remboursé sur le lecteur.', refundFailed: (m) => `Échec du remboursement : ${m}`, tipChosen: 'Le client a choisi un pourboire.',
    authorizedAmount: (a) => `${a} autorisé : capturez pour terminer la vente.`, paidAmount: (a) => `${a} payé.`, refundedAmount: (a) => `${a} remboursé.`,
    busy: (m) => `Le lecteur est occupé : ${m}`, empty: 'Ajoutez d’abord un article à la vente.', showing: (r) => `Affichage du panier sur ${r}…`,
    waiting: (r, a) => `En attente du client sur ${r}${a ? ` (${a})` : ''}…`, canceledAction: (r) => `Action annulée sur ${r}.`, captured: (a) => `${a} capturé.`,
    badRefund: 'Saisissez un montant en dollars, par ex. 2.50.', presentCard: (r) => `Présentez la carte sur ${r} pour rembourser.`, failedStart: (m) => `Le point de vente n’a pas pu démarrer : ${m}`,
  },
};
const t = () => T[document.documentElement.lang === 'fr' ? 'fr' : 'en'];

function translatePage() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t()[node.dataset.i18n];
  renderMenu();
  renderReaders();
  if (state.payment) void renderPayment().catch((e) => setError(e.message));
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const money = (minor) => usd.format(minor / 100);

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? `HTTP ${res.status}`);
    err.code = data?.error?.code ?? null;
    throw err;
  }
  return data;
}

function setStatus(text) {
  $('status').textContent = text;
}
function setError(text) {
  $('error').textContent = text ?? '';
}

function cartItems() {
  return [...state.items.entries()].map(([id, quantity]) => ({ id, quantity }));
}

let quoteSeq = 0;

async function refreshCart() {
  const lines = cartItems().map(({ id, quantity }) => {
    const p = state.menu.find((m) => m.id === id);
    return { id, description: p.name, amount: p.amount, quantity };
  });
  const cart = $('cart');
  cart.items = lines;
  if (lines.length === 0) {
    quoteSeq++;
    state.quote = null;
    cart.tax = undefined;
    cart.total = undefined;
    return;
  }
  // Quotes can come back out of order when items are added quickly: only the latest one counts.
  const seq = ++quoteSeq;
  try {
    const quote = await api('POST', '/api/pos/quote', { items: cartItems() });
    if (seq !== quoteSeq) return;
    state.quote = quote;
    cart.tax = quote.tax;
    cart.total = quote.total;
  } catch (e) {
    if (seq === quoteSeq) setError(e.message);
  }
}

function renderMenu() {
  const list = $('menu');
  list.replaceChildren();
  for (const p of state.menu) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = `${p.name} · ${money(p.amount)}`;
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = t().add;
    add.setAttribute('aria-label', `${t().add} ${p.name}`);
    add.addEventListener('click', () => {
      state.items.set(p.id, (state.items.get(p.id) ?? 0) + 1);
      void refreshCart();
    });
    li.append(name, add);
    list.append(li);
  }
}

function renderReaders() {
  const loc = $('location');
  loc.replaceChildren(...state.locations.map((l) => new Option(l.display_name, l.id, false, l.id === state.location)));
  const here = state.readers.filter((r) => r.location === state.location);
  if (!here.some((r) => r.id === state.reader)) state.reader = here[0]?.id ?? null;
  $('reader').replaceChildren(...here.map((r) => new Option(`${r.label} (${deviceName(r.device_type)})`, r.id, false, r.id === state.reader)));
  const screen = $('reader-screen');
  // The merchant's branding on the reader: the store's name.
  screen.setAttribute('merchant-name', state.locations.find((l) => l.id === state.location)?.display_name ?? '');
  if (state.reader) screen.setAttribute('reader', state.reader);
  else screen.removeAttribute('reader');
}

function readerLabel(id = state.reader) {
  return state.readers.find((r) => r.id === id)?.label ?? id;
}

function show(el, visible) {
  el.hidden = !visible;
}

function log(text) {
  const li = document.createElement('li');
  li.textContent = text;
  $('log').prepend(li);
}

async function renderPayment() {
  if (!state.payment) {
    show($('receipt'), false);
    show($('capture'), false);
    show($('retry'), false);
    return;
  }
  const p = await api('GET', `/api/pos/payments/${state.payment.id}`);
  show($('capture'), p.status === 'requires_capture');
  show($('retry'), p.status === 'requires_payment_method' && p.last_payment_error !== null);
  const paid = p.status === 'succeeded' || p.status === 'requires_capture';
  show($('receipt'), paid);
  if (!paid) return;
  // Each row is [field key (data-field, stable for scripts), value]; the label comes from the catalogue.
  const rows = [
    ['merchant', state.locations.find((l) => l.id === state.location)?.display_name ?? ''],
    ['reader', readerLabel()],
    ['items', p.description?.replace(/^POS sale: /, '') ?? ''],
    ['subtotal', money(p.subtotal)],
    ['tax', money(p.tax)],
    ['tip', money(p.tip)],
    ['total', money(p.amount)],
    ['status', p.status === 'requires_capture' ? t().authorized : t().paid],
  ];
  if (p.charge?.card) {
    const c = p.charge.card;
    rows.push(['card', `${BRANDS[c.brand] ?? words(c.brand)} •••• ${c.last4}`], ['entry', c.read_method ? (t().read[c.read_method] ?? words(c.read_method)) : ''], ['application', `${c.application_preferred_name ?? ''} ${c.dedicated_file_name ?? ''}`.trim()], ['authorization', c.authorization_code ?? '']);
  }
  if (p.charge?.amount_refunded) rows.push(['refunded', money(p.charge.amount_refunded)]);
  rows.push(['payment', p.id]);
  const dl = $('receipt-body');
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = t().rows[k];
    const dd = document.createElement('dd');
    dd.textContent = v;
    dd.dataset.field = k;
    dl.append(dt, dd);
  }
}

async function guarded(fn) {
  setError('');
  try {
    await fn();
  } catch (e) {
    setError(e.code === 'terminal_reader_busy' ? t().busy(e.message) : e.message);
  }
}

function options() {
  return {
    tipping: $('opt-tipping').checked,
    customerCancellation: $('opt-cancel').checked,
    capture: $('opt-capture').value,
  };
}

async function onUpdate(u) {
  const mine = (u.reader && u.reader === state.reader) || (u.payment_intent && u.payment_intent === state.payment?.id);
  const codes = [u.action?.failure_code, u.action?.api_error?.decline_code].filter(Boolean).join(', ');
  log(`${u.type}${u.reader ? ` ${u.reader}` : ''}${u.payment_intent ? ` ${u.payment_intent}` : ''}${u.action?.status ? ` (${u.action.type}: ${u.action.status}${codes ? `, ${codes}` : ''})` : ''}`);
  if (!mine) return;
  if (u.type === 'terminal.reader.action_succeeded' && u.action?.type === 'process_payment_intent') {
    setStatus(t().approved(readerLabel(u.reader)));
  } else if (u.type === 'terminal.reader.action_failed' && u.action?.type === 'process_payment_intent') {
    const code = u.action.failure_code;
    // The decline code is in the webhook log for developers; the cashier reads Stripe's message.
    setStatus(code === 'customer_canceled' ? t().canceledByCustomer : t().declined(u.action.failure_message));
  } else if (u.type === 'terminal.reader.action_succeeded' && u.action?.type === 'set_reader_display') {
    setStatus(t().onReader(readerLabel(u.reader)));
  } else if (u.type === 'terminal.reader.action_succeeded' && u.action?.type === 'refund_payment') {
    setStatus(t().refundedOnReader);
  } else if (u.type === 'terminal.reader.action_failed' && u.action?.type === 'refund_payment') {
    setStatus(t().refundFailed(u.action.failure_message));
  } else if (u.type === 'terminal.reader.action_updated') {
    setStatus(t().tipChosen);
  } else if (u.type === 'payment_intent.amount_capturable_updated') {
    setStatus(t().authorizedAmount(money(u.amount)));
  } else if (u.type === 'payment_intent.succeeded') {
    setStatus(t().paidAmount(money(u.amount_received)));
  } else if (u.type === 'charge.refunded') {
    setStatus(t().refundedAmount(money(u.amount_refunded)));
  }
  if (state.payment) await renderPayment().catch((e) => setError(e.message));
}

function listen() {
  const es = new EventSource('/api/pos/events');
  es.addEventListener('ready', () => document.body.setAttribute('data-pos-live', 'true'));
  es.addEventListener('update', (ev) => void onUpdate(JSON.parse(ev.data)));
}

async function init() {
  listen();
  const setup = await api('GET', '/api/pos/setup');
  state.menu = setup.menu;
  state.locations = setup.locations;
  state.readers = setup.readers;
  state.location = setup.locations[0]?.id ?? null;
  renderMenu();
  renderReaders();
  await refreshCart();

  // The kit's components follow the page language (the reader screen speaks the customer's language).
  $('lang').value = document.documentElement.lang;
  $('lang').addEventListener('change', () => {
    document.documentElement.lang = $('lang').value;
    translatePage();
  });
  $('location').addEventListener('change', (e) => {
    state.location = e.target.value;
    renderReaders();
  });
  $('reader').addEventListener('change', (e) => {
    state.reader = e.target.value;
    renderReaders();
  });
  $('cart').addEventListener('ck-cart-change', (e) => {
    state.items = new Map(e.detail.items.map((l) => [l.id, l.quantity]));
    void refreshCart();
  });
  $('show').addEventListener('click', () =>
    guarded(async () => {
      if (state.items.size === 0) throw new Error(t().empty);
      // Before the request: the webhook confirming the display can arrive before the answer.
      setStatus(t().showing(readerLabel()));
      await api('POST', `/api/pos/readers/${state.reader}/display`, { items: cartItems() });
    }),
  );
  $('charge').addEventListener('click', () =>
    guarded(async () => {
      if (state.items.size === 0) throw new Error(t().empty);
      const out = await api('POST', '/api/pos/charge', { reader: state.reader, items: cartItems(), ...options() });
      state.payment = { id: out.payment_intent, amount: out.amount, amountEligible: out.cart.subtotal };
      document.body.dataset.paymentIntent = out.payment_intent;
      setStatus(t().waiting(readerLabel(), money(out.amount)));
      await renderPayment();
    }),
  );
  $('retry').addEventListener('click', () =>
    guarded(async () => {
      const o = options();
      await api('POST', `/api/pos/payments/${state.payment.id}/retry`, { reader: state.reader, tipping: o.tipping, customerCancellation: o.customerCancellation, amountEligible: state.payment.amountEligible });
      setStatus(t().waiting(readerLabel()));
      show($('retry'), false);
    }),
  );
  $('cancel-action').addEventListener('click', () =>
    guarded(async () => {
      await api('POST', `/api/pos/readers/${state.reader}/cancel`);
      setStatus(t().canceledAction(readerLabel()));
    }),
  );
  $('capture').addEventListener('click', () =>
    guarded(async () => {
      const out = await api('POST', `/api/pos/payments/${state.payment.id}/capture`);
      setStatus(t().captured(money(out.amount_received)));
      await renderPayment();
    }),
  );
  const refundAmount = () => {
    const raw = $('refund-amount').value.trim();
    if (!raw) return undefined;
    const n = Math.round(Number(raw.replace(',', '.')) * 100);
    if (!Number.isFinite(n) || n < 1) throw new Error(t().badRefund);
    return n;
  };
  $('refund').addEventListener('click', () =>
    guarded(async () => {
      const out = await api('POST', `/api/pos/payments/${state.payment.id}/refund`, { amount: refundAmount() });
      setStatus(t().refundedAmount(money(out.refund.amount)));
      await renderPayment();
    }),
  );
  $('refund-reader').addEventListener('click', () =>
    guarded(async () => {
      await api('POST', `/api/pos/payments/${state.payment.id}/refund`, { amount: refundAmount(), reader: state.reader });
      setStatus(t().presentCard(readerLabel()));
    }),
  );
  $('print').addEventListener('click', () => window.print());
  $('new-sale').addEventListener('click', () => {
    state.items.clear();
    state.payment = null;
    delete document.body.dataset.paymentIntent;
    setStatus('');
    setError('');
    void refreshCart();
    void renderPayment();
  });
  document.body.setAttribute('data-pos-ready', 'true');
}

init().catch((e) => setError(t().failedStart(e.message)));

// The rentals page: listings from the merchant's server, a booking form per landlord (posts to the server, which
// creates the Checkout Session and redirects), and the ledger. Every value is rendered as text.
const $ = (id) => document.getElementById(id);
const money = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'usd' }).format(amount / 100);

function row(table, cells) {
  const tr = document.createElement('tr');
  for (const value of cells) {
    const td = document.createElement('td');
    td.textContent = String(value ?? '');
    tr.append(td);
  }
  $(table).tBodies[0].append(tr);
}

function clear(table) {
  $(table).tBodies[0].replaceChildren();
}

async function loadListings() {
  const data = await (await fetch('/api/rentals/listings')).json();
  const list = $('listings');
  list.replaceChildren();
  $('no-listings').hidden = data.listings.length > 0;
  for (const l of data.listings) {
    const li = document.createElement('li');
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/rentals/book';
    const title = document.createElement('span');
    title.textContent = l.title;
    const landlord = document.createElement('input');
    landlord.type = 'hidden';
    landlord.name = 'landlord';
    landlord.value = l.landlord;
    const label = document.createElement('label');
    label.textContent = 'Nights ';
    const nights = document.createElement('input');
    nights.type = 'number';
    nights.name = 'nights';
    nights.min = '1';
    nights.max = '30';
    nights.value = '1';
    label.append(nights);
    const book = document.createElement('button');
    book.type = 'submit';
    book.className = 'add';
    book.textContent = 'Book';
    book.setAttribute('aria-label', `Book ${l.title}`);
    form.append(title, ' ', landlord, label, ' ', book);
    li.append(form);
    list.append(li);
  }
}

async function loadLedger() {
  const data = await (await fetch('/api/rentals/ledger')).json();
  for (const t of ['balances', 'transfers', 'fees', 'txns', 'webhooks']) clear(t);
  row('balances', ['Platform', money(data.platform.available), money(data.platform.pending)]);
  for (const l of data.landlords) row('balances', [`${l.name} (${l.id})`, money(l.available), money(l.pending)]);
  for (const t of data.transfers) row('transfers', [t.id, money(t.amount), t.destination, t.source_transaction]);
  for (const f of data.applicationFees) row('fees', [f.id, money(f.amount), f.account, f.charge]);
  for (const t of data.balanceTransactions) row('txns', [t.id, t.type, money(t.amount), money(t.fee), money(t.net), t.status]);
  for (const w of data.webhooks) row('webhooks', [w.eventId, w.type, w.duplicate ? 'yes' : 'no']);
}

$('demo-landlord').addEventListener('click', async () => {
  await fetch('/api/rentals/demo-landlord', { method: 'POST' });
  await Promise.all([loadListings(), loadLedger()]);
});

const booked = new URLSearchParams(location.search).get('booked');
if (booked) {
  $('booked').hidden = false;
  // The Checkout Session id stays in the URL (?booked=) for developers; the renter reads a sentence.
  $('booked').textContent = 'Booking paid. Thank you! The landlord’s share is on its way.';
}

await Promise.all([loadListings(), loadLedger()]);

import { expect, fixture, html, oneEvent, nextFrame } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../define/ck-cart.js';
import type { CkCart } from './cart.js';
import type { CartLineItem } from './line-items.js';
import type { CkCartQuantityChangeEvent, CkCartRemoveEvent, CkCartChangeEvent } from './cart-events.js';

const shirt: CartLineItem = { id: 'li_1', description: 'T-shirt', quantity: 2, unit_amount: 1099, currency: 'usd' };
const mug: CartLineItem = { id: 'li_2', description: 'Mug', quantity: 1, unit_amount: 500, currency: 'usd' };
const cap: CartLineItem = { id: 'li_3', description: 'Cap', quantity: 1, unit_amount: 1500, currency: 'usd' };

const root = (el: CkCart) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: CkCart, sel: string) => root(el).querySelector<T>(sel);
const $$ = (el: CkCart, sel: string) => [...root(el).querySelectorAll<HTMLElement>(sel)];
const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
const totalText = (el: CkCart) => text($(el, '[part="total"] dd'));
const totalsMap = (el: CkCart) =>
  Object.fromEntries($$(el, '[part="totals"] div').map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))]));

async function cart(items: unknown, attrs = ''): Promise<CkCart> {
  const el = await fixture<CkCart>(html`<ck-cart lang="en-US" .items=${items}></ck-cart>`);
  if (attrs) {
    for (const a of attrs.split(' ')) el.setAttribute(a, '');
    await el.updateComplete;
  }
  return el;
}

describe('<ck-cart>', () => {
  describe('registration', () => {
    it('is defined once and its define entry can be imported again', async () => {
      expect(customElements.get('ck-cart')).to.not.equal(undefined);
      await import('../../define/ck-cart.js');
      expect(document.createElement('ck-cart').constructor.name).to.equal('CkCart');
    });
  });

  describe('layout', () => {
    it('keeps its padding on both sides (cell rules do not reach the box)', async () => {
      const el = await cart([shirt]);
      const style = getComputedStyle(root(el).querySelector('[part=base]')!);
      expect(style.paddingInlineStart).to.equal(style.paddingInlineEnd);
      expect(parseFloat(style.paddingInlineStart)).to.be.greaterThan(0);
    });
  });

  describe('totals', () => {
    it('computes line totals, subtotal and total from unit amounts and quantities', async () => {
      const el = await cart([shirt, mug]);
      expect($$(el, '[part="item-total"]').map(text)).to.deep.equal(['$21.98', '$5.00']);
      expect(totalsMap(el)).to.deep.equal({ Subtotal: '$26.98', Total: '$26.98' });
      expect(el.cart.ok && el.cart.count).to.equal(3);
    });

    it('reads Stripe Checkout line items: amount_subtotal, tax, discount, price.product', async () => {
      const el = await cart([
        {
          id: 'li_a',
          object: 'item',
          description: null,
          quantity: 3,
          currency: 'eur',
          amount_subtotal: 3000,
          amount_discount: 300,
          amount_tax: 540,
          amount_total: 3240,
          price: { id: 'price_1', unit_amount: 1000, currency: 'eur', product: { name: 'Book', images: ['https://example.test/b.png'] } },
        },
      ]);
      expect(text($(el, '[part="item-name"]'))).to.equal('Book');
      expect(text($(el, '[part="item-meta"]'))).to.contain('€10.00 each').and.contain('Discount -€3.00');
      expect($<HTMLImageElement>(el, '[part="item-image"]')!.getAttribute('src')).to.equal('https://example.test/b.png');
      expect(totalsMap(el)).to.deep.equal({ Subtotal: '€30.00', Discounts: '-€3.00', Tax: '€5.40', Total: '€32.40' });
    });

    it('does not add inclusive tax to the total and labels it as included', async () => {
      const el = await cart([
        { description: 'Pass', quantity: 1, currency: 'gbp', amount_subtotal: 1200, amount_tax: 200, price: { unit_amount: 1200, tax_behavior: 'inclusive' } },
      ]);
      expect(totalsMap(el)).to.deep.equal({ Subtotal: '£12.00', 'Tax (included)': '£2.00', Total: '£12.00' });
    });

    it('shows the totals it is given instead of computing them', async () => {
      const el = await fixture<CkCart>(html`<ck-cart lang="en-US" currency="usd" subtotal="2000" tax="175" total="2175"
        items='[{"description":"Latte","amount":659,"quantity":1}]'></ck-cart>`);
      expect(totalsMap(el)).to.deep.equal({ Subtotal: '$20.00', Tax: '$1.75', Total: '$21.75' });
    });

    it('accepts a Terminal set_reader_display cart object with its own tax and total', async () => {
      const el = await cart({
        currency: 'usd',
        line_items: [
          { description: 'Caramel latte', amount: 659, quantity: 1 },
          { description: 'Dozen donuts', amount: 1239, quantity: 1 },
        ],
        tax: 100,
        total: 1998,
      });
      expect(totalsMap(el)).to.deep.equal({ Subtotal: '$18.98', Tax: '$1.00', Total: '$19.98' });
    });

    it('accepts a Stripe list object ({ object: "list", data })', async () => {
      const el = await cart({ object: 'list', data: [mug], has_more: false, url: '/v1/checkout/sessions/cs_1/line_items' });
      expect(totalText(el)).to.equal('$5.00');
    });

    it('formats zero-decimal currencies (JPY 1099 is ¥1,099)', async () => {
      const el = await cart([{ description: 'Tea', quantity: 2, unit_amount: 1099, currency: 'JPY' }]);
      expect(totalText(el)).to.equal('¥2,198');
    });

    it('formats three-decimal currencies (KWD 1990 is 1.990)', async () => {
      const el = await cart([{ description: 'Dates', quantity: 1, unit_amount: 1990, currency: 'kwd' }]);
      expect(totalText(el)).to.match(/^KWD\s1\.990$/);
    });

    it('updates when items are replaced', async () => {
      const el = await cart([mug]);
      el.items = [mug, cap];
      await el.updateComplete;
      expect(totalText(el)).to.equal('$20.00');
    });
  });

  describe('locales', () => {
    it('uses the closest lang, across shadow roots', async () => {
      const host = await fixture<HTMLDivElement>(html`<div lang="fr-FR"></div>`);
      const shadow = host.attachShadow({ mode: 'open' });
      const el = document.createElement('ck-cart');
      el.items = [{ description: 'Stylo', quantity: 1, unit_amount: 1099, currency: 'usd' }];
      shadow.append(el);
      await el.updateComplete;
      expect(totalText(el)).to.equal('10,99 $US');
      expect(text($(el, 'thead'))).to.contain('Quantité');
      expect(text($(el, '[part="total"] dt'))).to.equal('Total');
      expect(text($(el, '[part="totals"] dt'))).to.equal('Sous-total');
    });

    it('prefers an explicit locale over lang', async () => {
      const el = await fixture<CkCart>(html`<ck-cart lang="en" locale="fr-CA" .items=${[mug]}></ck-cart>`);
      expect(text($(el, '[part="totals"] dt'))).to.equal('Sous-total');
      expect(totalText(el)).to.contain('5,00');
    });

    it('re-renders when an ancestor lang changes', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="en-US"><ck-cart .items=${[mug]}></ck-cart></div>`);
      const el = wrapper.querySelector('ck-cart')!;
      expect(text($(el, '[part="totals"] dt'))).to.equal('Subtotal');
      wrapper.lang = 'fr-FR';
      await new Promise((r) => setTimeout(r));
      await el.updateComplete;
      expect(text($(el, '[part="totals"] dt'))).to.equal('Sous-total');
      expect(totalText(el)).to.equal('5,00 $US');
    });

    it('pluralises the compact summary per language', async () => {
      const en = await cart([shirt, mug], 'compact');
      expect(text($(en, '[part="compact-summary"]'))).to.equal('3 items · $26.98');
      const fr = await fixture<CkCart>(html`<ck-cart lang="fr" compact .items=${[mug]}></ck-cart>`);
      expect(text($(fr, '[part="compact-summary"]'))).to.equal('1 article · 5,00 $US');
    });
  });

  describe('editing', () => {
    it('dispatches a cancelable, composed ck-cart-quantity-change and applies it', async () => {
      const el = await cart([shirt, mug], 'editable');
      const outer = await fixture<HTMLDivElement>(html`<div></div>`);
      outer.attachShadow({ mode: 'open' }).append(el);
      await el.updateComplete;
      const seen = oneEvent(outer, 'ck-cart-quantity-change') as Promise<CkCartQuantityChangeEvent>;
      $$(el, '[part~="increment"]')[0].click();
      const ev = await seen;
      expect(ev.bubbles && ev.composed && ev.cancelable).to.equal(true);
      expect(ev.detail).to.deep.equal({ item: shirt, index: 0, quantity: 3, previousQuantity: 2 });
      await el.updateComplete;
      expect(totalText(el)).to.equal('$37.97');
      expect(shirt.quantity, 'the page object is not mutated').to.equal(2);
    });

    it('keeps the cart unchanged when the page calls preventDefault()', async () => {
      const el = await cart([shirt], 'editable');
      el.addEventListener('ck-cart-quantity-change', (e) => e.preventDefault());
      el.addEventListener('ck-cart-remove', (e) => e.preventDefault());
      let changed = false;
      el.addEventListener('ck-cart-change', () => (changed = true));
      $(el, '[part~="decrement"]')!.click();
      $(el, '[part="remove-button"]')!.click();
      await el.updateComplete;
      expect(totalText(el)).to.equal('$21.98');
      expect(text($(el, '[part="quantity"]'))).to.equal('2');
      expect(changed).to.equal(false);
    });

    it('does not go below 1 or above the maximum', async () => {
      const el = await cart([{ ...mug, adjustable_quantity: { enabled: true, minimum: 1, maximum: 2 } }], 'editable');
      let events = 0;
      el.addEventListener('ck-cart-quantity-change', () => events++);
      const dec = $(el, '[part~="decrement"]')!;
      expect(dec.getAttribute('aria-disabled')).to.equal('true');
      dec.click();
      expect(events).to.equal(0);
      $(el, '[part~="increment"]')!.click();
      await el.updateComplete;
      expect($(el, '[part~="increment"]')!.getAttribute('aria-disabled')).to.equal('true');
      $(el, '[part~="increment"]')!.click();
      expect(events).to.equal(1);
    });

    it('removes a line, emits ck-cart-remove then ck-cart-change, and moves focus to the next line', async () => {
      const el = await cart([shirt, mug, cap], 'editable');
      const removeSeen = oneEvent(el, 'ck-cart-remove') as Promise<CkCartRemoveEvent>;
      const changeSeen = oneEvent(el, 'ck-cart-change') as Promise<CkCartChangeEvent>;
      $$(el, '[part="remove-button"]')[1].click();
      expect((await removeSeen).detail).to.deep.equal({ item: mug, index: 1 });
      expect((await changeSeen).detail.items).to.deep.equal([shirt, cap]);
      await el.updateComplete;
      expect($$(el, '[part="item-name"]').map(text)).to.deep.equal(['T-shirt', 'Cap']);
      expect(root(el).activeElement).to.equal($$(el, '[part="remove-button"]')[1]);
      expect(root(el).activeElement!.getAttribute('aria-label')).to.equal('Remove Cap');
    });

    it('moves focus to the empty state after removing the last line', async () => {
      const el = await cart([mug], 'editable');
      $(el, '[part="remove-button"]')!.click();
      await el.updateComplete;
      expect(root(el).activeElement).to.equal($(el, '[part="empty"]'));
      await expect(el).to.be.accessible();
    });

    it('clears given totals after an applied edit (they described the old items)', async () => {
      const el = await cart([mug], 'editable');
      el.tax = 100;
      el.total = 600;
      await el.updateComplete;
      $(el, '[part~="increment"]')!.click();
      await el.updateComplete;
      expect(el.total).to.equal(undefined);
      expect(totalText(el)).to.equal('$10.00');
    });

    it('announces the change and new total politely', async () => {
      const el = await cart([mug], 'editable');
      const status = $(el, '[role="status"]')!;
      expect(text(status)).to.equal('');
      $(el, '[part~="increment"]')!.click();
      await el.updateComplete;
      expect(text(status)).to.equal('Mug: quantity 2. Cart total: $10.00.');
    });

    it('can be edited with the keyboard only', async () => {
      const el = await cart([shirt, mug], 'editable');
      const quantities: number[] = [];
      el.addEventListener('ck-cart-quantity-change', (e) => quantities.push(e.detail.quantity));
      await sendKeys({ press: 'Tab' }); // decrease T-shirt
      expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Decrease quantity of T-shirt');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await sendKeys({ press: 'Tab' }); // increase T-shirt
      expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Increase quantity of T-shirt');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(quantities).to.deep.equal([1, 2, 3]);
      expect(text($(el, '[part="quantity"]'))).to.equal('3');
      await sendKeys({ press: 'Tab' }); // remove T-shirt
      expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Remove T-shirt');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect($$(el, '[part="item-name"]').map(text)).to.deep.equal(['Mug']);
      expect(root(el).activeElement?.getAttribute('aria-label')).to.equal('Remove Mug');
    });

    it('labels controls in French', async () => {
      const el = await fixture<CkCart>(html`<ck-cart lang="fr" editable .items=${[mug]}></ck-cart>`);
      expect($(el, '[part~="increment"]')!.getAttribute('aria-label')).to.equal('Augmenter la quantité pour Mug');
      expect($(el, '[part~="decrement"]')!.getAttribute('aria-label')).to.equal('Diminuer la quantité pour Mug');
      expect($(el, '[part="remove-button"]')!.getAttribute('aria-label')).to.equal('Retirer Mug du panier');
      await expect(el).to.be.accessible();
    });

    it('keeps focus on a stepper button across edits', async () => {
      const el = await cart([shirt], 'editable');
      const inc = $(el, '[part~="increment"]')!;
      inc.focus();
      inc.click();
      await el.updateComplete;
      expect(root(el).activeElement).to.equal($(el, '[part~="increment"]'));
      expect(text($(el, '[part="quantity"]'))).to.equal('3');
    });
  });

  describe('safety and errors', () => {
    it('renders names containing HTML as text', async () => {
      const evil = '<img src=x onerror="window.__pwned=1">';
      const el = await cart([{ description: evil, quantity: 1, unit_amount: 100, currency: 'usd' }], 'editable');
      await nextFrame();
      expect(text($(el, '[part="item-name"]'))).to.equal(evil);
      expect(root(el).querySelectorAll('img')).to.have.length(0);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('drops javascript: image URLs', async () => {
      const el = await cart([{ ...mug, image: 'javascript:alert(1)' }]);
      expect($(el, 'img')).to.equal(null);
    });

    it('shows an error (and warns) for invalid JSON, without throwing', async () => {
      const warn = console.warn;
      const warnings: unknown[] = [];
      console.warn = (...a: unknown[]) => warnings.push(a);
      try {
        const el = await fixture<CkCart>(html`<ck-cart lang="en" items="[{oops"></ck-cart>`);
        expect(text($(el, '[part="error"]'))).to.match(/^Invalid JSON in the cart’s items \(.+\)\.$/);
        expect($(el, '[part="error"]')!.getAttribute('role')).to.equal('alert');
        expect(warnings).to.have.length(1);
        await expect(el).to.be.accessible();
        el.setAttribute('items', JSON.stringify([mug]));
        await el.updateComplete;
        expect(totalText(el)).to.equal('$5.00');
      } finally {
        console.warn = warn;
      }
    });

    it('refuses to sum mixed currencies', async () => {
      const el = await cart([mug, { description: 'Croissant', quantity: 1, unit_amount: 250, currency: 'eur' }]);
      expect(text($(el, '[part="error"]'))).to.equal('Mixed currencies (USD, EUR): no total.');
      expect($(el, '[part="total"]')).to.equal(null);
    });

    it('reports an item without a currency and an invalid quantity', async () => {
      const el = await cart([{ description: 'Ghost', quantity: 1, unit_amount: 100 }]);
      expect(text($(el, '[part="error"]'))).to.equal('Ghost has no currency.');
      el.items = [{ ...mug, quantity: 1.5 }];
      await el.updateComplete;
      expect(text($(el, '[part="error"]'))).to.equal('Mug: invalid quantity or amount.');
    });
  });

  describe('states', () => {
    it('empty: shows the message or the empty slot', async () => {
      const el = await cart([]);
      expect(text($(el, '[part="empty"]'))).to.equal('Your cart is empty.');
      await expect(el).to.be.accessible();
      const slotted = await fixture<CkCart>(html`<ck-cart><p slot="empty">Nothing here yet</p></ck-cart>`);
      const slot = $<HTMLSlotElement>(slotted, 'slot[name="empty"]')!;
      expect(slot.assignedElements()[0].textContent).to.equal('Nothing here yet');
    });

    it('loading: shows a skeleton and is aria-busy', async () => {
      const el = await cart([mug], 'loading');
      expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect($(el, '[part="skeleton"]')).to.not.equal(null);
      expect($(el, 'table')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('error: shows the page-given message', async () => {
      const el = await cart([mug]);
      el.error = 'We could not load your cart.';
      await el.updateComplete;
      expect(text($(el, '[part="error"]'))).to.equal('We could not load your cart.');
      await expect(el).to.be.accessible();
    });

    it('read-only: a table with headers and no controls', async () => {
      const el = await cart([shirt, mug]);
      expect($$(el, 'thead th').map(text)).to.deep.equal(['Item', 'Quantity', 'Amount']);
      expect($$(el, 'tbody th[scope="row"]').map(text)).to.deep.equal(['T-shirt $10.99 each', 'Mug']);
      expect($$(el, 'button')).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('editable, compact (open) and dark are accessible', async () => {
      await expect(await cart([shirt, mug], 'editable')).to.be.accessible();
      const compact = await cart([shirt, mug], 'compact editable');
      $<HTMLDetailsElement>(compact, 'details')!.open = true;
      await expect(compact).to.be.accessible();
      const dark = await fixture<CkCart>(html`<ck-cart theme="dark" editable .items=${[shirt, mug]}></ck-cart>`);
      await expect(dark).to.be.accessible();
    });
  });

  describe('theme', () => {
    it('follows data-ck-theme on an ancestor and its own theme attribute', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div data-ck-theme="dark"><ck-cart .items=${[mug]}></ck-cart></div>`);
      const el = wrapper.querySelector('ck-cart')!;
      const bg = () => getComputedStyle($(el, '[part="base"]')!).backgroundColor;
      expect(el.matches(':state(dark)')).to.equal(true);
      expect(bg()).to.equal('rgb(21, 22, 28)');
      el.theme = 'light';
      await el.updateComplete;
      expect(bg()).to.equal('rgb(255, 255, 255)');
      el.removeAttribute('theme');
      wrapper.dataset.ckTheme = 'light';
      await new Promise((r) => setTimeout(r));
      expect(bg()).to.equal('rgb(255, 255, 255)');
    });

    it('follows prefers-color-scheme when no theme is chosen', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div data-ck-theme="auto"><ck-cart .items=${[mug]}></ck-cart></div>`);
      const el = wrapper.querySelector('ck-cart')!;
      const bg = () => getComputedStyle($(el, '[part="base"]')!).backgroundColor;
      try {
        await emulateMedia({ colorScheme: 'dark' });
        expect(bg()).to.equal('rgb(21, 22, 28)');
        await expect(el).to.be.accessible();
        await emulateMedia({ colorScheme: 'light' });
        expect(bg()).to.equal('rgb(255, 255, 255)');
      } finally {
        await emulateMedia({ colorScheme: 'no-preference' });
      }
    });

    it('uses system colours in forced-colors mode (disabled steppers in GrayText)', async () => {
      const el = await cart([mug], 'editable');
      try {
        await emulateMedia({ forcedColors: 'active' });
        const dec = $(el, '[part~="decrement"]')!;
        expect(dec.getAttribute('aria-disabled')).to.equal('true');
        const gray = getComputedStyle(dec).color;
        const enabled = getComputedStyle($(el, '[part~="increment"]')!).color;
        expect(gray).to.not.equal(enabled);
        await expect(el).to.be.accessible();
      } finally {
        await emulateMedia({ forcedColors: 'none' });
      }
    });

    it('honours page token overrides through component tokens', async () => {
      const el = await fixture<CkCart>(html`<ck-cart theme="light" style="--ck-color-background: rgb(1, 2, 3)" .items=${[mug]}></ck-cart>`);
      expect(getComputedStyle($(el, '[part="base"]')!).backgroundColor).to.equal('rgb(1, 2, 3)');
      el.style.setProperty('--ck-cart-background', 'rgb(4, 5, 6)');
      expect(getComputedStyle($(el, '[part="base"]')!).backgroundColor).to.equal('rgb(4, 5, 6)');
    });
  });
});

// <ck-cart>'s live region: when the last line goes, it says the cart is empty (a total would read as if something
// were still in it), in English and French.
import { expect, fixture, html } from '@open-wc/testing';
import '../../define/ck-cart.js';
import type { CkCart } from './cart.js';
import type { CartLineItem } from './line-items.js';

const line = (id: string, description: string, unit_amount: number, quantity = 1): CartLineItem => ({ id, description, quantity, unit_amount, currency: 'usd' });

describe('<ck-cart> live region when the cart empties', () => {
  const cases = [
    { lang: 'en-US', removed: 'Cap removed from the cart.', empty: 'Your cart is empty.', total: 'Cart total: $18.00.' },
    { lang: 'fr', removed: 'Article retiré du panier : Cap.', empty: 'Votre panier est vide.', total: 'Total du panier : 18,00 $US.' },
  ];
  for (const c of cases) {
    it(`announces the empty cart, not the last total (${c.lang})`, async () => {
      const el = await fixture<CkCart>(html`<ck-cart lang=${c.lang} editable .items=${[line('li_1', 'Mug', 500), line('li_2', 'Cap', 1800)]}></ck-cart>`);
      const status = el.shadowRoot!.querySelector<HTMLElement>('[role="status"]')!;
      const said = () => (status.textContent ?? '').replace(/\s+/g, ' ').trim();
      const removeFirst = async () => {
        el.shadowRoot!.querySelector<HTMLElement>('[part="remove-button"]')!.click();
        await el.updateComplete;
      };
      await removeFirst();
      expect(said()).to.contain(c.total);
      await removeFirst();
      expect(said()).to.equal(`${c.removed} ${c.empty}`);
      expect(said()).to.not.contain(c.total);
      expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent!.trim()).to.equal(c.empty);
    });
  }

  it('announces the empty cart when the page empties it, and the total again when items come back', async () => {
    const el = await fixture<CkCart>(html`<ck-cart lang="en-US" .items=${[line('li_1', 'Mug', 500)]}></ck-cart>`);
    const status = el.shadowRoot!.querySelector<HTMLElement>('[role="status"]')!;
    el.items = [];
    await el.updateComplete;
    expect(status.textContent!.trim()).to.equal('Your cart is empty.');
    el.items = [line('li_2', 'Cap', 1800)];
    await el.updateComplete;
    expect(status.textContent!.trim()).to.equal('Cart total: $18.00.');
  });
});

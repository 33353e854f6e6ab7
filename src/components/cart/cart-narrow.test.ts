// <ck-cart> in narrow columns (a POS reader's screen, a sidebar): item names wrap between words, never inside one.
import { expect, fixture, html } from '@open-wc/testing';
import '../../define/ck-cart.js';
import type { CkCart } from './cart.js';
import type { CartLineItem } from './line-items.js';

const line = (id: string, description: string, unit_amount: number, quantity = 1): CartLineItem => ({ id, description, quantity, unit_amount, currency: 'usd' });

/** The width of `word` set in `node`'s font, on one line. */
function wordWidth(node: HTMLElement, word: string): number {
  const probe = document.createElement('span');
  probe.textContent = word;
  probe.style.setProperty('white-space', 'nowrap');
  probe.style.setProperty('font', getComputedStyle(node).font);
  probe.style.setProperty('letter-spacing', getComputedStyle(node).letterSpacing);
  document.body.append(probe);
  const w = probe.getBoundingClientRect().width;
  probe.remove();
  return w;
}

/** How many lines `node`'s text takes. */
function lineCount(node: HTMLElement): number {
  const range = document.createRange();
  range.selectNodeContents(node);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return tops.size;
}

describe('<ck-cart> in a narrow column', () => {
  for (const width of [160, 200, 240]) {
    it(`keeps "Cappuccino" whole at ${width}px, editable and read-only`, async () => {
      for (const editable of [true, false]) {
        const el = await fixture<CkCart>(html`<div style="width: ${width}px"><ck-cart lang="en-US" ?editable=${editable}
          .items=${[line('li_1', 'Cappuccino', 450, 2), line('li_2', 'Espresso', 300)]}></ck-cart></div>`);
        const cart = el.querySelector('ck-cart') as CkCart;
        await cart.updateComplete;
        const names = [...cart.shadowRoot!.querySelectorAll<HTMLElement>('[part="item-name"]')];
        expect(names.map((n) => n.textContent)).to.deep.equal(['Cappuccino', 'Espresso']);
        for (const name of names) {
          // One word: one line, and at least as wide as the word itself (not split mid-word).
          expect(lineCount(name), `${name.textContent} at ${width}px (editable: ${editable})`).to.equal(1);
          expect(name.getBoundingClientRect().width + 0.5).to.be.at.least(wordWidth(name, name.textContent!));
        }
      }
    });
  }

  it('wraps a long name between its words, each word whole', async () => {
    const el = await fixture<HTMLElement>(html`<div style="width: 220px"><ck-cart lang="en-US" editable
      .items=${[line('li_1', 'Organic cotton sweater with embroidered logo', 2500)]}></ck-cart></div>`);
    const cart = el.querySelector('ck-cart') as CkCart;
    await cart.updateComplete;
    const name = cart.shadowRoot!.querySelector<HTMLElement>('[part="item-name"]')!;
    expect(lineCount(name)).to.be.greaterThan(1);
    // Each word sits on a single line: its own client rects all share one top.
    const text = name.firstChild?.nodeType === Node.TEXT_NODE ? (name.firstChild as Text) : ([...name.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) as Text);
    let at = 0;
    for (const word of text.data.split(' ')) {
      const start = text.data.indexOf(word, at);
      at = start + word.length;
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, at);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      expect(tops.size, `"${word}" is split across lines`).to.equal(1);
    }
  });
});

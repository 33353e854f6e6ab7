import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../define/ck-terminal-reader.js';
import type { CkTerminalReader, CkTerminalScreenEvent, CkTerminalErrorEvent, ReaderScreen } from './terminal-reader.js';

// The element's own behaviour: screens rendered from frames, announcements, events, keyboard use, and what it sends
// to the reader. The transport is replaced here (a recording fetch, a scripted EventSource); the real simulator
// channel is exercised end to end by test/e2e/pos.spec.ts and test/node/sim/terminal.test.ts.

const base: ReaderScreen = {
  reader: 'tmr_Test', label: 'Front counter', device_type: 'simulated_wisepos_e', location: { id: 'tml_1', display_name: 'Downtown café' },
  branding: { name: 'Café', color: '#4f46e5', icon_url: null }, screen: 'idle', action: null, cart: null, currency: null, amount: null,
  tipping: null, tip: null, customer_cancellation: false, payment: null, failure: null, seq: 1, updated_ms: 0,
};
const collecting: ReaderScreen = { ...base, screen: 'collecting', currency: 'usd', amount: 1353, seq: 2, action: { type: 'process_payment_intent', status: 'in_progress' } };
const tipping: ReaderScreen = {
  ...collecting, screen: 'tipping', customer_cancellation: true,
  tipping: { amount_eligible: 1000, options: [{ percent: 15, amount: 150 }, { percent: 18, amount: 180 }, { percent: 20, amount: 200 }] },
};

const root = (el: CkTerminalReader) => el.shadowRoot!;
const text = (el: CkTerminalReader, sel = '[part=screen]') => (root(el).querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
const live = (el: CkTerminalReader) => text(el, '[role=status]');

async function reader(screen?: ReaderScreen, attrs = ''): Promise<CkTerminalReader> {
  const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" .screen=${screen}></ck-terminal-reader>`);
  for (const a of attrs.split(' ').filter(Boolean)) el.setAttribute(a, '');
  await el.updateComplete;
  return el;
}

// ---- a scripted EventSource and a recording fetch
class ScriptedEventSource extends EventTarget {
  static last: ScriptedEventSource | null = null;
  static readonly CLOSED = 2;
  readyState = 0;
  constructor(readonly url: string) {
    super();
    ScriptedEventSource.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
    });
  }
  frame(s: ReaderScreen): void {
    this.dispatchEvent(new MessageEvent('screen', { data: JSON.stringify(s) }));
  }
  close(): void {
    this.readyState = 2;
  }
}

interface Recorded {
  url: string;
  init: RequestInit;
}

function withTransport(responder: (url: string, init: RequestInit) => Response): { calls: Recorded[]; restore: () => void } {
  const calls: Recorded[] = [];
  const realFetch = window.fetch;
  const realES = window.EventSource;
  window.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    return responder(url, init);
  }) as typeof fetch;
  (window as unknown as { EventSource: unknown }).EventSource = ScriptedEventSource;
  return {
    calls,
    restore: () => {
      window.fetch = realFetch;
      window.EventSource = realES;
    },
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const TOKEN = { token: 'rdrtok_test', stream_url: 'http://sim.test/_sim/terminal/readers/tmr_Test/stream', customer_url: 'http://sim.test/_sim/terminal/readers/tmr_Test/customer' };

describe('<ck-terminal-reader>', () => {
  describe('registration', () => {
    it('is defined once, with <ck-cart> for its cart screen', async () => {
      expect(customElements.get('ck-terminal-reader')).to.not.equal(undefined);
      expect(customElements.get('ck-cart')).to.not.equal(undefined);
      await import('../../define/ck-terminal-reader.js');
      expect(document.createElement('ck-terminal-reader').constructor.name).to.equal('CkTerminalReader');
    });
  });

  describe('screens', () => {
    it('idle shows the welcome and the location', async () => {
      const el = await reader(base);
      expect(text(el)).to.contain('Welcome');
      expect(text(el)).to.contain('Downtown café');
      expect(text(el, '[part=brand]')).to.equal('Café');
    });

    it('the cart goes through <ck-cart> with the reader cart total', async () => {
      const el = await reader({ ...base, screen: 'cart', currency: 'usd', cart: { currency: 'usd', line_items: [{ description: 'Tea', amount: 250, quantity: 2 }], tax: 41, total: 541 } });
      const cart = root(el).querySelector('ck-cart')!;
      await (cart as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(cart.shadowRoot!.textContent).to.contain('Tea');
      expect(cart.shadowRoot!.textContent).to.contain('$5.41');
    });

    it('collecting shows the amount due with the tip and the prompt', async () => {
      const el = await reader({ ...collecting, tip: 200 });
      expect(text(el, '[part=amount]')).to.equal('$15.53');
      expect(text(el)).to.contain('Tip $2.00');
      expect(text(el)).to.contain('Tap, insert or swipe');
    });

    it('tip choice lists the options and No tip', async () => {
      const el = await reader(tipping);
      const labels = [...root(el).querySelectorAll('[part=tip-button]')].map((b) => b.textContent!.trim());
      expect(labels).to.deep.equal(['15% ($1.50)', '18% ($1.80)', '20% ($2.00)', 'No tip']);
    });

    it('approved shows the amount and the card', async () => {
      const el = await reader({ ...base, screen: 'approved', currency: 'usd', payment: { type: 'card_present', brand: 'mastercard', last4: '4444', amount: 1500, tip: 0, read_method: 'contact_emv' } });
      expect(text(el)).to.contain('Approved');
      expect(text(el)).to.contain('$15.00');
      expect(text(el)).to.contain('Mastercard •••• 4444');
    });

    for (const [code, reason] of [
      ['call_issuer', 'Please contact your card issuer'], ['generic_decline', 'The card was declined.'], ['incorrect_pin', 'The PIN entered is incorrect.'],
      ['withdrawal_count_limit_exceeded', 'withdrawal limit'], ['pin_try_exceeded', 'Too many incorrect PIN attempts.'], ['insufficient_funds', 'insufficient funds'],
    ] as const) {
      it(`declined explains ${code}`, async () => {
        const el = await reader({ ...base, screen: 'declined', currency: 'usd', failure: { code: 'card_declined', decline_code: code, message: 'x' } });
        expect(text(el)).to.contain('Declined');
        expect(text(el)).to.contain(reason);
      });
    }

    it('canceled, refund, refunded, setup and saved screens', async () => {
      const el = await reader({ ...base, screen: 'canceled' });
      expect(text(el)).to.contain('Transaction canceled');
      el.screen = { ...base, screen: 'refund', currency: 'usd', amount: 650, seq: 2 };
      await el.updateComplete;
      expect(text(el)).to.contain('Refund $6.50');
      el.screen = { ...base, screen: 'refunded', currency: 'usd', seq: 3, payment: { type: 'card_present', brand: 'visa', last4: '4242', amount: 650, tip: 0, read_method: 'contactless_emv' } };
      await el.updateComplete;
      expect(text(el)).to.contain('$6.50 refunded to Visa •••• 4242');
      el.screen = { ...base, screen: 'setup', seq: 4 };
      await el.updateComplete;
      expect(text(el)).to.contain('Save your card');
      el.screen = { ...base, screen: 'saved', seq: 5 };
      await el.updateComplete;
      expect(text(el)).to.contain('Card saved');
    });

    it('speaks French with French amounts', async () => {
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="fr-FR" .screen=${{ ...collecting }}></ck-terminal-reader>`);
      expect(text(el)).to.contain('Approchez, insérez ou glissez votre carte');
      expect(text(el, '[part=amount]')).to.match(/13,53\s€|13,53\s\$|13,53\s\$US/);
    });

    it('untrusted strings render as text', async () => {
      const el = await reader({ ...base, location: { id: 'tml_x', display_name: '<img src=x onerror=alert(1)>' } });
      expect(root(el).querySelector('img[src=x]')).to.equal(null);
      expect(text(el)).to.contain('<img src=x onerror=alert(1)>');
    });
  });

  describe('accessibility', () => {
    it('announces screen changes in a polite live region', async () => {
      const el = await reader(collecting);
      expect(root(el).querySelector('[role=status]')!.getAttribute('aria-live')).to.equal('polite');
      expect(live(el)).to.equal('Tap, insert or swipe a card to pay $13.53.');
      el.screen = { ...collecting, screen: 'declined', seq: 3, failure: { code: 'card_declined', decline_code: 'insufficient_funds', message: '' } };
      await el.updateComplete;
      await el.updateComplete;
      expect(live(el)).to.equal('Payment declined. The card has insufficient funds.');
    });

    it('is accessible on the tip screen and the tap screen', async () => {
      await expect(await reader(tipping)).to.be.accessible();
      await expect(await reader(collecting)).to.be.accessible();
    });

    it('fits a narrow column: the test-card list does not widen the reader', async () => {
      const box = await fixture<HTMLDivElement>(html`<div style="width: 240px"><ck-terminal-reader lang="en-US" .screen=${collecting}></ck-terminal-reader></div>`);
      const el = box.querySelector('ck-terminal-reader')!;
      await el.updateComplete;
      for (const part of ['device', 'controls']) {
        expect(root(el).querySelector(`[part=${part}]`)!.getBoundingClientRect().width, part).to.be.at.most(240);
      }
      expect(root(el).querySelector('select')!.getBoundingClientRect().right).to.be.at.most(box.getBoundingClientRect().right);
    });

    it('hide-controls removes the customer panel', async () => {
      const el = await reader(collecting, 'hide-controls');
      expect(root(el).querySelector('[part=controls]')).to.equal(null);
    });
  });

  describe('live channel and customer actions', () => {
    let transport: ReturnType<typeof withTransport>;
    afterEach(() => transport?.restore());

    it('gets a token from token-endpoint, follows frames in order and emits ck-terminal-screen', async () => {
      transport = withTransport((url) => (url.endsWith('/api/reader-token') ? json(TOKEN) : json({}, 404)));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      const tokenCall = transport.calls[0];
      expect(tokenCall.url).to.equal('/api/reader-token');
      expect(JSON.parse(String(tokenCall.init.body))).to.deep.equal({ reader: 'tmr_Test' });
      const es = ScriptedEventSource.last!;
      expect(es.url).to.equal(`${TOKEN.stream_url}?token=${TOKEN.token}`);
      const changed = oneEvent(el, 'ck-terminal-screen') as Promise<CkTerminalScreenEvent>;
      es.frame(collecting);
      expect((await changed).detail.screen.screen).to.equal('collecting');
      es.frame({ ...base, seq: 1 }); // older: ignored
      await el.updateComplete;
      expect(text(el)).to.contain('Tap, insert or swipe');
    });

    it('taps the chosen test card with the reader token (keyboard only) and shows processing meanwhile', async () => {
      let release: (r: Response) => void = () => {};
      transport = withTransport((url) => {
        if (url.endsWith('/api/reader-token')) return json(TOKEN);
        return new Promise<Response>((r) => (release = r)) as unknown as Response;
      });
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      ScriptedEventSource.last!.frame(collecting);
      await el.updateComplete;
      const select = root(el).querySelector<HTMLSelectElement>('#test-card')!;
      select.value = '4000000000009995';
      select.dispatchEvent(new Event('change'));
      root(el).querySelector<HTMLButtonElement>('[part=present-button]')!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(text(el)).to.contain('Processing');
      const call = transport.calls.find((c) => c.url === TOKEN.customer_url)!;
      expect((call.init.headers as Record<string, string>).Authorization).to.equal('Bearer rdrtok_test');
      expect(JSON.parse(String(call.init.body))).to.deep.equal({ action: 'present_card', number: '4000000000009995', type: 'card_present' });
      release(json({ ...collecting, screen: 'declined', seq: 3, failure: { code: 'card_declined', decline_code: 'insufficient_funds', message: '' } }));
      ScriptedEventSource.last!.frame({ ...collecting, screen: 'declined', seq: 3, failure: { code: 'card_declined', decline_code: 'insufficient_funds', message: '' } });
      await el.updateComplete;
      expect(text(el)).to.contain('insufficient funds');
    });

    it('typed numbers are sent once and cleared; Interac numbers go as interac_present', async () => {
      transport = withTransport((url) => (url.endsWith('/api/reader-token') ? json(TOKEN) : json(collecting)));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      ScriptedEventSource.last!.frame(collecting);
      await el.updateComplete;
      const input = root(el).querySelector<HTMLInputElement>('#typed-number')!;
      expect(input.getAttribute('name')).to.equal(null);
      input.value = '4506 4450 0693 1933';
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
      await el.updateComplete;
      const body = JSON.parse(String(transport.calls.find((c) => c.url === TOKEN.customer_url)!.init.body));
      expect(body).to.deep.equal({ action: 'present_card', number: '4506445006931933', type: 'interac_present' });
      expect(input.value).to.equal('');
    });

    it('chooses a tip and cancels', async () => {
      transport = withTransport((url) => (url.endsWith('/api/reader-token') ? json(TOKEN) : json(tipping)));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      ScriptedEventSource.last!.frame(tipping);
      await el.updateComplete;
      root(el).querySelectorAll<HTMLButtonElement>('[part=tip-button]')[1].click();
      root(el).querySelector<HTMLButtonElement>('[part=cancel-button]')!.click();
      await new Promise((r) => setTimeout(r, 10));
      const bodies = transport.calls.filter((c) => c.url === TOKEN.customer_url).map((c) => JSON.parse(String(c.init.body)));
      expect(bodies).to.deep.equal([{ action: 'choose_tip', amount: 180 }, { action: 'cancel' }]);
    });

    it('shows and emits a refused action', async () => {
      transport = withTransport((url) => (url.endsWith('/api/reader-token') ? json(TOKEN) : json({ error: { message: 'Customer cancellation is not enabled.' } }, 400)));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      ScriptedEventSource.last!.frame({ ...collecting, customer_cancellation: true });
      await el.updateComplete;
      const failed = oneEvent(el, 'ck-terminal-error') as Promise<CkTerminalErrorEvent>;
      root(el).querySelector<HTMLButtonElement>('[part=cancel-button]')!.click();
      expect((await failed).detail).to.deep.equal({ kind: 'action', message: 'Customer cancellation is not enabled.' });
      await el.updateComplete;
      expect(text(el, '[part=error]')).to.contain('Customer cancellation is not enabled.');
    });

    it('switching readers drops the previous screen and opens the new reader', async () => {
      transport = withTransport((url) => (url.endsWith('/api/reader-token') ? json(TOKEN) : json({}, 404)));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test" token-endpoint="/api/reader-token"></ck-terminal-reader>`);
      await new Promise((r) => setTimeout(r, 20));
      ScriptedEventSource.last!.frame(collecting);
      await el.updateComplete;
      el.reader = 'tmr_Other';
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(text(el)).to.contain('Connecting to the reader');
      const calls = transport.calls.filter((c) => c.url === '/api/reader-token').map((c) => JSON.parse(String(c.init.body)));
      expect(calls).to.deep.equal([{ reader: 'tmr_Test' }, { reader: 'tmr_Other' }]);
    });

    it('a refused token is reported', async () => {
      transport = withTransport(() => json({ error: { message: 'no such reader' } }, 404));
      const el = await fixture<CkTerminalReader>(html`<ck-terminal-reader lang="en-US" reader="tmr_Test"></ck-terminal-reader>`);
      const failed = oneEvent(el, 'ck-terminal-error') as Promise<CkTerminalErrorEvent>;
      el.tokenEndpoint = '/api/reader-token';
      expect((await failed).detail.kind).to.equal('token');
      el.remove();
    });
  });
});

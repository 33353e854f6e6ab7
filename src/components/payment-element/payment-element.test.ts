// Unit tests of <ck-payment-element> against a fake `window.Stripe` (the end-to-end tests in
// test/e2e/payment*.spec.ts use the simulator's real shim). The fake records what the component asks of
// Stripe.js and lets each test decide how confirmation ends.
import { expect, fixture, html, oneEvent, nextFrame, waitUntil } from '@open-wc/testing';
import '../../define/ck-payment-element.js';
import type { CkPaymentElement } from './payment-element.js';
import { fetchClientSecret, SecretEndpointError } from './secret.js';

type Handler = (e: Record<string, unknown>) => void;
type Result = { paymentIntent?: Record<string, unknown>; error?: Record<string, unknown> };

const SECRET = 'pi_123_secret_abc';
const SECRET2 = 'pi_456_secret_def';

class FakeElement {
  handlers = new Map<string, Handler[]>();
  node: HTMLElement | null = null;
  updates: Record<string, unknown>[] = [];
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {}
  on(type: string, h: Handler) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), h]);
    return this;
  }
  emit(type: string, payload: Record<string, unknown>) {
    for (const h of this.handlers.get(type) ?? []) h(payload);
  }
  mount(node: HTMLElement) {
    if (node.getRootNode() instanceof ShadowRoot) throw new Error('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    this.node = node;
    const field = document.createElement('div');
    field.className = 'fake-field';
    field.textContent = 'card fields';
    node.append(field);
    setTimeout(() => this.emit('ready', { elementType: 'payment' }));
  }
  update(o: Record<string, unknown>) {
    this.updates.push(o);
  }
  clear() {}
  destroy() {
    this.destroyed = true;
    this.node?.replaceChildren();
  }
}

class FakeElements {
  updates: Record<string, unknown>[] = [];
  element: FakeElement | null = null;
  constructor(readonly options: Record<string, unknown>) {}
  create(_type: string, options: Record<string, unknown>) {
    this.element = new FakeElement(options);
    return this.element;
  }
  update(o: Record<string, unknown>) {
    this.updates.push(o);
    return Promise.resolve();
  }
  fetchUpdates() {
    return Promise.resolve({});
  }
  submit() {
    return Promise.resolve(fake.submitResult);
  }
}

const fake = {
  groups: [] as FakeElements[],
  confirmCalls: [] as Record<string, unknown>[],
  submitResult: {} as Result,
  amount: 1099,
  /** Overrides what retrievePaymentIntent answers (status, last_payment_error). */
  intent: {} as Record<string, unknown>,
  nextActionCalls: [] as Record<string, unknown>[],
  confirm: (): Promise<Result> => Promise.resolve({ paymentIntent: { id: 'pi_123', status: 'succeeded', amount: 1099, currency: 'usd' } }),
  reset() {
    this.groups = [];
    this.confirmCalls = [];
    this.submitResult = {};
    this.amount = 1099;
    this.intent = {};
    this.nextActionCalls = [];
    this.confirm = () => Promise.resolve({ paymentIntent: { id: 'pi_123', status: 'succeeded', amount: 1099, currency: 'usd' } });
  },
  get last(): FakeElements {
    return this.groups[this.groups.length - 1];
  },
};

const fakeStripe = {
  elements(options: Record<string, unknown>) {
    const group = new FakeElements(options);
    fake.groups.push(group);
    return group;
  },
  retrievePaymentIntent(secret: string) {
    return Promise.resolve({ paymentIntent: { id: secret.split('_secret_')[0], status: 'requires_payment_method', amount: fake.amount, currency: 'usd', ...fake.intent } });
  },
  handleNextAction(args: Record<string, unknown>) {
    fake.nextActionCalls.push(args);
    return Promise.resolve({ paymentIntent: { id: 'pi_123', status: 'succeeded', amount: fake.amount, currency: 'usd' } });
  },
  confirmPayment(args: Record<string, unknown>) {
    fake.confirmCalls.push(args);
    return fake.confirm();
  },
};

const StripeFake = Object.assign(() => fakeStripe, { version: 'endive' });
(window as unknown as { Stripe: unknown }).Stripe = StripeFake;

const shadow = (el: CkPaymentElement) => el.shadowRoot!;
const button = (el: CkPaymentElement) => shadow(el).querySelector<HTMLButtonElement>('[part="button"]')!;
const message = (el: CkPaymentElement) => shadow(el).querySelector('[part="message"]')!.textContent!.trim();
/** Presses Pay with Stripe.js answering `result`, and waits for the outcome event and the update. */
async function payWith(el: CkPaymentElement, result: Record<string, unknown>): Promise<void> {
  fake.confirm = () => Promise.resolve(result);
  setTimeout(() => button(el).click());
  await oneEvent(el, result.error ? 'ck-payment-failed' : 'ck-payment-succeeded');
  await el.updateComplete;
}

async function ready(template = html`<ck-payment-element lang="en-US" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element>`) {
  const el = await fixture<CkPaymentElement>(template);
  await oneEvent(el, 'ck-ready');
  await waitUntil(() => button(el).textContent!.includes('$'), 'amount shown');
  return el;
}

function complete(el: CkPaymentElement, value = true) {
  fake.last.element!.emit('change', { elementType: 'payment', empty: false, complete: value, collapsed: false, value: { type: 'card' } });
  return el.updateComplete;
}

describe('<ck-payment-element>', () => {
  beforeEach(() => fake.reset());

  describe('mounting', () => {
    it('mounts Stripe’s element in a light-DOM node slotted into its shadow root, and fires ck-ready', async () => {
      const el = await ready();
      const node = fake.last.element!.node!;
      expect(node.getRootNode()).to.equal(document);
      expect(node.parentElement).to.equal(el);
      const slot = shadow(el).querySelector<HTMLSlotElement>(`slot[name="${node.slot}"]`)!;
      expect(slot.assignedElements({ flatten: true })).to.include(node);
      expect(fake.last.options.clientSecret).to.equal(SECRET);
    });

    it('works inside another component’s shadow root: the node stays in the document and is projected', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const inner = document.createElement('div');
      const innerRoot = inner.attachShadow({ mode: 'open' });
      root.append(inner);
      const el = document.createElement('ck-payment-element');
      el.setAttribute('publishable-key', 'pk_test_x');
      el.setAttribute('client-secret', SECRET);
      el.lang = 'en-US';
      innerRoot.append(el);
      await oneEvent(el, 'ck-ready');
      const node = fake.last.element!.node!;
      expect(node.getRootNode()).to.equal(document);
      expect(node.parentElement).to.equal(host);
      const slot = shadow(el).querySelector<HTMLSlotElement>(`slot[name="${node.slot}"]`)!;
      expect(slot.assignedElements({ flatten: true })).to.include(node);
      el.remove();
      expect(node.isConnected).to.equal(false);
      expect(host.children.length).to.equal(0);
    });

    it('shows the PaymentIntent’s amount on the Pay button', async () => {
      const el = await ready();
      expect(button(el).textContent).to.equal('Pay $10.99');
    });

    it('re-mounts for a changed client secret and destroys the old element (a stale intent is never confirmed)', async () => {
      const el = await ready();
      const first = fake.last;
      el.clientSecret = SECRET2;
      await oneEvent(el, 'ck-ready');
      expect(first.element!.destroyed).to.equal(true);
      expect(fake.last.options.clientSecret).to.equal(SECRET2);
      await complete(el);
      button(el).click();
      await waitUntil(() => fake.confirmCalls.length === 1);
      expect(fake.confirmCalls[0].clientSecret).to.equal(SECRET2);
      expect(fake.confirmCalls[0].elements).to.equal(fake.last);
    });

    it('tears the form down when disconnected and mounts a fresh one when connected again', async () => {
      const el = await ready();
      const first = fake.last;
      const parent = el.parentElement!;
      el.remove();
      expect(first.element!.destroyed).to.equal(true);
      parent.append(el);
      await oneEvent(el, 'ck-ready');
      expect(fake.last).to.not.equal(first);
      expect(fake.last.options.clientSecret).to.equal(SECRET);
    });

    it('shows the error state with Try again when Stripe’s form fails to load (loaderror)', async () => {
      const el = await ready();
      fake.last.element!.emit('loaderror', { elementType: 'payment', error: { type: 'invalid_request_error' } });
      await el.updateComplete;
      expect(el.status).to.equal('error');
      expect(message(el)).to.equal('The payment form could not be loaded. Check your connection and try again.');
      expect(shadow(el).querySelector('[part="retry-button"]')).to.not.equal(null);
      expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    });

    it('back from a redirect, says why the last attempt failed', async () => {
      fake.intent = { last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } };
      const el = await fixture<CkPaymentElement>(html`<ck-payment-element lang="en-US" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element>`);
      await waitUntil(() => el.status === 'failed', 'failed state');
      expect(message(el)).to.equal('Payment failed: Your card was declined.');
    });

    it('resumes an intent waiting for authentication through handleNextAction, without confirming again', async () => {
      fake.intent = { status: 'requires_action' };
      const el = await ready();
      button(el).click();
      await oneEvent(el, 'ck-payment-succeeded');
      expect(fake.nextActionCalls).to.deep.equal([{ clientSecret: SECRET }]);
      expect(fake.confirmCalls.length).to.equal(0);
    });

    it('reflects theme, layout, disabled and hide-button to attributes', async () => {
      const el = await ready();
      el.theme = 'dark';
      el.layout = 'accordion';
      el.disabled = true;
      el.hideButton = true;
      await el.updateComplete;
      expect(['theme', 'layout', 'disabled', 'hide-button'].map((a) => el.getAttribute(a))).to.deep.equal(['dark', 'accordion', '', '']);
      expect(fake.last.element!.updates).to.deep.include({ readOnly: true });
    });

    it('reports a missing publishable key or secret in the element’s language', async () => {
      const el = await fixture<CkPaymentElement>(html`<ck-payment-element lang="fr" client-secret=${SECRET}></ck-payment-element>`);
      await el.updateComplete;
      expect(message(el)).to.equal('Le formulaire de paiement n’est pas configuré (clé publique manquante).');
      el.publishableKey = 'pk_test_x';
      el.clientSecret = '';
      await el.updateComplete;
      await nextFrame();
      expect(message(el)).to.contain('secret client');
    });

    it('passes layout to the Payment Element and updates it', async () => {
      const el = await ready(html`<ck-payment-element lang="en" publishable-key="pk_test_x" client-secret=${SECRET} layout="accordion"></ck-payment-element>`);
      expect(fake.last.element!.options.layout).to.equal('accordion');
      el.layout = 'tabs';
      await el.updateComplete;
      expect(fake.last.element!.updates).to.deep.include({ layout: 'tabs' });
    });
  });

  describe('theming', () => {
    it('turns the computed --ck-* tokens into appearance variables', async () => {
      const el = await ready(html`<ck-payment-element lang="en" theme="light" publishable-key="pk_test_x" client-secret=${SECRET}
        style="--ck-color-primary: rgb(1, 2, 3); --ck-radius: 9px; --ck-font-family: Georgia"></ck-payment-element>`);
      void el;
      const appearance = fake.last.options.appearance as { theme: string; variables: Record<string, string> };
      expect(appearance.theme).to.equal('stripe');
      expect(appearance.variables.colorPrimary).to.equal('rgb(1, 2, 3)');
      expect(appearance.variables.borderRadius).to.equal('9px');
      expect(appearance.variables.fontFamily).to.equal('Georgia');
      for (const key of ['colorBackground', 'colorText', 'colorDanger', 'spacingUnit']) expect(appearance.variables[key]).to.be.a('string').and.not.equal('');
    });

    it('re-applies the appearance through elements.update when the theme switches to dark', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div data-ck-theme="light"><ck-payment-element lang="en" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element></div>`);
      const el = wrapper.querySelector('ck-payment-element')!;
      await waitUntil(() => el.status === 'ready', 'ready');
      wrapper.dataset.ckTheme = 'dark';
      await waitUntil(() => fake.last.updates.some((u) => (u.appearance as { theme?: string } | undefined)?.theme === 'night'), 'dark appearance sent');
    });

    it('re-applies the appearance when a page class changes the tokens', async () => {
      const el = await ready();
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.brand-x ck-payment-element { --ck-color-primary: rgb(200, 0, 0); }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      document.body.classList.add('brand-x');
      try {
        await waitUntil(
          () => fake.last.updates.some((u) => (u.appearance as { variables?: { colorPrimary?: string } } | undefined)?.variables?.colorPrimary === 'rgb(200, 0, 0)'),
          'new primary colour sent',
        );
      } finally {
        document.body.classList.remove('brand-x');
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      }
      void el;
    });

    it('passes its locale to Elements and updates it when lang changes', async () => {
      const el = await ready();
      expect(fake.last.options.locale).to.equal('en');
      el.lang = 'fr';
      await waitUntil(() => fake.last.updates.some((u) => u.locale === 'fr'), 'locale sent');
      await el.updateComplete;
      expect(button(el).textContent).to.match(/^Payer 10,99/);
    });
  });

  describe('paying', () => {
    it('confirms with the element, the return URL and redirect if_required, then fires ck-payment-succeeded', async () => {
      const el = await ready(html`<ck-payment-element lang="en" publishable-key="pk_test_x" client-secret=${SECRET} return-url="/done"></ck-payment-element>`);
      await complete(el);
      setTimeout(() => button(el).click());
      const event = await oneEvent(el, 'ck-payment-succeeded');
      expect(event.detail.paymentIntent.status).to.equal('succeeded');
      expect(event.bubbles && event.composed).to.equal(true);
      expect(fake.confirmCalls[0].redirect).to.equal('if_required');
      expect((fake.confirmCalls[0].confirmParams as { return_url: string }).return_url).to.equal(new URL('/done', location.href).href);
      await el.updateComplete;
      expect(message(el)).to.equal('Payment successful. Thank you!');
      expect(shadow(el).querySelector('[part="message"]')!.getAttribute('role')).to.equal('status');
    });

    it('twenty quick clicks confirm once', async () => {
      const el = await ready();
      await complete(el);
      let release!: (r: Result) => void;
      fake.confirm = () => new Promise((resolve) => (release = resolve));
      for (let i = 0; i < 20; i++) button(el).click();
      await waitUntil(() => fake.confirmCalls.length === 1);
      for (let i = 0; i < 20; i++) button(el).click();
      release({ paymentIntent: { id: 'pi_123', status: 'succeeded', amount: 1099, currency: 'usd' } });
      await oneEvent(el, 'ck-payment-succeeded');
      expect(fake.confirmCalls.length).to.equal(1);
    });

    it('lets the page veto with ck-before-confirm', async () => {
      const el = await ready();
      await complete(el);
      el.addEventListener('ck-before-confirm', (e) => e.preventDefault(), { once: true });
      const before = oneEvent(el, 'ck-before-confirm');
      button(el).click();
      const event = await before;
      expect(event.cancelable).to.equal(true);
      expect(event.detail).to.deep.equal({ amount: 1099, currency: 'usd', paymentIntentId: 'pi_123' });
      await el.updateComplete;
      expect(fake.confirmCalls.length).to.equal(0);
      expect(message(el)).to.equal('Payment was not started.');
    });

    it('does not confirm when the details are invalid (elements.submit error)', async () => {
      const el = await ready();
      fake.submitResult = { error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' } };
      button(el).click();
      await waitUntil(() => message(el) === 'Check your card details.');
      expect(fake.confirmCalls.length).to.equal(0);
    });

    it('reports a decline with ck-payment-failed, in the language it gave Stripe.js', async () => {
      const el = await ready(html`<ck-payment-element lang="fr-FR" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element>`);
      expect(fake.last.options.locale).to.equal('fr');
      await complete(el);
      // Stripe.js returns card errors in the locale it was given.
      const error = { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Les fonds de votre carte sont insuffisants.' };
      fake.confirm = () => Promise.resolve({ error });
      setTimeout(() => button(el).click());
      const event = await oneEvent(el, 'ck-payment-failed');
      expect(event.detail.error).to.deep.equal(error);
      await el.updateComplete;
      expect(message(el)).to.equal('Échec du paiement : Les fonds de votre carte sont insuffisants.');
      expect(button(el).getAttribute('aria-disabled')).to.equal('false');
    });

    it('ends a confirmation that Stripe.js throws on (misuse) as failed, not stuck processing', async () => {
      const el = await ready();
      await complete(el);
      fake.confirm = () => Promise.reject(new Error('stripe.confirmPayment(): invalid call.'));
      setTimeout(() => button(el).click());
      const event = await oneEvent(el, 'ck-payment-failed');
      expect(event.detail.error.message).to.equal('stripe.confirmPayment(): invalid call.');
      await el.updateComplete;
      expect(el.status).to.equal('failed');
      // the integration error is the developer's (event, console), not words for the customer
      expect(message(el)).to.equal('Payment failed: Something went wrong with the payment. Please try again.');
      expect(button(el).getAttribute('aria-busy')).to.equal('false');
    });

    it('falls back to its own words when an error has no message', async () => {
      const el = await ready(html`<ck-payment-element lang="fr" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element>`);
      await complete(el);
      await payWith(el, { error: { type: 'api_error' } });
      expect(message(el)).to.equal('Échec du paiement : Une erreur est survenue lors du paiement. Veuillez réessayer.');
    });

    it('words its message in the new language when lang changes (a card error keeps Stripe.js’s words)', async () => {
      const el = await ready();
      await complete(el);
      await payWith(el, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
      expect(message(el)).to.equal('Payment failed: Your card was declined.');
      el.lang = 'fr';
      await waitUntil(() => message(el).startsWith('Échec du paiement : '), 'message re-worded');
      expect(message(el)).to.equal('Échec du paiement : Your card was declined.');
      await payWith(el, { paymentIntent: { id: 'pi_1', status: 'succeeded', amount: 1099, currency: 'usd' } });
      expect(message(el)).to.equal('Paiement réussi. Merci !');
      el.lang = 'en';
      await waitUntil(() => message(el) === 'Payment successful. Thank you!', 'success message re-worded');
    });

    it('shows each failure’s own reason when two attempts fail in a row', async () => {
      const el = await ready();
      await complete(el);
      await payWith(el, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
      expect(message(el)).to.equal('Payment failed: Your card was declined.');
      await payWith(el, { error: { type: 'card_error', code: 'expired_card', message: 'Your card has expired.' } });
      expect(message(el)).to.equal('Payment failed: Your card has expired.');
    });

    it('hides and shows its Pay button with hide-button', async () => {
      const el = await ready();
      el.hideButton = true;
      await el.updateComplete;
      expect(shadow(el).querySelector('[part="button"]')).to.equal(null);
      el.hideButton = false;
      await el.updateComplete;
      const parts = [...shadow(el).querySelector('[part="base"]')!.children].map((n) => n.getAttribute('part'));
      expect(parts).to.deep.equal(['loading', 'field', 'button', 'message']);
    });

    it('submit() is the same as the button, and works from a surrounding form', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><ck-payment-element lang="en" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element><button>Go</button></form>`);
      const el = form.querySelector('ck-payment-element')!;
      await waitUntil(() => el.status === 'ready', 'ready');
      await complete(el);
      form.requestSubmit();
      await oneEvent(el, 'ck-payment-succeeded');
      expect(fake.confirmCalls.length).to.equal(1);
    });
  });

  describe('forms', () => {
    it('is form-associated: invalid until the details are complete, and never a form value', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><ck-payment-element name="payment" lang="en" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element></form>`);
      const el = form.querySelector('ck-payment-element')!;
      await waitUntil(() => el.status === 'ready', 'ready');
      expect(el.checkValidity()).to.equal(false);
      expect(el.validity.valueMissing).to.equal(true);
      expect(el.validationMessage).to.equal('Enter your complete card details.');
      await complete(el);
      expect(el.checkValidity()).to.equal(true);
      expect([...new FormData(form).keys()]).to.deep.equal([]);
    });

    it('with hide-button, a form submitted with incomplete details is stopped and focuses the card field', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><ck-payment-element hide-button lang="en" publishable-key="pk_test_x" client-secret=${SECRET}></ck-payment-element><button>Buy</button></form>`);
      const el = form.querySelector('ck-payment-element')!;
      await waitUntil(() => el.status === 'ready', 'ready');
      let submitted = 0;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted++;
      });
      form.requestSubmit();
      expect(submitted).to.equal(0);
      expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[part="field"]'));
      await complete(el);
      form.requestSubmit();
      expect(submitted).to.equal(1);
    });

    it('relays change events as ck-change', async () => {
      const el = await ready();
      setTimeout(() => void complete(el));
      const event = await oneEvent(el, 'ck-change');
      expect(event.detail).to.deep.equal({ complete: true, empty: false, value: { type: 'card' } });
    });
  });

  describe('secret endpoint', () => {
    const realFetch = window.fetch;
    afterEach(() => {
      window.fetch = realFetch;
    });

    it('fetches the secret with the configured method, headers and body, retrying 503 and network errors', async () => {
      const calls: RequestInit[] = [];
      const answers: (() => Promise<Response>)[] = [
        () => Promise.reject(new TypeError('Failed to fetch')),
        () => Promise.resolve(new Response('busy', { status: 503 })),
        () => Promise.resolve(new Response(JSON.stringify({ clientSecret: SECRET }), { status: 200 })),
      ];
      window.fetch = (_url, init) => {
        calls.push(init!);
        return answers.shift()!();
      };
      const secret = await fetchClientSecret('/secret', { method: 'POST', headers: { 'X-CSRF': 't' }, body: { cart: 1 }, baseDelay: 1 });
      expect(secret).to.equal(SECRET);
      expect(calls.length).to.equal(3);
      expect((calls[2].headers as Record<string, string>)['X-CSRF']).to.equal('t');
      expect(calls[2].body).to.equal('{"cart":1}');
    });

    it('does not retry a 4xx and fails with the status', async () => {
      let count = 0;
      window.fetch = () => {
        count++;
        return Promise.resolve(new Response('{}', { status: 400 }));
      };
      const err = await fetchClientSecret('/secret', { baseDelay: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(SecretEndpointError);
      expect((err as SecretEndpointError).status).to.equal(400);
      expect(count).to.equal(1);
    });

    it('rejects an answer without a client secret', async () => {
      window.fetch = () => Promise.resolve(new Response(JSON.stringify({ secret: 'nope' }), { status: 200 }));
      const err = await fetchClientSecret('/secret', { baseDelay: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(SecretEndpointError);
    });

    it("rejects a SetupIntent's secret: the element confirms payments", async () => {
      window.fetch = () => Promise.resolve(new Response(JSON.stringify({ clientSecret: 'seti_123_secret_abc' }), { status: 200 }));
      const err = await fetchClientSecret('/secret', { baseDelay: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(SecretEndpointError);
    });

    it('shows a localised error with a retry button after repeated failures, and recovers', async () => {
      let fail = true;
      window.fetch = () =>
        Promise.resolve(fail ? new Response('down', { status: 500 }) : new Response(JSON.stringify({ clientSecret: SECRET }), { status: 200 }));
      const el = await fixture<CkPaymentElement>(html`<ck-payment-element lang="fr" publishable-key="pk_test_x" secret-endpoint="/secret"></ck-payment-element>`);
      await waitUntil(() => message(el).startsWith('Impossible de démarrer le paiement'), 'error shown', { timeout: 8000 });
      // The retry button stays put (and focused) while the element updates around it.
      const retry = shadow(el).querySelector<HTMLButtonElement>('[part="retry-button"]')!;
      retry.focus();
      el.locale = 'en';
      await el.updateComplete;
      expect(retry.textContent).to.equal('Try again');
      expect(shadow(el).activeElement).to.equal(retry);
      fail = false;
      retry.click();
      await oneEvent(el, 'ck-ready');
      expect(fake.last.options.clientSecret).to.equal(SECRET);
    });

    it('uses the secret-endpoint’s answer to mount, and refresh() keeps the form when the secret is unchanged', async () => {
      window.fetch = () => Promise.resolve(new Response(JSON.stringify({ clientSecret: SECRET }), { status: 200 }));
      const el = await fixture<CkPaymentElement>(html`<ck-payment-element lang="en-US" publishable-key="pk_test_x" secret-endpoint="/secret"></ck-payment-element>`);
      await oneEvent(el, 'ck-ready');
      const group = fake.last;
      fake.amount = 2000;
      await el.refresh();
      await el.updateComplete;
      expect(fake.last).to.equal(group);
      expect(button(el).textContent).to.equal('Pay $20.00');
    });
  });

  describe('accessibility', () => {
    it('passes axe when ready', async () => {
      const el = await ready();
      await expect(el).to.be.accessible();
    });
  });
});

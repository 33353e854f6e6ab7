import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../define/ck-checkout.js';
import type { CkCheckout } from './checkout.js';
import type { CheckoutPage } from './checkout-api.js';
import type { CheckoutCardForm } from './checkout-card-form.js';

function pageView(overrides: Partial<CheckoutPage> = {}): CheckoutPage {
  return {
    id: 'cs_test_a1Example',
    status: 'open',
    payment_status: 'unpaid',
    mode: 'payment',
    ui_mode: 'hosted_page',
    currency: 'usd',
    amount_subtotal: 6500,
    amount_total: 6500,
    customer_email: null,
    email_locked: false,
    expires_at: 2_000_000_000,
    locale: null,
    submit_type: null,
    cancel_url: 'https://shop.example/cart',
    success_url: 'https://shop.example/ok?session_id=cs_test_a1Example',
    return_url: null,
    redirect_on_completion: null,
    line_items: [
      { id: 'li_1', description: 'Organic cotton T-shirt', quantity: 2, unit_amount: 2500, amount_subtotal: 5000, amount_total: 5000, currency: 'usd' },
      { id: 'li_2', description: 'Enamel mug', quantity: 1, unit_amount: 1500, amount_subtotal: 1500, amount_total: 1500, currency: 'usd' },
    ],
    branding: { display_name: 'Rentals & Co', icon_url: null, primary_color: '#0a7d5a' },
    ...overrides,
  };
}

/**
 * A fake `window.Stripe` (unit tests only; test/e2e/checkout-setup.spec.ts uses the simulator's real shim): records
 * what setup mode asks of Stripe.js and lets each test decide how `confirmSetup` ends.
 */
type Handler = (e: Record<string, unknown>) => void;
const stripeFake = {
  elementsCalls: [] as Record<string, unknown>[],
  /** What `elements.update()` was given, in order. */
  updates: [] as Record<string, unknown>[],
  confirmSetupCalls: [] as Record<string, unknown>[],
  mounted: null as HTMLElement | null,
  submitResult: {} as Record<string, unknown>,
  confirmSetup: (() => Promise.resolve({ setupIntent: { id: 'seti_1', status: 'succeeded' } })) as () => Promise<Record<string, unknown>>,
  reset() {
    this.updates = [];
    this.elementsCalls = [];
    this.confirmSetupCalls = [];
    this.mounted = null;
    this.submitResult = {};
    this.confirmSetup = () => Promise.resolve({ setupIntent: { id: 'seti_1', status: 'succeeded' } });
  },
};
const fakeStripe = {
  elements(options: Record<string, unknown>) {
    stripeFake.elementsCalls.push(options);
    const handlers = new Map<string, Handler[]>();
    return {
      create: (_type: string) => ({
        on(type: string, h: Handler) {
          handlers.set(type, [...(handlers.get(type) ?? []), h]);
          return this;
        },
        mount(node: HTMLElement) {
          if (node.getRootNode() instanceof ShadowRoot) throw new Error('Elements cannot be mounted in a ShadowRoot.');
          stripeFake.mounted = node;
          node.textContent = 'card fields';
          setTimeout(() => (handlers.get('ready') ?? []).forEach((h) => h({ elementType: 'payment' })));
        },
        update() {},
        destroy() {
          stripeFake.mounted?.replaceChildren();
        },
      }),
      submit: () => Promise.resolve(stripeFake.submitResult),
      update: (o: Record<string, unknown>) => {
        stripeFake.updates.push(o);
        return Promise.resolve();
      },
      fetchUpdates: () => Promise.resolve({}),
    };
  },
  retrievePaymentIntent: (secret: string) => Promise.resolve({ paymentIntent: { id: secret.split('_secret_')[0], status: 'requires_payment_method', amount: 6500, currency: 'usd' } }),
  confirmSetup(args: Record<string, unknown>) {
    stripeFake.confirmSetupCalls.push(args);
    return stripeFake.confirmSetup();
  },
};
(window as unknown as { Stripe: unknown }).Stripe = Object.assign(() => fakeStripe, { version: 'endive' });

function setupView(overrides: Partial<CheckoutPage> = {}): CheckoutPage {
  return pageView({ mode: 'setup', payment_status: 'no_payment_required', amount_total: null, amount_subtotal: null, line_items: [], ...overrides });
}

const shadow = (el: CkCheckout) => el.shadowRoot!;
const text = (el: CkCheckout) => (shadow(el).textContent ?? '').replace(/\s+/g, ' ');

/** Answers the page API like the simulator would (fakes are for unit tests only). */
/**
 * An on-page card form (what the simulator's page subclass provides) that records each validation's locale and
 * always reports the card number invalid, so a press shows up in `validated` and moves the focus to `#cardNumber`.
 */
function stubCardForm(validated: string[], complete: () => boolean): CheckoutCardForm {
  return {
    connect: () => {},
    render: () => html`<input id="cardNumber" aria-label="Card number" />`,
    complete,
    validate: (ctx) => {
      validated.push(ctx.locale);
      return 'cardNumber';
    },
    createPaymentMethod: () => Promise.resolve({ error: { message: 'unused' } }),
    showError: () => {},
  };
}

function fakeApi(handler: (url: URL, init?: RequestInit) => { status: number; body: unknown }): () => void {
  const original = window.fetch;
  window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
    if (!url.pathname.startsWith('/v1/payment_pages/')) return original(input, init);
    const { status, body } = handler(url, init);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  return () => {
    window.fetch = original;
  };
}

/** A session that asks for custom fields, consent, custom text, a phone number and addresses. */
function collectView(overrides: Partial<NonNullable<CheckoutPage['collect']>> = {}): NonNullable<CheckoutPage['collect']> {
  return {
    custom_fields: [
      { key: 'engraving', label: 'Engraving', type: 'text', optional: false, default_value: null, minimum_length: 2, maximum_length: 10, options: null },
      { key: 'team', label: 'Team size', type: 'numeric', optional: true, default_value: null, minimum_length: null, maximum_length: 4, options: null },
      { key: 'size', label: 'Size', type: 'dropdown', optional: false, default_value: 'm', minimum_length: null, maximum_length: null, options: [{ label: 'Small', value: 's' }, { label: 'Medium', value: 'm' }] },
    ],
    terms_of_service: true,
    promotions: false,
    custom_text: { submit: null, after_submit: null, shipping_address: null, terms_of_service_acceptance: null },
    phone: false,
    billing_address: false,
    shipping_countries: null,
    ...overrides,
  };
}

describe('<ck-checkout>', () => {
  it('is defined once and registers the elements it renders', async () => {
    await import('../../define/ck-checkout.js');
    expect(customElements.get('ck-checkout')).to.not.equal(undefined);
    expect(customElements.get('ck-cart')).to.not.equal(undefined);
    expect(customElements.get('ck-payment-element')).to.not.equal(undefined);
  });

  it('renders an open session: branding, line items, totals, email, Pay button with the amount, cancel link', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView()}></ck-checkout>`);
    await el.updateComplete;
    expect(el.status).to.equal('open');
    expect(text(el)).to.contain('Rentals & Co');
    expect(text(el)).to.contain('$65.00');
    const cart = shadow(el).querySelector('ck-cart')!;
    expect(cart).to.not.equal(null);
    expect(cart.hasAttribute('editable')).to.equal(false);
    const email = shadow(el).querySelector<HTMLInputElement>('input[type=email]')!;
    expect(email.labels?.[0]?.textContent).to.equal('Email');
    expect(email.autocomplete).to.equal('email');
    const pay = shadow(el).querySelector<HTMLButtonElement>('button.pay')!;
    expect(pay.textContent?.trim()).to.equal('Pay $65.00');
    const cancel = shadow(el).querySelector<HTMLAnchorElement>('a.cancel')!;
    expect(cancel.href).to.equal('https://shop.example/cart');
    expect(cancel.textContent).to.contain('Back to Rentals & Co');
    expect(el.style.getPropertyValue('--ck-color-primary')).to.equal('#0a7d5a');
    await expect(el).to.be.accessible();
  });

  it('shows the selected shipping rate between the subtotal and the total it is part of', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="en" .session=${pageView({ amount_total: 7000, shipping: { display_name: 'Ground', amount: 500 } })}></ck-checkout>`);
    await el.updateComplete;
    const rows = [...shadow(el).querySelectorAll('dl.totals > div')].map((d) => (d.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal(['Subtotal$65.00', 'Shipping (Ground)$5.00', 'Total due$70.00']);
    expect(shadow(el).querySelector<HTMLButtonElement>('button.pay')!.textContent?.trim()).to.equal('Pay $70.00');
    // the cart sums the items only
    expect(shadow(el).querySelector('ck-cart')!.total).to.equal(6500);
    el.session = pageView({ amount_total: 7000, shipping: { display_name: null, amount: 500 } });
    el.lang = 'fr';
    await waitUntil(() => shadow(el).querySelector('dl.totals .shipping dt')?.textContent === 'Livraison', 'unnamed rate in French');
    el.session = pageView();
    await waitUntil(() => shadow(el).querySelector('dl.totals .shipping') === null, 'no shipping row without a rate');
  });

  it('explains an expired session and offers no payment', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView({ status: 'expired' })}></ck-checkout>`);
    expect(el.status).to.equal('expired');
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('This checkout has expired');
    expect(shadow(el).querySelector('button.pay')).to.equal(null);
    expect(shadow(el).querySelector<HTMLAnchorElement>('a.state-link')!.href).to.equal('https://shop.example/cart');
    await expect(el).to.be.accessible();
  });

  it('explains an already paid session', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView({ status: 'complete', payment_status: 'paid' })}></ck-checkout>`);
    expect(el.status).to.equal('paid');
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('This checkout is already paid');
    expect(shadow(el).querySelector('button.pay')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('renders a setup-mode session as a "save your card" form: no amount, no cart, a Save button', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="en" .session=${setupView()}></ck-checkout>`);
    await el.updateComplete;
    expect(el.status).to.equal('open');
    expect(shadow(el).querySelector('#setup-title')!.textContent!.trim()).to.equal('Save your card with Rentals & Co');
    expect(text(el)).to.contain('You are not charged now.');
    expect(text(el)).to.not.match(/\$|Total due|\bPay\b/);
    expect(shadow(el).querySelector('ck-cart')).to.equal(null);
    expect(shadow(el).querySelector('ck-payment-element')).to.equal(null);
    const save = shadow(el).querySelector<HTMLButtonElement>('button.save')!;
    expect(save.textContent!.trim()).to.equal('Save card');
    // a page view alone has no SetupIntent: nothing to save with
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    expect(text(el)).to.contain('By saving your card, you allow Rentals & Co to charge it for future payments');
    await expect(el).to.be.accessible();
  });

  it('says a completed setup-mode session has its card saved already (en/fr)', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="en" .session=${setupView({ status: 'complete' })}></ck-checkout>`);
    expect(el.status).to.equal('paid');
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('This card is already saved');
    el.lang = 'fr';
    await waitUntil(() => shadow(el).querySelector('h2')!.textContent === 'Cette carte est déjà enregistrée', 'French');
    await expect(el).to.be.accessible();
  });

  it('explains that subscription-mode sessions cannot be completed on this page', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView({ mode: 'subscription' })}></ck-checkout>`);
    expect(shadow(el).querySelector('h2')!.textContent).to.equal('This checkout cannot be completed here');
    expect(shadow(el).querySelector('button.pay')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('speaks French', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="fr" .session=${pageView()}></ck-checkout>`);
    await el.updateComplete;
    expect(text(el)).to.contain('Total à payer');
    expect(shadow(el).querySelector('button.pay')!.textContent).to.match(/^\s*Payer 65,00/);
    expect(shadow(el).querySelector('label')!.textContent).to.equal('E-mail');
    await expect(el).to.be.accessible();
  });

  it('renders untrusted strings as text and never links to non-http URLs', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout
      inline
      .session=${pageView({
        cancel_url: 'javascript:alert(1)',
        branding: { display_name: '<img src=x onerror=alert(1)>', icon_url: 'javascript:alert(2)', primary_color: 'red;background:url(x)' },
        line_items: [{ id: 'li_1', description: '<b>bold</b>', quantity: 1, unit_amount: 6500, amount_subtotal: 6500, amount_total: 6500, currency: 'usd' }],
      })}
    ></ck-checkout>`);
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(text(el)).to.contain('<img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('a.cancel')).to.equal(null);
    expect(el.style.getPropertyValue('--ck-color-primary')).to.equal('');
  });

  it('reloads when moved in the document', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView()}></ck-checkout>`);
    const other = document.createElement('div');
    document.body.append(other);
    const readyEvent = oneEvent(el, 'ck-checkout-ready');
    other.append(el);
    const ready = await readyEvent;
    expect(ready.detail.status).to.equal('open');
    other.remove();
  });

  it('renders the custom fields, the terms checkbox and the merchant\'s custom text (links only to http(s), as text otherwise)', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView({
      collect: collectView({
        promotions: true,
        custom_text: {
          submit: 'Ships in [2 days](https://shop.example/shipping). <b>not bold</b> [bad](javascript:alert(1))',
          after_submit: 'Questions? [Write to us](mailto:help@shop.example)',
          shipping_address: null,
          terms_of_service_acceptance: 'I agree to the [Terms](https://shop.example/terms)',
        },
      }),
    })}></ck-checkout>`);
    await el.updateComplete;
    const root = shadow(el);
    const label = (id: string) => root.querySelector(`label[for="${id}"]`)!.textContent!.trim();
    expect(label('cf-0')).to.equal('Engraving');
    expect(label('cf-1')).to.equal('Team size (optional)');
    expect(label('cf-2')).to.equal('Size');
    expect(root.querySelector<HTMLInputElement>('#cf-0')!.maxLength).to.equal(10);
    expect(root.querySelector<HTMLInputElement>('#cf-0')!.required).to.equal(true);
    expect(root.querySelector<HTMLInputElement>('#cf-1')!.inputMode).to.equal('numeric');
    expect(root.querySelector<HTMLInputElement>('#cf-1')!.required).to.equal(false);
    expect(root.querySelector<HTMLSelectElement>('#cf-2')!.value).to.equal('m');
    expect(label('promotions')).to.equal('Send me news and offers from Rentals & Co by email.');
    const terms = root.querySelector('label[for="termsOfServiceConsentCheckbox"]')!;
    expect(terms.textContent!.replace(/\s+/g, ' ').trim()).to.equal('I agree to the Terms (opens in a new tab)');
    expect(terms.querySelector('a')!.getAttribute('href')).to.equal('https://shop.example/terms');
    expect(terms.querySelector('a')!.getAttribute('rel')).to.equal('noopener noreferrer');
    const submit = root.querySelector('.custom-text:not(.after)')!;
    expect(submit.querySelector('b')).to.equal(null);
    expect(submit.textContent).to.contain('<b>not bold</b> [bad](javascript:alert(1))');
    expect([...submit.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://shop.example/shipping']);
    const after = root.querySelector('.custom-text.after')!;
    expect(after.querySelector('a')).to.equal(null);
    expect(after.textContent).to.equal('Questions? [Write to us](mailto:help@shop.example)');
    // after the Pay button
    expect(root.querySelector('button.pay')!.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    await expect(el).to.be.accessible();
  });

  it('renders the phone and the address forms with autocomplete, the shipping countries limited to the allowed ones (fr)', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="fr" .session=${pageView({
      collect: collectView({
        custom_fields: [], terms_of_service: false, phone: true, billing_address: true, shipping_countries: ['FR', 'BE'],
        custom_text: { submit: null, after_submit: null, shipping_address: 'Livraison en 48 h', terms_of_service_acceptance: null },
      }),
    })}></ck-checkout>`);
    await el.updateComplete;
    const root = shadow(el);
    expect(root.querySelector('#phoneNumber')!.getAttribute('autocomplete')).to.equal('tel');
    expect(root.querySelector('label[for="phoneNumber"]')!.textContent).to.equal('Numéro de téléphone');
    const legends = [...root.querySelectorAll('legend')].map((l) => l.textContent);
    expect(legends).to.deep.equal(['Adresse de livraison', 'Adresse de facturation']);
    expect(root.querySelector('#shippingAddressLine1')!.getAttribute('autocomplete')).to.equal('shipping address-line1');
    expect(root.querySelector('#billingPostalCode')!.getAttribute('autocomplete')).to.equal('billing postal-code');
    const ship = [...root.querySelectorAll<HTMLOptionElement>('#shippingCountry option')].map((o) => `${o.value}:${o.textContent}`);
    expect(ship).to.deep.equal([':Choisir…', 'BE:Belgique', 'FR:France']);
    expect(root.querySelectorAll('#billingCountry option').length).to.be.greaterThan(200);
    expect(text(el)).to.contain('Livraison en 48 h');
    await expect(el).to.be.accessible();
  });

  it('asks for a configuration when it has no key or session', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline></ck-checkout>`);
    expect(el.status).to.equal('error');
    expect(text(el)).to.contain('missing publishable key');
  });

  describe('with the page API', () => {
    let restore: () => void = () => {};
    afterEach(() => restore());

    it('loads a hosted session, starts its payment, and requires a valid email before paying', async () => {
      const calls: string[] = [];
      restore = fakeApi((url, init) => {
        calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
        expect(new Headers(init?.headers).get('Authorization')).to.equal('Bearer pk_test_x');
        if (url.pathname.endsWith('/start')) return { status: 200, body: { ...pageView(), payment_intent_client_secret: 'pi_1_secret_2' } };
        return { status: 200, body: pageView() };
      });
      const el = await fixture<CkCheckout>(html`<ck-checkout inline session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
      await oneEvent(el, 'ck-checkout-ready');
      await el.updateComplete;
      expect(calls).to.deep.equal(['GET /v1/payment_pages/cs_test_a1Example', 'POST /v1/payment_pages/cs_test_a1Example/start']);
      const pe = shadow(el).querySelector('ck-payment-element')!;
      expect(pe.getAttribute('client-secret')).to.equal('pi_1_secret_2');
      expect(pe.hasAttribute('hide-button')).to.equal(true);
      shadow(el).querySelector<HTMLButtonElement>('button.pay')!.click();
      await el.updateComplete;
      const email = shadow(el).querySelector<HTMLInputElement>('input[type=email]')!;
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(shadow(el).querySelector('#email-error')!.textContent).to.equal('Enter your email address.');
      expect(shadow(el).activeElement).to.equal(email);
      email.value = 'not-an-email';
      email.dispatchEvent(new Event('input'));
      shadow(el).querySelector<HTMLButtonElement>('button.pay')!.click();
      await el.updateComplete;
      expect(shadow(el).querySelector('#email-error')!.textContent).to.equal('Enter a valid email address.');
      expect(calls.length).to.equal(2);
    });

    it('has no on-page card form of its own; a subclass\'s (the simulator\'s page) is used only inline on the API\'s origin', async () => {
      restore = fakeApi((url) => {
        if (url.pathname.endsWith('/start')) return { status: 200, body: { ...pageView(), payment_intent_client_secret: 'pi_1_secret_2' } };
        return { status: 200, body: pageView() };
      });
      const validated: string[] = [];
      let complete = false;
      const cardForm = stubCardForm(validated, () => complete);
      // the element itself, on the API's own origin (a merchant page without a `simulator`): Stripe's iframe
      const plain = await fixture<CkCheckout>(html`<ck-checkout inline session-id="cs_test_a1Example" publishable-key="pk_test_x"></ck-checkout>`);
      await oneEvent(plain, 'ck-checkout-ready');
      await plain.updateComplete;
      expect(shadow(plain).querySelector('#cardNumber')).to.equal(null);
      expect(shadow(plain).querySelector('ck-payment-element')).to.not.equal(null);
      class WithCardForm extends (customElements.get('ck-checkout') as typeof CkCheckout) {
        protected override pageCardForm(): CheckoutCardForm {
          return cardForm;
        }
      }
      if (!customElements.get('ck-checkout-card-test')) customElements.define('ck-checkout-card-test', WithCardForm);
      // the subclass on another origin (a simulator elsewhere): the card form ignored
      const away = await fixture<CkCheckout>(html`<ck-checkout-card-test inline session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout-card-test>`);
      await oneEvent(away, 'ck-checkout-ready');
      await away.updateComplete;
      expect(shadow(away).querySelector('#cardNumber')).to.equal(null);
      expect(shadow(away).querySelector('ck-payment-element')).to.not.equal(null);
      // the subclass served from the API's origin (the simulator's own page): the card form replaces the Payment Element
      const home = await fixture<CkCheckout>(html`<ck-checkout-card-test inline session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator=${location.origin}></ck-checkout-card-test>`);
      await oneEvent(home, 'ck-checkout-ready');
      await home.updateComplete;
      expect(shadow(home).querySelector('ck-payment-element')).to.equal(null);
      expect(shadow(home).querySelector('#cardNumber')).to.not.equal(null);
      const submit = shadow(home).querySelector<HTMLButtonElement>('button.SubmitButton')!;
      expect(submit.className).to.equal('SubmitButton SubmitButton--incomplete');
      const email = shadow(home).querySelector<HTMLInputElement>('#email')!;
      email.value = 'ada@example.com';
      email.dispatchEvent(new Event('input'));
      complete = true;
      await home.updateComplete;
      expect(submit.className).to.equal('SubmitButton SubmitButton--complete');
      submit.click();
      await home.updateComplete;
      await waitUntil(() => shadow(home).activeElement?.id === 'cardNumber');
      expect(validated).to.have.length(1);
    });

    describe('setup mode', () => {
      beforeEach(() => stripeFake.reset());

      /** A setup session on the fake page API: open until `complete()` is called. */
      function setupApi() {
        const state = { complete: false, calls: [] as string[], emails: [] as (string | null)[] };
        restore = fakeApi((url, init) => {
          state.calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
          if (url.pathname.endsWith('/start')) {
            state.emails.push(new URLSearchParams(String(init?.body ?? '')).get('email'));
            return { status: 200, body: { ...setupView(), setup_intent_client_secret: 'seti_1_secret_2' } };
          }
          return { status: 200, body: setupView(state.complete ? { status: 'complete' } : {}) };
        });
        return state;
      }

      async function loaded(state: { calls: string[] }, lang = 'en') {
        const el = await fixture<CkCheckout>(html`<ck-checkout inline no-redirect lang=${lang} session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
        await oneEvent(el, 'ck-checkout-ready');
        await waitUntil(() => shadow(el).querySelector('button.save')?.getAttribute('aria-disabled') === 'false', 'form ready');
        expect(state.calls.slice(0, 2)).to.deep.equal(['GET /v1/payment_pages/cs_test_a1Example', 'POST /v1/payment_pages/cs_test_a1Example/start']);
        return el;
      }

      it('passes its language and theme to Stripe’s form, and updates them when they change', async () => {
        const state = setupApi();
        const el = await loaded(state);
        expect(stripeFake.elementsCalls[0].locale).to.equal('en');
        expect((stripeFake.elementsCalls[0].appearance as { theme: string }).theme).to.equal('stripe');
        el.lang = 'fr';
        await waitUntil(() => stripeFake.updates.some((u) => u.locale === 'fr'), 'locale sent');
        el.theme = 'dark';
        await waitUntil(() => stripeFake.updates.some((u) => (u.appearance as { theme?: string } | undefined)?.theme === 'night'), 'dark appearance sent');
        const sent = stripeFake.updates.length;
        el.requestUpdate();
        await el.updateComplete;
        expect(stripeFake.updates.length, 'nothing re-sent when nothing changed').to.equal(sent);
      });

      it('a Save pressed before the session’s SetupIntent arrives waits for it instead of being ignored (on-page card form)', async () => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const original = window.fetch;
        const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
        window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
          const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
          if (!url.pathname.startsWith('/v1/payment_pages/')) return original(input, init);
          if (!url.pathname.endsWith('/start')) return answer(setupView());
          await gate; // a slow network or machine: the card form is on screen before the SetupIntent exists
          return answer({ ...setupView(), setup_intent_client_secret: 'seti_1_secret_2' });
        }) as typeof fetch;
        restore = () => {
          window.fetch = original;
        };
        const validated: string[] = [];
        const cardForm = stubCardForm(validated, () => true);
        class SlowStart extends (customElements.get('ck-checkout') as typeof CkCheckout) {
          protected override pageCardForm(): CheckoutCardForm {
            return cardForm;
          }
        }
        if (!customElements.get('ck-checkout-slow-start-test')) customElements.define('ck-checkout-slow-start-test', SlowStart);
        const el = await fixture<CkCheckout>(html`<ck-checkout-slow-start-test inline no-redirect session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator=${location.origin}></ck-checkout-slow-start-test>`);
        await waitUntil(() => shadow(el).querySelector('#cardNumber'), 'the card form is shown before start answers');
        const email = shadow(el).querySelector<HTMLInputElement>('#email')!;
        email.value = 'ada@example.com';
        email.dispatchEvent(new Event('input'));
        shadow(el).querySelector<HTMLButtonElement>('button[part=button]')!.click();
        await el.updateComplete;
        expect(validated, 'nothing checked while the SetupIntent is still coming').to.have.length(0);
        release();
        await waitUntil(() => validated.length === 1, 'the press goes through once the SetupIntent arrives');
        await waitUntil(() => shadow(el).activeElement?.id === 'cardNumber', 'and the card number (reported invalid here) gets the focus');
      });

      it('mounts Stripe’s Payment Element for the SetupIntent in the light DOM, then saves with confirmSetup and completes', async () => {
        const state = setupApi();
        const el = await loaded(state);
        expect(stripeFake.elementsCalls[0].clientSecret).to.equal('seti_1_secret_2');
        const node = stripeFake.mounted!;
        expect(node.getRootNode()).to.equal(document);
        const slot = shadow(el).querySelector<HTMLSlotElement>(`slot[name="${node.slot}"]`)!;
        expect(slot.assignedElements({ flatten: true })).to.include(node);
        // email first
        shadow(el).querySelector<HTMLButtonElement>('button.save')!.click();
        await el.updateComplete;
        expect(shadow(el).querySelector('#email-error')!.textContent).to.equal('Enter your email address.');
        expect(stripeFake.confirmSetupCalls.length).to.equal(0);
        const email = shadow(el).querySelector<HTMLInputElement>('input[type=email]')!;
        email.value = 'saver@example.com';
        email.dispatchEvent(new Event('input'));
        stripeFake.confirmSetup = () => {
          state.complete = true;
          return Promise.resolve({ setupIntent: { id: 'seti_1', status: 'succeeded' } });
        };
        const completed = oneEvent(el, 'ck-checkout-complete');
        shadow(el).querySelector<HTMLButtonElement>('button.save')!.click();
        const done = await completed;
        expect(done.detail.redirectUrl).to.equal('https://shop.example/ok?session_id=cs_test_a1Example');
        expect(state.emails).to.deep.equal([null, 'saver@example.com']);
        const call = stripeFake.confirmSetupCalls[0];
        expect(call.clientSecret).to.equal('seti_1_secret_2');
        expect(call.redirect).to.equal('if_required');
        expect(call.elements).to.not.equal(undefined);
        await el.updateComplete;
        expect(el.status).to.equal('succeeded');
        expect(shadow(el).querySelector('h2')!.textContent).to.equal('Your card is saved');
        expect(text(el)).to.contain('Your card was saved for future payments.');
        await expect(el).to.be.accessible();
      });

      it('explains a declined card under the form and lets the customer try again', async () => {
        const state = setupApi();
        const el = await loaded(state);
        const email = shadow(el).querySelector<HTMLInputElement>('input[type=email]')!;
        email.value = 'saver@example.com';
        email.dispatchEvent(new Event('input'));
        stripeFake.confirmSetup = () => Promise.resolve({ error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
        shadow(el).querySelector<HTMLButtonElement>('button.save')!.click();
        await waitUntil(() => stripeFake.confirmSetupCalls.length === 1 && el.status === 'open', 'attempt ended');
        await el.updateComplete;
        const error = shadow(el).querySelector('#setup-error')!;
        expect(error.getAttribute('role')).to.equal('alert');
        expect(error.textContent).to.equal('Your card was declined.');
        expect(shadow(el).querySelector('button.save')!.getAttribute('aria-describedby')).to.equal('setup-error');
        await expect(el).to.be.accessible();
        // a thrown Stripe.js error ends the attempt too, in the element's words
        stripeFake.confirmSetup = () => Promise.reject(new Error('IntegrationError'));
        const err = console.error;
        console.error = () => {};
        shadow(el).querySelector<HTMLButtonElement>('button.save')!.click();
        await waitUntil(() => stripeFake.confirmSetupCalls.length === 2 && el.status === 'open', 'second attempt ended');
        console.error = err;
        await el.updateComplete;
        expect(error.textContent).to.equal('Your card could not be saved. Check the details or try another card.');
        // incomplete details: Stripe's form shows what is missing, nothing is confirmed
        stripeFake.submitResult = { error: { type: 'validation_error', message: 'Your card number is incomplete.' } };
        shadow(el).querySelector<HTMLButtonElement>('button.save')!.click();
        await waitUntil(() => el.status === 'open', 'validation');
        expect(stripeFake.confirmSetupCalls.length).to.equal(2);
      });

      it('asks for the custom fields and the terms before saving, sends them, then completes (fr messages)', async () => {
        const state = setupApi();
        const bodies: URLSearchParams[] = [];
        const collect = collectView({ custom_fields: [collectView().custom_fields[0]] });
        restore();
        restore = fakeApi((url, init) => {
          if (url.pathname.endsWith('/start')) {
            bodies.push(new URLSearchParams(String(init?.body ?? '')));
            return { status: 200, body: { ...setupView({ collect }), setup_intent_client_secret: 'seti_1_secret_2' } };
          }
          return { status: 200, body: setupView(state.complete ? { status: 'complete', collect } : { collect }) };
        });
        const el = await fixture<CkCheckout>(html`<ck-checkout inline no-redirect lang="fr" session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
        await waitUntil(() => shadow(el).querySelector('button.save')?.getAttribute('aria-disabled') === 'false', 'form ready');
        const root = shadow(el);
        const email = root.querySelector<HTMLInputElement>('#email')!;
        email.value = 'saver@example.com';
        email.dispatchEvent(new Event('input'));
        root.querySelector<HTMLButtonElement>('button.save')!.click();
        await el.updateComplete;
        expect(root.querySelector('#cf-0-error')!.textContent).to.equal('Le champ « Engraving » est obligatoire.');
        expect(root.querySelector('#termsOfServiceConsentCheckbox-error')!.textContent).to.equal('Acceptez les conditions d’utilisation pour continuer.');
        expect(stripeFake.confirmSetupCalls.length).to.equal(0);
        await expect(el).to.be.accessible();
        const field = root.querySelector<HTMLInputElement>('#cf-0')!;
        field.value = 'ADA';
        field.dispatchEvent(new Event('input'));
        root.querySelector<HTMLInputElement>('#termsOfServiceConsentCheckbox')!.click();
        stripeFake.confirmSetup = () => {
          state.complete = true;
          return Promise.resolve({ setupIntent: { id: 'seti_1', status: 'succeeded' } });
        };
        const completed = oneEvent(el, 'ck-checkout-complete');
        root.querySelector<HTMLButtonElement>('button.save')!.click();
        await completed;
        expect(Object.fromEntries(bodies[bodies.length - 1])).to.deep.equal({
          email: 'saver@example.com', submit: 'true', 'custom_fields[engraving]': 'ADA', 'consent[terms_of_service]': 'accepted',
        });
        expect(stripeFake.confirmSetupCalls.length).to.equal(1);
      });

      it('speaks French in setup mode', async () => {
        const state = setupApi();
        const el = await loaded(state, 'fr');
        expect(shadow(el).querySelector('button.save')!.textContent!.trim()).to.equal('Enregistrer la carte');
        expect(shadow(el).querySelector('#setup-title')!.textContent!.trim()).to.equal('Enregistrez votre carte auprès de Rentals & Co');
        expect(stripeFake.elementsCalls[0].locale).to.equal('fr');
        await expect(el).to.be.accessible();
      });
    });

    it('does not pay until the required fields are filled and the terms ticked, then sends them with the Pay', async () => {
      const bodies: URLSearchParams[] = [];
      const view = pageView({ collect: collectView({ promotions: true, phone: true }) });
      restore = fakeApi((url, init) => {
        if (!url.pathname.endsWith('/start')) return { status: 200, body: view };
        const body = new URLSearchParams(String(init?.body ?? ''));
        bodies.push(body);
        if (body.get('submit') === 'true') {
          // The server checks too: here it refuses the dropdown.
          return { status: 400, body: { error: { type: 'invalid_request_error', code: undefined, param: 'custom_fields[size]', message: 'Invalid custom_fields[size]' } } };
        }
        return { status: 200, body: { ...view, payment_intent_client_secret: 'pi_1_secret_2' } };
      });
      const el = await fixture<CkCheckout>(html`<ck-checkout inline session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
      await oneEvent(el, 'ck-checkout-ready');
      await el.updateComplete;
      const root = shadow(el);
      const type = (id: string, value: string) => {
        const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      };
      type('email', 'ada@example.com');
      root.querySelector<HTMLButtonElement>('button.pay')!.click();
      await el.updateComplete;
      await el.updateComplete;
      const error = (id: string) => root.querySelector(`#${id}-error`)!.textContent;
      expect(error('phoneNumber')).to.equal('Phone number is required.');
      expect(error('cf-0')).to.equal('Engraving is required.');
      expect(error('cf-1')).to.equal('');
      expect(error('cf-2')).to.equal('');
      expect(error('termsOfServiceConsentCheckbox')).to.equal('Accept the terms of service to continue.');
      expect(root.querySelector('#cf-0')!.getAttribute('aria-invalid')).to.equal('true');
      expect(root.querySelector('#cf-0')!.getAttribute('aria-describedby')).to.equal('cf-0-error');
      expect(root.activeElement).to.equal(root.querySelector('#phoneNumber'));
      await expect(el).to.be.accessible();
      type('phoneNumber', '12');
      type('cf-0', 'A');
      type('cf-1', '12a');
      root.querySelector<HTMLButtonElement>('button.pay')!.click();
      await el.updateComplete;
      expect(error('phoneNumber')).to.equal('Enter a valid phone number.');
      expect(error('cf-0')).to.equal('Engraving must be at least 2 characters long.');
      expect(error('cf-1')).to.equal('Team size accepts digits only.');
      expect(bodies.length).to.equal(1);
      type('phoneNumber', '+33 6 12 34 56 78');
      type('cf-0', 'ADA');
      type('cf-1', '');
      await el.updateComplete;
      expect(error('cf-0')).to.equal('');
      const terms = root.querySelector<HTMLInputElement>('#termsOfServiceConsentCheckbox')!;
      terms.click();
      root.querySelector<HTMLInputElement>('#promotions')!.click();
      root.querySelector<HTMLButtonElement>('button.pay')!.click();
      await waitUntil(() => bodies.length === 2 && el.status === 'open', 'submitted');
      const sent = Object.fromEntries(bodies[1]);
      expect(sent).to.deep.equal({
        email: 'ada@example.com', submit: 'true', 'custom_fields[engraving]': 'ADA', 'custom_fields[size]': 'm',
        'consent[terms_of_service]': 'accepted', 'consent[promotions]': 'opt_in', phone: '+33 6 12 34 56 78',
      });
      await el.updateComplete;
      await el.updateComplete;
      expect(error('cf-2')).to.equal('This value was not accepted. Check it and try again.');
      expect(root.activeElement).to.equal(root.querySelector('#cf-2'));
    });

    it('shows "not found" for an unknown session', async () => {
      restore = fakeApi(() => ({ status: 404, body: { error: { type: 'invalid_request_error', message: "No such checkout.session: 'cs_test_zz'" } } }));
      const el = await fixture<CkCheckout>(html`<ck-checkout inline session-id="cs_test_zz" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
      await waitUntil(() => el.status === 'not-found');
      await el.updateComplete;
      expect(shadow(el).querySelector('h2')!.textContent).to.equal('Checkout not found');
      await expect(el).to.be.accessible();
    });

    it('sends the embedded session client secret and shows an expired embedded session', async () => {
      let secret: string | null = null;
      restore = fakeApi((url) => {
        secret = url.searchParams.get('client_secret');
        return { status: 200, body: pageView({ status: 'expired', ui_mode: 'embedded_page', cancel_url: null, return_url: 'https://shop.example/r' }) };
      });
      const el = await fixture<CkCheckout>(html`<ck-checkout inline client-secret="cs_test_a1Example_secret_abc" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
      await waitUntil(() => el.status === 'expired');
      expect(secret).to.equal('cs_test_a1Example_secret_abc');
    });
  });
});

describe('<ck-checkout> discounts and promotion codes', () => {
  let restore: () => void = () => {};
  afterEach(() => restore());

  const discounted = (overrides: Partial<CheckoutPage> = {}) =>
    pageView({
      allow_promotion_codes: true, amount_total: 5850, amount_discount: 650,
      discount: { code: 'SAVE10', name: 'Ten off', percent_off: 10, amount: 650, removable: true }, ...overrides,
    });

  it('shows the session’s discount between the subtotal and the total (the coupon’s name; nothing to remove in a preview)', async () => {
    const el = await fixture<CkCheckout>(html`<ck-checkout inline .session=${pageView({
      amount_total: 5500, amount_discount: 1000, discount: { code: null, name: 'Spring sale', percent_off: null, amount: 1000, removable: false },
    })}></ck-checkout>`);
    await el.updateComplete;
    const row = shadow(el).querySelector('.discount')!;
    expect(row.querySelector('dt')!.textContent!.trim()).to.equal('Spring sale');
    expect(row.querySelector('dd')!.textContent).to.match(/-\$10\.00|−\$10\.00/);
    expect(shadow(el).querySelector('#promotionCode-add')).to.equal(null);
    expect(shadow(el).querySelector('#promotionCode-remove')).to.equal(null);
    expect(shadow(el).querySelector('.due-amount')!.textContent).to.equal('$55.00');
    await expect(el).to.be.accessible();
  });

  it('applies a code typed after "Add promotion code", explains refusals, and takes it off again (fr)', async () => {
    const sent: string[] = [];
    restore = fakeApi((url, init) => {
      if (url.pathname.endsWith('/start')) return { status: 200, body: { ...pageView({ allow_promotion_codes: true }), payment_intent_client_secret: 'pi_1_secret_2' } };
      if (url.pathname.endsWith('/promotion_code/remove')) return { status: 200, body: { ...pageView({ allow_promotion_codes: true }), payment_intent_client_secret: 'pi_1_secret_2' } };
      if (url.pathname.endsWith('/promotion_code')) {
        const code = new URLSearchParams(String(init?.body)).get('code')!;
        sent.push(code);
        const refuse = (reason: string, extra: Record<string, unknown> = {}) =>
          ({ status: 400, body: { error: { type: 'invalid_request_error', code: 'promotion_code_invalid', param: 'code', message: 'refused', reason, ...extra } } });
        if (code === 'NOPE') return refuse('invalid');
        if (code === 'PETIT') return refuse('minimum', { minimum_amount: 10000 });
        return { status: 200, body: { ...discounted(), payment_intent_client_secret: 'pi_1_secret_2' } };
      }
      return { status: 200, body: pageView({ allow_promotion_codes: true }) };
    });
    const el = await fixture<CkCheckout>(html`<ck-checkout inline lang="fr" session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
    await oneEvent(el, 'ck-checkout-ready');
    await el.updateComplete;
    const root = shadow(el);
    const add = root.querySelector<HTMLButtonElement>('#promotionCode-add')!;
    expect(add.textContent!.trim()).to.equal('Ajouter un code promotionnel');
    add.click();
    await waitUntil(() => root.activeElement?.id === 'promotionCode');
    const field = root.querySelector<HTMLInputElement>('#promotionCode')!;
    const submit = () => root.querySelector<HTMLFormElement>('form.promo')!.requestSubmit();
    submit();
    await el.updateComplete;
    expect(root.querySelector('#promotionCode-error')!.textContent).to.equal('Saisissez un code promotionnel.');
    expect(sent).to.deep.equal([]);
    for (const [code, message] of [['NOPE', /^Ce code n’est pas valide\.$/], ['PETIT', /^Ce code nécessite une commande d’au moins 100,00\s\$US\.$/]] as const) {
      field.value = code;
      field.dispatchEvent(new Event('input'));
      submit();
      await waitUntil(() => message.test(root.querySelector('#promotionCode-error')!.textContent ?? ''), `no refusal for ${code}`);
      expect(field.getAttribute('aria-invalid')).to.equal('true');
    }
    await expect(el).to.be.accessible();
    field.value = ' save10 ';
    field.dispatchEvent(new Event('input'));
    submit();
    await waitUntil(() => root.activeElement?.id === 'promotionCode-remove');
    expect(sent.at(-1)).to.equal('save10');
    const remove = root.querySelector<HTMLButtonElement>('#promotionCode-remove')!;
    expect(remove.getAttribute('aria-label')).to.equal('Retirer le code promotionnel SAVE10');
    expect(root.querySelector('.discount')!.textContent).to.contain('SAVE10');
    expect(root.querySelector('.discount dd')!.textContent).to.match(/6,50/);
    expect(root.querySelector('button.pay')!.textContent).to.match(/^\s*Payer 58,50/);
    expect(text(el)).to.contain('Code promotionnel SAVE10 appliqué.');
    await expect(el).to.be.accessible();
    remove.click();
    await waitUntil(() => root.activeElement?.id === 'promotionCode-add');
    expect(root.querySelector('.discount')).to.equal(null);
    expect(root.querySelector('button.pay')!.textContent).to.match(/^\s*Payer 65,00/);
  });

  it('a failed removal of the promotion code is shown beside the code, not only announced', async () => {
    restore = fakeApi((url) => {
      if (url.pathname.endsWith('/promotion_code/remove')) return { status: 500, body: { error: { type: 'api_error', message: 'boom' } } };
      if (url.pathname.endsWith('/start')) return { status: 200, body: { ...discounted(), payment_intent_client_secret: 'pi_1_secret_2' } };
      return { status: 200, body: discounted() };
    });
    const el = await fixture<CkCheckout>(html`<ck-checkout inline session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
    await oneEvent(el, 'ck-checkout-ready');
    await el.updateComplete;
    const root = shadow(el);
    root.querySelector<HTMLButtonElement>('#promotionCode-remove')!.click();
    await waitUntil(() => root.querySelector('#promotionCode-remove-error'), 'no visible error');
    const error = root.querySelector('#promotionCode-remove-error')!;
    expect(error.textContent).to.equal('The code could not be applied. Try again.');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(root.querySelector('.discount')!.textContent).to.contain('SAVE10');
    await expect(el).to.be.accessible();
  });

  it('a no-cost order: no payment form, and "Complete order" completes the session without a card', async () => {
    let submitted = false;
    const free = () => discounted({ amount_total: 0, amount_discount: 6500, discount: { code: 'FREE', name: null, percent_off: 100, amount: 6500, removable: true } });
    restore = fakeApi((url, init) => {
      if (url.pathname.endsWith('/start')) {
        submitted ||= new URLSearchParams(String(init?.body)).get('submit') === 'true';
        return { status: 200, body: submitted ? { ...free(), status: 'complete', payment_status: 'no_payment_required' } : free() };
      }
      return { status: 200, body: submitted ? { ...free(), status: 'complete', payment_status: 'no_payment_required' } : free() };
    });
    const el = await fixture<CkCheckout>(html`<ck-checkout inline no-redirect session-id="cs_test_a1Example" publishable-key="pk_test_x" simulator="http://127.0.0.1:9"></ck-checkout>`);
    await oneEvent(el, 'ck-checkout-ready');
    await el.updateComplete;
    const root = shadow(el);
    expect(root.querySelector('ck-payment-element')).to.equal(null);
    const button = root.querySelector<HTMLButtonElement>('button.pay')!;
    expect(button.textContent!.trim()).to.equal('Complete order');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    const email = root.querySelector<HTMLInputElement>('input[type=email]')!;
    email.value = 'free@example.com';
    email.dispatchEvent(new Event('input'));
    button.click();
    await waitUntil(() => el.status === 'succeeded');
    expect(submitted).to.equal(true);
  });
});

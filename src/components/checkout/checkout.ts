import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SetupIntent, Stripe, StripeElements, StripeEmbeddedCheckout, StripeError, StripePaymentElement } from '@stripe/stripe-js';
import { CkElement } from '../../shared/ck-element.js';
import { emit } from '../../shared/events.js';
import { checkoutMessages } from '../../shared/messages/checkout.js';
import { formatAmount } from '../../shared/money.js';
import { stripeAppearance, stripeLocale } from '../../shared/stripe-options.js';
import { getStripe, simulatorFor } from '../../stripe/loader.js';
import type { CkPaymentElement } from '../payment-element/payment-element.js';
import { MountPoint } from '../payment-element/mount-point.js';
import { CheckoutApi, CheckoutApiError, sessionIdFromSecret, type CheckoutPage } from './checkout-api.js';
import type { CardFormContext, CheckoutCardForm } from './checkout-card-form.js';
import { checkoutStyles } from './checkout.styles.js';
import { CheckoutFields, TERMS_ID, httpUrl } from './checkout-fields.js';
import { CkCheckoutCompleteEvent, CkCheckoutReadyEvent } from './checkout-events.js';

type Msgs = typeof checkoutMessages.en;

/** Where the checkout is: shown as custom states (`:state(open)`) for styling. */
export type CheckoutStatus = 'idle' | 'loading' | 'open' | 'processing' | 'succeeded' | 'paid' | 'expired' | 'not-found' | 'error' | 'embedded';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Declines whose Stripe message says more than "Your card was declined." (kept as Stripe words them). */
const EXPLAINED_DECLINES = new Set(['insufficient_funds', 'card_velocity_exceeded', 'authentication_required', 'test_mode_live_card', 'live_mode_test_card']);

/** Only http(s) URLs are followed (a session's URLs are validated by the API, this is defence in depth). */
function safeUrl(url: string | null | undefined): string | null {
  return url ? httpUrl(url, location.href) : null;
}

/**
 * The whole checkout for a Stripe Checkout Session: the merchant's branding, the line items (a read-only
 * `<ck-cart>`), an email field, the payment form (`<ck-payment-element>`), the totals, a Pay button with the
 * amount, the terms and a link back to the merchant (`cancel_url`); then the success state and the redirect to
 * `success_url` (or `return_url`). Expired and already-paid sessions are explained instead of offering to pay.
 *
 * A session in **setup mode** ("save payment details for future payments") shows a "save your card" form instead:
 * no amount, the email field, Stripe's Payment Element mounted for the session's SetupIntent
 * (`stripe.elements({clientSecret: 'seti_..._secret_...'})`), a Save button that calls `stripe.confirmSetup()`
 * (3D Secure on setup in Stripe.js's modal, a declined card explained under the form), then the same success state
 * and redirect. Subscription-mode sessions are explained as not available here.
 *
 * **What the session asks for** is collected too, as on Stripe Checkout: its `custom_fields` (text, numeric,
 * dropdown: labelled inputs, `(optional)` ones may stay empty, lengths, digits and options checked),
 * `consent_collection` (a required terms-of-service checkbox, whose text is `custom_text.terms_of_service_acceptance`
 * when given; an optional promotions checkbox), `phone_number_collection` (a phone input),
 * `billing_address_collection: 'required'` (the card holder's name and address) and `shipping_address_collection`
 * (a shipping address whose country is one of `allowed_countries`). Pay / Save checks them first (each error under
 * its field, the first one focused), then sends them to the page API, which checks them again and records them on
 * the session when it completes. `custom_text` messages (`submit` above the button, `after_submit` under it,
 * `shipping_address` in the shipping form) render as plain text; only Markdown-style links `[text](https://...)`
 * with an http(s) URL become links (opening in a new tab).
 *
 * **Discounts**: the session's discount shows as a row under the subtotal (the promotion code, or the coupon's
 * name, and what it takes off). A session with `allow_promotion_codes` offers Stripe Checkout's "Add promotion code"
 * button, which opens the `#promotionCode` field with Apply (Enter applies, Escape on an empty field closes it); a
 * refused code is explained under the field ("This code is invalid.", a minimum order, items it does not apply to),
 * an applied one can be taken off with its remove button, and the totals, the Pay button and the PaymentIntent follow.
 * A code that takes the whole amount off makes a no-cost order: no payment form, a "Complete order" button.
 *
 * Two ways to use it:
 *
 * - **Embedded in a merchant page**: `<ck-checkout publishable-key="pk_..." client-secret="cs_..._secret_...">`
 *   (the session's `client_secret`, `ui_mode: embedded_page`). The element calls Stripe.js's
 *   `stripe.createEmbeddedCheckoutPage()` and mounts it, so the same markup runs on Stripe and on the simulator
 *   (whose embedded checkout is this very element in an iframe on the simulator's origin).
 * - **As the checkout page itself** (`inline`, or `session-id` for a hosted session): renders the shell here,
 *   talking to the simulator's page API. The simulator's hosted page at a session's `url` is this mode.
 *
 * It renders `<ck-cart>` and `<ck-payment-element>`: register them too (`checkout-kit/checkout` does).
 *
 * Card details never reach this element: they are typed into the payment form's iframe. Only the simulator's own
 * checkout page, served from the API's origin as Stripe Checkout is from Stripe's, renders a subclass with an
 * on-page card form (`#cardNumber`, `#cardExpiry`, `#cardCvc`, `#billingName` ..., as on Stripe Checkout). The
 * payment column is a `<form>`: the Pay button submits it, so does Enter.
 *
 * @summary A complete checkout page for a Checkout Session, hosted or embedded.
 * @tag ck-checkout
 *
 * @fires {CkCheckoutReadyEvent} ck-checkout-ready - The session is loaded (detail: `status`, `sessionId`).
 * @fires {CkCheckoutCompleteEvent} ck-checkout-complete - The session was paid, or its card saved in setup mode (detail:
 *   `sessionId`, `redirectUrl`); cancelable: `preventDefault()` stops the redirect.
 *
 * @slot - Nothing by default; in embedded mode, and for setup mode's payment form, the element adds its mount node
 *   (a `div` with a unique `slot`).
 *
 * @csspart base - The element's box.
 * @csspart header - Branding: icon and merchant name.
 * @csspart summary - The order summary column (line items, totals).
 * @csspart form - The payment column (email, payment form, Pay button).
 * @csspart email - The email input.
 * @csspart input - Every input and select of what the session asks for (phone, custom fields, addresses).
 * @csspart phone - The phone input (`phone_number_collection`).
 * @csspart custom-field - A custom field's input or select (`custom_fields`).
 * @csspart address - An address form (a `fieldset`: the shipping address, then the billing address).
 * @csspart checkbox - The consent checkboxes (promotions, terms of service).
 * @csspart terms - The terms-of-service checkbox (`consent_collection.terms_of_service: required`).
 * @csspart custom-text - The merchant's `custom_text` for the Pay button (`submit`, `after_submit`).
 * @csspart field - Setup mode: where Stripe's payment form is projected.
 * @csspart error - Setup mode: why the card could not be saved.
 * @csspart button - The Pay button (the Save button in setup mode).
 * @csspart cancel - The link back to the merchant.
 * @csspart message - The live region with the outcome.
 * @csspart state - The panel shown for success, expired, paid and error states.
 *
 * @cssprop [--ck-checkout-max-width=64rem] - Widest the two-column layout gets.
 * @cssprop [--ck-checkout-brand-color=var(--ck-color-primary)] - Brand colour (from the platform's branding when set).
 * @cssprop [--ck-checkout-gap=calc(var(--ck-space) * 6)] - Space between the columns.
 */
export class CkCheckout extends CkElement {
  static override styles = [CkElement.styles, checkoutStyles];

  /** Publishable key (`pk_test_...`): the simulator's on its hosted page, the merchant's when embedded. */
  @property({ attribute: 'publishable-key' }) publishableKey = '';

  /** The Checkout Session's `client_secret` (embedded sessions). */
  @property({ attribute: 'client-secret' }) clientSecret = '';

  /** The connected account a session was created on (direct charges, `Stripe-Account`). */
  @property({ attribute: 'stripe-account' }) stripeAccount = '';

  /** A hosted session's id (`cs_test_...`); implies `inline`. */
  @property({ attribute: 'session-id' }) sessionId = '';

  /** Render the checkout shell here (the simulator's pages, stories) instead of mounting Stripe's embedded checkout. */
  @property({ type: Boolean, reflect: true }) inline = false;

  /** The simulator's origin (e.g. `http://127.0.0.1:12111`); defaults to `configure({ simulatorUrl })` or this page's origin in `inline` mode. */
  @property() simulator = '';

  /** Do not navigate after payment (the `ck-checkout-complete` event still fires). */
  @property({ type: Boolean, attribute: 'no-redirect' }) noRedirect = false;

  /**
   * A session's page view you already have (server-rendered pages, previews, tests): rendered as is, without
   * calling the API. Paying needs a live session, so the Pay button stays disabled.
   */
  @property({ attribute: false }) session: CheckoutPage | null = null;

  /** Inside the simulator's embedded-checkout iframe: report completion and size to the parent page. */
  @property({ type: Boolean }) frame = false;

  /** Current state of the checkout. */
  @state() status: CheckoutStatus = 'idle';
  @state() private page: CheckoutPage | null = null;
  @state() private piSecret = '';
  /** Setup mode: the session's SetupIntent client secret, from `start`. */
  @state() private setiSecret = '';
  /** The session's `start` call while it runs (it brings the intent's client secret). */
  private starting: Promise<unknown> | null = null;
  @state() private setupReady = false;
  @state() private setupError = '';
  @state() private email = '';
  @state() private emailError = '';
  @state() private message = '';
  @state() private redirectUrl: string | null = null;
  /** `allow_promotion_codes`: the code field is shown (after "Add promotion code"). */
  @state() private promoOpen = false;
  @state() private promoCode = '';
  @state() private promoError = '';
  @state() private promoBusy = false;
  /** What the summary's live region says after a code is applied or removed. */
  @state() private promoStatus = '';
  /** Why taking the promotion code off failed, shown beside it (the status region alone is not seen). */
  @state() private promoRemoveError = '';

  @query('#email') private emailInput?: HTMLInputElement;

  private api: CheckoutApi | null = null;
  private generation = 0;
  private embedded: StripeEmbeddedCheckout | null = null;
  private readonly mount = new MountPoint(this);
  /** Setup mode: Stripe.js and the Payment Element mounted for the SetupIntent (light-DOM node, slotted in). */
  private readonly setupMount = new MountPoint(this);
  private setupStripe: Stripe | null = null;
  private setupElements: StripeElements | null = null;
  /** The locale and appearance last given to the setup form's Elements (re-sent when the language or theme changes). */
  private setupOptionsKey = '';
  private setupElement: StripePaymentElement | null = null;
  private resizeObserver: ResizeObserver | null = null;
  /** What the session asks for besides the email and the card (custom fields, consent, phone, addresses). */
  private readonly fields = (() => {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const host = this;
    return new CheckoutFields({
      requestUpdate: () => host.requestUpdate(),
      get fieldMessages() {
        return host.m;
      },
      get fieldLocale() {
        return host.i18n.locale;
      },
      get merchantLabel() {
        return host.merchantName();
      },
    });
  })();

  private get m(): Msgs {
    return this.i18n.messages(checkoutMessages);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the document: disconnecting tore the embedded checkout down, so set it up again.
    if (this.hasUpdated) void this.load();
    this.syncFrameObserver();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.generation++;
    this.embedded?.destroy();
    this.embedded = null;
    this.mount.detach();
    this.teardownSetup();
    this.syncFrameObserver();
  }

  /**
   * In the embedded-checkout frame the parent page sizes the iframe to what this element reports. `frame` may be set
   * at any time (the simulator's page sets it after the element is upgraded and connected), so the observer follows
   * the property and the connection: watching while both hold, stopped otherwise.
   */
  private syncFrameObserver(): void {
    const wanted = this.frame && this.isConnected && typeof ResizeObserver !== 'undefined';
    if (wanted && !this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => this.reportFrameSize());
      this.resizeObserver.observe(this);
    } else if (!wanted && this.resizeObserver) {
      this.resizeObserver.disconnect();
      this.resizeObserver = null;
    }
  }

  /** The height the embedded frame needs to show everything without scrolling (CSS pixels, rounded up). */
  protected frameHeight(): number {
    return Math.ceil(this.getBoundingClientRect().height);
  }

  /** Tells the parent page the frame's height (in the frame only); also called when something else than this element's size changes it. */
  protected reportFrameSize(): void {
    if (!this.frame || !this.isConnected) return;
    const height = this.frameHeight();
    if (height > 0) this.postToParent({ type: 'ck-checkout:resize', height });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('publishableKey') || changed.has('clientSecret') || changed.has('sessionId') || changed.has('inline') || changed.has('simulator') || changed.has('session') || changed.has('stripeAccount')) {
      void this.load();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('frame')) {
      this.syncFrameObserver();
      this.reportFrameSize();
    }
    // Stripe's form follows the element's language and theme, as <ck-payment-element>'s does.
    if (this.setupElements) {
      const locale = stripeLocale(this.i18n.locale);
      const appearance = stripeAppearance(this);
      const key = `${locale} ${JSON.stringify(appearance)}`;
      if (key !== this.setupOptionsKey) {
        this.setupOptionsKey = key;
        void this.setupElements.update({ locale, appearance });
      }
    }
    // After paying, move focus to the outcome so keyboard and screen-reader users land on it.
    if (changed.has('status') && this.status === 'succeeded') {
      this.renderRoot.querySelector<HTMLElement>('.state-title')?.focus();
    }
    this.internals.states?.forEach?.((s) => {
      if (s !== 'light' && s !== 'dark') this.internals.states.delete(s);
    });
    try {
      this.internals.states.add(this.status);
    } catch {
      /* CustomStateSet unsupported */
    }
  }

  private apiBase(): string {
    return simulatorFor(this.simulator || null) ?? location.origin;
  }

  /**
   * The card form typed on the page itself, as on Stripe Checkout (`#cardNumber` ...): none here. Only the
   * simulator's own checkout page overrides this (sim/browser/checkout/light-dom.ts), so `<ck-checkout>` on a
   * merchant's page always keeps the card in Stripe's iframe.
   */
  protected pageCardForm(): CheckoutCardForm | null {
    return null;
  }

  /** The page's card form when there is one, in `inline` mode on the API's own origin (a second line of defence). */
  private activeCardForm(): CheckoutCardForm | null {
    const form = this.pageCardForm();
    if (!form || !this.inline || this.session) return null;
    try {
      return new URL(this.apiBase()).origin === location.origin ? form : null;
    } catch {
      return null;
    }
  }

  private cardContext(): CardFormContext {
    return { locale: this.i18n.locale, disabled: this.status === 'processing', billingAddress: !!this.page?.collect?.billing_address };
  }

  /** Loads (or reloads) the session; the "Try again" button calls it too. */
  async load(): Promise<void> {
    const gen = ++this.generation;
    this.embedded?.destroy();
    this.embedded = null;
    this.message = '';
    this.page = null;
    this.piSecret = '';
    this.promoOpen = false;
    this.promoCode = '';
    this.promoError = '';
    this.promoBusy = false;
    this.promoStatus = '';
    this.teardownSetup();
    if (this.session) {
      this.api = null;
      this.status = 'idle';
      this.applyPage(this.session);
      emit(this, new CkCheckoutReadyEvent({ sessionId: this.session.id, status: this.session.status }));
      return;
    }
    if (!this.publishableKey || (!this.clientSecret && !this.sessionId)) {
      this.status = 'error';
      this.message = this.m.notConfigured as string;
      return;
    }
    if (!this.inline && !this.sessionId) return this.loadEmbedded(gen);
    const id = this.sessionId || sessionIdFromSecret(this.clientSecret);
    if (!id) {
      this.status = 'not-found';
      return;
    }
    this.api = new CheckoutApi(this.apiBase(), this.publishableKey, id, this.clientSecret || null, this.stripeAccount || null);
    this.status = 'loading';
    try {
      const page = await this.api.retrieve();
      if (gen !== this.generation) return;
      this.applyPage(page);
      if (page.status === 'open' && (page.mode === 'payment' || page.mode === 'setup')) {
        // the secrets are set as soon as `start` answers, before anything else awaits: a press that came first
        // (payWithCardForm) waits on this same promise
        const starting = this.api.start().then((started) => {
          if (gen === this.generation) {
            this.piSecret = started.payment_intent_client_secret ?? '';
            this.setiSecret = started.setup_intent_client_secret ?? '';
          }
          return started;
        });
        this.starting = starting;
        let started: CheckoutPage;
        try {
          started = await starting;
        } finally {
          if (this.starting === starting) this.starting = null;
        }
        if (gen !== this.generation) return;
        this.applyPage(started);
        if (this.setiSecret && !this.activeCardForm()) await this.mountSetup(gen);
        if (gen !== this.generation) return;
      }
      emit(this, new CkCheckoutReadyEvent({ sessionId: id, status: this.page!.status }));
    } catch (err) {
      if (gen !== this.generation) return;
      this.showLoadError(err);
    }
  }

  private showLoadError(err: unknown): void {
    if (err instanceof CheckoutApiError && (err.status === 404 || (err.status === 400 && !err.code))) {
      this.status = 'not-found';
    } else if (err instanceof CheckoutApiError && err.code === 'checkout_session_unexpected_state') {
      void this.refresh();
    } else {
      this.status = 'error';
      this.message = this.m.failedToLoad as string;
    }
  }

  private applyPage(page: CheckoutPage): void {
    this.page = page;
    this.fields.reset(page.id, page.collect);
    if (!this.email && page.customer_email) this.email = page.customer_email;
    const color = page.branding.primary_color;
    if (color && /^#[0-9a-f]{3,8}$/i.test(color)) {
      this.style.setProperty('--ck-checkout-brand-color', color);
      this.style.setProperty('--ck-color-primary', color);
      // The text on the brand colour follows the brand colour, not the theme (as on Stripe Checkout): the dark
      // theme's own contrast colour is dark, unreadable on Stripe's default #635bff.
      this.style.setProperty('--ck-color-primary-contrast', readableOn(color));
    }
    if (page.status === 'expired') this.status = 'expired';
    else if (page.status === 'complete') this.status = this.status === 'processing' || this.status === 'succeeded' ? 'succeeded' : 'paid';
    else if (this.status !== 'processing') this.status = 'open';
  }

  /** Embedded in a merchant page: Stripe.js's embedded checkout (the simulator's mounts this element in an iframe). */
  private async loadEmbedded(gen: number): Promise<void> {
    this.status = 'loading';
    try {
      const stripe = await getStripe(this.publishableKey, {
        simulatorUrl: this.simulator || undefined,
        ...(this.stripeAccount ? { stripe: { stripeAccount: this.stripeAccount } } : {}),
      });
      if (gen !== this.generation) return;
      if (!stripe) throw new Error('Stripe.js did not load');
      const checkout = await stripe.createEmbeddedCheckoutPage({
        clientSecret: this.clientSecret,
        onComplete: () => {
          const id = sessionIdFromSecret(this.clientSecret) ?? '';
          this.status = 'succeeded';
          emit(this, new CkCheckoutCompleteEvent({ sessionId: id, redirectUrl: null }));
        },
      });
      if (gen !== this.generation) {
        checkout.destroy();
        return;
      }
      this.embedded = checkout;
      this.status = 'embedded';
      await this.updateComplete;
      checkout.mount(this.mount.attach());
      emit(this, new CkCheckoutReadyEvent({ sessionId: sessionIdFromSecret(this.clientSecret) ?? '', status: 'open' }));
    } catch (err) {
      if (gen !== this.generation) return;
      console.warn('ck-checkout: embedded checkout failed to start:', err instanceof Error ? err.message : err);
      this.status = 'error';
      this.message = this.m.failedToLoad as string;
    }
  }

  private teardownSetup(): void {
    this.setupElement?.destroy();
    this.setupElement = null;
    this.setupElements = null;
    this.setupStripe = null;
    this.setupMount.detach();
    this.setiSecret = '';
    this.setupReady = false;
    this.setupError = '';
  }

  /** Stripe.js (the shim on the simulator) for this session's account and language; null when it cannot load. */
  private async loadStripe(): Promise<Stripe | null> {
    try {
      return await getStripe(this.publishableKey, {
        simulatorUrl: this.apiBase(),
        stripe: { locale: stripeLocale(this.i18n.locale), ...(this.stripeAccount ? { stripeAccount: this.stripeAccount } : {}) },
      });
    } catch {
      return null;
    }
  }

  /**
   * Records the email and what the session collects on it (the page API's `start`); a refusal is shown under its
   * field. False when the payment must not go on (refused, or the element moved on meanwhile).
   */
  private async submitToSession(gen: number): Promise<boolean> {
    try {
      await this.api!.start(this.page!.email_locked ? undefined : this.email.trim(), this.fields.params());
      return gen === this.generation;
    } catch (err) {
      if (gen !== this.generation) return false;
      this.status = 'open';
      this.message = '';
      this.showSubmitError(err);
      return false;
    }
  }

  /** Setup mode: Stripe's Payment Element for the session's SetupIntent, mounted in the form's slot. */
  private async mountSetup(gen: number): Promise<void> {
    const stripe = await this.loadStripe();
    if (gen !== this.generation) return;
    if (!stripe) {
      this.status = 'error';
      this.message = this.m.failedToLoad as string;
      return;
    }
    await this.updateComplete;
    if (gen !== this.generation) return;
    const locale = stripeLocale(this.i18n.locale);
    const appearance = stripeAppearance(this);
    this.setupOptionsKey = `${locale} ${JSON.stringify(appearance)}`;
    const elements = stripe.elements({ clientSecret: this.setiSecret, appearance, locale });
    const element = elements.create('payment', { layout: 'tabs' });
    element.on('ready', () => {
      if (gen === this.generation) this.setupReady = true;
    });
    element.on('change', () => {
      if (gen === this.generation && this.setupError && this.status === 'open') this.setupError = '';
    });
    element.on('loaderror', () => {
      if (gen !== this.generation) return;
      this.status = 'error';
      this.message = this.m.failedToLoad as string;
    });
    this.setupStripe = stripe;
    this.setupElements = elements;
    this.setupElement = element;
    element.mount(this.setupMount.attach());
  }

  /**
   * Setup mode: checks the email, records it on the session, then confirms the SetupIntent with the card typed in
   * Stripe's form (`confirmSetup`, 3D Secure in Stripe.js's modal). A failure is explained under the form.
   */
  async save(): Promise<void> {
    const cardForm = this.activeCardForm();
    if (cardForm && this.status === 'open') return this.payWithCardForm(cardForm, 'setup');
    if (this.status !== 'open' || !this.api || !this.page || !this.setupStripe || !this.setupElements || !this.setupReady) return;
    if (!this.reportValidity()) return;
    const gen = this.generation;
    const stripe = this.setupStripe;
    const elements = this.setupElements;
    this.status = 'processing';
    this.message = this.m.processing as string;
    this.setupError = '';
    if (!(await this.submitToSession(gen))) return;
    let result: { setupIntent?: SetupIntent; error?: StripeError };
    try {
      const submitted = await elements.submit();
      if (gen !== this.generation) return;
      if (submitted.error) {
        // Stripe's form shows what is missing next to the field.
        this.status = 'open';
        this.message = '';
        return;
      }
      result = await stripe.confirmSetup({
        elements,
        clientSecret: this.setiSecret,
        confirmParams: { return_url: location.href },
        redirect: 'if_required',
      });
    } catch (err) {
      // Stripe.js throws on misuse (an IntegrationError): the customer reads the element's own words.
      console.error(err);
      result = { error: { type: 'invalid_request_error', message: '' } as StripeError };
    }
    if (gen !== this.generation) return;
    const si = result.setupIntent;
    if (!result.error && si && (si.status === 'succeeded' || si.status === 'processing')) {
      await this.onPaymentSucceeded();
      return;
    }
    this.status = 'open';
    this.message = '';
    this.setupError = result.error?.message || (this.m.setupFailed as string);
  }

  private async refresh(): Promise<void> {
    if (!this.api) return;
    try {
      this.applyPage(await this.api.retrieve());
    } catch (err) {
      this.showLoadError(err);
    }
  }

  /**
   * Checks the email and what the session asks for (custom fields, terms, phone, addresses) as Pay does: each problem
   * is shown under its field and the first one gets the focus. True when all is well.
   */
  reportValidity(): boolean {
    const emailOk = this.page!.email_locked || this.validateEmail();
    const invalid = this.fields.validate();
    if (!emailOk) {
      this.emailInput?.focus();
      return false;
    }
    if (invalid) {
      void this.focusInput(invalid);
      return false;
    }
    return true;
  }

  private async focusInput(id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  /** The server refused what was entered (the page's checks passed): the field is marked, else as a load error. */
  private showSubmitError(err: unknown): void {
    const id = err instanceof CheckoutApiError && err.status === 400 ? this.fields.refused(err.param) : null;
    if (id) void this.focusInput(id);
    else this.showLoadError(err);
  }

  private validateEmail(): boolean {
    const value = this.email.trim();
    if (!value) this.emailError = this.m.emailMissing as string;
    else if (!EMAIL.test(value)) this.emailError = this.m.emailInvalid as string;
    else this.emailError = '';
    return this.emailError === '';
  }

  private paymentElement(): CkPaymentElement | null {
    return this.renderRoot.querySelector('ck-payment-element');
  }

  /** Pays: checks the email, records it on the session, then confirms the payment form. */
  async pay(): Promise<void> {
    if (this.status !== 'open' || !this.api || !this.page) return;
    if (this.isFree()) return this.completeFreeOrder();
    const cardForm = this.activeCardForm();
    if (cardForm) return this.payWithCardForm(cardForm, 'payment');
    if (!this.reportValidity()) return;
    const pe = this.paymentElement();
    if (!pe) return;
    this.status = 'processing';
    this.message = this.m.processing as string;
    if (!(await this.submitToSession(this.generation))) return;
    await pe.submit();
    if (pe.status !== 'succeeded' && this.status === 'processing') {
      this.status = 'open';
      this.message = '';
    }
  }

  /** A discount took the whole amount off: Stripe's no-cost order, completed without a payment method. */
  private isFree(): boolean {
    return this.page?.mode === 'payment' && this.page.amount_total === 0;
  }

  /** A no-cost order: the email and what the session asks for are checked and recorded, which completes the session. */
  private async completeFreeOrder(): Promise<void> {
    if (!this.reportValidity()) return;
    const gen = this.generation;
    this.status = 'processing';
    this.message = this.m.processing as string;
    if (!(await this.submitToSession(gen))) return;
    await this.onPaymentSucceeded();
  }

  /** "Add promotion code": shows the code field and moves the focus into it. */
  private openPromotionCode = async (): Promise<void> => {
    this.promoOpen = true;
    this.promoError = '';
    this.promoStatus = '';
    await this.focusInput('promotionCode');
  };

  private onPromotionSubmit = (event: Event): void => {
    event.preventDefault();
    void this.applyPromotionCode();
  };

  /**
   * Applies the promotion code typed in `#promotionCode` (or `code`): the totals, the Pay button and the payment
   * follow; a refused code is explained under the field (Stripe's "This code is invalid.").
   */
  async applyPromotionCode(code: string = this.promoCode): Promise<void> {
    if (!this.api || !this.page || this.promoBusy || this.status !== 'open') return;
    const typed = code.trim();
    if (!typed) {
      this.promoError = this.m.promotionCodeEmpty as string;
      void this.focusInput('promotionCode');
      return;
    }
    const gen = this.generation;
    this.promoBusy = true;
    this.promoError = '';
    this.promoStatus = '';
    try {
      const view = await this.api.applyPromotionCode(typed);
      if (gen !== this.generation) return;
      await this.afterTotalChange(view, gen);
      if (gen !== this.generation) return;
      this.promoOpen = false;
      this.promoCode = '';
      this.promoStatus = (this.m.promotionCodeApplied as (p: { code: string }) => string)({ code: view.discount?.code ?? typed });
      await this.focusInput('promotionCode-remove');
    } catch (err) {
      if (gen !== this.generation) return;
      this.promoError = this.promotionError(err);
      void this.focusInput('promotionCode');
    } finally {
      if (gen === this.generation) this.promoBusy = false;
    }
  }

  /** Takes the customer's promotion code off again; the focus goes back to "Add promotion code". */
  async removePromotionCode(): Promise<void> {
    if (!this.api || !this.page || this.promoBusy || this.status !== 'open') return;
    const gen = this.generation;
    this.promoBusy = true;
    this.promoStatus = '';
    this.promoRemoveError = '';
    try {
      const view = await this.api.removePromotionCode();
      if (gen !== this.generation) return;
      await this.afterTotalChange(view, gen);
      if (gen !== this.generation) return;
      this.promoStatus = this.m.promotionCodeRemoved as string;
      await this.focusInput('promotionCode-add');
    } catch (err) {
      if (gen !== this.generation) return;
      this.promoRemoveError = this.promotionError(err);
    } finally {
      if (gen === this.generation) this.promoBusy = false;
    }
  }

  /** The new totals; a payable order keeps (or gets back) a PaymentIntent for the payment form. */
  private async afterTotalChange(view: CheckoutPage, gen: number): Promise<void> {
    this.applyPage(view);
    if ((view.amount_total ?? 0) <= 0) return;
    const secret = view.payment_intent_client_secret ?? (await this.api!.start()).payment_intent_client_secret ?? '';
    if (gen === this.generation && secret && secret !== this.piSecret) this.piSecret = secret;
  }

  /** A refused promotion code, in the customer's language. */
  private promotionError(err: unknown): string {
    if (err instanceof CheckoutApiError && err.code === 'promotion_code_invalid') {
      const reason = err.details.reason;
      const minimum = err.details.minimum_amount;
      if (reason === 'minimum' && typeof minimum === 'number') return (this.m.promotionCodeMinimum as (p: { amount: string }) => string)({ amount: this.amount(minimum) });
      if (reason === 'not_applicable' || reason === 'currency') return this.m.promotionCodeNotApplicable as string;
      return this.m.promotionCodeInvalid as string;
    }
    if (err instanceof CheckoutApiError && err.code === 'checkout_session_unexpected_state') void this.refresh();
    return this.m.promotionCodeFailed as string;
  }

  /**
   * Pays (or saves the card, in setup mode) with the on-page card form: checks everything, records the email and
   * fields on the session, creates the PaymentMethod, then confirms with Stripe.js (3D Secure in its modal). A
   * decline or a failed authentication is shown under the card, worded as Stripe Checkout words it.
   */
  private async payWithCardForm(cardForm: CheckoutCardForm, mode: 'payment' | 'setup'): Promise<void> {
    let secret = mode === 'payment' ? this.piSecret : this.setiSecret;
    if (!secret && this.starting) {
      // pressed before the session's intent arrived (the card form is there first in setup mode; a slow network or
      // machine): wait for it instead of ignoring the press
      const gen = this.generation;
      await this.starting.catch(() => undefined);
      if (gen !== this.generation) return;
      secret = mode === 'payment' ? this.piSecret : this.setiSecret;
    }
    if (!this.api || !this.page || !secret) return;
    const ctx = this.cardContext();
    const cardInvalid = cardForm.validate(ctx);
    const emailOk = this.page.email_locked || this.validateEmail();
    const fieldInvalid = this.fields.validate();
    if (!emailOk || fieldInvalid || cardInvalid) {
      if (!emailOk) this.emailInput?.focus();
      else void this.focusInput((fieldInvalid && this.isBeforeCard(fieldInvalid) ? fieldInvalid : cardInvalid ?? fieldInvalid)!);
      return;
    }
    const gen = this.generation;
    this.status = 'processing';
    this.message = this.m.processing as string;
    cardForm.showError('');
    const fail = (message: string) => {
      if (gen !== this.generation) return;
      this.status = 'open';
      this.message = '';
      cardForm.showError(message);
    };
    if (!(await this.submitToSession(gen))) return;
    // getStripe caches per key, account and language: a language or account change gets its own instance
    const stripe = await this.loadStripe();
    if (gen !== this.generation) return;
    if (!stripe) return fail(this.m.failedToLoad as string);
    const b = this.fields.billing;
    const billing = ctx.billingAddress
      ? {
        email: this.email.trim() || undefined,
        name: b.name.trim(),
        address: Object.fromEntries(Object.entries({ line1: b.line1, line2: b.line2, city: b.city, state: b.state, postal_code: b.postal_code, country: b.country }).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()])),
      }
      : { email: this.email.trim() || undefined };
    let error: StripeError | undefined;
    let status: string | undefined;
    try {
      const pm = await cardForm.createPaymentMethod(ctx, billing);
      if (gen !== this.generation) return;
      if ('error' in pm) return fail(pm.error.message);
      if (mode === 'payment') {
        const r = await stripe.confirmCardPayment(secret, { payment_method: pm.paymentMethod });
        error = r.error;
        status = r.paymentIntent?.status;
      } else {
        const r = await stripe.confirmCardSetup(secret, { payment_method: pm.paymentMethod });
        error = r.error;
        status = r.setupIntent?.status;
      }
    } catch (err) {
      console.error(err);
      error = { type: 'api_error', message: this.m.cardFailed as string } as StripeError;
    }
    if (gen !== this.generation) return;
    if (!error && (status === 'succeeded' || status === 'processing' || status === 'requires_capture')) {
      await this.onPaymentSucceeded();
      return;
    }
    fail(this.cardErrorMessage(error));
  }

  /**
   * Stripe Checkout's wording of a failed payment: "Your card has been declined." for every decline Stripe words as
   * a plain "Your card was declined." (generic, lost, stolen, fraudulent ...); its own message for the ones it
   * explains (insufficient funds, velocity, authentication, a live card in test mode) and for every other error.
   */
  private cardErrorMessage(error: StripeError | undefined): string {
    if (!error) return this.m.cardFailed as string;
    if (error.code === 'card_declined' && !EXPLAINED_DECLINES.has(error.decline_code ?? '')) return this.m.cardDeclined as string;
    return error.message || (this.m.cardFailed as string);
  }

  /** The phone, custom fields and shipping address come before the card; the billing address and consent after. */
  private isBeforeCard(id: string): boolean {
    return !id.startsWith('billing') && id !== TERMS_ID;
  }

  private onPaymentSucceeded = async (): Promise<void> => {
    if (!this.api) return;
    let page: CheckoutPage | null = null;
    for (let i = 0; i < 20; i++) {
      try {
        page = await this.api.retrieve();
      } catch {
        page = null;
      }
      if (page?.status === 'complete') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!page) return;
    this.status = 'succeeded';
    this.applyPage(page);
    this.status = 'succeeded';
    this.message = (page.mode === 'setup' ? this.m.saved : this.m.succeeded) as string;
    const redirect = page.ui_mode === 'hosted_page' ? page.success_url : page.redirect_on_completion === 'never' ? null : page.return_url;
    this.redirectUrl = safeUrl(redirect);
    const proceed = emit(this, new CkCheckoutCompleteEvent({ sessionId: page.id, redirectUrl: this.redirectUrl }));
    if (this.frame) {
      this.postToParent({ type: 'ck-checkout:complete', sessionId: page.id, returnUrl: this.redirectUrl, redirect: page.redirect_on_completion ?? 'always' });
      return;
    }
    if (proceed && !this.noRedirect && this.redirectUrl) {
      this.message = this.m.redirecting as string;
      const target = this.redirectUrl;
      setTimeout(() => location.assign(target), 600);
    }
  };

  private postToParent(data: Record<string, unknown>): void {
    if (window.parent && window.parent !== window) window.parent.postMessage({ source: 'ck-checkout', ...data }, '*');
  }

  private amount(value: number | null | undefined): string {
    if (value === null || value === undefined || !this.page?.currency) return '';
    return formatAmount(value, this.page.currency, this.i18n.locale);
  }

  private merchantName(): string {
    return this.page?.branding.display_name || (this.m.title as string);
  }

  private renderHeader(m: Msgs): TemplateResult {
    const icon = safeUrl(this.page?.branding.icon_url);
    const cancel = this.page?.ui_mode === 'hosted_page' ? safeUrl(this.page?.cancel_url) : null;
    return html`<header part="header" class="header">
      ${cancel && this.status !== 'succeeded'
        ? html`<a part="cancel" class="cancel" href=${cancel}>
            <span aria-hidden="true">←</span> ${(m.cancelTo as (p: { name: string }) => string)({ name: this.merchantName() })}
          </a>`
        : nothing}
      <div class="brand">
        ${icon ? html`<img class="icon" src=${icon} alt="" width="32" height="32" />` : html`<span class="icon placeholder" aria-hidden="true">${this.merchantName().slice(0, 1)}</span>`}
        ${this.sessionId
          ? html`<h1 class="name">${this.merchantName()}</h1>` /* the hosted page: the element is the whole page, and its heading names the merchant */
          : html`<span class="name">${this.merchantName()}</span>`}
        ${this.publishableKey.startsWith('pk_test_') ? html`<span class="badge">${m.testMode}</span>` : nothing}
      </div>
    </header>`;
  }

  private renderSummary(m: Msgs): TemplateResult {
    const page = this.page!;
    const shipping = page.shipping;
    const items = page.line_items.map((li) => ({
      id: li.id, description: li.description, quantity: li.quantity, unit_amount: li.unit_amount,
      amount_subtotal: li.amount_subtotal, amount_total: li.amount_total, currency: li.currency,
    }));
    return html`<section part="summary" class="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">${m.summary}</h2>
      <p class="due">
        <span class="due-label">${(m.payTo as (p: { name: string }) => string)({ name: this.merchantName() })}</span>
        <span class="due-amount">${this.amount(page.amount_total)}</span>
      </p>
      <ck-cart compact .items=${items} .currency=${page.currency ?? undefined} .total=${page.amount_subtotal ?? undefined} locale=${this.i18n.locale}></ck-cart>
      <dl class="totals">
        <div><dt>${m.subtotal}</dt><dd>${this.amount(page.amount_subtotal)}</dd></div>
        ${this.renderDiscount(m)}
      </dl>
      ${this.renderPromotionEntry(m)}
      <p class="visually-hidden" role="status" aria-live="polite">${this.promoStatus}</p>
      <dl class="totals">
        ${shipping
          ? html`<div class="shipping"><dt>${shipping.display_name ? (m.shippingNamed as (p: { name: string }) => string)({ name: shipping.display_name }) : m.shipping}</dt><dd>${this.amount(shipping.amount)}</dd></div>`
          : nothing}
        <div class="grand"><dt>${m.total}</dt><dd>${this.amount(page.amount_total)}</dd></div>
      </dl>
    </section>`;
  }

  /** The discount row: the promotion code (with its remove button) or the coupon's name, and what it takes off. */
  private renderDiscount(m: Msgs): TemplateResult | typeof nothing {
    const d = this.page?.discount;
    if (!d || !d.amount) return nothing;
    const removable = d.removable && !!this.api && this.status === 'open';
    return html`<div class="discount">
      <dt>
        ${d.code ? html`<span class="promo-code">${d.code}</span>` : (d.name ?? m.discount)}
        ${removable
          ? html`<button
              type="button"
              id="promotionCode-remove"
              class="promo-remove"
              aria-label=${(m.removePromotionCode as (p: { code: string }) => string)({ code: d.code ?? '' })}
              aria-disabled=${this.promoBusy ? 'true' : 'false'}
              @click=${() => void this.removePromotionCode()}
            ><span aria-hidden="true">×</span></button>`
          : nothing}
        ${this.promoRemoveError ? html`<span id="promotionCode-remove-error" class="error" role="alert">${this.promoRemoveError}</span>` : nothing}
      </dt>
      <dd>${this.amount(-d.amount)}</dd>
    </div>`;
  }

  /** "Add promotion code", then the code field (`#promotionCode`) with Apply and the reason a code was refused. */
  private renderPromotionEntry(m: Msgs): TemplateResult | typeof nothing {
    const page = this.page!;
    if (!page.allow_promotion_codes || page.discount || !this.api || this.status !== 'open') return nothing;
    if (!this.promoOpen) {
      return html`<button type="button" id="promotionCode-add" class="promo-add" @click=${this.openPromotionCode}>${m.addPromotionCode}</button>`;
    }
    return html`<form class="promo" novalidate @submit=${this.onPromotionSubmit}>
      <label class="visually-hidden" for="promotionCode">${m.promotionCode}</label>
      <div class="promo-row">
        <input
          part="input"
          id="promotionCode"
          name="promotionCode"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="500"
          placeholder=${m.addPromotionCode as string}
          .value=${this.promoCode}
          aria-invalid=${this.promoError ? 'true' : 'false'}
          aria-describedby="promotionCode-error"
          @input=${(e: Event) => {
            this.promoCode = (e.target as HTMLInputElement).value;
            if (this.promoError) this.promoError = '';
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Escape' && !this.promoCode) {
              this.promoOpen = false;
              void this.focusInput('promotionCode-add');
            }
          }}
        />
        <button type="submit" class="promo-apply" aria-disabled=${this.promoBusy ? 'true' : 'false'} aria-busy=${this.promoBusy ? 'true' : 'false'}>
          ${m.applyPromotionCode}
        </button>
      </div>
      <p id="promotionCode-error" class="error" role="alert">${this.promoError}</p>
    </form>`;
  }

  private renderForm(m: Msgs): TemplateResult {
    const page = this.page!;
    const busy = this.status === 'processing';
    const free = this.isFree();
    const label = busy
      ? (m.processing as string)
      : free
        ? (m.completeOrder as string)
        : page.amount_total !== null
        ? (m.payAmount as (p: { amount: string }) => string)({ amount: this.amount(page.amount_total) })
        : (m.pay as string);
    const cardForm = this.activeCardForm();
    return html`<form part="form" class="form" aria-labelledby="form-title" novalidate @submit=${this.onSubmit}>
      <h2 id="form-title" class="section-title">${m.payment}</h2>
      ${this.renderEmail(m, m.emailHint as string)} ${this.fields.renderContact()} ${this.fields.renderShipping()}
      ${free
        ? nothing /* a no-cost order collects no payment method (Stripe: "If the total amount is 0, Checkout doesn't collect a payment method") */
        : cardForm
        ? this.piSecret ? cardForm.render(this.cardContext()) : nothing
        : this.piSecret
        ? html`<ck-payment-element
            hide-button
            publishable-key=${this.publishableKey}
            stripe-account=${this.stripeAccount}
            client-secret=${this.piSecret}
            simulator=${this.apiBase()}
            locale=${this.i18n.locale}
            @ck-payment-succeeded=${this.onPaymentSucceeded}
          ></ck-payment-element>`
        : nothing}
      ${this.fields.renderBilling()} ${this.fields.renderBeforeSubmit()}
      <button part="button" class=${this.submitClass(cardForm, 'pay')} type="submit" data-testid="hosted-payment-submit-button" aria-disabled=${busy || (!free && !this.piSecret) ? 'true' : 'false'}>
        ${label}
      </button>
      ${this.fields.renderAfterSubmit()}
      <p class="terms">${m.terms}</p>
    </form>`;
  }

  /**
   * The Pay / Save button's classes: on the simulator's page Stripe Checkout's own (`SubmitButton`, with
   * `SubmitButton--complete` once the email and card are filled in, else `SubmitButton--incomplete`), which suites
   * written against Stripe click and check; elsewhere the kit's.
   */
  private submitClass(cardForm: CheckoutCardForm | null, own: string): string {
    if (!cardForm) return own;
    const complete = (this.page?.email_locked || EMAIL.test(this.email.trim())) && (this.isFree() || cardForm.complete(this.cardContext()));
    return `SubmitButton SubmitButton--${complete ? 'complete' : 'incomplete'}`;
  }

  /** The form's submit (the Pay or Save button, Enter in a field): pays, or saves the card in setup mode. */
  private onSubmit = (event: Event): void => {
    event.preventDefault();
    if (this.page?.mode === 'setup') void this.save();
    else void this.pay();
  };

  /** Setup mode: what the customer agrees to (no amount), then the email, Stripe's form and the Save button. */
  private renderSetup(m: Msgs): TemplateResult {
    const busy = this.status === 'processing';
    const name = this.merchantName();
    const cardForm = this.activeCardForm();
    return html`<div class="columns setup">
      <section part="summary" class="summary" aria-labelledby="setup-title">
        <h2 id="setup-title" class="due"><span class="due-label">${(m.setupTitle as (p: { name: string }) => string)({ name })}</span></h2>
        <p class="setup-intro">${m.setupIntro}</p>
      </section>
      <form part="form" class="form" aria-labelledby="form-title" novalidate @submit=${this.onSubmit}>
        <h2 id="form-title" class="section-title">${m.paymentDetails}</h2>
        ${this.renderEmail(m, m.setupEmailHint as string)} ${this.fields.renderContact()} ${this.fields.renderShipping()}
        ${cardForm
          ? cardForm.render(this.cardContext())
          : html`<div part="field" class="setup-field" aria-busy=${this.setupReady ? 'false' : 'true'}>
                <slot name=${this.setupMount.slotName}></slot>
              </div>
              <p part="error" id="setup-error" class="error setup-error" role="alert">${this.setupError}</p>`}
        ${this.fields.renderBilling()} ${this.fields.renderBeforeSubmit()}
        <button
          part="button"
          class=${this.submitClass(cardForm, 'pay save')}
          type="submit"
          data-testid="hosted-payment-submit-button"
          aria-disabled=${busy || !(cardForm ? this.setiSecret : this.setupReady) ? 'true' : 'false'}
          aria-busy=${busy ? 'true' : 'false'}
          aria-describedby=${cardForm ? nothing : 'setup-error'}
        >
          ${busy ? m.processing : m.save}
        </button>
        ${this.fields.renderAfterSubmit()}
        <p class="terms">${(m.setupTerms as (p: { name: string }) => string)({ name })}</p>
      </form>
    </div>`;
  }

  private renderEmail(m: Msgs, hint: string): TemplateResult {
    const page = this.page!;
    return html`<div class="field">
        <label for="email">${m.email}</label>
        <input
          part="email"
          id="email"
          type="email"
          name="email"
          autocomplete="email"
          inputmode="email"
          required
          .value=${this.email}
          ?readonly=${page.email_locked}
          aria-invalid=${this.emailError ? 'true' : 'false'}
          aria-describedby="email-hint email-error"
          @input=${(e: Event) => {
            this.email = (e.target as HTMLInputElement).value;
            if (this.emailError) this.validateEmail();
          }}
          @blur=${() => {
            if (this.email) this.validateEmail();
          }}
        />
        <p id="email-hint" class="hint">${hint}</p>
        <p id="email-error" class="error" role="alert">${this.emailError}</p>
      </div>`;
  }

  private renderState(title: string, body: string, opts: { link?: string | null; linkText?: string; retry?: boolean } = {}): TemplateResult {
    return html`<section part="state" class="state" role="status" aria-live="polite">
      <h2 class="state-title" tabindex="-1">${title}</h2>
      <p>${body}</p>
      ${opts.link ? html`<a class="state-link" href=${opts.link}>${opts.linkText}</a>` : nothing}
      ${opts.retry ? html`<button class="retry" type="button" @click=${() => void this.load()}>${this.m.retry}</button>` : nothing}
    </section>`;
  }

  protected override render(): TemplateResult {
    const m = this.m;
    if (this.status === 'embedded' || (!this.inline && !this.sessionId && this.status === 'loading')) {
      return html`<div part="base" class="embedded" aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
        <slot name=${this.mount.slotName}></slot>
      </div>`;
    }
    const cancel = safeUrl(this.page?.cancel_url);
    let body: TemplateResult;
    switch (this.status) {
      case 'idle':
      case 'loading':
        body = html`<p class="loading" role="status">${m.loading}</p>`;
        break;
      case 'expired':
        body = this.renderState(m.expiredTitle as string, m.expired as string, { link: cancel, linkText: (m.cancelTo as (p: { name: string }) => string)({ name: this.merchantName() }) });
        break;
      case 'paid':
        body = this.renderState((this.page?.mode === 'setup' ? m.alreadySavedTitle : m.paidTitle) as string, (this.page?.mode === 'setup' ? m.alreadySaved : m.paid) as string, {
          link: safeUrl(this.page?.success_url ?? this.page?.return_url),
          linkText: m.continue as string,
        });
        break;
      case 'succeeded':
        body = this.renderState((this.page?.mode === 'setup' ? m.savedTitle : m.succeededTitle) as string, this.message || (m.succeeded as string), {
          link: this.redirectUrl, linkText: m.continue as string,
        });
        break;
      case 'not-found':
        body = this.renderState(m.notFoundTitle as string, m.notFound as string);
        break;
      case 'error':
        body = this.renderState(m.title as string, this.message, { retry: !!this.publishableKey });
        break;
      default:
        body = this.page?.mode === 'setup'
          ? this.renderSetup(m)
          : this.page && this.page.mode !== 'payment'
          ? this.renderState(m.unsupportedTitle as string, m.unsupported as string, {
            link: cancel, linkText: (m.cancelTo as (p: { name: string }) => string)({ name: this.merchantName() }),
          })
          : html`<div class="columns">${this.renderSummary(m)}${this.renderForm(m)}</div>`;
    }
    return html`<div part="base" class="base" lang=${this.i18n.language}>
      ${this.page || this.status === 'expired' ? this.renderHeader(m) : nothing}
      <div class="main">${body}</div>
      <p part="message" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        ${this.status === 'processing' ? this.message : ''}
      </p>
    </div>`;
  }
}

/** White or near-black, whichever contrasts more with `hex` (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`). */
function readableOn(hex: string): string {
  const h = hex.slice(1);
  const full = h.length <= 4 ? [...h.slice(0, 3)].map((c) => c + c).join('') : h.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = parseInt(full.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Against white (1.05 / (l + 0.05)) and the dark theme's text #15161c (relative luminance 0.0079).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0579 ? '#fff' : '#15161c';
}

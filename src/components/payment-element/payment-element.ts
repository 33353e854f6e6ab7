import { ReactiveElement, type CSSResultGroup, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import type {
  Appearance,
  PaymentIntent,
  Stripe,
  StripeElements,
  StripeError,
  StripePaymentElement,
  StripePaymentElementChangeEvent,
} from '@stripe/stripe-js';
import { ContextController } from '../../shared/context.js';
import { emit } from '../../shared/events.js';
import { paymentElementMessages } from '../../shared/messages/payment-element.js';
import { formatAmount } from '../../shared/money.js';
import { stripeAppearance, stripeLocale } from '../../shared/stripe-options.js';
import { baseStyles, type ThemeChoice } from '../../shared/tokens.js';
import { watchInheritedAttributes } from '../../shared/ancestry.js';
import { getStripe } from '../../stripe/loader.js';
import { paymentElementStyles } from './payment-element.styles.js';
import {
  CkBeforeConfirmEvent,
  CkChangeEvent,
  CkPaymentFailedEvent,
  CkPaymentSucceededEvent,
  CkReadyEvent,
} from './payment-element-events.js';
import { MountPoint } from './mount-point.js';
import { fetchClientSecret, SecretEndpointError } from './secret.js';

type Msgs = typeof paymentElementMessages.en;
/** A message the live region can show: a catalogue key, or '' for none. */
type MsgKey = keyof Msgs | '';

const STATUSES = ['idle', 'loading', 'ready', 'processing', 'succeeded', 'failed', 'error'] as const;

/** Where the element is in its life: shown as custom states (`:state(ready)`) for styling. */
export type PaymentElementStatus = (typeof STATUSES)[number];

const SUCCESS = new Set(['succeeded', 'processing', 'requires_capture']);

/** `tag` with `attrs` and `children`: the element's few nodes are built once, then updated in place. */
function node<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, ...children: Node[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const name in attrs) el.setAttribute(name, attrs[name]);
  el.append(...children);
  return el;
}

/** Sets `text` as the node's content only when it differs (so a live region is not re-announced for nothing). */
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
/**
 * Takes a payment on any page: Stripe's Payment Element (or the simulator's compatible one) with its own Pay
 * button, 3D Secure handled in a modal, and the outcome announced in the element's language.
 *
 * Give it a publishable key and either a PaymentIntent's `client-secret` or a `secret-endpoint` on your server that
 * creates one and answers `{"clientSecret": "pi_..._secret_..."}`. The amount on the button comes from the
 * PaymentIntent, never from the page. Card details are typed into Stripe's iframe: the page, its scripts and its
 * forms never see them.
 *
 * Stripe refuses to mount inside a shadow root, so the element keeps a small mount node in the document's light DOM
 * (as a child of its outermost host) and projects it into its own shadow root through a uniquely named `<slot>`;
 * it therefore works inside other components' shadow roots too.
 *
 * To use the simulator instead of Stripe, set `simulator="http://127.0.0.1:12111"` (or call
 * `configure({ simulatorUrl })` once); nothing else changes.
 *
 * A changed `client-secret` (or endpoint) tears the form down and mounts a new one, so a stale PaymentIntent is
 * never confirmed. One confirmation runs at a time: further clicks are ignored until it ends.
 *
 * @summary Stripe Payment Element with a Pay button, 3D Secure and localised outcomes.
 * @tag ck-payment-element
 *
 * @slot - Nothing by default; the element adds its own mount node (a `div` with a unique `slot` name).
 *
 * @event {CkReadyEvent} ck-ready - The payment form is mounted and ready: `detail` `{elementType}`.
 * @event {CkChangeEvent} ck-change - The customer changed the payment details: `detail` `{complete, empty, value}`.
 * @event {CkBeforeConfirmEvent} ck-before-confirm - Cancelable. About to confirm: `detail` `{amount, currency, paymentIntentId}`; `preventDefault()` vetoes.
 * @event {CkPaymentSucceededEvent} ck-payment-succeeded - The payment succeeded (or is processing): `detail` `{paymentIntent}`.
 * @event {CkPaymentFailedEvent} ck-payment-failed - The payment failed: `detail` `{error}` (Stripe's error object).
 *
 * @csspart base - The element's box.
 * @csspart field - Where Stripe's form is projected.
 * @csspart loading - The placeholder shown while the form loads.
 * @csspart button - The Pay button.
 * @csspart message - The live region with the outcome.
 * @csspart retry-button - The "Try again" button shown when the form could not load.
 *
 * @cssprop [--ck-payment-element-gap=calc(var(--ck-space) * 4)] - Space between the form, button and message.
 * @cssprop [--ck-payment-element-button-background=var(--ck-color-primary)] - Pay button background.
 * @cssprop [--ck-payment-element-button-color=var(--ck-color-primary-contrast)] - Pay button text.
 * @cssprop [--ck-payment-element-radius=var(--ck-radius)] - Corner radius of the button and placeholder.
 */
export class CkPaymentElement extends ReactiveElement {
  static formAssociated = true;
  static override styles: CSSResultGroup = [baseStyles, paymentElementStyles];
  static override shadowRootOptions: ShadowRootInit = { ...ReactiveElement.shadowRootOptions, delegatesFocus: true };

  // Lit's reactive properties, declared without decorators. The element renders six nodes, so it is built on
  // Lit's `ReactiveElement` and updates those nodes itself: lit-html would be ~3 KB of its 12 KB budget.
  static override properties: PropertyDeclarations = {
    locale: {},
    theme: { reflect: true },
    publishableKey: { attribute: 'publishable-key' },
    stripeAccount: { attribute: 'stripe-account' },
    clientSecret: { attribute: 'client-secret' },
    secretEndpoint: { attribute: 'secret-endpoint' },
    secretMethod: { attribute: false },
    secretHeaders: { attribute: false },
    secretCredentials: { attribute: false },
    secretBody: { attribute: false },
    returnUrl: { attribute: 'return-url' },
    layout: { reflect: true },
    redirect: {},
    simulator: {},
    hideButton: { type: Boolean, attribute: 'hide-button', reflect: true },
    disabled: { type: Boolean, reflect: true },
    status: { state: true },
    amount: { state: true },
    currency: { state: true },
    message: { state: true },
    reason: { state: true },
    complete: { state: true },
    updating: { state: true },
  };

  /**
   * Explicit locale (BCP 47, e.g. `fr-CA`) for messages, amounts and Stripe's form. When unset, the element follows
   * the closest `lang` attribute (across shadow roots), then the browser language.
   */
  locale?: string;

  /**
   * `light`, `dark` or `auto` (follow `prefers-color-scheme`). When unset, the closest ancestor's `data-ck-theme`
   * decides, else `auto`.
   */
  theme?: ThemeChoice;

  /** Stripe publishable key (`pk_test_...` / `pk_live_...`). Never a secret key. */
  publishableKey = '';

  /** Connected account to act on (Stripe.js's `stripeAccount`), for direct charges. */
  stripeAccount = '';

  /** The PaymentIntent's client secret. Changing it mounts a fresh form for the new intent. */
  clientSecret = '';

  /** A URL on the merchant's server that creates a PaymentIntent and answers `{clientSecret}`. */
  secretEndpoint = '';

  /** HTTP method for `secret-endpoint`. */
  secretMethod: 'GET' | 'POST' = 'POST';

  /** Extra headers for `secret-endpoint` (e.g. a CSRF token). */
  secretHeaders: Record<string, string> = {};

  /** Credentials mode for `secret-endpoint` (`same-origin` by default). */
  secretCredentials: RequestCredentials = 'same-origin';

  /** JSON body sent to `secret-endpoint` with POST (e.g. the cart id). */
  secretBody: unknown = undefined;

  /**
   * Where the customer returns after a redirect (3D Secure with `redirect="always"`). Defaults to this page. As with
   * Stripe, the URL gets `payment_intent`, `payment_intent_client_secret` and `redirect_status` in its query. The
   * element does not read them itself: with `secret-endpoint` it would mount a form for a new PaymentIntent, so on
   * the return page set `clientSecret` to the returned `payment_intent_client_secret`; the element then shows that
   * intent's outcome (succeeded, or why it failed) instead of a Pay button.
   */
  returnUrl = '';

  /** Payment Element layout: `tabs`, `accordion` or `auto`. */
  layout: 'tabs' | 'accordion' | 'auto' = 'tabs';

  /**
   * `if_required` (default: stay on the page, 3D Secure in a modal) or `always` (every confirmation leaves the page:
   * to the 3D Secure page when one is needed, then, or at once, to `return-url`; see `returnUrl` for that page).
   */
  redirect: 'if_required' | 'always' = 'if_required';

  /** Origin of a checkout-kit simulator to use instead of Stripe, e.g. `http://127.0.0.1:12111`. */
  simulator = '';

  /** Hides the built-in Pay button: call `submit()` yourself (or submit the surrounding form). */
  hideButton = false;

  /** Disables the form and the button. */
  disabled = false;

  /** Where the element is in its life. */
  status: PaymentElementStatus = 'idle';

  /** The PaymentIntent amount (smallest unit) and currency, once known. */
  amount: number | null = null;
  currency: string | null = null;

  /** The message shown, as a catalogue key (rendered in the current language at every update), '' for none. */
  private message: MsgKey = '';
  /** Why the payment failed (Stripe.js's words, in the locale it was given), for the `failed` message. */
  private reason = '';
  private complete = false;
  /** The PaymentIntent is being refreshed (amount changed on the server): Pay waits. */
  private updating = false;

  /** The element's `ElementInternals`: form association, validity and the `:state(...)` custom states. */
  readonly internals: ElementInternals = this.attachInternals();

  /** Resolved locale, message language and theme (`:state(light|dark)`); re-renders when they change. */
  protected readonly i18n = new ContextController(this);

  /** The Stripe object in use (after `ck-ready`). */
  stripe: Stripe | null = null;
  /** The Elements group in use (after `ck-ready`). */
  elements: StripeElements | null = null;
  private paymentElement: StripePaymentElement | null = null;
  private readonly mount = new MountPoint(this);
  private generation = 0;
  private setupKey = '';
  private activeSecret = '';
  private confirming: Promise<void> | null = null;
  /** The PaymentIntent waits for the customer to authenticate (confirmed elsewhere): Pay resumes it. */
  private pendingAction = false;
  /** Why the intent's last attempt failed, when it was loaded in that state; null when it was not. */
  private loadFailure: string | null = null;
  private appearanceKey = '';
  private language = '';
  private darkQuery: MediaQueryList | null = null;
  private themeObserver: MutationObserver | null = null;
  private unwatchTheme?: () => void;
  private form: HTMLFormElement | null = null;

  /** The id (`pi_...`) of the PaymentIntent the form is mounted for, once known. */
  get paymentIntentId(): string | null {
    return this.activeSecret ? this.activeSecret.split('_secret_')[0] : null;
  }

  private get m(): Msgs {
    return this.i18n.messages(paymentElementMessages);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.internals.setFormValue(null);
    this.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    this.darkQuery.addEventListener('change', this.onThemeMaybeChanged);
    this.themeObserver = new MutationObserver(this.onThemeMaybeChanged);
    for (const target of [document.documentElement, document.body]) {
      if (target) this.themeObserver.observe(target, { attributes: true, attributeFilter: ['class', 'style', 'data-ck-theme', 'data-theme'] });
    }
    this.unwatchTheme = watchInheritedAttributes(this, this.onThemeMaybeChanged);
    this.form = this.internals.form;
    this.form?.addEventListener('submit', this.onFormSubmit);
    this.setupKey = '';
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.darkQuery?.removeEventListener('change', this.onThemeMaybeChanged);
    this.themeObserver?.disconnect();
    this.unwatchTheme?.();
    this.unwatchTheme = undefined;
    this.form?.removeEventListener('submit', this.onFormSubmit);
    this.form = null;
    this.teardown();
  }

  /** Form reset: clears the card fields. */
  formResetCallback(): void {
    this.paymentElement?.clear();
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const key = [this.publishableKey, this.clientSecret, this.secretEndpoint, this.simulator, this.stripeAccount].join('\n');
    if (this.isConnected && key !== this.setupKey) {
      this.setupKey = key;
      void this.setup();
    }
    if (changed.has('layout') && this.paymentElement) this.paymentElement.update({ layout: this.layout });
    if (changed.has('disabled') && this.paymentElement) this.paymentElement.update({ readOnly: this.disabled });
    if (this.elements) {
      if (this.language !== this.i18n.locale) {
        this.language = this.i18n.locale;
        void this.elements.update({ locale: stripeLocale(this.i18n.locale) });
      }
      this.refreshAppearance();
    }
    this.updateValidity();
  }

  /** The computed `--ck-*` tokens as Stripe appearance (Stripe's iframes cannot read CSS variables). */
  appearance(): Appearance {
    return stripeAppearance(this);
  }

  private onThemeMaybeChanged = (): void => {
    // Let style recalculation settle (class toggles, media query flips), then compare.
    requestAnimationFrame(() => {
      this.i18n.hostUpdate();
      this.refreshAppearance();
    });
  };

  private refreshAppearance(): void {
    if (!this.elements) return;
    const appearance = this.appearance();
    const key = JSON.stringify(appearance);
    if (key === this.appearanceKey) return;
    this.appearanceKey = key;
    void this.elements.update({ appearance });
  }

  private setState(next: PaymentElementStatus, message: MsgKey = this.message, reason = ''): void {
    this.status = next;
    this.message = message;
    this.reason = reason;
    const states = this.internals.states;
    try {
      for (const s of STATUSES) {
        if (s === next) states.add(s);
        else states.delete(s);
      }
    } catch {
      // Older engines without CustomStateSet: styling by state is unavailable, behaviour is unchanged.
    }
  }

  private teardown(): void {
    this.generation++;
    this.paymentElement?.destroy();
    this.paymentElement = null;
    this.elements = null;
    this.activeSecret = '';
    this.mount.detach();
    this.complete = false;
  }

  /** (Re)mounts the form for the current key and secret. Safe to call repeatedly: older runs are abandoned. */
  private async setup(presetSecret?: string): Promise<void> {
    this.teardown();
    if (!this.isConnected) return;
    const gen = this.generation;
    this.amount = null;
    this.currency = null;
    this.loadFailure = null;
    this.pendingAction = false;
    if (!this.publishableKey) {
      this.setState('error', 'missingKey');
      return;
    }
    if (!this.clientSecret && !this.secretEndpoint) {
      this.setState('error', 'missingSecret');
      return;
    }
    this.setState('loading', '');
    let secret = this.clientSecret || presetSecret || '';
    if (!secret) {
      try {
        secret = await this.fetchSecret();
      } catch (err) {
        if (gen !== this.generation) return;
        this.setState('error', 'secretFailed');
        if (!(err instanceof SecretEndpointError)) console.error(err);
        return;
      }
      if (gen !== this.generation) return;
    }
    let stripe: Stripe | null;
    try {
      stripe = await getStripe(this.publishableKey, { simulatorUrl: this.simulator || undefined, stripe: { locale: stripeLocale(this.i18n.locale), ...(this.stripeAccount ? { stripeAccount: this.stripeAccount } : {}) } });
    } catch {
      stripe = null;
    }
    if (gen !== this.generation) return;
    if (!stripe) {
      this.setState('error', 'loadFailed');
      return;
    }
    this.stripe = stripe;
    this.activeSecret = secret;
    const appearance = this.appearance();
    this.appearanceKey = JSON.stringify(appearance);
    this.language = this.i18n.locale;
    const elements = stripe.elements({ clientSecret: secret, appearance, locale: stripeLocale(this.i18n.locale) });
    const element = elements.create('payment', { layout: this.layout, readOnly: this.disabled });
    this.elements = elements;
    this.paymentElement = element;
    element.on('ready', () => {
      if (gen !== this.generation) return;
      const failure = this.loadFailure;
      if (this.status !== 'succeeded') this.setState(failure === null ? 'ready' : 'failed', failure === null ? '' : 'failed', failure ?? '');
      emit(this, new CkReadyEvent({ elementType: 'payment' }));
    });
    element.on('change', (event: StripePaymentElementChangeEvent) => {
      if (gen !== this.generation) return;
      this.complete = event.complete;
      if (this.status === 'failed') this.setState('ready', '');
      emit(this, new CkChangeEvent({ complete: event.complete, empty: event.empty, value: { type: event.value?.type ?? 'card' } }));
      this.updateValidity();
    });
    element.on('loaderror', () => {
      if (gen !== this.generation) return;
      this.setState('error', 'loadFailed');
    });
    element.mount(this.mount.attach());
    // Stripe.js throws (rather than resolves an error) on misuse, e.g. a SetupIntent's secret: the form is unusable.
    this.loadAmount(gen).catch(() => gen === this.generation && this.setState('error', 'loadFailed'));
  }

  private fetchSecret(): Promise<string> {
    return fetchClientSecret(this.secretEndpoint, {
      method: this.secretMethod,
      headers: this.secretHeaders,
      credentials: this.secretCredentials,
      body: this.secretBody,
    });
  }

  private async loadAmount(gen: number): Promise<void> {
    const res = await this.stripe!.retrievePaymentIntent(this.activeSecret);
    if (gen !== this.generation || !res.paymentIntent) return;
    const pi = res.paymentIntent;
    this.amount = pi.amount;
    this.currency = pi.currency;
    this.pendingAction = pi.status === 'requires_action';
    if (SUCCESS.has(pi.status)) {
      this.setState('succeeded', 'succeeded');
    } else if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
      // Back from a redirect, or an attempt made elsewhere: show why the last attempt failed.
      this.loadFailure = (pi.last_payment_error as StripeError).message ?? '';
      if (this.status === 'ready') this.setState('failed', 'failed', this.loadFailure);
    }
  }

  /**
   * Call after your server changed the PaymentIntent (e.g. the cart changed): with `secret-endpoint`, asks it again
   * (sending the current `secretBody`); a new secret re-mounts the form, the same one refreshes the amount. Waits
   * for a running confirmation first.
   */
  async refresh(): Promise<void> {
    if (this.confirming) await this.confirming;
    const gen = this.generation;
    if (!this.clientSecret && this.secretEndpoint && this.stripe) {
      this.updating = true;
      let secret: string;
      try {
        secret = await this.fetchSecret();
      } catch {
        this.updating = false;
        if (gen === this.generation) this.setState('error', 'secretFailed');
        return;
      }
      if (gen !== this.generation) {
        this.updating = false;
        return;
      }
      if (secret !== this.activeSecret) {
        this.updating = false;
        await this.setup(secret);
        return;
      }
    }
    try {
      if (!this.elements) return;
      await this.elements.fetchUpdates();
      await this.loadAmount(gen);
    } finally {
      this.updating = false;
    }
  }

  private updateValidity(): void {
    // Anchored on the card field (focusable, tabindex -1): a form submitted without the button (hide-button) then
    // focuses it and shows the browser's message, instead of failing silently on an unfocusable host.
    const missing = this.status !== 'succeeded' && !this.complete;
    this.internals.setValidity({ valueMissing: missing }, missing ? (this.m.incomplete as string) : '', this.parts.field);
  }

  /** Whether the payment details are complete (ElementInternals validity). */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  private onFormSubmit = (event: Event): void => {
    event.preventDefault();
    void this.submit();
  };

  /**
   * Confirms the payment (what the Pay button does). Resolves when the attempt ends; the outcome is in the events
   * and the live region. While one confirmation runs, further calls return the same promise.
   */
  submit(): Promise<void> {
    if (this.confirming) return this.confirming;
    if (!this.stripe || !this.elements || this.status === 'loading' || this.status === 'succeeded' || this.disabled || this.updating) {
      return Promise.resolve();
    }
    // Stripe.js throws on misuse (an IntegrationError): end as a failed attempt, never stuck in "processing". Its
    // English words are for the developer (the event, the console); the customer reads the element's own.
    this.confirming = this.confirm()
      .catch((error: Error) => {
        console.error(error);
        this.finish({ error: { type: 'invalid_request_error', message: error.message } as StripeError }, true);
      })
      .finally(() => {
        this.confirming = null;
      });
    return this.confirming;
  }

  private async confirm(): Promise<void> {
    const stripe = this.stripe!;
    const elements = this.elements!;
    const secret = this.activeSecret;
    const gen = this.generation;
    const proceed = emit(
      this,
      new CkBeforeConfirmEvent({ amount: this.amount, currency: this.currency, paymentIntentId: this.paymentIntentId }),
    );
    if (!proceed) {
      this.setState('ready', 'vetoed');
      return;
    }
    this.setState('processing', 'processing');
    if (this.pendingAction) {
      this.pendingAction = false;
      const next = await stripe.handleNextAction({ clientSecret: secret });
      if (gen !== this.generation) return;
      this.finish(next as { error?: StripeError; paymentIntent?: PaymentIntent });
      return;
    }
    const { error: submitError } = await elements.submit();
    if (gen !== this.generation) return;
    if (submitError) {
      this.setState('ready', 'checkDetails');
      return;
    }
    const result = await stripe.confirmPayment({
      elements,
      clientSecret: secret,
      confirmParams: { return_url: this.returnUrl ? new URL(this.returnUrl, location.href).href : location.href },
      redirect: this.redirect === 'always' ? 'always' : 'if_required',
    } as Parameters<Stripe['confirmPayment']>[0]);
    if (gen !== this.generation) return;
    this.finish(result as { error?: StripeError; paymentIntent?: PaymentIntent });
  }

  private finish(result: { error?: StripeError; paymentIntent?: PaymentIntent }, ownWords = false): void {
    if (result.error) {
      // Stripe.js returns card errors in the locale the element gave it (the shim does the same).
      this.setState(result.error.type === 'validation_error' ? 'ready' : 'failed', 'failed', ownWords ? '' : result.error.message);
      emit(this, new CkPaymentFailedEvent({ error: result.error }));
      return;
    }
    const pi = result.paymentIntent!;
    if (SUCCESS.has(pi.status)) {
      this.setState('succeeded', pi.status === 'processing' ? 'processingAsync' : 'succeeded');
      this.paymentElement?.update({ readOnly: true });
      emit(this, new CkPaymentSucceededEvent({ paymentIntent: pi }));
    } else {
      this.setState('failed', 'unexpected');
      emit(this, new CkPaymentFailedEvent({ error: { type: 'invalid_request_error', message: `Unexpected status ${pi.status}` } as StripeError }));
    }
  }

  private buttonLabel(): string {
    const m = this.m;
    // The name keeps "Pay" while processing (progress is announced in the live region and shown by aria-busy),
    // so the control the customer (or a test) is pressing does not vanish under them.
    if (this.status === 'succeeded') return m.paid as string;
    if (this.amount !== null && this.currency) {
      return (m.payAmount as (p: { amount: string }) => string)({ amount: formatAmount(this.amount, this.currency, this.i18n.locale) });
    }
    return m.pay as string;
  }

  /** The shadow root's nodes, built once by {@link createRenderRoot} and updated in place by {@link update}. */
  private readonly parts = (() => {
    const button = (part: string, cls: string, onClick: () => void) => {
      const b = node('button', { part, class: cls, type: 'button' });
      b.addEventListener('click', onClick);
      return b;
    };
    const loading = node('div', { part: 'loading', class: 'loading', 'aria-hidden': 'true' }, node('div', { class: 'skeleton' }), node('div', { class: 'skeleton' }));
    const field = node('div', { part: 'field', class: 'field', tabindex: '-1' }, node('slot', { name: this.mount.slotName }));
    const pay = button('button', 'pay', () => void this.submit());
    const message = node('p', { part: 'message', class: 'message', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const retry = button('retry-button', 'retry', () => void this.setup());
    const base = node('div', { part: 'base', class: 'base' }, loading, field, pay, message);
    return { base, loading, field, pay, message, retry };
  })();

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append(this.parts.base);
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const { base, loading, pay, message, retry } = this.parts;
    const status = this.status;
    // Unavailable only while there is nothing to pay with; during a confirmation, further presses are ignored
    // (one confirmation at a time) rather than refused, and after success they do nothing.
    const inactive = status === 'idle' || status === 'loading' || status === 'error' || this.disabled || this.updating;
    base.setAttribute('aria-busy', String(status === 'loading' || status === 'processing'));
    loading.hidden = status !== 'loading';
    if (this.hideButton) pay.remove();
    else if (pay.parentNode !== base) base.insertBefore(pay, message);
    pay.setAttribute('aria-disabled', String(inactive));
    pay.setAttribute('aria-busy', String(status === 'processing'));
    setText(pay, this.buttonLabel());
    const m = this.m;
    const key = this.message;
    // in the current language: a `lang` change re-words the message shown (a card error keeps Stripe.js's words)
    setText(message, key === 'failed' ? (m.failed as (p: { reason: string }) => string)({ reason: this.reason || (m.unexpected as string) }) : key && (m[key] as string));
    if (status === 'error') {
      setText(retry, this.m.retry as string);
      if (retry.parentNode !== base) base.append(retry);
    } else retry.remove();
  }
}

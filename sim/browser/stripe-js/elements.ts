// Elements on the merchant page: the group (`stripe.elements(...)`) and each Element, whose fields live in an
// iframe on the simulator's origin. The page side only relays options and events; it never sees card data.
import { PROTOCOL, isEnvelope, type ChangeState, type ElementKind, type FromFrame, type ToFrame } from '../shared/protocol.ts';
import { APPEARANCE_KEYS, STRIPE_VARIABLES, THEMES } from '../elements/appearance.ts';
import { IntegrationError } from './errors.ts';
import { resolveSimLocale, t } from '../shared/messages.ts';

export interface ShimContext {
  publishableKey: string;
  apiBase: string;
  simOrigin: string;
  locale: string;
  /** Stripe.js's `stripeAccount` option. */
  stripeAccount?: string;
  /** Stripe.js's `apiVersion` option. */
  apiVersion?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type FrameRequest = DistributiveOmit<Extract<ToFrame, { requestId: string }>, 'requestId'>;
type Handler = (event: Record<string, unknown>) => void;

const ELEMENT_EVENTS = ['ready', 'change', 'focus', 'blur', 'escape', 'loaderror', 'loaderstart', 'click'];
let instanceCounter = 0;

/** Every Element type Stripe.js knows (its `StripeElementType`); the simulator implements `payment` and `card`. */
const STRIPE_ELEMENT_TYPES = [
  'address', 'auBankAccount', 'card', 'cardNumber', 'cardExpiry', 'cardCvc', 'contactDetails', 'currencySelector',
  'expressCheckout', 'iban', 'payment', 'paymentForm', 'paymentMethodMessaging', 'linkAuthentication', 'linkSignup',
  'shippingAddress', 'issuingCardNumberDisplay', 'issuingCardCvcDisplay', 'issuingCardExpiryDisplay',
  'issuingCardPinDisplay', 'issuingCardCopyButton', 'taxId', 'terms', 'issuingAddToWalletButton', 'paymentRequestButton',
] as const;

function randomId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stripe.js's warning for an option it does not know (its validators' wording: label, then the option's path). */
function warnUnrecognized(label: string, path: string): void {
  console.warn(`Unrecognized ${label} parameter: ${path} is not a recognized parameter. This may cause issues with your integration in the future.`);
}

/** The options `stripe.elements()` and `elements.update()` accept (@stripe/stripe-js's StripeElementsOptions). */
const ELEMENTS_OPTIONS = [
  'adaptivePricing', 'allowedPaymentMethodTypes', 'amount', 'appearance', 'betas', 'captureMethod', 'capture_method', 'clientSecret',
  'currency', 'customPaymentMethods', 'customerOptions', 'customerSessionClientSecret', 'excludedPaymentMethodTypes',
  'externalPaymentMethodTypes', 'fonts', 'loader', 'locale', 'mode', 'onBehalfOf', 'on_behalf_of', 'paymentMethodConfiguration',
  'paymentMethodCreation', 'paymentMethodOptions', 'paymentMethodTypes', 'payment_method_configuration', 'payment_method_options',
  'payment_method_types', 'setupFutureUsage', 'setup_future_usage', 'syncAddressCheckbox',
];

/**
 * Stripe.js's checks of `elements(options)` / `elements.update(options)` (`label` names the call): unknown options and
 * appearance keys or variables warn, a theme that is not one of Stripe's throws, as Stripe.js's validators do.
 */
export function checkElementsOptions(options: unknown, label: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new IntegrationError(`Invalid value for ${label}: value should be an object. You specified: ${String(options)}.`);
  }
  for (const key of Object.keys(options)) if (!ELEMENTS_OPTIONS.includes(key)) warnUnrecognized(label, key);
  checkAppearance((options as { appearance?: unknown }).appearance, label);
}

export function checkAppearance(appearance: unknown, label = 'elements()'): void {
  if (appearance === undefined) return;
  if (!appearance || typeof appearance !== 'object' || Array.isArray(appearance)) {
    throw new IntegrationError(`Invalid value for ${label}: appearance should be an object. You specified: ${String(appearance)}.`);
  }
  const a = appearance as { theme?: unknown; variables?: unknown; rules?: unknown };
  for (const key of Object.keys(a)) if (!APPEARANCE_KEYS.includes(key)) warnUnrecognized(label, `appearance.${key}`);
  // 'none' is accepted as older Stripe.js releases documented it; it renders like 'stripe' here.
  if (a.theme !== undefined && !THEMES.includes(a.theme as string) && a.theme !== 'none') {
    throw new IntegrationError(
      `Invalid value for ${label}: appearance.theme should be one of the following strings: ${THEMES.join(', ')}. You specified: ${String(a.theme)}.`,
    );
  }
  if (a.variables !== undefined && (!a.variables || typeof a.variables !== 'object' || Array.isArray(a.variables))) {
    throw new IntegrationError(`Invalid value for ${label}: appearance.variables should be an object. You specified: ${String(a.variables)}.`);
  }
  for (const key of Object.keys(a.variables ?? {})) {
    if (!STRIPE_VARIABLES.includes(key)) warnUnrecognized(label, `appearance.variables.${key}`);
  }
  if (a.rules !== undefined && (!a.rules || typeof a.rules !== 'object' || Array.isArray(a.rules))) {
    throw new IntegrationError(`Invalid value for ${label}: appearance.rules should be an object. You specified: ${String(a.rules)}.`);
  }
}

export class ShimElement {
  readonly elementType: ElementKind;
  private readonly handlers = new Map<string, Set<Handler>>();
  private options: Record<string, unknown>;
  private wrapper: HTMLDivElement | null = null;
  private iframe: HTMLIFrameElement | null = null;
  private channel = '';
  private loaded = false;
  private destroyed = false;
  private loadTimer: ReturnType<typeof setTimeout> | undefined;
  private pending = new Map<string, (result: unknown) => void>();
  private queue: ToFrame[] = [];
  /** Last state reported by the iframe (what `elements.submit()` and the confirm flow rely on). */
  state: ChangeState = { empty: true, complete: false, collapsed: false, brand: 'unknown' };

  constructor(
    readonly group: ShimElements,
    type: ElementKind,
    options: Record<string, unknown>,
  ) {
    this.elementType = type;
    this.options = { ...options };
  }

  get mounted(): boolean {
    return this.wrapper !== null && this.wrapper.isConnected;
  }

  mount(domElement: unknown): void {
    if (this.destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    if (this.wrapper) {
      throw new IntegrationError('This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.');
    }
    let target: Element | null;
    if (typeof domElement === 'string') {
      target = document.querySelector(domElement);
      if (!target) {
        throw new IntegrationError(
          `The selector you specified (${domElement}) applies to no DOM elements that are currently on the page.\nMake sure the element exists on the page before calling mount().`,
        );
      }
    } else if (domElement instanceof Element) {
      target = domElement;
    } else {
      throw new IntegrationError('Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.');
    }
    if (target.getRootNode() instanceof ShadowRoot) {
      throw new IntegrationError('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    }
    const ctx = this.group.ctx;
    this.channel = `${randomId()}-${instanceCounter++}`;
    const wrapper = document.createElement('div');
    wrapper.className = '__PrivateStripeElement';
    wrapper.style.setProperty('margin', '0');
    wrapper.style.setProperty('padding', '0');
    wrapper.style.setProperty('border', 'none');
    wrapper.style.setProperty('display', 'block');
    wrapper.style.setProperty('background', 'transparent');
    wrapper.style.setProperty('position', 'relative');
    wrapper.style.setProperty('opacity', '1');
    const iframe = document.createElement('iframe');
    iframe.name = `__privateStripeFrame${this.channel}`;
    iframe.title = this.group.frameTitle(this.elementType);
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('allowtransparency', 'true');
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('role', 'presentation');
    iframe.setAttribute('allow', 'payment *; publickey-credentials-get *'); // Stripe's own value
    for (const [prop, value] of Object.entries({
      border: 'none',
      margin: '0',
      padding: '0',
      width: '1px',
      'min-width': '100%',
      overflow: 'hidden',
      display: 'block',
      height: this.elementType === 'card' ? '60px' : '260px',
      'user-select': 'none',
      'color-scheme': 'normal',
    })) {
      iframe.style.setProperty(prop, value);
    }
    const hash = new URLSearchParams({ channel: this.channel, origin: location.origin, type: this.elementType, locale: this.group.locale() });
    iframe.src = `${ctx.apiBase}/elements/card.html#${hash.toString()}`;
    wrapper.append(iframe);
    this.wrapper = wrapper;
    this.iframe = iframe;
    window.addEventListener('message', this.onMessage);
    target.replaceChildren(wrapper);
    target.classList.add('StripeElement');
    // Stripe.js documents loaderstart and loaderror for the Payment Element (and Elements the simulator does not offer),
    // not the Card Element. loaderstart comes once the loader is in the DOM, after mount() returns, so a handler
    // registered right after mount() still sees it.
    if (this.elementType !== 'payment') return;
    const wrapperAtMount = wrapper;
    setTimeout(() => {
      if (this.wrapper === wrapperAtMount) this.emit('loaderstart', { elementType: this.elementType });
    });
    this.loadTimer = setTimeout(() => {
      if (!this.loaded) {
        this.emit('loaderror', {
          elementType: this.elementType,
          error: { type: 'api_connection_error', message: 'Failed to load the payment form. Check your connection and try again.' },
        });
      }
    }, 20_000);
  }

  unmount(): void {
    if (!this.wrapper) return;
    window.removeEventListener('message', this.onMessage);
    clearTimeout(this.loadTimer);
    const parent = this.wrapper.parentElement;
    this.wrapper.remove();
    parent?.classList.remove('StripeElement', 'StripeElement--complete', 'StripeElement--empty', 'StripeElement--invalid', 'StripeElement--focus');
    this.wrapper = null;
    this.iframe = null;
    this.loaded = false;
    this.queue = [];
    for (const resolve of this.pending.values()) {
      resolve({ error: { type: 'invalid_request_error', message: 'The Element was unmounted before the request completed.' } });
    }
    this.pending.clear();
  }

  destroy(): void {
    this.unmount();
    this.destroyed = true;
    this.handlers.clear();
    this.group.forget(this);
  }

  update(options: Record<string, unknown> = {}): void {
    this.options = { ...this.options, ...options };
    this.send({ type: 'update', options });
  }

  focus(): void {
    this.iframe?.focus();
    this.send({ type: 'focus' });
  }

  blur(): void {
    this.send({ type: 'blur' });
  }

  clear(): void {
    this.send({ type: 'clear' });
  }

  collapse(): this {
    this.send({ type: 'collapse' });
    return this;
  }

  on(event: string, handler: Handler): this {
    if (!ELEMENT_EVENTS.includes(event)) {
      throw new IntegrationError(`Unknown event "${event}". Supported events: ${ELEMENT_EVENTS.join(', ')}.`);
    }
    if (typeof handler !== 'function') throw new IntegrationError('Expected a function as the event handler.');
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return this;
  }

  addEventListener(event: string, handler: Handler): this {
    return this.on(event, handler);
  }

  once(event: string, handler: Handler): this {
    const wrapped: Handler = (e) => {
      this.off(event, wrapped);
      handler(e);
    };
    return this.on(event, wrapped);
  }

  off(event: string, handler?: Handler): this {
    if (!handler) this.handlers.delete(event);
    else this.handlers.get(event)?.delete(handler);
    return this;
  }

  removeEventListener(event: string, handler?: Handler): this {
    return this.off(event, handler);
  }

  /** Sends a request to the iframe and waits for its answer (validation, confirm, create PaymentMethod). */
  request(message: FrameRequest): Promise<unknown> {
    if (!this.wrapper) {
      return Promise.resolve({
        error: { type: 'invalid_request_error', message: `This ${this.elementType} Element is not mounted.` },
      });
    }
    const requestId = randomId();
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.send({ ...(message as object), requestId } as ToFrame);
    });
  }

  /** Page-level update of appearance/locale for every Element (from `elements.update`). */
  refresh(appearance: Record<string, unknown>, locale: string): void {
    this.send({ type: 'update', appearance, locale });
  }

  private send(message: ToFrame): void {
    if (!this.iframe) return;
    if (!this.loaded && message.type !== 'init') {
      this.queue.push(message);
      return;
    }
    this.iframe.contentWindow?.postMessage({ ...message, ck: PROTOCOL, channel: this.channel }, this.group.ctx.simOrigin);
  }

  private emit(type: string, payload: Record<string, unknown>): void {
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        handler(payload);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    }
  }

  private onMessage = (event: MessageEvent): void => {
    if (!this.iframe || event.origin !== this.group.ctx.simOrigin || event.source !== this.iframe.contentWindow) return;
    if (!isEnvelope(event.data, this.channel)) return;
    const msg = event.data as unknown as FromFrame;
    const parent = this.wrapper?.parentElement;
    switch (msg.type) {
      case 'frame-loaded': {
        this.loaded = true;
        clearTimeout(this.loadTimer);
        this.send({
          type: 'init',
          init: {
            publishableKey: this.group.ctx.publishableKey,
            apiBase: this.group.ctx.apiBase,
            elementType: this.elementType,
            locale: this.group.locale(),
            appearance: this.group.appearance(),
            options: this.options,
            stripeAccount: this.group.ctx.stripeAccount,
            apiVersion: this.group.ctx.apiVersion,
            clientSecret: this.group.clientSecret,
          },
        });
        const queued = this.queue;
        this.queue = [];
        for (const m of queued) this.send(m);
        break;
      }
      case 'ready':
        this.emit('ready', { elementType: this.elementType });
        break;
      case 'loaderror': {
        const payload = { elementType: this.elementType, error: msg.error };
        if (!this.handlers.get('loaderror')?.size) console.warn(`Unhandled ${this.elementType} Element loaderror`, payload);
        this.emit('loaderror', payload);
        break;
      }
      case 'height':
        if (Number.isFinite(msg.height) && msg.height > 0 && msg.height < 5000) this.iframe.style.setProperty('height', `${msg.height}px`);
        break;
      case 'change': {
        this.state = msg.state;
        parent?.classList.toggle('StripeElement--complete', msg.state.complete);
        parent?.classList.toggle('StripeElement--empty', msg.state.empty);
        parent?.classList.toggle('StripeElement--invalid', Boolean(msg.state.error));
        const payload: Record<string, unknown> = {
          elementType: this.elementType,
          empty: msg.state.empty,
          complete: msg.state.complete,
        };
        if (this.elementType === 'payment') {
          payload.collapsed = msg.state.collapsed;
          payload.value = { type: 'card' };
        } else {
          payload.brand = msg.state.brand;
          payload.error = msg.state.error;
          payload.value = { postalCode: msg.state.postalCode ?? '' };
        }
        this.emit('change', payload);
        break;
      }
      case 'focus':
        parent?.classList.add('StripeElement--focus');
        this.emit('focus', { elementType: this.elementType });
        break;
      case 'blur':
        parent?.classList.remove('StripeElement--focus');
        this.emit('blur', { elementType: this.elementType });
        break;
      case 'escape':
        this.emit('escape', { elementType: this.elementType });
        break;
      case 'response': {
        const resolve = this.pending.get(msg.requestId);
        if (resolve) {
          this.pending.delete(msg.requestId);
          resolve(msg.result);
        }
        break;
      }
    }
  };
}

export interface ElementsOptions {
  clientSecret?: string;
  mode?: 'payment' | 'setup' | 'subscription';
  amount?: number;
  currency?: string;
  appearance?: Record<string, unknown>;
  locale?: string;
  [key: string]: unknown;
}

export class ShimElements {
  private readonly elements = new Map<string, ShimElement>();
  options: ElementsOptions;
  /** Set by `submit()`: deferred-intent confirmations require it, as in Stripe.js. */
  submitted = false;

  constructor(
    readonly ctx: ShimContext,
    options: ElementsOptions,
  ) {
    this.options = { ...options };
  }

  get clientSecret(): string | undefined {
    return this.options.clientSecret;
  }

  locale(): string {
    return (this.options.locale as string | undefined) ?? this.ctx.locale;
  }

  appearance(): Record<string, unknown> {
    return (this.options.appearance as Record<string, unknown> | undefined) ?? {};
  }

  /** Stripe's iframe titles: the Card Element's "Secure card payment input frame", the Payment Element's "Secure payment input frame". */
  frameTitle(type: ElementKind): string {
    const lang = this.locale() === 'auto' ? document.documentElement.lang || navigator.language : this.locale();
    return t(resolveSimLocale(lang), type === 'card' ? 'cardFrameTitle' : 'paymentFrameTitle');
  }

  create(type: string, options: Record<string, unknown> = {}): ShimElement {
    if (type !== 'payment' && type !== 'card') {
      if ((STRIPE_ELEMENT_TYPES as readonly unknown[]).includes(type)) {
        // A real Stripe Element the simulator does not offer: say so, rather than fail later or pretend.
        throw new IntegrationError(
          `The ${String(type)} Element is not supported by the Stripe simulator. Supported Elements are: payment, card. Use the Payment Element (elements.create('payment')) or the Card Element (elements.create('card')).`,
        );
      }
      throw new IntegrationError(
        `A valid Element name must be provided. Valid Elements are: ${STRIPE_ELEMENT_TYPES.join(', ')}; you passed: ${typeof type === 'string' ? type : String(type)}.`,
      );
    }
    if (this.elements.has(type)) throw new IntegrationError(`Can only create one Element of type ${type}.`);
    if (type === 'payment' && !this.options.clientSecret && !this.options.mode) {
      throw new IntegrationError('In order to create a payment element, you must pass a clientSecret or mode when creating the Elements group.\n\n e.g. stripe.elements({clientSecret: "{{CLIENT_SECRET}}"})');
    }
    const element = new ShimElement(this, type, options);
    this.elements.set(type, element);
    return element;
  }

  getElement(type: string): ShimElement | null {
    return this.elements.get(type) ?? null;
  }

  forget(element: ShimElement): void {
    if (this.elements.get(element.elementType) === element) this.elements.delete(element.elementType);
  }

  async update(options: ElementsOptions = {}): Promise<void> {
    if ('clientSecret' in options) throw new IntegrationError('elements.update(): clientSecret cannot be updated. Create a new Elements group instead.');
    checkElementsOptions(options, 'elements.update()');
    this.options = { ...this.options, ...options };
    for (const el of this.elements.values()) el.refresh(this.appearance(), this.locale());
  }

  async fetchUpdates(): Promise<Record<string, never>> {
    return {};
  }

  async submit(): Promise<{ error: Record<string, unknown> } | { selectedPaymentMethod: string }> {
    const el = this.elements.get('payment') ?? this.elements.get('card');
    if (!el || !el.mounted) {
      throw new IntegrationError('elements.submit(): no mounted Payment Element was found in this Elements group.');
    }
    const result = (await el.request({ type: 'validate' })) as { error?: Record<string, unknown> };
    this.submitted = !result.error;
    // Stripe.js resolves with the error, or with the payment method type the customer chose.
    return result.error ? { error: result.error } : { selectedPaymentMethod: 'card' };
  }
}

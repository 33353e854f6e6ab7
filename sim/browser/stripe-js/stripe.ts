// The Stripe object the shim returns from `Stripe(publishableKey, options)`: the subset of Stripe.js's
// payment API that the kit and merchants use, against the simulator's /v1 API with the publishable key.
import { ApiClient, intentIdFromSecret, type StripeJsError } from '../shared/api.ts';
import { resolveSimLocale } from '../shared/messages.ts';
import { ShimElement, ShimElements, checkElementsOptions, type ElementsOptions, type ShimContext } from './elements.ts';
import { IntegrationError, clientIntent, clientPaymentIntent, clientSetupIntent, errorFromIntent, localiseError, localiseIntent, withClientIntent } from './errors.ts';
import { showChallenge } from './modal.ts';

type PI = Record<string, unknown> & { id: string; object?: string; status: string; client_secret?: string; next_action?: Record<string, unknown> | null };
type IntentResult = { paymentIntent: Record<string, unknown>; error?: undefined } | { error: StripeJsError; paymentIntent?: undefined };
type SetupResult = { setupIntent: Record<string, unknown>; error?: undefined } | { error: StripeJsError; setupIntent?: undefined };
/** What the confirm flows pass around: the intent (either kind) or an error. */
type AnyResult = { intent: PI; error?: undefined } | { error: StripeJsError; intent?: undefined };

type IntentKind = 'payment' | 'setup';
const FINAL_OK = new Set(['succeeded', 'processing', 'requires_capture']);
const KIND_NAME: Record<IntentKind, string> = { payment: 'PaymentIntent', setup: 'SetupIntent' };

function kindOf(clientSecret: string): IntentKind {
  return clientSecret.startsWith('seti_') ? 'setup' : 'payment';
}

function intentPath(clientSecret: string): string {
  const id = intentIdFromSecret(clientSecret)!;
  return `/v1/${kindOf(clientSecret) === 'setup' ? 'setup_intents' : 'payment_intents'}/${encodeURIComponent(id)}`;
}

/** An option that holds a client secret (`elements({clientSecret})`, `confirmPayment({clientSecret})`). */
function checkClientSecret(method: string, clientSecret: unknown, kind?: IntentKind): string {
  if (typeof clientSecret !== 'string' || !intentIdFromSecret(clientSecret)) {
    throw new IntegrationError(
      `Invalid value for ${method}: clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
    );
  }
  if (kind && kindOf(clientSecret) !== kind) {
    throw new IntegrationError(`Invalid value for ${method}: clientSecret should be a ${KIND_NAME[kind]} client secret. You specified: a ${KIND_NAME[kindOf(clientSecret)]} client secret.`);
  }
  return clientSecret;
}

/** The positional intent secret of `confirmCardPayment(secret)`, `retrievePaymentIntent(secret)` ..., worded as Stripe.js words it. */
function checkIntentSecret(method: string, clientSecret: unknown, kind: IntentKind): string {
  if (typeof clientSecret !== 'string' || !intentIdFromSecret(clientSecret)) {
    throw new IntegrationError(
      `Invalid value for ${method} intent secret: value should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
    );
  }
  if (kindOf(clientSecret) !== kind) {
    throw new IntegrationError(`Invalid value for ${method} intent secret: value should be a ${KIND_NAME[kind]} client secret. You specified: a ${KIND_NAME[kindOf(clientSecret)]} client secret.`);
  }
  return clientSecret;
}

/** The `Stripe(key, options)` options Stripe.js knows; others are warned about, as Stripe.js does. */
const STRIPE_OPTIONS = ['locale', 'stripeAccount', 'apiVersion', 'betas', 'developerTools'];

export interface StripeOptions {
  locale?: string;
  stripeAccount?: string;
  apiVersion?: string;
  betas?: string[];
  developerTools?: Record<string, unknown>;
}

export class ShimStripe {
  private readonly ctx: ShimContext;
  private readonly api: ApiClient;
  private readonly wrappers: Record<string, unknown>[] = [];
  /** One confirmation per client secret at a time, as Stripe.js serialises them. */
  private readonly inFlight = new Map<string, Promise<AnyResult>>();

  constructor(publishableKey: string, options: StripeOptions, apiBase: string) {
    for (const key of Object.keys(options)) {
      if (!STRIPE_OPTIONS.includes(key)) {
        console.warn(`Unrecognized Stripe() parameter: ${key} is not a recognized parameter. This may cause issues with your integration in the future.`);
      }
    }
    if (options.apiVersion !== undefined && typeof options.apiVersion !== 'string') {
      throw new IntegrationError(`Invalid value for Stripe(): apiVersion should be a string. You specified: ${String(options.apiVersion)}.`);
    }
    this.ctx = {
      publishableKey,
      apiBase,
      simOrigin: new URL(apiBase).origin,
      locale: options.locale ?? 'auto',
      stripeAccount: options.stripeAccount,
      apiVersion: options.apiVersion,
    };
    this.api = new ApiClient(apiBase, publishableKey, options.locale, options.stripeAccount, options.apiVersion);
  }

  _registerWrapper(wrapper: Record<string, unknown>): void {
    this.wrappers.push(wrapper);
  }

  registerAppInfo(info: Record<string, unknown>): void {
    this.wrappers.push(info);
  }

  elements(options: ElementsOptions = {}): ShimElements {
    if (options.clientSecret !== undefined) checkClientSecret('elements()', options.clientSecret);
    if (options.clientSecret && options.mode) {
      throw new IntegrationError('elements(): clientSecret and mode cannot both be set. Pass a clientSecret, or mode, amount and currency.');
    }
    if (options.mode && !['payment', 'setup', 'subscription'].includes(options.mode)) {
      throw new IntegrationError(`Invalid value for elements(): mode should be one of the following strings: payment, setup, subscription. You specified: ${options.mode}.`);
    }
    if (options.mode && options.mode !== 'setup' && (typeof options.amount !== 'number' || typeof options.currency !== 'string')) {
      throw new IntegrationError(`elements(): amount and currency are required when mode is ${options.mode}.`);
    }
    checkElementsOptions(options, 'elements()');
    return new ShimElements(this.ctx, options);
  }

  private pageLocale(elements?: ShimElements) {
    const requested = elements?.locale() ?? this.ctx.locale;
    return resolveSimLocale(requested, [document.documentElement.lang, ...navigator.languages].filter(Boolean));
  }

  async retrievePaymentIntent(clientSecret: string): Promise<IntentResult> {
    checkIntentSecret('stripe.retrievePaymentIntent', clientSecret, 'payment');
    const res = await this.retrieveRaw(clientSecret);
    return res.ok ? { paymentIntent: localiseIntent(clientPaymentIntent(res.data), this.pageLocale()) } : { error: res.error };
  }

  async retrieveSetupIntent(clientSecret: string): Promise<SetupResult> {
    checkIntentSecret('stripe.retrieveSetupIntent', clientSecret, 'setup');
    const res = await this.retrieveRaw(clientSecret);
    return res.ok ? { setupIntent: localiseIntent(clientSetupIntent(res.data), this.pageLocale()) } : { error: res.error };
  }

  private retrieveRaw(clientSecret: string) {
    return this.api.request<PI>('GET', intentPath(clientSecret), { client_secret: clientSecret });
  }

  async confirmPayment(options: ConfirmOptions): Promise<IntentResult> {
    return toPaymentResult(await this.confirmWithElements('stripe.confirmPayment()', 'payment', options));
  }

  async confirmSetup(options: ConfirmOptions): Promise<SetupResult> {
    return toSetupResult(await this.confirmWithElements('stripe.confirmSetup()', 'setup', options));
  }

  /** `confirmPayment` and `confirmSetup`: the Payment Element's data (or an existing PaymentMethod) and the intent's next actions. */
  private async confirmWithElements(method: string, kind: IntentKind, options: ConfirmOptions): Promise<AnyResult> {
    if (!options || typeof options !== 'object') throw new IntegrationError(`${method}: expected an options object.`);
    const { elements, confirmParams = {} } = options;
    if (!elements && options.clientSecret === undefined) {
      throw new IntegrationError(`${method}: expected either \`elements\` or \`clientSecret\`, but got neither.`);
    }
    const redirect = options.redirect ?? 'always';
    if (redirect !== 'always' && redirect !== 'if_required') {
      throw new IntegrationError(`Invalid value for ${method}: redirect should be one of always, if_required. You specified: ${String(redirect)}.`);
    }
    const returnUrl = confirmParams.return_url as string | undefined;
    if (redirect === 'always' && !returnUrl) {
      throw new IntegrationError(`${method}: the \`confirmParams.return_url\` argument is required unless passing \`redirect: 'if_required'\``);
    }
    if (returnUrl !== undefined) {
      try {
        new URL(returnUrl);
      } catch {
        throw new IntegrationError(`Invalid value for ${method}: confirmParams.return_url should be a valid URL. You specified: ${returnUrl}.`);
      }
    }
    if (elements && !(elements instanceof ShimElements)) {
      throw new IntegrationError(`Invalid value for ${method}: elements should be an Elements group created with stripe.elements().`);
    }
    if (elements && options.clientSecret === undefined && !elements.clientSecret) {
      throw new IntegrationError(`You must pass in a clientSecret when calling ${method}.`);
    }
    const clientSecret = checkClientSecret(method, options.clientSecret ?? elements?.clientSecret, kind);
    // Only the Payment Element confirms through confirmPayment/confirmSetup (a Card Element uses confirmCardPayment/Setup).
    const element = elements?.getElement('payment') ?? null;
    if (elements && (!element || !element.mounted)) {
      const others = elements.getElement('card') ? ' It looks like you have other Elements on the page.' : '';
      throw new IntegrationError(`Invalid value for ${method}: elements should have a mounted Payment Element or Express Checkout Element.${others}`);
    }
    if (elements && elements.options.mode && !elements.submitted) {
      throw new IntegrationError(
        `elements.submit() must be called before ${method}. Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred`,
      );
    }
    return this.serialise(clientSecret, async () => {
      const params: Record<string, unknown> = { ...confirmParams };
      // Stripe.js asks for actions it can handle in-page unless it must redirect.
      if (redirect === 'if_required') params.use_stripe_sdk = 'true';
      const result = element ? await this.confirmInFrame(element, clientSecret, params) : await this.confirmRaw(clientSecret, params);
      return this.afterConfirm(result, clientSecret, { redirect, returnUrl, handleActions: true, elements });
    });
  }

  async confirmCardPayment(clientSecret: string, data: Record<string, unknown> = {}, options: { handleActions?: boolean } = {}): Promise<IntentResult> {
    checkIntentSecret('stripe.confirmCardPayment', clientSecret, 'payment');
    return toPaymentResult(await this.confirmCard('confirmCardPayment', clientSecret, data, options));
  }

  async confirmCardSetup(clientSecret: string, data: Record<string, unknown> = {}, options: { handleActions?: boolean } = {}): Promise<SetupResult> {
    checkIntentSecret('stripe.confirmCardSetup', clientSecret, 'setup');
    return toSetupResult(await this.confirmCard('confirmCardSetup', clientSecret, data, options));
  }

  /** `confirmCardPayment` / `confirmCardSetup`: `{payment_method: {card: element, billing_details}}` or `{payment_method: 'pm_...'}`. */
  private confirmCard(method: string, clientSecret: string, data: Record<string, unknown>, options: { handleActions?: boolean }): Promise<AnyResult> {
    const handleActions = options?.handleActions !== false;
    const { payment_method: pm, ...rest } = data ?? {};
    let element: ShimElement | null = null;
    const params: Record<string, unknown> = { ...rest, use_stripe_sdk: 'true' };
    if (pm && typeof pm === 'object') {
      const { card, ...pmRest } = pm as { card?: unknown } & Record<string, unknown>;
      if (!(card instanceof ShimElement)) {
        throw new IntegrationError(`Invalid value for ${method}: payment_method.card should be a card Element or Payment Element.`);
      }
      if (!card.mounted) throw new IntegrationError(`${method}: the card Element must be mounted.`);
      element = card;
      params.payment_method_data = pmRest;
    } else if (typeof pm === 'string') {
      params.payment_method = pm;
    } else if (pm !== undefined) {
      throw new IntegrationError(`Invalid value for ${method}: payment_method should be an object or a PaymentMethod ID. You specified: ${String(pm)}.`);
    }
    return this.serialise(clientSecret, async () => {
      const result = element ? await this.confirmInFrame(element, clientSecret, params) : await this.confirmRaw(clientSecret, params);
      return this.afterConfirm(result, clientSecret, { redirect: 'if_required', returnUrl: undefined, handleActions });
    });
  }

  private async confirmInFrame(element: ShimElement, clientSecret: string, params: Record<string, unknown>): Promise<AnyResult> {
    const r = (await element.request({ type: 'confirm-payment', clientSecret, params })) as {
      paymentIntent?: PI;
      setupIntent?: PI;
      error?: StripeJsError;
    };
    if (r.error) return { error: r.error };
    return { intent: (r.paymentIntent ?? r.setupIntent)! };
  }

  private async confirmRaw(clientSecret: string, params: Record<string, unknown>): Promise<AnyResult> {
    const res = await this.api.request<PI>('POST', `${intentPath(clientSecret)}/confirm`, { ...params, client_secret: clientSecret });
    return res.ok ? { intent: res.data } : { error: res.error };
  }

  async handleNextAction(options: { clientSecret: string }): Promise<IntentResult | SetupResult> {
    const clientSecret = checkClientSecret('stripe.handleNextAction()', options?.clientSecret);
    const res = await this.retrieveRaw(clientSecret);
    if (!res.ok) return { error: res.error };
    if (res.data.status !== 'requires_action') {
      throw new IntegrationError(
        `handleNextAction: The ${KIND_NAME[kindOf(clientSecret)]} supplied is not in the requires_action state.`,
      );
    }
    const result = await this.afterConfirm({ intent: res.data }, clientSecret, { redirect: 'if_required', returnUrl: undefined, handleActions: true });
    return kindOf(clientSecret) === 'setup' ? toSetupResult(result) : toPaymentResult(result);
  }

  async handleCardAction(clientSecret: string): Promise<IntentResult> {
    checkIntentSecret('stripe.handleCardAction', clientSecret, 'payment');
    return (await this.handleNextAction({ clientSecret })) as IntentResult;
  }

  async createPaymentMethod(options: Record<string, unknown>): Promise<{ paymentMethod?: Record<string, unknown>; error?: StripeJsError }> {
    if (!options || typeof options !== 'object') throw new IntegrationError('stripe.createPaymentMethod(): expected an options object.');
    let element: ShimElement | null;
    let params: Record<string, unknown>;
    if (options.elements instanceof ShimElements) {
      const elements = options.elements;
      if (elements.options.mode && !elements.submitted) {
        throw new IntegrationError(
          'elements.submit() must be called before createPaymentMethod(). Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred',
        );
      }
      element = elements.getElement('payment') ?? elements.getElement('card');
      params = { ...((options.params as Record<string, unknown> | undefined) ?? {}) };
    } else if (options.type === 'card' && options.card instanceof ShimElement) {
      element = options.card;
      const { type: _type, card: _card, ...rest } = options;
      params = rest;
    } else {
      throw new IntegrationError('stripe.createPaymentMethod(): pass {elements, params} or {type: "card", card: cardElement}.');
    }
    if (!element || !element.mounted) throw new IntegrationError('stripe.createPaymentMethod(): the Element must be mounted.');
    return (await element.request({ type: 'create-payment-method', params })) as { paymentMethod?: Record<string, unknown>; error?: StripeJsError };
  }

  /**
   * `stripe.createConfirmationToken({elements, params})` (Stripe's "finalize payments on the server"): after
   * `elements.submit()`, the card iframe makes the PaymentMethod (with `params.payment_method_data` merged into what it
   * collected), then the ConfirmationToken is made from it with the publishable key (`POST /v1/confirmation_tokens`),
   * carrying `return_url`, `shipping`, `metadata` and the group's `setupFutureUsage`. The card never reaches this page.
   */
  async createConfirmationToken(options: CreateConfirmationTokenOptions): Promise<{ confirmationToken: Record<string, unknown>; error?: undefined } | { error: StripeJsError; confirmationToken?: undefined }> {
    const method = 'stripe.createConfirmationToken()';
    if (!options || typeof options !== 'object') {
      throw new IntegrationError(`Invalid value for ${method}: options should be an object. You specified: ${String(options)}.`);
    }
    const { elements, params = {} } = options;
    if (elements === undefined) throw new IntegrationError(`Invalid value for ${method}: elements is required.`);
    if (!(elements instanceof ShimElements)) {
      throw new IntegrationError(`Invalid value for ${method}: elements should be an Elements group created with stripe.elements().`);
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) {
      throw new IntegrationError(`Invalid value for ${method}: params should be an object. You specified: ${String(params)}.`);
    }
    const element = elements.getElement('payment');
    if (!element || !element.mounted) {
      throw new IntegrationError(`Invalid value for ${method}: elements should have a mounted Payment Element or Express Checkout Element.`);
    }
    if (!elements.submitted) {
      throw new IntegrationError(
        `elements.submit() must be called before ${method}. Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work. Integration guide: https://stripe.com/docs/payments/accept-a-payment-deferred`,
      );
    }
    const { payment_method_data: pmd, ...rest } = params as Record<string, unknown>;
    if (pmd !== undefined && (pmd === null || typeof pmd !== 'object' || Array.isArray(pmd))) {
      throw new IntegrationError(`Invalid value for ${method}: params.payment_method_data should be an object. You specified: ${String(pmd)}.`);
    }
    if (rest.return_url !== undefined && rest.return_url !== null) {
      try {
        new URL(String(rest.return_url));
      } catch {
        throw new IntegrationError(`Invalid value for ${method}: params.return_url should be a valid URL. You specified: ${String(rest.return_url)}.`);
      }
    }
    const locale = this.pageLocale(elements);
    const made = (await element.request({ type: 'create-payment-method', params: { ...((pmd as Record<string, unknown> | undefined) ?? {}) } })) as {
      paymentMethod?: { id: string };
      error?: StripeJsError;
    };
    if (made.error || !made.paymentMethod) return { error: localiseError(made.error ?? { type: 'api_error', message: 'No PaymentMethod was created.' }, locale) };
    const body: Record<string, unknown> = { ...rest, payment_method: made.paymentMethod.id };
    const sfu = elements.options.setupFutureUsage;
    if (body.setup_future_usage === undefined && (sfu === 'off_session' || sfu === 'on_session')) body.setup_future_usage = sfu;
    const res = await this.api.request<Record<string, unknown>>('POST', '/v1/confirmation_tokens', body);
    return res.ok ? { confirmationToken: res.data } : { error: localiseError(res.error, locale) };
  }

  /**
   * `stripe.createToken(cardElement, data?)` (legacy card tokens for `charges.create({source})` and customer sources):
   * the card iframe posts the card with `data` (name, address_*, currency) to `/v1/tokens`. Connect tokens
   * (`createToken('account' | 'person' | 'bank_account' | 'pii', data)`) carry no card and go from the page.
   */
  async createToken(tokenType: unknown, data?: unknown): Promise<{ token: Record<string, unknown>; error?: undefined } | { error: StripeJsError; token?: undefined }> {
    if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new IntegrationError(`Invalid value for createToken: data should be an object. You specified: ${String(data)}.`);
    }
    const given = (data ?? {}) as Record<string, unknown>;
    if (tokenType instanceof ShimElement) {
      if (tokenType.elementType !== 'card') {
        throw new IntegrationError(
          `Invalid value for createToken: the ${tokenType.elementType} Element cannot create tokens. Use a card Element, or stripe.createPaymentMethod / stripe.createConfirmationToken with the Payment Element.`,
        );
      }
      if (!tokenType.mounted) {
        throw new IntegrationError('We could not retrieve data from the specified Element. Please make sure the Element you are attempting to use is still mounted.');
      }
      const r = (await tokenType.request({ type: 'create-token', data: given })) as { token?: Record<string, unknown>; error?: StripeJsError };
      if (r.error || !r.token) return { error: localiseError(r.error ?? { type: 'api_error', message: 'No token was created.' }, this.pageLocale(tokenType.group)) };
      return { token: r.token };
    }
    if (typeof tokenType === 'string' && ['account', 'person', 'bank_account', 'pii'].includes(tokenType)) {
      if (data === undefined || data === null) throw new IntegrationError(`Invalid value for createToken: data is required for ${tokenType} tokens.`);
      const res = await this.api.request<Record<string, unknown>>('POST', '/v1/tokens', { [tokenType]: given });
      return res.ok ? { token: res.data } : { error: localiseError(res.error, this.pageLocale()) };
    }
    if (tokenType === 'cvc_update') {
      throw new IntegrationError('createToken(\'cvc_update\') needs a cardCvc Element, which the Stripe simulator does not offer.');
    }
    throw new IntegrationError(
      `Invalid value for createToken: tokenType should be a card Element or one of account, bank_account, person, pii. You specified: ${typeof tokenType === 'string' ? tokenType : typeof tokenType}.`,
    );
  }

  private serialise(clientSecret: string, run: () => Promise<AnyResult>): Promise<AnyResult> {
    const running = this.inFlight.get(clientSecret);
    if (running) {
      return Promise.resolve({
        error: {
          type: 'invalid_request_error',
          code: `${kindOf(clientSecret)}_intent_unexpected_state`,
          message: `A confirmation is already in progress for this ${KIND_NAME[kindOf(clientSecret)]}.`,
        },
      });
    }
    const p = run().finally(() => this.inFlight.delete(clientSecret));
    this.inFlight.set(clientSecret, p);
    return p;
  }

  /** Every confirmation's result, with card errors in the page's Stripe locale (as Stripe.js returns them). */
  private async afterConfirm(result: AnyResult, clientSecret: string, opts: SettleOptions): Promise<AnyResult> {
    const outcome = await this.settleConfirmation(result, clientSecret, opts);
    return outcome.error ? { error: localiseError(outcome.error, this.pageLocale(opts.elements)) } : outcome;
  }

  private async settleConfirmation(result: AnyResult, clientSecret: string, opts: SettleOptions): Promise<AnyResult> {
    if (result.error) return { error: withClientIntent(result.error) };
    const kind = kindOf(clientSecret);
    let intent = result.intent;
    if (intent.status === 'requires_action' && opts.handleActions) {
      const action = intent.next_action ?? {};
      const redirectUrl = (action.redirect_to_url as { url?: string } | undefined)?.url;
      if (opts.redirect === 'always' && redirectUrl) {
        window.location.assign(redirectUrl);
        return new Promise<AnyResult>(() => {});
      }
      const sdk = action.use_stripe_sdk as { stripe_js?: string; url?: string } | undefined;
      const challenge = sdk?.stripe_js ?? sdk?.url ?? redirectUrl;
      if (!challenge) {
        return {
          error: {
            type: 'invalid_request_error',
            code: `${kind}_intent_unexpected_state`,
            message: `Unsupported next_action for this ${KIND_NAME[kind]}.`,
            [`${kind}_intent`]: clientIntent(intent),
          },
        };
      }
      const locale = this.pageLocale(opts.elements);
      const url = new URL(challenge, this.ctx.apiBase);
      if (url.origin !== this.ctx.simOrigin) {
        return { error: { type: 'api_error', message: 'Refusing to open an authentication page outside the payment provider.' } };
      }
      url.searchParams.set('parent_origin', location.origin);
      url.searchParams.set('locale', locale);
      const outcome = await showChallenge(url.toString(), this.ctx.simOrigin, locale);
      if (outcome.outcome === 'canceled') await this.failChallenge(url, clientSecret);
      const after = await this.retrieveRaw(clientSecret);
      if (!after.ok) return { error: after.error };
      intent = after.data;
      if (intent.status === 'requires_action') {
        return {
          error: {
            type: 'invalid_request_error',
            code: `${kind}_intent_authentication_failure`,
            message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
            [`${kind}_intent`]: clientIntent(intent),
          },
        };
      }
    }
    const lastError = kind === 'setup' ? intent.last_setup_error : intent.last_payment_error;
    if (intent.status === 'requires_payment_method' && lastError) {
      return { error: errorFromIntent(intent) };
    }
    if (opts.redirect === 'always' && opts.returnUrl && (FINAL_OK.has(intent.status) || intent.status === 'requires_payment_method')) {
      const url = new URL(opts.returnUrl);
      url.searchParams.set(`${kind}_intent`, intent.id);
      url.searchParams.set(`${kind}_intent_client_secret`, clientSecret);
      url.searchParams.set('redirect_status', FINAL_OK.has(intent.status) ? 'succeeded' : 'failed');
      window.location.assign(url.toString());
      return new Promise<AnyResult>(() => {});
    }
    return { intent: clientIntent(intent) as PI };
  }

  /**
   * Escape or Cancel in the 3DS dialog counts as a failed authentication, as on Stripe: the shim answers the
   * challenge with `outcome=fail` (the same form post as the page's "Fail authentication" button).
   */
  private async failChallenge(challengeUrl: URL, _clientSecret: string): Promise<void> {
    // As the lightbox's own form does: no redirect to the merchant's return_url (which a no-cors fetch would
    // follow in the background, client secret in its query) even for an intent confirmed with one.
    const url = new URL(challengeUrl);
    url.searchParams.set('lightbox', '1');
    try {
      await fetch(url.toString(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'outcome=fail',
        credentials: 'omit',
        mode: 'no-cors',
      });
    } catch {
      // The intent stays in requires_action; the caller reports an authentication failure anyway.
    }
  }
}

interface ConfirmOptions {
  elements?: ShimElements;
  clientSecret?: string;
  confirmParams?: Record<string, unknown>;
  redirect?: 'always' | 'if_required';
}

interface CreateConfirmationTokenOptions {
  elements?: ShimElements;
  params?: Record<string, unknown>;
}

interface SettleOptions {
  redirect: 'always' | 'if_required';
  returnUrl: string | undefined;
  handleActions: boolean;
  elements?: ShimElements;
}

function toPaymentResult(r: AnyResult): IntentResult {
  return r.error ? { error: r.error } : { paymentIntent: r.intent };
}

function toSetupResult(r: AnyResult): SetupResult {
  return r.error ? { error: r.error } : { setupIntent: r.intent };
}

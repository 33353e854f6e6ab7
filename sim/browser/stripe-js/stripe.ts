// The Stripe object the shim returns from `Stripe(publishableKey, options)`: the subset of Stripe.js's
// payment API that the kit and merchants use, against the simulator's /v1 API with the publishable key.
import { ApiClient, intentIdFromSecret, type StripeJsError } from '../shared/api.ts';
import { resolveSimLocale } from '../shared/messages.ts';
import { ShimElement, ShimElements, checkAppearance, type ElementsOptions, type ShimContext } from './elements.ts';
import { IntegrationError, clientPaymentIntent, errorFromIntent, localiseError, localiseIntent, withClientIntent } from './errors.ts';
import { showChallenge } from './modal.ts';

type PI = Record<string, unknown> & { id: string; status: string; client_secret?: string; next_action?: Record<string, unknown> | null };
type IntentResult = { paymentIntent: Record<string, unknown>; error?: undefined } | { error: StripeJsError; paymentIntent?: undefined };

const FINAL_OK = new Set(['succeeded', 'processing', 'requires_capture']);

function checkClientSecret(method: string, clientSecret: unknown): string {
  if (typeof clientSecret !== 'string' || !intentIdFromSecret(clientSecret)) {
    throw new IntegrationError(
      `Invalid value for ${method}: clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
    );
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
  private readonly inFlight = new Map<string, Promise<IntentResult>>();

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
      throw new IntegrationError(`Invalid value for elements(): mode should be one of payment, setup, subscription. You specified: ${options.mode}.`);
    }
    if (options.mode && options.mode !== 'setup' && (typeof options.amount !== 'number' || typeof options.currency !== 'string')) {
      throw new IntegrationError(`elements(): amount and currency are required when mode is ${options.mode}.`);
    }
    checkAppearance(options.appearance);
    return new ShimElements(this.ctx, options);
  }

  private pageLocale(elements?: ShimElements) {
    const requested = elements?.locale() ?? this.ctx.locale;
    return resolveSimLocale(requested, [document.documentElement.lang, ...navigator.languages].filter(Boolean));
  }

  async retrievePaymentIntent(clientSecret: string): Promise<IntentResult> {
    checkClientSecret('stripe.retrievePaymentIntent intent secret', clientSecret);
    const res = await this.retrieveRaw(clientSecret);
    return res.ok ? { paymentIntent: localiseIntent(clientPaymentIntent(res.data), this.pageLocale()) } : { error: res.error };
  }

  private retrieveRaw(clientSecret: string) {
    const id = intentIdFromSecret(clientSecret)!;
    return this.api.request<PI>('GET', `/v1/payment_intents/${encodeURIComponent(id)}`, { client_secret: clientSecret });
  }

  async confirmPayment(options: {
    elements?: ShimElements;
    clientSecret?: string;
    confirmParams?: Record<string, unknown>;
    redirect?: 'always' | 'if_required';
  }): Promise<IntentResult> {
    if (!options || typeof options !== 'object') throw new IntegrationError('stripe.confirmPayment(): expected an options object.');
    const { elements, confirmParams = {} } = options;
    const redirect = options.redirect ?? 'always';
    if (redirect !== 'always' && redirect !== 'if_required') {
      throw new IntegrationError(`Invalid value for confirmPayment(): redirect should be one of always, if_required. You specified: ${String(redirect)}.`);
    }
    const returnUrl = confirmParams.return_url as string | undefined;
    if (redirect === 'always' && !returnUrl) {
      throw new IntegrationError('stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: \'if_required\'`');
    }
    if (returnUrl !== undefined) {
      try {
        new URL(returnUrl);
      } catch {
        throw new IntegrationError(`Invalid value for confirmPayment(): confirmParams.return_url should be a valid URL. You specified: ${returnUrl}.`);
      }
    }
    const clientSecret = checkClientSecret('stripe.confirmPayment()', options.clientSecret ?? elements?.clientSecret);
    if (elements && elements.options.mode && !elements.submitted) {
      throw new IntegrationError(
        'elements.submit() must be called before stripe.confirmPayment(). Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work.',
      );
    }
    const element = elements?.getElement('payment') ?? elements?.getElement('card') ?? null;
    if (elements && (!element || !element.mounted)) {
      throw new IntegrationError('stripe.confirmPayment(): the Payment Element must be mounted before confirming.');
    }
    return this.serialise(clientSecret, async () => {
      const params: Record<string, unknown> = { ...confirmParams };
      // Stripe.js asks for actions it can handle in-page unless it must redirect.
      if (redirect === 'if_required') params.use_stripe_sdk = 'true';
      let result: IntentResult;
      if (element) {
        result = (await element.request({ type: 'confirm-payment', clientSecret, params })) as IntentResult;
      } else {
        const res = await this.api.request<PI>('POST', `/v1/payment_intents/${encodeURIComponent(intentIdFromSecret(clientSecret)!)}/confirm`, {
          ...params,
          client_secret: clientSecret,
        });
        result = res.ok ? { paymentIntent: res.data } : { error: res.error };
      }
      return this.afterConfirm(result, clientSecret, { redirect, returnUrl, handleActions: true, elements });
    });
  }

  async confirmCardPayment(
    clientSecret: string,
    data: Record<string, unknown> = {},
    options: { handleActions?: boolean } = {},
  ): Promise<IntentResult> {
    checkClientSecret('stripe.confirmCardPayment intent secret', clientSecret);
    const handleActions = options.handleActions !== false;
    return this.serialise(clientSecret, async () => {
      const { payment_method: pm, ...rest } = data ?? {};
      const params: Record<string, unknown> = { ...rest, use_stripe_sdk: 'true' };
      let result: IntentResult;
      if (pm && typeof pm === 'object') {
        const { card, ...pmRest } = pm as { card?: unknown } & Record<string, unknown>;
        if (!(card instanceof ShimElement)) {
          throw new IntegrationError('Invalid value for confirmCardPayment: payment_method.card should be a card Element or Payment Element.');
        }
        if (!card.mounted) throw new IntegrationError('confirmCardPayment: the card Element must be mounted.');
        params.payment_method_data = pmRest;
        result = (await card.request({ type: 'confirm-payment', clientSecret, params })) as IntentResult;
      } else {
        if (typeof pm === 'string') params.payment_method = pm;
        const res = await this.api.request<PI>('POST', `/v1/payment_intents/${encodeURIComponent(intentIdFromSecret(clientSecret)!)}/confirm`, {
          ...params,
          client_secret: clientSecret,
        });
        result = res.ok ? { paymentIntent: res.data } : { error: res.error };
      }
      return this.afterConfirm(result, clientSecret, { redirect: 'if_required', returnUrl: undefined, handleActions });
    });
  }

  async handleNextAction(options: { clientSecret: string }): Promise<IntentResult> {
    const clientSecret = checkClientSecret('stripe.handleNextAction()', options?.clientSecret);
    const res = await this.retrieveRaw(clientSecret);
    if (!res.ok) return { error: res.error };
    if (res.data.status !== 'requires_action') {
      throw new IntegrationError(
        `handleNextAction: The PaymentIntent supplied is not in the requires_action state (status: ${res.data.status}).`,
      );
    }
    return this.afterConfirm({ paymentIntent: res.data }, clientSecret, { redirect: 'if_required', returnUrl: undefined, handleActions: true });
  }

  async handleCardAction(clientSecret: string): Promise<IntentResult> {
    return this.handleNextAction({ clientSecret });
  }

  async createPaymentMethod(options: Record<string, unknown>): Promise<{ paymentMethod?: Record<string, unknown>; error?: StripeJsError }> {
    if (!options || typeof options !== 'object') throw new IntegrationError('stripe.createPaymentMethod(): expected an options object.');
    let element: ShimElement | null;
    let params: Record<string, unknown>;
    if (options.elements instanceof ShimElements) {
      const elements = options.elements;
      if (elements.options.mode && !elements.submitted) {
        throw new IntegrationError('elements.submit() must be called before stripe.createPaymentMethod().');
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

  private serialise(clientSecret: string, run: () => Promise<IntentResult>): Promise<IntentResult> {
    const running = this.inFlight.get(clientSecret);
    if (running) {
      return Promise.resolve({
        error: {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message: 'A confirmation is already in progress for this PaymentIntent.',
        },
      });
    }
    const p = run().finally(() => this.inFlight.delete(clientSecret));
    this.inFlight.set(clientSecret, p);
    return p;
  }

  /** Every confirmation's result, with card errors in the page's Stripe locale (as Stripe.js returns them). */
  private async afterConfirm(
    result: IntentResult,
    clientSecret: string,
    opts: { redirect: 'always' | 'if_required'; returnUrl: string | undefined; handleActions: boolean; elements?: ShimElements },
  ): Promise<IntentResult> {
    const outcome = await this.settleConfirmation(result, clientSecret, opts);
    return outcome.error ? { error: localiseError(outcome.error, this.pageLocale(opts.elements)) } : outcome;
  }

  private async settleConfirmation(
    result: IntentResult,
    clientSecret: string,
    opts: { redirect: 'always' | 'if_required'; returnUrl: string | undefined; handleActions: boolean; elements?: ShimElements },
  ): Promise<IntentResult> {
    if (result.error) return { error: withClientIntent(result.error) };
    let pi = result.paymentIntent as PI;
    if (pi.status === 'requires_action' && opts.handleActions) {
      const action = pi.next_action ?? {};
      const redirectUrl = (action.redirect_to_url as { url?: string } | undefined)?.url;
      if (opts.redirect === 'always' && redirectUrl) {
        window.location.assign(redirectUrl);
        return new Promise<IntentResult>(() => {});
      }
      const sdk = action.use_stripe_sdk as { stripe_js?: string; url?: string } | undefined;
      const challenge = sdk?.stripe_js ?? sdk?.url ?? redirectUrl;
      if (!challenge) {
        return { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'Unsupported next_action for this PaymentIntent.', payment_intent: clientPaymentIntent(pi) } };
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
      pi = after.data;
      if (pi.status === 'requires_action') {
        return {
          error: {
            type: 'invalid_request_error',
            code: 'payment_intent_authentication_failure',
            message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
            payment_intent: clientPaymentIntent(pi),
          },
        };
      }
    }
    if (pi.status === 'requires_payment_method' && pi.last_payment_error) {
      return { error: errorFromIntent(pi) };
    }
    if (opts.redirect === 'always' && opts.returnUrl && (FINAL_OK.has(pi.status) || pi.status === 'requires_payment_method')) {
      const url = new URL(opts.returnUrl);
      url.searchParams.set('payment_intent', pi.id);
      url.searchParams.set('payment_intent_client_secret', clientSecret);
      url.searchParams.set('redirect_status', FINAL_OK.has(pi.status) ? 'succeeded' : 'failed');
      window.location.assign(url.toString());
      return new Promise<IntentResult>(() => {});
    }
    return { paymentIntent: clientPaymentIntent(pi) };
  }

  /**
   * Escape or Cancel in the 3DS dialog counts as a failed authentication, as on Stripe: the shim answers the
   * challenge with `outcome=fail` (the same form post as the page's "Fail authentication" button).
   */
  private async failChallenge(challengeUrl: URL, _clientSecret: string): Promise<void> {
    try {
      await fetch(challengeUrl.toString(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'outcome=fail',
        credentials: 'omit',
        mode: 'no-cors',
      });
    } catch {
      // The PaymentIntent stays in requires_action; the caller reports an authentication failure anyway.
    }
  }
}

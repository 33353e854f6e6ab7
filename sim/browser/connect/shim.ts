// The simulator's `window.StripeConnect`, served at `<simulator>/connect-js/v1.0/connect.js`. With it loaded,
// `@stripe/connect-js`'s `loadConnectAndInitialize({ publishableKey, fetchClientSecret, appearance })` works
// unchanged: connect-js only needs `window.StripeConnect.init` to be a function that returns an instance with
// `connect`, `update` and `logout`, and `stripe-connect-*` custom elements with `setConnector` and the
// `<method>InternalOnly` setters it forwards to (setOnExit, setOnStepChange, setCollectionOptions ...).
//
// `account-onboarding` renders an iframe on the simulator's origin (as Stripe's does). The client secret is
// handed to that frame by postMessage, never put in a URL; the frame reports steps, height and exit back.

import { ONBOARDING_FRAME_TITLE, pickOnboardingLocale } from './i18n.ts';

interface InitParams {
  publishableKey: string;
  fetchClientSecret: () => Promise<string>;
  appearance?: { variables?: Record<string, unknown>; overlays?: string };
  locale?: string;
  metaOptions?: { eagerClientSecretPromise?: Promise<string>; sdk?: boolean };
  fonts?: unknown[];
}

interface Connector {
  params: InitParams;
  origin: string;
  clientSecret(): Promise<string>;
  subscribe(fn: () => void): () => void;
}

interface Instance {
  connect: Connector;
  update(opts: { appearance?: InitParams['appearance']; locale?: string }): void;
  logout(): Promise<void>;
  create(tag: string): HTMLElement;
}

type StepChange = { step: string };
type LoadError = { error: { type: string; message?: string }; elementTagName: string };

/** The simulator's base URL: the script's URL without `/connect-js/v1.0/connect.js` (it may sit under a path). */
const scriptBase = (() => {
  const s = document.currentScript as HTMLScriptElement | null;
  try {
    const u = new URL(s?.src ?? location.href);
    return `${u.origin}${u.pathname.replace(/\/(connect-js\/)?v\d+\.\d+\/connect\.js$/, '').replace(/\/+$/, '')}`;
  } catch {
    return location.origin;
  }
})();

const scriptOrigin = (() => {
  const s = document.currentScript as HTMLScriptElement | null;
  try {
    return new URL(s?.src ?? location.href).origin;
  } catch {
    return location.origin;
  }
})();

class ConnectElement extends HTMLElement {
  protected connector: Connector | null = null;
  protected onLoadError: ((e: LoadError) => void) | null = null;
  protected onLoaderStart: ((e: { elementTagName: string }) => void) | null = null;

  setConnector(c: Connector): void {
    this.connector = c;
    if (this.isConnected) this.start();
  }

  setOnLoadErrorInternalOnly(fn: ((e: LoadError) => void) | undefined): void {
    this.onLoadError = fn ?? null;
  }

  setOnLoaderStartInternalOnly(fn: ((e: { elementTagName: string }) => void) | undefined): void {
    this.onLoaderStart = fn ?? null;
  }

  connectedCallback(): void {
    if (this.connector) this.start();
  }

  protected start(): void {
    /* overridden */
  }

  protected get tag(): string {
    return this.localName.replace(/^stripe-connect-/, '');
  }
}

class AccountOnboardingElement extends ConnectElement {
  private frame: HTMLIFrameElement | null = null;
  private onExit: (() => void) | null = null;
  private onStepChange: ((e: StepChange) => void) | null = null;
  private collectionOptions: { fields?: string; futureRequirements?: string } | null = null;
  private skipTos = false;
  private started = false;
  /** Whether the frame got `ck-connect-init` (its session was created with the options of that moment). */
  private initialised = false;
  private unsubscribe: (() => void) | null = null;
  private readonly onMessage = (ev: MessageEvent): void => this.handleMessage(ev);

  setOnExitInternalOnly(fn: (() => void) | undefined): void {
    this.onExit = fn ?? null;
  }

  setOnStepChangeInternalOnly(fn: ((e: StepChange) => void) | undefined): void {
    this.onStepChange = fn ?? null;
  }

  // connect-js calls these setters only once its instance resolved, i.e. right after `setConnector` started the
  // frame. Options set before the frame asked for its session are simply sent with it; only a change after that
  // reloads the frame (restarting earlier would abort the frame's first load for nothing).
  setCollectionOptionsInternalOnly(opts: { fields?: string; futureRequirements?: string } | undefined): void {
    const next = opts ?? null;
    const changed = JSON.stringify(next) !== JSON.stringify(this.collectionOptions);
    this.collectionOptions = next;
    if (changed && this.initialised) this.restart();
  }

  setSkipTermsOfServiceCollectionInternalOnly(skip: boolean | undefined): void {
    const changed = (skip === true) !== this.skipTos;
    this.skipTos = skip === true;
    if (changed && this.initialised) this.restart();
  }

  setFullTermsOfServiceUrlInternalOnly(): void {}

  setRecipientTermsOfServiceUrlInternalOnly(): void {}

  setPrivacyPolicyUrlInternalOnly(): void {}

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.frame?.remove();
    this.frame = null;
    this.started = false;
    this.initialised = false;
  }

  private restart(): void {
    this.disconnectedCallback();
    this.start();
  }

  protected override start(): void {
    if (this.started || !this.connector) return;
    this.started = true;
    this.onLoaderStart?.({ elementTagName: this.tag });
    const c = this.connector;
    const frame = document.createElement('iframe');
    frame.src = `${scriptBase}/connect/embedded/frame.html`;
    frame.title = ONBOARDING_FRAME_TITLE[pickOnboardingLocale(this.locale(c), null)];
    frame.setAttribute('allow', 'clipboard-write');
    frame.style.setProperty('border', '0');
    frame.style.setProperty('width', '100%');
    frame.style.setProperty('min-height', '420px');
    frame.style.setProperty('display', 'block');
    frame.style.setProperty('color-scheme', 'normal');
    this.frame = frame;
    window.addEventListener('message', this.onMessage);
    this.unsubscribe = c.subscribe(() => this.restart());
    this.append(frame);
  }

  /** connect-js's `locale`, else the page's language, else the browser's. */
  private locale(c: { params: InitParams }): string {
    return c.params.locale ?? document.documentElement.lang ?? navigator.language;
  }

  private handleMessage(ev: MessageEvent): void {
    const c = this.connector;
    if (!c || !this.frame || ev.source !== this.frame.contentWindow || ev.origin !== c.origin) return;
    const d = ev.data as { type?: string; step?: string; height?: number; error?: { type: string; message?: string } } | null;
    if (!d || typeof d.type !== 'string') return;
    switch (d.type) {
      case 'ck-connect-frame-ready': {
        const frame = this.frame;
        c.clientSecret().then(
          (secret) => {
            // A frame replaced meanwhile asks for its own session when it is ready.
            if (this.frame !== frame || !frame.contentWindow) return;
            this.initialised = true;
            frame.contentWindow.postMessage(
              {
                type: 'ck-connect-init',
                clientSecret: secret,
                publishableKey: c.params.publishableKey,
                locale: this.locale(c),
                appearance: c.params.appearance ?? null,
                collectionOptions: this.collectionOptions,
                skipTermsOfService: this.skipTos,
              },
              c.origin,
            );
          },
          (err: unknown) => this.onLoadError?.({ error: { type: 'authentication_error', message: err instanceof Error ? err.message : String(err) }, elementTagName: this.tag }),
        );
        break;
      }
      case 'ck-connect-step':
        if (typeof d.step === 'string') this.onStepChange?.({ step: d.step });
        break;
      case 'ck-connect-resize':
        if (typeof d.height === 'number' && d.height > 0 && d.height < 20000) this.frame.style.setProperty('height', `${Math.ceil(d.height) + 2}px`);
        break;
      case 'ck-connect-exit':
        this.onExit?.();
        break;
      case 'ck-connect-load-error':
        this.onLoadError?.({ error: { type: d.error?.type ?? 'api_error', message: d.error?.message }, elementTagName: this.tag });
        break;
    }
  }
}

function init(params: InitParams): Instance {
  if (!params || typeof params.fetchClientSecret !== 'function') throw new Error('StripeConnect.init needs fetchClientSecret, a function returning a Promise of an account session client secret.');
  if (typeof params.publishableKey !== 'string' || !params.publishableKey.startsWith('pk_')) throw new Error('StripeConnect.init needs a publishableKey (pk_test_...).');
  const listeners = new Set<() => void>();
  let eager: Promise<string> | undefined = params.metaOptions?.eagerClientSecretPromise;
  const connect: Connector = {
    params,
    origin: scriptOrigin,
    clientSecret() {
      const p = eager ?? params.fetchClientSecret();
      eager = undefined;
      return Promise.resolve(p).then((s) => {
        if (typeof s !== 'string' || !s.startsWith('accs_secret__')) throw new Error('fetchClientSecret must resolve to an account session client_secret (accs_secret__...).');
        return s;
      });
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  return {
    connect,
    update(opts) {
      if (opts.appearance) params.appearance = opts.appearance;
      if (opts.locale) params.locale = opts.locale;
      for (const fn of [...listeners]) fn();
    },
    logout() {
      for (const fn of [...listeners]) fn();
      return Promise.resolve();
    },
    create(tag: string) {
      const el = document.createElement(`stripe-connect-${tag}`) as ConnectElement;
      if (!el.setConnector) throw new Error(`Unsupported component: ${tag}`);
      el.setConnector(connect);
      return el;
    },
  };
}

if (!customElements.get('stripe-connect-account-onboarding')) customElements.define('stripe-connect-account-onboarding', AccountOnboardingElement);

const w = window as unknown as { StripeConnect?: Record<string, unknown> };
w.StripeConnect = Object.assign(w.StripeConnect ?? {}, { init, simulator: true });

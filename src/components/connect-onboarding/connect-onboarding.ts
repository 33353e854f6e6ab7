import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { StripeConnectInstance } from '@stripe/connect-js/pure';
import { loadConnectAndInitialize } from '@stripe/connect-js/dist/pure.esm.js';
import { CkElement } from '../../shared/ck-element.js';
import { emit } from '../../shared/events.js';
import { connectOnboardingMessages } from '../../shared/messages/connect-onboarding.js';
import { readThemeTokens } from '../../shared/tokens.js';
import { simulatorFor } from '../../stripe/loader.js';
import { connectOnboardingStyles } from './connect-onboarding.styles.js';
import {
  CkOnboardingCompleteEvent,
  CkOnboardingErrorEvent,
  CkOnboardingRedirectEvent,
  CkOnboardingStepEvent,
  type OnboardingAccountState,
} from './connect-onboarding-events.js';

type Msgs = typeof connectOnboardingMessages.en;

/** Where the element is: shown as custom states (`:state(complete)`) for styling. */
export type OnboardingStatus = 'idle' | 'loading' | 'ready' | 'redirecting' | 'checking' | 'incomplete' | 'complete' | 'error';

/** The query parameter the element adds to `return_url` / `refresh_url` in hosted mode. */
export const RETURN_PARAM = 'ck_onboarding';

const STORAGE_PREFIX = 'ck-connect-onboarding:';

/** Groups Stripe requirement names (`individual.dob.day`, `person_x.address.city` ...) into what a user understands. */
export function requirementGroup(requirement: string): keyof Msgs {
  const r = requirement.replace(/^(individual|representative|person_[A-Za-z0-9]+)\./, 'person.');
  if (r === 'business_type') return 'field_business_type';
  if (r.startsWith('person.dob')) return 'field_dob';
  if (r.startsWith('person.address')) return 'field_address';
  if (r.startsWith('person.id_number') || r.startsWith('person.ssn_last_4') || r.startsWith('person.verification')) return 'field_identity';
  if (r.startsWith('person.')) return 'field_person';
  if (r.startsWith('company.')) return 'field_company';
  if (r.startsWith('business_profile.')) return 'field_business_profile';
  if (r === 'external_account') return 'field_external_account';
  if (r.startsWith('tos_acceptance.')) return 'field_tos';
  return 'field_other';
}

/**
 * What the status line says for a step id from connect-js's `onStepChange`: the catalogue's label for every step
 * Stripe documents (and the simulator's finer steps), else a generic "step changed", never the raw id.
 */
export function stepMessage(m: Msgs, step: string): string {
  const label = (m as Record<string, unknown>)[`step_${step}`];
  return /^[a-z0-9_]+$/.test(step) && typeof label === 'string' ? m.stepNamed({ step: label }) : m.stepChanged;
}

const VERIFICATION_CODES = [
  'verification_failed_address_match',
  'verification_failed_keyed_identity',
  'verification_failed_id_number_match',
  'verification_failed_tax_id_match',
  'verification_failed_tax_id_not_issued',
  'invalid_dob_age_under_18',
  'invalid_url_denylisted',
  'invalid_url_website_inaccessible_geoblocked',
  'invalid_url_format',
] as const;

/**
 * What a `requirements.errors[]` entry says to the user, in the element's language: the catalogue's text for the
 * codes it knows; otherwise Stripe's `reason` (English) on an English page and a generic sentence on another.
 */
export function verificationReason(m: Msgs, e: { code: string; reason: string }, language: string): string {
  const known = (VERIFICATION_CODES as readonly string[]).includes(e.code) ? (e.code as (typeof VERIFICATION_CODES)[number]) : null;
  if (known) return m[known];
  return language === 'en' && e.reason ? e.reason : m.verification_failed_other;
}

/**
 * Light DOM of the outermost shadow host above `host`, with a `<slot name=X slot=X>` relay added to every host in
 * between, so a node slotted there is projected down to `host`'s own `<slot name=X>`.
 */
function relayChain(host: Element, slotName: string): { outer: Element; relays: HTMLSlotElement[] } {
  const relays: HTMLSlotElement[] = [];
  let outer = host;
  for (let root = outer.getRootNode(); root instanceof ShadowRoot; root = outer.getRootNode()) {
    const relay = document.createElement('slot');
    relay.name = slotName;
    relay.slot = slotName;
    outer.append(relay);
    relays.push(relay);
    outer = root.host;
  }
  return { outer, relays };
}

/**
 * Runs `load` (connect-js's `loadConnectAndInitialize`) so that the Connect.js script connect-js adds to `<head>`
 * comes from the simulator (`<simulator>/connect-js/v1.0/connect.js`) instead of Stripe.
 *
 * connect-js has no option for where Connect.js comes from: it adds its own `<script>` unless `window.StripeConnect`
 * or such a script is already in the page, and then warns "loadConnect was called but an existing Connect.js
 * script already exists". Loading the simulator's script first therefore always warned. Instead, while connect-js's
 * loader runs (synchronously, inside the call), the script element it appends is pointed at the simulator, so
 * Connect.js is fetched once, by connect-js itself, with no warning. connect-js loads Connect.js once per page and
 * reuses it for every later mount (no script is appended then). `onError` hears a failed load: connect-js remembers
 * it for the page, as with Stripe's own script, so only a reload recovers.
 */
function withSimulatorConnectJs<T>(origin: string, load: () => T, onError: (src: string) => void): T {
  const head = document.head;
  const own = Object.getOwnPropertyDescriptor(head, 'appendChild');
  const append = head.appendChild;
  head.appendChild = function <N extends Node>(this: HTMLHeadElement, node: N): N {
    if (node instanceof HTMLScriptElement && /\/v\d+\.\d+\/connect\.js$/.test(new URL(node.src, location.href).pathname)) {
      const src = `${origin}/connect-js/v1.0/connect.js`;
      node.src = src;
      node.addEventListener('error', () => onError(src), { once: true });
    }
    return append.call(this, node) as N;
  };
  try {
    return load();
  } finally {
    if (own) Object.defineProperty(head, 'appendChild', own);
    else delete (head as { appendChild?: unknown }).appendChild;
  }
}

/**
 * Onboards a platform's connected account (a seller, a landlord) so it can be paid: identity, address, bank
 * account and terms, with Stripe's own onboarding.
 *
 * - `mode="embedded"` (default) renders Stripe's embedded onboarding (`@stripe/connect-js`, account-onboarding)
 *   inside the page, with an account session fetched from your server's `session-endpoint`
 *   (POST `{account}` -> `{client_secret}`). Its iframe reports each step (`ck-onboarding-step`) and when the user
 *   exits; the element then reads the account from `status-endpoint` and fires `ck-onboarding-complete`.
 * - `mode="hosted"` asks your `link-endpoint` (POST `{account, refresh_url, return_url}` -> `{url}`) for an account
 *   link and sends the browser there. `return_url` and `refresh_url` are this page with `?ck_onboarding=return` /
 *   `refresh`: on return the element checks `details_submitted` and `charges_enabled` through `status-endpoint`
 *   and prompts to continue when something is missing; on refresh (a reused or expired link) it gets a new link.
 *
 * Progress lives on the account (what was saved is not asked again) and the last step is remembered for the tab,
 * so a reload resumes. Themed by the `--ck-*` tokens, which are handed to connect-js as `appearance`.
 *
 * With `simulator="http://127.0.0.1:12111"` (or `configure({ simulatorUrl })`) the simulator's `window.StripeConnect`
 * is what connect-js loads (once per page) instead of Stripe's Connect.js, and connect-js uses it unchanged.
 *
 * @summary Connect onboarding for a connected account, embedded or hosted.
 * @tag ck-connect-onboarding
 *
 * @slot - Nothing by default; in embedded mode the element adds connect-js's `stripe-connect-account-onboarding` with a unique `slot` name.
 *
 * @event {CkOnboardingStepEvent} ck-onboarding-step - Embedded: the onboarding shows another step: `detail` `{step, account}`.
 * @event {CkOnboardingCompleteEvent} ck-onboarding-complete - The flow ended (exit or return) and the account was read: `detail` `{account, complete}`.
 * @event {CkOnboardingRedirectEvent} ck-onboarding-redirect - Cancelable. Hosted: about to open the account link: `detail` `{url}`.
 * @event {CkOnboardingErrorEvent} ck-onboarding-error - An endpoint or connect-js failed: `detail` `{message, cause}`.
 *
 * @csspart base - The element's box.
 * @csspart onboarding - Where the embedded onboarding is projected.
 * @csspart message - The live region (loading, progress, outcome).
 * @csspart button - The start / continue / retry button.
 * @csspart due-list - The list of what is still needed.
 *
 * @cssprop [--ck-connect-onboarding-gap=calc(var(--ck-space) * 4)] - Space between the parts.
 * @cssprop [--ck-connect-onboarding-button-background=var(--ck-color-primary)] - Button background.
 * @cssprop [--ck-connect-onboarding-button-color=var(--ck-color-primary-contrast)] - Button text.
 * @cssprop [--ck-connect-onboarding-radius=var(--ck-radius)] - Corner radius of the button and panels.
 */
export class CkConnectOnboarding extends CkElement {
  static override styles = [CkElement.styles, connectOnboardingStyles];
  static override shadowRootOptions: ShadowRootInit = { ...CkElement.shadowRootOptions, delegatesFocus: true };

  /** `embedded` (connect-js in the page) or `hosted` (redirect through an account link). */
  @property({ reflect: true }) mode: 'embedded' | 'hosted' = 'embedded';

  /** The connected account's id (`acct_...`), sent to your endpoints. */
  @property() account = '';

  /** Stripe publishable key of the platform (embedded mode). */
  @property({ attribute: 'publishable-key' }) publishableKey = '';

  /** Embedded: your server's URL that creates an account session and answers `{client_secret}`. */
  @property({ attribute: 'session-endpoint' }) sessionEndpoint = '';

  /** Hosted: your server's URL that creates an account link and answers `{url}`. */
  @property({ attribute: 'link-endpoint' }) linkEndpoint = '';

  /** Your server's URL answering the account's state (`GET <url>?account=acct_...`): `{id, details_submitted, charges_enabled, payouts_enabled, requirements}`. */
  @property({ attribute: 'status-endpoint' }) statusEndpoint = '';

  /** `currently_due` (default) or `eventually_due`: what onboarding collects now. */
  @property({ attribute: 'collect' }) collect: 'currently_due' | 'eventually_due' = 'currently_due';

  /** Origin of a checkout-kit simulator to use instead of Stripe, e.g. `http://127.0.0.1:12111`. */
  @property() simulator = '';

  /**
   * Embedded: instead of `session-endpoint`, a function returning an account session's client secret (as in
   * connect-js's own `fetchClientSecret`), for apps that talk to their server their own way.
   */
  @property({ attribute: false }) fetchClientSecret?: () => Promise<string>;

  /** Instead of `status-endpoint`, a function returning the account's state. */
  @property({ attribute: false }) fetchAccount?: (account: string) => Promise<OnboardingAccountState>;

  /** Hosted: instead of `link-endpoint`, a function creating an account link for these URLs and returning `{url}`. */
  @property({ attribute: false }) createAccountLink?: (request: { account: string; return_url: string; refresh_url: string; collect: string }) => Promise<{ url: string }>;

  /** Extra headers for your endpoints (e.g. a CSRF token). */
  @property({ attribute: false }) endpointHeaders: Record<string, string> = {};

  /** Where the element is. */
  @state() status: OnboardingStatus = 'idle';

  /** The last onboarding step shown (embedded), remembered for this tab. */
  @state() step: string | null = null;

  /** The account's state as last read from `status-endpoint`. */
  @state() accountState: OnboardingAccountState | null = null;

  @state() private message = '';

  /** The connect-js instance in use (embedded mode, once loading started). */
  connectInstance: StripeConnectInstance | null = null;
  private onboardingEl: HTMLElement | null = null;
  private relays: HTMLSlotElement[] = [];
  private readonly slotName = `ck-connect-onboarding-${Math.random().toString(36).slice(2, 10)}`;
  private setupKey = '';
  private generation = 0;

  private get m(): Msgs {
    return this.i18n.messages(connectOnboardingMessages);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setupKey = '';
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const s of ['idle', 'loading', 'ready', 'redirecting', 'checking', 'incomplete', 'complete', 'error'] as const) {
      try {
        if (s === this.status) this.internals.states.add(s);
        else this.internals.states.delete(s);
      } catch {
        /* custom states unsupported */
      }
    }
    const key = [this.mode, this.account, this.publishableKey, this.sessionEndpoint, this.linkEndpoint, this.statusEndpoint, this.collect, this.simulator, this.i18n.locale, !!this.fetchClientSecret, !!this.fetchAccount].join('\n');
    if (key !== this.setupKey && this.isConnected) {
      this.setupKey = key;
      void this.setup();
    }
  }

  /** Starts over: re-reads the account and re-creates the onboarding (e.g. after an error). */
  async restart(): Promise<void> {
    this.setupKey = '';
    this.requestUpdate();
    await this.updateComplete;
  }

  /** Hosted: asks the link endpoint for a fresh account link and opens it. */
  async openHostedOnboarding(): Promise<void> {
    if (!this.linkEndpoint && !this.createAccountLink) return this.fail(this.m.errorMissingEndpoint({ attribute: 'link-endpoint' }));
    this.status = 'redirecting';
    this.message = this.m.redirecting;
    const here = new URL(location.href);
    here.searchParams.delete(RETURN_PARAM);
    const ret = new URL(here);
    ret.searchParams.set(RETURN_PARAM, 'return');
    const refresh = new URL(here);
    refresh.searchParams.set(RETURN_PARAM, 'refresh');
    try {
      const request = { account: this.account, return_url: ret.toString(), refresh_url: refresh.toString(), collect: this.collect };
      const body: Record<string, unknown> = this.createAccountLink ? await this.createAccountLink(request) : await this.post(this.linkEndpoint, request);
      const url = typeof body.url === 'string' ? body.url : '';
      if (!/^https?:\/\//.test(url)) throw new Error('the link endpoint did not answer {url}');
      if (emit(this, new CkOnboardingRedirectEvent({ url }))) location.assign(url);
    } catch (e) {
      this.fail(this.m.errorLoad({ reason: e instanceof Error ? e.message : String(e) }), e);
    }
  }

  /** Reads the account through `status-endpoint`; fires `ck-onboarding-complete`. */
  async checkAccount(): Promise<OnboardingAccountState | null> {
    if (!this.statusEndpoint && !this.fetchAccount) {
      this.fail(this.m.errorMissingEndpoint({ attribute: 'status-endpoint' }));
      return null;
    }
    this.status = 'checking';
    this.message = this.m.checking;
    try {
      let acct: OnboardingAccountState;
      if (this.fetchAccount) acct = await this.fetchAccount(this.account);
      else {
        const url = new URL(this.statusEndpoint, location.href);
        if (this.account) url.searchParams.set('account', this.account);
        const res = await fetch(url, { headers: { Accept: 'application/json', ...this.endpointHeaders }, credentials: 'same-origin' });
        if (!res.ok) throw new Error(this.m.errorServer({ status: res.status }));
        acct = (await res.json()) as OnboardingAccountState;
      }
      this.accountState = acct;
      const complete = !!acct.details_submitted && !!acct.charges_enabled;
      this.status = complete ? 'complete' : 'incomplete';
      this.message = complete ? this.m.complete : acct.details_submitted && !(acct.requirements?.currently_due?.length) ? this.m.completePending : this.m.incompleteTitle;
      if (complete) this.forgetStep();
      emit(this, new CkOnboardingCompleteEvent({ account: acct, complete }));
      return acct;
    } catch (e) {
      this.fail(this.m.errorLoad({ reason: e instanceof Error ? e.message : String(e) }), e);
      return null;
    }
  }

  private async setup(): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    if (!this.account) {
      this.status = 'idle';
      this.message = '';
      return;
    }
    this.step = this.rememberedStep();
    if (this.mode === 'hosted') {
      const param = new URL(location.href).searchParams.get(RETURN_PARAM);
      if (param) this.clearReturnParam();
      if (param === 'refresh') {
        this.message = this.m.refreshing;
        await this.openHostedOnboarding();
        return;
      }
      if (param === 'return' || this.statusEndpoint || this.fetchAccount) {
        await this.checkAccount();
        return;
      }
      this.status = 'ready';
      this.message = '';
      return;
    }
    await this.setupEmbedded(gen);
  }

  private async setupEmbedded(gen: number): Promise<void> {
    if (!this.publishableKey) return this.fail(this.m.errorMissingKey);
    if (!this.sessionEndpoint && !this.fetchClientSecret) return this.fail(this.m.errorMissingEndpoint({ attribute: 'session-endpoint' }));
    this.status = 'loading';
    this.message = this.step ? this.m.resumed : this.m.loading;
    try {
      const sim = simulatorFor(this.simulator);
      const init = () =>
        loadConnectAndInitialize({
          publishableKey: this.publishableKey,
          fetchClientSecret: () => this.clientSecret(),
          appearance: this.appearance(),
          locale: this.i18n.locale,
        });
      const instance = sim
        ? withSimulatorConnectJs(sim, init, (src) => {
            if (gen === this.generation) this.fail(this.m.errorLoad({ reason: `could not load ${src}` }));
          })
        : init();
      this.connectInstance = instance;
      const el = instance.create('account-onboarding');
      el.setCollectionOptions({ fields: this.collect, futureRequirements: 'omit' });
      el.setOnStepChange(({ step }: { step: string }) => {
        this.step = step;
        this.remember(step);
        if (this.status !== 'ready') this.status = 'ready';
        this.message = stepMessage(this.m, step);
        emit(this, new CkOnboardingStepEvent({ step, account: this.account || null }));
      });
      el.setOnExit(() => {
        void this.onExit();
      });
      (el as unknown as { setOnLoadError(fn: (e: { error: { type: string; message?: string } }) => void): void }).setOnLoadError(({ error }) => {
        this.fail(this.m.errorLoad({ reason: error.message ?? error.type }), error.type);
      });
      this.mountOnboarding(el);
    } catch (e) {
      if (gen === this.generation) this.fail(this.m.errorLoad({ reason: e instanceof Error ? e.message : String(e) }), e);
    }
  }

  private async onExit(): Promise<void> {
    this.teardown();
    if (this.statusEndpoint || this.fetchAccount) await this.checkAccount();
    else {
      this.status = 'complete';
      this.message = this.m.completePending;
    }
  }

  private async clientSecret(): Promise<string> {
    try {
      if (this.fetchClientSecret) return await this.fetchClientSecret();
      const body = await this.post(this.sessionEndpoint, { account: this.account });
      const secret = (body.client_secret ?? body.clientSecret) as unknown;
      if (typeof secret !== 'string') throw new Error('the session endpoint did not answer {client_secret}');
      return secret;
    } catch (e) {
      this.fail(this.m.errorLoad({ reason: e instanceof Error ? e.message : String(e) }), e);
      throw e;
    }
  }

  private async post(url: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(new URL(url, location.href), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...this.endpointHeaders },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(this.m.errorServer({ status: res.status }));
    return (await res.json()) as Record<string, unknown>;
  }

  /** The computed `--ck-*` tokens as connect-js `appearance.variables` (its iframe cannot read CSS variables). */
  appearance(): { variables: Record<string, string> } {
    const t = readThemeTokens(this);
    return {
      variables: {
        colorPrimary: t.colorPrimary,
        buttonPrimaryColorText: t.colorPrimaryContrast,
        colorBackground: t.colorBackground,
        colorText: t.colorText,
        colorSecondaryText: t.colorTextSecondary,
        colorDanger: t.colorDanger,
        colorBorder: t.colorBorderStrong,
        borderRadius: t.borderRadius,
        fontFamily: t.fontFamily,
      },
    };
  }

  /** Puts connect-js's element in the document's light DOM and projects it here (connect-js needs light DOM). */
  private mountOnboarding(el: HTMLElement): void {
    el.slot = this.slotName;
    const { outer, relays } = relayChain(this, this.slotName);
    this.relays = relays;
    outer.append(el);
    this.onboardingEl = el;
  }

  private teardown(): void {
    this.onboardingEl?.remove();
    this.onboardingEl = null;
    for (const r of this.relays) r.remove();
    this.relays = [];
    this.connectInstance = null;
  }

  private fail(message: string, cause?: unknown): void {
    this.status = 'error';
    this.message = message;
    emit(this, new CkOnboardingErrorEvent({ message, cause: cause === undefined ? undefined : cause instanceof Error ? cause.message : String(cause) }));
  }

  private storageKey(): string {
    return `${STORAGE_PREFIX}${this.account}`;
  }

  private rememberedStep(): string | null {
    try {
      return sessionStorage.getItem(this.storageKey());
    } catch {
      return null;
    }
  }

  private remember(step: string): void {
    try {
      sessionStorage.setItem(this.storageKey(), step);
    } catch {
      /* storage unavailable */
    }
  }

  private forgetStep(): void {
    try {
      sessionStorage.removeItem(this.storageKey());
    } catch {
      /* storage unavailable */
    }
  }

  private clearReturnParam(): void {
    const u = new URL(location.href);
    u.searchParams.delete(RETURN_PARAM);
    history.replaceState(history.state, '', u);
  }

  private dueList(): TemplateResult | typeof nothing {
    const req = this.accountState?.requirements;
    if (!req) return nothing;
    const groups = [...new Set((req.currently_due ?? []).map(requirementGroup))];
    const errors = req.errors ?? [];
    if (!groups.length && !errors.length) return nothing;
    return html`${groups.length
        ? html`<p>${this.m.incompleteBody}</p>
            <ul part="due-list" class="due">${groups.map((g) => html`<li>${this.m[g] as string}</li>`)}</ul>`
        : nothing}
      ${errors.length
        ? html`<p>${this.m.verificationIssues}</p>
            <ul part="due-list" class="due errors">${errors.map((e) => html`<li>${this.m.verificationIssue({ field: this.m[requirementGroup(e.requirement)] as string, reason: verificationReason(this.m, e, this.i18n.language) })}</li>`)}</ul>`
        : nothing}`;
  }

  override render(): TemplateResult {
    const m = this.m;
    const hostedButton =
      this.mode === 'hosted' && (this.status === 'ready' || this.status === 'incomplete')
        ? html`<button part="button" class="button" type="button" @click=${() => void this.openHostedOnboarding()}>
              ${this.status === 'incomplete' || this.accountState?.details_submitted === false && this.accountState !== null ? m.continue : m.start}
            </button>
            ${this.status === 'ready' ? html`<p class="hint">${m.startHint}</p>` : nothing}`
        : nothing;
    const embeddedContinue =
      this.mode === 'embedded' && this.status === 'incomplete'
        ? html`<button part="button" class="button" type="button" @click=${() => void this.restart()}>${m.continue}</button>`
        : nothing;
    return html`<section part="base" class="base" aria-label=${m.regionLabel} aria-busy=${this.status === 'loading' || this.status === 'checking' ? 'true' : 'false'}>
      <p part="message" class="message ${this.status}" role="status" aria-live="polite">${this.message}</p>
      ${this.status === 'incomplete' ? html`<div class="panel">${this.dueList()}</div>` : nothing}
      ${hostedButton} ${embeddedContinue}
      ${this.status === 'error'
        ? html`<button part="button" class="button secondary" type="button" @click=${() => void this.restart()}>${m.retry}</button>`
        : nothing}
      ${this.mode === 'embedded' ? html`<div part="onboarding" class="onboarding"><slot name=${this.slotName}></slot></div>` : nothing}
    </section>`;
  }
}

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { CkElement } from '../../shared/ck-element.js';
import { CkEvent, emit } from '../../shared/events.js';
import { terminalReaderMessages } from '../../shared/messages/terminal-reader.js';
import { formatAmount } from '../../shared/money.js';
import { terminalReaderStyles } from './terminal-reader.styles.js';
import {
  READER_TEST_CARDS,
  WAITING_FOR_CARD,
  type ReaderScreen,
  type ReaderTestCard,
  type ReaderTokenResponse,
} from './terminal-reader-types.js';

export * from './terminal-reader-types.js';

type Msgs = typeof terminalReaderMessages.en;

/** Detail of {@link CkTerminalScreenEvent}. */
export interface CkTerminalScreenDetail {
  /** The screen now shown. */
  screen: ReaderScreen;
}

/** `ck-terminal-screen`: the reader shows a new screen (from the live channel, or a `screen` set by the page). */
export class CkTerminalScreenEvent extends CkEvent<CkTerminalScreenDetail> {
  static readonly type = 'ck-terminal-screen';
  constructor(detail: CkTerminalScreenDetail) {
    super(CkTerminalScreenEvent.type, detail);
  }
}

/** Detail of {@link CkTerminalErrorEvent}. */
export interface CkTerminalErrorDetail {
  /** `token` (the reader could not be opened), `action` (the reader refused a customer action) or `stream`. */
  kind: 'token' | 'action' | 'stream';
  message: string;
}

/** `ck-terminal-error`: something went wrong talking to the reader; the element also shows it. */
export class CkTerminalErrorEvent extends CkEvent<CkTerminalErrorDetail> {
  static readonly type = 'ck-terminal-error';
  constructor(detail: CkTerminalErrorDetail) {
    super(CkTerminalErrorEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-terminal-screen': CkTerminalScreenEvent;
    'ck-terminal-error': CkTerminalErrorEvent;
  }
}

/**
 * The screen of a simulated Terminal reader, as its customer sees it, fed live by the checkout-kit simulator: idle
 * with the merchant's branding, the cart (through `<ck-cart>`), the tip choice, "tap, insert or swipe" with the
 * amount, processing, approved, declined with the reason, canceled, and the refund and save-card prompts. Below the
 * screen, a panel lets a person play the customer: pick a test card or type a test number and tap it, choose a tip,
 * cancel when the merchant allowed it.
 *
 * **Connecting without the secret key.** The element never sees an API key. Give it `token-endpoint`: a URL on the
 * merchant's backend that the element POSTs `{"reader": "tmr_..."}` to (same-origin credentials) and that answers
 * the simulator's reader token, which the backend obtained with its secret key from
 * `POST /_sim/terminal/readers/:id/client_token`. The token is scoped to one reader and short-lived; the element asks
 * for a new one when it expires. Alternatively set `token` and `simulator-url` directly, or set `screen` to render a
 * frame without any connection (stories, tests, a custom transport).
 *
 * Screen changes are announced in a polite live region; controls are native buttons, selects and inputs with
 * labels; the customer panel is a labelled group that can be hidden with `hide-controls`.
 *
 * Test card numbers typed in the panel go straight to the simulator's reader endpoint (they stand for a card held
 * against the reader): they are never form values and are cleared once presented. Use test numbers only.
 *
 * @summary A simulated card reader's customer screen, live, with controls to play the customer.
 * @tag ck-terminal-reader
 *
 * @event {CkTerminalScreenEvent} ck-terminal-screen - The reader shows a new screen: `detail` `{screen}`.
 * @event {CkTerminalErrorEvent} ck-terminal-error - A token, stream or customer action failed: `detail` `{kind, message}`.
 *
 * @csspart device - The reader's body around the screen.
 * @csspart screen - The customer-facing screen.
 * @csspart brand - The merchant's name and icon (idle screen, header).
 * @csspart amount - The amount due or paid.
 * @csspart tip-button - A tip choice.
 * @csspart status-icon - The approved / declined / canceled symbol.
 * @csspart cancel-button - The on-screen Cancel button (when customer cancellation is enabled).
 * @csspart controls - The "play the customer" panel.
 * @csspart present-button - The button that taps the chosen card on the reader.
 * @csspart error - An error message (connection or refused action).
 *
 * @cssprop [--ck-terminal-reader-device-color=#1f2330] - The reader's body.
 * @cssprop [--ck-terminal-reader-screen-background=var(--ck-color-background)] - The screen's background.
 * @cssprop [--ck-terminal-reader-screen-text-color=var(--ck-color-text)] - The screen's text.
 * @cssprop [--ck-terminal-reader-accent-color=var(--ck-color-primary)] - Buttons and highlights on the screen (the merchant's colour when the simulator has one).
 * @cssprop [--ck-terminal-reader-success-color=var(--ck-color-success)] - The approved screen.
 * @cssprop [--ck-terminal-reader-danger-color=var(--ck-color-danger)] - The declined screen.
 * @cssprop [--ck-terminal-reader-width=22rem] - The reader's width.
 * @cssprop [--ck-terminal-reader-radius=calc(var(--ck-radius) * 3)] - The reader's corner radius.
 */
export class CkTerminalReader extends CkElement {
  static override styles = [CkElement.styles, terminalReaderStyles];

  /** The reader's id (`tmr_...`). */
  @property({ reflect: true }) reader?: string;

  /**
   * URL on the merchant's backend that returns a reader token for `{"reader": id}` (POST, JSON, same-origin
   * credentials): `{ token, stream_url, customer_url }` as the simulator's `client_token` endpoint answers.
   */
  @property({ attribute: 'token-endpoint' }) tokenEndpoint?: string;

  /** A reader token obtained elsewhere (used with `simulator-url` when there is no `token-endpoint`). */
  @property() token?: string;

  /** The simulator's origin, e.g. `http://127.0.0.1:12111` (with `token`). */
  @property({ attribute: 'simulator-url' }) simulatorUrl?: string;

  /** The frame shown. Set it to render a screen without a connection; the live channel replaces it. */
  @property({ attribute: false }) screen?: ReaderScreen;

  /** Hides the "play the customer" panel (a display-only reader). */
  @property({ type: Boolean, attribute: 'hide-controls', reflect: true }) hideControls = false;

  /** The merchant's name on the idle screen (default: the simulator's branding, else the location's name). */
  @property({ attribute: 'merchant-name' }) merchantName?: string;

  @state() private connection: 'idle' | 'connecting' | 'open' | 'lost' = 'idle';
  @state() private errorText: string | null = null;
  @state() private pending = false;
  @state() private chosenCard = READER_TEST_CARDS[0].number;
  @state() private typedNumber = '';
  @state() private customTip = '';
  @state() private announcement = '';

  private source: EventSource | null = null;
  private urls: ReaderTokenResponse | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private lastAnnounced = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // First connection: updated() opens once the properties are known. Reconnection (moved in the DOM): reopen.
    if (this.hasUpdated) void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Resolve the locale first so the announcement is in the element's language.
    this.i18n.hostUpdate();
    if (changed.has('screen') && this.screen) {
      const text = this.describe(this.screen);
      if (text !== this.lastAnnounced) {
        this.lastAnnounced = text;
        this.announcement = text;
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.isConnected && (changed.has('reader') || changed.has('tokenEndpoint') || changed.has('token') || changed.has('simulatorUrl'))) {
      // After this update (opening changes state, which would schedule an update from inside this one).
      queueMicrotask(() => void this.open());
    }
    if (changed.has('screen')) {
      // The merchant's colour (CSSOM, so it works under a strict CSP without inline styles).
      const color = this.screen?.branding.color;
      if (color && /^#[0-9a-f]{3,8}$/i.test(color)) this.style.setProperty('--_ck-reader-brand', color);
      else this.style.removeProperty('--_ck-reader-brand');
    }
  }

  /** Closes the live channel and forgets the token. */
  close(): void {
    this.generation++;
    this.source?.close();
    this.source = null;
    this.urls = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connection = 'idle';
  }

  /** (Re)opens the live channel: obtains a token, then subscribes to the reader's screens. */
  async open(): Promise<void> {
    this.close();
    const gen = this.generation;
    // Another reader: its predecessor's screen must not linger while connecting.
    if (this.reader && this.screen && this.screen.reader !== this.reader) this.screen = undefined;
    if (!this.reader || (!this.tokenEndpoint && !(this.token && this.simulatorUrl))) return;
    this.connection = 'connecting';
    this.errorText = null;
    try {
      const urls = await this.obtainToken();
      if (gen !== this.generation) return;
      this.urls = urls;
      this.subscribe(gen);
    } catch (e) {
      if (gen !== this.generation) return;
      this.fail('token', e instanceof Error ? e.message : String(e));
      this.connection = 'lost';
      this.scheduleRetry(gen, 5000);
    }
  }

  private async obtainToken(): Promise<ReaderTokenResponse> {
    if (!this.tokenEndpoint) {
      const root = `${(this.simulatorUrl ?? '').replace(/\/+$/, '')}/_sim/terminal/readers/${encodeURIComponent(this.reader ?? '')}`;
      return { token: this.token ?? '', stream_url: `${root}/stream`, customer_url: `${root}/customer`, screen_url: `${root}/screen` };
    }
    const res = await fetch(this.tokenEndpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reader: this.reader }),
    });
    const body = (await res.json().catch(() => ({}))) as Partial<ReaderTokenResponse> & { error?: { message?: string } | string };
    if (!res.ok || typeof body.token !== 'string' || typeof body.stream_url !== 'string' || typeof body.customer_url !== 'string') {
      const msg = typeof body.error === 'string' ? body.error : body.error?.message;
      throw new Error(msg ?? `HTTP ${res.status}`);
    }
    return { token: body.token, stream_url: body.stream_url, customer_url: body.customer_url, screen_url: body.screen_url };
  }

  private subscribe(gen: number): void {
    if (!this.urls) return;
    const url = new URL(this.urls.stream_url);
    url.searchParams.set('token', this.urls.token);
    const es = new EventSource(url.toString());
    this.source = es;
    es.addEventListener('open', () => {
      if (gen === this.generation) {
        this.connection = 'open';
        this.errorText = null;
      }
    });
    es.addEventListener('screen', (ev) => {
      if (gen !== this.generation) return;
      try {
        this.apply(JSON.parse((ev as MessageEvent<string>).data) as ReaderScreen);
      } catch {
        /* ignore malformed frames */
      }
    });
    es.addEventListener('error', () => {
      if (gen !== this.generation) return;
      this.connection = 'lost';
      if (es.readyState === EventSource.CLOSED) {
        // The token was refused (expired, reader deleted): start over with a new one.
        es.close();
        this.scheduleRetry(gen, 1000);
      }
    });
  }

  private scheduleRetry(gen: number, ms: number): void {
    if (!this.tokenEndpoint) return;
    this.retryTimer = setTimeout(() => {
      if (gen === this.generation) void this.open();
    }, ms);
  }

  private apply(frame: ReaderScreen): void {
    const cur = this.screen;
    if (cur && cur.reader === frame.reader && frame.seq < cur.seq) return;
    this.screen = frame;
    this.pending = false;
    emit(this, new CkTerminalScreenEvent({ screen: frame }));
  }

  private fail(kind: CkTerminalErrorDetail['kind'], message: string): void {
    const m = this.i18n.messages(terminalReaderMessages);
    this.errorText = kind === 'token' ? `${m.errorToken} (${message})` : m.errorAction({ message });
    emit(this, new CkTerminalErrorEvent({ kind, message }));
  }

  /** Sends a customer action to the reader (the simulator's reader endpoint, with the reader token). */
  private async act(body: Record<string, unknown>): Promise<void> {
    if (!this.urls) return;
    this.errorText = null;
    const presenting = body.action === 'present_card';
    if (presenting) this.pending = true;
    try {
      const res = await fetch(this.urls.customer_url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.urls.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const out = (await res.json().catch(() => ({}))) as ReaderScreen & { error?: { message?: string } };
      if (!res.ok) {
        this.pending = false;
        this.fail('action', out.error?.message ?? `HTTP ${res.status}`);
        return;
      }
      // The stream is the source of truth (it shows processing first); without one, use the answer.
      if (this.connection !== 'open') this.apply(out);
    } catch (e) {
      this.pending = false;
      this.fail('action', e instanceof Error ? e.message : String(e));
    }
  }

  private presentCard(): void {
    const typed = this.typedNumber.replace(/[\s-]/g, '');
    const card: ReaderTestCard | undefined = READER_TEST_CARDS.find((c) => c.number === (typed || this.chosenCard));
    const number = typed || this.chosenCard;
    const type = card?.type ?? (number.startsWith('4506445') ? 'interac_present' : 'card_present');
    this.typedNumber = '';
    void this.act({ action: 'present_card', number, type });
  }

  private chooseTip(amount: number): void {
    void this.act({ action: 'choose_tip', amount });
  }

  private submitCustomTip(e: Event): void {
    e.preventDefault();
    const s = this.screen;
    if (!s?.currency) return;
    const value = Number(this.customTip.replace(',', '.'));
    if (!Number.isFinite(value) || value < 0) return;
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: s.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    this.customTip = '';
    this.chooseTip(Math.round(value * 10 ** digits));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rendering

  private money(amount: number | null | undefined, currency: string | null | undefined): string {
    if (amount == null || !currency) return '';
    return formatAmount(amount, currency, this.i18n.locale);
  }

  private reason(m: Msgs, s: ReaderScreen): string {
    const code = s.failure?.decline_code ?? s.failure?.code ?? '';
    switch (code) {
      case 'call_issuer':
        return m.reasonCallIssuer;
      case 'generic_decline':
      case 'card_declined':
      case 'do_not_honor':
        return m.reasonGeneric;
      case 'insufficient_funds':
        return m.reasonInsufficientFunds;
      case 'incorrect_pin':
        return m.reasonIncorrectPin;
      case 'pin_try_exceeded':
        return m.reasonPinTryExceeded;
      case 'withdrawal_count_limit_exceeded':
        return m.reasonWithdrawalLimit;
      case 'lost_card':
      case 'stolen_card':
        return m.reasonLostStolen;
      case 'expired_card':
        return m.reasonExpired;
      case 'processing_error':
        return m.reasonProcessingError;
      default:
        return m.reasonOther;
    }
  }

  private cardName(m: Msgs, s: ReaderScreen): string {
    if (!s.payment) return '';
    const brand = s.payment.brand === 'amex' ? 'American Express' : s.payment.brand.charAt(0).toUpperCase() + s.payment.brand.slice(1);
    return m.cardName({ brand, last4: s.payment.last4 });
  }

  /** The text announced for a screen. */
  private describe(s: ReaderScreen): string {
    const m = this.i18n.messages(terminalReaderMessages);
    const due = this.money((s.amount ?? 0) + (s.tip ?? 0), s.currency);
    switch (s.screen) {
      case 'idle':
        return m.announceIdle;
      case 'cart':
        return m.announceCart({ total: this.money(s.cart?.total, s.cart?.currency) });
      case 'tipping':
        return m.announceTipping;
      case 'collecting':
        return m.announceCollecting({ amount: due });
      case 'processing':
        return m.announceProcessing;
      case 'approved':
        return m.announceApproved({ amount: this.money(s.payment?.amount, s.currency) });
      case 'declined':
        return m.announceDeclined({ reason: this.reason(m, s) });
      case 'canceled':
        return m.announceCanceled;
      case 'refund':
        return m.announceRefund({ amount: this.money(s.amount, s.currency) });
      case 'refunded':
        return m.announceRefunded({ amount: this.money(s.payment?.amount, s.currency) });
      case 'setup':
        return m.announceSetup;
      case 'saved':
        return m.announceSaved;
      default:
        return '';
    }
  }

  private renderBrand(s: ReaderScreen | undefined): TemplateResult {
    const name = this.merchantName ?? s?.branding.name ?? s?.location?.display_name ?? '';
    return html`<div part="brand" class="brand">
      ${s?.branding.icon_url ? html`<img src=${s.branding.icon_url} alt="" width="28" height="28" />` : nothing}
      <span>${name}</span>
    </div>`;
  }

  private renderScreen(m: Msgs, s: ReaderScreen): TemplateResult {
    const shown = this.pending && WAITING_FOR_CARD.has(s.screen) ? 'processing' : s.screen;
    const due = (s.amount ?? 0) + (s.tip ?? 0);
    const cancel = s.customer_cancellation && !this.hideControls
      ? html`<button part="cancel-button" class="cancel" type="button" @click=${() => void this.act({ action: 'cancel' })}>${m.cancel}</button>`
      : nothing;
    switch (shown) {
      case 'idle':
        return html`<div class="center idle">
          <p class="welcome">${m.welcome}</p>
          ${s.location ? html`<p class="muted">${s.location.display_name}</p>` : nothing}
          <p class="muted">${m.idleHint}</p>
        </div>`;
      case 'cart':
        return html`<div class="cart">
          <h3>${m.cartHeading}</h3>
          <ck-cart .items=${s.cart ?? []} currency=${s.cart?.currency ?? ''} locale=${this.i18n.locale}></ck-cart>
        </div>`;
      case 'tipping': {
        const eligible = s.tipping?.amount_eligible ?? s.amount ?? 0;
        return html`<div class="tipping">
          <h3 id="tip-heading">${m.tipHeading}</h3>
          <p class="muted">${m.tipFor({ amount: this.money(eligible, s.currency) })}</p>
          <div class="tips" role="group" aria-labelledby="tip-heading">
            ${(s.tipping?.options ?? []).map(
              (o) => html`<button part="tip-button" type="button" ?disabled=${this.hideControls} @click=${() => this.chooseTip(o.amount)}>
                ${o.percent !== null ? m.tipOption({ percent: o.percent, amount: this.money(o.amount, s.currency) }) : this.money(o.amount, s.currency)}
              </button>`,
            )}
            <button part="tip-button" type="button" ?disabled=${this.hideControls} @click=${() => this.chooseTip(0)}>${m.noTip}</button>
          </div>
          ${this.hideControls
            ? nothing
            : html`<form class="custom-tip" @submit=${this.submitCustomTip}>
                <label for="custom-tip">${m.customTip}</label>
                <input id="custom-tip" inputmode="decimal" autocomplete="off" .value=${live(this.customTip)}
                  @input=${(e: Event) => (this.customTip = (e.target as HTMLInputElement).value)} />
                <button type="submit">${m.customTipAdd}</button>
              </form>`}
          ${cancel}
        </div>`;
      }
      case 'collecting':
        return html`<div class="center collecting">
          <p class="muted">${m.amountDue}</p>
          <p part="amount" class="amount">${this.money(due, s.currency)}</p>
          ${s.tip ? html`<p class="muted">${m.tipLine({ amount: this.money(s.tip, s.currency) })}</p>` : nothing}
          <div class="contactless" aria-hidden="true"><span></span><span></span><span></span></div>
          <p class="prompt">${m.tapInsertSwipe}</p>
          ${cancel}
        </div>`;
      case 'processing':
        return html`<div class="center processing">
          <p part="amount" class="amount">${this.money(due, s.currency)}</p>
          <div class="spinner" aria-hidden="true"></div>
          <p class="prompt">${m.processing}</p>
        </div>`;
      case 'approved':
        return html`<div class="center approved">
          <div part="status-icon" class="status ok" aria-hidden="true">✓</div>
          <p class="title">${m.approved}</p>
          <p part="amount" class="amount">${this.money(s.payment?.amount, s.currency)}</p>
          ${s.payment?.tip ? html`<p class="muted">${m.tipLine({ amount: this.money(s.payment.tip, s.currency) })}</p>` : nothing}
          <p class="muted">${this.cardName(m, s)}</p>
        </div>`;
      case 'declined':
        return html`<div class="center declined">
          <div part="status-icon" class="status bad" aria-hidden="true">✕</div>
          <p class="title">${m.declined}</p>
          <p class="reason">${this.reason(m, s)}</p>
          ${s.payment ? html`<p class="muted">${this.cardName(m, s)}</p>` : nothing}
          <p class="muted">${m.tryAnother}</p>
        </div>`;
      case 'canceled':
        return html`<div class="center canceled">
          <div part="status-icon" class="status neutral" aria-hidden="true">–</div>
          <p class="title">${m.canceled}</p>
        </div>`;
      case 'refund':
        return html`<div class="center refund">
          <p class="title">${m.refundHeading({ amount: this.money(s.amount, s.currency) })}</p>
          <div class="contactless" aria-hidden="true"><span></span><span></span><span></span></div>
          <p class="prompt">${m.refundHint}</p>
          ${cancel}
        </div>`;
      case 'refunded':
        return html`<div class="center approved">
          <div part="status-icon" class="status ok" aria-hidden="true">✓</div>
          <p class="title">${m.refunded}</p>
          <p class="muted">${m.refundedDetail({ amount: this.money(s.payment?.amount, s.currency), card: this.cardName(m, s) })}</p>
        </div>`;
      case 'setup':
        return html`<div class="center setup">
          <p class="title">${m.setupHeading}</p>
          <div class="contactless" aria-hidden="true"><span></span><span></span><span></span></div>
          <p class="prompt">${m.setupHint}</p>
          ${cancel}
        </div>`;
      case 'saved':
        return html`<div class="center approved">
          <div part="status-icon" class="status ok" aria-hidden="true">✓</div>
          <p class="title">${m.saved}</p>
          <p class="muted">${this.cardName(m, s)}</p>
        </div>`;
      default:
        return html``;
    }
  }

  private renderControls(m: Msgs, s: ReaderScreen | undefined): TemplateResult | typeof nothing {
    if (this.hideControls) return nothing;
    const waiting = !!s && WAITING_FOR_CARD.has(s.screen) && !this.pending;
    const connected = !!this.urls;
    const cardLabel = (c: ReaderTestCard) => {
      const name = m.cardName({ brand: c.brand, last4: c.number.slice(-4) });
      const outcome: Record<ReaderTestCard['outcome'], string> = {
        approved: '', generic_decline: m.reasonGeneric, insufficient_funds: m.reasonInsufficientFunds, lost_card: m.reasonLostStolen,
        stolen_card: m.reasonLostStolen, expired_card: m.reasonExpired, processing_error: m.reasonProcessingError,
      };
      return outcome[c.outcome] ? `${name} (${outcome[c.outcome]})` : name;
    };
    return html`<section part="controls" class="controls" aria-labelledby="controls-heading">
      <h3 id="controls-heading">${m.customerHeading}</h3>
      <fieldset ?disabled=${!waiting || !connected}>
        <legend>${m.presentHeading}</legend>
        <label for="test-card">${m.testCard}</label>
        <select id="test-card" .value=${this.chosenCard} @change=${(e: Event) => (this.chosenCard = (e.target as HTMLSelectElement).value)}>
          ${READER_TEST_CARDS.map((c) => html`<option value=${c.number} ?selected=${c.number === this.chosenCard}>${cardLabel(c)}</option>`)}
        </select>
        <label for="typed-number">${m.typeNumber}</label>
        <input id="typed-number" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="typed-hint"
          .value=${live(this.typedNumber)} @input=${(e: Event) => (this.typedNumber = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              this.presentCard();
            }
          }} />
        <p id="typed-hint" class="hint">${m.typeNumberHint}</p>
        <button part="present-button" class="present" type="button" @click=${() => this.presentCard()}>${m.presentButton}</button>
      </fieldset>
      ${s && !waiting && s.screen !== 'tipping' ? html`<p class="hint">${m.noActionHint}</p>` : nothing}
    </section>`;
  }

  protected override render(): TemplateResult {
    const m = this.i18n.messages(terminalReaderMessages);
    const s = this.screen;
    let body: TemplateResult;
    if (s) body = this.renderScreen(m, s);
    else if (!this.reader) body = html`<div class="center"><p class="muted">${m.noReader}</p></div>`;
    else body = html`<div class="center"><div class="spinner" aria-hidden="true"></div><p class="muted">${m.connecting}</p></div>`;
    return html`<div class="wrap">
      <div part="device" class="device" role="group" aria-label=${m.readerLabel({ label: s?.label ?? this.reader ?? '' })}
        data-screen=${s?.screen ?? 'none'}>
        ${this.renderBrand(s)}
        <div part="screen" class="screen" aria-label=${m.screenLabel} role="region">${body}</div>
      </div>
      ${this.connection === 'lost' && !this.errorText ? html`<p part="error" class="error" role="alert">${m.disconnected}</p>` : nothing}
      ${this.errorText ? html`<p part="error" class="error" role="alert">${this.errorText}</p>` : nothing}
      ${this.renderControls(m, s)}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }
}

// The card iframe, served from the simulator's origin (`/elements/card.html`). It owns the card fields:
// the digits live only here. It validates as the customer types (Stripe's codes and messages), and when the
// page asks it to confirm, create a PaymentMethod or create a card token it calls the simulator's /v1 API itself with the
// publishable key, then reports back only what the API returned (ids, status, last4), never the number.
import { ApiClient, intentIdFromSecret, type StripeJsError } from '../shared/api.ts';
import {
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostal,
  cvcLength,
  detectBrand,
  formatExpiry,
  formatNumber,
  maxLength,
  onlyDigits,
  parseExpiry,
  type CardBrand,
  type FieldCheck,
} from '../shared/card-rules.ts';
import { resolveSimLocale, t, type MessageKey, type SimLocale } from '../shared/messages.ts';
import { PROTOCOL, isEnvelope, type ChangeState, type FrameInit, type FromFrame, type ToFrame, type ValidationErrorShape } from '../shared/protocol.ts';
import { applyAppearance } from './appearance.ts';
import { brandIcon } from './brand-icons.ts';

const hash = new URLSearchParams(location.hash.slice(1));
const channel = hash.get('channel') ?? '';
const parentOrigin = hash.get('origin') ?? '';
const elementType = hash.get('type') === 'card' ? 'card' : 'payment';

let init: FrameInit | null = null;
let api: ApiClient | null = null;
let locale: SimLocale = resolveSimLocale(hash.get('locale') ?? 'auto', navigator.languages);
let options: Record<string, unknown> = {};
let busy = false;

type FieldName = 'number' | 'expiry' | 'cvc' | 'postal';
const POSTAL_COUNTRIES = new Set(['US', 'GB', 'CA']);
const COUNTRIES = ['US', 'GB', 'CA', 'FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'CH', 'IE', 'AU', 'JP', 'CN', 'BR', 'MX', 'IN'];

function post(message: FromFrame): void {
  if (!parentOrigin || window.parent === window) return;
  window.parent.postMessage({ ...message, ck: PROTOCOL, channel }, parentOrigin);
}

// ---------------------------------------------------------------------------------------------------------
// DOM: built with createElement only (no markup strings), Stripe's class names so appearance.rules apply.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

interface Field {
  name: FieldName;
  wrap: HTMLElement;
  label: HTMLLabelElement;
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
  touched: boolean;
}

const form = el('form', `Form Form--${elementType}`, { novalidate: '' });
const fields = new Map<FieldName, Field>();
let countrySelect: HTMLSelectElement | null = null;
let countryLabel: HTMLLabelElement | null = null;
const brandBox = el('span', 'Icon BrandIcon', { 'aria-hidden': 'true' });
const brandLive = el('span', 'visually-hidden', { 'aria-live': 'polite' });

/**
 * The inputs' `name`s and ids are Stripe's own, so that a test suite written against Stripe.js finds them here too:
 * the Payment Element's `#Field-numberInput`, `[name="postalCode"]`..., the Card Element's `[name="cardnumber"]`,
 * `[name="exp-date"]`, `[name="cvc"]`, `[name="postal"]`.
 */
const DOM_NAMES: Record<'payment' | 'card', Record<FieldName, string>> = {
  payment: { number: 'number', expiry: 'expiry', cvc: 'cvc', postal: 'postalCode' },
  card: { number: 'cardnumber', expiry: 'exp-date', cvc: 'cvc', postal: 'postal' },
};

function makeInput(name: FieldName, autocomplete: string, maxlength: number): Field {
  const id = `Field-${DOM_NAMES.payment[name]}Input`;
  const wrap = el('div', `Block Field Field--${name}`);
  const label = el('label', 'Label', { for: id });
  const input = el('input', 'Input Input--empty', {
    id,
    name: DOM_NAMES[elementType][name],
    type: 'text',
    autocomplete,
    inputmode: name === 'postal' ? 'text' : 'numeric',
    autocorrect: 'off',
    spellcheck: 'false',
    maxlength: String(maxlength),
    'aria-invalid': 'false',
    'aria-describedby': `${id}-error`,
  });
  if (name !== 'postal') input.setAttribute('pattern', '[0-9 /]*');
  // In the Payment Element, announced when it appears (a field left incomplete or invalid). The Card Element's page
  // shows the error itself (Stripe's pattern: a role="alert" node fed by the change event), so it is not announced here.
  const error = el('p', 'Error', { id: `${id}-error`, ...(elementType === 'payment' ? { 'aria-live': 'polite' } : {}) });
  const field: Field = { name, wrap, label, input, error, touched: false };
  wrap.append(label);
  if (name === 'number') {
    const row = el('div', 'InputRow');
    row.append(input, brandBox);
    wrap.append(row);
  } else {
    wrap.append(input);
  }
  wrap.append(error);
  fields.set(name, field);
  return field;
}

function build(): void {
  // Card is the only payment method the simulator offers, so, like Stripe with a single method, no tabs.
  const number = makeInput('number', 'cc-number', 23);
  const expiry = makeInput('expiry', 'cc-exp', 7);
  const cvc = makeInput('cvc', 'cc-csc', 4);
  const grid = el('div', 'Grid');
  grid.append(number.wrap);
  const row = el('div', 'Row');
  row.append(expiry.wrap, cvc.wrap);
  grid.append(row);
  if (elementType === 'payment') {
    const countryWrap = el('div', 'Block Field Field--country');
    countryLabel = el('label', 'Label', { for: 'Field-countryInput' });
    countrySelect = el('select', 'Input Select', { id: 'Field-countryInput', name: 'country', autocomplete: 'country' });
    countrySelect.addEventListener('change', () => {
      renderPostalVisibility();
      emitChange();
    });
    countryWrap.append(countryLabel, countrySelect);
    const postal = makeInput('postal', 'postal-code', 10);
    const row2 = el('div', 'Row');
    row2.append(countryWrap, postal.wrap);
    grid.append(row2);
  } else {
    const postal = makeInput('postal', 'postal-code', 10);
    row.append(postal.wrap);
  }
  form.append(grid, brandLive);
  document.body.append(form);
  brandBox.append(brandIcon('unknown'));
  for (const f of fields.values()) wire(f);
  form.addEventListener('submit', (e) => e.preventDefault());
  // One focus event when focus enters the Element and one blur when it leaves, as Stripe's: moving between its own
  // fields (the country select included) is neither.
  const outside = (node: EventTarget | null): boolean => !(node instanceof Node) || !form.contains(node);
  form.addEventListener('focusin', (e) => {
    if (outside(e.relatedTarget)) post({ type: 'focus' });
  });
  form.addEventListener('focusout', (e) => {
    if (outside(e.relatedTarget)) post({ type: 'blur' });
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') post({ type: 'escape' });
  });
}

function renderTexts(): void {
  const names: Record<FieldName, MessageKey> = { number: 'cardNumber', expiry: 'expiry', cvc: 'cvc', postal: 'postal' };
  for (const f of fields.values()) {
    f.label.textContent = t(locale, names[f.name]);
    if (elementType === 'card') {
      f.label.classList.add('visually-hidden');
      f.input.setAttribute('aria-label', t(locale, names[f.name]));
    }
  }
  const number = fields.get('number')!.input as HTMLInputElement;
  number.placeholder = elementType === 'card' ? t(locale, 'cardNumber') : '1234 1234 1234 1234';
  (fields.get('expiry')!.input as HTMLInputElement).placeholder = t(locale, 'expiryPlaceholder');
  (fields.get('cvc')!.input as HTMLInputElement).placeholder = t(locale, 'cvcPlaceholder');
  // Stripe's placeholder for the Card Element's postal code: "ZIP" ("Code postal"); the Payment Element's follows its
  // country (renderPostalVisibility, which runs after this)
  if (elementType === 'card') (fields.get('postal')!.input as HTMLInputElement).placeholder = t(locale, 'zip');
  document.documentElement.lang = locale;
  document.title = t(locale, 'cardFrameTitle');
  if (countrySelect && countryLabel) {
    countryLabel.textContent = t(locale, 'country');
    const current = countrySelect.value || defaultCountry();
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    countrySelect.replaceChildren(
      ...COUNTRIES.map((code) => {
        const opt = el('option', '', { value: code });
        opt.textContent = names.of(code) ?? code;
        return opt;
      }),
    );
    countrySelect.value = current;
  }
  for (const f of fields.values()) renderFieldError(f);
}

function defaultCountry(): string {
  const dv = options.defaultValues as { billingDetails?: { address?: { country?: string } } } | undefined;
  const fromOptions = dv?.billingDetails?.address?.country;
  if (fromOptions && COUNTRIES.includes(fromOptions.toUpperCase())) return fromOptions.toUpperCase();
  const region = (init?.locale && init.locale !== 'auto' ? init.locale : navigator.language).split(/[-_]/)[1]?.toUpperCase();
  if (region && COUNTRIES.includes(region)) return region;
  return locale === 'fr' ? 'FR' : 'US';
}

function postalRequired(): boolean {
  if (elementType === 'card') return (options.hidePostalCode as boolean | undefined) !== true;
  return POSTAL_COUNTRIES.has(countrySelect?.value ?? '');
}

function renderPostalVisibility(): void {
  const postal = fields.get('postal')!;
  const show = postalRequired();
  postal.wrap.hidden = !show;
  postal.label.textContent = t(locale, countrySelect?.value === 'US' ? 'zip' : 'postal');
  // the Payment Element's placeholder for a US ZIP is Stripe's "12345"
  if (countrySelect) (postal.input as HTMLInputElement).placeholder = countrySelect.value === 'US' ? '12345' : '';
  if (!show) {
    (postal.input as HTMLInputElement).value = '';
    postal.touched = false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// State and validation.

function numberDigits(): string {
  return onlyDigits(fields.get('number')!.input.value);
}

function brand(): CardBrand {
  return detectBrand(numberDigits());
}

function check(name: FieldName): FieldCheck {
  const value = fields.get(name)!.input.value;
  switch (name) {
    case 'number':
      return checkNumber(numberDigits());
    case 'expiry':
      return checkExpiry(parseExpiry(value));
    case 'cvc':
      return checkCvc(onlyDigits(value), brand());
    case 'postal': {
      if (!postalRequired()) return { state: 'complete' };
      const c = checkPostal(value, countrySelect?.value ?? 'US');
      // A blank postal code is accepted (it only refines the fraud checks); a partial one is an error.
      return c.state === 'empty' ? { state: 'complete' } : c;
    }
  }
}

function errorFor(name: FieldName): ValidationErrorShape | undefined {
  const f = fields.get(name)!;
  const c = check(name);
  const show = c.state === 'invalid' || ((c.state === 'incomplete' || c.state === 'empty') && f.touched);
  if (!show || !c.code) return undefined;
  return { type: 'validation_error', code: c.code, message: t(locale, c.code as MessageKey) };
}

function renderFieldError(f: Field): void {
  const err = errorFor(f.name);
  const text = err ? err.message : '';
  if (f.error.textContent !== text) f.error.textContent = text;
  f.input.setAttribute('aria-invalid', err ? 'true' : 'false');
  f.input.classList.toggle('Input--invalid', Boolean(err));
  f.input.classList.toggle('Input--empty', f.input.value === '');
  f.wrap.classList.toggle('Block--invalid', Boolean(err));
}

const ORDER: FieldName[] = ['number', 'expiry', 'cvc', 'postal'];

function state(): ChangeState {
  const empty = ORDER.every((n) => fields.get(n)!.input.value === '');
  const complete = ORDER.every((n) => check(n).state === 'complete');
  let error: ValidationErrorShape | undefined;
  for (const n of ORDER) {
    error = errorFor(n);
    if (error) break;
  }
  const s: ChangeState = { empty, complete, collapsed: false, brand: brand(), error };
  if (countrySelect) s.country = countrySelect.value;
  if (elementType === 'card') s.postalCode = postalRequired() ? fields.get('postal')!.input.value : '';
  return s;
}

let lastBrand: CardBrand = 'unknown';

function emitChange(): void {
  for (const f of fields.values()) renderFieldError(f);
  const b = brand();
  if (b !== lastBrand) {
    lastBrand = b;
    brandBox.replaceChildren(brandIcon(b));
    brandLive.textContent = b === 'unknown' ? '' : t(locale, 'brand', { brand: brandName(b) });
    const cvc = fields.get('cvc')!.input as HTMLInputElement;
    cvc.maxLength = cvcLength(b);
    if (cvc.value.length > cvcLength(b)) cvc.value = cvc.value.slice(0, cvcLength(b));
  }
  const next = state();
  const key = JSON.stringify(next);
  if (key === lastChange) return;
  lastChange = key;
  post({ type: 'change', state: next });
}

let lastChange = '';

function brandName(b: CardBrand): string {
  return { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay', unknown: '' }[b];
}

/** Keeps the caret after the same number of digits once the value is reformatted. */
function reformat(input: HTMLInputElement, formatted: string): void {
  const caret = input.selectionStart ?? input.value.length;
  const atEnd = caret >= input.value.length;
  const digitsBefore = onlyDigits(input.value.slice(0, caret)).length;
  input.value = formatted;
  if (atEnd) return;
  let pos = 0;
  let seen = 0;
  while (pos < formatted.length && seen < digitsBefore) {
    if (/\d/.test(formatted[pos])) seen++;
    pos++;
  }
  input.setSelectionRange(pos, pos);
}

function wire(f: Field): void {
  const input = f.input as HTMLInputElement;
  input.addEventListener('input', (event) => {
    const deleting = (event as InputEvent).inputType?.startsWith('delete') ?? false;
    if (f.name === 'number') {
      const digits = onlyDigits(input.value);
      reformat(input, formatNumber(digits.slice(0, maxLength(digits))));
    } else if (f.name === 'expiry') {
      reformat(input, formatExpiry(parseExpiry(input.value), deleting));
    } else if (f.name === 'cvc') {
      input.value = onlyDigits(input.value).slice(0, cvcLength(brand()));
    }
    emitChange();
  });
  input.addEventListener('blur', () => {
    if (input.value !== '') f.touched = true;
    emitChange();
  });
}

// ---------------------------------------------------------------------------------------------------------
// Requests from the page.

function validateAll(): ValidationErrorShape | undefined {
  for (const f of fields.values()) f.touched = true;
  emitChange();
  for (const n of ORDER) {
    const c = check(n);
    if (c.state !== 'complete' && c.code) return { type: 'validation_error', code: c.code, message: t(locale, c.code as MessageKey), param: n };
  }
  return undefined;
}

function cardParams(): Record<string, unknown> {
  const exp = parseExpiry(fields.get('expiry')!.input.value);
  const postal = (fields.get('postal')!.input as HTMLInputElement).value.trim();
  const address: Record<string, string> = {};
  if (countrySelect) address.country = countrySelect.value;
  if (postal && postalRequired()) address.postal_code = postal;
  return {
    card: { number: numberDigits(), exp_month: String(Number(exp.month)), exp_year: String(2000 + Number(exp.year)), cvc: onlyDigits(fields.get('cvc')!.input.value) },
    address,
  };
}

function mergePaymentMethodData(extra: unknown): Record<string, unknown> {
  const { card, address } = cardParams();
  const given = (extra && typeof extra === 'object' ? extra : {}) as Record<string, unknown>;
  const billing = { ...((given.billing_details as Record<string, unknown> | undefined) ?? {}) };
  const givenAddress = (billing.address as Record<string, unknown> | undefined) ?? {};
  const mergedAddress = { ...(address as Record<string, unknown>), ...givenAddress };
  if (Object.keys(mergedAddress).length) billing.address = mergedAddress;
  const pmd: Record<string, unknown> = { ...given, type: 'card', card };
  if (Object.keys(billing).length) pmd.billing_details = billing;
  return pmd;
}

async function confirmPayment(clientSecret: string, params: Record<string, unknown>): Promise<unknown> {
  const invalid = validateAll();
  if (invalid) return { error: invalid };
  const id = intentIdFromSecret(clientSecret);
  if (!id || !api) {
    return { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'Invalid value for clientSecret: it should look like pi_..._secret_...' } };
  }
  // A PaymentIntent or a SetupIntent (confirmSetup / confirmCardSetup), answered under Stripe.js's key for each.
  const setup = id.startsWith('seti_');
  const body: Record<string, unknown> = { ...params, client_secret: clientSecret, payment_method_data: mergePaymentMethodData(params.payment_method_data) };
  const res = await api.request<Record<string, unknown>>('POST', `/v1/${setup ? 'setup_intents' : 'payment_intents'}/${encodeURIComponent(id)}/confirm`, body);
  if (res.ok) return setup ? { setupIntent: res.data } : { paymentIntent: res.data };
  return { error: res.error };
}

async function createPaymentMethod(params: Record<string, unknown>): Promise<unknown> {
  const invalid = validateAll();
  if (invalid) return { error: invalid };
  if (!api) return { error: { type: 'api_connection_error', message: 'Element not initialised.' } };
  const body = mergePaymentMethodData(params);
  const res = await api.request<Record<string, unknown>>('POST', '/v1/payment_methods', body);
  if (res.ok) return { paymentMethod: res.data };
  return { error: res.error as StripeJsError };
}

/**
 * A card token (`stripe.createToken(cardElement, data)`): the card's number, expiry and CVC, the postal code as
 * `address_zip` (unless `data` gives one), and the cardholder fields of `data`, posted to /v1/tokens. Unknown `data`
 * keys go along as `card[...]`, so the API refuses them as it refuses Stripe.js's.
 */
async function createToken(data: Record<string, unknown>): Promise<unknown> {
  const invalid = validateAll();
  if (invalid) return { error: invalid };
  if (!api) return { error: { type: 'api_connection_error', message: 'Element not initialised.' } };
  const { card, address } = cardParams();
  const zip = (address as { postal_code?: string }).postal_code;
  const body = { card: { ...(card as Record<string, unknown>), ...(zip ? { address_zip: zip } : {}), ...data } };
  const res = await api.request<Record<string, unknown>>('POST', '/v1/tokens', body);
  if (res.ok) return { token: res.data };
  return { error: res.error as StripeJsError };
}

async function loadIntent(clientSecret: string): Promise<Record<string, unknown> | undefined> {
  const id = intentIdFromSecret(clientSecret);
  if (!id || !api) return { type: 'invalid_request_error', message: 'Invalid client secret.', param: 'client_secret' };
  const res = await api.request('GET', `/v1/${id.startsWith('seti_') ? 'setup_intents' : 'payment_intents'}/${encodeURIComponent(id)}`, { client_secret: clientSecret });
  return res.ok ? undefined : (res.error as Record<string, unknown>);
}

function setDisabled(disabled: boolean): void {
  for (const f of fields.values()) f.input.disabled = disabled;
  if (countrySelect) countrySelect.disabled = disabled;
}

async function onMessage(event: MessageEvent): Promise<void> {
  if (event.origin !== parentOrigin || event.source !== window.parent) return;
  if (!isEnvelope(event.data, channel)) return;
  const msg = event.data as unknown as ToFrame;
  switch (msg.type) {
    case 'init': {
      init = msg.init;
      options = init.options ?? {};
      locale = resolveSimLocale(init.locale, navigator.languages);
      api = new ApiClient(init.apiBase, init.publishableKey, locale, init.stripeAccount, init.apiVersion);
      applyAppearance(document, init.appearance ?? {});
      renderTexts();
      renderPostalVisibility();
      const disabled = Boolean(options.disabled || options.readOnly);
      setDisabled(disabled);
      for (const f of fields.values()) renderFieldError(f);
      lastChange = JSON.stringify(state());
      // Like Stripe's Payment Element, load the group's intent first: an unknown intent or a secret that does not
      // match is a loaderror (with the API's error), not a form that can never be paid.
      const loadError = elementType === 'payment' && init.clientSecret ? await loadIntent(init.clientSecret) : undefined;
      post(loadError ? { type: 'loaderror', error: loadError } : { type: 'ready' });
      break;
    }
    case 'update':
      if (msg.options) options = { ...options, ...msg.options };
      if (msg.locale) locale = resolveSimLocale(msg.locale, navigator.languages);
      if (msg.appearance) applyAppearance(document, msg.appearance);
      renderTexts();
      renderPostalVisibility();
      if (msg.options && ('disabled' in msg.options || 'readOnly' in msg.options)) setDisabled(Boolean(options.disabled || options.readOnly));
      emitChange();
      break;
    case 'focus':
      fields.get('number')!.input.focus();
      break;
    case 'blur':
      (document.activeElement as HTMLElement | null)?.blur();
      break;
    case 'clear':
      for (const f of fields.values()) {
        (f.input as HTMLInputElement).value = '';
        f.touched = false;
      }
      emitChange();
      break;
    case 'collapse':
      break;
    case 'validate':
      post({ type: 'response', requestId: msg.requestId, result: { error: validateAll() } });
      break;
    case 'confirm-payment':
    case 'create-payment-method':
    case 'create-token': {
      if (busy) {
        post({ type: 'response', requestId: msg.requestId, result: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'A payment is already being confirmed with this Element.' } } });
        break;
      }
      busy = true;
      setDisabled(true);
      try {
        const result =
          msg.type === 'confirm-payment'
            ? await confirmPayment(msg.clientSecret, msg.params)
            : msg.type === 'create-token'
              ? await createToken(msg.data)
              : await createPaymentMethod(msg.params);
        post({ type: 'response', requestId: msg.requestId, result });
      } finally {
        busy = false;
        setDisabled(Boolean(options.disabled || options.readOnly));
      }
      break;
    }
  }
}

build();
window.addEventListener('message', (event) => void onMessage(event));
new ResizeObserver(() => post({ type: 'height', height: Math.ceil(document.documentElement.getBoundingClientRect().height) })).observe(document.documentElement);
post({ type: 'frame-loaded' });

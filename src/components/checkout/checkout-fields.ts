/**
 * What `<ck-checkout>` collects besides the email and the card, when the Checkout Session asks for it: its
 * `custom_fields` (text, numeric, dropdown), the terms-of-service and promotions consent, a phone number, billing and
 * shipping addresses, and the merchant's `custom_text`. Holds the values and their errors, renders the inputs, checks
 * them before paying (the simulator checks them again) and turns them into the page API's `start` parameters.
 *
 * `custom_text` is untrusted: it renders as text, except Stripe's Markdown-style links `[text](https://...)`, which
 * become links when their URL is http(s) (anything else stays literal text).
 *
 * @module
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { checkoutMessages } from '../../shared/messages/checkout.js';
import type { CheckoutCollect, CheckoutCustomField } from './checkout-api.js';
import { NEEDS_STATE, NO_POSTAL_CODE } from '../../shared/address-rules.js';
import { hasRegionList, isRegionCode, regionKind, regionOptions, toRegionCode } from './regions.js';

type Msgs = typeof checkoutMessages.en;
type Fmt<P> = (p: P) => string;

/** ISO 3166-1 alpha-2 codes offered for a billing address (names come from `Intl.DisplayNames`). */
export const ALL_COUNTRIES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL ' +
  'CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT ' +
  'GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN ' +
  'PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT ' +
  'TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const countryLists = new Map<string, { code: string; name: string }[]>();

/**
 * `codes` as `<option>`s: each country's name in `locale` (`Intl.DisplayNames`), sorted by it. Computed once per
 * language and list (the address forms and the simulator's card form re-render on every keystroke).
 */
export function countryOptions(codes: readonly string[], locale: string): { code: string; name: string }[] {
  const key = `${locale}|${codes.join(',')}`;
  let list = countryLists.get(key);
  if (!list) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = null;
    }
    list = codes.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, locale));
    countryLists.set(key, list);
  }
  return list;
}

/** `url` (absolute, or resolved against `base`) when it is http(s); null for anything else (javascript:, mailto:...). */
export function httpUrl(url: string, base?: string): string | null {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const LINK = /\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)/g;

/** A `custom_text` message as text, its `[label](https://...)` links as links (new tab); other URLs stay text. */
export function richText(message: string, newTab: string): (string | TemplateResult)[] {
  const out: (string | TemplateResult)[] = [];
  let last = 0;
  for (const match of message.matchAll(LINK)) {
    const href = httpUrl(match[2]);
    if (!href) continue;
    out.push(message.slice(last, match.index));
    out.push(html`<a href=${href} target="_blank" rel="noopener noreferrer">${match[1]}<span class="visually-hidden"> ${newTab}</span></a>`);
    last = match.index! + match[0].length;
  }
  out.push(message.slice(last));
  return out;
}

interface AddressValue {
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
}

type AddressKind = 'billing' | 'shipping';
const ADDRESS_KEYS = ['name', 'line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;
const emptyAddress = (country = ''): AddressValue => ({ name: '', line1: '', line2: '', city: '', state: '', postal_code: '', country });

/** Stripe Checkout's own input ids (`#billingName`, `#shippingAddressLine1`, `#billingPostalCode` ...), which suites written against it fill. */
const ID_SUFFIX: Record<keyof AddressValue, string> = {
  name: 'Name', country: 'Country', line1: 'AddressLine1', line2: 'AddressLine2', city: 'Locality', state: 'AdministrativeArea', postal_code: 'PostalCode',
};
/** The input id of an address field: Stripe Checkout's (`billingPostalCode`). */
export const addressInputId = (kind: AddressKind, key: keyof AddressValue): string => `${kind}${ID_SUFFIX[key]}`;
/** The phone input's id, Stripe Checkout's. */
const PHONE_ID = 'phoneNumber';
/** The terms-of-service checkbox's id (and name), Stripe Checkout's. */
export const TERMS_ID = 'termsOfServiceConsentCheckbox';

/** The host the form re-renders and reads its messages and locale from. */
export interface FieldsHost {
  requestUpdate(): void;
  readonly fieldMessages: Msgs;
  readonly fieldLocale: string;
  readonly merchantLabel: string;
}

export class CheckoutFields {
  collect: CheckoutCollect | null = null;
  /** Custom field values, by key. */
  values: Record<string, string> = {};
  terms = false;
  promotions = false;
  phone = '';
  billing = emptyAddress();
  shipping = emptyAddress();
  /** Error messages by input id. */
  errors: Record<string, string> = {};
  private sessionId = '';

  constructor(private readonly host: FieldsHost) {}

  /** A (new) page view: a new session starts blank with the defaults; the same one keeps what was typed. */
  reset(sessionId: string, collect: CheckoutCollect | undefined): void {
    this.collect = collect ?? null;
    if (sessionId === this.sessionId) return;
    this.sessionId = sessionId;
    this.values = {};
    for (const f of this.collect?.custom_fields ?? []) if (f.default_value) this.values[f.key] = f.default_value;
    this.terms = false;
    this.promotions = false;
    this.phone = '';
    const countries = this.collect?.shipping_countries ?? null;
    this.shipping = emptyAddress(countries?.length === 1 ? countries[0] : '');
    this.billing = emptyAddress();
    this.errors = {};
  }

  private get m(): Msgs {
    return this.host.fieldMessages;
  }

  private set(id: string, update: () => void): void {
    update();
    if (this.errors[id]) {
      // Typing again clears the complaint; the next Pay checks anew.
      const { [id]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
    this.host.requestUpdate();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Checks and parameters

  private fieldError(f: CheckoutCustomField, raw: string | undefined): string {
    const m = this.m;
    const value = (raw ?? '').trim();
    const label = f.label;
    if (!value) return f.optional ? '' : f.type === 'dropdown' ? (m.fieldChoose as Fmt<{ label: string }>)({ label }) : (m.fieldRequired as Fmt<{ label: string }>)({ label });
    if (f.type === 'dropdown') return (f.options ?? []).some((o) => o.value === value) ? '' : (m.fieldChoose as Fmt<{ label: string }>)({ label });
    if (f.type === 'numeric' && !/^[0-9]+$/.test(value)) return (m.fieldDigits as Fmt<{ label: string }>)({ label });
    const min = f.minimum_length ?? 1;
    const max = f.maximum_length ?? 255;
    if (value.length < min) return (m.fieldTooShort as Fmt<{ label: string; min: number }>)({ label, min });
    if (value.length > max) return (m.fieldTooLong as Fmt<{ label: string; max: number }>)({ label, max });
    return '';
  }

  private addressErrors(kind: AddressKind, a: AddressValue, errors: Record<string, string>): void {
    const m = this.m;
    const required = (key: keyof AddressValue, label: string) => {
      if (!a[key].trim()) errors[addressInputId(kind, key)] = (m.fieldRequired as Fmt<{ label: string }>)({ label });
    };
    required('name', m.fullName as string);
    required('country', m.country as string);
    required('line1', m.line1 as string);
    required('city', m.city as string);
    if (a.country && !NO_POSTAL_CODE.has(a.country)) required('postal_code', this.postalLabel(a.country));
    if (NEEDS_STATE.has(a.country)) required('state', this.stateLabel(a.country));
    const stateId = addressInputId(kind, 'state');
    // a US state or Canadian province is one of the list (a value set by a script or an old autofill may not be)
    if (!errors[stateId] && a.state.trim() && hasRegionList(a.country) && !isRegionCode(a.country, a.state.trim())) {
      errors[stateId] = (m.fieldChoose as Fmt<{ label: string }>)({ label: this.stateLabel(a.country) });
    }
  }

  /** The state field's label: a US "State", a Canadian "Province", else "State, province or region". */
  private stateLabel(country: string): string {
    const kind = regionKind(country);
    return (kind === 'state' ? this.m.usState : kind === 'province' ? this.m.province : this.m.state) as string;
  }

  /** The postal code's label: "ZIP" for a US address, as on Stripe Checkout; else "Postal code". */
  private postalLabel(country: string): string {
    return (country === 'US' ? this.m.zip : this.m.postalCode) as string;
  }

  /**
   * A new country for an address: a state chosen or typed for another country is cleared (a US state means nothing in
   * Canada, and Brazil's "PA" is not Pennsylvania); a value given without a country (autofill filling the state before
   * the country) becomes the code it names in the new country's list ("Québec" -> "QC"), or is cleared.
   */
  private changeCountry(kind: AddressKind, a: AddressValue, country: string): void {
    const before = a.country;
    a.country = country;
    if (before === country) return;
    if (before && (NEEDS_STATE.has(before) || hasRegionList(before))) a.state = '';
    else if (hasRegionList(country)) a.state = toRegionCode(country, a.state);
    const stateId = addressInputId(kind, 'state');
    if (this.errors[stateId]) {
      const { [stateId]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  /** Checks everything; returns the id of the first input to fix (null when all is well). */
  validate(): string | null {
    const c = this.collect;
    const errors: Record<string, string> = {};
    if (!c) return null;
    if (c.phone) {
      const compact = this.phone.replace(/[\s().-]/g, '');
      if (!compact) errors[PHONE_ID] = (this.m.fieldRequired as Fmt<{ label: string }>)({ label: this.m.phone as string });
      else if (!/^\+?[0-9]{6,15}$/.test(compact)) errors[PHONE_ID] = this.m.phoneInvalid as string;
    }
    if (c.shipping_countries) this.addressErrors('shipping', this.shipping, errors);
    if (c.billing_address) this.addressErrors('billing', this.billing, errors);
    c.custom_fields.forEach((f, i) => {
      const e = this.fieldError(f, this.values[f.key]);
      if (e) errors[`cf-${i}`] = e;
    });
    if (c.terms_of_service && !this.terms) errors[TERMS_ID] = this.m.termsRequired as string;
    this.errors = errors;
    this.host.requestUpdate();
    return this.order().find((id) => errors[id]) ?? null;
  }

  /** Input ids in page order (the first with an error gets the focus). */
  private order(): string[] {
    const c = this.collect;
    if (!c) return [];
    const address = (kind: AddressKind) => (['name', 'country', 'line1', 'line2', 'city', 'state', 'postal_code'] as const).map((k) => addressInputId(kind, k));
    return [
      ...(c.phone ? [PHONE_ID] : []),
      ...c.custom_fields.map((_f, i) => `cf-${i}`),
      ...(c.shipping_countries ? address('shipping') : []),
      ...(c.billing_address ? address('billing') : []),
      TERMS_ID,
    ];
  }

  /** The page API's parameters for what was collected (`start` with `submit`). */
  params(): Record<string, string> {
    const c = this.collect;
    const out: Record<string, string> = {};
    if (!c) return out;
    for (const f of c.custom_fields) {
      const v = (this.values[f.key] ?? '').trim();
      if (v) out[`custom_fields[${f.key}]`] = v;
    }
    if (c.terms_of_service && this.terms) out['consent[terms_of_service]'] = 'accepted';
    if (c.promotions) out['consent[promotions]'] = this.promotions ? 'opt_in' : 'opt_out';
    if (c.phone) out.phone = this.phone.trim();
    const address = (kind: AddressKind, a: AddressValue) => {
      const prefix = `${kind}_details`;
      out[`${prefix}[name]`] = a.name.trim();
      for (const k of ADDRESS_KEYS) {
        if (k !== 'name' && a[k].trim()) out[`${prefix}[address][${k}]`] = a[k].trim();
      }
    };
    if (c.shipping_countries) address('shipping', this.shipping);
    if (c.billing_address) address('billing', this.billing);
    return out;
  }

  /** A parameter the server refused (`custom_fields[size]`, `billing_details[address][city]` ...): its input id, marked. */
  refused(param: string | undefined): string | null {
    if (!param || !this.collect) return null;
    let id: string | null = null;
    const cf = /^custom_fields\[(.+)\]$/.exec(param);
    const addr = /^(billing|shipping)_details\[(?:address\]\[)?([a-z0-9_]+)\]$/.exec(param);
    if (cf) {
      const i = this.collect.custom_fields.findIndex((f) => f.key === cf[1]);
      id = i >= 0 ? `cf-${i}` : null;
    } else if (addr) id = addr[2] in ID_SUFFIX ? addressInputId(addr[1] as AddressKind, addr[2] as keyof AddressValue) : null;
    else if (param === 'phone') id = PHONE_ID;
    else if (param.startsWith('consent[terms_of_service]')) id = TERMS_ID;
    if (!id) return null;
    this.errors = { ...this.errors, [id]: id === TERMS_ID ? (this.m.termsRequired as string) : (this.m.fieldRefused as string) };
    this.host.requestUpdate();
    return id;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Rendering

  private error(id: string): TemplateResult {
    return html`<p id=${`${id}-error`} class="error" role="alert">${this.errors[id] ?? ''}</p>`;
  }

  private invalid(id: string): 'true' | 'false' {
    return this.errors[id] ? 'true' : 'false';
  }

  /** The phone number and the custom fields (after the email). */
  renderContact(): TemplateResult | typeof nothing {
    const c = this.collect;
    if (!c || (!c.phone && c.custom_fields.length === 0)) return nothing;
    const m = this.m;
    return html`${c.phone
        ? html`<div class="field">
            <label for=${PHONE_ID}>${m.phone}</label>
            <input
              part="input phone"
              id=${PHONE_ID}
              type="tel"
              name=${PHONE_ID}
              autocomplete="tel"
              inputmode="tel"
              required
              .value=${this.phone}
              aria-invalid=${this.invalid(PHONE_ID)}
              aria-describedby=${`${PHONE_ID}-error`}
              @input=${(e: Event) => this.set(PHONE_ID, () => (this.phone = (e.target as HTMLInputElement).value))}
            />
            ${this.error(PHONE_ID)}
          </div>`
        : nothing}
      ${c.custom_fields.map((f, i) => this.renderCustomField(f, i))}`;
  }

  private renderCustomField(f: CheckoutCustomField, i: number): TemplateResult {
    const id = `cf-${i}`;
    const label = f.optional ? (this.m.optional as Fmt<{ label: string }>)({ label: f.label }) : f.label;
    const value = this.values[f.key] ?? '';
    const onInput = (e: Event) => this.set(id, () => (this.values = { ...this.values, [f.key]: (e.target as HTMLInputElement | HTMLSelectElement).value }));
    if (f.type === 'dropdown') {
      return html`<div class="field custom-field">
        <label for=${id}>${label}</label>
        <select part="input custom-field" id=${id} name=${id} ?required=${!f.optional} aria-invalid=${this.invalid(id)} aria-describedby=${`${id}-error`} @change=${onInput}>
          <option value="" ?selected=${!value}>${this.m.choose}</option>
          ${(f.options ?? []).map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
        </select>
        ${this.error(id)}
      </div>`;
    }
    return html`<div class="field custom-field">
      <label for=${id}>${label}</label>
      <input
        part="input custom-field"
        id=${id}
        name=${id}
        type="text"
        autocomplete="off"
        inputmode=${f.type === 'numeric' ? 'numeric' : 'text'}
        maxlength=${f.maximum_length ?? 255}
        ?required=${!f.optional}
        .value=${value}
        aria-invalid=${this.invalid(id)}
        aria-describedby=${`${id}-error`}
        @input=${onInput}
      />
      ${this.error(id)}
    </div>`;
  }

  private renderAddress(kind: AddressKind, title: string, countries: string[], note: string | null): TemplateResult {
    const m = this.m;
    const a = kind === 'billing' ? this.billing : this.shipping;
    const names = countryOptions(countries, this.host.fieldLocale);
    const regions = regionOptions(a.country, this.host.fieldLocale);
    const input = (key: keyof AddressValue, label: string, autocomplete: string, required: boolean) => {
      const id = addressInputId(kind, key);
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input
          part="input"
          id=${id}
          name=${id}
          type="text"
          autocomplete=${`${kind} ${autocomplete}`}
          ?required=${required}
          .value=${a[key]}
          aria-invalid=${this.invalid(id)}
          aria-describedby=${`${id}-error`}
          @input=${(e: Event) => this.set(id, () => (a[key] = (e.target as HTMLInputElement).value))}
        />
        ${this.error(id)}
      </div>`;
    };
    const countryId = addressInputId(kind, 'country');
    return html`<fieldset part="address" class=${`address ${kind}`}>
      <legend class="section-title">${title}</legend>
      ${note ? html`<p class="hint custom-text">${richText(note, m.opensInNewTab as string)}</p>` : nothing}
      ${input('name', m.fullName as string, 'name', true)}
      <div class="field">
        <label for=${countryId}>${m.country}</label>
        <select
          part="input"
          id=${countryId}
          name=${countryId}
          autocomplete=${`${kind} country`}
          required
          aria-invalid=${this.invalid(countryId)}
          aria-describedby=${`${countryId}-error`}
          @change=${(e: Event) => this.set(countryId, () => this.changeCountry(kind, a, (e.target as HTMLSelectElement).value))}
        >
          ${countries.length === 1 ? nothing : html`<option value="" ?selected=${!a.country}>${m.choose}</option>`}
          ${names.map((c) => html`<option value=${c.code} ?selected=${c.code === a.country}>${c.name}</option>`)}
        </select>
        ${this.error(countryId)}
      </div>
      ${input('line1', m.line1 as string, 'address-line1', true)}
      ${input('line2', m.line2 as string, 'address-line2', false)}
      ${input('city', m.city as string, 'address-level2', true)}
      ${regions
        ? this.renderRegionSelect(kind, a, regions)
        : NEEDS_STATE.has(a.country) || a.state
          ? input('state', this.stateLabel(a.country), 'address-level1', NEEDS_STATE.has(a.country))
          : nothing}
      ${NO_POSTAL_CODE.has(a.country) ? nothing : input('postal_code', this.postalLabel(a.country), 'postal-code', true)}
    </fieldset>`;
  }

  /** A US state or Canadian province, chosen from Stripe's list: the option values are the codes ("CA", "QC"). */
  private renderRegionSelect(kind: AddressKind, a: AddressValue, regions: { code: string; name: string }[]): TemplateResult {
    const id = addressInputId(kind, 'state');
    return html`<div class="field">
      <label for=${id}>${this.stateLabel(a.country)}</label>
      <select
        part="input"
        id=${id}
        name=${id}
        autocomplete=${`${kind} address-level1`}
        ?required=${NEEDS_STATE.has(a.country)}
        .value=${live(a.state)}
        aria-invalid=${this.invalid(id)}
        aria-describedby=${`${id}-error`}
        @change=${(e: Event) => this.set(id, () => (a.state = (e.target as HTMLSelectElement).value))}
      >
        <option value="" ?selected=${!a.state}>${this.m.choose}</option>
        ${regions.map((r) => html`<option value=${r.code} ?selected=${r.code === a.state}>${r.name}</option>`)}
      </select>
      ${this.error(id)}
    </div>`;
  }

  /** `shipping_address_collection`: the shipping address, its country among the allowed ones. */
  renderShipping(): TemplateResult | typeof nothing {
    const c = this.collect;
    if (!c?.shipping_countries) return nothing;
    return this.renderAddress('shipping', this.m.shippingAddress as string, c.shipping_countries, c.custom_text.shipping_address);
  }

  /** `billing_address_collection: required`: the card holder's name and address. */
  renderBilling(): TemplateResult | typeof nothing {
    if (!this.collect?.billing_address) return nothing;
    return this.renderAddress('billing', this.m.billingAddress as string, ALL_COUNTRIES, null);
  }

  /** The consent checkboxes and `custom_text.submit`, above the Pay button. */
  renderBeforeSubmit(): TemplateResult | typeof nothing {
    const c = this.collect;
    if (!c) return nothing;
    const m = this.m;
    const newTab = m.opensInNewTab as string;
    return html`${c.promotions
        ? html`<div class="check">
            <input part="checkbox" id="promotions" type="checkbox" .checked=${this.promotions} @change=${(e: Event) => this.set('promotions', () => (this.promotions = (e.target as HTMLInputElement).checked))} />
            <label for="promotions">${(m.promotions as Fmt<{ name: string }>)({ name: this.host.merchantLabel })}</label>
          </div>`
        : nothing}
      ${c.terms_of_service
        ? html`<div class="check">
            <input
              part="checkbox terms"
              id=${TERMS_ID}
              name=${TERMS_ID}
              type="checkbox"
              required
              .checked=${this.terms}
              aria-invalid=${this.invalid(TERMS_ID)}
              aria-describedby=${`${TERMS_ID}-error`}
              @change=${(e: Event) => this.set(TERMS_ID, () => (this.terms = (e.target as HTMLInputElement).checked))}
            />
            <label for=${TERMS_ID}>${c.custom_text.terms_of_service_acceptance ? richText(c.custom_text.terms_of_service_acceptance, newTab) : m.termsAccept}</label>
          </div>
          ${this.error(TERMS_ID)}`
        : nothing}
      ${c.custom_text.submit ? html`<p part="custom-text" class="custom-text">${richText(c.custom_text.submit, newTab)}</p>` : nothing}`;
  }

  /** `custom_text.after_submit`, under the Pay button. */
  renderAfterSubmit(): TemplateResult | typeof nothing {
    const text = this.collect?.custom_text.after_submit;
    return text ? html`<p part="custom-text" class="custom-text after">${richText(text, this.m.opensInNewTab as string)}</p>` : nothing;
  }
}

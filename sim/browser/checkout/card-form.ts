// The card form of the simulator's checkout pages (`/c/pay/:id`, `/c/embedded`), typed on the page itself as on
// Stripe Checkout: `#cardNumber`, `#cardExpiry`, `#cardCvc`, then `#billingName`, `#billingCountry` and
// `#billingPostalCode` (when the session does not collect a full billing address, which <ck-checkout> renders with
// the same ids). The page is served from the simulator's origin, so the card goes straight to its API
// (`POST /v1/payment_methods` with the publishable key), as Stripe Checkout's does; <ck-checkout> then confirms with
// Stripe.js. The checks and their wording are the card iframe's (sim/browser/shared/card-rules.ts, messages.ts).
import { html, nothing, type TemplateResult } from 'lit';
import type { CardFormBillingDetails, CardFormContext, CardFormResult, CheckoutCardForm } from '../../../src/components/checkout/checkout-card-form.ts';
import { ALL_COUNTRIES as COUNTRIES, countryOptions } from '../../../src/components/checkout/checkout-fields.ts';
import { ApiClient } from '../shared/api.ts';
import {
  checkCvc, checkExpiry, checkNumber, checkPostal, cvcLength, detectBrand, formatExpiry, formatNumber, maxLength, onlyDigits, parseExpiry,
  type FieldCheck,
} from '../shared/card-rules.ts';
import { resolveSimLocale, t, type MessageKey, type SimLocale } from '../shared/messages.ts';

/** Countries whose card payments ask for a postal code (as Stripe Checkout does: US ZIP, UK and Canadian postcodes). */
const POSTAL_COUNTRIES = new Set(['US', 'GB', 'CA']);

const TEXT = {
  en: {
    cardInformation: 'Card information',
    numberPlaceholder: '1234 1234 1234 1234',
    expiryLabel: 'Expiration',
    cvcLabel: 'CVC',
    cardholderName: 'Cardholder name',
    namePlaceholder: 'Full name on card',
    nameRequired: 'Enter the name on your card.',
    country: 'Country or region',
    zip: 'ZIP',
    postal: 'Postal code',
    invalid_request: 'Your card details could not be checked. Check them and try again.',
  },
  fr: {
    cardInformation: 'Informations de la carte',
    numberPlaceholder: '1234 1234 1234 1234',
    expiryLabel: 'Date d’expiration',
    cvcLabel: 'CVC',
    cardholderName: 'Nom du titulaire de la carte',
    namePlaceholder: 'Nom complet figurant sur la carte',
    nameRequired: 'Saisissez le nom figurant sur votre carte.',
    country: 'Pays ou région',
    zip: 'Code postal',
    postal: 'Code postal',
    invalid_request: 'Les informations de votre carte n’ont pas pu être vérifiées. Vérifiez-les et réessayez.',
  },
} as const;

type Field = 'cardNumber' | 'cardExpiry' | 'cardCvc' | 'billingName' | 'billingPostalCode';

/** Where the card form reads its keys from: the <ck-checkout> element of the page. */
export interface CardFormOwner {
  readonly publishableKey: string;
  readonly stripeAccount: string;
}

export class SimCardForm implements CheckoutCardForm {
  private number = '';
  private expiry = '';
  private cvc = '';
  private name = '';
  /** Chosen on first use from the page's language (the embedded frame sets it from its URL first), then the browser's. */
  private chosenCountry: string | null = null;
  private postal = '';
  /** Field errors (shown once a field was left or Pay was pressed), by input id. */
  private errors: Partial<Record<Field, string>> = {};
  /** Why the last payment failed (a decline), shown under the card. */
  private failure = '';
  private update: () => void = () => {};

  constructor(
    private readonly owner: CardFormOwner,
    private readonly apiBase: string = location.origin,
  ) {}

  private get country(): string {
    if (this.chosenCountry === null) {
      const region = document.documentElement.lang.split(/[-_]/)[1]?.toUpperCase();
      const nav = navigator.language.split(/[-_]/)[1]?.toUpperCase();
      this.chosenCountry = [region, nav].find((c) => c && COUNTRIES.includes(c)) ?? 'US';
    }
    return this.chosenCountry;
  }

  private set country(code: string) {
    this.chosenCountry = code;
  }

  connect(requestUpdate: () => void): void {
    this.update = requestUpdate;
  }

  showError(message: string): void {
    this.failure = message;
    this.update();
  }

  // ----------------------------------------------------------------------------------------------------------
  // Checks

  private brand() {
    return detectBrand(this.number);
  }

  private check(field: Field, ctx: CardFormContext): FieldCheck {
    switch (field) {
      case 'cardNumber':
        return checkNumber(this.number);
      case 'cardExpiry':
        return checkExpiry(parseExpiry(this.expiry));
      case 'cardCvc':
        return checkCvc(this.cvc, this.brand());
      case 'billingName':
        return ctx.billingAddress || this.name.trim() ? { state: 'complete' } : { state: 'empty', code: 'name' };
      case 'billingPostalCode':
        return ctx.billingAddress || !POSTAL_COUNTRIES.has(this.country) ? { state: 'complete' } : checkPostal(this.postal, this.country);
    }
  }

  private message(field: Field, c: FieldCheck, locale: SimLocale): string {
    if (c.state === 'complete') return '';
    if (field === 'billingName') return TEXT[locale].nameRequired;
    return t(locale, (c.code ?? 'incomplete_number') as MessageKey);
  }

  private fields(ctx: CardFormContext): Field[] {
    const out: Field[] = ['cardNumber', 'cardExpiry', 'cardCvc'];
    if (!ctx.billingAddress) {
      out.push('billingName');
      if (POSTAL_COUNTRIES.has(this.country)) out.push('billingPostalCode');
    }
    return out;
  }

  complete(ctx: CardFormContext): boolean {
    return this.fields(ctx).every((f) => this.check(f, ctx).state === 'complete');
  }

  validate(ctx: CardFormContext): string | null {
    const locale = resolveSimLocale(ctx.locale);
    const errors: Partial<Record<Field, string>> = {};
    for (const f of this.fields(ctx)) {
      const msg = this.message(f, this.check(f, ctx), locale);
      if (msg) errors[f] = msg;
    }
    this.errors = errors;
    this.update();
    return this.fields(ctx).find((f) => errors[f]) ?? null;
  }

  /** Leaving a field: an incomplete or invalid value is pointed out (an empty one waits for Pay), as Stripe's fields do. */
  private blur(field: Field, ctx: CardFormContext): void {
    const c = this.check(field, ctx);
    if (c.state === 'empty') return;
    const msg = this.message(field, c, resolveSimLocale(ctx.locale));
    if (msg !== (this.errors[field] ?? '')) {
      this.errors = { ...this.errors, [field]: msg || undefined };
      this.update();
    }
  }

  private typed(field: Field): void {
    this.failure = '';
    if (this.errors[field]) {
      const { [field]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
    this.update();
  }

  // ----------------------------------------------------------------------------------------------------------
  // The PaymentMethod

  async createPaymentMethod(ctx: CardFormContext, billing: CardFormBillingDetails): Promise<CardFormResult> {
    const locale = resolveSimLocale(ctx.locale);
    const exp = parseExpiry(this.expiry);
    const details: Record<string, unknown> = { ...billing };
    if (!ctx.billingAddress) {
      details.name = this.name.trim();
      details.address = { country: this.country, ...(POSTAL_COUNTRIES.has(this.country) ? { postal_code: this.postal.trim() } : {}) };
    }
    const api = new ApiClient(this.apiBase, this.owner.publishableKey, locale, this.owner.stripeAccount || undefined);
    const res = await api.request<{ id: string }>('POST', '/v1/payment_methods', {
      type: 'card',
      card: { number: this.number, exp_month: String(Number(exp.month)), exp_year: String(2000 + Number(exp.year)), cvc: this.cvc },
      billing_details: details,
    });
    if (res.ok) return { paymentMethod: res.data.id };
    // A card refused on creation (incorrect_number, invalid_expiry_year ...): Stripe's message, else a generic one.
    return { error: { message: res.error.message || TEXT[locale].invalid_request } };
  }

  // ----------------------------------------------------------------------------------------------------------
  // Rendering (inside <ck-checkout>, which on the simulator's page renders into the page's DOM; styled by its
  // `.field`, `input` and `.error` rules)

  private invalid(field: Field): 'true' | 'false' {
    return this.errors[field] ? 'true' : 'false';
  }

  render(ctx: CardFormContext): TemplateResult {
    const locale = resolveSimLocale(ctx.locale);
    const m = TEXT[locale];
    const brand = this.brand();
    const cardError = this.errors.cardNumber ?? this.errors.cardExpiry ?? this.errors.cardCvc ?? this.failure;
    const postal = !ctx.billingAddress && POSTAL_COUNTRIES.has(this.country);
    const countries = countryOptions(COUNTRIES, ctx.locale);
    return html`<fieldset class="card-information" data-brand=${brand}>
        <legend class="field-label">${m.cardInformation}</legend>
        <div class="card-inputs">
          <input
            part="input"
            id="cardNumber"
            name="cardNumber"
            class="card-number"
            type="text"
            inputmode="numeric"
            autocomplete="cc-number"
            autocorrect="off"
            spellcheck="false"
            placeholder=${m.numberPlaceholder}
            aria-label=${t(locale, 'cardNumber')}
            aria-invalid=${this.invalid('cardNumber')}
            aria-describedby="cardErrors"
            ?readonly=${ctx.disabled}
            .value=${formatNumber(this.number)}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              this.number = onlyDigits(input.value).slice(0, maxLength(onlyDigits(input.value)));
              input.value = formatNumber(this.number);
              if (this.cvc.length > cvcLength(detectBrand(this.number))) this.cvc = this.cvc.slice(0, cvcLength(detectBrand(this.number)));
              this.typed('cardNumber');
            }}
            @blur=${() => this.blur('cardNumber', ctx)}
          />
          <input
            part="input"
            id="cardExpiry"
            name="cardExpiry"
            class="card-expiry"
            type="text"
            inputmode="numeric"
            autocomplete="cc-exp"
            autocorrect="off"
            spellcheck="false"
            placeholder=${t(locale, 'expiryPlaceholder')}
            aria-label=${m.expiryLabel}
            aria-invalid=${this.invalid('cardExpiry')}
            aria-describedby="cardErrors"
            ?readonly=${ctx.disabled}
            .value=${this.expiry}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              const deleting = (e as InputEvent).inputType?.startsWith('delete') ?? false;
              this.expiry = formatExpiry(parseExpiry(input.value), deleting);
              input.value = this.expiry;
              this.typed('cardExpiry');
            }}
            @blur=${() => this.blur('cardExpiry', ctx)}
          />
          <input
            part="input"
            id="cardCvc"
            name="cardCvc"
            class="card-cvc"
            type="text"
            inputmode="numeric"
            autocomplete="cc-csc"
            autocorrect="off"
            spellcheck="false"
            maxlength=${cvcLength(brand)}
            placeholder=${t(locale, 'cvcPlaceholder')}
            aria-label=${m.cvcLabel}
            aria-invalid=${this.invalid('cardCvc')}
            aria-describedby="cardErrors"
            ?readonly=${ctx.disabled}
            .value=${this.cvc}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              this.cvc = onlyDigits(input.value).slice(0, cvcLength(this.brand()));
              input.value = this.cvc;
              this.typed('cardCvc');
            }}
            @blur=${() => this.blur('cardCvc', ctx)}
          />
        </div>
        <p id="cardErrors" class="error" role="alert">${cardError}</p>
      </fieldset>
      ${ctx.billingAddress
        ? nothing
        : html`<div class="field">
              <label for="billingName">${m.cardholderName}</label>
              <input
                part="input"
                id="billingName"
                name="billingName"
                type="text"
                autocomplete="cc-name"
                placeholder=${m.namePlaceholder}
                required
                aria-invalid=${this.invalid('billingName')}
                aria-describedby="billingName-error"
                ?readonly=${ctx.disabled}
                .value=${this.name}
                @input=${(e: Event) => {
                  this.name = (e.target as HTMLInputElement).value;
                  this.typed('billingName');
                }}
              />
              <p id="billingName-error" class="error" role="alert">${this.errors.billingName ?? ''}</p>
            </div>
            <div class="field">
              <label for="billingCountry">${m.country}</label>
              <select
                part="input"
                id="billingCountry"
                name="billingCountry"
                autocomplete="billing country"
                ?disabled=${ctx.disabled}
                @change=${(e: Event) => {
                  this.country = (e.target as HTMLSelectElement).value;
                  this.typed('billingPostalCode');
                }}
              >
                ${countries.map((c) => html`<option value=${c.code} ?selected=${c.code === this.country}>${c.name}</option>`)}
              </select>
            </div>
            ${postal
              ? html`<div class="field">
                  <label for="billingPostalCode">${this.country === 'US' ? m.zip : m.postal}</label>
                  <input
                    part="input"
                    id="billingPostalCode"
                    name="billingPostalCode"
                    type="text"
                    autocomplete="billing postal-code"
                    inputmode=${this.country === 'US' ? 'numeric' : 'text'}
                    placeholder=${this.country === 'US' ? m.zip : m.postal}
                    required
                    aria-invalid=${this.invalid('billingPostalCode')}
                    aria-describedby="billingPostalCode-error"
                    ?readonly=${ctx.disabled}
                    .value=${this.postal}
                    @input=${(e: Event) => {
                      this.postal = (e.target as HTMLInputElement).value;
                      this.typed('billingPostalCode');
                    }}
                    @blur=${() => this.blur('billingPostalCode', ctx)}
                  />
                  <p id="billingPostalCode-error" class="error" role="alert">${this.errors.billingPostalCode ?? ''}</p>
                </div>`
              : nothing}`}`;
  }
}

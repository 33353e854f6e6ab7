// Prices: create (for a `product` or inline `product_data`), retrieve, update (amounts are immutable: the
// update schema has no unit_amount, so Stripe's "Received unknown parameter: unit_amount" follows), list
// (active, currency, product, type, lookup_keys, recurring, created). No DELETE, as on Stripe. Events: price.*.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { formatAmount, MINIMUM_CHARGE_AMOUNTS } from '../money.ts';
import { bool, createdFilter, listParams, metadataFrom, p, saveUpdate, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';

type PriceObject = Stripe.Price & StripeObject;

// Product fields shared by Products and by the products Prices create from `product_data` (products.ts imports these).

// `tax_details` (API reference: "Tax details for this product, including the tax code and an optional performance
// location"); shown on the product as `{ performance_location, tax_code }`.
export const productTaxDetailsField = p.object({ performance_location: p.string(), tax_code: p.string() });

export function productTaxDetails(v: unknown): Stripe.Product['tax_details'] {
  if (v === null || v === undefined) return null;
  const t = v as { performance_location?: string | null; tax_code?: string | null };
  return { performance_location: t.performance_location ?? null, tax_code: t.tax_code ?? null };
}

/**
 * Statement descriptor of a product (API reference: "up to 22 characters ... may not include <, >, \\, ", '
 * characters ... It must contain at least one letter."), with the wording PaymentIntents use (money.ts).
 */
export function checkStatementDescriptor(v: unknown, param = 'statement_descriptor'): void {
  if (typeof v !== 'string') return;
  const bad = /[<>\\'"]/.exec(v);
  if (bad) throw invalidRequest(`The statement descriptor contains one or more invalid characters: ${bad[0]}`, { param });
  if (!/[A-Za-z\u00C0-\u017F]/.test(v)) throw invalidRequest('The statement descriptor must contain at least one letter.', { param });
}

/** ISO 4217 codes Stripe accepts (lowercase). */
export const STRIPE_CURRENCIES: ReadonlySet<string> = new Set(
  ('usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw').split(' '),
);

export const currencyField = p.string({ required: true, maxLength: 3 });

export function checkCurrency(v: string, param = 'currency'): string {
  // Stripe lowercases the code (as PaymentIntents do here, money.ts validateCurrency): 'USD' is usd.
  const currency = v.toLowerCase();
  if (!STRIPE_CURRENCIES.has(currency)) {
    throw invalidRequest(`Invalid currency: ${v.slice(0, 20)}. Stripe currently supports these currencies: ${[...STRIPE_CURRENCIES].join(', ')}`, { param });
  }
  return currency;
}

export const recurringSchema: Schema = {
  interval: p.enumOf(['day', 'month', 'week', 'year'], { required: true }),
  interval_count: p.integer({ min: 1 }),
  meter: p.string(),
  usage_type: p.enumOf(['licensed', 'metered']),
  trial_period_days: p.integer({ min: 0 }),
};

/** `custom_unit_amount`: a price the customer chooses (Checkout, Payment Links), within minimum and maximum. */
export const customUnitAmountSchema = p.object({
  enabled: p.boolean({ required: true }),
  maximum: p.integer({ min: 0 }),
  minimum: p.integer({ min: 0 }),
  preset: p.integer({ min: 0 }),
});

/** Inline `price_data` as accepted by products (default_price_data), Checkout line items, etc. */
export const priceDataSchema: Schema = {
  currency: currencyField,
  tax_behavior: p.enumOf(['exclusive', 'inclusive', 'unspecified']),
  unit_amount: p.integer({ min: 0, max: 99999999 }),
  unit_amount_decimal: p.decimal({ min: 0 }),
};

/** One entry of `currency_options` (the price in another currency). */
const currencyOptionSchema = p.object({
  custom_unit_amount: customUnitAmountSchema,
  tax_behavior: p.enumOf(['exclusive', 'inclusive', 'unspecified']),
  tiers: p.any(),
  unit_amount: p.integer({ min: 0, max: 99999999 }),
  unit_amount_decimal: p.decimal({ min: 0 }),
});

const createParams: Schema = {
  ...priceDataSchema,
  active: p.boolean(),
  billing_scheme: p.enumOf(['per_unit', 'tiered']),
  currency_options: p.map(currencyOptionSchema),
  custom_unit_amount: customUnitAmountSchema,
  lookup_key: p.string({ maxLength: 200 }),
  metadata: p.metadata(),
  nickname: p.string({ maxLength: 5000 }),
  product: p.id(),
  product_data: p.object({
    name: p.string({ required: true }),
    active: p.boolean(),
    id: p.string({ maxLength: 250 }),
    metadata: p.metadata(),
    statement_descriptor: p.string({ maxLength: 22 }),
    tax_code: p.string(),
    tax_details: productTaxDetailsField,
    unit_label: p.string({ maxLength: 12 }),
  }),
  recurring: p.object(recurringSchema),
  tiers: p.array(
    p.object({
      up_to: p.union([p.enumOf(['inf']), p.integer({ min: 1 })], { required: true }),
      flat_amount: p.integer({ min: 0 }),
      flat_amount_decimal: p.decimal({ min: 0 }),
      unit_amount: p.integer({ min: 0 }),
      unit_amount_decimal: p.decimal({ min: 0 }),
    }),
  ),
  tiers_mode: p.enumOf(['graduated', 'volume']),
  transfer_lookup_key: p.boolean(),
  transform_quantity: p.object({ divide_by: p.integer({ required: true, min: 1 }), round: p.enumOf(['down', 'up'], { required: true }) }),
};

const updateParams: Schema = {
  active: p.boolean(),
  currency_options: p.map(currencyOptionSchema),
  lookup_key: p.string({ maxLength: 200 }),
  metadata: p.metadata(),
  nickname: p.string({ maxLength: 5000 }),
  tax_behavior: p.enumOf(['exclusive', 'inclusive', 'unspecified']),
  transfer_lookup_key: p.boolean(),
};

const listSchema: Schema = {
  ...listParams,
  active: p.boolean(),
  created: p.range(),
  currency: p.string({ maxLength: 3 }),
  lookup_keys: p.array(p.string({ maxLength: 200 }), { maxItems: 10 }),
  product: p.id(),
  recurring: p.object({ interval: p.enumOf(['day', 'month', 'week', 'year']), meter: p.string(), usage_type: p.enumOf(['licensed', 'metered']) }),
  type: p.enumOf(['one_time', 'recurring']),
};

function indexOf(pr: PriceObject): Record<string, string | null | undefined> {
  return {
    product: typeof pr.product === 'string' ? pr.product : pr.product.id,
    active: bool(pr.active),
    currency: pr.currency,
    type: pr.type,
    lookup_key: pr.lookup_key,
  };
}

function claimLookupKey(ctx: RequestContext, key: string, transfer: boolean, selfId: string | null): void {
  const holder = ctx.store.list<PriceObject>({ account: ctx.account, type: 'price', where: { lookup_key: key }, limit: 1 }).items[0];
  if (!holder || holder.id === selfId) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, { param: 'lookup_key' });
  }
  const moved = { ...holder.data, lookup_key: null };
  ctx.update(moved, indexOf(moved));
}

/**
 * `unit_amount_decimal`: "a decimal value in cents (or local equivalent) with at most 12 decimal places";
 * `flat_amount_decimal`: "a decimal value representing an integer in the minor units of the currency" (0 places).
 */
export function checkDecimalPlaces(v: unknown, places: number, param: string): void {
  if (v === undefined || v === null) return;
  const text = String(v);
  const fraction = /\.(\d*?)0*$/.exec(text)?.[1] ?? '';
  if (fraction.length > places) {
    throw invalidRequest(
      places === 0
        ? `Invalid ${param}: ${text.slice(0, 40)} must be a whole number of the currency's minor units.`
        : `Invalid ${param}: ${text.slice(0, 40)} has more than ${places} decimal places.`,
      { param, code: 'parameter_invalid_decimal' },
    );
  }
}

type CustomUnitAmountParam = { enabled: boolean; maximum?: number | null; minimum?: number | null; preset?: number | null };

/**
 * `custom_unit_amount`: excludes `unit_amount` / `unit_amount_decimal` (API reference: "One of `unit_amount`,
 * `unit_amount_decimal`, or `custom_unit_amount` is required"), and `minimum <= preset <= maximum`.
 */
function checkCustomUnitAmount(
  custom: CustomUnitAmountParam | null | undefined, currency: string, hasAmount: boolean, hasDecimal: boolean, at: (k: string) => string,
): void {
  if (!custom) return;
  if (hasAmount || hasDecimal) {
    throw invalidRequest(`You may only specify one of these parameters: custom_unit_amount, ${hasAmount ? 'unit_amount' : 'unit_amount_decimal'}.`, { param: at('custom_unit_amount') });
  }
  if (!custom.enabled) return;
  const { minimum, maximum, preset } = custom;
  // minimum: "Must be at least the minimum charge amount."
  const floor = MINIMUM_CHARGE_AMOUNTS[currency];
  if (typeof minimum === 'number' && floor !== undefined && minimum < floor) {
    throw invalidRequest(`The custom_unit_amount minimum must be at least ${formatAmount(floor, currency)} ${currency}, the minimum charge amount.`, { param: at('custom_unit_amount[minimum]'), code: 'amount_too_small' });
  }
  if (typeof minimum === 'number' && typeof maximum === 'number' && minimum > maximum) {
    throw invalidRequest('The custom_unit_amount minimum must be less than or equal to the maximum.', { param: at('custom_unit_amount[minimum]') });
  }
  if (typeof preset === 'number' && ((typeof minimum === 'number' && preset < minimum) || (typeof maximum === 'number' && preset > maximum))) {
    throw invalidRequest('The custom_unit_amount preset must be between the minimum and the maximum.', { param: at('custom_unit_amount[preset]') });
  }
}

/** Longest recurring interval: "Maximum of three years interval allowed (3 years, 36 months, or 156 weeks)". */
const MAX_INTERVAL_COUNT: Record<string, number> = { year: 3, month: 36, week: 156, day: 1095 };

function checkRecurring(recurring: Record<string, unknown> | null | undefined, at: (k: string) => string): void {
  if (!recurring) return;
  const count = (recurring.interval_count as number | null | undefined) ?? 1;
  const max = MAX_INTERVAL_COUNT[recurring.interval as string];
  if (max !== undefined && count > max) {
    throw invalidRequest(
      `Invalid recurring[interval_count]: the maximum interval allowed is three years (3 years, 36 months, 156 weeks or 1095 days), so interval_count may be at most ${max} for ${recurring.interval as string} intervals.`,
      { param: at('recurring[interval_count]') },
    );
  }
}

/**
 * Tiers (billing_scheme=tiered): no price-level amount; each tier has an amount, not both forms of one; up_to
 * ascending and the last one `inf` ("Use `inf` to define a fallback tier").
 */
function checkTiers(q: Record<string, unknown>, scheme: string, hasAmount: boolean, hasDecimal: boolean, at: (k: string) => string): void {
  if (scheme !== 'tiered') {
    if (q.tiers) throw invalidRequest('Tiers may only be specified when billing_scheme is tiered.', { param: at('tiers') });
    if (q.tiers_mode) throw invalidRequest('tiers_mode may only be specified when billing_scheme is tiered.', { param: at('tiers_mode') });
    return;
  }
  if (hasAmount || hasDecimal) {
    const k = hasAmount ? 'unit_amount' : 'unit_amount_decimal';
    throw invalidRequest(`${k} may not be specified when billing_scheme is tiered: give the amounts in tiers.`, { param: at(k) });
  }
  if (q.custom_unit_amount) throw invalidRequest('custom_unit_amount may not be specified when billing_scheme is tiered.', { param: at('custom_unit_amount') });
  // transform_quantity: "Cannot be combined with `tiers`."
  if (q.transform_quantity) throw invalidRequest('transform_quantity cannot be combined with tiers.', { param: at('transform_quantity') });
  if (!q.tiers) throw parameterMissing(at('tiers'));
  if (!q.tiers_mode) throw parameterMissing(at('tiers_mode'));
  const tiers = q.tiers as Record<string, unknown>[];
  let last = 0;
  tiers.forEach((t, i) => {
    const has = (k: string) => t[k] !== undefined && t[k] !== null;
    checkDecimalPlaces(t.unit_amount_decimal, 12, at(`tiers[${i}][unit_amount_decimal]`));
    checkDecimalPlaces(t.flat_amount_decimal, 0, at(`tiers[${i}][flat_amount_decimal]`));
    for (const [a, b] of [['unit_amount', 'unit_amount_decimal'], ['flat_amount', 'flat_amount_decimal']]) {
      if (has(a) && has(b)) throw invalidRequest(`You may only specify one of these parameters: ${a}, ${b}.`, { param: at(`tiers[${i}][${a}]`) });
    }
    if (!has('unit_amount') && !has('unit_amount_decimal') && !has('flat_amount') && !has('flat_amount_decimal')) {
      throw invalidRequest('An entry in the tiers array is missing an amount.', { param: at(`tiers[${i}]`) });
    }
    const isLast = i === tiers.length - 1;
    if (t.up_to === 'inf') {
      if (!isLast) throw invalidRequest('Only the last tier may have up_to set to inf.', { param: at(`tiers[${i}][up_to]`) });
    } else {
      if (isLast) throw invalidRequest('The last tier must have up_to set to inf.', { param: at(`tiers[${i}][up_to]`) });
      if ((t.up_to as number) <= last) throw invalidRequest('Tiers must be sorted by ascending up_to, with no two tiers sharing the same up_to.', { param: at(`tiers[${i}][up_to]`) });
      last = t.up_to as number;
    }
  });
}

/**
 * Creates and stores a price from validated params (`product` or `product_data`); emits price.created
 * (and product.created for product_data). `param` prefixes error params (e.g. `default_price_data`).
 */
export function createPriceObject(ctx: RequestContext, q: Record<string, unknown>, param = ''): PriceObject {
  const at = (k: string) => (param ? `${param}[${k}]` : k);
  const currency = checkCurrency(q.currency as string, at('currency'));
  let productId = q.product as string | null | undefined;
  if (productId && q.product_data) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: at('product') });
  }
  if (productId) {
    if (!ctx.find(productId, 'product')) throw resourceMissing('product', productId, at('product'));
  } else if (q.product_data) {
    const pd = q.product_data as Record<string, unknown>;
    checkStatementDescriptor(pd.statement_descriptor, at('product_data[statement_descriptor]'));
    const now = ctx.now();
    const product = {
      id: (pd.id as string | null) ?? ctx.newId('prod', 14),
      object: 'product',
      active: (pd.active as boolean | null) ?? true,
      created: now,
      default_price: null,
      description: null,
      images: [],
      livemode: false,
      marketing_features: [],
      metadata: metadataFrom(undefined, pd.metadata),
      name: pd.name as string,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: (pd.statement_descriptor as string | null) ?? null,
      tax_code: (pd.tax_code as string | null) ?? ((pd.tax_details as { tax_code?: string } | null)?.tax_code ?? null),
      tax_details: productTaxDetails(pd.tax_details),
      type: 'service',
      unit_label: (pd.unit_label as string | null) ?? null,
      updated: now,
      url: null,
    };
    if (ctx.store.get(product.id)) throw invalidRequest('Product already exists.', { param: at('product_data[id]'), code: 'resource_already_exists' });
    ctx.insert(product, { active: bool(product.active) });
    ctx.emit('product.created', product);
    productId = product.id;
  } else {
    throw parameterMissing(at('product'));
  }
  const scheme = ((q.billing_scheme as string | null) ?? 'per_unit') as Stripe.Price.BillingScheme;
  const hasAmount = q.unit_amount !== undefined && q.unit_amount !== null;
  const hasDecimal = q.unit_amount_decimal !== undefined && q.unit_amount_decimal !== null;
  if (hasAmount && hasDecimal) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', { param: at('unit_amount') });
  }
  const custom = q.custom_unit_amount as { enabled: boolean; maximum?: number; minimum?: number; preset?: number } | null | undefined;
  checkDecimalPlaces(q.unit_amount_decimal, 12, at('unit_amount_decimal'));
  checkTiers(q, scheme, hasAmount, hasDecimal, at);
  checkCustomUnitAmount(custom, currency, hasAmount, hasDecimal, at);
  if (scheme === 'per_unit' && !hasAmount && !hasDecimal && !custom?.enabled) throw parameterMissing(at('unit_amount'));
  const recurring = q.recurring as Record<string, unknown> | null | undefined;
  checkRecurring(recurring, at);
  if (q.lookup_key) claimLookupKey(ctx, q.lookup_key as string, q.transfer_lookup_key === true, null);
  const unitAmount = hasAmount ? (q.unit_amount as number) : hasDecimal && Number.isInteger(Number(q.unit_amount_decimal)) ? Number(q.unit_amount_decimal) : null;
  const price = {
    id: ctx.newId('price'),
    object: 'price',
    active: (q.active as boolean | null) ?? true,
    billing_scheme: scheme,
    created: ctx.now(),
    currency,
    custom_unit_amount: custom?.enabled ? { maximum: custom.maximum ?? null, minimum: custom.minimum ?? null, preset: custom.preset ?? null } : null,
    livemode: false,
    lookup_key: (q.lookup_key as string | null) ?? null,
    metadata: metadataFrom(undefined, q.metadata),
    nickname: (q.nickname as string | null) ?? null,
    product: productId,
    recurring: recurring
      ? {
          interval: recurring.interval as Stripe.Price.Recurring.Interval,
          interval_count: (recurring.interval_count as number | null) ?? 1,
          meter: (recurring.meter as string | null) ?? null,
          trial_period_days: (recurring.trial_period_days as number | null) ?? null,
          usage_type: ((recurring.usage_type as string | null) ?? 'licensed') as Stripe.Price.Recurring.UsageType,
        }
      : null,
    tax_behavior: ((q.tax_behavior as string | null) ?? 'unspecified') as Stripe.Price.TaxBehavior,
    tiers_mode: (q.tiers_mode as Stripe.Price.TiersMode | null) ?? null,
    transform_quantity: (q.transform_quantity as Stripe.Price.TransformQuantity | null) ?? null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: custom?.enabled ? null : unitAmount,
    unit_amount_decimal: custom?.enabled ? null : hasDecimal ? String(q.unit_amount_decimal) : unitAmount === null ? null : String(unitAmount),
  } as unknown as PriceObject;
  ctx.insert(price, indexOf(price));
  if (scheme === 'tiered') {
    // `tiers` is left out of the price unless expanded (API reference: "This field is not included by default. To
    // include it in the response, expand the tiers field."), so it lives beside the price, not in it.
    ctx.store.insert({ id: tiersId(price.id), type: TIERS, account: ctx.account, created: price.created, data: { id: tiersId(price.id), object: TIERS, tiers: tiersFrom(q.tiers) } });
  }
  if (q.currency_options) saveCurrencyOptions(ctx, price, q.currency_options as Record<string, Record<string, unknown>>, at);
  ctx.emit('price.created', price);
  return price;
}

// `currency_options` is includable like `tiers` ("This field is not included by default. To include it in the
// response, expand the currency_options field."): kept beside the price; expanded, it also lists the price's own
// currency.
const CURRENCY_OPTIONS = 'price:currency_options';
const currencyOptionsId = (priceId: string): string => `${priceId}:currency_options`;
type CurrencyOption = Stripe.Price.CurrencyOptions;

function currencyOption(raw: Record<string, unknown>, scheme: string, param: string): CurrencyOption {
  const custom = raw.custom_unit_amount as { enabled: boolean; maximum?: number; minimum?: number; preset?: number } | null | undefined;
  const hasAmount = typeof raw.unit_amount === 'number';
  const decimal = raw.unit_amount_decimal as string | null | undefined;
  checkDecimalPlaces(decimal, 12, `${param}[unit_amount_decimal]`);
  if (hasAmount && decimal !== undefined && decimal !== null) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', { param: `${param}[unit_amount]` });
  }
  if (scheme === 'per_unit' && !hasAmount && (decimal === undefined || decimal === null) && !custom?.enabled) throw parameterMissing(`${param}[unit_amount]`);
  const unit = hasAmount ? (raw.unit_amount as number) : decimal !== undefined && decimal !== null && Number.isInteger(Number(decimal)) ? Number(decimal) : null;
  return {
    custom_unit_amount: custom?.enabled ? { maximum: custom.maximum ?? null, minimum: custom.minimum ?? null, preset: custom.preset ?? null } : null,
    tax_behavior: ((raw.tax_behavior as string | undefined) ?? 'unspecified') as Stripe.Price.CurrencyOptions.TaxBehavior,
    ...(scheme === 'tiered' ? { tiers: tiersFrom(raw.tiers) } : {}),
    unit_amount: custom?.enabled ? null : unit,
    unit_amount_decimal: custom?.enabled ? null : decimal !== undefined && decimal !== null ? String(decimal) : unit === null ? null : String(unit),
  } as unknown as CurrencyOption;
}

function saveCurrencyOptions(ctx: RequestContext, price: PriceObject, raw: Record<string, Record<string, unknown>>, at: (k: string) => string): void {
  const id = currencyOptionsId(price.id);
  const stored = ctx.store.get<{ options: Record<string, CurrencyOption> }>(id)?.data.options ?? {};
  const options = { ...stored };
  for (const [code, entry] of Object.entries(raw)) {
    const currency = checkCurrency(code, at(`currency_options[${code}]`));
    if (currency === price.currency) continue; // the price's own currency is the price itself
    options[currency] = currencyOption(entry ?? {}, price.billing_scheme, at(`currency_options[${currency}]`));
  }
  const data = { id, object: CURRENCY_OPTIONS, options };
  if (ctx.store.get(id)) ctx.store.update(id, data);
  else ctx.store.insert({ id, type: CURRENCY_OPTIONS, account: ctx.account, created: price.created, data });
}

function expandCurrencyOptions(ctx: RequestContext, parent: Record<string, unknown>): Record<string, CurrencyOption> {
  const own = {
    custom_unit_amount: parent.custom_unit_amount ?? null,
    tax_behavior: parent.tax_behavior,
    ...(parent.billing_scheme === 'tiered' ? { tiers: ctx.store.get<{ tiers: WireTier[] }>(tiersId(String(parent.id)))?.data.tiers ?? [] } : {}),
    unit_amount: parent.unit_amount ?? null,
    unit_amount_decimal: parent.unit_amount_decimal ?? null,
  } as unknown as CurrencyOption;
  const others = ctx.store.get<{ options: Record<string, CurrencyOption> }>(currencyOptionsId(String(parent.id)))?.data.options ?? {};
  return { [String(parent.currency)]: own, ...others };
}

const TIERS = 'price:tiers';
const tiersId = (priceId: string): string => `${priceId}:tiers`;

/** A tier on the wire (the SDK's `Stripe.Price.Tier` types the `_decimal` strings as its Decimal class). */
interface WireTier {
  flat_amount: number | null;
  flat_amount_decimal: string | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  up_to: number | null;
}

/** Tiers as Stripe returns them: every amount field present (null when not given), `up_to: null` for `inf`. */
function tiersFrom(raw: unknown): WireTier[] {
  return ((raw as Record<string, unknown>[] | null) ?? []).map((t) => {
    const flat = (t.flat_amount as number | null | undefined) ?? null;
    const flatDecimal = (t.flat_amount_decimal as string | null | undefined) ?? null;
    const unit = (t.unit_amount as number | null | undefined) ?? null;
    const unitDecimal = (t.unit_amount_decimal as string | null | undefined) ?? null;
    return {
      flat_amount: flat ?? (flatDecimal !== null && Number.isInteger(Number(flatDecimal)) ? Number(flatDecimal) : null),
      flat_amount_decimal: flatDecimal ?? (flat === null ? null : String(flat)),
      unit_amount: unit ?? (unitDecimal !== null && Number.isInteger(Number(unitDecimal)) ? Number(unitDecimal) : null),
      unit_amount_decimal: unitDecimal ?? (unit === null ? null : String(unit)),
      up_to: t.up_to === 'inf' ? null : (t.up_to as number),
    };
  });
}

function update(ctx: RequestContext): PriceObject {
  const q = ctx.params;
  const before = ctx.get<PriceObject>(ctx.pathParams.id, 'price');
  const after = JSON.parse(JSON.stringify(before)) as PriceObject;
  if ('active' in q) after.active = (q.active as boolean | null) ?? true;
  if (before.active && !after.active) {
    // Stripe refuses to archive a product's default price (set another default, or unset it, first).
    const product = ctx.find<StripeObject>(String(before.product), 'product');
    if (product?.data.default_price === before.id) {
      throw invalidRequest('This price cannot be archived because it is the default price of its product.');
    }
  }
  if ('nickname' in q) after.nickname = (q.nickname as string | null) ?? null;
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata, q.metadata);
  if (q.currency_options) saveCurrencyOptions(ctx, before, q.currency_options as Record<string, Record<string, unknown>>, (k) => k);
  // `currency_options` is Emptyable on update: an empty value removes the price's other currencies
  if ('currency_options' in q && q.currency_options === null && ctx.store.get(currencyOptionsId(before.id))) {
    ctx.store.update(currencyOptionsId(before.id), { id: currencyOptionsId(before.id), object: CURRENCY_OPTIONS, options: {} });
  }
  if ('tax_behavior' in q && q.tax_behavior !== null && q.tax_behavior !== before.tax_behavior) {
    if (before.tax_behavior !== 'unspecified' && before.tax_behavior !== null) {
      throw invalidRequest('The tax_behavior of a price cannot be changed once it is set to exclusive or inclusive.', { param: 'tax_behavior' });
    }
    after.tax_behavior = q.tax_behavior as Stripe.Price.TaxBehavior;
  }
  if ('lookup_key' in q) {
    const key = q.lookup_key as string | null;
    if (key) claimLookupKey(ctx, key, q.transfer_lookup_key === true, before.id);
    after.lookup_key = key;
  }
  return saveUpdate(ctx, before, after, 'price.updated', indexOf(after));
}

export function registerPrices(sim: Simulator): void {
  registerExpandable('price', {
    product: null,
    tiers: (ctx, _v, parent) =>
      parent.billing_scheme === 'tiered' ? (ctx.store.get<{ tiers: WireTier[] }>(tiersId(String(parent.id)))?.data.tiers ?? []) : undefined,
    currency_options: (ctx, _v, parent) => expandCurrencyOptions(ctx, parent),
  });
  sim.route({ method: 'POST', path: '/v1/prices', params: createParams, handler: (ctx) => createPriceObject(ctx, ctx.params) });
  sim.route({ method: 'GET', path: '/v1/prices/:id', handler: (ctx) => ctx.get<PriceObject>(ctx.pathParams.id, 'price') });
  sim.route({ method: 'POST', path: '/v1/prices/:id', params: updateParams, handler: update });
  sim.route({
    method: 'GET',
    path: '/v1/prices',
    params: listSchema,
    handler: (ctx) => {
      const q = ctx.params;
      const rec = q.recurring as Record<string, string | null> | null | undefined;
      const lookupKeys = q.lookup_keys as string[] | null | undefined;
      return ctx.list<PriceObject>('price', {
        where: {
          active: bool(q.active),
          currency: (q.currency as string | null) ?? undefined,
          product: (q.product as string | null) ?? undefined,
          type: (q.type as string | null) ?? (rec ? 'recurring' : undefined),
          lookup_key: lookupKeys ?? undefined,
        },
        created: createdFilter(q.created),
        filter: rec
          ? (pr) => (!rec.interval || pr.recurring?.interval === rec.interval) && (!rec.usage_type || pr.recurring?.usage_type === rec.usage_type) && (!rec.meter || pr.recurring?.meter === rec.meter)
          : undefined,
      });
    },
  });
}

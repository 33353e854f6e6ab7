// Customers: create, retrieve (deleted customers come back as `{ id, object, deleted: true }`), update,
// delete, list (email, created, test_clock filters). Events: customer.created / .updated / .deleted.
// Cards saved with `source` / `default_source`: customer_sources.ts.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { randomString } from '../ids.ts';
import { registerExpandable } from '../expand.ts';
import {
  addressField,
  checkEmail,
  createdFilter,
  deletedStub,
  listParams,
  mergeAddress,
  metadataFrom,
  p,
  saveUpdate,
  toAddress,
  type Address,
  type Schema,
} from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { TAX_ID_TYPES, createTaxId, listTaxIds, removeCustomerTaxIds } from './tax_ids.ts';
import { createCustomerSource, customerCardId, customerSourcesSublist, deleteCustomerSource, removeCustomerSources } from './customer_sources.ts';

type CustomerObject = Stripe.Customer & StripeObject;

const shippingField = p.object({
  address: p.object(addressField.kind === 'object' ? addressField.shape : {}, { required: true }),
  name: p.string({ required: true }),
  phone: p.string(),
});

const invoiceSettingsField = p.object({
  custom_fields: p.array(p.object({ name: p.string({ required: true, maxLength: 40 }), value: p.string({ required: true, maxLength: 140 }) }), { maxItems: 4 }),
  default_payment_method: p.id(),
  footer: p.string({ maxLength: 5000 }),
  rendering_options: p.object({ amount_tax_display: p.enumOf(['exclude_tax', 'include_inclusive_tax']), template: p.string() }),
});

const common: Schema = {
  address: addressField,
  balance: p.integer(),
  business_name: p.string({ maxLength: 150 }),
  cash_balance: p.object({ settings: p.object({ reconciliation_mode: p.enumOf(['automatic', 'manual', 'merchant_default']) }) }),
  description: p.string({ maxLength: 350 }),
  email: p.string({ maxLength: 512 }),
  individual_name: p.string({ maxLength: 150 }),
  invoice_prefix: p.string({ pattern: /^[A-Z0-9]{3,12}$/, patternMessage: 'Invalid invoice_prefix: must be 3 to 12 uppercase letters or digits.' }),
  invoice_settings: invoiceSettingsField,
  metadata: p.metadata(),
  name: p.string({ maxLength: 256 }),
  next_invoice_sequence: p.integer({ min: 1 }),
  phone: p.string({ maxLength: 20 }),
  preferred_locales: p.array(p.string()),
  shipping: shippingField,
  source: p.id(),
  tax: p.object({ ip_address: p.string(), validate_location: p.enumOf(['auto', 'deferred', 'immediately']) }),
  tax_exempt: p.enumOf(['exempt', 'none', 'reverse']),
};

const createParams: Schema = {
  ...common,
  payment_method: p.id(),
  tax_id_data: p.array(p.object({ type: p.enumOf(TAX_ID_TYPES, { required: true }), value: p.string({ required: true }) })),
  test_clock: p.id(),
  validate: p.boolean(),
};

const updateParams: Schema = { ...common, default_source: p.id(), validate: p.boolean() };

const listSchema: Schema = { ...listParams, created: p.range(), email: p.string({ maxLength: 512 }), test_clock: p.id() };

function shipping(v: unknown): CustomerObject['shipping'] {
  if (v === null || v === undefined) return null;
  const s = v as { address: unknown; name: string; phone?: string | null };
  return { address: toAddress(s.address) as Stripe.Address, name: s.name, phone: s.phone ?? null } as CustomerObject['shipping'];
}

function checkDefaultPaymentMethod(ctx: RequestContext, customerId: string, pm: string | null | undefined): void {
  if (pm === null || pm === undefined) return;
  const rec = ctx.find<{ customer?: string | null }>(pm, 'payment_method');
  if (!rec) throw resourceMissing('PaymentMethod', pm, 'invoice_settings[default_payment_method]');
  if (rec.data.customer !== customerId) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`,
      { param: 'invoice_settings[default_payment_method]' },
    );
  }
}

function invoiceSettings(current: CustomerObject['invoice_settings'] | undefined, v: unknown): CustomerObject['invoice_settings'] {
  const base = current ?? { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null };
  if (v === undefined) return base;
  if (v === null) return { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null };
  const s = v as Record<string, unknown>;
  const out = { ...base } as Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (k === 'rendering_options' && s[k] !== null) out[k] = { amount_tax_display: null, template: null, ...(s[k] as object) };
    else out[k] = s[k];
  }
  return out as unknown as CustomerObject['invoice_settings'];
}

const DELETED = 'customer:deleted';

function loadLive(ctx: RequestContext, id: string): CustomerObject {
  return ctx.get<CustomerObject>(id, 'customer', { kind: 'customer' });
}

function retrieve(ctx: RequestContext): StripeObject {
  const id = ctx.pathParams.id;
  const rec = ctx.find<StripeObject>(id, 'customer') ?? ctx.find<StripeObject>(id, DELETED);
  if (!rec) throw resourceMissing('customer', id);
  return rec.data;
}

function index(c: CustomerObject): Record<string, string | null> {
  return { email: c.email, test_clock: typeof c.test_clock === 'string' ? c.test_clock : null };
}

function create(ctx: RequestContext): CustomerObject {
  const q = ctx.params;
  checkEmail(q.email, 'email');
  const id = ctx.newId('cus', 14);
  if (q.test_clock) ctx.get(q.test_clock as string, 'test_helpers.test_clock', { param: 'test_clock', kind: 'test_clock' });
  // `source` (a token): a card saved on the customer as its default source (customer_sources.ts)
  const card = q.source ? createCustomerSource(ctx, id, q.source, 'source') : null;
  const customer: CustomerObject = {
    id,
    object: 'customer',
    address: toAddress(q.address) as Address as Stripe.Address | null,
    balance: (q.balance as number | null) ?? 0,
    created: ctx.now(),
    currency: null,
    default_source: card?.id ?? null,
    delinquent: false,
    description: (q.description as string | null) ?? null,
    discount: null,
    email: (q.email as string | null) ?? null,
    invoice_prefix: (q.invoice_prefix as string | null) ?? randomString(8).toUpperCase().replace(/[^A-Z0-9]/g, 'X'),
    invoice_settings: invoiceSettings(undefined, q.invoice_settings),
    livemode: false,
    metadata: metadataFrom(undefined, q.metadata),
    name: (q.name as string | null) ?? null,
    next_invoice_sequence: (q.next_invoice_sequence as number | null) ?? 1,
    phone: (q.phone as string | null) ?? null,
    preferred_locales: (q.preferred_locales as string[] | null) ?? [],
    shipping: shipping(q.shipping),
    tax_exempt: ((q.tax_exempt as string | null) ?? 'none') as Stripe.Customer.TaxExempt,
    test_clock: (q.test_clock as string | null) ?? null,
  };
  if (q.business_name) customer.business_name = q.business_name as string;
  if (q.individual_name) customer.individual_name = q.individual_name as string;
  ctx.insert(customer, index(customer));
  saveTaxIp(ctx, id, q.tax);
  if (q.payment_method) {
    const attach = ctx.sim.services.attachPaymentMethod;
    if (!attach) throw resourceMissing('PaymentMethod', q.payment_method as string, 'payment_method');
    // payment_methods.ts's service answers the attached PaymentMethod's id (SimServices declares it void).
    const attached = (attach as unknown as (...a: Parameters<NonNullable<typeof attach>>) => string | undefined)(ctx, q.payment_method as string, id, 'payment_method');
    // Stripe's docs pass the same test id twice (`payment_method: 'pm_card_visa'` with
    // `invoice_settings[default_payment_method]: 'pm_card_visa'`): the default is the PaymentMethod just attached.
    if (attached && customer.invoice_settings.default_payment_method === q.payment_method) {
      customer.invoice_settings.default_payment_method = attached;
      ctx.update(customer, index(customer));
    }
  }
  checkDefaultPaymentMethod(ctx, id, customer.invoice_settings.default_payment_method as string | null);
  ctx.emit('customer.created', customer);
  if (card) ctx.emit('customer.source.created', card);
  ((q.tax_id_data as { type: string; value: string }[] | null | undefined) ?? []).forEach((t, i) =>
    createTaxId(ctx, id, t.type, t.value, `tax_id_data[${i}][value]`));
  return customer;
}

function update(ctx: RequestContext): CustomerObject {
  const q = ctx.params;
  const before = loadLive(ctx, ctx.pathParams.id);
  checkEmail(q.email, 'email');
  const after: CustomerObject = JSON.parse(JSON.stringify(before)) as CustomerObject;
  for (const k of ['balance', 'description', 'email', 'name', 'phone', 'preferred_locales', 'next_invoice_sequence', 'invoice_prefix'] as const) {
    if (k in q) (after as Record<string, unknown>)[k] = q[k] ?? (k === 'balance' ? 0 : k === 'preferred_locales' ? [] : null);
  }
  if ('address' in q) after.address = mergeAddress(before.address as Address | null, q.address) as Stripe.Address | null;
  if ('shipping' in q) after.shipping = shipping(q.shipping);
  if ('tax_exempt' in q) after.tax_exempt = ((q.tax_exempt as string | null) ?? 'none') as Stripe.Customer.TaxExempt;
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata, q.metadata);
  if ('invoice_settings' in q) after.invoice_settings = invoiceSettings(before.invoice_settings, q.invoice_settings);
  if ('business_name' in q) after.business_name = (q.business_name as string | null) ?? undefined;
  if ('individual_name' in q) after.individual_name = (q.individual_name as string | null) ?? undefined;
  // `default_source`: one of the customer's cards; `source` (a token): a new card that replaces the default source,
  // the old default being deleted (customer_sources.ts)
  if (q.default_source) after.default_source = customerCardId(ctx, before.id, q.default_source as string, 'default_source');
  if (q.source) {
    const card = createCustomerSource(ctx, before.id, q.source, 'source');
    ctx.emit('customer.source.created', card);
    const old = typeof before.default_source === 'string' ? before.default_source : null;
    const oldCard = old ? ctx.find<Stripe.Card & StripeObject>(old, 'card')?.data : undefined;
    if (oldCard) deleteCustomerSource(ctx, before, oldCard, false);
    after.default_source = card.id;
  }
  checkDefaultPaymentMethod(ctx, before.id, after.invoice_settings.default_payment_method as string | null);
  saveTaxIp(ctx, before.id, q.tax);
  return saveUpdate(ctx, before, after, 'customer.updated', index(after));
}

function remove(ctx: RequestContext): StripeObject {
  const c = loadLive(ctx, ctx.pathParams.id);
  const stub = deletedStub(c);
  // Keep a tombstone under the same id: retrieving a deleted customer returns the stub, as on Stripe.
  // (stored as type `customer:deleted` so lists skip it without scanning).
  ctx.remove(c.id);
  if (ctx.find(taxId(c.id), TAX)) ctx.remove(taxId(c.id)); // the tax ip_address kept beside it (saveTaxIp)
  removeCustomerTaxIds(ctx, c.id); // its tax IDs go with it
  removeCustomerSources(ctx, c.id); // and its cards
  ctx.store.insert({ id: c.id, type: DELETED, account: ctx.account, created: c.created, data: stub });
  ctx.emit('customer.deleted', c);
  return stub;
}

// Fields left out of a customer unless expanded (API reference: "This field is not included by default. To include
// it in the response, expand the ... field."). The simulator has no subscriptions or cash
// balances, so those are empty; `tax` is worked out from the customer's addresses and the ip_address it was given.
const TAX = 'customer:tax';
const taxId = (customerId: string): string => `${customerId}:tax`;

function emptyList(url: string): Record<string, unknown> {
  return { object: 'list', data: [], has_more: false, total_count: 0, url };
}

function saveTaxIp(ctx: RequestContext, customerId: string, tax: unknown): void {
  if (tax === undefined) return;
  const ip = tax === null ? null : ((tax as { ip_address?: string | null }).ip_address ?? undefined);
  if (ip === undefined) return;
  const id = taxId(customerId);
  const data = { id, object: TAX, ip_address: ip };
  if (ctx.find(id, TAX)) ctx.update(data);
  else ctx.insert(data);
}

function customerTax(ctx: RequestContext, parent: Record<string, unknown>): Stripe.Customer.Tax {
  const c = parent as unknown as CustomerObject;
  const ip = ctx.store.get<{ ip_address: string | null }>(taxId(c.id))?.data.ip_address ?? null;
  const shippingAddress = c.shipping?.address ?? null;
  const [source, addr] = c.address?.country
    ? (['billing_address', c.address] as const)
    : shippingAddress?.country
      ? (['shipping_destination', shippingAddress] as const)
      : [null, null];
  const location = addr && source ? { country: addr.country as string, source, state: addr.state ?? null } : null;
  return {
    automatic_tax: location || ip ? 'supported' : 'unrecognized_location',
    ip_address: ip,
    location: location as Stripe.Customer.Tax['location'],
    provider: 'stripe',
  };
}

export function registerCustomers(sim: Simulator): void {
  registerExpandable('customer', {
    default_source: null,
    'invoice_settings.default_payment_method': null,
    test_clock: null,
    sources: (ctx, _v, parent) => customerSourcesSublist(ctx, String(parent.id)),
    subscriptions: (_ctx, _v, parent) => emptyList(`/v1/customers/${String(parent.id)}/subscriptions`),
    tax_ids: (ctx, _v, parent) => listTaxIds(ctx, String(parent.id), `/v1/customers/${String(parent.id)}/tax_ids`),
    tax: (ctx, _v, parent) => customerTax(ctx, parent),
    cash_balance: () => null,
    invoice_credit_balance: () => ({}),
  });
  sim.route({ method: 'POST', path: '/v1/customers', params: createParams, handler: create });
  sim.route({
    method: 'GET',
    path: '/v1/customers/:id',
    handler: retrieve,
  });
  sim.route({ method: 'POST', path: '/v1/customers/:id', params: updateParams, handler: update });
  sim.route({ method: 'DELETE', path: '/v1/customers/:id', handler: remove });
  sim.route({
    method: 'GET',
    path: '/v1/customers',
    params: listSchema,
    handler: (ctx) =>
      ctx.list<CustomerObject>('customer', {
        where: { email: (ctx.params.email as string | null) ?? undefined, test_clock: (ctx.params.test_clock as string | null) ?? undefined },
        created: createdFilter(ctx.params.created),
      }),
  });
}

// Products: create (with `default_price_data`), retrieve, update, delete (refused while user-created
// prices exist, as on Stripe), list (active, ids, shippable, url, created). Events: product.*.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { bool, createdFilter, deletedStub, listParams, metadataFrom, p, saveUpdate, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import {
  checkDecimalPlaces, checkStatementDescriptor, createPriceObject, customUnitAmountSchema, priceDataSchema, productTaxDetails, productTaxDetailsField,
} from './prices.ts';

type ProductObject = Stripe.Product & StripeObject;

const DELETED = 'product:deleted';
const ID_RE = /^[A-Za-z0-9_\-.]{1,250}$/;

const packageDimensions = p.object({
  height: p.decimal({ required: true, min: 0 }),
  length: p.decimal({ required: true, min: 0 }),
  weight: p.decimal({ required: true, min: 0 }),
  width: p.decimal({ required: true, min: 0 }),
});

const common: Schema = {
  active: p.boolean(),
  description: p.string({ maxLength: 40000 }),
  images: p.array(p.string({ maxLength: 2048 }), { maxItems: 8 }),
  marketing_features: p.array(p.object({ name: p.string({ required: true, maxLength: 80 }) }), { maxItems: 15 }),
  metadata: p.metadata(),
  name: p.string({ maxLength: 5000 }),
  package_dimensions: packageDimensions,
  shippable: p.boolean(),
  statement_descriptor: p.string({ maxLength: 22 }),
  tax_code: p.string(),
  tax_details: productTaxDetailsField,
  unit_label: p.string({ maxLength: 12 }),
  url: p.string({ maxLength: 5000 }),
};

const createParams: Schema = {
  ...common,
  name: p.string({ required: true, maxLength: 5000 }),
  id: p.string({ maxLength: 250, pattern: ID_RE, patternMessage: 'Invalid id: product ids may only contain letters, digits, underscores, dashes and dots.' }),
  // ProductCreateParams.DefaultPriceData: a price's amounts, metadata and a recurring interval (no usage_type, meter
  // or trial: those are the Prices API's own)
  default_price_data: p.object({
    ...priceDataSchema,
    currency_options: p.map(p.any()),
    custom_unit_amount: customUnitAmountSchema,
    metadata: p.metadata(),
    recurring: p.object({ interval: p.enumOf(['day', 'month', 'week', 'year'], { required: true }), interval_count: p.integer({ min: 1 }) }),
  }),
  type: p.enumOf(['good', 'service']),
};

const updateParams: Schema = { ...common, default_price: p.id() };

const listSchema: Schema = {
  ...listParams,
  active: p.boolean(),
  created: p.range(),
  ids: p.array(p.string()),
  shippable: p.boolean(),
  type: p.enumOf(['good', 'service']),
  url: p.string(),
};

/** package_dimensions: "Maximum precision is 2 decimal places." */
function checkDims(v: unknown): void {
  if (!v) return;
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) checkDecimalPlaces(n, 2, `package_dimensions[${k}]`);
}

function dims(v: unknown): ProductObject['package_dimensions'] {
  if (!v) return null;
  const d = v as Record<string, string>;
  return { height: Number(d.height), length: Number(d.length), weight: Number(d.weight), width: Number(d.width) };
}


/**
 * `statement_descriptor` and `unit_label` "May only be set if type=service": on a `good` product Stripe answers as for
 * a parameter it does not know (its maintainers, stripe-dotnet#2046: "Received unknown parameter: statement_descriptor").
 */
function checkServiceOnly(type: string, q: Record<string, unknown>): void {
  if (type !== 'good') return;
  for (const k of ['statement_descriptor', 'unit_label']) {
    if (q[k] !== undefined && q[k] !== null) throw invalidRequest(`Received unknown parameter: ${k}`, { param: k, code: 'parameter_unknown' });
  }
}

function indexOf(prod: ProductObject): Record<string, string | null | undefined> {
  return { active: bool(prod.active), shippable: bool(prod.shippable ?? undefined), url: prod.url };
}

function create(ctx: RequestContext): ProductObject {
  const q = ctx.params;
  const id = (q.id as string | null) ?? ctx.newId('prod', 14);
  checkServiceOnly((q.type as string | null) ?? 'service', q);
  checkStatementDescriptor(q.statement_descriptor);
  checkDims(q.package_dimensions);
  if (ctx.store.get(id)) throw invalidRequest(`Product already exists.`, { param: 'id', code: 'resource_already_exists' });
  const now = ctx.now();
  const product: ProductObject = {
    id,
    object: 'product',
    active: (q.active as boolean | null) ?? true,
    created: now,
    default_price: null,
    description: (q.description as string | null) ?? null,
    images: (q.images as string[] | null) ?? [],
    livemode: false,
    marketing_features: ((q.marketing_features as { name: string }[] | null) ?? []).map((f) => ({ name: f.name })),
    metadata: metadataFrom(undefined, q.metadata),
    name: q.name as string,
    package_dimensions: dims(q.package_dimensions),
    shippable: (q.shippable as boolean | null) ?? null,
    statement_descriptor: (q.statement_descriptor as string | null) ?? null,
    tax_code: (q.tax_code as string | null) ?? ((q.tax_details as { tax_code?: string } | null)?.tax_code ?? null),
    tax_details: productTaxDetails(q.tax_details),
    type: ((q.type as string | null) ?? 'service') as Stripe.Product.Type,
    unit_label: (q.unit_label as string | null) ?? null,
    updated: now,
    url: (q.url as string | null) ?? null,
  } as ProductObject;
  ctx.insert(product, indexOf(product));
  ctx.emit('product.created', product);
  if (q.default_price_data) {
    const price = createPriceObject(ctx, { ...(q.default_price_data as Record<string, unknown>), product: id }, 'default_price_data');
    product.default_price = price.id;
    ctx.update(product, indexOf(product));
  }
  return product;
}

function update(ctx: RequestContext): ProductObject {
  const q = ctx.params;
  const before = ctx.get<ProductObject>(ctx.pathParams.id, 'product');
  const after = JSON.parse(JSON.stringify(before)) as ProductObject;
  checkServiceOnly(before.type, q);
  checkStatementDescriptor(q.statement_descriptor);
  if ('name' in q) {
    if (q.name === null) throw invalidRequest("You passed an empty string for 'name'. We assume empty values are an attempt to unset a parameter; however 'name' cannot be unset. You should remove 'name' from your request or supply a non-empty value.", { param: 'name', code: 'parameter_invalid_empty' });
    after.name = q.name as string;
  }
  if ('active' in q) after.active = (q.active as boolean | null) ?? true;
  for (const k of ['description', 'statement_descriptor', 'tax_code', 'unit_label', 'url', 'shippable'] as const) {
    if (k in q) (after as Record<string, unknown>)[k] = q[k] ?? null;
  }
  if ('tax_details' in q) {
    after.tax_details = productTaxDetails(q.tax_details);
    if (after.tax_details?.tax_code && !('tax_code' in q)) after.tax_code = after.tax_details.tax_code;
  }
  if ('images' in q) after.images = (q.images as string[] | null) ?? [];
  if ('marketing_features' in q) after.marketing_features = ((q.marketing_features as { name: string }[] | null) ?? []).map((f) => ({ name: f.name }));
  checkDims(q.package_dimensions);
  if ('package_dimensions' in q) after.package_dimensions = dims(q.package_dimensions);
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata, q.metadata);
  if ('default_price' in q) {
    const dp = q.default_price as string | null;
    if (dp !== null) {
      const price = ctx.find<{ product: string; active: boolean }>(dp, 'price');
      if (!price) throw resourceMissing('price', dp, 'default_price');
      if (price.data.product !== before.id) throw invalidRequest(`The price ${dp} does not belong to product ${before.id}.`, { param: 'default_price' });
      if (!price.data.active) throw invalidRequest(`The price ${dp} is archived and cannot be the default price of a product.`, { param: 'default_price' });
    }
    after.default_price = dp;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) after.updated = ctx.now();
  return saveUpdate(ctx, before, after, 'product.updated', indexOf(after));
}

function remove(ctx: RequestContext): StripeObject {
  const prod = ctx.get<ProductObject>(ctx.pathParams.id, 'product');
  const prices = ctx.store.list({ account: ctx.account, type: 'price', where: { product: prod.id }, limit: 1 });
  if (prices.items.length > 0) {
    // Stripe's wording; its public material shows no error code for it, so none is given.
    throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.');
  }
  const stub = deletedStub(prod);
  ctx.remove(prod.id);
  ctx.store.insert({ id: prod.id, type: DELETED, account: ctx.account, created: prod.created, data: stub });
  ctx.emit('product.deleted', prod);
  return stub;
}

export function registerProducts(sim: Simulator): void {
  registerExpandable('product', ['default_price', 'tax_code']);
  sim.route({ method: 'POST', path: '/v1/products', params: createParams, handler: create });
  sim.route({
    method: 'GET',
    path: '/v1/products/:id',
    handler: (ctx) => {
      const rec = ctx.find<StripeObject>(ctx.pathParams.id, 'product') ?? ctx.find<StripeObject>(ctx.pathParams.id, DELETED);
      if (!rec) throw resourceMissing('product', ctx.pathParams.id);
      return rec.data;
    },
  });
  sim.route({ method: 'POST', path: '/v1/products/:id', params: updateParams, handler: update });
  sim.route({ method: 'DELETE', path: '/v1/products/:id', handler: remove });
  sim.route({
    method: 'GET',
    path: '/v1/products',
    params: listSchema,
    handler: (ctx) => {
      const q = ctx.params;
      const ids = q.ids as string[] | null | undefined;
      // API reference, `ids`: "Cannot be used with starting_after or ending_before."
      if (ids && (q.starting_after || q.ending_before)) {
        throw invalidRequest('You cannot use `ids` together with `starting_after` or `ending_before`.', { param: 'ids' });
      }
      const type = (q.type as string | null | undefined) ?? undefined;
      return ctx.list<ProductObject>('product', {
        where: { active: bool(q.active), shippable: bool(q.shippable), url: (q.url as string | null) ?? undefined },
        created: createdFilter(q.created),
        filter: ids || type ? (prod) => (!ids || ids.includes(prod.id)) && (!type || prod.type === type) : undefined,
      });
    },
  });
}

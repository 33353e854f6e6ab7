// Search (`GET /v1/<resource>/search`) for charges, customers, payment_intents, prices and products: each resource's
// query fields as Stripe's "Query fields" tables type them (token, string, numeric), matched with the query language
// of ../search.ts. Answers `{ object: 'search_result', data, has_more, next_page, url }` (plus `total_count` with
// `expand[]=total_count`), newest first; `page` takes `next_page`. Per account (`Stripe-Account`), secret keys only.
// Matching scans the account's objects of the type (Store.list with a predicate): O(objects of that type) per
// page, and a second full scan for total_count. Unlike Stripe (about a minute of indexing), results are
// immediately consistent.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { p, type Schema } from '../params.ts';
import type { Simulator } from '../app.ts';
import { searchMatcher, type SearchField, type SearchSchema } from '../search.ts';
import { settleAsyncCapture, type ChargeObject } from './charges.ts';

interface SearchResource extends SearchSchema {
  /** Store type of the objects. */
  type: string;
  /** Brings a found object up to date as retrieve and list show it (a charge's pending asynchronous capture). */
  prepare?: (ctx: RequestContext, o: StripeObject) => StripeObject;
}

const token: SearchField = { type: 'token' };
const string: SearchField = { type: 'string' };
const numeric: SearchField = { type: 'numeric' };

/** `payment_method_details.{card,card_present,interac_present}.{last4,exp_month,exp_year,brand,fingerprint}`. */
const cardFields: Record<string, SearchField> = Object.fromEntries(
  ['card', 'card_present', 'interac_present'].flatMap((source) =>
    ['last4', 'exp_month', 'exp_year', 'brand', 'fingerprint'].map((f) => [`payment_method_details.${source}.${f}`, token]),
  ),
);

const RESOURCES: readonly SearchResource[] = [
  {
    type: 'charge',
    resource: 'charges',
    fields: {
      amount: numeric,
      'billing_details.address.postal_code': token,
      created: numeric,
      currency: token,
      customer: token,
      // "accepts only the tokens true and false, indicating the presence of disputes"
      disputed: { type: 'token', values: ['true', 'false'] },
      ...cardFields,
      // "refunded:"true" filters for fully-refunded charges, refunded:"false" filters for partially-refunded
      // charges, and refunded:null filters for non-refunded charges."
      refunded: {
        type: 'token',
        values: ['true', 'false'],
        exact: (o, v) => {
          const amountRefunded = typeof o.amount_refunded === 'number' ? o.amount_refunded : 0;
          if (v === null) return amountRefunded === 0 && o.refunded !== true;
          return v.toLowerCase() === 'true' ? o.refunded === true : o.refunded !== true && amountRefunded > 0;
        },
      },
      status: token,
    },
    prepare: (ctx, o) => settleAsyncCapture(ctx, o as unknown as ChargeObject) as unknown as StripeObject,
  },
  { type: 'customer', resource: 'customers', fields: { created: numeric, email: string, name: string, phone: string } },
  {
    type: 'payment_intent',
    resource: 'payment_intents',
    fields: { amount: numeric, created: numeric, currency: token, customer: token, status: token },
  },
  {
    type: 'price',
    resource: 'prices',
    fields: { active: token, currency: token, lookup_key: string, product: string, type: token },
  },
  {
    type: 'product',
    resource: 'products',
    fields: { active: token, description: string, name: string, shippable: token, url: string },
  },
];

function encodePage(id: string): string {
  return `page_${btoa(id).replace(/=+$/, '')}`;
}

function decodePage(ctx: RequestContext, page: string, type: string): string {
  const invalid = () => invalidRequest(`Invalid page: ${page.slice(0, 100)}`, { param: 'page' });
  if (!page.startsWith('page_')) throw invalid();
  let id: string;
  try {
    id = atob(page.slice(5));
  } catch {
    throw invalid();
  }
  if (!ctx.find(id, type)) throw invalid();
  return id;
}

const searchParams: Schema = {
  query: p.string({ required: true }),
  limit: p.integer({ min: 1, max: 100 }),
  page: p.string(),
};

function search(ctx: RequestContext, resource: SearchResource): unknown {
  const match = searchMatcher(ctx.params.query as string, resource);
  const limit = (ctx.params.limit as number | null | undefined) ?? 10;
  const page = ctx.params.page as string | null | undefined;
  const query = {
    account: ctx.account,
    type: resource.type,
    filter: (o: StripeObject) => o.deleted !== true && match(o as unknown as Record<string, unknown>),
  };
  const res = ctx.store.list<StripeObject>({ ...query, limit, startingAfter: page ? decodePage(ctx, page, resource.type) : undefined });
  const data = res.items.map((r) => (resource.prepare ? resource.prepare(ctx, r.data) : r.data));
  return {
    object: 'search_result',
    data,
    has_more: res.hasMore,
    next_page: res.hasMore && data.length > 0 ? encodePage(data[data.length - 1].id) : null,
    url: `/v1/${resource.resource}/search`,
    // Every match, across pages: counted only when asked for with expand[]=total_count, as on Stripe.
    ...(ctx.expand.includes('total_count') ? { total_count: ctx.store.list<StripeObject>({ ...query, limit: Number.MAX_SAFE_INTEGER }).items.length } : {}),
  };
}

export function registerSearch(sim: Simulator): void {
  for (const resource of RESOURCES) {
    sim.route({ method: 'GET', path: `/v1/${resource.resource}/search`, params: searchParams, handler: (ctx) => search(ctx, resource) });
  }
}

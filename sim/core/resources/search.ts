// Search (`GET /v1/<resource>/search`) for charges, customers, payment_intents, prices and products, with Stripe's
// search query language:
//   field:'value'      exact match (strings case-insensitive; numbers and booleans as written)
//   field~'value'      substring match (strings, at least 3 characters)
//   field>1000, <, >=, <=    numeric comparison (amount, created ...)
//   -field:'value'     negation
//   metadata['key']:'value', field:null (no value)
//   clauses joined by AND or OR (not both in one query), at most 10.
// Answers `{ object: 'search_result', data, has_more, next_page, url }`, newest first; `page` takes `next_page`.
// Unlike Stripe, results are immediately consistent (Stripe indexes within about a minute).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { p, type Schema } from '../params.ts';
import type { Simulator } from '../app.ts';
import { settleAsyncCapture, type ChargeObject } from './charges.ts';

type FieldKind = 'string' | 'token' | 'number' | 'boolean';

interface SearchResource {
  /** Store type of the objects. */
  type: string;
  /** `/v1/<path>/search`, and the resource's name in error messages. */
  path: string;
  fields: Record<string, FieldKind>;
  /** Brings a found object up to date as retrieve and list show it (a charge's pending asynchronous capture). */
  prepare?: (ctx: RequestContext, o: StripeObject) => StripeObject;
}

const RESOURCES: readonly SearchResource[] = [
  {
    type: 'charge',
    path: 'charges',
    fields: {
      amount: 'number', 'billing_details.address.postal_code': 'string', created: 'number', currency: 'token',
      customer: 'token', disputed: 'boolean', 'payment_method_details.card.brand': 'token',
      'payment_method_details.card.exp_month': 'number', 'payment_method_details.card.exp_year': 'number',
      'payment_method_details.card.fingerprint': 'token', 'payment_method_details.card.last4': 'token',
      payment_intent: 'token', refunded: 'boolean', status: 'token',
    },
    prepare: (ctx, o) => settleAsyncCapture(ctx, o as unknown as ChargeObject) as unknown as StripeObject,
  },
  { type: 'customer', path: 'customers', fields: { created: 'number', email: 'string', name: 'string', phone: 'string' } },
  {
    type: 'payment_intent',
    path: 'payment_intents',
    fields: { amount: 'number', created: 'number', currency: 'token', customer: 'token', status: 'token' },
  },
  {
    type: 'price',
    path: 'prices',
    fields: { active: 'boolean', currency: 'token', lookup_key: 'string', product: 'token', type: 'token' },
  },
  {
    type: 'product',
    path: 'products',
    fields: { active: 'boolean', description: 'string', name: 'string', shippable: 'boolean', url: 'string' },
  },
];

type Op = ':' | '~' | '>' | '<' | '>=' | '<=' | '=';

interface Clause {
  negate: boolean;
  field: string;
  metadataKey: string | null;
  op: Op;
  /** null for the `null` keyword. */
  value: string | null;
  quoted: boolean;
}

function parseError(): never {
  throw invalidRequest(
    'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.',
    { param: 'query' },
  );
}

/** Parses the query into clauses and the connective between them. */
export function parseQuery(query: string): { clauses: Clause[]; joiner: 'AND' | 'OR' } {
  let i = 0;
  const s = query;
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const quoted = (): string => {
    const q = s[i];
    i++;
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i];
      i++;
    }
    if (i >= s.length) parseError();
    i++;
    return out;
  };
  const clauses: Clause[] = [];
  const joiners = new Set<'AND' | 'OR'>();
  ws();
  if (i >= s.length) parseError();
  while (i < s.length) {
    if (clauses.length > 0) {
      const m = /^(AND|OR)\s+/i.exec(s.slice(i));
      if (m) {
        joiners.add(m[1].toUpperCase() as 'AND' | 'OR');
        i += m[0].length;
      } else joiners.add('AND'); // clauses separated by spaces only
    }
    const negate = s[i] === '-';
    if (negate) i++;
    const f = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
    if (!f) parseError();
    const field = f[0];
    i += field.length;
    let metadataKey: string | null = null;
    if (s[i] === '[') {
      i++;
      if (s[i] !== '"' && s[i] !== "'") parseError();
      metadataKey = quoted();
      if (s[i] !== ']') parseError();
      i++;
    }
    const o = /^(>=|<=|:|~|>|<|=)/.exec(s.slice(i));
    if (!o) parseError();
    const op = o[0] as Op;
    i += op.length;
    let value: string | null;
    let isQuoted = false;
    if (s[i] === '"' || s[i] === "'") {
      value = quoted();
      isQuoted = true;
    } else {
      const v = /^[^\s"']+/.exec(s.slice(i));
      if (!v) parseError();
      value = v[0];
      i += value.length;
      if (value === 'null') value = null;
    }
    clauses.push({ negate, field, metadataKey, op, value, quoted: isQuoted });
    ws();
  }
  if (joiners.size > 1) parseError();
  if (clauses.length > 10) {
    throw invalidRequest('A search query can have at most 10 clauses.', { param: 'query' });
  }
  return { clauses, joiner: joiners.has('OR') ? 'OR' : 'AND' };
}

function unsupported(field: string, resource: SearchResource): never {
  throw invalidRequest(
    `Field \`${field}\` is an unsupported search field for resource \`${resource.path}\`. See http://stripe.com/docs/search#query-fields-for-${resource.path.replace(/_/g, '-')} for a list of supported fields.`,
    { param: 'query' },
  );
}

function valueAt(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Builds the predicate of one clause, validating the field and operator for the resource. */
function predicate(c: Clause, resource: SearchResource): (o: Record<string, unknown>) => boolean {
  let kind: FieldKind;
  let get: (o: Record<string, unknown>) => unknown;
  if (c.field === 'metadata') {
    if (c.metadataKey === null) parseError();
    const key = c.metadataKey;
    kind = 'string';
    get = (o) => (o.metadata as Record<string, string> | undefined)?.[key];
  } else {
    if (c.metadataKey !== null) parseError();
    const k = resource.fields[c.field];
    if (!k) unsupported(c.field, resource);
    kind = k;
    get = (o) => valueAt(o, c.field);
  }
  const numericOp = c.op === '>' || c.op === '<' || c.op === '>=' || c.op === '<=' || c.op === '=';
  if (numericOp && kind !== 'number') {
    throw invalidRequest(`The \`${c.op}\` operator can only be used on numeric fields; \`${c.field}\` is not one.`, { param: 'query' });
  }
  if (c.op === '~' && kind !== 'string') {
    throw invalidRequest(`The \`~\` operator can only be used on string fields; \`${c.field}\` is not one.`, { param: 'query' });
  }
  if (c.op === '~' && (c.value === null || c.value.length < 3)) {
    throw invalidRequest('A substring search (`~`) needs a value of at least 3 characters.', { param: 'query' });
  }
  const want = c.value;
  let test: (v: unknown) => boolean;
  if (want === null) {
    if (c.op !== ':') parseError();
    test = (v) => v === null || v === undefined || v === '';
  } else if (kind === 'number') {
    const n = Number(want);
    if (!/^-?\d+$/.test(want) || !Number.isSafeInteger(n)) {
      throw invalidRequest(`The value for \`${c.field}\` must be an integer.`, { param: 'query' });
    }
    test = (v) => {
      if (typeof v !== 'number') return false;
      switch (c.op) {
        case '>': return v > n;
        case '<': return v < n;
        case '>=': return v >= n;
        case '<=': return v <= n;
        default: return v === n;
      }
    };
  } else if (kind === 'boolean') {
    const b = want.toLowerCase();
    if (b !== 'true' && b !== 'false') throw invalidRequest(`The value for \`${c.field}\` must be true or false.`, { param: 'query' });
    test = (v) => v === (b === 'true');
  } else if (c.op === '~') {
    const needle = want.toLowerCase();
    test = (v) => typeof v === 'string' && v.toLowerCase().includes(needle);
  } else {
    const exact = want.toLowerCase();
    test = (v) => (typeof v === 'string' || typeof v === 'number') && String(v).toLowerCase() === exact;
  }
  return c.negate ? (o) => !test(get(o)) : (o) => test(get(o));
}

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
  const { clauses, joiner } = parseQuery(ctx.params.query as string);
  const tests = clauses.map((c) => predicate(c, resource));
  const match = joiner === 'AND'
    ? (o: Record<string, unknown>) => tests.every((t) => t(o))
    : (o: Record<string, unknown>) => tests.some((t) => t(o));
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
    url: `/v1/${resource.path}/search`,
    // Every match, across pages: counted only when asked for with expand[]=total_count, as on Stripe.
    ...(ctx.expand.includes('total_count') ? { total_count: ctx.store.list<StripeObject>({ ...query, limit: Number.MAX_SAFE_INTEGER }).items.length } : {}),
  };
}

export function registerSearch(sim: Simulator): void {
  for (const resource of RESOURCES) {
    sim.route({ method: 'GET', path: `/v1/${resource.path}/search`, params: searchParams, handler: (ctx) => search(ctx, resource) });
  }
}

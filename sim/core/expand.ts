// `expand[]` with dotted paths: `customer`, `latest_charge.balance_transaction`, `data.customer` on lists,
// and fields nested in objects (`invoice_settings.default_payment_method`). Resources declare which paths
// of their objects are expandable; an expandable field holding an id is replaced by the stored object
// (rendered for the request's version), then expansion continues inside it.

import { invalidRequest, StripeError } from './errors.ts';
import type { RequestContext, StripeObject } from './context.ts';
import { renderForVersion } from './versions.ts';

export type ExpandResolver = (ctx: RequestContext, value: unknown, parent: Record<string, unknown>) => unknown;

const registry = new Map<string, Map<string, ExpandResolver | null>>();

/**
 * Declares expandable paths of an object type (the `object` field). Without a resolver, a string value is
 * an id looked up in the store (same account, or the platform's). A resolver may build anything (e.g. a list).
 */
export function registerExpandable(objectType: string, paths: readonly string[] | Record<string, ExpandResolver | null>): void {
  const m = registry.get(objectType) ?? new Map<string, ExpandResolver | null>();
  if (Array.isArray(paths)) for (const p of paths) m.set(p, null);
  else for (const [p, r] of Object.entries(paths)) m.set(p, r);
  registry.set(objectType, m);
}

export const MAX_EXPAND_DEPTH = 4;

function cannotExpand(path: string): never {
  throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

/** Whether a prefix of `segs` is an expandable path of `objectType`. */
function isExpandable(objectType: string, segs: string[]): boolean {
  const fields = registry.get(objectType);
  for (let i = segs.length; i >= 1; i--) if (fields?.has(segs.slice(0, i).join('.'))) return true;
  return false;
}

/** Refuses `full` unless a prefix of `segs` is an expandable path of `objectType`. */
function checkExpandable(objectType: string, segs: string[], full: string): void {
  if (!isExpandable(objectType, segs)) cannotExpand(full);
}

function resolveId(ctx: RequestContext, id: string): StripeObject | undefined {
  const rec = ctx.store.get<StripeObject>(id);
  if (!rec) return undefined;
  if (rec.account !== ctx.account && rec.account !== ctx.platformAccount && ctx.account !== ctx.platformAccount) return undefined;
  return renderForVersion(rec.data, ctx.version) as StripeObject;
}

/**
 * Expands `segs` inside `obj`. `listType`: the type of the objects a list `obj` holds, when known: only for the
 * response's own list (the last list the handler built, ctx.listType), never for a list nested in an object.
 */
function expandOne(ctx: RequestContext, obj: Record<string, unknown>, segs: string[], full: string, listType?: string): void {
  const type = typeof obj.object === 'string' ? obj.object : '';
  if (type === 'list' || type === 'search_result') {
    // A search's total_count is computed by the search itself when expanded (ctx.expand).
    if (type === 'search_result' && full === 'total_count') return;
    if (segs[0] !== 'data') {
      // a path of the listed objects given without `data.`: Stripe points at the right one
      if (listType !== undefined && isExpandable(listType, segs)) {
        throw invalidRequest(`This property cannot be expanded (${full}). You may want to try expanding 'data.${full}' instead.`, { param: 'expand' });
      }
      cannotExpand(full);
    }
    const data = obj.data;
    if (segs.length === 1) return;
    // Stripe checks the path against the listed objects' type, not against the page: an empty page refuses
    // `data.foo` too.
    if (Array.isArray(data) && data.length === 0 && listType !== undefined) checkExpandable(listType, segs.slice(1), full);
    if (Array.isArray(data)) for (const item of data) if (item && typeof item === 'object') expandOne(ctx, item as Record<string, unknown>, segs.slice(1), full);
    return;
  }
  const fields = registry.get(type);
  // longest registered prefix of segs
  let n = 0;
  let resolver: ExpandResolver | null = null;
  if (fields) {
    for (let i = segs.length; i >= 1; i--) {
      const key = segs.slice(0, i).join('.');
      if (fields.has(key)) {
        n = i;
        resolver = fields.get(key) ?? null;
        break;
      }
    }
  }
  if (n === 0) cannotExpand(full);
  // walk to the parent of the field
  let parent: Record<string, unknown> | undefined = obj;
  for (let i = 0; i < n - 1 && parent; i++) {
    const next: unknown = parent[segs[i]];
    parent = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : undefined;
  }
  if (!parent) return;
  const field = segs[n - 1];
  const value = parent[field];
  const expandValue = (v: unknown): unknown => {
    if (resolver) return resolver(ctx, v, parent);
    if (typeof v === 'string') return resolveId(ctx, v) ?? v;
    return v;
  };
  let expanded: unknown;
  // A field left out unless expanded (charge.refunds) has a resolver that builds it from nothing.
  if (value === null || (value === undefined && !resolver)) return;
  if (Array.isArray(value) && !resolver) expanded = value.map(expandValue);
  else if (typeof value === 'object' && !Array.isArray(value)) expanded = value;
  else expanded = expandValue(value);
  parent[field] = expanded;
  const rest = segs.slice(n);
  if (rest.length === 0) return;
  const targets = Array.isArray(expanded) ? expanded : [expanded];
  for (const t of targets) if (t && typeof t === 'object') expandOne(ctx, t as Record<string, unknown>, rest, full);
}

/** Applies the request's expand paths to a rendered body (object or list). Mutates and returns it. */
export function applyExpand(ctx: RequestContext, body: unknown, expand: readonly string[] | null | undefined): unknown {
  if (!expand || expand.length === 0 || !body || typeof body !== 'object') return body;
  // shorter paths first so `a` is expanded before `a.b`
  const sorted = [...new Set(expand)].sort((a, b) => a.split('.').length - b.split('.').length);
  for (const path of sorted) {
    const segs = path.split('.');
    // Stripe counts `data` of a list as a level: the deepest expansion when listing charges is
    // data.payment_intent.customer.default_source (API reference, "Expanding Responses").
    const depth = segs.length;
    if (depth > MAX_EXPAND_DEPTH) {
      // Stripe's words and code (no param, no doc_url): "You cannot expand more than 4 levels of a property. Property:
      // data.items.data.price.product", property_expansion_max_depth
      throw new StripeError({
        status: 400,
        type: 'invalid_request_error',
        code: 'property_expansion_max_depth',
        doc_url: null,
        message: `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`,
      });
    }
    if (segs.some((s) => s === '')) cannotExpand(path);
    expandOne(ctx, body as Record<string, unknown>, segs, path, ctx.listType);
  }
  return body;
}

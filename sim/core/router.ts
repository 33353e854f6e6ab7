// The /v1 route table. Resources declare routes; the pipeline matches them after authentication, so an
// unknown URL with a bad key is a 401 and with a good key a JSON 404, as on Stripe.

import type { RequestContext } from './context.ts';
import type { Schema } from './params.ts';
import type { ApiVersion } from './versions.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** e.g. `/v1/customers/:id`. Segments starting with `:` capture (URL-decoded) path parameters. */
  path: string;
  /** Accepted parameters (body for POST, query for GET/DELETE); may differ by API version. `expand` is implicit. */
  params?: Schema | ((version: ApiVersion) => Schema);
  /**
   * `secret` (default): secret keys only. `publishable`: publishable keys are accepted too; the handler must
   * then check what the publishable key may do (e.g. a matching `client_secret`) via `ctx.keyType`.
   */
  auth?: 'secret' | 'publishable';
  /**
   * Runs synchronously inside one store transaction. Return the Stripe object (or list) in the newest
   * version's shape; the pipeline renders it for the request's version and applies `expand`.
   * Throw a StripeError to roll back; `return ctx.errorResponse(err)` to commit and answer with an error.
   */
  handler: (ctx: RequestContext) => unknown;
}

interface CompiledRoute {
  def: RouteDef;
  segments: string[];
}

export interface RouteMatch {
  def: RouteDef;
  pathParams: Record<string, string>;
}

export class Router {
  private routes: CompiledRoute[] = [];
  /** static first-segment-after-/v1 -> routes, for quick matching */
  private byHead = new Map<string, CompiledRoute[]>();

  add(def: RouteDef): void {
    const segments = def.path.split('/').filter(Boolean);
    for (const r of this.routes) {
      if (r.def.method === def.method && r.def.path === def.path) throw new Error(`route ${def.method} ${def.path} registered twice`);
    }
    const c = { def, segments };
    this.routes.push(c);
    const head = segments.slice(0, 2).join('/');
    const list = this.byHead.get(head) ?? [];
    list.push(c);
    // static segments before params: more specific routes first
    list.sort((a, b) => specificity(b) - specificity(a));
    this.byHead.set(head, list);
  }

  all(): RouteDef[] {
    return this.routes.map((r) => r.def);
  }

  match(method: string, path: string): RouteMatch | null {
    if (!path.startsWith('/')) return null;
    const segs = path.slice(1).split('/');
    if (segs.includes('')) return null; // `/v1//customers` is not `/v1/customers`
    const candidates = this.byHead.get(segs.slice(0, 2).join('/'));
    if (!candidates) return null;
    for (const r of candidates) {
      if (r.def.method !== method || r.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const want = r.segments[i];
        if (want.startsWith(':')) {
          let v: string;
          try {
            v = decodeURIComponent(segs[i]);
          } catch {
            ok = false;
            break;
          }
          params[want.slice(1)] = v;
        } else if (want !== segs[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { def: r.def, pathParams: params };
    }
    return null;
  }
}

function specificity(r: CompiledRoute): number {
  let s = 0;
  for (const seg of r.segments) s = s * 2 + (seg.startsWith(':') ? 0 : 1);
  return s;
}

// Small helpers shared by resource modules.

import type { ListObject, RequestContext, StripeObject } from './context.ts';
import { p, type Field, type Schema } from './params.ts';
import { applyMetadata, type Metadata, type MetadataParam } from './metadata.ts';
import { invalidRequest } from './errors.ts';
import type { RangeFilter } from './params.ts';

export { p, listParams } from './params.ts';
export type { Schema } from './params.ts';

export const addressSchema: Schema = {
  city: p.string({ maxLength: 5000 }),
  country: p.string({ maxLength: 5000 }),
  line1: p.string({ maxLength: 5000 }),
  line2: p.string({ maxLength: 5000 }),
  postal_code: p.string({ maxLength: 5000 }),
  state: p.string({ maxLength: 5000 }),
};

export const addressField: Field = p.object(addressSchema);

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

/** A full Address object from a validated address param (missing members become null). */
export function toAddress(v: unknown): Address | null {
  if (v === null || v === undefined) return null;
  const a = v as Record<string, string | null | undefined>;
  return {
    city: a.city ?? null,
    country: a.country ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}

/** `p.object(addressSchema)` merged into an existing address on update. */
export function mergeAddress(current: Address | null | undefined, v: unknown): Address | null {
  if (v === undefined) return current ?? null;
  if (v === null) return null;
  return toAddress({ ...(current ?? {}), ...(v as Record<string, unknown>) });
}

export function metadataFrom(current: Metadata | undefined, param: unknown): Metadata {
  return applyMetadata(current, param as MetadataParam | null | undefined);
}

/** `created` list filter from a validated `p.range()` param. */
export function createdFilter(v: unknown): (RangeFilter & { eq?: number }) | undefined {
  return (v as (RangeFilter & { eq?: number }) | null | undefined) ?? undefined;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Stripe's `previous_attributes` for an `*.updated` event: the old values of the top-level fields that changed;
 * for nested objects (metadata, invoice_settings ...) only the changed keys (a key that did not exist is null).
 */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    const a = before[k];
    const b = after[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (isPlain(a) && isPlain(b)) out[k] = previousAttributes(a, b);
    else out[k] = a === undefined ? null : a;
  }
  return out;
}

/** Response of a DELETE: `{ id, object, deleted: true }`. */
export function deletedStub(obj: StripeObject): StripeObject & { deleted: true } {
  return { id: obj.id, object: obj.object, deleted: true };
}

/** Updates an object, emits `<type>.updated` with previous_attributes when something changed, and returns it. */
export function saveUpdate<T extends StripeObject>(ctx: RequestContext, before: T, after: T, eventType: string, index?: Record<string, string | null | undefined>): T {
  ctx.update(after, index);
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length > 0) ctx.emit(eventType, after, { previousAttributes: prev });
  return after;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Stripe refuses a malformed email address: 400 `email_invalid`, "Invalid email address: x". */
export function checkEmail(v: unknown, param: string): void {
  if (typeof v === 'string' && !EMAIL.test(v)) {
    throw invalidRequest(`Invalid email address: ${v.slice(0, 200)}`, { param, code: 'email_invalid' });
  }
}

/**
 * A `return_url` (PaymentIntents, SetupIntents' tokens, ConfirmationTokens): any URL that parses, custom app schemes
 * included (mobile apps return to `myapp://...`), but not a script-running one; Stripe answers `url_invalid`.
 */
export function checkReturnUrl(url: unknown, param = 'return_url'): void {
  if (typeof url !== 'string') return;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
  }
  if (/^(javascript|data|vbscript):$/i.test(protocol)) throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
}

/**
 * What a confirmation checks first (PaymentIntents create with confirm=true and confirm, SetupIntents likewise): a
 * valid `return_url`, and one way to name the PaymentMethod.
 */
export function checkConfirmationParams(params: Record<string, unknown>): void {
  checkReturnUrl(params.return_url);
  if (params.payment_method && params.payment_method_data) {
    throw invalidRequest('You cannot specify both payment_method and payment_method_data.', { param: 'payment_method_data' });
  }
}

export function bool(v: unknown): string | undefined {
  return v === true ? 'true' : v === false ? 'false' : undefined;
}

export type { ListObject };

/**
 * Runs another route's handler as part of this request (Checkout creating a Customer or a SetupIntent through those
 * APIs' own code, so their events and rules apply), with `params` as already-validated parameters. Throws when the
 * route is not registered.
 */
export function callRoute<T = StripeObject>(
  ctx: RequestContext, method: string, path: string, params: Record<string, unknown>, pathParams: Record<string, string> = {},
): T {
  const def = ctx.sim.routes().find((d) => d.method === method && d.path === path);
  if (!def) throw new Error(`route ${method} ${path} is not registered`);
  return def.handler(Object.create(ctx, { params: { value: params }, pathParams: { value: pathParams } }) as RequestContext) as T;
}

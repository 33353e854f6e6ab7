// Metadata rules shared by every resource (Stripe's limits and messages):
// at most 50 keys, keys up to 40 characters, values up to 500 characters, values are strings;
// on update, `metadata[k]=` deletes key k and `metadata=` clears all metadata.

import { invalidRequest } from './errors.ts';
import type { FormObject } from './form.ts';

export const METADATA_MAX_KEYS = 50;
export const METADATA_MAX_KEY_LENGTH = 40;
export const METADATA_MAX_VALUE_LENGTH = 500;

export type Metadata = Record<string, string>;
/** Validated metadata parameter: values are strings, or null for "delete this key". */
export type MetadataParam = Record<string, string | null>;

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function checkMetadata(raw: FormObject, param = 'metadata'): MetadataParam {
  const out: MetadataParam = {};
  for (const k of Object.keys(raw)) {
    const v = raw[k];
    // Stripe's words: "Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters.
    // Invalid key: ..." and "Metadata values can have up to 500 characters, but you passed in a value that is 589
    // characters. Invalid value: ...".
    if (k.length > METADATA_MAX_KEY_LENGTH) {
      throw invalidRequest(
        `Metadata keys can have up to ${METADATA_MAX_KEY_LENGTH} characters, but you passed in a key that is ${k.length} characters. Invalid key: ${k.slice(0, 200)}`,
        { param },
      );
    }
    if (k.length === 0) throw invalidRequest(`Invalid key: metadata keys must be non-empty strings of up to ${METADATA_MAX_KEY_LENGTH} characters`, { param });
    if (typeof v !== 'string') {
      // Stripe: "Invalid value type: {:"0"=>"608066357640020d17efc2ac"} must be a string" (its server's inspect of the value)
      throw invalidRequest(`Invalid value type: ${inspect(v).slice(0, 500)} must be a string`, { param });
    }
    if (v.length > METADATA_MAX_VALUE_LENGTH) {
      throw invalidRequest(
        `Metadata values can have up to ${METADATA_MAX_VALUE_LENGTH} characters, but you passed in a value that is ${v.length} characters. Invalid value: ${v.length > 1000 ? `${v.slice(0, 1000)}...` : v}`,
        { param },
      );
    }
    put(out, k, v === '' ? null : v);
  }
  return out;
}

/** A nested form value as Stripe's error shows it: `{:b=>"1"}`, `{:"0"=>"x"}`, `["x"]`. */
function inspect(v: FormObject[string]): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inspect).join(', ')}]`;
  return `{${Object.keys(v)
    .map((k) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `:${k}` : `:${JSON.stringify(k)}`}=>${inspect(v[k])}`)
    .join(', ')}}`;
}

function tooMany(count: number): never {
  throw invalidRequest(`Metadata can have up to ${METADATA_MAX_KEYS} keys, but you've set ${count}.`, { param: 'metadata' });
}

/**
 * Applies a validated `metadata` parameter to existing metadata.
 * `param === null` (`metadata=`) clears everything; `undefined` leaves it unchanged.
 */
export function applyMetadata(current: Metadata | undefined, param: MetadataParam | null | undefined): Metadata {
  const out: Metadata = {};
  if (param === null) return out;
  for (const [k, v] of Object.entries(current ?? {})) put(out, k, v);
  if (param === undefined) return out;
  for (const [k, v] of Object.entries(param)) {
    if (v === null) delete out[k];
    else put(out, k, v);
  }
  const count = Object.keys(out).length;
  if (count > METADATA_MAX_KEYS) tooMany(count);
  return out;
}

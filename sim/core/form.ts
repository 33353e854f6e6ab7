// Form-encoded bracket parameters, as the official SDKs send them:
//   amount=1099&metadata[order_id]=6735&expand[0]=customer&items[][price]=p_1&metadata[k]=
// Parsed into nested null-prototype objects (no prototype pollution); `[]` appends to an array; indexed
// keys (`a[0]`) stay object keys until the validator, which turns all-integer-keyed objects into arrays
// where the schema expects an array (as Stripe does). Values are always strings; "" means "unset".

import { invalidRequest } from './errors.ts';

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export const MAX_DEPTH = 20;
export const MAX_PARAMS = 10_000;

export function emptyForm(): FormObject {
  return Object.create(null) as FormObject;
}

function decode(s: string): string {
  const plus = s.indexOf('+') >= 0 ? s.replace(/\+/g, ' ') : s;
  if (plus.indexOf('%') < 0) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    throw invalidRequest('Invalid request: the request body or query string is not valid URL-encoded data.');
  }
}

/** Splits `a[b][][c]` into ['a', 'b', '', 'c']. Returns null for keys with unbalanced brackets (kept literal). */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  let i = open;
  while (i < key.length) {
    if (key[i] !== '[') return [key]; // trailing garbage: treat the whole key literally
    const close = key.indexOf(']', i);
    if (close < 0) return [key];
    parts.push(key.slice(i + 1, close));
    i = close + 1;
  }
  return parts;
}

function displayKey(parts: string[], upto: number): string {
  let s = parts[0];
  for (let i = 1; i <= upto && i < parts.length; i++) s += `[${parts[i]}]`;
  return s;
}

function conflict(parts: string[], upto: number): never {
  throw invalidRequest(`Invalid value for ${displayKey(parts, upto)}: the parameter is given both as a scalar and as a nested object or array.`, {
    param: displayKey(parts, upto),
  });
}

/** Inserts one decoded key/value pair into `root`. */
export function assign(root: FormObject, rawKey: string, value: string): void {
  const parts = splitKey(rawKey);
  if (parts.length > MAX_DEPTH) {
    throw invalidRequest(`Invalid parameter ${parts[0]}: nested more than ${MAX_DEPTH} levels deep.`, { param: parts[0] });
  }
  let node: FormObject | FormValue[] = root;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const part = parts[i];
    if (Array.isArray(node)) {
      if (part !== '') conflict(parts, i - 1);
      if (last) {
        node.push(value);
        return;
      }
      // `a[][b]=1&a[][c]=2`: Rack groups into the last element unless that key is already set.
      const nextIsArray = parts[i + 1] === '';
      const tail: FormValue | undefined = node[node.length - 1];
      const nextKey = parts[i + 1];
      if (!nextIsArray && tail !== undefined && typeof tail === 'object' && !Array.isArray(tail) && !(nextKey in tail && (i + 1 === parts.length - 1))) {
        node = tail;
      } else {
        const child: FormObject | FormValue[] = nextIsArray ? [] : emptyForm();
        node.push(child);
        node = child;
      }
      continue;
    }
    if (part === '' && i > 0) {
      // `a[]` where `a` is an object so far: only valid if empty
      conflict(parts, i - 1);
    }
    if (last) {
      const existing: FormValue | undefined = node[part];
      if (existing !== undefined && typeof existing !== 'string') conflict(parts, i);
      node[part] = value;
      return;
    }
    const nextIsArray = parts[i + 1] === '';
    let child: FormValue | undefined = node[part];
    if (child === undefined) {
      child = nextIsArray ? [] : emptyForm();
      node[part] = child;
    } else if (typeof child === 'string') {
      conflict(parts, i);
    } else if (Array.isArray(child) !== nextIsArray) {
      conflict(parts, i);
    }
    node = child as FormObject | FormValue[];
  }
}

/** Parses `application/x-www-form-urlencoded` text (a request body or a query string without `?`). */
export function parseForm(text: string): FormObject {
  const root = emptyForm();
  if (!text) return root;
  let count = 0;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    if (++count > MAX_PARAMS) throw invalidRequest(`Too many parameters: at most ${MAX_PARAMS} are accepted in one request.`);
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (k === '') continue;
    assign(root, k, v);
  }
  return root;
}

/** Canonical text of a parsed form (sorted keys), used to compare idempotent requests. */
export function canonicalForm(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalForm).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(v[k])}`).join(',')}}`;
}

/** Encodes a plain object the way the SDK does (for tests and the Stripe.js shim). */
export function encodeForm(obj: Record<string, unknown>, prefix = ''): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (v === undefined) return;
    if (v === null) {
      out.push(`${encodeURIComponent(key)}=`);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${key}[${i}]`));
    } else if (typeof v === 'object') {
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) walk(val, key ? `${key}[${k}]` : k);
    } else {
      out.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(v))}`);
    }
  };
  walk(obj, prefix);
  return out.join('&');
}

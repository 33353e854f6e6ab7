// Declarative request-parameter schemas. Every endpoint declares its parameters; `validate()` turns the
// parsed form into typed values or throws Stripe's errors:
//   Received unknown parameter: X          (parameter_unknown)
//   Missing required param: X.             (parameter_missing)
//   Invalid integer: abc                   (parameter_invalid_integer)
//   Invalid X: must be one of a, b, or c
//   You passed an empty string for 'X' ... (parameter_invalid_empty)
// An empty string on an optional field yields `null` ("unset"), as in Stripe.

import { type FormObject, type FormValue } from './form.ts';
import {
  invalidRequest,
  parameterInvalidEmpty,
  parameterInvalidInteger,
  parameterMissing,
  parameterUnknown,
  StripeError,
} from './errors.ts';
import { checkMetadata } from './metadata.ts';

export interface FieldBase {
  required?: boolean;
  /** When false, "" is rejected with parameter_invalid_empty instead of meaning "unset". Default true for optional fields. */
  emptyable?: boolean;
}
export type Field =
  | (FieldBase & { kind: 'string'; maxLength?: number; enum?: readonly string[]; pattern?: RegExp; patternMessage?: string })
  | (FieldBase & { kind: 'integer'; min?: number; max?: number })
  | (FieldBase & { kind: 'decimal'; min?: number })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'object'; shape: Schema })
  | (FieldBase & { kind: 'map'; value: Field })
  | (FieldBase & { kind: 'array'; of: Field; maxItems?: number })
  | (FieldBase & { kind: 'metadata' })
  | (FieldBase & { kind: 'range' })
  | (FieldBase & { kind: 'union'; options: Field[] })
  | (FieldBase & { kind: 'any' });

export type Schema = Record<string, Field>;

type Opts = FieldBase;

/** Field builders: `p.string({ required: true, maxLength: 5000 })`, `p.integer({ min: 1 })`, `p.enumOf([...])` ... */
export const p = {
  string: (o: Opts & { maxLength?: number; pattern?: RegExp; patternMessage?: string } = {}): Field => ({ kind: 'string', maxLength: 5000, ...o }),
  id: (o: Opts = {}): Field => ({ kind: 'string', maxLength: 5000, ...o }),
  enumOf: (values: readonly string[], o: Opts = {}): Field => ({ kind: 'string', enum: values, ...o }),
  integer: (o: Opts & { min?: number; max?: number } = {}): Field => ({ kind: 'integer', ...o }),
  decimal: (o: Opts & { min?: number } = {}): Field => ({ kind: 'decimal', ...o }),
  boolean: (o: Opts = {}): Field => ({ kind: 'boolean', ...o }),
  /** Unix timestamp (integer seconds). */
  timestamp: (o: Opts = {}): Field => ({ kind: 'integer', min: 0, ...o }),
  object: (shape: Schema, o: Opts = {}): Field => ({ kind: 'object', shape, ...o }),
  map: (value: Field, o: Opts = {}): Field => ({ kind: 'map', value, ...o }),
  array: (of: Field, o: Opts & { maxItems?: number } = {}): Field => ({ kind: 'array', of, ...o }),
  metadata: (o: Opts = {}): Field => ({ kind: 'metadata', ...o }),
  /** `created=123` or `created[gte]=...&created[lt]=...`. */
  range: (o: Opts = {}): Field => ({ kind: 'range', ...o }),
  union: (options: Field[], o: Opts = {}): Field => ({ kind: 'union', options, ...o }),
  any: (o: Opts = {}): Field => ({ kind: 'any', ...o }),
};

/** Parameters every list endpoint accepts. */
export const listParams: Schema = {
  limit: p.integer({ min: 1, max: 100 }),
  starting_after: p.id(),
  ending_before: p.id(),
};

export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Assigns an own property even for keys such as `__proto__`. */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function keyOf(prefix: string, k: string): string {
  return prefix ? `${prefix}[${k}]` : k;
}

function preview(v: FormValue): string {
  if (typeof v === 'string') return v.length > 100 ? `${v.slice(0, 100)}...` : v;
  const s = JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 100)}...` : s;
}

/** `a`, `a or b`, `a, b, or c`: how Stripe lists an enum's values in its errors. */
export function formatChoices(values: readonly string[]): string {
  if (values.length === 1) return values[0];
  if (values.length === 2) return `${values[0]} or ${values[1]}`;
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

const INT_RE = /^-?\d+$/;
const DEC_RE = /^-?(\d+(\.\d*)?|\.\d+)$/;

function isIndexed(o: FormObject): boolean {
  const keys = Object.keys(o);
  return keys.length > 0 && keys.every((k) => /^\d+$/.test(k) && k.length < 7);
}

function parseInteger(raw: string, param: string): number {
  if (!INT_RE.test(raw)) throw parameterInvalidInteger(param, raw);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw parameterInvalidInteger(param, raw);
  return n;
}

export function validateField(field: Field, raw: FormValue, param: string): unknown {
  if (raw === '' && field.kind !== 'any') {
    if (field.required || field.emptyable === false) throw parameterInvalidEmpty(param);
    return null;
  }
  switch (field.kind) {
    case 'any':
      return raw;
    case 'string': {
      if (typeof raw !== 'string') throw invalidRequest(`Invalid string: ${preview(raw)}`, { param });
      if (field.enum && !field.enum.includes(raw)) {
        throw invalidRequest(`Invalid ${param}: must be one of ${formatChoices(field.enum)}`, { param });
      }
      if (field.maxLength !== undefined && raw.length > field.maxLength) {
        throw invalidRequest(`Invalid string: ${preview(raw)}; must be at most ${field.maxLength} characters`, { param });
      }
      if (field.pattern && !field.pattern.test(raw)) {
        throw invalidRequest(field.patternMessage ?? `Invalid ${param}: ${preview(raw)}`, { param });
      }
      return raw;
    }
    case 'integer': {
      if (typeof raw !== 'string') throw parameterInvalidInteger(param, preview(raw));
      const n = parseInteger(raw, param);
      if (field.min !== undefined && n < field.min) {
        throw invalidRequest(`This value must be greater than or equal to ${field.min}.`, { param });
      }
      if (field.max !== undefined && n > field.max) {
        throw invalidRequest(`This value must be less than or equal to ${field.max}.`, { param });
      }
      return n;
    }
    case 'decimal': {
      if (typeof raw !== 'string' || !DEC_RE.test(raw) || !Number.isFinite(Number(raw))) {
        throw invalidRequest(`Invalid decimal: ${preview(raw)}`, { param, code: 'parameter_invalid_decimal' });
      }
      const n = Number(raw);
      if (field.min !== undefined && n < field.min) {
        throw invalidRequest(`This value must be greater than or equal to ${field.min}.`, { param });
      }
      return raw;
    }
    case 'boolean': {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw invalidRequest(`Invalid boolean: ${preview(raw)}`, { param });
    }
    case 'object': {
      if (typeof raw === 'string' || Array.isArray(raw)) throw invalidRequest('Invalid object', { param });
      return validateObject(field.shape, raw, param);
    }
    case 'map': {
      if (typeof raw === 'string' || Array.isArray(raw)) throw invalidRequest('Invalid object', { param });
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(raw)) setOwn(out, k, validateField(field.value, raw[k], keyOf(param, k)));
      return out;
    }
    case 'array': {
      let items: FormValue[];
      if (Array.isArray(raw)) items = raw;
      else if (typeof raw === 'object' && isIndexed(raw)) {
        items = Object.keys(raw)
          .map(Number)
          .sort((a, b) => a - b)
          .map((i) => raw[String(i)]);
      } else if (typeof raw === 'object' && Object.keys(raw).length === 0) items = [];
      else throw invalidRequest('Invalid array', { param });
      if (field.maxItems !== undefined && items.length > field.maxItems) {
        throw invalidRequest(`Invalid array: must have at most ${field.maxItems} elements`, { param });
      }
      return items.map((item, i) => validateField({ ...field.of, required: true }, item, `${param}[${i}]`));
    }
    case 'metadata': {
      if (typeof raw === 'string' || Array.isArray(raw)) throw invalidRequest('Invalid object', { param });
      return checkMetadata(raw, param);
    }
    case 'range': {
      if (typeof raw === 'string') return { eq: parseInteger(raw, param) };
      if (Array.isArray(raw)) throw invalidRequest('Invalid object', { param });
      const out: RangeFilter = {};
      for (const k of Object.keys(raw)) {
        if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') throw parameterUnknown(keyOf(param, k));
        const v = raw[k];
        if (typeof v !== 'string') throw parameterInvalidInteger(keyOf(param, k), preview(v));
        out[k] = parseInteger(v, keyOf(param, k));
      }
      return out;
    }
    case 'union': {
      let first: unknown;
      for (const option of field.options) {
        try {
          return validateField({ ...option, required: field.required }, raw, param);
        } catch (e) {
          if (!(e instanceof StripeError)) throw e;
          first ??= e;
        }
      }
      throw first;
    }
  }
}

export function validateObject(schema: Schema, raw: FormObject, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) {
    if (!Object.hasOwn(schema, k)) throw parameterUnknown(keyOf(prefix, k));
    setOwn(out, k, validateField(schema[k], raw[k], keyOf(prefix, k)));
  }
  for (const k of Object.keys(schema)) {
    if (schema[k].required && !(k in raw)) throw parameterMissing(keyOf(prefix, k));
  }
  return out;
}

/** Validates the top-level parameters. `expand` is accepted everywhere, as in Stripe. */
export function validate(schema: Schema, raw: FormObject): Record<string, unknown> {
  const { expand, ...rest } = raw as FormObject & { expand?: FormValue };
  const out = validateObject(schema, rest as FormObject);
  if (expand !== undefined) out.expand = validateField({ kind: 'array', of: { kind: 'string', maxLength: 5000 } }, expand, 'expand');
  return out;
}

// Stripe's search query language (docs "Search" > "Search query language"), as a parser and an evaluator that know
// nothing of storage or HTTP (no Node APIs), so they also run in a browser and can be unit-tested on plain objects.
//
//   field:"value"              exact match. token fields: the whole value, case-insensitively; string fields: the
//                              value contains the query's words in the same order (`name:"one two"` matches
//                              "One two three"); numeric fields: equality
//   field~"value"              substring (string fields only, case-insensitive, at least 3 characters)
//   field>10  <  >=  <=  =     numeric comparisons (numeric fields only; quotes optional around numbers)
//   -clause                    negation
//   metadata["key"]:"value"    metadata (a token field); `metadata["key"]:null` has no such key
//   field:null                 the field is empty (`null` in any case; a quoted "null" is the string)
//   clauses separated by spaces (AND), by AND or by OR (keywords in any case); AND and OR are mutually exclusive,
//   there are no parentheses, and a query has at most 10 clauses.
// String values must be quoted ('single' or "double"; a backslash escapes the next character); numbers and `null`
// may be bare.

import { invalidRequest, type StripeError } from './errors.ts';

/** The field types of Stripe's per-resource "Query fields" tables. */
export type SearchFieldType = 'token' | 'string' | 'numeric';

export interface SearchField {
  type: SearchFieldType;
  /** Reads the field from an object (default: the dotted path). */
  get?: (o: Record<string, unknown>) => unknown;
  /** The only values `:` accepts (lowercase), for fields Stripe documents as taking fixed tokens. */
  values?: readonly string[];
  /** Replaces the standard `:` match, for fields whose tokens Stripe gives a meaning of their own. `null` for `null`. */
  exact?: (o: Record<string, unknown>, value: string | null) => boolean;
}

export interface SearchSchema {
  /** The resource in URLs and error messages (`payment_intents`). */
  resource: string;
  /** Supported fields other than `metadata` (which every searchable resource supports). */
  fields: Record<string, SearchField>;
}

export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=' | '=';

export interface SearchClause {
  negate: boolean;
  field: string;
  /** The key of `metadata["key"]`; null for other fields. */
  metadataKey: string | null;
  op: SearchOperator;
  /** null for the `null` keyword. */
  value: string | null;
  quoted: boolean;
}

export interface ParsedSearchQuery {
  clauses: SearchClause[];
  joiner: 'AND' | 'OR';
}

export const MAX_SEARCH_CLAUSES = 10;
export const MIN_SUBSTRING_LENGTH = 3;

// Stripe's own message (as its API answers an unparsable query).
const PARSE_MESSAGE =
  'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.';

function queryError(message: string): StripeError {
  return invalidRequest(message, { param: 'query' });
}

function parseError(): never {
  throw queryError(PARSE_MESSAGE);
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const OPERATOR = /^(?:>=|<=|:|~|>|<|=)/;
const BARE_VALUE = /^[^\s"'()]+/;

/** Parses a query into its clauses and the connective between them; throws Stripe's 400 when it cannot. */
export function parseSearchQuery(query: string): ParsedSearchQuery {
  const s = query;
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  const skipSpace = (): number => {
    const from = i;
    while (isSpace(s[i])) i++;
    return i - from;
  };
  const quoted = (): string => {
    const q = s[i++];
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i++];
    }
    if (i >= s.length) parseError(); // unterminated
    i++;
    return out;
  };
  const clause = (): SearchClause => {
    const negate = s[i] === '-';
    if (negate) i++;
    const f = FIELD.exec(s.slice(i));
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
    const o = OPERATOR.exec(s.slice(i));
    if (!o) parseError();
    const op = o[0] as SearchOperator;
    i += op.length;
    if (s[i] === '"' || s[i] === "'") return { negate, field, metadataKey, op, value: quoted(), quoted: true };
    const v = BARE_VALUE.exec(s.slice(i));
    if (!v) parseError();
    i += v[0].length;
    // Unquoted values are numbers or the null keyword: strings must be quoted.
    if (v[0].toLowerCase() === 'null') return { negate, field, metadataKey, op, value: null, quoted: false };
    if (!NUMBER.test(v[0])) parseError();
    return { negate, field, metadataKey, op, value: v[0], quoted: false };
  };

  const clauses: SearchClause[] = [];
  const joiners = new Set<'AND' | 'OR'>();
  skipSpace();
  if (i >= s.length) parseError();
  for (;;) {
    clauses.push(clause());
    const spaced = skipSpace();
    if (i >= s.length) break;
    if (spaced === 0) parseError(); // clauses are separated by whitespace
    const k = /^(AND|OR)(?=\s)/i.exec(s.slice(i));
    if (k) {
      i += k[0].length;
      skipSpace();
      if (i >= s.length) parseError(); // a dangling AND / OR
      joiners.add(k[1].toUpperCase() as 'AND' | 'OR');
    } else joiners.add('AND'); // a space alone means AND
  }
  if (joiners.size > 1) {
    throw queryError('We were unable to parse your search query. AND and OR operators are mutually exclusive: use only one of them in a query.');
  }
  if (clauses.length > MAX_SEARCH_CLAUSES) {
    throw queryError(`We were unable to parse your search query. A query can combine at most ${MAX_SEARCH_CLAUSES} clauses.`);
  }
  return { clauses, joiner: joiners.has('OR') ? 'OR' : 'AND' };
}

function valueAt(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Words as a full-text index sees them: letters, digits and `_`, joined across `.` and apostrophes, lowercased. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'’][\p{L}\p{N}_]+)*/gu) ?? [];
}

/** A string field's exact match: the value holds the query's words, consecutively and in order. */
function containsPhrase(value: string, query: string): boolean {
  const want = searchWords(query);
  if (want.length === 0) return value.trim().toLowerCase() === query.trim().toLowerCase();
  const have = searchWords(value);
  outer: for (let start = 0; start + want.length <= have.length; start++) {
    for (let k = 0; k < want.length; k++) if (have[start + k] !== want[k]) continue outer;
    return true;
  }
  return false;
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '';

const OPERATORS_OF: Record<SearchFieldType, string> = {
  token: '`:` (exact match)',
  string: '`:` (exact match) and `~` (substring match)',
  numeric: '`:` (exact match), `>`, `<`, `>=`, `<=` and `=`',
};

/** Builds the predicate of one clause for a resource, after checking its field, operator and value. */
function predicate(c: SearchClause, schema: SearchSchema): (o: Record<string, unknown>) => boolean {
  let field: SearchField;
  if (c.field === 'metadata') {
    if (c.metadataKey === null) parseError(); // `metadata:"x"`
    const key = c.metadataKey;
    field = {
      type: 'token',
      get: (o) => {
        const m = o.metadata as Record<string, unknown> | null | undefined;
        return m && Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
      },
    };
  } else {
    if (c.metadataKey !== null) parseError(); // `name["x"]:...`
    const f = Object.prototype.hasOwnProperty.call(schema.fields, c.field) ? schema.fields[c.field] : undefined;
    if (!f) {
      throw queryError(
        `Field \`${c.field}\` is an unsupported search field for resource \`${schema.resource}\`. See http://stripe.com/docs/search#query-fields-for-${schema.resource.replace(/_/g, '-')} for a list of supported fields.`,
      );
    }
    field = f;
  }
  const name = c.metadataKey === null ? c.field : `metadata["${c.metadataKey}"]`;
  const supported = c.op === ':' || (c.op === '~' ? field.type === 'string' : field.type === 'numeric');
  if (!supported) {
    throw queryError(
      `The \`${c.op}\` operator is not supported on \`${name}\`, a ${field.type} field, which supports ${OPERATORS_OF[field.type]}.`,
    );
  }
  const want = c.value;
  if (want === null && c.op !== ':') {
    throw queryError(`\`null\` can only be used with the \`:\` operator (\`${name}:null\`), to find records where the field is empty.`);
  }
  if (c.op === '~' && want !== null && [...want].length < MIN_SUBSTRING_LENGTH) {
    throw queryError(`A substring search (\`${name}~"..."\`) needs a value of at least ${MIN_SUBSTRING_LENGTH} characters.`);
  }
  if (field.values && want !== null && !field.values.includes(want.toLowerCase())) {
    throw queryError(`\`${name}\` accepts only the values ${field.values.map((v) => `"${v}"`).join(' and ')}.`);
  }
  const get = field.get ?? ((o: Record<string, unknown>) => valueAt(o, c.field));

  let test: (o: Record<string, unknown>) => boolean;
  if (c.op === ':' && field.exact) {
    const exact = field.exact;
    test = (o) => exact(o, want);
  } else if (want === null) {
    test = (o) => isEmpty(get(o));
  } else if (field.type === 'numeric') {
    if (!NUMBER.test(want.trim())) throw queryError(`The value of \`${name}\` must be a number.`);
    const n = Number(want);
    test = (o) => {
      const v = get(o);
      if (typeof v !== 'number') return false;
      switch (c.op) {
        case '>': return v > n;
        case '<': return v < n;
        case '>=': return v >= n;
        case '<=': return v <= n;
        default: return v === n;
      }
    };
  } else if (c.op === '~') {
    const needle = want.toLowerCase();
    test = (o) => {
      const v = get(o);
      return typeof v === 'string' && v.toLowerCase().includes(needle);
    };
  } else if (field.type === 'string') {
    test = (o) => {
      const v = get(o);
      return typeof v === 'string' && containsPhrase(v, want);
    };
  } else {
    // token: the whole value, case-insensitively; numbers by value (`exp_month:4` and `exp_month:"04"`), booleans
    // as written (`active:"true"`)
    const exact = want.toLowerCase();
    const n = NUMBER.test(want) ? Number(want) : null;
    test = (o) => {
      const v = get(o);
      if (typeof v === 'number') return v === n;
      return (typeof v === 'string' || typeof v === 'boolean') && String(v).toLowerCase() === exact;
    };
  }
  return c.negate ? (o) => !test(o) : test;
}

/** Checks a parsed query against a resource's fields and returns its matcher. Throws Stripe's 400s. */
export function compileSearch(parsed: ParsedSearchQuery, schema: SearchSchema): (o: Record<string, unknown>) => boolean {
  const tests = parsed.clauses.map((c) => predicate(c, schema));
  return parsed.joiner === 'AND' ? (o) => tests.every((t) => t(o)) : (o) => tests.some((t) => t(o));
}

/** parseSearchQuery + compileSearch. */
export function searchMatcher(query: string, schema: SearchSchema): (o: Record<string, unknown>) => boolean {
  return compileSearch(parseSearchQuery(query), schema);
}

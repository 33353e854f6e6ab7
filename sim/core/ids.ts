// Stripe-style identifiers from Web Crypto (no Node APIs): `pi_` + 24 base62 characters, `req_` + 14 ...
// Object ids are roughly time-ordered, as Stripe's are: the first 7 characters after the prefix are the creation
// time in milliseconds (base62, fixed width), the rest random. New ids then land at the end of the store's id
// index instead of on a random page, which spares the SQLite store a page write per new object.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolPos = 0;

function randomBytes(n: number): Uint8Array {
  if (poolPos + n > pool.length) {
    pool = new Uint8Array(Math.max(POOL_SIZE, n));
    crypto.getRandomValues(pool);
    poolPos = 0;
  }
  const out = pool.subarray(poolPos, poolPos + n);
  poolPos += n;
  return out;
}

/** `length` uniformly random base62 characters (rejection sampling, no modulo bias). */
export function randomString(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length - out.length + 8);
    for (let i = 0; i < bytes.length && out.length < length; i++) {
      const b = bytes[i] & 63;
      if (b < 62) out += ALPHABET[b];
    }
  }
  return out;
}

const TIME_CHARS = 7; // 62^7 ms is about 111 years from 1970
let lastMs = -1;
let lastTime = '';

/** `ms` as TIME_CHARS base62 characters (sorts like the number). */
function timePart(ms: number): string {
  if (ms === lastMs) return lastTime;
  let n = Math.max(0, Math.floor(ms));
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  lastMs = ms;
  lastTime = out;
  return out;
}

/**
 * A new object id: `newId('cus')` -> `cus_` + 24 base62 characters (Stripe's usual length): 7 of creation time,
 * then random ones (at least 7, so 62^7 possibilities per millisecond). Ids shorter than 14 are all random.
 */
export function newId(prefix: string, length = 24): string {
  if (length < 2 * TIME_CHARS) return `${prefix}_${randomString(length)}`;
  return `${prefix}_${timePart(Date.now())}${randomString(length - TIME_CHARS)}`;
}

export function newRequestId(): string {
  return `req_${randomString(14)}`;
}

// Stripe-style identifiers from Web Crypto (no Node APIs): `pi_` + 24 base62 characters, `req_` + 14 ...

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

/** A new object id: `newId('cus')` -> `cus_` + 24 base62 characters (Stripe's usual length). */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomString(length)}`;
}

export function newRequestId(): string {
  return `req_${randomString(14)}`;
}

// A Bloom filter of the keys a SQLite store holds (object ids, idempotency keys), so that a lookup of a key that was
// never written skips SQLite. Such lookups are common and the most expensive reads of all: each new Idempotency-Key
// is looked up before its request runs, and a confirmation looks up ids that usually do not exist (a `pm_card_*` test
// id, internal side records). A miss reads index pages the writer keeps changing, through the WAL (~15 to 30 µs).
//
// Answers "absent" (certain) or "maybe" (then the store reads SQLite as before): a wrong "maybe" costs one read, never
// a wrong answer. Keys are only added, never removed (a removed key stays a "maybe"). Fixed size, so memory stays
// flat: past its capacity the share of wrong "maybe"s grows slowly (about 1 in 2,000 at 1M keys, 1 in 25 at 5M).

/** 2^25 bits = 4 MB. */
const BITS_LOG2 = 25;
const MASK = (1 << BITS_LOG2) - 1;
const HASHES = 5;

export class KeyFilter {
  private readonly bits = new Int32Array(1 << (BITS_LOG2 - 5));
  /** The two hashes of the last key hashed (fields, not a returned pair: no allocation per lookup). */
  private h1 = 0;
  private h2 = 0;
  /** Keys added since creation or the last clear (counting repeats). */
  added = 0;

  /** FNV-1a and a murmur-style mix over the UTF-16 code units; bit j of a key is h1 + j * h2 (double hashing). */
  private hash(key: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2 | 1;
  }

  add(key: string): void {
    this.hash(key);
    for (let j = 0; j < HASHES; j++) {
      const b = (this.h1 + Math.imul(j, this.h2)) & MASK;
      this.bits[b >>> 5] |= 1 << (b & 31);
    }
    this.added++;
  }

  /** False: the key was never added. True: it may have been. */
  mayHave(key: string): boolean {
    this.hash(key);
    for (let j = 0; j < HASHES; j++) {
      const b = (this.h1 + Math.imul(j, this.h2)) & MASK;
      if ((this.bits[b >>> 5] & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }

  clear(): void {
    this.bits.fill(0);
    this.added = 0;
  }
}

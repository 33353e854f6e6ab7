// A controllable clock. Real time plus an offset that only moves forward (`advance`), so expiries,
// idempotency windows, event retention and webhook retries can be driven by tests and the control plane.

export interface Clock {
  /** Milliseconds since the epoch, simulator time. */
  nowMs(): number;
  /** Unix seconds, simulator time (what `created` fields use). */
  now(): number;
  /** Moves simulator time forward. */
  advance(seconds: number): void;
  /** Current offset from real time in milliseconds. */
  offsetMs(): number;
  setOffsetMs(ms: number): void;
}

export function createClock(initialOffsetMs = 0, realNow: () => number = () => Date.now()): Clock {
  let offset = initialOffsetMs;
  return {
    nowMs: () => realNow() + offset,
    now: () => Math.floor((realNow() + offset) / 1000),
    advance(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
      offset += seconds * 1000;
    },
    offsetMs: () => offset,
    setOffsetMs(ms: number) {
      offset = ms;
    },
  };
}

// The customer-facing screen of a simulated reader, as data: what the reader shows (idle, cart, tip choice, "tap,
// insert or swipe", processing, approved, declined, canceled, refund, save card) and what a person playing the
// customer may do there. Kept in an internal record next to the Reader (never rendered by /v1) and streamed to
// pages by the live channel (live.ts) after each committed change.

import type { Simulator } from '../app.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import type { ReaderScreen } from '../../../src/components/terminal-reader/terminal-reader-types.ts';

// The screen's shape is the contract of the live channel with `<ck-terminal-reader>`: one definition, in the kit
// (the kit must not depend on sim/, so the simulator takes the type from there; type-only, nothing is bundled).
export type {
  ReaderScreenName as ScreenName,
  ReaderCart as ScreenCart,
  ReaderTipOption as TipOption,
  ReaderScreen,
} from '../../../src/components/terminal-reader/terminal-reader-types.ts';

/** The internal record a reader's screen lives in. */
export interface SimReaderScreen extends StripeObject {
  object: 'sim_terminal_screen';
  screen: ReaderScreen;
}

export const screenId = (readerId: string): string => `simscreen_${readerId}`;

export function blankScreen(reader: { id: string; label: string; device_type: string }, nowMs: number): ReaderScreen {
  return {
    reader: reader.id, label: reader.label, device_type: reader.device_type, location: null,
    branding: { name: null, color: null, icon_url: null }, screen: 'idle', action: null, cart: null, currency: null,
    amount: null, tipping: null, tip: null, customer_cancellation: false, payment: null, failure: null, seq: 0, updated_ms: nowMs,
  };
}

/** Reads the screen record (inside a request). */
export function loadScreen(ctx: RequestContext, reader: { id: string; label: string; device_type: string }): ReaderScreen {
  const rec = ctx.find<SimReaderScreen>(screenId(reader.id), 'sim_terminal_screen');
  return rec ? rec.data.screen : blankScreen(reader, ctx.clock.nowMs());
}

/**
 * Saves a new screen (inside a request) and publishes it to live subscribers once the transaction commits.
 * `patch` replaces fields; the sequence number and timestamp advance.
 */
export function showScreen(ctx: RequestContext, reader: { id: string; label: string; device_type: string }, patch: Partial<ReaderScreen>): ReaderScreen {
  const rec = ctx.find<SimReaderScreen>(screenId(reader.id), 'sim_terminal_screen');
  const before = rec ? rec.data.screen : blankScreen(reader, ctx.clock.nowMs());
  const b = ctx.sim.settings.branding;
  const next: ReaderScreen = {
    ...before,
    ...patch,
    label: reader.label,
    branding: { name: b.platform_name ?? null, color: b.primary_color ?? null, icon_url: b.icon_url ?? null },
    seq: before.seq + 1,
    updated_ms: ctx.clock.nowMs(),
  };
  const data: SimReaderScreen = { id: screenId(reader.id), object: 'sim_terminal_screen', screen: next };
  if (rec) ctx.update(data);
  else ctx.insert(data);
  const hub = hubOf(ctx.sim);
  const account = ctx.account;
  ctx.afterCommit(() => hub.publish(account, next));
  return next;
}

// ---------------------------------------------------------------------------------------------------------------
// Live subscribers and reader-scoped tokens (in memory, per simulator)

export type ScreenListener = (screen: ReaderScreen) => void;

/** A reader-scoped token handed to a browser: it may watch and play the customer of one reader only. */
export interface ReaderToken {
  token: string;
  account: string;
  reader: string;
  expiresMs: number;
}

export class ReaderHub {
  private readonly listeners = new Map<string, Set<ScreenListener>>();
  private readonly tokens = new Map<string, ReaderToken>();

  /** Subscribes to a reader's screens; returns the unsubscribe function. */
  subscribe(account: string, reader: string, fn: ScreenListener): () => void {
    const key = `${account}\0${reader}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  publish(account: string, screen: ReaderScreen): void {
    for (const fn of [...(this.listeners.get(`${account}\0${screen.reader}`) ?? [])]) {
      try {
        fn(screen);
      } catch {
        /* a broken stream must not break the others */
      }
    }
  }

  subscriberCount(account: string, reader: string): number {
    return this.listeners.get(`${account}\0${reader}`)?.size ?? 0;
  }

  issueToken(t: ReaderToken): void {
    this.tokens.set(t.token, t);
  }

  /** The token if it exists, names this reader and has not expired (simulator time). */
  checkToken(token: string | null | undefined, reader: string, nowMs: number): ReaderToken | null {
    if (!token) return null;
    const t = this.tokens.get(token);
    if (!t) return null;
    if (t.expiresMs <= nowMs) {
      this.tokens.delete(token);
      return null;
    }
    return t.reader === reader ? t : null;
  }

  revokeReader(reader: string): void {
    for (const [k, t] of this.tokens) if (t.reader === reader) this.tokens.delete(k);
  }

  clear(): void {
    this.tokens.clear();
  }
}

const hubs = new WeakMap<Simulator, ReaderHub>();

export function hubOf(sim: Simulator): ReaderHub {
  let hub = hubs.get(sim);
  if (!hub) {
    hub = new ReaderHub();
    hubs.set(sim, hub);
    const h = hub;
    sim.onReset(() => h.clear());
  }
  return hub;
}

// Webhook delivery: signed POSTs (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`),
// retried with exponential backoff on a compressed test-mode schedule until a 2xx, every attempt recorded.
// Pending deliveries live in the store, so a restart resumes them. Timers are unref'd: the scheduler never
// keeps a Node process alive.

import type { Simulator } from './app.ts';
import { renderEvent, type EventObject } from './events.ts';
import type { DeliveryRecord } from './store.ts';
import { isApiVersion } from './versions.ts';

const enc = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  const b = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** Hex HMAC-SHA256 of `${timestamp}.${payload}` with the endpoint secret (Web Crypto). */
export async function computeSignature(secret: string, timestamp: number, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${payload}`)));
}

export async function signatureHeader(secret: string, timestamp: number, payload: string): Promise<string> {
  return `t=${timestamp},v1=${await computeSignature(secret, timestamp, payload)}`;
}

/** Seconds to wait after attempt n (1-based) fails: schedule[n-1]; past the end, the delivery fails for good. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128];
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_SNIPPET = 1000;
const PARALLEL = 8;

interface EndpointData {
  id: string;
  url: string;
  secret: string;
  status: string;
  api_version: string | null;
}

type Timer = ReturnType<typeof setTimeout>;

export class WebhookDispatcher {
  private timer: Timer | null = null;
  private timerAt = 0;
  private running = false;
  private again = false;
  private stopped = false;
  private inflight = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly sim: Simulator) {}

  /** Looks for due deliveries now (after a commit, a clock advance, a restart). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Resolves once no delivery is due or in flight (tests). */
  async idle(): Promise<void> {
    for (;;) {
      if (!this.running && this.inflight.size === 0) {
        const next = this.sim.store.nextDeliveryAtMs();
        if (next === null || next > this.sim.clock.nowMs()) return;
      }
      await new Promise<void>((r) => {
        this.idleWaiters.push(r);
        this.kick();
      });
    }
  }

  private schedule(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, Math.max(0, Math.min(delayMs, 2_147_000_000)));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const due = this.sim.store.dueDeliveries(this.sim.clock.nowMs(), PARALLEL * 4).filter((d) => !this.inflight.has(d.id));
          if (due.length === 0) break;
          for (let i = 0; i < due.length; i += PARALLEL) {
            await Promise.all(due.slice(i, i + PARALLEL).map((d) => this.attempt(d.id)));
          }
        }
      } while (this.again && !this.stopped);
    } catch (e) {
      this.sim.log('error', 'webhook dispatcher failed', { error: String(e) });
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      if (!this.stopped) {
        const next = this.sim.store.nextDeliveryAtMs();
        if (next !== null) this.schedule(Math.max(0, next - this.sim.clock.nowMs()));
      }
    }
  }

  /** Makes one attempt now, whatever the delivery's state ("retry now" in the control plane). */
  async retryNow(id: string): Promise<DeliveryRecord | undefined> {
    const d = this.sim.store.getDelivery(id);
    if (!d) return undefined;
    await this.attempt(id, true);
    return this.sim.store.getDelivery(id);
  }

  private async attempt(id: string, manual = false): Promise<void> {
    if (this.inflight.has(id)) return;
    this.inflight.add(id);
    try {
      const sim = this.sim;
      const d = sim.store.getDelivery(id);
      if (!d || (!manual && d.status !== 'pending')) return;
      const eventRec = sim.store.get<EventObject>(d.eventId);
      const epRec = sim.store.get<EndpointData>(d.endpointId);
      const now = sim.clock.now();
      if (!eventRec || !epRec || epRec.data.status !== 'enabled') {
        const why = !eventRec ? 'event no longer exists' : !epRec ? 'webhook endpoint was deleted' : 'webhook endpoint is disabled';
        this.finish(d, { at: now, status: null, durationMs: 0, response: null, error: why }, 'failed');
        return;
      }
      const ep = epRec.data;
      const version = ep.api_version && isApiVersion(ep.api_version) ? ep.api_version : sim.defaultVersion;
      const payload = JSON.stringify(renderEvent(eventRec.data, version), null, 2);
      // The signature timestamp is wall-clock time: receivers check it against their own clock (300 s tolerance).
      const ts = Math.floor(Date.now() / 1000);
      const header = await signatureHeader(ep.secret, ts, payload);
      const started = Date.now();
      let status: number | null = null;
      let response: string | null = null;
      let error: string | null = null;
      const ac = new AbortController();
      const timeout = setTimeout(() => ac.abort(), sim.settings.webhookTimeoutMs);
      (timeout as { unref?: () => void }).unref?.();
      try {
        const res = await sim.fetch(ep.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Stripe-Signature': header,
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'Cache-Control': 'no-cache',
          },
          body: payload,
          signal: ac.signal,
          redirect: 'manual',
        });
        status = res.status;
        try {
          response = (await res.text()).slice(0, RESPONSE_SNIPPET);
        } catch {
          response = null;
        }
      } catch (e) {
        error = ac.signal.aborted ? `Timed out after ${sim.settings.webhookTimeoutMs} ms` : errorText(e);
      } finally {
        clearTimeout(timeout);
      }
      const attempt = { at: sim.clock.now(), status, durationMs: Date.now() - started, response, error };
      const fresh = sim.store.getDelivery(id);
      if (!fresh) return;
      if (status !== null && status >= 200 && status < 300) {
        this.finish(fresh, attempt, 'succeeded');
      } else {
        const n = fresh.attempts.filter((a) => !(a.status !== null && a.status >= 200 && a.status < 300)).length + 1;
        const schedule = sim.settings.webhookRetrySchedule;
        if (n <= schedule.length && fresh.status !== 'succeeded') {
          sim.store.transaction(() =>
            sim.store.updateDelivery({ ...fresh, status: 'pending', attempts: [...fresh.attempts, attempt], nextAttemptAtMs: sim.clock.nowMs() + schedule[n - 1] * 1000 }),
          );
        } else {
          this.finish(fresh, attempt, fresh.status === 'succeeded' ? 'succeeded' : 'failed');
        }
      }
    } finally {
      this.inflight.delete(id);
    }
  }

  private finish(d: DeliveryRecord, attempt: DeliveryRecord['attempts'][number], status: 'succeeded' | 'failed'): void {
    const sim = this.sim;
    sim.store.transaction(() => {
      // pending_webhooks counts the endpoints that have not been *successfully* delivered to (Stripe's Event object);
      // a delivery that failed for good stays counted, which is what delivery_success=false lists.
      const delivered = status === 'succeeded' && d.status !== 'succeeded';
      sim.store.updateDelivery({ ...d, status, attempts: [...d.attempts, attempt], nextAttemptAtMs: null });
      if (delivered) {
        const ev = sim.store.get<EventObject>(d.eventId);
        if (ev && ev.data.pending_webhooks > 0) sim.store.update(ev.id, { ...ev.data, pending_webhooks: ev.data.pending_webhooks - 1 });
      }
    });
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    return code ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

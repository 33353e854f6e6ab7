// The control plane, on /_sim (never /v1): reset, clock, webhook deliveries, settings (latency, retry
// schedule, branding for hosted pages), API faults (sim/core/faults.ts), health. Protected by the same secret key as /v1 (health is open).
// Bodies may be JSON or form-encoded; answers are JSON; errors use Stripe's envelope.

import type { Hono } from 'hono';
import type { Simulator, SimSettings } from './app.ts';
import { invalidRequest, StripeError } from './errors.ts';
import { faultJson, parseFaultSpec } from './faults.ts';
import { parseForm } from './form.ts';
import { newRequestId } from './ids.ts';
import type { DeliveryRecord } from './store.ts';

function deliveryJson(d: DeliveryRecord): Record<string, unknown> {
  return {
    id: d.id,
    object: 'webhook_delivery',
    account: d.account,
    event: d.eventId,
    webhook_endpoint: d.endpointId,
    status: d.status,
    attempts: d.attempts.map((a) => ({ at: a.at, status: a.status, duration_ms: a.durationMs, response: a.response, error: a.error })),
    next_attempt_at: d.nextAttemptAtMs === null ? null : Math.floor(d.nextAttemptAtMs / 1000),
    created: Math.floor(d.createdMs / 1000),
  };
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text) return {};
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const v: unknown = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* fall through */
    }
    throw invalidRequest('Invalid JSON body.');
  }
  return parseForm(text) as Record<string, unknown>;
}

function num(v: unknown, name: string, min = 0): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min) throw invalidRequest(`Invalid ${name}: must be a number >= ${min}.`, { param: name });
  return n;
}

export function registerControlPlane(app: Hono, sim: Simulator): void {
  const guard = async (req: Request, fn: () => Promise<unknown> | unknown): Promise<Response> => {
    const headers = { 'Request-Id': newRequestId() };
    try {
      const auth = sim.authenticate(req.headers.get('authorization'));
      if (auth.keyType !== 'secret') throw invalidRequest('The control plane requires the secret key.', { status: 401 });
      const body = await fn();
      if (sim.store.durable) await sim.store.durable();
      return sim.json(body, 200, headers);
    } catch (e) {
      if (e instanceof StripeError) return sim.json(e.toJSON(), e.status, headers);
      sim.log('error', 'control plane error', { error: String(e) });
      return sim.json({ error: { type: 'api_error', message: 'Internal simulator error.' } }, 500, headers);
    }
  };

  const settingsJson = (s: SimSettings) => ({
    object: 'sim_settings',
    latency_ms: s.latencyMs,
    webhook_retry_schedule: s.webhookRetrySchedule,
    webhook_timeout_ms: s.webhookTimeoutMs,
    branding: s.branding,
  });

  const clockJson = () => ({ object: 'sim_clock', now: sim.clock.now(), now_ms: sim.clock.nowMs(), offset_seconds: sim.clock.offsetMs() / 1000 });

  app.get('/_sim/health', () =>
    sim.json({ ok: true, store: sim.store.kind, account: sim.platformAccount, api_version: sim.defaultVersion, now: sim.clock.now() }, 200),
  );

  app.post('/_sim/reset', (c) =>
    guard(c.req.raw, () => {
      sim.reset();
      return { object: 'sim_reset', ok: true };
    }),
  );

  app.get('/_sim/clock', (c) => guard(c.req.raw, clockJson));
  app.post('/_sim/clock/advance', (c) =>
    guard(c.req.raw, async () => {
      const body = await readBody(c.req.raw);
      const seconds = num(body.seconds, 'seconds');
      sim.advanceClock(seconds);
      return clockJson();
    }),
  );

  app.get('/_sim/deliveries', (c) =>
    guard(c.req.raw, () => {
      const q = new URL(c.req.url).searchParams;
      const status = q.get('status');
      if (status !== null && !['pending', 'succeeded', 'failed'].includes(status)) {
        throw invalidRequest('Invalid status: must be one of pending, succeeded, or failed', { param: 'status' });
      }
      const limit = q.get('limit') === null ? 100 : num(q.get('limit'), 'limit', 1);
      const list = sim.store.listDeliveries({
        eventId: q.get('event') ?? undefined,
        endpointId: q.get('webhook_endpoint') ?? undefined,
        status: (status ?? undefined) as DeliveryRecord['status'] | undefined,
        limit,
      });
      return { object: 'list', data: list.map(deliveryJson), has_more: false, url: '/_sim/deliveries' };
    }),
  );
  app.get('/_sim/deliveries/:id', (c) =>
    guard(c.req.raw, () => {
      const d = sim.store.getDelivery(c.req.param('id'));
      if (!d) throw new StripeError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', message: `No such webhook delivery: '${c.req.param('id')}'` });
      return deliveryJson(d);
    }),
  );
  app.post('/_sim/deliveries/:id/retry', (c) =>
    guard(c.req.raw, async () => {
      const d = await sim.webhooks.retryNow(c.req.param('id'));
      if (!d) throw new StripeError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', message: `No such webhook delivery: '${c.req.param('id')}'` });
      return deliveryJson(d);
    }),
  );
  /** Waits until no webhook delivery is due or in flight (tests). */
  app.post('/_sim/webhooks/flush', (c) =>
    guard(c.req.raw, async () => {
      await sim.webhooks.idle();
      return { object: 'sim_flush', ok: true };
    }),
  );

  app.get('/_sim/settings', (c) => guard(c.req.raw, () => settingsJson(sim.settings)));
  app.post('/_sim/settings', (c) =>
    guard(c.req.raw, async () => {
      const body = await readBody(c.req.raw);
      const patch: Partial<SimSettings> = {};
      for (const k of Object.keys(body)) {
        if (!['latency_ms', 'webhook_retry_schedule', 'webhook_timeout_ms', 'branding'].includes(k)) {
          throw invalidRequest(`Received unknown parameter: ${k}`, { param: k, code: 'parameter_unknown' });
        }
      }
      if (body.latency_ms !== undefined) patch.latencyMs = num(body.latency_ms, 'latency_ms');
      if (body.webhook_timeout_ms !== undefined) patch.webhookTimeoutMs = num(body.webhook_timeout_ms, 'webhook_timeout_ms', 1);
      if (body.webhook_retry_schedule !== undefined) {
        const raw = body.webhook_retry_schedule;
        const arr = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : null;
        if (!arr) throw invalidRequest('Invalid webhook_retry_schedule: must be an array of seconds.', { param: 'webhook_retry_schedule' });
        patch.webhookRetrySchedule = arr.map((v, i) => num(v, `webhook_retry_schedule[${i}]`));
      }
      if (body.branding !== undefined) {
        const b = body.branding;
        if (!b || typeof b !== 'object' || Array.isArray(b)) throw invalidRequest('Invalid branding: must be an object.', { param: 'branding' });
        const br = b as Record<string, unknown>;
        const out: Partial<SimSettings['branding']> = {};
        for (const k of Object.keys(br)) {
          const v = br[k];
          if (k === 'platform_name') {
            if (typeof v !== 'string' || v.length === 0 || v.length > 100) throw invalidRequest('Invalid branding[platform_name]: 1 to 100 characters.', { param: 'branding[platform_name]' });
            out.platform_name = v;
          } else if (k === 'icon_url') {
            if (v === '' || v === null) out.icon_url = null;
            else if (typeof v !== 'string' || !/^https?:\/\/\S+$/.test(v) || v.length > 2000) throw invalidRequest('Invalid branding[icon_url]: must be an http(s) URL.', { param: 'branding[icon_url]' });
            else out.icon_url = v;
          } else if (k === 'primary_color') {
            if (typeof v !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(v)) throw invalidRequest('Invalid branding[primary_color]: must be a hex colour such as #635bff.', { param: 'branding[primary_color]' });
            out.primary_color = v.toLowerCase();
          } else {
            throw invalidRequest(`Received unknown parameter: branding[${k}]`, { param: `branding[${k}]`, code: 'parameter_unknown' });
          }
        }
        patch.branding = out as SimSettings['branding'];
      }
      return settingsJson(sim.updateSettings(patch));
    }),
  );

  // ---- API faults: make chosen /v1 requests fail as Stripe's API fails (see sim/core/faults.ts)
  const noSuchFault = (id: string) =>
    new StripeError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such fault: '${id.slice(0, 100)}'` });
  app.post('/_sim/faults', (c) =>
    guard(c.req.raw, async () => faultJson(sim.faults.arm(parseFaultSpec(await readBody(c.req.raw)), sim.clock.nowMs()))),
  );
  app.get('/_sim/faults', (c) =>
    guard(c.req.raw, () => {
      const status = new URL(c.req.url).searchParams.get('status');
      if (status !== null && status !== 'armed' && status !== 'exhausted') {
        throw invalidRequest('Invalid status: must be one of armed or exhausted', { param: 'status' });
      }
      const data = sim.faults.list().map(faultJson).filter((f) => status === null || f.status === status);
      return { object: 'list', data, has_more: false, url: '/_sim/faults' };
    }),
  );
  app.get('/_sim/faults/:id', (c) =>
    guard(c.req.raw, () => {
      const f = sim.faults.get(c.req.param('id'));
      if (!f) throw noSuchFault(c.req.param('id'));
      return faultJson(f);
    }),
  );
  app.delete('/_sim/faults', (c) => guard(c.req.raw, () => ({ object: 'sim_faults_cleared', deleted: sim.faults.clear() })));
  app.delete('/_sim/faults/:id', (c) =>
    guard(c.req.raw, () => {
      const id = c.req.param('id');
      if (!sim.faults.disarm(id)) throw noSuchFault(id);
      return { id, object: 'sim_fault', deleted: true };
    }),
  );

  // What an API error's request_log_url shows: the request and the error it got (the last 1000 errors; reset clears them).
  app.get('/_sim/requests/:id', (c) =>
    guard(c.req.raw, () => {
      const id = c.req.param('id');
      const entry = sim.loggedRequest(id);
      if (!entry) throw invalidRequest(`No such request: '${id}'`, { status: 404, code: 'resource_missing', param: 'id' });
      return entry;
    }),
  );

  // Anything else under /_sim: JSON 404 in the envelope.
  app.all('/_sim/*', (c) =>
    sim.json(
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}).` } },
      404,
      { 'Request-Id': newRequestId() },
    ),
  );
}

// The live channel of simulated readers: a page watches a reader's screen and plays its customer, without ever
// holding the secret key.
//
//   POST /_sim/terminal/readers/:id/client_token      secret key (the merchant's backend; Stripe-Account honoured)
//        -> { token: 'rdrtok_...', reader, expires_at, stream_url, screen_url, customer_url }
//   GET  /_sim/terminal/readers/:id/stream?token=...  Server-Sent Events: `event: screen` frames (JSON ReaderScreen)
//   GET  /_sim/terminal/readers/:id/screen            the current screen (Authorization: Bearer <token> or ?token=)
//   POST /_sim/terminal/readers/:id/customer          Authorization: Bearer <token>; JSON
//        { action: 'present_card', type?: 'card_present' | 'interac_present', number?, read_method? }
//        { action: 'choose_tip', amount }   { action: 'cancel' }
//
// Tokens are scoped to one reader, expire after 15 minutes of simulator time and live in memory (a restarted
// simulator forgets them: pages ask their backend for a new one). They allow what a person standing at the reader
// can do, nothing else. EventSource cannot send headers, hence the query parameter on /stream; the stream is
// served with `Cache-Control: no-store` and `Referrer-Policy: no-referrer`. CORS is open (`*`, no credentials):
// the token is the authority. When a card is presented the stream shows `processing` for a moment before the
// outcome, as a real reader does while it authorises.

import type { Hono } from 'hono';
import type { Simulator } from '../app.ts';
import { createContext, type RequestContext } from '../context.ts';
import { invalidRequest, StripeError } from '../errors.ts';
import { newRequestId, randomString } from '../ids.ts';
import { chooseTip, customerCancel, presentPaymentMethod, type ReaderObject } from './actions.ts';
import type { ReadMethod } from './outcomes.ts';
import { blankScreen, hubOf, screenId, type ReaderScreen, type SimReaderScreen } from './screen.ts';

export const READER_TOKEN_TTL_MS = 15 * 60 * 1000;
/** How long the stream shows `processing` before an outcome. */
export const PROCESSING_MS = 700;

const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '300',
};
const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), { status, headers: { 'Content-Type': 'application/json', ...CORS, ...NO_STORE, 'Request-Id': newRequestId() } });
}

function errorJson(e: unknown, sim: Simulator): Response {
  if (e instanceof StripeError) return json(e.toJSON(), e.status);
  sim.log('error', 'terminal live channel error', { error: String(e) });
  return json({ error: { type: 'api_error', message: 'Internal simulator error.' } }, 500);
}

function tokenError(): StripeError {
  return new StripeError({
    status: 401, type: 'invalid_request_error', code: 'reader_token_invalid',
    message: 'This reader token is missing, unknown, expired, or for another reader. Ask the merchant backend for a new one.',
  });
}

function bearer(req: Request): string | null {
  const h = req.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1] : new URL(req.url).searchParams.get('token');
}

/** Runs `fn` in one store transaction with a request context for `account`, then the after-commit hooks. */
export function runInternal<T>(sim: Simulator, account: string, path: string, fn: (ctx: RequestContext) => T): T {
  const ctx = createContext({
    sim, account, keyType: 'secret', version: sim.defaultVersion, method: 'POST', path, pathParams: {}, params: {}, rawParams: {},
    requestId: null, idempotencyKey: null, origin: null,
  });
  const out = sim.store.transaction(() => fn(ctx));
  for (const hook of ctx.commitHooks) {
    try {
      hook();
    } catch (e) {
      sim.log('error', 'after-commit hook failed', { error: String(e) });
    }
  }
  return out;
}

function currentScreen(sim: Simulator, account: string, readerId: string): ReaderScreen {
  const rec = sim.store.get<SimReaderScreen>(screenId(readerId));
  if (rec && rec.account === account) return rec.data.screen;
  const reader = sim.store.get<ReaderObject>(readerId);
  if (!reader || reader.account !== account || reader.type !== 'terminal.reader') throw tokenError();
  return blankScreen(reader.data, sim.clock.nowMs());
}

const FINAL = new Set(['approved', 'declined', 'refunded', 'saved']);
const WAITING = new Set(['collecting', 'tipping', 'refund', 'setup']);

function sseStream(sim: Simulator, account: string, readerId: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let unsubscribe: (() => void) | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let last: ReaderScreen | null = null;
  let closed = false;
  const stop = () => {
    closed = true;
    unsubscribe?.();
    if (keepAlive) clearInterval(keepAlive);
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (s: ReaderScreen) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(`event: screen\nid: ${s.seq}\ndata: ${JSON.stringify(s)}\n\n`));
        } catch {
          stop();
        }
      };
      const onScreen = (s: ReaderScreen) => {
        if (last && s.seq <= last.seq) return;
        const authorising = last !== null && WAITING.has(last.screen) && FINAL.has(s.screen);
        last = s;
        if (!authorising) {
          send(s);
          return;
        }
        send({ ...s, screen: 'processing', action: last && s.action ? { type: s.action.type, status: 'in_progress' } : s.action, failure: null });
        const t = setTimeout(() => {
          timers.delete(t);
          if (last && last.seq === s.seq) send(s);
        }, PROCESSING_MS);
        (t as unknown as { unref?: () => void }).unref?.();
        timers.add(t);
      };
      controller.enqueue(enc.encode('retry: 2000\n\n'));
      const initial = currentScreen(sim, account, readerId);
      last = initial;
      send(initial);
      unsubscribe = hubOf(sim).subscribe(account, readerId, onScreen);
      keepAlive = setInterval(() => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(': keep-alive\n\n'));
        } catch {
          stop();
        }
      }, 15_000);
      // Never keep a Node process alive for a keep-alive.
      (keepAlive as unknown as { unref?: () => void }).unref?.();
    },
    cancel() {
      stop();
    },
  });
}

async function readJson(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw invalidRequest('The body must be a JSON object.');
}

export function registerReaderLiveRoutes(sim: Simulator): void {
  const app: Hono = sim.app;
  const base = '/_sim/terminal/readers/:id';
  for (const suffix of ['/client_token', '/stream', '/screen', '/customer']) {
    app.options(base + suffix, () => new Response(null, { status: 204, headers: CORS }));
  }

  app.post(`${base}/client_token`, async (c) => {
    try {
      const auth = sim.authenticate(c.req.header('authorization') ?? null);
      if (auth.keyType !== 'secret') throw invalidRequest('Reader tokens are issued with the secret key only.', { status: 401 });
      const account = sim.resolveAccount(c.req.header('stripe-account') ?? null, auth);
      const id = c.req.param('id');
      const rec = sim.store.get(id);
      if (!rec || rec.account !== account || rec.type !== 'terminal.reader') {
        throw new StripeError({ status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such terminal.reader: '${id}'` });
      }
      const token = `rdrtok_${randomString(32)}`;
      const expiresMs = sim.clock.nowMs() + READER_TOKEN_TTL_MS;
      hubOf(sim).issueToken({ token, account, reader: id, expiresMs });
      const root = `${sim.baseUrl}/_sim/terminal/readers/${id}`;
      return json({
        object: 'sim_terminal_reader_token', token, reader: id, expires_at: Math.floor(expiresMs / 1000),
        stream_url: `${root}/stream`, screen_url: `${root}/screen`, customer_url: `${root}/customer`,
      });
    } catch (e) {
      return errorJson(e, sim);
    }
  });

  app.get(`${base}/stream`, (c) => {
    const id = c.req.param('id');
    const t = hubOf(sim).checkToken(bearer(c.req.raw), id, sim.clock.nowMs());
    if (!t) return errorJson(tokenError(), sim);
    return new Response(sseStream(sim, t.account, id), {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no', ...CORS, ...NO_STORE },
    });
  });

  app.get(`${base}/screen`, (c) => {
    try {
      const id = c.req.param('id');
      const t = hubOf(sim).checkToken(bearer(c.req.raw), id, sim.clock.nowMs());
      if (!t) throw tokenError();
      return json(currentScreen(sim, t.account, id));
    } catch (e) {
      return errorJson(e, sim);
    }
  });

  app.post(`${base}/customer`, async (c) => {
    try {
      const id = c.req.param('id');
      const t = hubOf(sim).checkToken(bearer(c.req.raw), id, sim.clock.nowMs());
      if (!t) throw tokenError();
      const body = await readJson(c.req.raw);
      const action = body.action;
      runInternal(sim, t.account, `/_sim/terminal/readers/${id}/customer`, (ctx) => {
        const reader = ctx.get<ReaderObject>(id, 'terminal.reader', { kind: 'terminal.reader' });
        if (action === 'present_card') {
          // No type: the reader's action decides (an Interac-only intent reads the Interac test card).
          const type = body.type === 'interac_present' || body.type === 'card_present' ? body.type : undefined;
          const number = typeof body.number === 'string' && body.number.trim() !== '' ? body.number : undefined;
          const readMethod = typeof body.read_method === 'string' ? (body.read_method as ReadMethod) : undefined;
          return presentPaymentMethod(ctx, reader, { type, number, read_method: readMethod });
        }
        if (action === 'choose_tip') {
          const amount = typeof body.amount === 'number' ? body.amount : Number.NaN;
          return chooseTip(ctx, reader, amount);
        }
        if (action === 'cancel') return customerCancel(ctx, reader);
        throw invalidRequest('Unknown customer action: use present_card, choose_tip or cancel.', { param: 'action' });
      });
      return json(currentScreen(sim, t.account, id));
    } catch (e) {
      return errorJson(e, sim);
    }
  });
}

// startSimServer(): the simulator on a real HTTP port (Node), backed by SQLite (a file or `:memory:`).
// Used by the CLI, the demo and tests. Port 0 picks a free port.
//
// Two ways in, one pipeline: plain `/v1` GET/POST/DELETE requests (what the SDKs send) go straight from
// node:http to the simulator's transport-neutral `serveV1` (headers read from the IncomingMessage, the body
// collected as one string, the JSON text written to the ServerResponse), which saves the Web Request/Response
// conversion (~100 µs of CPU per request). Everything else (OPTIONS, HEAD, the control plane, hosted pages,
// unusual URLs or Host headers) goes through the Hono app on @hono/node-server as before.

import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import {
  bodyTooLarge,
  createSimulator,
  MAX_BODY_BYTES,
  type ExtraRoutes,
  type Logger,
  type SimKeys,
  type SimSettings,
  type Simulator,
  type V1Request,
  type V1Response,
} from '../core/app.ts';
import { MemoryStore } from '../core/store-memory.ts';
import type { Store } from '../core/store.ts';
import { SqliteStore } from './store-sqlite.ts';
import { SqliteWorkerStore } from './store-sqlite-worker.ts';

export interface SimServerOptions {
  /** Default 12111; 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file path, `:memory:` (throwaway: a temporary file deleted at close), or `memory` (the pure in-memory store). Default `:memory:`. */
  db?: string;
  /**
   * For a SQLite file (`:memory:` included: a throwaway file): `thread` (default) writes in a worker thread, off the
   * request thread; `inline` writes on the request thread (one thread in all: the choice for a single core). Ignored
   * for `memory`.
   */
  sqliteWriter?: SqliteWriter;
  keys?: Partial<SimKeys>;
  /** Public base URL when behind a proxy (default http://host:port). */
  publicUrl?: string;
  fetch?: typeof fetch;
  extraRoutes?: ExtraRoutes | ExtraRoutes[];
  settings?: Partial<SimSettings>;
  /** Suppress the default error logging (the CLI prints its own banner). */
  quiet?: boolean;
  logger?: Logger;
}

export interface SimServer {
  url: string;
  port: number;
  host: string;
  keys: SimKeys;
  account: string;
  sim: Simulator;
  store: Store;
  close(): Promise<void>;
}

/** Browser-facing routes (Stripe.js shim, card iframe, hosted pages) live in sim/browser; load them when present. */
async function browserRoutes(): Promise<ExtraRoutes[]> {
  const candidates = ['../browser/routes.ts'];
  const out: ExtraRoutes[] = [];
  for (const c of candidates) {
    try {
      const mod = (await import(c)) as { default?: ExtraRoutes; registerBrowserRoutes?: ExtraRoutes };
      const fn = mod.registerBrowserRoutes ?? mod.default;
      if (typeof fn === 'function') out.push(fn);
    } catch (e) {
      // only a missing routes module itself is fine; a broken import inside it must surface
      const err = e as { code?: string; message?: string };
      if (err.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes(c.replace('../', '/'))) throw e;
    }
  }
  return out;
}

/** Where a SQLite file store runs its writes: in a worker thread (default) or on the request thread. */
export type SqliteWriter = 'inline' | 'thread';

export function openStore(db: string, writer: SqliteWriter = 'thread'): Store {
  if (db === 'memory') return new MemoryStore();
  if (db === ':memory:') return openThrowawayStore(writer);
  mkdirSync(dirname(db), { recursive: true });
  try {
    return openFileStore(db, writer);
  } catch (e) {
    throw unopenableDatabase(db, e);
  }
}

function openFileStore(path: string, writer: SqliteWriter, onClosed?: () => void): Store {
  // `thread`: the request thread spends ~30% less CPU per request, for ~5-10% more in all (sim/README.md, Benchmark)
  return writer === 'thread' ? new SqliteWorkerStore({ path, onClosed }) : new SqliteStore({ path, onClosed });
}

const THROWAWAY_PREFIX = 'ck-sim-throwaway-';

/**
 * `--db :memory:`: throwaway state in a file of its own in the temporary directory, deleted at close, rather than an
 * SQLite `:memory:` database, which lives in one connection, so that the writer and checkpoint threads can share it:
 * the request thread then does half the work (create + confirm: ~1,140 → ~580 µs of its CPU per pair). Directories
 * left by a killed simulator (named after its pid) are removed by the next one.
 */
function openThrowawayStore(writer: SqliteWriter): Store {
  const root = tmpdir();
  const uid = process.getuid?.();
  for (const name of readdirSync(root)) {
    if (!name.startsWith(THROWAWAY_PREFIX)) continue;
    const pid = Number(name.slice(THROWAWAY_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    try {
      // only our own directories (a shared temporary directory holds other users' too), never through a link
      const st = lstatSync(join(root, name));
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(join(root, name), { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove: a sweep never stops a start
    }
  }
  const dir = mkdtempSync(join(root, `${THROWAWAY_PREFIX}${process.pid}-`));
  return openFileStore(join(dir, 'sim.sqlite'), writer, () => rmSync(dir, { recursive: true, force: true }));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, another user's
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A database file SQLite cannot use (not a database, damaged, locked, read-only) as one clear error instead of
 * better-sqlite3's stack: what failed, and that the file holds test-mode state only, so starting afresh is safe.
 */
export function unopenableDatabase(db: string, e: unknown): Error {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err?.code !== 'string' || !err.code.startsWith('SQLITE_')) return e instanceof Error ? e : new Error(String(e));
  const code = err.code;
  const advice = /^SQLITE_(BUSY|LOCKED)/.test(code)
    ? 'Another process holds it (another simulator on the same file?): stop it, or pass another --db (SIM_DB).'
    : /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)
      ? 'Check the path and its permissions, or pass another --db (SIM_DB).'
      : 'It holds test-mode state only: delete it, with its -wal and -shm files, to start afresh, or pass another --db (SIM_DB).';
  return new Error(`Cannot open the simulator's database ${db}: ${String(err.message)} (${code}). ${advice}`, { cause: e });
}

// The same checks @hono/node-server applies before it builds a Request (src/url.ts there): requests that pass
// them reach the app with their URL as sent; anything else takes the Hono path, which handles it as before.
const PLAIN_URL = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;
const PLAIN_HOST = /^[a-z0-9._-]+(?::([1-9]\d{0,4}))?$/;

/** True for requests the direct path serves: `/v1` or `/v1/...` with GET, POST or DELETE and a plain URL and Host. */
function isPlainV1(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  if (url.charCodeAt(0) !== 47 || url.charCodeAt(1) !== 118 || url.charCodeAt(2) !== 49) return false; // "/v1"
  const c = url.charCodeAt(3);
  if (!(Number.isNaN(c) || c === 47 || c === 63)) return false; // "/v1", "/v1/...", "/v1?..."
  const m = req.method;
  if (m !== 'GET' && m !== 'POST' && m !== 'DELETE') return false;
  const host = req.headers.host;
  if (host === undefined) return false;
  const h = PLAIN_HOST.exec(host);
  return h !== null && (h[1] === undefined || Number(h[1]) <= 65535) && PLAIN_URL.test(url) && !DOT_SEGMENT.test(url);
}

/**
 * Reads the body as one UTF-8 string; rejects past MAX_BODY_BYTES (without buffering more) or when the client goes away.
 * Per-request hot path: no named closures (tsx's keepNames gives each one an Object.defineProperty call), and the
 * 'close' handler of every request builds its Error only when the body was not read.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        settled = true;
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e: unknown) => {
      if (settled) return;
      settled = true;
      reject(e);
    });
    req.on('close', () => {
      if (settled) return;
      settled = true;
      reject(new Error('request closed before its body was read'));
    });
  });
}

/**
 * `pathname` and `search` as `new URL(url, base)` gives them, for a URL isPlainV1 accepted (its characters are
 * PLAIN_URL's, no dot segment): without `#` (a fragment) or `'` (percent-encoded in an http query) nothing is
 * encoded or normalised, so the URL splits at its first `?`; anything else goes through URL.
 */
export function splitPlainUrl(url: string): { pathname: string; search: string } {
  if (url.indexOf('#') < 0 && url.indexOf("'") < 0) {
    const q = url.indexOf('?');
    if (q < 0) return { pathname: url, search: '' };
    return { pathname: url.slice(0, q), search: q === url.length - 1 ? '' : url.slice(q) };
  }
  const parsed = new URL(url, 'http://localhost');
  return { pathname: parsed.pathname, search: parsed.search };
}

function v1Request(req: IncomingMessage): V1Request {
  const url = splitPlainUrl(req.url!);
  const h = req.headers;
  return {
    method: req.method!,
    pathname: url.pathname,
    search: url.search,
    header(name) {
      const v = h[name];
      // node joins repeated headers with ", " (as the Headers class does), except set-cookie (an array)
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    text() {
      return readBody(req);
    },
  };
}

/** An injected connection fault: no answer, the socket closed after `ms` (at once for 0; sooner if the client gives up). */
function dropConnection(socket: Socket | null, ms: number): void {
  if (!socket || socket.destroyed) return;
  if (ms <= 0) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), ms);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function writeV1(res: ServerResponse, out: V1Response): void {
  if (out.drop !== undefined) {
    dropConnection(res.socket, out.drop);
    return;
  }
  if (out.body === null) {
    res.writeHead(out.status, out.headers);
    res.end();
    return;
  }
  const headers = out.headers;
  headers['Content-Length'] = String(Buffer.byteLength(out.body));
  res.writeHead(out.status, headers);
  res.end(out.body);
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  const store = openStore(opts.db ?? ':memory:', opts.sqliteWriter);
  const extras = [...(await browserRoutes()), ...[opts.extraRoutes ?? []].flat()];
  // The base URL is only known once listening (port 0), so the simulator is created after `listen`.
  const holder: { sim?: Simulator } = {};
  const handler = async (req: Request, env: HttpBindings | Http2Bindings) => {
    if (!holder.sim) return new Response('{"error":{"type":"api_error","message":"Starting up."}}', { status: 503 });
    const res = await holder.sim.app.fetch(req);
    if (res.type !== 'error') return res;
    // a network error from the app (an injected connection fault): close the connection without an answer
    dropConnection(env.incoming.socket, 0);
    return RESPONSE_ALREADY_SENT;
  };
  const viaHono = getRequestListener(handler);
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const sim = holder.sim;
    if (!sim || !isPlainV1(req)) {
      void viaHono(req, res);
      return;
    }
    sim.serveV1(v1Request(req)).then(
      (out) => writeV1(res, out),
      (e: unknown) => {
        // serveV1 answers every error itself; this is only reached if writing failed
        sim.log('error', 'could not answer a /v1 request', { error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"error":{"type":"api_error","message":"Internal simulator error."}}');
      },
    );
  };
  // Long query strings get a Stripe-shaped error from the app instead of Node's bare 431.
  const server: Server = createServer({ maxHeaderSize: 256 * 1024 }, listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 12111, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // a port in use: nothing else holds the file, so a caller may retry on another port
    store.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const baseUrl = opts.publicUrl ?? `http://${urlHost}:${port}`;
  const quietLogger: Logger = () => {};
  const sim = createSimulator({
    store,
    baseUrl,
    keys: opts.keys,
    fetch: opts.fetch,
    extraRoutes: extras,
    settings: opts.settings,
    logger: opts.logger ?? (opts.quiet ? quietLogger : undefined),
  });
  holder.sim = sim;
  // keep-alive sockets must not hold the process open after close()
  const httpServer = server;
  httpServer.keepAliveTimeout = 5_000;
  let closed = false;
  return {
    url: `${baseUrl}/`,
    port,
    host,
    keys: sim.keys,
    account: sim.platformAccount,
    sim,
    store,
    async close() {
      if (closed) return;
      closed = true;
      sim.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections?.();
      });
      store.close();
    },
  };
}

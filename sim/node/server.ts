// startSimServer(): the simulator on a real HTTP port (Node), backed by SQLite (a file or `:memory:`).
// Used by the CLI, the demo and tests. Port 0 picks a free port.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createSimulator, type ExtraRoutes, type Logger, type SimKeys, type SimSettings, type Simulator } from '../core/app.ts';
import { MemoryStore } from '../core/store-memory.ts';
import type { Store } from '../core/store.ts';
import { SqliteStore } from './store-sqlite.ts';

export interface SimServerOptions {
  /** Default 12111; 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file path, `:memory:` (SQLite in memory), or `memory` (the pure in-memory store). Default `:memory:`. */
  db?: string;
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

export function openStore(db: string): Store {
  if (db === 'memory') return new MemoryStore();
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return new SqliteStore({ path: db });
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  const store = openStore(opts.db ?? ':memory:');
  const extras = [...(await browserRoutes()), ...[opts.extraRoutes ?? []].flat()];
  // The base URL is only known once listening (port 0), so the simulator is created after `listen`.
  const holder: { sim?: Simulator } = {};
  const handler = (req: Request) =>
    holder.sim ? holder.sim.app.fetch(req) : new Response('{"error":{"type":"api_error","message":"Starting up."}}', { status: 503 });
  const server: ServerType = await new Promise((resolve, reject) => {
    // Long query strings get a Stripe-shaped error from the app instead of Node's bare 431.
    const s = serve({ fetch: handler, port: opts.port ?? 12111, hostname: host, serverOptions: { maxHeaderSize: 256 * 1024 } }, () => resolve(s));
    s.once('error', reject);
  });
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
  const httpServer = server as unknown as import('node:http').Server;
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

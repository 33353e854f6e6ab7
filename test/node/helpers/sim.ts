// Starts a simulator on a free port for a test and returns the official SDK pointed at it.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Stripe from 'stripe';
import { startSimServer, type SimServer, type SimServerOptions } from '../../../sim/node/server.ts';

export interface TestSim {
  stripe: Stripe;
  server: SimServer;
  url: string;
  keys: SimServer['keys'];
  /** A new SDK client with other options (another key, version, Stripe-Account ...). */
  client(key?: string, opts?: Stripe.StripeConfig): Stripe;
  /** Raw HTTP against the simulator, authenticated with the secret key unless headers say otherwise. */
  request(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Control plane call (JSON body). */
  control(method: string, path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TestSimOptions extends Omit<SimServerOptions, 'db' | 'port'> {
  /** `memory` (default), `sqlite` (temp file) or `sqlite-memory`. */
  store?: 'memory' | 'sqlite' | 'sqlite-memory';
  /** Explicit SQLite file path. */
  db?: string;
}

export async function startTestSim(opts: TestSimOptions = {}): Promise<TestSim> {
  let dir: string | undefined;
  let db = opts.db;
  if (!db) {
    if (opts.store === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'ck-sim-'));
      db = join(dir, 'sim.sqlite');
    } else db = opts.store === 'sqlite-memory' ? ':memory:' : 'memory';
  }
  const server = await startSimServer({ quiet: true, ...opts, db, port: 0 });
  const base = new URL(server.url);
  const client = (key = server.keys.secret, config: Stripe.StripeConfig = {}) =>
    new Stripe(key, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0, ...config });
  return {
    stripe: client(),
    server,
    url: server.url.replace(/\/$/, ''),
    keys: server.keys,
    client,
    request(method, path, init = {}) {
      return fetch(`${server.url.replace(/\/$/, '')}${path}`, {
        method,
        body: init.body,
        headers: {
          Authorization: `Bearer ${server.keys.secret}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...init.headers,
        },
      });
    },
    async control(method, path, body) {
      const res = await fetch(`${server.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: { Authorization: `Bearer ${server.keys.secret}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as Record<string, unknown>;
    },
    async close() {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `target()`, as it is when the object is used: for a value the test file's `before` hook sets (property reads
 * and method calls reach the real object; functions stay bound to it).
 */
function late<T extends object>(target: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const real = target();
      if (real === undefined) throw new Error('useTestSim: the simulator starts in a before() hook; use it in tests and hooks');
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
}

/**
 * One simulator for a test file: started in a `before` hook, closed in an `after` hook.
 * `const { sim, stripe } = useTestSim();` at the top of the file, then `stripe.customers.create(...)` in tests.
 */
export function useTestSim(opts: TestSimOptions = {}): { sim: TestSim; stripe: Stripe } {
  let started: TestSim | undefined;
  before(async () => {
    started = await startTestSim(opts);
  });
  after(() => started?.close());
  return { sim: late(() => started), stripe: late(() => started?.stripe) };
}

/** A local HTTP receiver for webhooks that records requests; `status` decides the answer. */
export async function startReceiver(initialStatus = 200): Promise<{
  url: string;
  received: { headers: Record<string, string>; body: string }[];
  status: number;
  close(): Promise<void>;
}> {
  const { createServer } = await import('node:http');
  const state = {
    url: '',
    received: [] as { headers: Record<string, string>; body: string }[],
    status: initialStatus,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.status, { 'Content-Type': 'text/plain' });
      res.end(state.status < 300 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as import('node:net').AddressInfo).port;
  state.url = `http://127.0.0.1:${port}/webhook`;
  state.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return state;
}

/** The error a Stripe SDK call rejects with; fails the test when the call succeeds or rejects with anything else. */
export async function stripeError<E extends Stripe.errors.StripeError = Stripe.errors.StripeError>(p: Promise<unknown>): Promise<E> {
  const err = await p.then(
    () => assert.fail('expected the call to fail with a Stripe error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Stripe.errors.StripeError, `expected a Stripe error, got ${String(err)}`);
  return err as E;
}

// The Stripe simulator running in a browser page (Storybook's preview, or any static page): the same core as
// `npx checkout-kit sim`, on the in-memory store, with the same browser routes (Stripe.js shim, card iframe, 3D
// Secure challenge, hosted checkout, Connect onboarding, Terminal reader screens). A Service Worker
// (service-worker.ts, served as `ck-sim-sw.js`) routes `<scope>__sim/<page id>/...` requests, including those of
// iframes and of the documents it serves, to this page, which answers them with `sim.app.fetch(request)`.
//
//   const sim = await startBrowserSimulator();
//   sim.url;                  // e.g. http://localhost:6006/__sim/6f1c.../ : give it to the components
//   await sim.api('POST', '/v1/payment_intents', { amount: 2000, currency: 'usd' });
import { createSimulator, type Simulator } from '../core/app.ts';
import { MemoryStore } from '../core/store-memory.ts';
import { registerBrowserRoutes } from '../browser/routes.ts';
import type { HostAck, HostQuery, SimRequestMessage, SimResponseMessage } from './protocol.ts';
import { SIM_SEGMENT } from './protocol.ts';

export interface BrowserSimulator {
  /** Base URL of the simulator, without a trailing slash (like `http://127.0.0.1:12111`). */
  url: string;
  sim: Simulator;
  keys: { secret: string; publishable: string };
  /** A request to the simulator's API with the test secret key; form-encodes `params`; throws on Stripe errors. */
  api<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, params?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** Direct `fetch` to the simulator (through the Service Worker, as any page code would). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export interface StartOptions {
  /** URL of the Service Worker script (default `./ck-sim-sw.js`, next to the page). */
  serviceWorkerUrl?: string | URL;
  /** Worker scope (default `./`, the page's directory); must contain the page. */
  scope?: string | URL;
}

/** Encodes params as Stripe's bracket form (`metadata[k]=v`, `items[0][price]=p`). */
export function formEncode(params: Record<string, unknown>, prefix = ''): string {
  const out: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) out.push(`${encodeURIComponent(key)}=`);
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(`${key}[${k}]`, v);
    else out.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(params)) add(prefix ? `${prefix}[${k}]` : k, v);
  return out.join('&');
}

let started: Promise<BrowserSimulator> | null = null;

/** This page's simulator id: part of its URL, so the URL is known before the simulator starts. */
const hostId = (globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`).replace(/-/g, '');

/**
 * The URL the simulator of this page has (or will have once {@link startBrowserSimulator} resolves), for a worker
 * scope (default: the page's directory). No trailing slash, like `http://127.0.0.1:12111`.
 */
export function browserSimulatorUrl(scope: string | URL = './'): string {
  return new URL(`${SIM_SEGMENT}/${hostId}`, new URL(scope, location.href)).href;
}

/** Starts (once per page) the in-browser simulator and resolves when its URL answers. */
export function startBrowserSimulator(options: StartOptions = {}): Promise<BrowserSimulator> {
  started ??= start(options).catch((err: unknown) => {
    started = null;
    throw err;
  });
  return started;
}

async function controlledRegistration(options: StartOptions): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new Error('The in-browser simulator needs Service Workers (a secure context: https, http://localhost or http://127.0.0.1).');
  }
  const swUrl = new URL(options.serviceWorkerUrl ?? './ck-sim-sw.js', location.href);
  const scope = new URL(options.scope ?? './', location.href);
  const reg = await navigator.serviceWorker.register(swUrl, { scope: scope.pathname });
  const worker = reg.active ?? (await new Promise<ServiceWorker>((resolve) => {
    const w = reg.installing ?? reg.waiting;
    if (!w) return void navigator.serviceWorker.ready.then((r) => resolve(r.active!));
    w.addEventListener('statechange', () => {
      if (w.state === 'activated') resolve(w);
    });
  }));
  // The page's own requests (the shim's API calls) only reach the worker once it controls the page.
  if (!navigator.serviceWorker.controller) {
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (navigator.serviceWorker.controller) {
          clearInterval(t);
          resolve();
        } else worker.postMessage({ type: 'ck-sim-claim' });
      }, 50);
      worker.postMessage({ type: 'ck-sim-claim' });
    });
  }
  return navigator.serviceWorker.controller ?? worker;
}

function hello(worker: ServiceWorker): Promise<HostAck> {
  return new Promise((resolve, reject) => {
    const ch = new MessageChannel();
    const timer = setTimeout(() => reject(new Error('The simulator Service Worker did not answer.')), 5000);
    ch.port1.onmessage = (e: MessageEvent<HostAck>) => {
      clearTimeout(timer);
      ch.port1.close();
      resolve(e.data);
    };
    worker.postMessage({ type: 'ck-sim-hello', hostId }, [ch.port2]);
  });
}

/** Absolute paths in served HTML (`href="/x"`) point into the simulator, as they do on its own origin. */
function rewriteHtml(html: string, prefixPath: string): string {
  return html.replace(/\b(href|src|action)=(["'])\/(?!\/)/g, `$1=$2${prefixPath}/`);
}

async function answer(sim: Simulator, prefixPath: string, msg: SimRequestMessage, port: MessagePort): Promise<void> {
  const post = (m: SimResponseMessage, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  let cancelled = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  port.onmessage = (e: MessageEvent<{ type?: string }>) => {
    if (e.data?.type === 'cancel') {
      cancelled = true;
      void reader?.cancel().catch(() => {});
      port.close();
    }
  };
  try {
    const headers = new Headers(msg.headers);
    if (!headers.has('accept-language')) headers.set('accept-language', document.documentElement.lang || navigator.language);
    const req = new Request(msg.url, { method: msg.method, headers, body: msg.body });
    const res = await sim.app.fetch(req);
    // an injected connection fault (/_sim/faults): the page's fetch fails as on a dropped connection
    if (res.type === 'error') return void post({ type: 'error', message: 'The simulator closed the connection.', network: true });
    const outHeaders = new Headers(res.headers);
    const location = outHeaders.get('location');
    if (location?.startsWith('/') && !location.startsWith('//')) outHeaders.set('location', `${prefixPath}${location}`);
    const type = outHeaders.get('content-type') ?? '';
    if (type.startsWith('text/html') && res.body) {
      const text = rewriteHtml(await res.text(), prefixPath);
      outHeaders.delete('content-length');
      post({ type: 'head', status: res.status, statusText: res.statusText, headers: [...outHeaders] });
      post({ type: 'chunk', chunk: new TextEncoder().encode(text) });
      post({ type: 'end' });
      return;
    }
    post({ type: 'head', status: res.status, statusText: res.statusText, headers: [...outHeaders] });
    if (!res.body) return void post({ type: 'end' });
    reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (cancelled) return;
      if (done) break;
      post({ type: 'chunk', chunk: value }, [value.buffer]);
    }
    post({ type: 'end' });
  } catch (err) {
    if (!cancelled) post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

async function start(options: StartOptions): Promise<BrowserSimulator> {
  const worker = await controlledRegistration(options);
  const ack = await hello(worker);
  const url = browserSimulatorUrl(ack.scope);
  const prefixPath = new URL(url).pathname;
  const sim = createSimulator({ store: new MemoryStore(), baseUrl: url, extraRoutes: [registerBrowserRoutes], logger: () => {} });
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent<SimRequestMessage | HostQuery>) => {
    if (e.data?.type === 'ck-sim-who' && e.ports[0]) return void e.ports[0].postMessage(e.data.hostId === hostId);
    if (e.data?.type !== 'ck-sim-request' || !e.ports[0]) return;
    void answer(sim, prefixPath, e.data, e.ports[0]);
  });
  navigator.serviceWorker.startMessages();
  const keys = { secret: sim.keys.secret, publishable: sim.keys.publishable };
  const simFetch = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  const api = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> => {
    const body = formEncode(params);
    const res = await simFetch(method === 'POST' || !body ? path : `${path}?${body}`, {
      method,
      headers: { Authorization: `Bearer ${keys.secret}`, ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      body: method === 'POST' ? body : undefined,
    });
    const json = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error?.message ?? ''}`);
    return json;
  };
  // Round trip through the worker so callers know every path works before they render.
  const health = await simFetch('/_sim/health');
  if (!health.ok) throw new Error(`The in-browser simulator did not start (${health.status}).`);
  return { url, sim, keys, api, fetch: simFetch };
}

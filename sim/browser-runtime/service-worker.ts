// Service Worker of the in-browser simulator (served as `ck-sim-sw.js` next to Storybook's iframe.html). It runs no
// simulator itself: it routes requests to the page that does (sim/browser-runtime/host.ts), so the simulator's
// state lives as long as that page, whatever the browser does with idle workers.
//
// Routed to a host page (every other request goes to the network untouched):
// - `<scope>__sim/<host client id>/<path>`: `<path>` on that page's simulator;
// - a same-origin request made by a document served from such a URL (the card iframe, the 3D Secure page, hosted
//   checkout and onboarding pages refer to their files and API by absolute path, e.g. `/elements/card.js`);
// - a navigation whose referrer is such a document.
import { SIM_SEGMENT, type HostAck, type HostHello, type HostQuery, type SimRequestMessage, type SimResponseMessage } from './protocol.ts';

// Minimal Service Worker typings (the project compiles against the DOM library, not WebWorker).
interface FetchEventLike extends Event {
  request: Request;
  clientId: string;
  resultingClientId: string;
  respondWith(r: Promise<Response> | Response): void;
}
interface ExtendableMessageEventLike extends Event {
  data: unknown;
  source: { id: string } | null;
  ports: readonly MessagePort[];
}
interface ClientLike {
  id: string;
  url: string;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
interface SWGlobal {
  registration: { scope: string };
  location: Location;
  clients: {
    get(id: string): Promise<ClientLike | undefined>;
    matchAll(opts: { type: 'window'; includeUncontrolled: boolean }): Promise<ClientLike[]>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: Event & { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEventLike) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableMessageEventLike) => void): void;
}
const sw = globalThis as unknown as SWGlobal;

const prefix = () => `${new URL(sw.registration.scope).pathname}${SIM_SEGMENT}/`;

/** `{ host, path }` when `url` is a simulator URL (`<scope>__sim/<host>/<path>`). */
function parseSimUrl(url: string): { host: string; path: string } | null {
  const u = new URL(url);
  if (u.origin !== sw.location.origin || !u.pathname.startsWith(prefix())) return null;
  const rest = u.pathname.slice(prefix().length);
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  if (!host) return null;
  return { host, path: `${slash < 0 ? '/' : rest.slice(slash)}${u.search}` };
}

sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));

sw.addEventListener('message', (e) => {
  const data = e.data as { type?: string } | null;
  if (data?.type === 'ck-sim-claim') {
    void sw.clients.claim();
    return;
  }
  if (data?.type !== 'ck-sim-hello' || !e.source || !e.ports[0]) return;
  const { hostId } = data as HostHello;
  hosts.set(hostId, e.source.id);
  lastHost = hostId;
  const ack: HostAck = { type: 'ck-sim-ack', scope: sw.registration.scope };
  e.ports[0].postMessage(ack);
});

/** Host id (chosen by the page) -> the page's client id. */
const hosts = new Map<string, string>();

/** The window running simulator `hostId`; asks every window when this worker was restarted and forgot. */
async function hostClient(hostId: string): Promise<ClientLike | undefined> {
  const known = hosts.get(hostId);
  const client = known ? await sw.clients.get(known) : undefined;
  if (client) return client;
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const answers = await Promise.all(
    windows.map(
      (w) =>
        new Promise<ClientLike | undefined>((resolve) => {
          const ch = new MessageChannel();
          const timer = setTimeout(() => resolve(undefined), 1000);
          ch.port1.onmessage = (ev) => {
            clearTimeout(timer);
            resolve(ev.data === true ? w : undefined);
          };
          const q: HostQuery = { type: 'ck-sim-who', hostId };
          w.postMessage(q, [ch.port2]);
        }),
    ),
  );
  const found = answers.find((a) => a !== undefined);
  if (found) hosts.set(hostId, found.id);
  return found;
}

/** First path segments of the simulator's own routes (API, control plane, shims, frames, hosted pages). */
const SIM_ROOTS = new Set(['v1', '_sim', 'c', 'connect', 'setup', '3ds', 'js', 'v3', 'endive', 'dahlia', 'elements', 'connect-js', 'v1.0', 'v0.1']);
/** Documents served by a simulator: client id -> host id (a cache; the client's URL is the authority). */
const simClients = new Map<string, string>();
/** The host that said hello last: for navigations that carry no hint (no referrer). */
let lastHost: string | null = null;

async function hostOfClient(clientId: string): Promise<string | null> {
  if (!clientId) return null;
  const known = simClients.get(clientId);
  if (known) return known;
  const client = await sw.clients.get(clientId);
  const from = client ? parseSimUrl(client.url) : null;
  if (from) simClients.set(clientId, from.host);
  return from?.host ?? null;
}

async function route(event: FetchEventLike, u: URL): Promise<{ host: string; path: string } | null> {
  const req = event.request;
  const path = `${u.pathname}${u.search}`;
  if (req.mode === 'navigate') {
    const from = req.referrer ? parseSimUrl(req.referrer) : null;
    const host = from?.host ?? (await hostOfClient(event.clientId)) ?? lastHost;
    return host ? { host, path } : null;
  }
  const host = await hostOfClient(event.clientId);
  return host ? { host, path } : null;
}

function unavailable(message: string): Response {
  return new Response(JSON.stringify({ error: { type: 'api_error', message } }), {
    status: 503,
    headers: { 'Content-Type': 'application/json' },
  });
}

async function forward(req: Request, target: { host: string; path: string }): Promise<Response> {
  const host = await hostClient(target.host);
  if (!host) return unavailable('The page running this in-browser simulator is gone; reload the story.');
  const headers: [string, string][] = [...req.headers];
  if (!req.headers.has('origin')) headers.push(['origin', sw.location.origin]);
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : await req.arrayBuffer();
  const channel = new MessageChannel();
  const message: SimRequestMessage = {
    type: 'ck-sim-request',
    method: req.method,
    url: new URL(target.path, sw.location.origin).href,
    headers,
    body,
  };
  return new Promise<Response>((resolve) => {
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        channel.port1.postMessage({ type: 'cancel' });
        channel.port1.close();
      },
    });
    channel.port1.onmessage = (ev: MessageEvent<SimResponseMessage>) => {
      const m = ev.data;
      if (m.type === 'head') {
        const nullBody = req.method === 'HEAD' || m.status === 204 || m.status === 304;
        resolve(new Response(nullBody ? null : stream, { status: m.status, statusText: m.statusText, headers: m.headers }));
      } else if (m.type === 'chunk') {
        controller?.enqueue(m.chunk);
      } else if (m.type === 'end') {
        controller?.close();
        channel.port1.close();
      } else {
        resolve(m.network ? Response.error() : unavailable(m.message));
        controller?.error(new Error(m.message));
        channel.port1.close();
      }
    };
    host.postMessage(message, [channel.port2, ...(body ? [body] : [])]);
  });
}

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const u = new URL(req.url);
  if (u.origin !== sw.location.origin) return;
  const direct = parseSimUrl(req.url);
  if (direct) {
    if (req.mode === 'navigate' && event.resultingClientId) simClients.set(event.resultingClientId, direct.host);
    event.respondWith(forward(req, direct));
    return;
  }
  // Absolute paths used by the simulator's own documents; anything else is the host site's (Storybook's) business.
  if (!SIM_ROOTS.has(u.pathname.split('/')[1] ?? '')) return;
  event.respondWith(
    route(event, u).then((target) => {
      if (target && req.mode === 'navigate' && event.resultingClientId) simClients.set(event.resultingClientId, target.host);
      return target ? forward(req, target) : fetch(req);
    }),
  );
});

// Messages between the Service Worker (sim/browser-runtime/service-worker.ts) and the page that runs the simulator
// (sim/browser-runtime/host.ts). The worker only routes; the simulator and its in-memory store live in the page.

/** Path segment under the worker's scope that marks a simulator URL: `<scope>__sim/<host id>/<simulator path>`. */
export const SIM_SEGMENT = '__sim';

/**
 * Page -> worker: "I run the simulator `<scope>__sim/<hostId>`" (the page picks its id, so its simulator URL is
 * known synchronously); the worker answers on the transferred port with {@link HostAck}.
 */
export interface HostHello {
  type: 'ck-sim-hello';
  hostId: string;
}

export interface HostAck {
  type: 'ck-sim-ack';
  scope: string;
}

/** Worker -> every window (after the worker restarted and forgot): "is `hostId` yours?"; answer `true` on the port. */
export interface HostQuery {
  type: 'ck-sim-who';
  hostId: string;
}

/** Worker -> page: one HTTP request for the simulator; the answer goes to the transferred port. */
export interface SimRequestMessage {
  type: 'ck-sim-request';
  method: string;
  /** Absolute URL as the simulator sees it (prefix removed). */
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

/**
 * Page -> worker on the request's port: head, then chunks, then end (or error). An error with `network` is answered
 * with a network error (`Response.error()`), as a dropped connection is (an injected fault, `/_sim/faults`).
 */
export type SimResponseMessage =
  | { type: 'head'; status: number; statusText: string; headers: [string, string][] }
  | { type: 'chunk'; chunk: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; message: string; network?: boolean };

/** Worker -> page on the request's port: the reader went away (EventSource closed). */
export interface SimCancelMessage {
  type: 'cancel';
}

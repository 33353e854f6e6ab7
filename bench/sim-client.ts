// A lean HTTP/1.1 load client for the simulator benchmarks: one keep-alive TCP socket per concurrent worker,
// each request written as one pre-assembled string, responses parsed by Content-Length. It sends what the
// official `stripe` Node SDK sends on every request (Authorization, Stripe-Version, Accept, User-Agent,
// X-Stripe-Client-User-Agent, Content-Type, Content-Length, and a fresh Idempotency-Key on every POST) and
// returns every response's status and body, so the caller checks each one. It exists because Node's
// http.request costs ~150 µs of client CPU per request, which on a 2-core machine takes CPU from the server
// being measured; this one costs a fraction of that.

import http from 'node:http';
import net from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Reply {
  status: number;
  body: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

const SDK_HEADERS =
  'Accept: application/json\r\n' +
  'User-Agent: Stripe/v1 NodeBindings/23.1.0\r\n' +
  `X-Stripe-Client-User-Agent: ${JSON.stringify({ bindings_version: '23.1.0', lang: 'node', publisher: 'stripe', uname: 'bench', typescript: false, platform: 'linux' })}\r\n`;

/** A form POST through node's own HTTP client (`--client node`), on a keep-alive agent. */
export function nodePost(agent: http.Agent, port: number, path: string, body: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export class LeanConnection {
  private sock: net.Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private readonly fixed: string;

  constructor(
    private readonly port: number,
    secret: string,
    private readonly host = '127.0.0.1',
    version = '2026-10-28.endive',
  ) {
    this.fixed = `Host: ${host}:${port}\r\nAuthorization: Bearer ${secret}\r\nStripe-Version: ${version}\r\n${SDK_HEADERS}`;
  }

  private connect(): net.Socket {
    const sock = net.connect(this.port, this.host);
    sock.setNoDelay(true);
    sock.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.parse();
    });
    const fail = (e: Error) => {
      if (this.sock === sock) this.sock = null;
      this.buf = Buffer.alloc(0);
      const w = this.waiting;
      this.waiting = null;
      w?.reject(e);
    };
    sock.on('error', fail);
    sock.on('close', () => fail(new Error('connection closed')));
    this.sock = sock;
    return sock;
  }

  private parse(): void {
    const end = this.buf.indexOf(CRLFCRLF);
    if (end < 0 || !this.waiting) return;
    const head = this.buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) {
      const w = this.waiting;
      this.waiting = null;
      this.sock?.destroy();
      w.reject(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
      return;
    }
    const start = end + 4;
    const stop = start + Number(m[1]);
    if (this.buf.length < stop) return;
    const body = this.buf.toString('utf8', start, stop);
    this.buf = this.buf.length === stop ? Buffer.alloc(0) : this.buf.subarray(stop);
    const w = this.waiting;
    this.waiting = null;
    w.resolve({ status, body });
  }

  /** One request; `idempotencyKey` is sent on POSTs as the SDK does. */
  request(method: 'GET' | 'POST' | 'DELETE', path: string, body = '', idempotencyKey?: string): Promise<Reply> {
    if (this.waiting) return Promise.reject(new Error('one request at a time per connection'));
    const sock = this.sock ?? this.connect();
    let head = `${method} ${path} HTTP/1.1\r\n${this.fixed}`;
    if (idempotencyKey !== undefined) head += `Idempotency-Key: ${idempotencyKey}\r\n`;
    if (method === 'POST') head += `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      sock.write(`${head}\r\n${body}`);
    });
  }

  close(): void {
    this.sock?.destroy();
    this.sock = null;
  }
}

// `npm run bench` runs every bench/*.ts: say what this one is instead of printing nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log('bench/sim-client.ts is the load client of sim-api.ts and sim-http-floor.ts; it measures nothing on its own.');
}

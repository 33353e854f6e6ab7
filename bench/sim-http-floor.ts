// The HTTP layer's own cost, to know the floor under the simulator's figures: a trivial route that reads a form
// body and answers a ~1.2 KB JSON object, served two ways: `hono` (a Hono app on @hono/node-server, how the
// simulator serves its control plane and pages, and served /v1 before) and `node` (node:http handing the body
// string over and writing the JSON text with the /v1 headers, as sim/node/server.ts now serves /v1). Loaded like
// bench/sim-api.ts at concurrency 16 with its lean client (or `--client node`: node:http keep-alive agent).
// Prints ops/s and server and client CPU per request.
// Usage: npx tsx bench/sim-http-floor.ts [--seconds 5] [--concurrency 16] [--client lean|node] [--server hono|node]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LeanConnection, nodePost, type Reply } from './sim-client.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    client: { type: 'string', default: 'lean' },
    server: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const root = new URL('../', import.meta.url).pathname;

const OBJ = `const obj = { id: 'pi_0000000000000000000000', object: 'payment_intent', amount: 1099, currency: 'usd', metadata: { order: 'bench' }, pad: 'x'.repeat(1000) };`;
const SERVERS: Record<string, string> = {
  hono: `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
${OBJ}
app.post('/v1/payment_intents', async (c) => {
  const text = await c.req.raw.text();
  return new Response(JSON.stringify({ ...obj, body: text }, null, 2), { status: 200, headers: { 'Content-Type': 'application/json', 'Request-Id': 'req_x' } });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(info.port));
`,
  node: `
import { createServer } from 'node:http';
${OBJ}
const HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, no-store', 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, PATCH, POST, DELETE', 'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Account, Stripe-Version, X-Stripe-Client-User-Agent, User-Agent',
  'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed, Original-Request, Stripe-Should-Retry', 'Access-Control-Max-Age': '300' };
const s = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    const body = JSON.stringify({ ...obj, path: url.pathname, auth: req.headers['authorization'] !== undefined, body: text }, null, 2);
    res.writeHead(200, { ...HEADERS, 'Request-Id': 'req_x', 'Stripe-Version': '2026-10-28.endive', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`,
};

function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const body = 'amount=1099&currency=usd&metadata[order]=bench';
let keySeq = 0;

async function measure(kind: string): Promise<void> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVERS[kind]], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = Number(await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const conns: LeanConnection[] = [];
  const makePost = (): (() => Promise<Reply>) => {
    if (values.client === 'lean') {
      const c = new LeanConnection(port, 'sk_test_x');
      conns.push(c);
      return () => c.request('POST', '/v1/payment_intents', body, `floor-${++keySeq}`);
    }
    return () => nodePost(agent, port, '/v1/payment_intents', body);
  };
  const posts = Array.from({ length: CONCURRENCY }, makePost);
  const one = async (post: () => Promise<Reply>) => {
    const r = await post();
    if (r.status !== 200 || !r.body.includes('"payment_intent"')) throw new Error(`${r.status} ${r.body.slice(0, 200)}`);
  };
  const warm = Date.now() + 1000;
  await Promise.all(posts.map(async (p) => { while (Date.now() < warm) await one(p); }));
  let n = 0;
  const cpu0 = cpuSeconds(child.pid!);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(posts.map(async (p) => { while (Date.now() < end) { await one(p); n++; } }));
  const el = (performance.now() - t0) / 1000;
  const srv = ((cpuSeconds(child.pid!) - cpu0) / n) * 1e6;
  const c = process.cpuUsage(c0);
  const label = kind === 'hono' ? 'trivial Hono route on @hono/node-server' : 'trivial route on node:http, direct';
  console.log(`${label.padEnd(40)} ${(n / el).toFixed(0).padStart(6)} ops/s   server CPU ${srv.toFixed(0).padStart(4)} µs/op   client CPU ${((c.user + c.system) / n).toFixed(0).padStart(4)} µs/op   (${n} ops, c=${CONCURRENCY})`);
  for (const conn of conns) conn.close();
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`load average ${load}; client: ${values.client === 'lean' ? 'lean keep-alive sockets (bench/sim-client.ts)' : 'node:http keep-alive agent'}`);
for (const kind of values.server ? [values.server] : ['hono', 'node']) await measure(kind);

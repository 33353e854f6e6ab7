// The HTTP layer's own cost, to know the floor under the simulator's figures: a trivial Hono app on
// @hono/node-server (as the simulator CLI serves) that reads a form body and answers a ~1.2 KB JSON object,
// loaded like bench/sim-api.ts (node http keep-alive, concurrency 16). Prints ops/s and server CPU per request.
// Usage: npx tsx bench/sim-http-floor.ts [--seconds 5] [--concurrency 16]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '16' } } });
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const root = new URL('../', import.meta.url).pathname;

const SERVER = `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
const obj = { id: 'pi_0000000000000000000000', object: 'payment_intent', amount: 1099, currency: 'usd', metadata: { order: 'bench' }, pad: 'x'.repeat(1000) };
app.post('/v1/payment_intents', async (c) => {
  const text = await c.req.raw.text();
  return new Response(JSON.stringify({ ...obj, body: text }, null, 2), { status: 200, headers: { 'Content-Type': 'application/json', 'Request-Id': 'req_x' } });
});
const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(info.port));
`;

function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const port = Number(await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)));
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const body = 'amount=1099&currency=usd&metadata[order]=bench';
function post(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/v1/payment_intents', method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const warm = Date.now() + 1000;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (Date.now() < warm) await post(); }));
let n = 0;
const cpu0 = cpuSeconds(child.pid!);
const c0 = process.cpuUsage();
const t0 = performance.now();
const end = Date.now() + SECONDS * 1000;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (Date.now() < end) { await post(); n++; } }));
const el = (performance.now() - t0) / 1000;
const srv = ((cpuSeconds(child.pid!) - cpu0) / n) * 1e6;
const c = process.cpuUsage(c0);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`load average ${load}`);
console.log(`trivial Hono route over @hono/node-server: ${(n / el).toFixed(0)} ops/s   server CPU ${srv.toFixed(0)} µs/op   client CPU ${((c.user + c.system) / n).toFixed(0)} µs/op   (${n} ops, c=${CONCURRENCY})`);
child.kill('SIGTERM');
agent.destroy();

// In-process simulator CPU per operation (no HTTP) at concurrency 16 on a SQLite file store (or memory):
// `sim.serveV1(...)`, the transport-neutral pipeline the Node server calls, or with `--web` the Hono app
// (`sim.app.fetch(new Request(...))`, as in a browser). Prints µs of CPU per op, which depends much less on
// machine load than ops/s. Profile it with `node --cpu-prof --import tsx bench/sim-inproc.ts --only confirm`.
// The main thread's own CPU (the request thread: no writer thread, no GC helper threads) is printed beside it.
// Usage: npx tsx bench/sim-inproc.ts [--ops 4000] [--db memory|:memory:|file] [--sqlite-writer thread|inline] [--only create|confirm] [--web]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSimulator } from '../sim/core/app.ts';
import { openStore } from '../sim/node/server.ts';
import { serveV1Post } from './inproc-client.ts';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '4000' }, db: { type: 'string' }, only: { type: 'string' }, web: { type: 'boolean' }, 'sqlite-writer': { type: 'string', default: 'thread' } } });
const OPS = Number(values.ops);
const dir = mkdtempSync(join(tmpdir(), 'ck-inproc-'));
const store = openStore(values.db ?? join(dir, 'bench.sqlite'), values['sqlite-writer'] === 'inline' ? 'inline' : 'thread');
const sim = createSimulator({ store, baseUrl: 'http://127.0.0.1:1', logger: () => {} });
const secret = sim.keys.secret;
let seq = 0;
const direct = serveV1Post(sim, () => `inproc-${++seq}`);
async function post(path: string, body: string): Promise<{ id: string }> {
  if (!values.web) return direct(path, body);
  const res = await sim.app.fetch(
    new Request(`http://127.0.0.1:1${path}`, {
      method: 'POST',
      body,
      headers: {
        Authorization: `Bearer ${secret}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Stripe-Version': '2026-10-28.endive',
        'Idempotency-Key': `inproc-${++seq}`,
      },
    }),
  );
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}
/** CPU seconds of this process's main thread alone (Linux /proc; NaN elsewhere): the request thread, without the writer thread or GC helpers. */
function mainThreadCpuSeconds(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
async function run(name: string, op: () => Promise<void>): Promise<void> {
  const conc = 16;
  let left = Math.min(500, OPS);
  await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) await op(); }));
  left = OPS;
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpuSeconds();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) await op(); }));
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const main = ((mainThreadCpuSeconds() - m0) / OPS) * 1e6;
  console.log(`${name.padEnd(34)} ${(((c.user + c.system) / OPS)).toFixed(0).padStart(5)} µs CPU/op (main thread ${main.toFixed(0)})   ${((OPS / ms) * 1000).toFixed(0)} ops/s wall   (${values.web ? 'app.fetch(Request)' : 'serveV1'})`);
}
const only = values.only;
if (!only || only === 'create') await run('PaymentIntent create', async () => { await post('/v1/payment_intents', 'amount=1099&currency=usd&metadata[order]=bench'); });
if (!only || only === 'confirm') await run('PaymentIntent create + confirm', async () => {
  const pi = await post('/v1/payment_intents', 'amount=1099&currency=usd');
  await post(`/v1/payment_intents/${pi.id}/confirm`, 'payment_method=pm_card_visa');
});
sim.close();
store.close();
rmSync(dir, { recursive: true, force: true });

// Simulator API throughput on loopback: PaymentIntent create, and create + confirm with pm_card_visa, at
// concurrency 16 for 10 s each (ops/s, p50/p99 latency), then server memory while creating 100k PaymentIntents.
// The simulator runs as its own process (the CLI on a temp SQLite file), as users run it.
// The load client (`--client`): `lean` (default, bench/sim-client.ts: keep-alive sockets, one pre-assembled
// request string each, the SDK's headers and a fresh Idempotency-Key per POST) or `node` (node:http with a
// keep-alive agent, ~150 µs of client CPU per request more). Every response's status and body are checked:
// anything but the expected 200 and PaymentIntent status counts as an error and the first ones are printed.
// Usage: npx tsx bench/sim-api.ts [--seconds 10] [--concurrency 16] [--total 100000] [--db memory|:memory:|file]
//        [--sqlite-writer thread|inline] [--client lean|node] [--only create|confirm|confirm-true|memory] [--server-prof <dir>]
//        [--timeline]   (per 250 ms: completions, requests over 25 ms and the slowest; how stalls showed up: sim/README.md)

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LeanConnection, nodePost, type Reply } from './sim-client.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    total: { type: 'string', default: '100000' },
    db: { type: 'string' },
    // SQLite file writes in a worker thread (thread) or on the simulator's request thread (inline)
    'sqlite-writer': { type: 'string', default: 'thread' },
    client: { type: 'string', default: 'lean' },
    only: { type: 'string' },
    // write a V8 CPU profile of the simulator process into this directory (node --cpu-prof)
    'server-prof': { type: 'string' },
    // print completions per 250 ms with the slow ones, to tell periodic stalls from steady queueing
    timeline: { type: 'boolean', default: false },
  },
});
if (values.client !== 'lean' && values.client !== 'node') throw new Error('--client is lean or node');
const CLIENT = values.client;
const ONLY = values.only;
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const TOTAL = Number(values.total);
const root = new URL('../', import.meta.url).pathname;

interface Sim {
  child: ChildProcess;
  port: number;
  secret: string;
}

async function startSim(db: string): Promise<Sim> {
  const prof = values['server-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['server-prof']}`] : [];
  const child = spawn(process.execPath, [...prof, join(root, 'bin/checkout-kit.js'), 'sim', '--port', '0', '--db', db, '--sqlite-writer', values['sqlite-writer'], '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`simulator exited (${c})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const info = JSON.parse(line) as { port: number; keys: { secret: string } };
  return { child, port: info.port, secret: info.keys.secret };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let keySeq = 0;

type Post = (path: string, body: string) => Promise<Reply>;

function nodeClient(sim: Sim): Post {
  return (path, body) =>
    nodePost(agent, sim.port, path, body, {
      Authorization: `Bearer ${sim.secret}`,
      'Stripe-Version': '2026-10-28.endive',
      // the SDK sends an idempotency key with every POST; so do we
      'Idempotency-Key': `bench-${process.pid}-${++keySeq}`,
    });
}

const leanConnections: LeanConnection[] = [];
/** One client per concurrent worker (a socket each for `lean`; node's agent pools sockets itself). */
function makeClient(sim: Sim): Post {
  if (CLIENT === 'node') return nodeClient(sim);
  const conn = new LeanConnection(sim.port, sim.secret);
  leanConnections.push(conn);
  return (path, body) => conn.request('POST', path, body, `bench-${process.pid}-${++keySeq}`);
}

/** Checks one response: status 200, a JSON `object` of `type`, and (when given) the PaymentIntent status. */
function expect(r: Reply, type: string, status?: string): { id: string } {
  let json: { id?: string; object?: string; status?: string };
  try {
    json = JSON.parse(r.body) as typeof json;
  } catch {
    throw new Error(`${r.status}: not JSON: ${r.body.slice(0, 200)}`);
  }
  if (r.status !== 200 || json.object !== type || (status !== undefined && json.status !== status) || typeof json.id !== 'string') {
    throw new Error(`${r.status}: ${r.body.slice(0, 300)}`);
  }
  return { id: json.id };
}

const errorSamples: string[] = [];
function noteError(e: unknown): void {
  if (errorSamples.length < 5) errorSamples.push(e instanceof Error ? e.message : String(e));
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of the process's main thread alone (the JavaScript event loop; the rest is GC, the WAL checkpoint worker, libuv). */
function mainThreadCpuSeconds(pid: number): number {
  return cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsOf(file: string): number {
  try {
    const f = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of each thread of a process, keyed `comm/tid` (Linux /proc). */
function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
      out.set(`${comm}/${tid}`, cpuSecondsOf(`/proc/${pid}/task/${tid}/stat`));
    }
  } catch {
    /* not Linux */
  }
  return out;
}

/** Per-thread CPU µs per op between two threadCpuSeconds snapshots, grouped by thread name (busiest first). */
function threadBreakdown(before: Map<string, number>, after: Map<string, number>, ops: number): string {
  const by = new Map<string, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d <= 0) continue;
    const name = k.startsWith('node/') || k.startsWith('MainThread/') ? k : k.slice(0, k.lastIndexOf('/'));
    by.set(name, (by.get(name) ?? 0) + d);
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .map(([n, v]) => `${n} ${((v / ops) * 1e6).toFixed(0)}`)
    .join(', ');
}

let serverPid = 0;

async function timed(sim: Sim, name: string, op: (post: Post) => Promise<void>): Promise<void> {
  const clients = Array.from({ length: CONCURRENCY }, () => makeClient(sim));
  // warm-up
  const warmEnd = Date.now() + 1000;
  await Promise.all(clients.map(async (post) => {
    while (Date.now() < warmEnd) await op(post);
  }));
  const lat: number[] = [];
  /** [ms since start, latency ms] of each completed op, for --timeline. */
  const timeline: [number, number][] = [];
  let errors = 0;
  errorSamples.length = 0;
  const cpu0 = cpuSeconds(serverPid);
  const main0 = mainThreadCpuSeconds(serverPid);
  const threads0 = threadCpuSeconds(serverPid);
  const own0 = process.cpuUsage();
  const start = performance.now();
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (post) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await op(post);
          const t1 = performance.now();
          lat.push(t1 - t0);
          if (values.timeline) timeline.push([t1 - start, t1 - t0]);
        } catch (e) {
          errors++;
          noteError(e);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpuPerOp = ((cpuSeconds(serverPid) - cpu0) / lat.length) * 1e6;
  const mainPerOp = ((mainThreadCpuSeconds(serverPid) - main0) / lat.length) * 1e6;
  const own = process.cpuUsage(own0);
  const clientPerOp = (own.user + own.system) / lat.length;
  lat.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} ${(lat.length / elapsed).toFixed(0).padStart(6)} ops/s   p50 ${pct(lat, 50).toFixed(2).padStart(6)} ms   p99 ${pct(lat, 99).toFixed(2).padStart(6)} ms   server CPU ${cpuPerOp.toFixed(0).padStart(5)} µs/op (main thread ${mainPerOp.toFixed(0)}: ${(1e6 / mainPerOp).toFixed(0)} ops/s per core)   client CPU ${clientPerOp.toFixed(0).padStart(4)} µs/op   (${lat.length} ops, ${errors} errors, c=${CONCURRENCY})`,
  );
  console.log(`    per thread, µs/op: ${threadBreakdown(threads0, threadCpuSeconds(serverPid), lat.length)}`);
  for (const e of errorSamples) console.log(`    error: ${e}`);
  if (values.timeline) printTimeline(timeline);
}

/** Completions per 250 ms, how many took over 25 ms and the slowest: a stall shows as a gap or a slow burst. */
function printTimeline(ops: [number, number][]): void {
  const buckets: { n: number; slow: number; max: number }[] = [];
  for (const [t, l] of ops) {
    const b = (buckets[Math.floor(t / 250)] ??= { n: 0, slow: 0, max: 0 });
    b.n++;
    if (l > 25) b.slow++;
    if (l > b.max) b.max = l;
  }
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] ?? { n: 0, slow: 0, max: 0 };
    console.log(`    ${(i / 4).toFixed(2).padStart(6)} s  ${String(b.n).padStart(4)} done  ${String(b.slow).padStart(3)} over 25 ms  slowest ${b.max.toFixed(0).padStart(4)} ms`);
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ck-bench-'));
  const db = values.db ?? join(dir, 'bench.sqlite');
  const sim = await startSim(db);
  serverPid = sim.child.pid!;
  try {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`machine load average: ${load} (figures below depend on it; server CPU per op does much less)`);
    const clientName = CLIENT === 'lean' ? 'lean keep-alive sockets (bench/sim-client.ts), SDK headers' : 'node:http keep-alive agent';
    console.log(`simulator: CLI process, store ${db === 'memory' || db === ':memory:' ? db : `SQLite file (WAL, writes ${values['sqlite-writer'] === 'thread' ? 'in a worker thread' : 'on the request thread'})`}; load client: ${clientName}, fresh Idempotency-Key per POST, every response checked; ${CONCURRENCY} concurrent, ${SECONDS} s each\n`);
    const want = (s: string) => ONLY === undefined || ONLY === s;
    if (want('create')) {
      await timed(sim, 'PaymentIntent create', async (post) => {
        expect(await post('/v1/payment_intents', 'amount=1099&currency=usd&metadata[order]=bench'), 'payment_intent', 'requires_payment_method');
      });
    }
    if (want('confirm')) {
      await timed(sim, 'PaymentIntent create + confirm', async (post) => {
        const pi = expect(await post('/v1/payment_intents', 'amount=1099&currency=usd'), 'payment_intent', 'requires_payment_method');
        expect(await post(`/v1/payment_intents/${pi.id}/confirm`, 'payment_method=pm_card_visa'), 'payment_intent', 'succeeded');
      });
    }
    if (want('confirm-true')) {
      await timed(sim, 'PaymentIntent create, confirm=true', async (post) => {
        expect(await post('/v1/payment_intents', 'amount=1099&currency=usd&payment_method=pm_card_visa&confirm=true'), 'payment_intent', 'succeeded');
      });
    }

    // memory: RSS of the simulator process while creating TOTAL objects
    if (want('memory')) {
      console.log(`\nmemory while creating ${TOTAL} PaymentIntents (simulator RSS):`);
      const marks = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * TOTAL));
      let done = 0;
      let next = 0;
      let failed = 0;
      const baseline = rssMb(sim.child.pid!);
      console.log(`  ${'start'.padStart(7)}  ${baseline.toFixed(1)} MB`);
      const t0 = performance.now();
      const clients = Array.from({ length: CONCURRENCY }, () => makeClient(sim));
      await Promise.all(
        clients.map(async (post) => {
          while (next < TOTAL) {
            next++;
            try {
              expect(await post('/v1/payment_intents', 'amount=1099&currency=usd'), 'payment_intent', 'requires_payment_method');
            } catch (e) {
              failed++;
              noteError(e);
            }
            done++;
            if (marks.includes(done)) console.log(`  ${String(done).padStart(7)}  ${rssMb(sim.child.pid!).toFixed(1)} MB`);
          }
        }),
      );
      console.log(`  (${(TOTAL / ((performance.now() - t0) / 1000)).toFixed(0)} creates/s over the run, ${failed} errors)`);
    }
  } finally {
    sim.child.kill('SIGTERM');
    agent.destroy();
    for (const c of leanConnections) c.close();
    await new Promise((r) => sim.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

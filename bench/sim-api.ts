// Simulator API throughput on loopback: PaymentIntent create, and create + confirm with pm_card_visa, at
// concurrency 16 for 10 s each (ops/s, p50/p99 latency), then server memory while creating 100k PaymentIntents.
// The simulator runs as its own process (the CLI on a temp SQLite file), as users run it.
// Usage: npx tsx bench/sim-api.ts [--seconds 10] [--concurrency 16] [--total 100000] [--db memory|:memory:|file]

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    total: { type: 'string', default: '100000' },
    db: { type: 'string' },
  },
});
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
  const child = spawn(process.execPath, [join(root, 'bin/checkout-kit.js'), 'sim', '--port', '0', '--db', db, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`simulator exited (${c})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const info = JSON.parse(line) as { port: number; keys: { secret: string } };
  return { child, port: info.port, secret: info.keys.secret };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let keySeq = 0;

function post(sim: Sim, path: string, body: string): Promise<{ status: number; json: { id?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: sim.port,
        path,
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${sim.secret}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'Stripe-Version': '2026-10-28.endive',
          // the SDK sends an idempotency key with every POST; so do we
          'Idempotency-Key': `bench-${process.pid}-${++keySeq}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: string } }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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

let serverPid = 0;

async function timed(name: string, op: () => Promise<void>): Promise<void> {
  // warm-up
  const warmEnd = Date.now() + 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < warmEnd) await op();
  }));
  const lat: number[] = [];
  let errors = 0;
  const cpu0 = cpuSeconds(serverPid);
  const start = performance.now();
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await op();
          lat.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpuPerOp = ((cpuSeconds(serverPid) - cpu0) / lat.length) * 1e6;
  lat.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} ${(lat.length / elapsed).toFixed(0).padStart(6)} ops/s   p50 ${pct(lat, 50).toFixed(2).padStart(6)} ms   p99 ${pct(lat, 99).toFixed(2).padStart(6)} ms   server CPU ${cpuPerOp.toFixed(0).padStart(5)} µs/op (${(1e6 / cpuPerOp).toFixed(0)} ops/s per core)   (${lat.length} ops, ${errors} errors, c=${CONCURRENCY})`,
  );
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
    const probe = await post(sim, '/v1/payment_intents', 'amount=1099&currency=usd');
    const havePI = probe.status === 200;
    if (!havePI) console.log('PaymentIntents are not available yet: measuring Customer create as a stand-in.');
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`machine load average: ${load} (figures below depend on it; server CPU per op does much less)`);
    console.log(`simulator: CLI process, store ${db === 'memory' || db === ':memory:' ? db : 'SQLite file (WAL)'}; load: node http keep-alive, ${CONCURRENCY} concurrent, ${SECONDS} s each\n`);
    const ok = (r: { status: number }) => {
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    };
    if (havePI) {
      await timed('PaymentIntent create', async () => ok(await post(sim, '/v1/payment_intents', 'amount=1099&currency=usd&metadata[order]=bench')));
      await timed('PaymentIntent create + confirm', async () => {
        const pi = await post(sim, '/v1/payment_intents', 'amount=1099&currency=usd');
        ok(pi);
        ok(await post(sim, `/v1/payment_intents/${pi.json.id}/confirm`, 'payment_method=pm_card_visa'));
      });
      await timed('PaymentIntent create, confirm=true', async () => ok(await post(sim, '/v1/payment_intents', 'amount=1099&currency=usd&payment_method=pm_card_visa&confirm=true')));
    } else {
      await timed('Customer create', async () => ok(await post(sim, '/v1/customers', 'email=bench@example.com&metadata[order]=bench')));
    }

    // memory: RSS of the simulator process while creating TOTAL objects
    const path = havePI ? '/v1/payment_intents' : '/v1/customers';
    const body = havePI ? 'amount=1099&currency=usd' : 'email=bench@example.com';
    console.log(`\nmemory while creating ${TOTAL} ${havePI ? 'PaymentIntents' : 'Customers'} (simulator RSS):`);
    const marks = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * TOTAL));
    let done = 0;
    let next = 0;
    const baseline = rssMb(sim.child.pid!);
    console.log(`  ${'start'.padStart(7)}  ${baseline.toFixed(1)} MB`);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) {
          next++;
          ok(await post(sim, path, body));
          done++;
          if (marks.includes(done)) console.log(`  ${String(done).padStart(7)}  ${rssMb(sim.child.pid!).toFixed(1)} MB`);
        }
      }),
    );
    console.log(`  (${(TOTAL / ((performance.now() - t0) / 1000)).toFixed(0)} creates/s over the run)`);
  } finally {
    sim.child.kill('SIGTERM');
    agent.destroy();
    await new Promise((r) => sim.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

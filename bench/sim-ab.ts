// Same-process A/B of two simulator source trees (e.g. a `git worktree` of the baseline and the working tree):
// one simulator from each, driven in alternating slices of PaymentIntent create + confirm (pm_card_visa) at
// concurrency 16, each slice followed by a pause in which its asynchronous capture settles run. Machine load drifts
// (other processes on two shared cores) hit both sides alike, which separate runs cannot promise: on a busy machine
// an A/A comparison agrees within ~1.5% where separate interleaved runs of the same code varied by 15% or more.
// Prints CPU µs/op of the whole process (main thread, writer and checkpoint workers, GC helpers) and of the main
// thread (Linux /proc) for each side.
// Usage: npx tsx bench/sim-ab.ts --a /tmp/base --b . [--db file|memory] [--rounds 24] [--slice 300]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createConfirmPairs, serveV1Post } from './inproc-client.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: '.' },
    db: { type: 'string', default: 'file' },
    rounds: { type: 'string', default: '24' },
    slice: { type: 'string', default: '300' },
  },
});
if (!values.a) throw new Error('--a <source tree> is required (--b defaults to the current directory)');
const ROUNDS = Number(values.rounds);
const SLICE = Number(values.slice);
const dir = mkdtempSync(join(tmpdir(), 'ck-sim-ab-'));

function mainThreadCpuUs(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return NaN;
  }
}

interface Side {
  slice(n: number): Promise<void>;
  close(): void;
}

async function load(root: string, name: string): Promise<Side> {
  const { createSimulator } = (await import(join(resolve(root), 'sim/core/app.ts'))) as typeof import('../sim/core/app.ts');
  const { openStore } = (await import(join(resolve(root), 'sim/node/server.ts'))) as typeof import('../sim/node/server.ts');
  const store = openStore(values.db === 'memory' ? 'memory' : join(dir, `${name}.sqlite`), 'thread');
  const sim = createSimulator({ store, baseUrl: 'http://127.0.0.1:1', logger: () => {} });
  let seq = 0;
  const post = serveV1Post(sim, () => `ab-${name}-${++seq}`, `${name}: `);
  return {
    async slice(n) {
      await createConfirmPairs(post, n);
    },
    close() {
      sim.close();
      store.close();
    },
  };
}

const sides = { A: await load(values.a, 'a'), B: await load(values.b, 'b') };
const pause = () => new Promise((r) => setTimeout(r, 260)); // the 200 ms asynchronous capture settles of the slice
await sides.A.slice(500);
await sides.B.slice(500);
await pause();
const total = { A: 0, B: 0 };
const main = { A: 0, B: 0 };
const slices: Record<'A' | 'B', number[]> = { A: [], B: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const name of (r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) as ('A' | 'B')[]) {
    const c0 = process.cpuUsage();
    const m0 = mainThreadCpuUs();
    await sides[name].slice(SLICE);
    await pause();
    const c = process.cpuUsage(c0);
    total[name] += c.user + c.system;
    main[name] += mainThreadCpuUs() - m0;
    slices[name].push((c.user + c.system) / SLICE);
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ops = ROUNDS * SLICE;
console.log(`create + confirm, ${values.db === 'memory' ? 'memory store' : 'SQLite file (writer thread)'}, ${ROUNDS} rounds of ${SLICE} ops per side`);
for (const name of ['A', 'B'] as const) {
  const root = name === 'A' ? values.a : values.b;
  console.log(`${name} ${root.padEnd(24)} ${(total[name] / ops).toFixed(0).padStart(5)} µs CPU/op (median slice ${median(slices[name]).toFixed(0)})   main thread ${(main[name] / ops).toFixed(0)} µs/op`);
}
sides.A.close();
sides.B.close();
rmSync(dir, { recursive: true, force: true });

// Durability: under concurrent load, kill -9 the simulator process; after a restart on the same file every
// object acknowledged with a 2xx is there, and SQLite's integrity_check passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const root = new URL('../../../', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  url: string;
  secret: string;
}

function startCli(db: string, writer: string): Promise<Running> {
  const child = spawn(process.execPath, [join(root, 'bin/checkout-kit.js'), 'sim', '--port', '0', '--db', db, '--sqlite-writer', writer, '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start in 20 s')), 20_000);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; keys: { secret: string } };
      resolve({ child, url: info.url.replace(/\/$/, ''), secret: info.keys.secret });
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

for (const writer of ['inline', 'thread']) test(`every acknowledged object survives kill -9 and the database passes integrity_check (SQLite writes ${writer === 'thread' ? 'in a worker thread' : 'on the request thread'})`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-crash-'));
  const db = join(dir, 'sim.sqlite');
  try {
    const first = await startCli(db, writer);
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const kind = i % 3;
          const path = kind === 0 ? '/v1/customers' : kind === 1 ? '/v1/products' : '/v1/customers';
          const body = kind === 1 ? `name=crash-${w}-${i}&metadata[w]=${w}` : `email=w${w}-${i}@example.com&metadata[i]=${i}`;
          const res = await fetch(`${first.url}${path}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${first.secret}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': `crash-${w}-${i}` },
            body,
          });
          const json = (await res.json()) as { id?: string };
          if (res.status >= 200 && res.status < 300 && json.id) acknowledged.push(json.id);
        } catch {
          // the connection died with the process: not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 2500));
    await killHard(first.child);
    stop = true;
    await Promise.all(workers);
    assert.ok(acknowledged.length > 20, `only ${acknowledged.length} objects were acknowledged before the kill`);

    const second = await startCli(db, writer);
    try {
      const missing: string[] = [];
      for (let i = 0; i < acknowledged.length; i += 24) {
        await Promise.all(
          acknowledged.slice(i, i + 24).map(async (id) => {
            const path = id.startsWith('prod_') ? '/v1/products/' : '/v1/customers/';
            const res = await fetch(`${second.url}${path}${id}`, { headers: { Authorization: `Bearer ${second.secret}` } });
            if (res.status !== 200) missing.push(id);
            await res.arrayBuffer();
          }),
        );
      }
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged objects were lost`);
      // the simulator still writes after recovery
      const res = await fetch(`${second.url}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${second.secret}` } });
      assert.equal(res.status, 200);
    } finally {
      await killHard(second.child);
    }
    const check = new Database(db);
    try {
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      const n = (check.prepare("SELECT COUNT(*) AS n FROM objects WHERE type IN ('customer', 'product')").get() as { n: number }).n;
      assert.ok(n >= acknowledged.length);
    } finally {
      check.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

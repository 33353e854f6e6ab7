// `npx checkout-kit sim`: prints its URL and keys when ready, serves, and stops cleanly on SIGINT/SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/checkout-kit.js');

async function runUntilReady(args: string[]) {
  const child = spawn(process.execPath, [bin, 'sim', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${lines.join('\n')}`)), 20_000);
    rl.on('line', (l) => {
      lines.push(l);
      if (l.includes('publishable key')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (c) => reject(new Error(`exited early (${c}): ${lines.join('\n')}`)));
  });
  child.removeAllListeners('exit');
  return { child, lines };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`prints its URL and test keys when ready and stops cleanly on ${signal}`, async () => {
    const { child, lines } = await runUntilReady(['--port', '0', '--db', ':memory:']);
    const url = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[0])?.[1];
    assert.ok(url, lines.join('\n'));
    assert.ok(lines.some((l) => /secret key\s+sk_test_/.test(l)));
    assert.ok(lines.some((l) => /publishable key\s+pk_test_/.test(l)));
    const secret = /secret key\s+(\S+)/.exec(lines.find((l) => l.includes('secret key'))!)![1];
    const res = await fetch(`${url}v1/customers`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 200);
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    assert.equal(await exit, 0);
  });
}

test('--help documents the options; an unknown option or command exits with status 2', () => {
  const help = spawnSync(process.execPath, [bin, 'sim', '--help'], { cwd: root, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--port/);
  assert.match(help.stdout, /--db/);
  const bad = spawnSync(process.execPath, [bin, 'sim', '--nope'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  const unknown = spawnSync(process.execPath, [bin, 'frobnicate'], { cwd: root, encoding: 'utf8' });
  assert.equal(unknown.status, 2);
});

test('a file that is not a database, or a port in use, ends with one clear line and status 1, not a stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-cli-'));
  try {
    const file = join(dir, 'garbage.sqlite');
    writeFileSync(file, randomBytes(64 * 1024));
    const bad = spawnSync(process.execPath, [bin, 'sim', '--port', '0', '--db', file], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /Cannot open the simulator's database .*garbage\.sqlite: file is not a database \(SQLITE_NOTADB\)/);
    assert.match(bad.stderr, /delete it, with its -wal and -shm files/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    // the file is left as it was: the simulator does not "repair" what it cannot read
    assert.equal(readFileSync(file).length, 64 * 1024);

    const { child, lines } = await runUntilReady(['--port', '0', '--db', ':memory:']);
    try {
      const port = /ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(lines[0])![1];
      const busy = spawnSync(process.execPath, [bin, 'sim', '--port', port, '--db', join(dir, 'other.sqlite')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      assert.equal(busy.status, 1, busy.stderr);
      assert.match(busy.stderr, new RegExp(`Port ${port} is already in use`));
      assert.doesNotMatch(busy.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      const exit = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exit;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--db :memory: keeps its throwaway state in a temporary file, removed at a clean stop, and swept by the next start after a kill -9', async () => {
  const throwaway = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`ck-sim-throwaway-${pid}-`));
  const first = await runUntilReady(['--port', '0', '--db', ':memory:']);
  const firstPid = first.child.pid!;
  assert.equal(throwaway(firstPid).length, 1, 'one directory for this process');
  const url = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(first.lines[0])![1];
  const secret = /secret key\s+(\S+)/.exec(first.lines.find((l) => l.includes('secret key'))!)![1];
  const created = await fetch(`${url}v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Ada' });
  assert.equal(created.status, 200);
  const killed = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGKILL');
  await killed;
  assert.equal(throwaway(firstPid).length, 1, 'a killed simulator cannot clean up');

  // things the sweep must leave alone: a plain file with the prefix, and (when we can make one) another user's directory
  const dead = 2 ** 22 + 12345; // above Linux's pid_max default, so no live process has it
  const stray = join(tmpdir(), `ck-sim-throwaway-${dead}-file`);
  writeFileSync(stray, 'not a directory');
  const foreign = join(tmpdir(), `ck-sim-throwaway-${dead}-foreign`);
  mkdirSync(foreign, { recursive: true });
  const root = process.getuid?.() === 0;
  if (root) chownSync(foreign, 65534, 65534);

  const second = await runUntilReady(['--port', '0', '--db', ':memory:']);
  assert.deepEqual(throwaway(firstPid), [], 'the next start removed the dead process\'s directory');
  assert.ok(existsSync(stray), 'a file is not a throwaway directory');
  assert.equal(existsSync(foreign), root, root ? 'another user\'s directory is left alone' : 'our own dead directory is swept');
  rmSync(stray, { force: true });
  rmSync(foreign, { recursive: true, force: true });
  assert.equal(throwaway(second.child.pid!).length, 1);
  // throwaway means fresh: the customer of the killed process is not here
  const url2 = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(second.lines[0])![1];
  const list = (await (await fetch(`${url2}v1/customers`, { headers: { Authorization: `Bearer ${secret}` } })).json()) as { data: unknown[] };
  assert.deepEqual(list.data, []);
  const stopped = new Promise<number | null>((r) => second.child.once('exit', (c) => r(c)));
  second.child.kill('SIGTERM');
  assert.equal(await stopped, 0);
  assert.deepEqual(throwaway(second.child.pid!), [], 'a clean stop removes its directory');
});

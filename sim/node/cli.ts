// `npx checkout-kit sim [--port 12111] [--host 127.0.0.1] [--db .data/sim.sqlite | :memory:]`
// Prints the URL and test keys when ready; stops cleanly on SIGINT/SIGTERM.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimServer } from './server.ts';

const HELP = `Usage: checkout-kit sim [options]

Runs the Stripe test-mode simulator.

Options:
  --port <n>        port to listen on (default 12111, SIM_PORT; 0 = any free port)
  --host <addr>     interface (default 127.0.0.1)
  --db <path>       SQLite file (default .data/sim.sqlite, SIM_DB), or :memory: for throwaway state
  --sqlite-writer <thread|inline>
                    where a SQLite file is written: in a worker thread (default), off the request
                    thread, or on the request thread (SIM_SQLITE_WRITER)
  --secret-key <k>  secret key to accept (default sk_test_ck_...)
  --publishable-key <k>
  --json            print one JSON line when ready ({url, port, db, account, keys}) instead of the banner
  -h, --help        show this help
`;

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'sqlite-writer': { type: 'string' },
        'secret-key': { type: 'string' },
        'publishable-key': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port ?? process.env.SIM_PORT ?? 12111);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: ${values.port}`);
    process.exitCode = 2;
    return;
  }
  const db = values.db ?? process.env.SIM_DB ?? '.data/sim.sqlite';
  const sqliteWriter = values['sqlite-writer'] ?? process.env.SIM_SQLITE_WRITER ?? 'thread';
  if (sqliteWriter !== 'inline' && sqliteWriter !== 'thread') {
    console.error(`Invalid --sqlite-writer: ${sqliteWriter} (inline or thread)`);
    process.exitCode = 2;
    return;
  }
  const keys: { secret?: string; publishable?: string } = {};
  if (values['secret-key']) keys.secret = values['secret-key'];
  if (values['publishable-key']) keys.publishable = values['publishable-key'];
  let server;
  try {
    server = await startSimServer({ port, host: values.host ?? '127.0.0.1', db, sqliteWriter, keys });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') console.error(`Port ${port} is already in use (another simulator?): pass another --port (SIM_PORT), or 0 for any free port.`);
    else console.error(err instanceof Error ? err.message : String(e));
    process.exitCode = 1;
    return;
  }
  if (values.json) {
    console.log(JSON.stringify({ url: server.url, port: server.port, db, account: server.account, keys: server.keys }));
  } else {
    console.log(`Stripe simulator ready at ${server.url}`);
    console.log(`  database         ${db}`);
    console.log(`  account          ${server.account}`);
    console.log(`  secret key       ${server.keys.secret}`);
    console.log(`  publishable key  ${server.keys.publishable}`);
    console.log(`  try: curl ${server.url}v1/customers -u ${server.keys.secret}:`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.json) console.log(`\n${signal}: stopping the simulator`);
    // never hang on the way out: a second signal or 5 s without a clean close ends the process
    const force = setTimeout(() => {
      console.error('the simulator did not stop within 5 s; exiting');
      process.exit(1);
    }, 5000);
    force.unref();
    process.once(signal, () => process.exit(1));
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

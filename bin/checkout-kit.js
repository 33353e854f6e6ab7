#!/usr/bin/env node
// checkout-kit command line. Subcommands: `sim` (the Stripe test-mode simulator).
// The simulator is TypeScript run through tsx, registered here so `npx checkout-kit sim` works from the repo.
import { register } from 'tsx/esm/api';

const [command, ...rest] = process.argv.slice(2);

const usage = `Usage: checkout-kit <command> [options]

Commands:
  sim    run the Stripe test-mode simulator (checkout-kit sim --help)
`;

if (command === 'sim') {
  register();
  const { main } = await import('../sim/node/cli.ts');
  await main(rest);
} else if (!command || command === '--help' || command === '-h' || command === 'help') {
  console.log(usage);
} else {
  console.error(`Unknown command: ${command}\n\n${usage}`);
  process.exitCode = 2;
}

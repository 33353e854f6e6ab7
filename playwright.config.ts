// End-to-end tests against the demo, started on free ports with the embedded simulator.
import { defineConfig } from '@playwright/test';
import { launchOptions } from './scripts/chromium.mjs';

const demoPort = Number(process.env.E2E_DEMO_PORT ?? 4343);
const simPort = Number(process.env.E2E_SIM_PORT ?? 12199);

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${demoPort}`,
    launchOptions,
    trace: 'off',
  },
  webServer: {
    command: `npx tsx demo/server.ts`,
    url: `http://localhost:${demoPort}/healthz`,
    env: { PORT: String(demoPort), SIM_PORT: String(simPort), SIM_DB: ':memory:', DEMO_QUIET: '1' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    // SIGTERM, not the default SIGKILL: the demo closes its simulator, which removes its throwaway database directory
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});

// One place that knows how to find and launch Debian's Chromium for every browser-driven step.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchOptions = { executablePath: chromiumPath, headless: true, args: chromiumArgs };

export function assertChromium() {
  if (!existsSync(chromiumPath)) {
    const hint =
      `No Chromium at ${chromiumPath}.\n` +
      `Install Debian's Chromium with:  apt-get update && apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at a Chromium or Chrome binary.`;
    throw new Error(hint);
  }
}

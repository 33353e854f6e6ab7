// Vite plugin (Node side) that lets the simulator run inside a browser page, e.g. Storybook's preview:
// - `virtual:ck-sim-prebuilt`: the files the simulator's Node routes bundle or read at run time (Stripe.js shim, card
//   iframe, Connect shim, checkout page script), made now by the same Node functions the server uses;
// - inside `sim/`, `esbuild`, `node:path`, `node:url` and `node:fs/promises` resolve to stubs that answer from that
//   map, so `sim/browser/routes.ts` and the core run unchanged;
// - `ck-sim-sw.js`, the Service Worker that routes `<scope>__sim/...` requests to the page (served in dev, emitted
//   at the root of the build).
import { build } from 'esbuild';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const simDir = join(here, '..');
const VIRTUAL = 'virtual:ck-sim-prebuilt';
export const SERVICE_WORKER_FILE = 'ck-sim-sw.js';

const STUBS: Record<string, string> = {
  esbuild: join(here, 'node-stubs', 'esbuild.ts'),
  'node:path': join(here, 'node-stubs', 'path.ts'),
  path: join(here, 'node-stubs', 'path.ts'),
  'node:url': join(here, 'node-stubs', 'url.ts'),
  'node:fs/promises': join(here, 'node-stubs', 'fs-promises.ts'),
};

/** File name -> contents, built by the simulator's own Node functions. */
export async function prebuiltFiles(): Promise<Record<string, string>> {
  const { buildBrowserAssets } = (await import('../node/assets.ts')) as typeof import('../node/assets.ts');
  const { connectShimSource } = (await import('../browser/connect/serve.ts')) as typeof import('../browser/connect/serve.ts');
  const { checkoutScript } = (await import('../browser/checkout/routes.ts')) as typeof import('../browser/checkout/routes.ts');
  const [assets, connect, checkout] = await Promise.all([buildBrowserAssets(), connectShimSource(), checkoutScript()]);
  const body = (path: string): string => {
    const a = assets.get(path);
    if (!a) throw new Error(`simulator asset ${path} missing`);
    return a.body;
  };
  return {
    // sim/node/assets.ts: bundle('stripe-js/index.ts'), bundle('elements/frame.ts'), readFile(card.html|card.css)
    'index.ts': body('/js/v3/stripe.js'),
    'frame.ts': body('/elements/card.js'),
    'card.html': body('/elements/card.html'),
    'card.css': body('/elements/card.css'),
    // sim/browser/connect/serve.ts and sim/browser/checkout/routes.ts
    'shim.ts': connect,
    'page.ts': checkout,
  };
}

export async function serviceWorkerSource(): Promise<string> {
  const r = await build({
    entryPoints: [join(here, 'service-worker.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

export function ckSimulatorPlugin(): Plugin {
  let prebuilt: Promise<string> | null = null;
  const prebuiltModule = () =>
    (prebuilt ??= prebuiltFiles().then((files) => `export default ${JSON.stringify(files)};`));
  return {
    name: 'checkout-kit-browser-simulator',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === VIRTUAL) return `\0${VIRTUAL}`;
      if (importer && STUBS[id] && importer.split(sep).join('/').startsWith(`${simDir.split(sep).join('/')}/`)) {
        return STUBS[id];
      }
      return null;
    },
    load(id) {
      if (id === `\0${VIRTUAL}`) return prebuiltModule();
      return null;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url || new URL(req.url, 'http://x').pathname !== `/${SERVICE_WORKER_FILE}`) return next();
        serviceWorkerSource().then(
          (js) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.setHeader('Cache-Control', 'no-cache');
            res.end(js);
          },
          (err: unknown) => next(err),
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: await serviceWorkerSource() });
    },
  };
}

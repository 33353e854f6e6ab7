// What the simulator serves to browsers from `sim/browser/`: the Stripe.js-compatible script and the card
// iframe (HTML, script, stylesheet), bundled with esbuild on first use and kept in memory.
// `buildBrowserAssets()` is independent of the HTTP server so the same files can be written out for Storybook
// or a static host; `browserAssetRoutes()` is the Hono sub-app the simulator mounts.
import { build } from 'esbuild';
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const browserDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'browser');

export interface BrowserAsset {
  body: string;
  contentType: string;
  /** Extra headers (CSP on HTML documents). */
  headers?: Record<string, string>;
}

/** Paths under which the shim answers: ours, and the shapes of Stripe's own script URLs. */
export const STRIPE_JS_PATHS = ['/js/v3/stripe.js', '/v3/stripe.js', '/v3/', '/endive/stripe.js', '/dahlia/stripe.js'];

/** The card iframe's policy: only its own files, its own API; any page may frame it. */
export const CARD_FRAME_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

const JS = 'text/javascript; charset=utf-8';

export async function buildBrowserAssets(options: { minify?: boolean } = {}): Promise<Map<string, BrowserAsset>> {
  const minify = options.minify ?? true;
  const bundle = async (entry: string): Promise<string> => {
    const result = await build({
      entryPoints: [join(browserDir, entry)],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2020',
      minify,
      legalComments: 'none',
      sourcemap: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  };
  const [shim, cardJs, cardHtml, cardCss] = await Promise.all([
    bundle('stripe-js/index.ts'),
    bundle('elements/frame.ts'),
    readFile(join(browserDir, 'elements', 'card.html'), 'utf8'),
    readFile(join(browserDir, 'elements', 'card.css'), 'utf8'),
  ]);
  const assets = new Map<string, BrowserAsset>();
  for (const path of STRIPE_JS_PATHS) assets.set(path, { body: shim, contentType: JS });
  assets.set('/elements/card.html', {
    body: cardHtml,
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': CARD_FRAME_CSP, 'Referrer-Policy': 'no-referrer' },
  });
  assets.set('/elements/card.js', { body: cardJs, contentType: JS });
  assets.set('/elements/card.css', { body: cardCss, contentType: 'text/css; charset=utf-8' });
  return assets;
}

let cached: Promise<Map<string, BrowserAsset>> | null = null;

/** Builds once per process (the first request waits a few tens of milliseconds). */
export function browserAssets(): Promise<Map<string, BrowserAsset>> {
  if (!cached) {
    cached = buildBrowserAssets().catch((err: unknown) => {
      cached = null;
      throw err;
    });
  }
  return cached;
}

/** Hono routes for every browser asset; mount with `app.route('/', browserAssetRoutes())`. */
export function browserAssetRoutes(): Hono {
  const app = new Hono();
  const serve = async (path: string): Promise<Response | null> => {
    const asset = (await browserAssets()).get(path);
    if (!asset) return null;
    return new Response(asset.body, {
      headers: {
        'Content-Type': asset.contentType,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        ...asset.headers,
      },
    });
  };
  for (const path of [...STRIPE_JS_PATHS, '/elements/card.html', '/elements/card.js', '/elements/card.css']) {
    app.get(path, async (c) => (await serve(path)) ?? c.notFound());
  }
  return app;
}

/** Starts building in the background so the first page load does not wait. */
export function warmBrowserAssets(): void {
  void browserAssets().catch(() => {});
}

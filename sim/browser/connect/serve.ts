// Serves the window.StripeConnect shim (sim/browser/connect/shim.ts), bundled with esbuild on first use. Node only:
// loaded by sim/browser/routes.ts. The paths mirror Stripe's (`/v1.0/connect.js`) and ours (`/connect-js/...`).
import { build } from 'esbuild';
import type { Hono } from 'hono';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONNECT_JS_PATHS = ['/connect-js/v1.0/connect.js', '/v1.0/connect.js', '/v0.1/connect.js'];

let cached: Promise<string> | null = null;

export function connectShimSource(): Promise<string> {
  cached ??= build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text, (err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function connectShimRoutes(app: Hono): void {
  void connectShimSource().catch(() => {});
  for (const path of CONNECT_JS_PATHS) {
    app.get(path, async () =>
      new Response(await connectShimSource(), {
        headers: {
          'Content-Type': 'text/javascript; charset=utf-8',
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        },
      }),
    );
  }
}

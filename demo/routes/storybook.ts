// The kit's Storybook, served by the demo at /storybook from the static build (`npm run build-storybook` writes
// storybook-static/). Every interactive story runs on the simulator inside the page (a Service Worker scoped to
// /storybook/), so this is plain static hosting. Storybook's own pages need inline scripts and styles, so this
// path gets its own Content-Security-Policy instead of the demo's strict one.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STORYBOOK_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Mount with `app.route('/storybook', storybookRoutes(repoRoot))` before the demo's CSP middleware. */
export function storybookRoutes(repoRoot: string, dir = join(repoRoot, 'storybook-static')): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', STORYBOOK_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // The simulator's Service Worker must never be served stale.
    if (c.req.path.endsWith('/ck-sim-sw.js')) c.header('Cache-Control', 'no-cache');
  });
  app.use('*', async (c, next) => {
    if (!existsSync(join(dir, 'index.html'))) {
      return c.text('Storybook is not built: run `npm run build-storybook`, then reload.', 404);
    }
    if (c.req.path === '/storybook') return c.redirect('/storybook/', 301);
    return next();
  });
  app.use(
    '/*',
    serveStatic({
      root: relative(process.cwd(), dir) || '.',
      rewriteRequestPath: (path) => path.replace(/^\/storybook/, '') || '/',
    }),
  );
  app.notFound((c) => c.text('Not found', 404));
  return app;
}

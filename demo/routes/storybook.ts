// The kit's Storybook, served by the demo at /storybook from the static build (`npm run build-storybook` writes
// storybook-static/). Every interactive story runs on the simulator inside the page (a Service Worker scoped to
// /storybook/), so this is plain static hosting. Storybook's own pages need inline scripts and styles, so this
// path gets its own Content-Security-Policy instead of the demo's strict one.
//
// `npm start` passes `--build-storybook`: when no build exists, the demo builds one in the background (a minute or
// two, once) and serves it as soon as it is complete; until then /storybook/ says so.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join, relative } from 'node:path';

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

/** Where a background build stands (see {@link buildStorybookInBackground}). */
export interface StorybookBuild {
  status: 'building' | 'failed' | 'done';
}

/**
 * Builds the static Storybook into `<repo>/storybook-static` in a child process, when it is missing. The build goes
 * to a temporary directory first and is moved into place only when complete, so a half-written build is never
 * served. Returns null when a build already exists.
 */
export function buildStorybookInBackground(repoRoot: string, log: (line: string) => void = console.log): StorybookBuild | null {
  const dir = join(repoRoot, 'storybook-static');
  if (existsSync(join(dir, 'index.html'))) return null;
  let bin: string;
  try {
    const pkg = createRequire(join(repoRoot, 'package.json')).resolve('storybook/package.json');
    bin = join(dirname(pkg), (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: string }).bin);
  } catch {
    // Installed without dev dependencies: nothing to build with, the route says how to build it.
    return { status: 'failed' };
  }
  const state: StorybookBuild = { status: 'building' };
  const tmp = mkdtempSync(join(repoRoot, '.storybook-build-'));
  log('  storybook     building in the background (first start only; /storybook/ serves it when done)');
  const child = spawn(process.execPath, [bin, 'build', '-o', tmp, '--quiet', '--disable-telemetry'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  // Lowest CPU priority: the demo (and anything driving it right after start) always comes first.
  try {
    if (child.pid) setPriority(child.pid, 19);
  } catch {
    // Not permitted here: the build just runs at normal priority.
  }
  child.on('error', () => (state.status = 'failed'));
  child.on('exit', (code) => {
    if (code === 0 && existsSync(join(tmp, 'index.html'))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
      state.status = 'done';
      log('  storybook     built: /storybook/');
    } else {
      rmSync(tmp, { recursive: true, force: true });
      state.status = 'failed';
      log('  storybook     the background build failed: run `npm run build-storybook` to see why');
    }
  });
  // The build must not keep the demo alive, and stops with it.
  child.unref();
  process.once('exit', () => child.kill());
  return state;
}

/** Mount with `app.route('/storybook', storybookRoutes(repoRoot))` before the demo's CSP middleware. */
export function storybookRoutes(repoRoot: string, dir = join(repoRoot, 'storybook-static'), build: StorybookBuild | null = null): Hono {
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
      if (build?.status === 'building') {
        c.header('Retry-After', '30');
        return c.text('Storybook is being built (first start only, a minute or two): reload shortly.', 503);
      }
      return c.text('Storybook is not built: run `npm run build-storybook`, then reload.', 404);
    }
    if (c.req.path === '/storybook') return c.redirect('/storybook/', 301);
    return next();
  });
  // Created on first use: the directory may appear after the demo started.
  let files: MiddlewareHandler | null = null;
  app.use('/*', (c, next) => {
    files ??= serveStatic({ root: relative(process.cwd(), dir) || '.', rewriteRequestPath: (path) => path.replace(/^\/storybook/, '') || '/' });
    return files(c, next);
  });
  app.notFound((c) => c.text('Not found', 404));
  return app;
}

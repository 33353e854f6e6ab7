#!/usr/bin/env node
// Builds the static Storybook, renders every story headless in Chromium, waits for its play function, and runs axe
// on it; renders every docs page (usage pages and autodocs) and runs axe on it too. Fails on a render error, a
// failing play function, or any axe violation.
// Usage: node scripts/check-stories.mjs [--no-build (reuse storybook-static/)] [--filter=cart]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright';
import { AxeBuilder } from '@axe-core/playwright';
import { launchOptions } from './chromium.mjs';

const args = process.argv.slice(2);
const filter = args.find((a) => a.startsWith('--filter='))?.slice(9);
// A private build directory per run, so concurrent checks never clean each other's output.
const noBuild = args.includes('--no-build');
const outDir = noBuild ? 'storybook-static' : mkdtempSync(join(tmpdir(), 'ck-storybook-'));

if (!noBuild) {
  const r = spawnSync('npx', ['storybook', 'build', '-o', outDir, '--quiet', '--disable-telemetry'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('stories: storybook build failed');
    process.exit(1);
  }
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.map': 'application/json' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  let file = normalize(join(outDir, decodeURIComponent(url.pathname)));
  if (!file.startsWith(outDir)) return void res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return void res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// Stories that need a simulator use the one running in the preview page itself (sim/browser-runtime, behind the
// `ck-sim-sw.js` Service Worker), exactly as in any static deployment: no server here.

const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((e) => e.type === 'story' && (!filter || e.id.includes(filter)));
const docsPages = Object.values(index.entries).filter((e) => e.type === 'docs' && (!filter || e.id.includes(filter)));
if (stories.length + docsPages.length === 0) {
  console.error('stories: no stories found');
  process.exit(1);
}

const browser = await chromium.launch(launchOptions);
const failures = [];

// A sample (the first story of each component, and the theming gallery) is checked again with reduced motion and
// forced colours emulated: it must still render, pass its play function and axe, and run no animation or transition.
const sampled = new Set();
const mediaRuns = [];
for (const story of stories) {
  if (story.id === 'theming-gallery--gallery') {
    // Brand colours are replaced by the system palette under forced colours; the gallery is checked for motion.
    mediaRuns.push({ ...story, media: { reducedMotion: 'reduce' } });
  } else if (!sampled.has(story.title)) {
    sampled.add(story.title);
    mediaRuns.push({ ...story, media: { reducedMotion: 'reduce', forcedColors: 'active' } });
  }
}

/**
 * Fails with every WCAG 2.2 AA violation inside `root` (page-level landmark rules do not apply to a fragment).
 * Legacy mode runs axe in the page itself (axe injected into every frame, as the default mode does) instead of
 * finishing the run in a new blank page: the same rules and the same results (violations in shadow roots and in the
 * card iframes are reported either way), at half the time or less on the large docs pages.
 */
async function checkAxe(page, root, exclude = []) {
  let builder = new AxeBuilder({ page })
    .setLegacyMode(true)
    .include(root)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .disableRules(['region', 'landmark-one-main', 'page-has-heading-one']);
  for (const selector of exclude) builder = builder.exclude(selector);
  const axe = await builder.analyze();
  if (axe.violations.length > 0) {
    const detail = axe.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    throw new Error(`axe: ${detail.join('; ')}`);
  }
}

/**
 * A docs page (a component's usage page, its autodocs page, the introduction): it must render its content without
 * an error and pass axe. Storybook's own args table is left out of axe: its boolean and object controls are
 * Storybook's UI (they fail colour contrast in Storybook's theme), not the kit's.
 */
async function checkDocs(entry) {
  const t0 = performance.now();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=docs`);
    await page.waitForSelector('#storybook-docs .sbdocs-content', { timeout: 30000 });
    // Let the docs' embedded stories render and settle. Bounded: an autodocs page embeds its Loading story, whose
    // request never ends, so the network never goes idle (it cost 30 s per such page).
    await page.waitForLoadState('networkidle', { timeout: 4000 }).catch(() => {});
    await page.waitForTimeout(1000);
    if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) throw new Error('error display shown');
    if (errors.length > 0) throw new Error(`page errors: ${errors.join(' | ').slice(0, 500)}`);
    await checkAxe(page, '#storybook-docs', ['.docblock-argstable']);
    console.log(`  ✔ ${entry.id} [docs] (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures.push(`${entry.id} [docs]`);
    console.log(`  ✘ ${entry.id} [docs]: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}

async function checkStory(story) {
  const t0 = performance.now();
  const label = story.media ? `${story.id} [${story.media.forcedColors ? 'reduced motion, forced colours' : 'reduced motion'}]` : story.id;
  const context = await browser.newContext(story.media ?? {});
  // Storybook reports play-function and render exceptions on its channel; catch the channel as it is created.
  await context.addInitScript(() => {
    window.__ckStoryErrors = [];
    let channel;
    Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
      configurable: true,
      get: () => channel,
      set: (value) => {
        channel = value;
        for (const name of ['playFunctionThrewException', 'storyThrewException', 'storyErrored', 'unhandledErrorsWhilePlaying']) {
          value.on(name, (payload) => window.__ckStoryErrors.push(`${name}: ${payload?.message ?? JSON.stringify(payload)}`));
        }
      },
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
    const tLoaded = performance.now();
    await page.waitForFunction(
      () => {
        const phase = window.__STORYBOOK_PREVIEW__?.currentRender?.phase;
        return phase === 'finished' || phase === 'completed' || phase === 'errored' || phase === 'aborted' || document.body.classList.contains('sb-show-errordisplay');
      },
      undefined,
      { timeout: 30000 },
    );
    const phase = await page.evaluate(() => window.__STORYBOOK_PREVIEW__?.currentRender?.phase);
    const errorShown = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'));
    const reported = await page.evaluate(() => window.__ckStoryErrors ?? []);
    errors.push(...reported);
    if ((phase !== 'finished' && phase !== 'completed') || errorShown || reported.length > 0) {
      const text = await page.locator('#error-message, #error-stack').allInnerTexts().catch(() => []);
      throw new Error(`render/play ${phase}${errorShown ? ' (error display)' : ''}: ${text.join(' ').slice(0, 500)} ${errors.join(' | ')}`);
    }
    // Check the settled state: wait for finite animations and transitions (a button fading to its "paid" colour).
    await page.evaluate(() =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
            .map((a) => a.finished.catch(() => {})),
        ),
        new Promise((resolve) => setTimeout(resolve, 3000)),
      ]),
    );
    if (story.media) {
      const moving = await page.evaluate(() => {
        const out = [];
        const seconds = (v) => Math.max(...v.split(',').map((x) => (x.trim().endsWith('ms') ? parseFloat(x) / 1000 : parseFloat(x) || 0)));
        const visit = (root) => {
          for (const el of root.querySelectorAll('*')) {
            const cs = getComputedStyle(el);
            const anim = cs.animationName !== 'none' && seconds(cs.animationDuration) > 0.01 && cs.animationIterationCount !== '0';
            const trans = cs.transitionProperty !== 'none' && seconds(cs.transitionDuration) > 0.01;
            if (anim || trans) out.push(`${el.tagName.toLowerCase()}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} (${anim ? `animation ${cs.animationName} ${cs.animationDuration}` : `transition ${cs.transitionProperty} ${cs.transitionDuration}`})`);
            if (el.shadowRoot) visit(el.shadowRoot);
          }
        };
        visit(document.querySelector('#storybook-root') ?? document.body);
        return out;
      });
      if (moving.length > 0) throw new Error(`moves under prefers-reduced-motion: ${moving.slice(0, 5).join(', ')}`);
    }
    const tSettled = performance.now();
    await checkAxe(page, '#storybook-root');
    const secs = (a, b) => ((b - a) / 1000).toFixed(1);
    const tEnd = performance.now();
    // where a story's time goes, to find the slow ones (the step is CI's longest)
    console.log(`  ✔ ${label} (${secs(t0, tEnd)} s: load ${secs(t0, tLoaded)}, play ${secs(tLoaded, tSettled)}, axe ${secs(tSettled, tEnd)})`);
  } catch (e) {
    failures.push(label);
    console.log(`  ✘ ${label}: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}

// Two pages at a time (each in its own context) keeps both cores busy without starving a story's timers. The docs
// pages are the longest items, so they go first: last, they left one lane working alone at the end.
const queue = [...docsPages.map((entry) => ({ ...entry, docs: true })), ...stories, ...mediaRuns];
const lanes = Math.max(1, Number(process.env.STORIES_CONCURRENCY ?? 2));
await Promise.all(
  Array.from({ length: lanes }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) await (item.docs ? checkDocs(item) : checkStory(item));
  }),
);
await browser.close();
server.close();
if (!noBuild) rmSync(outDir, { recursive: true, force: true });

console.log(
  `stories: ${stories.length + mediaRuns.length + docsPages.length - failures.length} passed, ${failures.length} failed (${stories.length} stories, ${mediaRuns.length} of them again with reduced motion and forced colours, ${docsPages.length} docs pages)`,
);
process.exit(failures.length === 0 ? 0 : 1);

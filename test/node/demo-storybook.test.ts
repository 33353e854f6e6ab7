// The demo's /storybook route: serves the static build, says when it is missing or being built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Hono } from 'hono';
import { buildStorybookInBackground, storybookRoutes, type StorybookBuild } from '../../demo/routes/storybook.ts';

const root = mkdtempSync(join(tmpdir(), 'ck-demo-sb-'));
const dir = join(root, 'storybook-static');
after(() => rmSync(root, { recursive: true, force: true }));

test('/storybook/: 404 with the command when not built, 503 while a background build runs, then the build', async () => {
  const build: StorybookBuild = { status: 'building' };
  const app = new Hono().route('/storybook', storybookRoutes(root, dir, build));
  let res = await app.request('/storybook/');
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '30');
  assert.match(await res.text(), /being built/);
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/);
  build.status = 'failed';
  res = await app.request('/storybook/');
  assert.equal(res.status, 404);
  assert.match(await res.text(), /npm run build-storybook/);
  // The build appears after the demo started: served from then on.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Storybook</title>');
  res = await app.request('/storybook/');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<title>Storybook<\/title>/);
  assert.equal((await app.request('/storybook')).status, 301);
  assert.equal(buildStorybookInBackground(root, () => {}), null, 'no build when one exists');
});

test('no background build without Storybook installed (e.g. npm install --omit=dev): the route keeps its hint', () => {
  const bare = mkdtempSync(join(tmpdir(), 'ck-demo-bare-'));
  try {
    writeFileSync(join(bare, 'package.json'), '{"name":"bare"}');
    assert.deepEqual(buildStorybookInBackground(bare, () => {}), { status: 'failed' });
  } finally {
    rmSync(bare, { recursive: true, force: true });
  }
});

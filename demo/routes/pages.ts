// Page-level routes of the demo that are not static files.
import { Hono } from 'hono';
import type { DemoContext } from '../context.ts';

export function pageRoutes(_ctx: DemoContext): Hono {
  const app = new Hono();
  app.get('/', (c) => c.redirect('/index.html'));
  app.get('/cart', (c) => c.redirect('/cart.html'));
  return app;
}

// The simulator's checkout pages (Node side): the hosted page at a Checkout Session's `url` (`/c/pay/:id`) and the
// embedded-checkout frame (`/c/embedded`), both rendering <ck-checkout> under a strict CSP, with the script bundled
// from `sim/browser/checkout/page.ts` by esbuild on first use. Registered from sim/browser/routes.ts.
import { build } from 'esbuild';
import type { Hono } from 'hono';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../core/app.ts';
import { recoverSession } from '../../core/resources/checkout_sessions.ts';
import { checkoutPageMessages, pageLanguage } from './i18n.ts';

const here = dirname(fileURLToPath(import.meta.url));

let bundle: Promise<string> | null = null;

/** The page script (Lit, the kit's components, the entry), built once per process. */
export function checkoutScript(): Promise<string> {
  if (!bundle) {
    bundle = build({
      entryPoints: [join(here, 'page.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      // the kit's compiler settings that change emitted code (Lit's decorators), inline rather than the repo's
      // tsconfig.json, which an installed package does not ship
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    }).then((r) => r.outputFiles[0].text);
    bundle.catch(() => {
      bundle = null;
    });
  }
  return bundle;
}

function csp(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https: http:",
    "connect-src 'self'",
    "frame-src 'self'",
    "font-src 'self' data:",
    // nothing on these pages submits natively (the card form is sent by script): a failed preventDefault must not put
    // a card number in a URL
    "form-action 'none'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function document(opts: { lang: string; title: string; noscript: string; element: string }): string {
  return `<!doctype html>
<html lang="${opts.lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex" />
    <title>${opts.title}</title>
    <link rel="stylesheet" href="/c/checkout.css" />
    <script type="module" src="/c/checkout.js"></script>
  </head>
  <body>
    <main>${opts.element}</main>
    <noscript><p>${opts.noscript}</p></noscript>
  </body>
</html>
`;
}

const PAGE_CSS = `html { color-scheme: light dark; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { min-height: 100vh; box-sizing: border-box; padding: 1rem 0; }
body.embedded main { min-height: 0; padding: 0; }
`;

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{10,100}$/;

export function registerCheckoutPages(app: Hono, sim: Simulator): void {
  app.get('/c/checkout.js', async (c) =>
    c.body(await checkoutScript(), 200, {
      'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff',
    }),
  );
  app.get('/c/checkout.css', (c) =>
    c.body(PAGE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }),
  );
  app.get('/c/pay/:id', (c) => {
    const id = c.req.param('id');
    const rec = SESSION_ID.test(id) ? sim.store.get<{ locale?: string | null; ui_mode?: string }>(id) : undefined;
    const found = rec !== undefined && rec.type === 'checkout.session' && rec.data.ui_mode === 'hosted_page';
    const lang = pageLanguage(found ? rec.data.locale : null, c.req.header('accept-language'));
    const m = checkoutPageMessages[lang];
    // A direct-charge session lives on a connected account: the page acts on it (Stripe-Account).
    const account = found && rec.account !== sim.platformAccount ? ` stripe-account="${escapeAttr(rec.account)}"` : '';
    const element = `<ck-checkout inline session-id="${escapeAttr(found ? id : 'cs_test_unknown')}" publishable-key="${escapeAttr(sim.keys.publishable)}"${account} locale="${lang}"></ck-checkout>`;
    return c.body(document({ lang, title: m.title, noscript: m.noscript, element }), found ? 200 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp("'none'"),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
  });
  // An expired session's recovery link (`after_expiration.recovery.url`): a new session for the same cart, or the
  // expired session's own page when the link cannot be followed (recovery off, link expired).
  app.get('/c/recover/:id', (c) => {
    const id = c.req.param('id');
    if (!SESSION_ID.test(id)) return c.redirect('/c/pay/cs_test_unknown', 302);
    const next = recoverSession(sim, id);
    return c.redirect(`/c/pay/${next ?? id}`, 302);
  });
  app.get('/c/embedded', (c) => {
    const lang = pageLanguage(null, c.req.header('accept-language'));
    const m = checkoutPageMessages[lang];
    const html = document({ lang, title: m.embeddedTitle, noscript: m.noscript, element: '<ck-checkout inline data-embedded></ck-checkout>' })
      .replace('<body>', '<body class="embedded">');
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp('*'),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}

// The simulator's 3D Secure challenge, nested the way Stripe's is so suites written against Stripe find it:
//
//   GET /3ds/challenge/:src               the page `next_action` points to (redirect_to_url.url and
//                                         use_stripe_sdk.stripe_js): a wrapper document holding
//                                         <iframe id="challengeFrame" name="stripe-challenge-frame">;
//   GET /3ds/three-ds-2-challenge/:src    the same wrapper, as the Stripe.js shim's lightbox iframe
//                                         (iframe[name^="__privateStripeFrame"][src*="three-ds-2-challenge"]);
//   GET /3ds/challenge/:src/frame         the challenge itself, inside #challengeFrame: amount, card and the
//                                         "Complete authentication" / "Fail authentication" buttons
//                                         (#test-source-authorize-3ds / #test-source-fail-3ds) of a plain
//                                         <form method="post"> (works without JavaScript);
//   POST /3ds/challenge/:src              outcome=complete|fail.
//
// After the POST:
// - redirect mode (next_action.redirect_to_url): 302 to the return_url with `payment_intent`,
//   `payment_intent_client_secret` (or the setup_intent pair) and `redirect_status=succeeded|failed`. The form
//   targets `_parent`, so the wrapper's browsing context follows the redirect: the top window when the wrapper
//   was navigated to, or the merchant's own iframe when it shows redirect_to_url.url in one (Stripe's
//   documented "3D Secure in an iframe" flow), never the inner frame;
// - modal mode (next_action.use_stripe_sdk, the wrapper runs in the Stripe.js shim's lightbox): a result page
//   whose script posts `{type:'ck-3ds-complete', paymentIntent, status}` to its parent (the wrapper, same
//   origin); the wrapper checks the sender and the fields and relays only the type, its own intent id and the
//   status to ITS parent, targeted at the origin in the `parent_origin` query parameter (the shim appends its
//   own page origin; nothing is relayed without it). Escape inside either document relays `ck-3ds-escape`.
// Language: `?locale=en|fr`, else Accept-Language (the wrapper passes the language it chose to the inner
// document). Strict CSP: styles and scripts are separate files.

import type { Context, Hono } from 'hono';
import type { Simulator } from '../app.ts';
import { createContext, type RequestContext, type StripeObject } from '../context.ts';
import { currencyExponent, formatAmount } from '../money.ts';
import { CHALLENGE_CSS, CHALLENGE_JS, WRAPPER_CSS, WRAPPER_JS } from '../../browser/3ds/assets.ts';
import { completeAuthentication, type ThreeDSAttempt } from '../resources/payment_intents.ts';
import { CHALLENGE_MESSAGES, pickLocale, type ChallengeLocale, type ChallengeMessages } from './3ds-i18n.ts';
import { escapeHtml as esc, safeOrigin } from './html.ts';

export const CHALLENGE_PATH = '/3ds/challenge/';
/** The Stripe.js shim's lightbox URL for a challenge: the same wrapper, named after Stripe.js's own frame. */
export const LIGHTBOX_PATH = '/3ds/three-ds-2-challenge/';
/** Appended to `${CHALLENGE_PATH}:src`: the document inside #challengeFrame. */
export const FRAME_SUFFIX = '/frame';
export const CSS_PATH = '/3ds/assets/challenge.css';
export const JS_PATH = '/3ds/assets/challenge.js';
export const WRAPPER_CSS_PATH = '/3ds/assets/three-ds-2-challenge.css';
export const WRAPPER_JS_PATH = '/3ds/assets/three-ds-2-challenge.js';

/** Completes or fails a setup intent's challenge; registered by the SetupIntents module. */
export type SetupCompleter = (ctx: RequestContext, attempt: ThreeDSAttempt, outcome: 'complete' | 'fail') => { intent: StripeObject; succeeded: boolean };
let setupCompleter: SetupCompleter | null = null;
export function registerSetupCompleter(fn: SetupCompleter): void {
  setupCompleter = fn;
}


interface PageOptions {
  /** Origins the page's form may submit (and be redirected) to, besides its own. */
  formTargets?: string[];
  /** The wrapper frames the challenge document (same origin); nothing else frames anything. */
  framesChallenge?: boolean;
  status?: number;
  css?: string;
  js?: string;
}

// Both documents may be framed by any page (frame-ancestors *): the wrapper is what a merchant shows in its own
// iframe in Stripe's "3D Secure in an iframe" flow and what the Stripe.js lightbox loads from the merchant's
// page, and frame-ancestors is checked against every ancestor, so the inner document needs the same policy.
function csp(opts: PageOptions): string {
  const targets = opts.formTargets ?? [];
  return [
    "default-src 'none'",
    "style-src 'self'",
    "script-src 'self'",
    "img-src 'self' data:",
    ...(opts.framesChallenge ? ["frame-src 'self'"] : []),
    opts.framesChallenge ? "form-action 'none'" : `form-action 'self'${targets.length ? ' ' + targets.join(' ') : ''}`,
    "base-uri 'none'",
    'frame-ancestors *',
  ].join('; ');
}

function page(locale: ChallengeLocale, title: string, body: string, opts: PageOptions = {}): Response {
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${opts.css ?? CSS_PATH}">
</head>
<body>
<main>
${body}
</main>
<script src="${opts.js ?? JS_PATH}"></script>
</body>
</html>
`;
  return new Response(html, {
    status: opts.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp(opts),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

// `_parent`: inside #challengeFrame the link leaves the whole challenge (the wrapper's context); top-level it is
// the page itself.
function messagePage(locale: ChallengeLocale, t: ChallengeMessages, title: string, text: string, status: number, link?: string | null): Response {
  const back = link ? `<p><a href="${esc(link)}" target="_parent">${esc(t.returnLink)}</a></p>` : '';
  return page(locale, title, `<h1>${esc(title)}</h1>\n<p>${esc(text)}</p>\n${back}`, { status });
}

interface Loaded {
  attempt: ThreeDSAttempt;
  account: string;
  intent: Record<string, unknown> | undefined;
}

function load(sim: Simulator, id: string): Loaded | null {
  const rec = sim.store.get<ThreeDSAttempt>(id);
  if (!rec || rec.type !== 'sim_three_d_secure') return null;
  const intent = sim.store.get<Record<string, unknown>>(rec.data.intent);
  return { attempt: rec.data, account: rec.account, intent: intent?.data };
}

function isPending(l: Loaded): boolean {
  return l.attempt.status === 'pending' && l.intent?.status === 'requires_action';
}

function localeOf(c: Context): ChallengeLocale {
  return pickLocale(c.req.query('locale'), c.req.header('accept-language'));
}

function cardLine(sim: Simulator, pmId: string): string {
  const pm = sim.store.get<{ card?: { brand?: string; last4?: string } }>(pmId)?.data;
  if (!pm?.card) return '';
  const brand = pm.card.brand ?? '';
  return `${brand.charAt(0).toUpperCase()}${brand.slice(1)} •••• ${pm.card.last4 ?? ''}`;
}

function amountLine(locale: ChallengeLocale, t: ChallengeMessages, intent: Record<string, unknown>): string {
  if (intent.object !== 'payment_intent') return t.setupAmount;
  const amount = intent.amount as number;
  const currency = intent.currency as string;
  try {
    return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { style: 'currency', currency: currency.toUpperCase() })
      .format(amount / 10 ** currencyExponent(currency));
  } catch {
    return formatAmount(amount, currency);
  }
}

function returnUrlWith(attempt: ThreeDSAttempt, intent: Record<string, unknown>, status: 'succeeded' | 'failed'): string | null {
  if (!attempt.return_url) return null;
  let u: URL;
  try {
    u = new URL(attempt.return_url);
  } catch {
    return null;
  }
  const prefix = attempt.intent_type === 'setup_intent' ? 'setup_intent' : 'payment_intent';
  u.searchParams.set(prefix, String(intent.id));
  u.searchParams.set(`${prefix}_client_secret`, String(intent.client_secret));
  u.searchParams.set('redirect_status', status);
  return u.toString();
}

function closedPage(locale: ChallengeLocale, t: ChallengeMessages, l: Loaded | null): Response | null {
  if (!l || !l.intent) return messagePage(locale, t, t.unknownTitle, t.unknownBody, 404);
  if (!isPending(l)) return messagePage(locale, t, t.closedTitle, t.closedBody, 409, l.attempt.mode === 'redirect_to_url' ? l.attempt.return_url : null);
  return null;
}

/** The pending attempt a GET shows, in the request's language; else the page that says it is unknown or closed. */
function openAttempt(c: Context, sim: Simulator): Response | { locale: ChallengeLocale; t: ChallengeMessages; id: string; l: Loaded & { intent: Record<string, unknown> } } {
  const locale = localeOf(c);
  const t = CHALLENGE_MESSAGES[locale];
  const id = c.req.param('id') ?? '';
  const l = load(sim, id);
  const closed = closedPage(locale, t, l);
  if (closed || !l?.intent) return closed ?? messagePage(locale, t, t.unknownTitle, t.unknownBody, 404);
  return { locale, t, id, l: l as Loaded & { intent: Record<string, unknown> } };
}

/**
 * The page next_action points to (and the shim's lightbox): a wrapper holding the challenge in
 * `iframe#challengeFrame`. In modal mode (use_stripe_sdk) with a valid `parent_origin` its script relays the
 * challenge's result and Escape to the parent window; it needs no script otherwise.
 */
function showWrapper(c: Context, sim: Simulator): Response {
  const open = openAttempt(c, sim);
  if (open instanceof Response) return open;
  const { locale, t, id, l } = open;
  // Only the Stripe.js shim passes parent_origin: the challenge then reports back to it, whatever its mode
  // (handleNextAction on an intent confirmed server-side with a return_url shows redirect_to_url.url there too).
  const parent = safeOrigin(c.req.query('parent_origin'));
  const src = `${CHALLENGE_PATH}${encodeURIComponent(id)}${FRAME_SUFFIX}?locale=${locale}${parent ? '&lightbox=1' : ''}`;
  const relay = parent
    ? ` data-parent-origin="${esc(parent)}" data-intent="${esc(String(l.intent.id))}" data-intent-type="${esc(l.attempt.intent_type)}"`
    : '';
  const body = `<div id="ck-3ds-wrapper"${relay}>
<iframe id="challengeFrame" name="stripe-challenge-frame" title="${esc(t.frameTitle)}" src="${esc(src)}" allow="payment *"></iframe>
</div>`;
  return page(locale, t.title, body, { framesChallenge: true, css: WRAPPER_CSS_PATH, js: WRAPPER_JS_PATH });
}

/** The challenge inside #challengeFrame (or top-level, if opened directly): the amount, the card, the buttons. */
function showChallenge(c: Context, sim: Simulator): Response {
  const open = openAttempt(c, sim);
  if (open instanceof Response) return open;
  const { locale, t, id, l } = open;
  const lightbox = c.req.query('lightbox') === '1';
  const action = `${CHALLENGE_PATH}${encodeURIComponent(id)}?locale=${locale}${lightbox ? '&lightbox=1' : ''}`;
  const redirect = l.attempt.mode === 'redirect_to_url' && !lightbox;
  const returnOrigin = redirect ? safeOrigin(l.attempt.return_url) : null;
  const body = `<div id="ck-3ds-challenge">
<span class="ck-3ds-badge">${esc(t.testBadge)}</span>
<h1>${esc(t.title)}</h1>
<p>${esc(t.intro)}</p>
<dl>
<dt>${esc(t.merchant)}</dt><dd>${esc(sim.settings.branding.platform_name)}</dd>
<dt>${esc(t.amount)}</dt><dd>${esc(amountLine(locale, t, l.intent))}</dd>
<dt>${esc(t.card)}</dt><dd>${esc(cardLine(sim, l.attempt.payment_method))}</dd>
</dl>
<p>${esc(t.testNotice)}</p>
<form method="post" action="${esc(action)}"${redirect ? ' target="_parent"' : ''}>
<button type="submit" name="outcome" value="complete" id="test-source-authorize-3ds">${esc(t.complete)}</button>
<button type="submit" name="outcome" value="fail" id="test-source-fail-3ds">${esc(t.fail)}</button>
</form>
</div>`;
  return page(locale, t.title, body, { formTargets: returnOrigin ? [returnOrigin] : [] });
}

async function submitChallenge(c: Context, sim: Simulator): Promise<Response> {
  const locale = localeOf(c);
  const t = CHALLENGE_MESSAGES[locale];
  const id = c.req.param('id') ?? '';
  let outcome: string | undefined;
  try {
    const form = await c.req.parseBody();
    outcome = typeof form.outcome === 'string' ? form.outcome : undefined;
  } catch {
    outcome = undefined;
  }
  const l = load(sim, id);
  if (!l || !l.intent) return messagePage(locale, t, t.unknownTitle, t.unknownBody, 404);
  if (outcome !== 'complete' && outcome !== 'fail') {
    return messagePage(locale, t, t.title, t.badOutcome, 400);
  }
  const closed = closedPage(locale, t, l);
  if (closed) return closed;

  const ctx = createContext({
    sim,
    account: l.account,
    keyType: 'secret',
    version: sim.defaultVersion,
    method: 'POST',
    path: `${CHALLENGE_PATH}${id}`,
    pathParams: { id },
    params: {},
    rawParams: {},
    requestId: null, // not an API request: the events it causes carry request.id null
    idempotencyKey: null,
    origin: c.req.header('origin') ?? null,
  });
  let result: { intent: Record<string, unknown>; succeeded: boolean };
  try {
    result = sim.store.transaction(() => {
      const attempt = ctx.get<ThreeDSAttempt>(id, 'sim_three_d_secure');
      if (attempt.intent_type === 'setup_intent') {
        if (!setupCompleter) throw new Error('SetupIntents are not registered');
        const r = setupCompleter(ctx, attempt, outcome);
        return { intent: r.intent as Record<string, unknown>, succeeded: r.succeeded };
      }
      const r = completeAuthentication(ctx, attempt, outcome);
      return { intent: r.pi as unknown as Record<string, unknown>, succeeded: r.succeeded };
    });
  } catch (e) {
    sim.log('error', '3DS challenge failed', { error: e instanceof Error ? e.message : String(e) });
    return messagePage(locale, t, t.unknownTitle, t.unknownBody, 500);
  }
  for (const hook of ctx.commitHooks) {
    try {
      hook();
    } catch (e) {
      sim.log('error', 'after-commit hook failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }
  const status: 'succeeded' | 'failed' = result.succeeded ? 'succeeded' : 'failed';
  if (l.attempt.mode === 'redirect_to_url' && c.req.query('lightbox') !== '1') {
    const to = returnUrlWith(l.attempt, result.intent, status);
    if (to) return new Response(null, { status: 302, headers: { Location: to, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
  }
  const title = result.succeeded ? t.succeededTitle : t.failedTitle;
  const text = result.succeeded ? t.succeededBody : outcome === 'complete' ? t.declinedBody : t.failedBody;
  const body = `<section class="ck-3ds-result" id="ck-3ds-result" data-status="${status}" data-intent="${esc(String(result.intent.id))}" data-intent-type="${esc(l.attempt.intent_type)}" role="status">
<h1>${esc(title)}</h1>
<p>${esc(text)}</p>
</section>`;
  return page(locale, title, body);
}

function asset(body: string, type: string): Response {
  return new Response(body, {
    headers: { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** Registers the challenge pages and their assets on the simulator's Hono app (an `ExtraRoutes`). */
export function threeDSecurePages(app: Hono, sim: Simulator): void {
  app.get(CSS_PATH, () => asset(CHALLENGE_CSS, 'text/css'));
  app.get(JS_PATH, () => asset(CHALLENGE_JS, 'text/javascript'));
  app.get(WRAPPER_CSS_PATH, () => asset(WRAPPER_CSS, 'text/css'));
  app.get(WRAPPER_JS_PATH, () => asset(WRAPPER_JS, 'text/javascript'));
  app.get(`${CHALLENGE_PATH}:id`, (c) => showWrapper(c, sim));
  app.get(`${LIGHTBOX_PATH}:id`, (c) => showWrapper(c, sim));
  app.get(`${CHALLENGE_PATH}:id${FRAME_SUFFIX}`, (c) => showChallenge(c, sim));
  app.post(`${CHALLENGE_PATH}:id`, (c) => submitChallenge(c, sim));
}

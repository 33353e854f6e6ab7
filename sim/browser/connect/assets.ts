// Static files of the Connect onboarding pages, served as separate files so the pages run under a strict
// Content-Security-Policy (no inline script or style). Strings, so the core can serve them without a file system.

/** /connect/assets/onboarding.css; colours and radius come from /connect/assets/theme/<session>.css. */
export const ONBOARDING_CSS = `:root {
  color-scheme: light;
  --ck-ob-brand: #635bff;
  --ck-ob-brand-text: #ffffff;
  --ck-ob-bg: #f6f8fa;
  --ck-ob-card: #ffffff;
  --ck-ob-text: #1a1f36;
  --ck-ob-muted: #4f566b;
  --ck-ob-danger: #b3093c;
  --ck-ob-border: #c9d1da;
  --ck-ob-radius: 8px;
  --ck-ob-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--ck-ob-bg); color: var(--ck-ob-text); font: 16px/1.5 var(--ck-ob-font); }
body.ck-ob-embedded { background: transparent; }
.ck-ob-page { max-width: 560px; margin: 0 auto; padding: 1.5rem 1rem 2rem; }
.ck-ob-embedded .ck-ob-page { max-width: none; padding: 0.25rem; }
header.ck-ob-brand { display: flex; align-items: center; gap: 0.75rem; margin-bottom: 1rem; }
header.ck-ob-brand img { width: 40px; height: 40px; border-radius: 8px; object-fit: cover; }
.ck-ob-monogram { width: 40px; height: 40px; border-radius: 8px; display: inline-flex; align-items: center; justify-content: center; background: var(--ck-ob-brand); color: var(--ck-ob-brand-text); font-weight: 700; }
.ck-ob-platform { font-weight: 700; font-size: 1.1rem; }
.ck-ob-badge { margin-left: auto; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; border: 1px solid var(--ck-ob-border); border-radius: 999px; padding: 0.1rem 0.5rem; color: var(--ck-ob-muted); }
main { background: var(--ck-ob-card); border: 1px solid var(--ck-ob-border); border-radius: calc(var(--ck-ob-radius) * 1.5); padding: 1.5rem; }
.ck-ob-embedded main { border: 0; padding: 0.5rem; background: transparent; }
h1 { font-size: 1.35rem; margin: 0 0 0.25rem; }
p { margin: 0.5rem 0; }
.ck-ob-muted, .ck-ob-hint { color: var(--ck-ob-muted); font-size: 0.9rem; }
nav.ck-ob-progress ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; padding: 0; margin: 0 0 1rem; }
nav.ck-ob-progress li { font-size: 0.8rem; padding: 0.15rem 0.5rem; border-radius: 999px; border: 1px solid var(--ck-ob-border); color: var(--ck-ob-muted); }
nav.ck-ob-progress li[aria-current="step"] { background: var(--ck-ob-brand); border-color: var(--ck-ob-brand); color: var(--ck-ob-brand-text); }
nav.ck-ob-progress li.ck-ob-done { border-color: var(--ck-ob-brand); color: var(--ck-ob-text); }
form { display: flex; flex-direction: column; gap: 0.9rem; margin-top: 1rem; }
fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 0.5rem; }
legend { font-weight: 600; margin-bottom: 0.25rem; }
label { font-weight: 600; font-size: 0.95rem; display: block; }
.ck-ob-field { display: flex; flex-direction: column; gap: 0.25rem; }
.ck-ob-choice { display: flex; align-items: flex-start; gap: 0.5rem; font-weight: 400; }
.ck-ob-choice input { margin-top: 0.3rem; }
input[type="text"], input[type="email"], input[type="tel"], input[type="url"], input[type="date"], select, textarea {
  font: inherit; padding: 0.6rem 0.75rem; border: 1px solid var(--ck-ob-border); border-radius: var(--ck-ob-radius); background: var(--ck-ob-card); color: var(--ck-ob-text); width: 100%;
}
input[aria-invalid="true"], select[aria-invalid="true"] { border-color: var(--ck-ob-danger); }
.ck-ob-error { color: var(--ck-ob-danger); font-size: 0.9rem; margin: 0; }
.ck-ob-alert { border: 1px solid var(--ck-ob-danger); border-radius: var(--ck-ob-radius); padding: 0.75rem 1rem; color: var(--ck-ob-danger); }
.ck-ob-alert ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
.ck-ob-alert a { color: inherit; }
.ck-ob-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; justify-content: space-between; margin-top: 0.5rem; }
button, .ck-ob-button { font: inherit; font-weight: 600; padding: 0.65rem 1.1rem; border-radius: var(--ck-ob-radius); border: 1px solid var(--ck-ob-brand); background: var(--ck-ob-brand); color: var(--ck-ob-brand-text); cursor: pointer; text-decoration: none; display: inline-block; }
a { color: var(--ck-ob-brand); }
.ck-ob-secondary { background: transparent; color: var(--ck-ob-text); border-color: var(--ck-ob-border); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--ck-ob-brand); outline-offset: 2px; }
dl.ck-ob-review { display: grid; grid-template-columns: minmax(8rem, auto) 1fr auto; gap: 0.35rem 1rem; margin: 1rem 0; }
dl.ck-ob-review dt { color: var(--ck-ob-muted); }
dl.ck-ob-review dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.ck-ob-row { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; }
.ck-ob-testvalues { font-size: 0.85rem; color: var(--ck-ob-muted); border-top: 1px dashed var(--ck-ob-border); padding-top: 0.5rem; }
footer { margin-top: 1rem; font-size: 0.85rem; color: var(--ck-ob-muted); text-align: center; }
@media (forced-colors: active) {
  button, .ck-ob-button { border: 1px solid ButtonText; }
  nav.ck-ob-progress li[aria-current="step"] { border: 2px solid Highlight; }
}
`;

/**
 * /connect/assets/onboarding.js. In embedded mode (body[data-parent-origin]) tells the parent page (the
 * StripeConnect shim) which step is shown, the content height, and when the flow exits:
 *   { type: 'ck-connect-step', step } / { type: 'ck-connect-resize', height } / { type: 'ck-connect-exit' }
 * posted only to the origin that created the session. Nothing else (no personal data) is ever posted.
 */
export const ONBOARDING_JS = `(function () {
  'use strict';
  var body = document.body;
  var origin = body.getAttribute('data-parent-origin');
  var first = document.querySelector('[aria-invalid="true"], .ck-ob-alert');
  if (first && first.focus) { if (!first.hasAttribute('tabindex') && first.tagName === 'DIV') first.setAttribute('tabindex', '-1'); first.focus(); }
  if (!origin || window.parent === window) return;
  var post = function (m) { window.parent.postMessage(m, origin); };
  var step = body.getAttribute('data-step');
  if (step) post({ type: 'ck-connect-step', step: step });
  var last = 0;
  var size = function () {
    var h = Math.ceil(document.documentElement.scrollHeight);
    if (h !== last) { last = h; post({ type: 'ck-connect-resize', height: h }); }
  };
  size();
  if (window.ResizeObserver) new ResizeObserver(size).observe(document.documentElement);
  if (body.getAttribute('data-exit') === 'true') post({ type: 'ck-connect-exit', status: body.getAttribute('data-status') || 'submitted' });
  var leave = document.querySelector('[data-ck-exit]');
  if (leave) leave.addEventListener('click', function (e) { e.preventDefault(); post({ type: 'ck-connect-exit', status: 'left' }); });
})();
`;

/** /connect/embedded/frame.html: the empty frame the shim loads; its script trades the client secret for a session. */
export const FRAME_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Onboarding</title>
<link rel="stylesheet" href="/connect/assets/onboarding.css">
</head>
<body class="ck-ob-embedded">
<p class="ck-ob-muted" role="status" id="ck-ob-status">…</p>
<script src="/connect/embedded/frame.js"></script>
</body>
</html>
`;

/**
 * /connect/embedded/frame.js. Waits for `{ type: 'ck-connect-init', clientSecret, publishableKey, locale,
 * collectionOptions, appearance }` from its parent, posts it to /connect/embedded/sessions (the client secret
 * travels in a request body, never a URL) and navigates to the onboarding page it gets back. Errors are
 * reported to the parent as `{ type: 'ck-connect-load-error', error: { type, message } }`.
 */
export const FRAME_JS = `(function () {
  'use strict';
  if (window.parent === window) return;
  var started = false;
  window.addEventListener('message', function (ev) {
    if (ev.source !== window.parent || started) return;
    var d = ev.data;
    if (!d || d.type !== 'ck-connect-init' || typeof d.clientSecret !== 'string') return;
    started = true;
    var origin = ev.origin;
    // The simulator may be mounted under a path (e.g. in Storybook): resolve its URLs against this frame's own.
    var own = '/connect/embedded/frame.html';
    var base = location.pathname.slice(-own.length) === own ? location.pathname.slice(0, -own.length) : '';
    fetch(base + '/connect/embedded/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_secret: d.clientSecret, publishable_key: d.publishableKey, parent_origin: origin, locale: d.locale || null, collection_options: d.collectionOptions || null, appearance: d.appearance || null })
    }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok || !res.body.url) {
          var err = (res.body && res.body.error) || { type: 'api_error', message: 'Could not start onboarding.' };
          window.parent.postMessage({ type: 'ck-connect-load-error', error: { type: err.type, message: err.message } }, origin);
          started = false;
          return;
        }
        var u = String(res.body.url);
        location.replace(u.charAt(0) === '/' && u.charAt(1) !== '/' ? base + u : u);
      }, function () {
        window.parent.postMessage({ type: 'ck-connect-load-error', error: { type: 'api_connection_error', message: 'Could not reach the simulator.' } }, origin);
        started = false;
      });
  });
  window.parent.postMessage({ type: 'ck-connect-frame-ready' }, '*');
})();
`;

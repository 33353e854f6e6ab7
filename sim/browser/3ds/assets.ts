// Static assets of the simulator's 3D Secure challenge pages (the wrapper and the challenge inside it), served as separate files so the page runs under a
// strict Content-Security-Policy (no inline script or style). Kept as strings so the core serves them
// without file-system access (it also runs in a browser).

/** Served at /3ds/assets/challenge.css */
export const CHALLENGE_CSS = `:root {
  color-scheme: light dark;
  --ck-3ds-bg: #f6f8fa;
  --ck-3ds-card: #ffffff;
  --ck-3ds-text: #1a1f36;
  --ck-3ds-muted: #4f566b;
  --ck-3ds-primary: #635bff;
  --ck-3ds-danger: #c0123c;
  --ck-3ds-border: #d5dbe1;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ck-3ds-bg: #0e1117;
    --ck-3ds-card: #1a1f2b;
    --ck-3ds-text: #f3f4f6;
    --ck-3ds-muted: #b6bdc9;
    --ck-3ds-primary: #8f88ff;
    --ck-3ds-danger: #ff6b8a;
    --ck-3ds-border: #3a4150;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  align-items: center;
  justify-content: center;
  background: var(--ck-3ds-bg);
  color: var(--ck-3ds-text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
main {
  width: min(420px, 100% - 2rem);
  margin: 1rem;
  padding: 1.5rem;
  background: var(--ck-3ds-card);
  border: 1px solid var(--ck-3ds-border);
  border-radius: 12px;
}
h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
p { margin: 0.5rem 0; color: var(--ck-3ds-muted); }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
dt { color: var(--ck-3ds-muted); }
dd { margin: 0; font-weight: 600; }
.ck-3ds-badge {
  display: inline-block;
  padding: 0.125rem 0.5rem;
  border-radius: 999px;
  border: 1px solid var(--ck-3ds-border);
  font-size: 0.75rem;
  text-transform: uppercase;
  letter-spacing: 0.04em;
}
form { display: flex; flex-direction: column; gap: 0.75rem; margin-top: 1.25rem; }
button {
  font: inherit;
  padding: 0.75rem 1rem;
  border-radius: 8px;
  border: 1px solid var(--ck-3ds-border);
  background: transparent;
  color: var(--ck-3ds-text);
  cursor: pointer;
}
button[value="complete"] { background: var(--ck-3ds-primary); border-color: var(--ck-3ds-primary); color: #fff; }
button[value="fail"] { color: var(--ck-3ds-danger); }
button:focus-visible { outline: 3px solid var(--ck-3ds-primary); outline-offset: 2px; }
.ck-3ds-result[data-status="failed"] h1 { color: var(--ck-3ds-danger); }
@media (forced-colors: active) {
  button { border: 1px solid ButtonText; }
  button:focus-visible { outline: 3px solid Highlight; }
}
`;

/**
 * Served at /3ds/assets/challenge.js, in the challenge document (inside the wrapper's #challengeFrame). It talks
 * only to its parent at its own origin, i.e. to the wrapper page; the wrapper decides whether to relay:
 * - on the result page: `{ type: 'ck-3ds-complete', paymentIntent | setupIntent: id, status }`;
 * - Escape anywhere in the document: `{ type: 'ck-3ds-escape' }` (key events never leave a frame).
 * Opened top-level, or framed by any other origin, it posts nothing (postMessage drops a mismatched target).
 */
export const CHALLENGE_JS = `(function () {
  'use strict';
  if (window.parent === window) return;
  var own = window.location.origin;
  var post = function (message) { window.parent.postMessage(message, own); };
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') post({ type: 'ck-3ds-escape' });
  });
  var el = document.getElementById('ck-3ds-result');
  if (!el) return;
  var id = el.getAttribute('data-intent');
  var kind = el.getAttribute('data-intent-type');
  var status = el.getAttribute('data-status');
  if (!id) return;
  var message = { type: 'ck-3ds-complete', status: status };
  if (kind === 'setup_intent') message.setupIntent = id; else message.paymentIntent = id;
  post(message);
})();
`;

/** Served at /3ds/assets/three-ds-2-challenge.css: the wrapper page, whose #challengeFrame fills it. */
export const WRAPPER_CSS = `:root { color-scheme: light dark; }
html, body { margin: 0; height: 100%; }
body { background: #f6f8fa; }
@media (prefers-color-scheme: dark) { body { background: #0e1117; } }
main, #ck-3ds-wrapper { height: 100%; }
#challengeFrame { display: block; width: 100%; height: 100%; border: 0; }
`;

/**
 * Served at /3ds/assets/three-ds-2-challenge.js, on the wrapper page. When the wrapper runs in the Stripe.js
 * shim's lightbox (it then carries data-parent-origin, the shim's page origin, and its own intent id), it relays
 * to its parent, at that origin only, what the challenge document in #challengeFrame reports: messages are
 * accepted only from that frame's window at the wrapper's own origin, and re-built from scratch (the type, the
 * wrapper's own intent id, a status of succeeded|failed) so nothing else ever leaves. Escape pressed on the
 * wrapper itself is relayed too. Without data-parent-origin (redirect flow) it does nothing.
 */
export const WRAPPER_JS = `(function () {
  'use strict';
  var wrapper = document.getElementById('ck-3ds-wrapper');
  var frame = document.getElementById('challengeFrame');
  if (!wrapper || !frame || window.parent === window) return;
  var parentOrigin = wrapper.getAttribute('data-parent-origin');
  var intent = wrapper.getAttribute('data-intent');
  var key = wrapper.getAttribute('data-intent-type') === 'setup_intent' ? 'setupIntent' : 'paymentIntent';
  if (!parentOrigin || !intent) return;
  var relay = function (message) { window.parent.postMessage(message, parentOrigin); };
  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'ck-3ds-escape') {
      relay({ type: 'ck-3ds-escape' });
      return;
    }
    if (data.type !== 'ck-3ds-complete' || data[key] !== intent) return;
    if (data.status !== 'succeeded' && data.status !== 'failed') return;
    var message = { type: 'ck-3ds-complete', status: data.status };
    message[key] = intent;
    relay(message);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') relay({ type: 'ck-3ds-escape' });
  });
})();
`;

// Static assets of the simulator's 3D Secure challenge page, served as separate files so the page runs under a
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
 * Served at /3ds/assets/challenge.js. On the result page, when the challenge runs in an iframe opened by the
 * Stripe.js shim, tells the parent window that authentication finished:
 *   window.parent.postMessage({ type: 'ck-3ds-complete', paymentIntent | setupIntent: id, status }, parent_origin)
 * The target origin is the `parent_origin` query parameter the shim passes; without it nothing is posted.
 * While the challenge is pending, Escape posts `{ type: 'ck-3ds-escape' }` to the same origin.
 */
export const CHALLENGE_JS = `(function () {
  'use strict';
  // While the challenge is shown in an iframe, Escape inside it asks the parent to close the modal
  // (key events inside a cross-origin frame never reach the parent page).
  var challenge = document.getElementById('ck-3ds-challenge');
  var challengeOrigin = challenge && challenge.getAttribute('data-parent-origin');
  if (challengeOrigin && window.parent !== window) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') window.parent.postMessage({ type: 'ck-3ds-escape' }, challengeOrigin);
    });
  }
  var el = document.getElementById('ck-3ds-result');
  if (!el) return;
  var origin = el.getAttribute('data-parent-origin');
  var id = el.getAttribute('data-intent');
  var kind = el.getAttribute('data-intent-type');
  var status = el.getAttribute('data-status');
  if (!origin || !id || window.parent === window) return;
  var message = { type: 'ck-3ds-complete', status: status };
  if (kind === 'setup_intent') message.setupIntent = id; else message.paymentIntent = id;
  window.parent.postMessage(message, origin);
})();
`;

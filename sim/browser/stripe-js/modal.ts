// The 3D Secure modal the shim shows on the merchant page: a native <dialog> in a shadow root, styled
// with a constructed stylesheet (allowed under `style-src 'self'`, unlike <style> text or style attributes).
// Like Stripe.js's lightbox, the challenge is an iframe named `__privateStripeFrame<digits>` whose src contains
// `three-ds-2-challenge` (the simulator's wrapper page, which holds `iframe#challengeFrame` with the buttons).
// That iframe is a light-DOM child of the shadow host, slotted into the dialog, so suites that cannot pierce
// shadow roots (Selenium's switchTo().frame, Cypress) find it from the document as they find Stripe's.
// Resolves 'completed' when the wrapper relays the challenge's result, 'canceled' on Escape or Cancel.
import { t, type SimLocale } from '../shared/messages.ts';

const CSS = `
:host { all: initial; }
dialog {
  box-sizing: border-box; width: min(30rem, calc(100vw - 2rem)); max-height: calc(100vh - 2rem);
  padding: 1.25rem; border: none; border-radius: 12px; background: #fff; color: #1a1b25;
  font: 15px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3); display: grid; gap: 0.75rem;
}
dialog:not([open]) { display: none; }
dialog::backdrop { background: rgba(10, 12, 20, 0.55); }
h2 { margin: 0; font-size: 1.1rem; }
p { margin: 0; color: #4a4c5a; }
::slotted(iframe) {
  display: block !important; box-sizing: border-box !important; width: 100% !important;
  height: min(32rem, calc(100vh - 12rem)) !important; border: 1px solid #d8d9e0 !important; border-radius: 8px;
  background: #fff; margin: 0 !important; padding: 0 !important;
}
.actions { display: flex; justify-content: flex-end; }
button {
  font: inherit; padding: 0.45rem 1rem; border-radius: 8px; border: 1px solid #8a8c99; background: #fff;
  color: #1a1b25; cursor: pointer;
}
h2:focus { outline: none; }
button:focus-visible, ::slotted(iframe:focus-visible) { outline: 3px solid #0570de; outline-offset: 2px; }
.sentinel { position: absolute; width: 1px; height: 1px; overflow: hidden; }
@media (prefers-color-scheme: dark) {
  dialog { background: #1f2029; color: #eceef5; }
  p { color: #b8bac6; }
  button { background: #2b2c37; color: #eceef5; }
}
@media (forced-colors: active) { dialog { border: 2px solid CanvasText; } }
`;

let sheet: CSSStyleSheet | null = null;

export interface ChallengeResult {
  outcome: 'completed' | 'canceled';
}

let counter = 0;

/** The lightbox URL of a challenge: `/3ds/challenge/<src>` becomes `/3ds/three-ds-2-challenge/<src>`. */
export function lightboxUrl(challengeUrl: string): string {
  const url = new URL(challengeUrl);
  url.pathname = url.pathname.replace(/^\/3ds\/challenge\/([^/]+)$/, '/3ds/three-ds-2-challenge/$1');
  return url.toString();
}

/** Stripe.js names its frames `__privateStripeFrame` + digits. */
function frameName(): string {
  const digits = crypto.getRandomValues(new Uint32Array(1))[0] % 9000 + 1000;
  return `__privateStripeFrame${digits}${counter}`;
}

export function showChallenge(url: string, simOrigin: string, locale: SimLocale): Promise<ChallengeResult> {
  return new Promise((resolve) => {
    const id = `ck-3ds-${Date.now().toString(36)}-${counter++}`;
    const host = document.createElement('div');
    host.setAttribute('data-ck-3ds-host', '');
    const root = host.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];

    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', `${id}-title`);
    dialog.setAttribute('aria-describedby', `${id}-desc`);
    dialog.setAttribute('lang', locale);
    dialog.dataset.ck3ds = '';
    const head = document.createElement('span');
    head.className = 'sentinel';
    head.tabIndex = 0;
    const title = document.createElement('h2');
    title.id = `${id}-title`;
    title.textContent = t(locale, 'dialogTitle');
    title.tabIndex = -1;
    const desc = document.createElement('p');
    desc.id = `${id}-desc`;
    desc.textContent = t(locale, 'dialogDescription');
    const frame = document.createElement('iframe');
    frame.title = t(locale, 'dialogFrameTitle');
    frame.name = frameName();
    frame.src = lightboxUrl(url);
    frame.setAttribute('allow', 'payment *');
    // Light DOM (slotted into the dialog): the merchant page's own `iframe {}` rules must not break it. Set
    // through the CSSOM, which a strict CSP allows (style attributes in markup it would not).
    for (const [prop, value] of [['display', 'block'], ['visibility', 'visible'], ['opacity', '1'], ['position', 'static'], ['max-width', 'none']]) {
      frame.style.setProperty(prop, value, 'important');
    }
    const slot = document.createElement('slot');
    const actions = document.createElement('div');
    actions.className = 'actions';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = t(locale, 'dialogCancel');
    actions.append(cancel);
    const tail = document.createElement('span');
    tail.className = 'sentinel';
    tail.tabIndex = 0;
    dialog.append(head, title, desc, slot, actions, tail);
    root.append(dialog);
    host.append(frame);
    document.body.append(host);

    // Focus stays inside: wrapping sentinels send Tab from the last control back to the first, and back.
    head.addEventListener('focus', () => cancel.focus());
    tail.addEventListener('focus', () => frame.focus());

    let done = false;
    const finish = (outcome: ChallengeResult['outcome']): void => {
      if (done) return;
      done = true;
      window.removeEventListener('message', onMessage);
      if (dialog.open) dialog.close();
      host.remove();
      resolve({ outcome });
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== simOrigin || event.source !== frame.contentWindow) return;
      const data = event.data as { type?: unknown } | null;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'ck-3ds-complete') finish('completed');
      else if (data.type === 'ck-3ds-escape' || data.type === 'ck-3ds-cancel') finish('canceled');
    };
    window.addEventListener('message', onMessage);
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish('canceled');
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        finish('canceled');
      }
    });
    cancel.addEventListener('click', () => finish('canceled'));
    dialog.showModal();
    // Start on the heading (announced with the dialog); Tab enters the challenge, Escape cancels from here.
    title.focus();
  });
}

// <ck-checkout> as the simulator's checkout page renders it: into the page's own DOM instead of a shadow root, as
// Stripe Checkout's page has its inputs. Suites written against checkout.stripe.com find `#email`, `#cardNumber`,
// `#billingName` ... with `document.querySelector`, Selenium's `findElement(By.id(...))` or Cypress's `cy.get()`,
// none of which looks inside shadow roots. The element's styles are adopted by the document, scoped to the tag with
// CSS nesting (`:host` becomes `&`), so they style this element and nothing else on the page.
import type { CSSResultOrNative, LitElement } from 'lit';
import { CkCheckout } from '../../../src/components/checkout/checkout.ts';

/** `:host(X)` -> `&X` and `:host` -> `&` (parentheses balanced: `:host(:state(dark))`). */
export function hostToNesting(css: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = css.indexOf(':host', i);
    if (at < 0) return out + css.slice(i);
    out += css.slice(i, at) + '&';
    let j = at + 5;
    if (css[j] === '(') {
      let depth = 0;
      const start = j + 1;
      for (; j < css.length; j++) {
        if (css[j] === '(') depth++;
        else if (css[j] === ')' && --depth === 0) break;
      }
      out += css.slice(start, j);
      j++;
    }
    i = j;
  }
}

function cssTextOf(style: CSSResultOrNative): string {
  if (style instanceof CSSStyleSheet) return [...style.cssRules].map((r) => r.cssText).join('\n');
  return style.cssText;
}

const adopted = new Set<string>();

/** The element class's styles, adopted once by the document and scoped to `tag`. */
export function adoptScopedStyles(tag: string, styles: CSSResultOrNative[]): void {
  if (adopted.has(tag)) return;
  adopted.add(tag);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${tag} {\n${styles.map((s) => hostToNesting(cssTextOf(s))).join('\n')}\n}`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** <ck-checkout> rendering into itself, for the simulator's own pages. */
export class CkCheckoutPage extends CkCheckout {
  protected override createRenderRoot(): HTMLElement {
    adoptScopedStyles(this.localName, (this.constructor as typeof LitElement).elementStyles);
    return this;
  }
}

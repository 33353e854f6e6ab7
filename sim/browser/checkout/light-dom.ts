// <ck-checkout> as the simulator's checkout page renders it: into the page's own DOM instead of a shadow root, as
// Stripe Checkout's page has its inputs. Suites written against checkout.stripe.com find `#email`, `#cardNumber`,
// `#billingName` ... with `document.querySelector`, Selenium's `findElement(By.id(...))` or Cypress's `cy.get()`,
// none of which looks inside shadow roots. The element's styles are adopted by the document, scoped to the tag with
// CSS nesting (`:host` becomes `&`), so they style this element and nothing else on the page.
import type { CSSResultOrNative, LitElement } from 'lit';
import { CkCheckout } from '../../../src/components/checkout/checkout.ts';
import type { CheckoutCardForm } from '../../../src/components/checkout/checkout-card-form.ts';
import { SimCardForm } from './card-form.ts';
import { hostToNesting } from './host-nesting.ts';

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

/** <ck-checkout> as the simulator's page: rendering into itself, with the card typed on the page (card-form.ts). */
export class CkCheckoutPage extends CkCheckout {
  private readonly cardForm = new SimCardForm(this);

  constructor() {
    super();
    this.cardForm.connect(() => this.requestUpdate());
  }

  protected override pageCardForm(): CheckoutCardForm {
    return this.cardForm;
  }

  protected override createRenderRoot(): HTMLElement {
    adoptScopedStyles(this.localName, (this.constructor as typeof LitElement).elementStyles);
    return this;
  }
}

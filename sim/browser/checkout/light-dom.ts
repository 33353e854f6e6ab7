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

  /** The embedded frame's watch on the 3D Secure lightbox, which the shim adds to and removes from the body. */
  private lightboxWatch: MutationObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.lightboxWatch && typeof MutationObserver !== 'undefined') {
      this.lightboxWatch = new MutationObserver(() => this.reportFrameSize());
      this.lightboxWatch.observe(document.body, { childList: true });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lightboxWatch?.disconnect();
    this.lightboxWatch = null;
  }

  /**
   * While the shim's 3D Secure lightbox is open in the embedded frame, the frame must be tall enough for it: the
   * lightbox is a modal <dialog> sized by the frame's viewport (stripe-js/modal.ts: at most 100vh - 2rem, its challenge
   * min(32rem, 100vh - 12rem)), so in a frame only as tall as the form the challenge's buttons are cut off.
   */
  protected override frameHeight(): number {
    return Math.max(super.frameHeight(), lightboxHeight());
  }

  protected override createRenderRoot(): HTMLElement {
    adoptScopedStyles(this.localName, (this.constructor as typeof LitElement).elementStyles);
    return this;
  }
}

/** The viewport height the open 3D Secure lightbox needs to show its challenge uncut (0 when none is open). */
export function lightboxHeight(doc: Document = document): number {
  let needed = 0;
  for (const host of doc.querySelectorAll<HTMLElement>('[data-ck-3ds-host]')) {
    const dialog = host.shadowRoot?.querySelector('dialog');
    const challenge = host.querySelector('iframe');
    if (!dialog?.open || !challenge) continue;
    const rem = parseFloat(getComputedStyle(doc.documentElement).fontSize) || 16;
    const full = 32 * rem;
    // The dialog with its challenge at full height, plus its 1rem margins; and the viewport at which
    // `min(32rem, 100vh - 12rem)` reaches 32rem.
    const dialogAtFull = Math.max(dialog.getBoundingClientRect().height, dialog.scrollHeight) - challenge.getBoundingClientRect().height + full;
    needed = Math.max(needed, Math.ceil(dialogAtFull + 2 * rem), Math.ceil(full + 12 * rem));
  }
  return needed;
}

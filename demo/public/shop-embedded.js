// Two nested custom elements with shadow roots, the payment element inside the innermost one.
const sheet = new CSSStyleSheet();
sheet.replaceSync(':host { display: block; border: 1px dashed color-mix(in srgb, CanvasText 30%, transparent); border-radius: 0.75rem; padding: 1rem; max-width: 34rem; }');

class DemoCheckoutPanel extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    const title = document.createElement('h2');
    title.textContent = 'Payment';
    const pay = document.createElement('ck-payment-element');
    pay.id = 'pay';
    root.append(title, pay);
    void configure(pay);
  }
}

class DemoAppShell extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    root.append(document.createElement('demo-checkout-panel'));
  }
}

async function configure(pay) {
  const config = await fetch('/api/config').then((r) => r.json());
  pay.publishableKey = config.publishableKey;
  if (config.simulatorUrl) pay.simulator = config.simulatorUrl;
  pay.returnUrl = new URL('/shop-success.html', location.href).href;
  const cartId = `cart_${crypto.randomUUID().replace(/-/g, '')}`;
  pay.secretBody = { cartId, items: [{ id: 'mug', quantity: 2 }] };
  pay.secretEndpoint = '/api/shop/payment-intent';
}

customElements.define('demo-checkout-panel', DemoCheckoutPanel);
customElements.define('demo-app-shell', DemoAppShell);

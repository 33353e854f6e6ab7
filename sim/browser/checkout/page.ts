// Browser entry of the simulator's checkout pages (`/c/pay/:id` hosted, `/c/embedded` in an iframe): registers
// <ck-checkout> and, in the embedded frame, hands it the session's client secret from the URL fragment (then drops
// the fragment so the secret does not linger in the frame's history). The card is typed on the page itself, as on
// Stripe Checkout (`#cardNumber` ...): this page is the simulator's, like checkout.stripe.com is Stripe's. The
// element renders into the page's DOM (light-dom.ts), where those ids are found as on Stripe's page.
import '../../../src/define/ck-cart.ts';
import '../../../src/define/ck-payment-element.ts';
import { CkCheckoutPage } from './light-dom.ts';

customElements.define('ck-checkout', CkCheckoutPage);
const el = document.querySelector<CkCheckoutPage>('ck-checkout');
if (el && el.dataset.embedded !== undefined) {
  const params = new URLSearchParams(location.hash.slice(1));
  const lang = params.get('lang');
  if (lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) document.documentElement.lang = lang;
  history.replaceState(null, '', location.pathname);
  el.frame = true;
  const account = params.get('account');
  if (account && /^acct_[A-Za-z0-9]+$/.test(account)) el.stripeAccount = account;
  el.publishableKey = params.get('key') ?? '';
  el.clientSecret = params.get('secret') ?? '';
}

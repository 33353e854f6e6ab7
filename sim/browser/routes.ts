// Browser-facing routes of the simulator, loaded by `startSimServer()` (sim/node/server.ts): the
// Stripe.js-compatible script (`/js/v3/stripe.js`) and the card iframe (`/elements/card.html` + its files).
// Other hosted pages (3D Secure challenge, ...) register themselves next to their resources.
import type { ExtraRoutes } from '../core/app.ts';
import { browserAssetRoutes, warmBrowserAssets } from '../node/assets.ts';
import { registerCheckoutPages } from './checkout/routes.ts';
import { connectShimRoutes } from './connect/serve.ts';

export const registerBrowserRoutes: ExtraRoutes = (app, sim) => {
  warmBrowserAssets();
  app.route('/', browserAssetRoutes());
  registerCheckoutPages(app, sim); // hosted and embedded checkout (/c/...)
  connectShimRoutes(app); // window.StripeConnect for @stripe/connect-js (/connect-js/v1.0/connect.js)
  // Browsers ask every origin for a favicon; the hosted pages have none (answering 204 keeps their consoles clean).
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }));
};

export default registerBrowserRoutes;

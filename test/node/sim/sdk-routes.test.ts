// Every request the official `stripe` SDK can make for the resources the simulator covers reaches a route: none
// answers Stripe's 404 "Unrecognized request URL", except the ones listed below as not simulated (documented in
// sim/README.md). The SDK's resource files are read for their (method, path) pairs, so an SDK upgrade that adds a
// method shows up here; and a route added to the simulator must leave the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { useTestSim } from '../helpers/sim.ts';

const RESOURCES = [
  'AccountLinks', 'AccountSessions', 'Accounts', 'ApplicationFees', 'Balance', 'BalanceTransactions', 'Charges',
  'Checkout/Sessions', 'ConfirmationTokens', 'Coupons', 'Customers', 'Disputes', 'Events', 'PaymentIntents', 'PaymentMethods', 'Payouts', 'Prices',
  'Products', 'PromotionCodes', 'Radar/EarlyFraudWarnings', 'Refunds', 'SetupAttempts', 'SetupIntents', 'Terminal/ConnectionTokens',
  'Terminal/Locations', 'Terminal/Readers', 'TestHelpers/ConfirmationTokens', 'TestHelpers/Terminal/Readers', 'Tokens', 'Transfers', 'WebhookEndpoints',
];

/** SDK methods of those resources the simulator does not offer (each a 404 "Unrecognized request URL", as on an API without them). */
const NOT_SIMULATED = new Set([
  // customer cash balance, bank account verification of sources, discounts (no coupons), bank-transfer funding
  'DELETE /v1/customers/{id}/discount',
  'GET /v1/customers/{id}/cash_balance',
  'GET /v1/customers/{id}/cash_balance_transactions',
  'GET /v1/customers/{id}/cash_balance_transactions/{id}',
  'POST /v1/customers/{id}/cash_balance',
  'POST /v1/customers/{id}/funding_instructions',
  'POST /v1/customers/{id}/sources/{id}/verify',
  // line items of a PaymentIntent's amount_details, customer balance and bank debits payments
  'GET /v1/payment_intents/{id}/amount_details_line_items',
  'POST /v1/payment_intents/{id}/apply_customer_balance',
  'POST /v1/payment_intents/{id}/verify_microdeposits',
  'POST /v1/setup_intents/{id}/verify_microdeposits',
  // product features (Entitlements)
  'DELETE /v1/products/{id}/features/{id}',
  'GET /v1/products/{id}/features',
  'GET /v1/products/{id}/features/{id}',
  'POST /v1/products/{id}/features',
]);

function sdkRoutes(): string[] {
  // the package's entry is <root>/cjs/stripe.cjs.node.js (its exports map hides package.json)
  const root = dirname(dirname(createRequire(import.meta.url).resolve('stripe')));
  const out = new Set<string>();
  for (const name of RESOURCES) {
    const src = readFileSync(join(root, 'esm/resources', `${name}.js`), 'utf8');
    for (const m of src.matchAll(/_makeRequest\('([A-Z]+)', ['`]([^'`]+)['`]/g)) {
      out.add(`${m[1]} ${m[2].replace(/\$\{encodeURIComponent\(\w+\)\}/g, '{id}')}`);
    }
  }
  return [...out].sort();
}

const { sim: t } = useTestSim();

test('every SDK request of the simulated resources reaches a route, but for the ones listed as not simulated', async () => {
  const routes = sdkRoutes();
  assert.ok(routes.length > 150, `only ${routes.length} SDK routes found: has the SDK's layout changed?`);
  const unknown: string[] = [];
  for (const route of routes) {
    const [method, path] = route.split(' ');
    const res = await t.request(method, path.replace(/\{id\}/g, 'x_unknown'), method === 'POST' ? { body: '' } : {});
    const body = await res.text();
    if (res.status === 404 && body.includes('Unrecognized request URL')) unknown.push(route);
  }
  assert.deepEqual(unknown, [...NOT_SIMULATED].filter((r) => routes.includes(r)).sort());
});

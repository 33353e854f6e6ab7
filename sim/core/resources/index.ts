// Every resource module the simulator registers by default. Add a line per new module (keep the order:
// modules that provide services, e.g. payment_methods' attachPaymentMethod, may come in any order since
// services are looked up at request time).

import type { ResourceModule } from '../app.ts';
import { registerCustomers } from './customers.ts';
import { registerEvents } from './events.ts';
import { registerPrices } from './prices.ts';
import { registerProducts } from './products.ts';
import { registerWebhookEndpoints } from './webhook_endpoints.ts';
import { registerBalanceTransactions } from './balance_transactions.ts';
import { registerCharges } from './charges.ts';
import { registerPaymentIntents } from './payment_intents.ts';
import { registerPaymentMethods } from './payment_methods.ts';
import { registerRefunds } from './refunds.ts';

export const builtinResources: ResourceModule[] = [
  registerCustomers,
  registerProducts,
  registerPrices,
  registerEvents,
  registerWebhookEndpoints,
  registerPaymentMethods,
  registerPaymentIntents,
  registerCharges,
  registerRefunds,
  registerBalanceTransactions,
];

// Every resource module the simulator registers by default. Add a line per new module. Services that
// modules offer each other (sim.services) are looked up at request time, so the order does not matter.

import type { ResourceModule } from '../app.ts';
import { registerAccounts } from './accounts.ts';
import { registerConnectChildren } from './external_accounts.ts';
import { registerAccountLinks } from './account_links.ts';
import { registerAccountSessions } from './account_sessions.ts';
import { registerBalanceTransactions } from './balance_transactions.ts';
import { registerCharges } from './charges.ts';
import { registerLegacyCharges } from './legacy_charges.ts';
import { registerTokens } from './tokens.ts';
import { registerCustomers } from './customers.ts';
import { registerCustomerBalanceTransactions } from './customer_balance_transactions.ts';
import { registerTaxIds } from './tax_ids.ts';
import { registerCustomerSources } from './customer_sources.ts';
import { registerEvents } from './events.ts';
import { registerPaymentIntents } from './payment_intents.ts';
import { registerPaymentMethods } from './payment_methods.ts';
import { registerConfirmationTokens } from './confirmation_tokens.ts';
import { registerPrices } from './prices.ts';
import { registerProducts } from './products.ts';
import { registerCoupons } from './coupons.ts';
import { registerPromotionCodes } from './promotion_codes.ts';
import { registerRefunds } from './refunds.ts';
import { registerDisputes } from './disputes.ts';
import { registerSetupIntents } from './setup_intents.ts';
import { registerSetupAttempts } from './setup_attempts.ts';
import { registerTerminalConnectionTokens } from './terminal_connection_tokens.ts';
import { registerTerminalLocations } from './terminal_locations.ts';
import { registerTerminalReaders } from './terminal_readers.ts';
import { registerWebhookEndpoints } from './webhook_endpoints.ts';
import { registerCheckoutSessions } from './checkout_sessions.ts';
import { registerTransfers } from './transfers.ts';
import { registerApplicationFees } from './application_fees.ts';
import { registerPayouts } from './payouts.ts';
import { registerSearch } from './search.ts';

export const builtinResources: ResourceModule[] = [
  registerAccounts,
  registerConnectChildren,
  registerAccountLinks,
  registerAccountSessions,
  registerCustomers,
  registerCustomerBalanceTransactions,
  registerTaxIds,
  registerCustomerSources,
  registerProducts,
  registerPrices,
  registerCoupons,
  registerPromotionCodes,
  registerEvents,
  registerWebhookEndpoints,
  registerPaymentMethods,
  registerConfirmationTokens,
  registerPaymentIntents,
  registerCharges,
  registerLegacyCharges,
  registerTokens,
  registerRefunds,
  registerDisputes,
  registerBalanceTransactions,
  registerSetupIntents,
  registerSetupAttempts,
  registerCheckoutSessions,
  registerTransfers,
  registerApplicationFees,
  registerPayouts,
  registerTerminalLocations,
  registerTerminalConnectionTokens,
  registerTerminalReaders,
  registerSearch,
];

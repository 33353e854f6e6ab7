// Account sessions: authorise Connect embedded components (connect-js) for one connected account. The
// `client_secret` is what the simulator's `window.StripeConnect` shim hands to the onboarding iframe.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { p, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { randomToken } from '../connect/account-kit.ts';
import { getAccount } from '../connect/store.ts';
import { isEndive, registerVersionTransform } from '../versions.ts';

/** Account sessions (and their client secrets) expire after 30 minutes of simulator time. */
export const ACCOUNT_SESSION_TTL_SECONDS = 1800;

type Features = Record<string, boolean>;
type AccountLike = { controller?: { losses?: { payments?: string } | null; requirement_collection?: string | null } | null };

const AUTH = ['disable_stripe_user_authentication', 'external_account_collection'] as const;
const PAYOUTS = [...AUTH, 'edit_payout_schedule', 'instant_payouts', 'standard_payouts'] as const;
const PAYMENTS = ['capture_payments', 'destination_on_behalf_of_charge_management', 'dispute_management', 'refund_management', 'smart_disputes_management'] as const;
const ISSUING = ['card_management', 'card_spend_dispute_management', 'cardholder_management', 'spend_control_management'] as const;

/** Every embedded component of the SDK's AccountSession type and the features it takes. */
const COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  account_management: AUTH,
  account_onboarding: AUTH,
  balance_report: [],
  balances: PAYOUTS,
  disputes_list: PAYMENTS,
  documents: [],
  financial_account: [...AUTH, 'send_money', 'transfer_balance'],
  financial_account_transactions: ['card_spend_dispute_management'],
  instant_payouts_promotion: [...AUTH, 'instant_payouts'],
  issuing_card: ISSUING,
  issuing_cards_list: [...ISSUING, 'disable_stripe_user_authentication'],
  notification_banner: AUTH,
  payment_details: PAYMENTS,
  payment_disputes: PAYMENTS.filter((f) => f !== 'capture_payments'),
  payment_method_settings: ['disable_stripe_user_authentication'],
  payments: PAYMENTS,
  payout_details: [],
  payout_reconciliation_report: [],
  payouts: PAYOUTS,
  payouts_list: [],
  reporting_chart: [],
  tax_registrations: [],
  tax_settings: [],
  terminal_hardware_orders: [],
  terminal_hardware_shop: [],
};

/**
 * A component's features with Stripe's documented defaults (API reference, Account Sessions): external account
 * collection on, Stripe user authentication the opposite of it; payouts features (schedule, instant, standard) on
 * when Stripe is liable for the account's losses (`controller.losses.payments=stripe`), off otherwise; capture,
 * dispute and refund management on, destination on_behalf_of management off, Smart Disputes following
 * dispute_management; Issuing management off. send_money and transfer_balance default to true (unconfirmed).
 */
function featuresFor(name: string, account: AccountLike, asked: Record<string, boolean | null | undefined>): Features {
  const stripeLiable = account.controller?.losses?.payments === 'stripe';
  const out: Features = {};
  const given = (f: string): boolean | undefined => (typeof asked[f] === 'boolean' ? (asked[f] as boolean) : undefined);
  for (const f of COMPONENTS[name]) {
    switch (f) {
      case 'external_account_collection': out[f] = given(f) ?? true; break;
      case 'edit_payout_schedule': case 'instant_payouts': case 'standard_payouts': out[f] = given(f) ?? stripeLiable; break;
      case 'capture_payments': case 'dispute_management': case 'refund_management': case 'send_money': case 'transfer_balance': out[f] = given(f) ?? true; break;
      default: out[f] = given(f) ?? false;
    }
  }
  if ('disable_stripe_user_authentication' in out && given('disable_stripe_user_authentication') === undefined) {
    out.disable_stripe_user_authentication = 'external_account_collection' in out ? !out.external_account_collection : false;
  }
  if ('smart_disputes_management' in out && given('smart_disputes_management') === undefined) out.smart_disputes_management = out.dispute_management;
  return out;
}

/** Feature combinations the API reference rules out (the error wording is the simulator's). */
function checkFeatures(name: string, account: AccountLike, f: Features): void {
  const platformCollects = account.controller?.requirement_collection === 'application';
  if (f.external_account_collection === false && !platformCollects) {
    throw invalidRequest(
      `\`components[${name}][features][external_account_collection]\` can only be false for accounts where your platform collects requirements (\`controller[requirement_collection]=application\`), such as Custom accounts.`,
      { param: `components[${name}][features][external_account_collection]` },
    );
  }
  if (f.disable_stripe_user_authentication === true && !platformCollects) {
    throw invalidRequest(
      `\`components[${name}][features][disable_stripe_user_authentication]\` can only be true for accounts where your platform collects requirements (\`controller[requirement_collection]=application\`), such as Custom accounts.`,
      { param: `components[${name}][features][disable_stripe_user_authentication]` },
    );
  }
  if (f.smart_disputes_management === true && f.dispute_management === false) {
    throw invalidRequest(
      `\`components[${name}][features][smart_disputes_management]\` can only be enabled together with \`dispute_management\`.`,
      { param: `components[${name}][features][smart_disputes_management]` },
    );
  }
}

export interface AccountSessionRecord extends StripeObject {
  object: 'account_session';
  account: string;
  client_secret: string;
  components: Record<string, { enabled: boolean; features: Record<string, boolean> }>;
  expires_at: number;
  livemode: false;
}

const componentsSchema: Schema = Object.fromEntries(
  Object.entries(COMPONENTS).map(([name, features]) => [
    name,
    p.object({ enabled: p.boolean({ required: true }), features: p.object(Object.fromEntries(features.map((f) => [f, p.boolean()]))) }),
  ]),
);

function create(ctx: RequestContext): AccountSessionRecord {
  const acct = getAccount(ctx, ctx.params.account as string, 'account');
  const asked = (ctx.params.components ?? {}) as Record<string, { enabled: boolean; features?: Record<string, boolean | null> }>;
  if (!Object.values(asked).some((c) => c.enabled)) {
    throw invalidRequest('You must enable at least one component in `components` (e.g. `components[account_onboarding][enabled]=true`).', { param: 'components' });
  }
  const components: AccountSessionRecord['components'] = {};
  for (const name of Object.keys(COMPONENTS)) {
    const a = asked[name];
    const features = featuresFor(name, acct, a?.features ?? {});
    if (a) checkFeatures(name, acct, features);
    components[name] = { enabled: a?.enabled === true, features };
  }
  const token = randomToken(40);
  const rec: AccountSessionRecord = {
    id: `accs_${token}`,
    object: 'account_session',
    account: acct.id,
    client_secret: `accs_secret__${token}`,
    components,
    expires_at: ctx.now() + ACCOUNT_SESSION_TTL_SECONDS,
    livemode: false,
  };
  ctx.store.insert({ id: rec.id, type: 'account_session', account: ctx.platformAccount, created: ctx.now(), data: rec, index: { account: acct.id } });
  const { id: _id, ...out } = rec;
  void _id;
  return out as AccountSessionRecord;
}

/** The session a client secret belongs to, if it exists and has not expired. */
export function sessionForSecret(sim: Simulator, secret: string): AccountSessionRecord | null {
  const m = /^accs_secret__([A-Za-z0-9]+)$/.exec(secret);
  if (!m) return null;
  const rec = sim.store.get<AccountSessionRecord>(`accs_${m[1]}`);
  if (!rec || rec.type !== 'account_session' || rec.data.client_secret !== secret) return null;
  if (rec.data.expires_at <= sim.clock.now()) return null;
  return rec.data;
}

/**
 * What 2026-03-25.dahlia does not know yet (stripe-node release notes): balance_report and payout_reconciliation_report
 * (2026-04-22.dahlia), smart_disputes_management (2026-07-29.dahlia), payment_method_settings (2026-08-26.dahlia),
 * reporting_chart and the terminal_hardware components (2026-10-28.endive). Dahlia responses leave them out.
 */
const LATER_COMPONENTS = [
  'balance_report', 'payment_method_settings', 'payout_reconciliation_report', 'reporting_chart', 'terminal_hardware_orders', 'terminal_hardware_shop',
];

function forDahlia(obj: Record<string, unknown>): Record<string, unknown> {
  const components: Record<string, { enabled: boolean; features: Record<string, boolean> }> = {};
  for (const [name, c] of Object.entries((obj.components ?? {}) as Record<string, { enabled: boolean; features: Record<string, boolean> }>)) {
    if (LATER_COMPONENTS.includes(name)) continue;
    const { smart_disputes_management: _smart, ...features } = c.features;
    void _smart;
    components[name] = { ...c, features };
  }
  return { ...obj, components };
}

export function registerAccountSessions(sim: Simulator): void {
  registerVersionTransform('account_session', (obj, version) => (isEndive(version) ? obj : forDahlia(obj)));
  sim.route({
    method: 'POST',
    path: '/v1/account_sessions',
    params: { account: p.id({ required: true }), components: p.object(componentsSchema, { required: true }) },
    handler: create,
  });
}

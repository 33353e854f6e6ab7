// Account sessions: authorise Connect embedded components (connect-js) for one connected account. The
// `client_secret` is what the simulator's `window.StripeConnect` shim hands to the onboarding iframe.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { p, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { randomToken } from '../connect/account-kit.ts';
import { getAccount } from '../connect/store.ts';

/** Account sessions (and their client secrets) expire after 30 minutes of simulator time. */
export const ACCOUNT_SESSION_TTL_SECONDS = 1800;

const COMPONENT_FEATURES: Record<string, Record<string, boolean>> = {
  account_management: { disable_stripe_user_authentication: false, external_account_collection: true },
  account_onboarding: { disable_stripe_user_authentication: false, external_account_collection: true },
  balances: { disable_stripe_user_authentication: false, edit_payout_schedule: false, external_account_collection: true, instant_payouts: false, standard_payouts: false },
  documents: {},
  notification_banner: { disable_stripe_user_authentication: false, external_account_collection: true },
  payment_details: { capture_payments: true, destination_on_behalf_of_charge_management: false, dispute_management: true, refund_management: true },
  payments: { capture_payments: true, destination_on_behalf_of_charge_management: false, dispute_management: true, refund_management: true },
  payouts: { disable_stripe_user_authentication: false, edit_payout_schedule: false, external_account_collection: true, instant_payouts: false, standard_payouts: false },
  payouts_list: {},
  tax_registrations: {},
  tax_settings: {},
};

export interface AccountSessionRecord extends StripeObject {
  object: 'account_session';
  account: string;
  client_secret: string;
  components: Record<string, { enabled: boolean; features: Record<string, boolean> }>;
  expires_at: number;
  livemode: false;
}

const componentsSchema: Schema = Object.fromEntries(
  Object.entries(COMPONENT_FEATURES).map(([name, features]) => [
    name,
    p.object({ enabled: p.boolean({ required: true }), features: p.object(Object.fromEntries(Object.keys(features).map((f) => [f, p.boolean()]))) }),
  ]),
);

function create(ctx: RequestContext): AccountSessionRecord {
  const acct = getAccount(ctx, ctx.params.account as string, 'account');
  const asked = (ctx.params.components ?? {}) as Record<string, { enabled: boolean; features?: Record<string, boolean | null> }>;
  if (!Object.values(asked).some((c) => c.enabled)) {
    throw invalidRequest('You must enable at least one component in `components` (e.g. `components[account_onboarding][enabled]=true`).', { param: 'components' });
  }
  const components: AccountSessionRecord['components'] = {};
  for (const [name, defaults] of Object.entries(COMPONENT_FEATURES)) {
    const a = asked[name];
    const features = { ...defaults };
    for (const [f, v] of Object.entries(a?.features ?? {})) if (v !== null && v !== undefined) features[f] = v;
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

export function registerAccountSessions(sim: Simulator): void {
  sim.route({
    method: 'POST',
    path: '/v1/account_sessions',
    params: { account: p.id({ required: true }), components: p.object(componentsSchema, { required: true }) },
    handler: create,
  });
}

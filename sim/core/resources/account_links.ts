// Account links: single-use, short-lived URLs to the simulator's hosted onboarding (account_onboarding) or
// update (account_update) flow. A second visit or an expired link redirects to `refresh_url`; finishing or
// leaving the flow goes to `return_url` (which carries no state: check the account).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { p } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { randomToken } from '../connect/account-kit.ts';
import { getAccount } from '../connect/store.ts';
import { connectOnboardingPages } from '../../browser/connect/pages.ts';

/** How long an account link stays usable (simulator clock). */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

export interface AccountLinkRecord extends StripeObject {
  object: 'sim_account_link';
  account: string;
  token: string;
  type: 'account_onboarding' | 'account_update';
  refresh_url: string | null;
  return_url: string | null;
  collect: 'currently_due' | 'eventually_due';
  created: number;
  expires_at: number;
  used_at: number | null;
}

function checkUrl(v: unknown, param: string): string | null {
  if (v === undefined || v === null) return null;
  const s = String(v);
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalidRequest('Not a valid URL', { param, code: 'url_invalid' });
  }
  return s;
}

function create(ctx: RequestContext): Record<string, unknown> {
  const q = ctx.params;
  const acct = getAccount(ctx, q.account as string, 'account');
  const type = q.type as AccountLinkRecord['type'];
  if (type === 'account_update' && acct.controller?.requirement_collection !== 'application') {
    throw invalidRequest('You cannot create `account_update` type Account Links for accounts where Stripe is responsible for collecting requirements; use `account_onboarding` instead.', { param: 'type' });
  }
  const refresh = checkUrl(q.refresh_url, 'refresh_url');
  const ret = checkUrl(q.return_url, 'return_url');
  const opts = (q.collection_options ?? {}) as { fields?: string };
  if (q.collect && q.collection_options) throw invalidRequest('You may only specify one of these parameters: collect, collection_options.', { param: 'collection_options' });
  const collect = ((opts.fields ?? q.collect ?? 'currently_due') as AccountLinkRecord['collect']);
  const token = randomToken(32);
  const now = ctx.now();
  const rec: AccountLinkRecord = {
    id: `acctlink_${token}`,
    object: 'sim_account_link',
    account: acct.id,
    token,
    type,
    refresh_url: refresh,
    return_url: ret,
    collect,
    created: now,
    expires_at: now + ACCOUNT_LINK_TTL_SECONDS,
    used_at: null,
  };
  ctx.store.insert({ id: rec.id, type: rec.object, account: ctx.platformAccount, created: now, data: rec, index: { account: acct.id } });
  return { object: 'account_link', created: now, expires_at: rec.expires_at, url: `${ctx.sim.baseUrl}/setup/s/${acct.id}/${token}` };
}

export function registerAccountLinks(sim: Simulator): void {
  sim.route({
    method: 'POST',
    path: '/v1/account_links',
    params: {
      account: p.id({ required: true }),
      type: p.enumOf(['account_onboarding', 'account_update'], { required: true }),
      // Required in Stripe's API reference (the SDK's types mark them optional).
      refresh_url: p.string({ required: true, maxLength: 5000 }),
      return_url: p.string({ required: true, maxLength: 5000 }),
      collect: p.enumOf(['currently_due', 'eventually_due']),
      collection_options: p.object({ fields: p.enumOf(['currently_due', 'eventually_due']), future_requirements: p.enumOf(['include', 'omit']) }),
    },
    handler: create,
  });
  connectOnboardingPages(sim.app, sim);
}

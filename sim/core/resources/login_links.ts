// Login links: single-use links to the Express Dashboard of an Express account that finished onboarding.
// The simulator answers them with a small status page (sim/core/pages/connect-onboarding.ts).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import type { Simulator } from '../app.ts';
import { randomToken } from '../connect/account-kit.ts';
import { getAccount } from '../connect/store.ts';

export interface LoginLinkRecord extends StripeObject {
  object: 'sim_login_link';
  account: string;
  token: string;
  created: number;
  expires_at: number;
  used: boolean;
}

function create(ctx: RequestContext): Record<string, unknown> {
  const acct = getAccount(ctx, ctx.pathParams.id);
  if (acct.controller?.stripe_dashboard?.type !== 'express') {
    // Stripe's wording for an account without the Express Dashboard (reported in stripe/stripe-dotnet#2344).
    throw invalidRequest(`Cannot create an edit link for the account ${acct.id}, which is not an Express account.`, { param: 'account' });
  }
  if (!acct.details_submitted) throw invalidRequest('Cannot create a login link for an account that has not completed onboarding.', { param: 'account' });
  const token = randomToken(32);
  const rec: LoginLinkRecord = { id: `lllink_${token}`, object: 'sim_login_link', account: acct.id, token, created: ctx.now(), expires_at: ctx.now() + 300, used: false };
  ctx.store.insert({ id: rec.id, type: rec.object, account: ctx.platformAccount, created: rec.created, data: rec, index: { account: acct.id } });
  return { object: 'login_link', created: rec.created, url: `${ctx.sim.baseUrl}/connect/express/${token}` };
}

export function registerLoginLinks(sim: Simulator): void {
  sim.route({ method: 'POST', path: '/v1/accounts/:id/login_links', handler: create });
}

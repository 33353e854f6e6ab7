// Capabilities of a connected account: list, retrieve, update (`requested`). Their status follows the
// requirements engine; changes emit `capability.updated` (see sim/core/connect/account-kit.ts).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { p } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { applyCapabilities, capabilityObject, KNOWN_CAPABILITIES, refreshAccount } from '../connect/account-kit.ts';
import type { AccountObject } from '../connect/requirements.ts';
import { getAccount, loadSecrets } from '../connect/store.ts';

function known(ctx: RequestContext, name: string): void {
  if (!(KNOWN_CAPABILITIES as readonly string[]).includes(name)) throw resourceMissing('capability', name);
  void ctx;
}

export function registerCapabilities(sim: Simulator): void {
  registerExpandable('capability', ['account']);
  sim.route({
    method: 'GET',
    path: '/v1/accounts/:id/capabilities',
    handler: (ctx) => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      const secrets = loadSecrets(ctx.store, acct.id);
      const names = [...new Set(['card_payments', 'transfers', ...Object.keys(secrets.requested)])].sort();
      return { object: 'list', data: names.map((n) => capabilityObject(acct, secrets, n)), has_more: false, url: `/v1/accounts/${acct.id}/capabilities` };
    },
  });
  sim.route({
    method: 'GET',
    path: '/v1/accounts/:id/capabilities/:cap',
    handler: (ctx): StripeObject => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      known(ctx, ctx.pathParams.cap);
      return capabilityObject(acct, loadSecrets(ctx.store, acct.id), ctx.pathParams.cap);
    },
  });
  sim.route({
    method: 'POST',
    path: '/v1/accounts/:id/capabilities/:cap',
    params: { requested: p.boolean() },
    handler: (ctx): StripeObject => {
      const before = getAccount(ctx, ctx.pathParams.id);
      const name = ctx.params.requested === undefined ? null : ctx.pathParams.cap;
      known(ctx, ctx.pathParams.cap);
      const secrets = loadSecrets(ctx.store, before.id);
      if (name !== null) {
        if (ctx.params.requested === false && before.controller?.stripe_dashboard?.type === 'full') {
          throw invalidRequest('Capabilities of accounts with access to the full Stripe Dashboard cannot be unrequested by the platform.', { param: 'requested' });
        }
        applyCapabilities(ctx, secrets, { [name]: { requested: ctx.params.requested as boolean } });
      }
      const after = refreshAccount(ctx, JSON.parse(JSON.stringify(before)) as AccountObject, { secrets, before });
      return capabilityObject(after, secrets, ctx.pathParams.cap);
    },
  });
}

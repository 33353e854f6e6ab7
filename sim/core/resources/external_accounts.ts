// External accounts of a connected account (bank accounts): create, retrieve, update, delete, list.
// `registerConnectChildren` also registers persons, capabilities and login links (their own modules).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { listParams, metadataFrom, p, previousAttributes, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { registerExpandable } from '../expand.ts';
import { addBankAccount, refreshAccount, type BankAccountObject } from '../connect/account-kit.ts';
import { externalAccountParams } from '../connect/tokens.ts';
import { listChildren } from '../connect/list.ts';
import { childrenOf, getAccount } from '../connect/store.ts';
import { registerPersons } from './persons.ts';
import { registerCapabilities } from './capabilities.ts';
import { registerLoginLinks } from './login_links.ts';

const bankObject: Schema = {
  object: p.enumOf(['bank_account'], { required: true }),
  account_holder_name: p.string({ maxLength: 5000 }),
  account_holder_type: p.enumOf(['company', 'individual']),
  account_number: p.string({ required: true, maxLength: 5000 }),
  country: p.string({ required: true, maxLength: 2 }),
  currency: p.string({ maxLength: 3 }),
  metadata: p.metadata(),
  routing_number: p.string({ maxLength: 5000 }),
};

function getBank(ctx: RequestContext, accountId: string, id: string): BankAccountObject {
  const rec = ctx.store.get<BankAccountObject>(id);
  if (!rec || rec.type !== 'bank_account' || rec.data.account !== accountId) throw resourceMissing('external account', id);
  return rec.data;
}

/**
 * Stripe's API reference: external accounts can be created, updated and deleted only on connected accounts where
 * `controller.requirement_collection` is `application` (Custom accounts); others manage their own in onboarding or
 * their dashboard. The answer is Stripe's permission error (403); its exact wording for this case is unconfirmed.
 */
function ensurePlatformCollects(account: { id: string; controller?: { requirement_collection?: string | null } | null }): void {
  if (account.controller?.requirement_collection === 'application') return;
  throw invalidRequest(`This application does not have the required permissions for this endpoint on account '${account.id}'. External accounts can only be managed through the API on accounts where your platform collects requirements (\`controller[requirement_collection]=application\`), such as Custom accounts.`, { status: 403 });
}

function create(ctx: RequestContext): BankAccountObject {
  const before = getAccount(ctx, ctx.pathParams.id);
  ensurePlatformCollects(before);
  const q = ctx.params;
  let params: Record<string, unknown>;
  if (typeof q.external_account === 'string') params = externalAccountParams(ctx, q.external_account, 'external_account');
  else params = q.external_account as Record<string, unknown>;
  if (q.metadata) params = { ...params, metadata: q.metadata };
  const ba = addBankAccount(ctx, before, params, 'external_account', { defaultForCurrency: q.default_for_currency === true });
  refreshAccount(ctx, JSON.parse(JSON.stringify(before)) as typeof before, { before });
  return ba;
}

function update(ctx: RequestContext): BankAccountObject {
  const account = getAccount(ctx, ctx.pathParams.id);
  ensurePlatformCollects(account);
  const before = getBank(ctx, account.id, ctx.pathParams.ba);
  const after = JSON.parse(JSON.stringify(before)) as BankAccountObject;
  const q = ctx.params;
  if ('account_holder_name' in q) after.account_holder_name = (q.account_holder_name as string | null) ?? null;
  if ('account_holder_type' in q) after.account_holder_type = (q.account_holder_type as string | null) ?? null;
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata ?? {}, q.metadata);
  if (q.default_for_currency === true && !before.default_for_currency) {
    for (const other of childrenOf<BankAccountObject>(ctx.store, ctx.platformAccount, 'bank_account', account.id)) {
      if (other.id !== after.id && other.currency === after.currency && other.default_for_currency) {
        other.default_for_currency = false;
        ctx.store.update(other.id, other);
      }
    }
    after.default_for_currency = true;
  }
  ctx.store.update(after.id, after);
  // *.updated events carry previous_attributes: what changed (nothing changed, no event)
  const previous = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (Object.keys(previous).length > 0) ctx.emit('account.external_account.updated', after, { account: account.id, previousAttributes: previous });
  refreshAccount(ctx, JSON.parse(JSON.stringify(account)) as typeof account, { before: account });
  return after;
}

function remove(ctx: RequestContext): StripeObject {
  const account = getAccount(ctx, ctx.pathParams.id);
  ensurePlatformCollects(account);
  const ba = getBank(ctx, account.id, ctx.pathParams.ba);
  const all = childrenOf<BankAccountObject>(ctx.store, ctx.platformAccount, 'bank_account', account.id);
  // API reference: a default_for_currency bank account cannot be deleted while another external account shares its
  // currency, nor when its currency is the account's default_currency (even when it is the only one).
  if (ba.default_for_currency && all.some((o) => o.id !== ba.id && o.currency === ba.currency)) {
    throw invalidRequest('You cannot delete the default external account for this currency. Please make another external account the default using the `default_for_currency` param, and then delete this one.', { param: 'id' });
  }
  if (ba.default_for_currency && ba.currency === account.default_currency) {
    throw invalidRequest('You cannot delete the default external account for your default currency. Please make another external account the default using the `default_for_currency` param, and then delete this one.', { param: 'id' });
  }
  ctx.store.remove(ba.id);
  ctx.emit('account.external_account.deleted', ba, { account: account.id });
  refreshAccount(ctx, JSON.parse(JSON.stringify(account)) as typeof account, { before: account });
  return { id: ba.id, object: 'bank_account', deleted: true };
}

export function registerConnectChildren(sim: Simulator): void {
  registerExpandable('bank_account', ['account']);
  const base = '/v1/accounts/:id/external_accounts';
  sim.route({
    method: 'POST',
    path: base,
    params: { external_account: p.union([p.string({ maxLength: 5000 }), p.object(bankObject)], { required: true }), default_for_currency: p.boolean(), metadata: p.metadata() },
    handler: create,
  });
  sim.route({
    method: 'GET',
    path: base,
    params: { ...listParams, object: p.enumOf(['bank_account', 'card']) },
    handler: (ctx) => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      const only = ctx.params.object as string | null | undefined;
      return listChildren<BankAccountObject>(ctx, 'bank_account', acct.id, `/v1/accounts/${acct.id}/external_accounts`, only === 'card' ? () => false : undefined, 'external account');
    },
  });
  sim.route({ method: 'GET', path: `${base}/:ba`, handler: (ctx) => getBank(ctx, getAccount(ctx, ctx.pathParams.id).id, ctx.pathParams.ba) });
  sim.route({
    method: 'POST',
    path: `${base}/:ba`,
    params: { account_holder_name: p.string({ maxLength: 5000 }), account_holder_type: p.enumOf(['company', 'individual']), default_for_currency: p.boolean(), metadata: p.metadata() },
    handler: update,
  });
  sim.route({ method: 'DELETE', path: `${base}/:ba`, handler: remove });
  registerPersons(sim);
  registerCapabilities(sim);
  registerLoginLinks(sim);
}

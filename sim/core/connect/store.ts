// Storage helpers for Connect objects. Connected accounts, their persons and external accounts are stored in
// the platform's scope (the platform owns them) and indexed by `account`; a request made with
// `Stripe-Account: acct_x` may read them for that account too.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, maskKey, StripeError } from '../errors.ts';
import type { Store } from '../store.ts';
import type { AccountObject, AccountSecrets, PersonObject } from './requirements.ts';

export const SECRETS_TYPE = 'sim_account_secrets';

export function secretsId(accountId: string): string {
  return `acctsec_${accountId}`;
}

/** The 403 Stripe answers when an account is unknown or not connected to the platform. */
export function noAccess(ctx: RequestContext, id: string): StripeError {
  return new StripeError({
    status: 403,
    type: 'invalid_request_error',
    code: 'account_invalid',
    message: `The provided key '${maskKey(ctx.sim.keys.secret)}' does not have access to account '${id.slice(0, 100)}' (or that account does not exist). Application access may have been revoked.`,
  });
}

/** A connected account of the platform (visible to the platform, or to a request made as that account). */
export function findAccount(store: Store, platform: string, id: string): AccountObject | undefined {
  const rec = store.get<AccountObject>(id);
  if (!rec || rec.type !== 'account' || rec.account !== platform) return undefined;
  return rec.data;
}

export function getAccount(ctx: RequestContext, id: string, param?: string): AccountObject {
  const acct = findAccount(ctx.store, ctx.platformAccount, id);
  if (!acct || (ctx.account !== ctx.platformAccount && ctx.account !== id)) {
    if (param) throw invalidRequest(`No such account: '${id.slice(0, 100)}'`, { param, code: 'resource_missing', status: 400 });
    throw noAccess(ctx, id);
  }
  return acct;
}

export function loadSecrets(store: Store, accountId: string): AccountSecrets {
  const rec = store.get<AccountSecrets>(secretsId(accountId));
  return rec?.data ?? { id: secretsId(accountId), object: SECRETS_TYPE, account: accountId, checks: {}, requested: {}, onboarding_submitted: false };
}

export function saveSecrets(store: Store, platform: string, secrets: AccountSecrets, created: number): void {
  if (store.get(secrets.id)) store.update(secrets.id, secrets);
  else store.insert({ id: secrets.id, type: SECRETS_TYPE, account: platform, created, data: secrets, index: { account: secrets.account } });
}

/** Every object of `type` belonging to a connected account, oldest first. */
export function childrenOf<T extends StripeObject>(store: Store, platform: string, type: string, accountId: string): T[] {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.list<T>({ account: platform, type, where: { account: accountId }, limit: 100, startingAfter: after });
    out.push(...page.items.map((r) => r.data));
    if (!page.hasMore) break;
    after = page.items[page.items.length - 1].id;
  }
  return out.reverse();
}

export function personsOf(store: Store, platform: string, accountId: string): PersonObject[] {
  return childrenOf<PersonObject>(store, platform, 'person', accountId);
}

// Stripe lists of a connected account's children (persons, external accounts), stored in the platform's scope.

import type { ListObject, RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';

export function listChildren<T extends StripeObject>(ctx: RequestContext, type: string, accountId: string, url: string, filter?: (d: T) => boolean, kind = type): ListObject<T> {
  const limit = (ctx.params.limit as number | null | undefined) ?? 10;
  const startingAfter = (ctx.params.starting_after as string | null | undefined) ?? undefined;
  const endingBefore = (ctx.params.ending_before as string | null | undefined) ?? undefined;
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'ending_before' });
  }
  for (const [param, id] of [['starting_after', startingAfter], ['ending_before', endingBefore]] as const) {
    if (id === undefined) continue;
    const rec = ctx.store.get<{ account?: string }>(id);
    if (!rec || rec.type !== type || rec.data.account !== accountId) throw resourceMissing(kind, id, param, 400);
  }
  const res = ctx.store.list<T>({ account: ctx.platformAccount, type, where: { account: accountId }, limit, startingAfter, endingBefore, filter });
  return { object: 'list', data: res.items.map((r) => r.data), has_more: res.hasMore, url };
}

// Balance helpers for Connect: an account's available funds by currency (the sum of its balance transactions'
// net amounts already available at the simulator's time). GET /v1/balance itself is served by
// balance_transactions.ts, per account (`Stripe-Account`).

import type { RequestContext, StripeObject } from '../context.ts';

export function availableBalance(ctx: RequestContext, account: string, currency: string): number {
  const now = ctx.now();
  let total = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = ctx.store.list<StripeObject & { net: number; currency: string; available_on: number }>({
      account, type: 'balance_transaction', where: { currency }, limit: 100, startingAfter: cursor,
    });
    for (const rec of page.items) if (rec.data.available_on <= now) total += rec.data.net;
    if (!page.hasMore || page.items.length === 0) break;
    cursor = page.items[page.items.length - 1].id;
  }
  return total;
}

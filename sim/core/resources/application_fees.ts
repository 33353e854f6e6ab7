// Application fees the platform collected from connected accounts' charges (direct charges) and from the
// payments of destination charges: retrieve and list (charge, created). Created by sim/core/connect-money.

import type { RequestContext } from '../context.ts';
import { registerExpandable } from '../expand.ts';
import { p, listParams } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import type { ApplicationFeeObject } from '../connect-money/index.ts';

function retrieve(ctx: RequestContext): ApplicationFeeObject {
  return ctx.get<ApplicationFeeObject>(ctx.pathParams.id, 'application_fee', { kind: 'application fee' });
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  return ctx.list<ApplicationFeeObject>('application_fee', {
    where: { charge: q.charge as string | undefined },
    created: (q.created as { gt?: number } | undefined) ?? null,
    url: '/v1/application_fees',
  });
}

export const applicationFeeRoutes: RouteDef[] = [
  { method: 'GET', path: '/v1/application_fees', params: { ...listParams, charge: p.string(), created: p.range() }, handler: list },
  { method: 'GET', path: '/v1/application_fees/:id', params: {}, handler: retrieve },
];

export function registerApplicationFees(sim: Simulator): void {
  registerExpandable('application_fee', ['account', 'balance_transaction', 'charge', 'originating_transaction']);
  for (const r of applicationFeeRoutes) sim.route(r);
}

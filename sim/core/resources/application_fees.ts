// Application fees the platform collected from connected accounts' charges (direct charges) and from the
// payments of destination charges: retrieve and list (charge, created). Created by sim/core/connect-money.

import type { RequestContext } from '../context.ts';
import { registerExpandable } from '../expand.ts';
import { p, listParams } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { refundApplicationFee, type ApplicationFeeObject } from '../connect-money/index.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { metadataFrom, previousAttributes } from '../resource-kit.ts';
import type { StripeObject } from '../context.ts';

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

/** POST /v1/application_fees/:id/refunds: gives back all or part of a fee to the account it was taken from. */
function createRefund(ctx: RequestContext): StripeObject {
  const fee = retrieve(ctx);
  const remaining = fee.amount - fee.amount_refunded;
  const amount = (ctx.params.amount as number | undefined) ?? remaining;
  if (remaining <= 0) throw invalidRequest(`Application fee ${fee.id} has already been refunded.`, { code: 'charge_already_refunded' });
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than the unrefunded amount of the application fee (${remaining}).`, { param: 'amount' });
  }
  return refundApplicationFee(ctx, fee, amount, metadataFrom(undefined, ctx.params.metadata))!;
}

function listRefunds(ctx: RequestContext) {
  const fee = retrieve(ctx);
  return ctx.list('fee_refund', { where: { fee: fee.id }, url: `/v1/application_fees/${fee.id}/refunds` });
}

function retrieveRefund(ctx: RequestContext): StripeObject {
  const fr = ctx.get<StripeObject & { fee: string }>(ctx.pathParams.refund, 'fee_refund', { kind: 'fee refund' });
  if (fr.fee !== ctx.pathParams.id) throw resourceMissing('fee refund', ctx.pathParams.refund);
  return fr;
}

/** POST /v1/application_fees/:id/refunds/:refund: only metadata; `application_fee.refund.updated`. */
function updateRefund(ctx: RequestContext): StripeObject {
  const fr = retrieveRefund(ctx) as StripeObject & { metadata?: Record<string, string> };
  if (!('metadata' in ctx.params)) return fr;
  const after = { ...fr, metadata: metadataFrom(fr.metadata, ctx.params.metadata) };
  ctx.update(after);
  if (JSON.stringify(after.metadata) !== JSON.stringify(fr.metadata ?? {})) {
    ctx.emit('application_fee.refund.updated', after, { previousAttributes: previousAttributes({ metadata: fr.metadata ?? {} }, { metadata: after.metadata }) });
  }
  return after;
}

export const applicationFeeRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/application_fees/:id/refunds', params: { amount: p.integer({ min: 1 }), metadata: p.metadata() }, handler: createRefund },
  { method: 'GET', path: '/v1/application_fees/:id/refunds', params: { ...listParams }, handler: listRefunds },
  { method: 'GET', path: '/v1/application_fees/:id/refunds/:refund', params: {}, handler: retrieveRefund },
  { method: 'POST', path: '/v1/application_fees/:id/refunds/:refund', params: { metadata: p.metadata() }, handler: updateRefund },
  { method: 'GET', path: '/v1/application_fees', params: { ...listParams, charge: p.string(), created: p.range() }, handler: list },
  { method: 'GET', path: '/v1/application_fees/:id', params: {}, handler: retrieve },
];

export function registerApplicationFees(sim: Simulator): void {
  registerExpandable('application_fee', ['account', 'balance_transaction', 'charge', 'originating_transaction']);
  registerExpandable('fee_refund', ['balance_transaction', 'fee']);
  for (const r of applicationFeeRoutes) sim.route(r);
}

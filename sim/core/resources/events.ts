// Events: retrieve and list (type, types[], created, delivery_success). Events older than 30 days are gone.

import type { RequestContext } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { EVENT_RETENTION_SECONDS, type EventObject } from '../events.ts';
import { createdFilter, listParams, p, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';

const listSchema: Schema = {
  ...listParams,
  created: p.range(),
  delivery_success: p.boolean(),
  type: p.string({ maxLength: 5000 }),
  types: p.array(p.string({ maxLength: 5000 }), { maxItems: 20 }),
};

function list(ctx: RequestContext) {
  const q = ctx.params;
  if (q.type && q.types) throw invalidRequest('You may only specify one of these parameters: type, types.', { param: 'types' });
  const type = q.type as string | null | undefined;
  const minCreated = ctx.now() - EVENT_RETENTION_SECONDS;
  const created = { ...createdFilter(q.created) };
  created.gte = Math.max(created.gte ?? minCreated, minCreated);
  let where: string | readonly string[] | undefined;
  let filter: ((e: EventObject) => boolean) | undefined;
  if (type && type.includes('*')) {
    // `type=payment_intent.*` wildcard, as on Stripe
    const re = new RegExp(`^${type.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    filter = (e) => re.test(e.type);
  } else if (type) where = type;
  else if (q.types) where = q.types as string[];
  if (q.delivery_success !== undefined && q.delivery_success !== null) {
    const want = q.delivery_success as boolean;
    const prev = filter;
    filter = (e) => (prev ? prev(e) : true) && (want ? e.pending_webhooks === 0 : e.pending_webhooks > 0);
  }
  return ctx.list<EventObject>('event', { where: { event_type: where }, created, filter });
}

export function registerEvents(sim: Simulator): void {
  sim.route({
    method: 'GET',
    path: '/v1/events/:id',
    handler: (ctx) => {
      const ev = ctx.get<EventObject>(ctx.pathParams.id, 'event');
      if (ev.created < ctx.now() - EVENT_RETENTION_SECONDS) throw resourceMissing('event', ctx.pathParams.id);
      return ev;
    },
  });
  sim.route({ method: 'GET', path: '/v1/events', params: listSchema, handler: list });
}

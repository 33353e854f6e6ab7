// Events: `emit(type, object)` records an `evt_` object (with the request that caused it) and queues one
// webhook delivery per matching enabled endpoint, in the same transaction as the state change.

import type { EmitOptions, RequestContext, StripeObject } from './context.ts';
import { newId } from './ids.ts';
import { renderForVersion, type ApiVersion } from './versions.ts';
import type { Simulator } from './app.ts';

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

export interface EventSource {
  account: string;
  requestId: string | null;
  idempotencyKey: string | null;
  afterCommit(fn: () => void): void;
}

export interface EventObject extends StripeObject {
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  account?: string;
}

export class Events {
  constructor(private readonly sim: Simulator) {}

  /** From a request handler (ctx.emit); `objectJson`: JSON.stringify(object), when the caller has it. */
  emit(ctx: RequestContext, type: string, object: StripeObject, opts: EmitOptions = {}, objectJson?: string): EventObject {
    return this.emitFrom(
      {
        account: opts.account ?? ctx.account,
        requestId: opts.automatic ? null : ctx.requestId,
        idempotencyKey: opts.automatic ? null : ctx.idempotencyKey,
        // a method, not an arrow property: tsx (keepNames) names every arrow it assigns, at a defineProperty each
        afterCommit(fn) {
          ctx.afterCommit(fn);
        },
      },
      type,
      object,
      opts.previousAttributes,
      objectJson,
    );
  }

  /** Must run inside `store.transaction`. `objectJson`: JSON.stringify(object) when known (the event's JSON reuses it). */
  emitFrom(src: EventSource, type: string, object: StripeObject, previousAttributes?: Record<string, unknown>, objectJson?: string): EventObject {
    const sim = this.sim;
    const endpoints = sim.endpointsFor(src.account, type);
    const created = sim.clock.now();
    const event: EventObject = {
      id: newId('evt'),
      object: 'event',
      ...(src.account !== sim.platformAccount ? { account: src.account } : {}),
      api_version: sim.defaultVersion,
      created,
      // No defensive copy: the store serialises the event right away, so later changes to `object` do not leak in.
      data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: src.requestId, idempotency_key: src.idempotencyKey },
      type,
    };
    // JSON.stringify(event), with the object's JSON spliced in when the caller has it (same keys, same order)
    const json = objectJson === undefined
      ? undefined
      : `{"id":${JSON.stringify(event.id)},"object":"event",${event.account !== undefined ? `"account":${JSON.stringify(event.account)},` : ''}"api_version":${JSON.stringify(event.api_version)},"created":${JSON.stringify(created)},"data":{"object":${objectJson}${previousAttributes ? `,"previous_attributes":${JSON.stringify(previousAttributes)}` : ''}},"livemode":false,"pending_webhooks":${JSON.stringify(event.pending_webhooks)},"request":${JSON.stringify(event.request)},"type":${JSON.stringify(type)}}`;
    sim.store.insert({ id: event.id, type: 'event', account: src.account, created, data: event, index: { event_type: type }, json });
    const nowMs = sim.clock.nowMs();
    for (const ep of endpoints) {
      sim.store.insertDelivery({
        id: newId('whdel'),
        account: src.account,
        eventId: event.id,
        endpointId: ep.id,
        status: 'pending',
        attempts: [],
        nextAttemptAtMs: nowMs,
        createdMs: nowMs,
      });
    }
    if (endpoints.length > 0) src.afterCommit(() => sim.webhooks.kick());
    return event;
  }
}

/** An event as seen through `version`: `api_version` and `data.object` rendered for it. */
export function renderEvent(event: EventObject, version: ApiVersion): EventObject {
  return {
    ...event,
    api_version: version,
    data: { ...event.data, object: renderForVersion(event.data.object, version) as StripeObject },
  };
}

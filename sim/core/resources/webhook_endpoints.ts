// WebhookEndpoints: create (the `whsec_` secret is only in the create response), retrieve, update
// (url, enabled_events, disabled, description, metadata), delete, list. Deliveries: see ../webhooks.ts.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { EVENT_TYPE_SET, EVENT_TYPES } from '../event-types.ts';
import { formatChoices } from '../params.ts';
import { randomString } from '../ids.ts';
import { deletedStub, listParams, metadataFrom, p, type Schema } from '../resource-kit.ts';
import { API_VERSIONS } from '../versions.ts';
import type { Simulator } from '../app.ts';

type EndpointObject = Stripe.WebhookEndpoint & StripeObject & { connect?: boolean };

const eventsField = p.array(p.string({ maxLength: 5000 }));

const createParams: Schema = {
  url: p.string({ required: true, maxLength: 5000 }),
  enabled_events: { ...eventsField, required: true },
  api_version: p.string({ maxLength: 100 }),
  connect: p.boolean(),
  description: p.string({ maxLength: 5000 }),
  metadata: p.metadata(),
};

const updateParams: Schema = {
  url: p.string({ maxLength: 5000 }),
  enabled_events: eventsField,
  disabled: p.boolean(),
  description: p.string({ maxLength: 5000 }),
  metadata: p.metadata(),
};

// Stripe's url_invalid words ('Not a valid URL'). Stripe wants a public HTTPS URL in live mode; the simulator's
// receivers run on the developer's machine, so http and localhost URLs are accepted, as test mode must here.
function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidRequest('Not a valid URL', { param: 'url', code: 'url_invalid' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidRequest('Not a valid URL', { param: 'url', code: 'url_invalid' });
  return url;
}

/** Stripe's enum error lists every value: "Invalid enabled_events[0]: must be one of account.application.authorized, ...". */
const EVENT_CHOICES = formatChoices([...EVENT_TYPES, '*']);

function checkEvents(events: string[] | null | undefined): string[] {
  if (!events || events.length === 0) throw invalidRequest('Missing required param: enabled_events.', { param: 'enabled_events', code: 'parameter_missing' });
  events.forEach((e, i) => {
    if (e !== '*' && !EVENT_TYPE_SET.has(e)) {
      throw invalidRequest(`Invalid enabled_events[${i}]: must be one of ${EVENT_CHOICES}`, { param: `enabled_events[${i}]` });
    }
  });
  return [...new Set(events)];
}

/** The stored endpoint keeps its secret; responses other than create omit it. */
function publicView(ep: EndpointObject): StripeObject {
  const { secret: _secret, connect: _connect, ...rest } = ep;
  return rest as StripeObject;
}

function create(ctx: RequestContext): StripeObject {
  const q = ctx.params;
  const apiVersion = (q.api_version as string | null) ?? null;
  if (apiVersion !== null && !(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw invalidRequest(`Invalid api_version: must be one of ${formatChoices(API_VERSIONS)}`, { param: 'api_version' });
  }
  const ep: EndpointObject = {
    id: ctx.newId('we'),
    object: 'webhook_endpoint',
    api_version: apiVersion,
    application: null,
    created: ctx.now(),
    description: (q.description as string | null) ?? null,
    enabled_events: checkEvents(q.enabled_events as string[] | null),
    livemode: false,
    metadata: metadataFrom(undefined, q.metadata),
    secret: `whsec_${randomString(32)}`,
    status: 'enabled',
    url: checkUrl(q.url as string),
  };
  if (q.connect === true) ep.connect = true;
  ctx.insert(ep);
  const { connect: _c, ...out } = ep;
  return out as StripeObject;
}

function update(ctx: RequestContext): StripeObject {
  const q = ctx.params;
  const ep = ctx.get<EndpointObject>(ctx.pathParams.id, 'webhook_endpoint');
  if ('url' in q) {
    if (q.url === null) throw invalidRequest("You passed an empty string for 'url'. We assume empty values are an attempt to unset a parameter; however 'url' cannot be unset. You should remove 'url' from your request or supply a non-empty value.", { param: 'url', code: 'parameter_invalid_empty' });
    ep.url = checkUrl(q.url as string);
  }
  if ('enabled_events' in q) ep.enabled_events = checkEvents(q.enabled_events as string[] | null);
  if ('disabled' in q && q.disabled !== null) ep.status = q.disabled ? 'disabled' : 'enabled';
  if ('description' in q) ep.description = (q.description as string | null) ?? null;
  if ('metadata' in q) ep.metadata = metadataFrom(ep.metadata, q.metadata);
  ctx.update(ep);
  return publicView(ep);
}

export function registerWebhookEndpoints(sim: Simulator): void {
  sim.route({ method: 'POST', path: '/v1/webhook_endpoints', params: createParams, handler: create });
  sim.route({ method: 'GET', path: '/v1/webhook_endpoints/:id', handler: (ctx) => publicView(ctx.get<EndpointObject>(ctx.pathParams.id, 'webhook_endpoint')) });
  sim.route({ method: 'POST', path: '/v1/webhook_endpoints/:id', params: updateParams, handler: update });
  sim.route({
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    handler: (ctx) => {
      const ep = ctx.get<EndpointObject>(ctx.pathParams.id, 'webhook_endpoint');
      ctx.remove(ep.id);
      return deletedStub(ep);
    },
  });
  sim.route({
    method: 'GET',
    path: '/v1/webhook_endpoints',
    params: { ...listParams },
    handler: (ctx) => {
      const l = ctx.list<EndpointObject>('webhook_endpoint');
      return { ...l, data: l.data.map(publicView) };
    },
  });
}

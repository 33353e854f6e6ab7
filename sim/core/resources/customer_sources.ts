// Customer sources (cards saved on a customer, Stripe's "Cards" API of the Charges era):
// POST/GET /v1/customers/:id/sources, GET/POST/DELETE /v1/customers/:id/sources/:card. A source is made from a token
// (a `tok_*` test id, or a token from POST /v1/tokens, used up: sim.services.useToken; on createSource also a card
// dictionary, `source[number]` ...) and stored as the legacy Card
// object (`card_...`, `object: 'card'`, capitalised brand, checks, `customer`) next to its `sim_card` record
// (`simcard_<card id>`, made by tokens.ts), which is what legacy_charges.ts charges (`charges.create({customer})`
// takes the default source, `{customer, source: card_id}` a given one).
//
// Rules from the API reference:
// - "Create a card": "If the card's owner has no default card, then the new card will become the default. However,
//   if the owner already has a default, then it will not change."
// - Customer `source` on create/update: the new card becomes the default source; on update it replaces the old
//   default, which is deleted (the older reference: "Passing source will create a new source object, make it the
//   new customer default source, and delete the old customer default if one exists").
// - "Delete a card": "If you delete a card that is currently the default source, then the most recently added
//   source will become the new default. If you delete a card that is the last remaining source on the customer,
//   then the default_source attribute will become null." Answers `{ id, object: 'card', deleted: true }`.
// - Cards that the issuer declines are refused when attached (cards.ts `attachDecline`: 4000000000000002,
//   ...9995, ...9987, ...9979, ...0069, ...0127, ...0119, ...6975, the fraud ones; 4000000000000341 attaches and
//   declines only when charged), as a 402 card_error; nothing is kept.
// Events: customer.source.created / .updated / .deleted, and customer.updated (previous_attributes) when the
// default source changes. Only cards are simulated (no bank accounts, Sources or `verify`).

import type Stripe from 'stripe';
import { cardSpecFor, normalizeExpYear, validateExpiry } from '../cards.ts';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, StripeError } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { listParams, metadataFrom, p, previousAttributes, type Schema } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { cardError, cardNumberFrom } from './payment_methods.ts';
import { insertLegacyCard, legacyCardDetailsSchema, legacyCardHolderSchema, useToken, type LegacyCardObject } from './tokens.ts';

type CustomerObject = Stripe.Customer & StripeObject;

/** A card given as a dictionary instead of a token ("A token ... or a dictionary containing a user's card details"). */
const cardHashSchema: Schema = {
  object: p.enumOf(['card']),
  ...legacyCardDetailsSchema,
};

const createParams: Schema = {
  source: p.union([p.object(cardHashSchema), p.string()], { required: true }),
  metadata: p.metadata(),
  validate: p.boolean(),
};

const updateParams: Schema = {
  ...legacyCardHolderSchema,
  exp_month: p.integer(),
  exp_year: p.integer(),
  metadata: p.metadata(),
  // bank account and Source fields of the same SDK params: refused below (only cards are simulated)
  account_holder_name: p.string(),
  account_holder_type: p.enumOf(['company', 'individual']),
  owner: p.any(),
};

const listSchema: Schema = { ...listParams, object: p.string() };

function customerOf(ctx: RequestContext, id: string, param?: string): CustomerObject {
  return ctx.get<CustomerObject>(id, 'customer', { kind: 'customer', param });
}

function ownerOf(card: LegacyCardObject): string | null {
  return typeof card.customer === 'string' ? card.customer : (card.customer?.id ?? null);
}

/** A card of this customer, or Stripe's 404 (wording: the simulator's, after the Charges API's refusal). */
function loadCard(ctx: RequestContext, customerId: string, id: string): LegacyCardObject {
  const rec = ctx.find<LegacyCardObject>(id, 'card');
  if (!rec || ownerOf(rec.data) !== customerId) {
    throw new StripeError({
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id',
      message: `Customer ${customerId} does not have a linked source with ID ${id}.`,
    });
  }
  return rec.data;
}

/**
 * Makes a card from `source` (a token) and saves it on the customer, without events and without touching the
 * customer's `default_source` (callers decide). A card the issuer declines is refused (402). Offered to customers.ts
 * as `sim.services.createCustomerSource`.
 */
export function createCustomerSource(
  ctx: RequestContext, customerId: string, source: unknown, param = 'source', metadata?: unknown,
): LegacyCardObject {
  if (source === undefined || source === null || source === '') throw parameterMissing(param);
  const { card, number } = typeof source === 'string' ? useToken(ctx, source, param) : cardFromHash(ctx, source as Record<string, unknown>, param);
  const decline = cardSpecFor(number).attachDecline;
  if (decline) throw cardError(decline);
  card.customer = customerId;
  card.metadata = metadataFrom(undefined, metadata);
  ctx.insert(card, { customer: customerId });
  return card;
}

/** A card from `source[number]`, `source[exp_month]` ... (validated like a token's card). */
function cardFromHash(ctx: RequestContext, raw: Record<string, unknown>, param: string): { card: LegacyCardObject; number: string } {
  for (const k of ['number', 'exp_month', 'exp_year'] as const) {
    if (raw[k] === undefined || raw[k] === null) throw parameterMissing(`${param}[${k}]`);
  }
  const { number, expMonth, expYear, cvc } = cardNumberFrom(raw, new Date(ctx.clock.nowMs()));
  const str = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? (raw[k] as string) : null);
  const card = insertLegacyCard(ctx, {
    number, expMonth, expYear: normalizeExpYear(expYear), cvc, name: str('name'),
    address: { city: str('address_city'), country: str('address_country'), line1: str('address_line1'), line2: str('address_line2'), state: str('address_state'), zip: str('address_zip') },
  });
  return { card, number };
}

/** The customer's cards, newest first, as a Stripe list (`object` filter: only `card` ones exist). */
export function listCustomerSources(ctx: RequestContext, customerId: string, url: string, object?: string | null): unknown {
  if (object && object !== 'card') {
    return { object: 'list', data: [], has_more: false, url };
  }
  // an unknown cursor: Stripe's 400 "Customer cus_... does not have card with ID card_..." on that param
  const missingCursor = (id: string, param: string) =>
    new StripeError({ status: 400, type: 'invalid_request_error', code: 'resource_missing', param, message: `Customer ${customerId} does not have card with ID ${id}` });
  return ctx.list<LegacyCardObject>('card', { where: { customer: customerId }, url, kind: 'source', missingCursor });
}

/** The `sources` sublist of a customer (`expand[]=sources`): its newest 10 cards, independent of the request's paging. */
export function customerSourcesSublist(ctx: RequestContext, customerId: string): Record<string, unknown> {
  const page = ctx.store.list<LegacyCardObject>({ account: ctx.account, type: 'card', where: { customer: customerId }, limit: 10 });
  return { object: 'list', data: page.items.map((r) => r.data), has_more: page.hasMore, total_count: page.items.length, url: `/v1/customers/${customerId}/sources` };
}

/** The newest card left on the customer (the next default source), or null. */
function newestCard(ctx: RequestContext, customerId: string, except?: string): string | null {
  const page = ctx.store.list<LegacyCardObject>({ account: ctx.account, type: 'card', where: { customer: customerId }, limit: 2 });
  return page.items.find((r) => r.id !== except)?.id ?? null;
}

/** Sets the customer's default source and emits customer.updated with previous_attributes when it changed. */
function setDefault(ctx: RequestContext, customer: CustomerObject, id: string | null): CustomerObject {
  const before = typeof customer.default_source === 'string' ? customer.default_source : (customer.default_source?.id ?? null);
  if (before === id) return customer;
  const after = { ...customer, default_source: id } as CustomerObject;
  ctx.update(after);
  ctx.emit('customer.updated', after, { previousAttributes: { default_source: before } });
  return after;
}

/** Removes a card from its customer (customer.source.deleted); the default moves to the newest card left. */
export function deleteCustomerSource(ctx: RequestContext, customer: CustomerObject, card: LegacyCardObject, moveDefault = true): CustomerObject {
  ctx.remove(card.id);
  ctx.emit('customer.source.deleted', card);
  const def = typeof customer.default_source === 'string' ? customer.default_source : (customer.default_source?.id ?? null);
  if (moveDefault && def === card.id) return setDefault(ctx, customer, newestCard(ctx, customer.id, card.id));
  return customer;
}

/** Removes every card of a deleted customer (no events: the customer's deletion says it all). */
export function removeCustomerSources(ctx: RequestContext, customerId: string): void {
  for (;;) {
    const page = ctx.store.list<LegacyCardObject>({ account: ctx.account, type: 'card', where: { customer: customerId }, limit: 100 });
    for (const rec of page.items) ctx.remove(rec.id);
    if (!page.hasMore || page.items.length === 0) break;
  }
}

/** Checks that `id` names a card of the customer (for `default_source` on customer update). */
export function customerCardId(ctx: RequestContext, customerId: string, id: string, param = 'default_source'): string {
  const rec = ctx.find<LegacyCardObject>(id, 'card');
  if (!rec || ownerOf(rec.data) !== customerId) {
    throw new StripeError({
      status: 404, type: 'invalid_request_error', code: 'resource_missing', param,
      message: `No such source: '${id}'`,
    });
  }
  return id;
}

function create(ctx: RequestContext): LegacyCardObject {
  const customer = customerOf(ctx, ctx.pathParams.id);
  const card = createCustomerSource(ctx, customer.id, ctx.params.source, 'source', ctx.params.metadata);
  ctx.emit('customer.source.created', card);
  // "If the card's owner has no default card, then the new card will become the default."
  if (!customer.default_source) setDefault(ctx, customer, card.id);
  return card;
}

function update(ctx: RequestContext): LegacyCardObject {
  const customer = customerOf(ctx, ctx.pathParams.id);
  const before = loadCard(ctx, customer.id, ctx.pathParams.source);
  const q = ctx.params;
  for (const k of ['account_holder_name', 'account_holder_type', 'owner'] as const) {
    if (k in q) throw invalidRequest(`Received unknown parameter: ${k}`, { param: k, code: 'parameter_unknown' });
  }
  const after = structuredClone(before);
  const rec = after as unknown as Record<string, unknown>;
  for (const k of ['name', 'address_city', 'address_country', 'address_line1', 'address_line2', 'address_state', 'address_zip'] as const) {
    if (k in q) rec[k] = (q[k] as string | null) ?? null;
  }
  // A new address is checked again by the card network: unchecked until the next charge.
  if ('address_line1' in q && q.address_line1 !== before.address_line1) after.address_line1_check = after.address_line1 ? 'unchecked' : null;
  if ('address_zip' in q && q.address_zip !== before.address_zip) after.address_zip_check = after.address_zip ? 'unchecked' : null;
  if ('exp_month' in q || 'exp_year' in q) {
    const month = (q.exp_month as number | null | undefined) ?? before.exp_month;
    const year = (q.exp_year as number | null | undefined) ?? before.exp_year;
    const bad = validateExpiry(month, year, new Date(ctx.clock.nowMs()));
    if (bad) throw cardError(bad);
    after.exp_month = month;
    after.exp_year = year < 100 ? 2000 + year : year;
  }
  if ('metadata' in q) after.metadata = metadataFrom(before.metadata ?? {}, q.metadata);
  ctx.update(after);
  const prev = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (Object.keys(prev).length > 0) ctx.emit('customer.source.updated', after, { previousAttributes: prev });
  return after;
}

function remove(ctx: RequestContext): StripeObject {
  const customer = customerOf(ctx, ctx.pathParams.id);
  const card = loadCard(ctx, customer.id, ctx.pathParams.source);
  deleteCustomerSource(ctx, customer, card);
  return { id: card.id, object: 'card', deleted: true };
}

export function registerCustomerSources(sim: Simulator): void {
  registerExpandable('card', ['customer']);
  sim.services.createCustomerSource = createCustomerSource;
  sim.services.deleteCustomerSource = deleteCustomerSource;
  sim.services.listCustomerSources = listCustomerSources;
  sim.services.removeCustomerSources = removeCustomerSources;
  sim.services.customerCardId = customerCardId;
  sim.route({ method: 'POST', path: '/v1/customers/:id/sources', params: createParams, handler: create });
  sim.route({
    method: 'GET', path: '/v1/customers/:id/sources', params: listSchema,
    handler: (ctx) => {
      const c = customerOf(ctx, ctx.pathParams.id);
      return listCustomerSources(ctx, c.id, `/v1/customers/${c.id}/sources`, ctx.params.object as string | null | undefined);
    },
  });
  sim.route({
    method: 'GET', path: '/v1/customers/:id/sources/:source', params: {},
    handler: (ctx) => loadCard(ctx, customerOf(ctx, ctx.pathParams.id).id, ctx.pathParams.source),
  });
  sim.route({ method: 'POST', path: '/v1/customers/:id/sources/:source', params: updateParams, handler: update });
  sim.route({ method: 'DELETE', path: '/v1/customers/:id/sources/:source', params: {}, handler: remove });
}

// Terminal Locations: where readers are registered (a display name and a postal address). Create, retrieve
// (deleted ones come back as `{ id, object, deleted: true }`), update, list, delete. Stripe emits no events for
// locations.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { deletedStub } from '../resource-kit.ts';

export type LocationObject = Stripe.Terminal.Location & StripeObject;
const TYPE = 'terminal.location';
const DELETED = 'terminal.location:deleted';
const KIND = 'terminal.location';

const addressCreate: Schema = {
  city: p.string(), country: p.string({ required: true }), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};
const addressUpdate: Schema = {
  city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string(),
};
const japanAddress: Schema = { ...addressUpdate, town: p.string() };

const createParams: Schema = {
  address: p.object(addressCreate),
  address_kana: p.object(japanAddress),
  address_kanji: p.object(japanAddress),
  configuration_overrides: p.string(),
  display_name: p.string({ maxLength: 1000 }),
  display_name_kana: p.string(),
  display_name_kanji: p.string(),
  metadata: p.metadata(),
  phone: p.string(),
};
const updateParams: Schema = { ...createParams, address: p.object(addressUpdate) };

type Addr = Stripe.Address;
function address(raw: Record<string, unknown>, base?: Addr): Addr {
  const out: Addr = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...(base ?? {}) };
  for (const k of ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const) {
    if (k in raw) out[k] = (raw[k] as string | null) ?? null;
  }
  if (out.country) out.country = out.country.toUpperCase();
  return out;
}

function checkCountry(a: Addr): void {
  if (!a.country || !/^[A-Z]{2}$/.test(a.country)) {
    throw invalidRequest(`Country '${a.country ?? ''}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'. A full list of country codes is available at https://stripe.com/docs/api#country_codes`, {
      param: 'address[country]',
    });
  }
}

/**
 * The address fields a location needs, by country: Stripe's "Manage locations" guide (Terminal > Locations and
 * zones). Countries outside this table cannot hold Terminal locations. Japan (the API's `address_kana` /
 * `address_kanji`) is not in the guide's table; the simulator asks it for line1 and postal_code.
 */
const FULL: readonly (keyof Addr)[] = ['line1', 'city', 'state', 'postal_code'];
const NO_STATE: readonly (keyof Addr)[] = ['line1', 'city', 'postal_code'];
const LINE_AND_POSTAL: readonly (keyof Addr)[] = ['line1', 'postal_code'];
export const LOCATION_ADDRESS_FIELDS: Readonly<Record<string, readonly (keyof Addr)[]>> = {
  AU: FULL, CA: FULL, IT: FULL, ES: FULL, US: FULL,
  AT: NO_STATE, BE: NO_STATE, CZ: NO_STATE, DK: NO_STATE, FI: NO_STATE, FR: NO_STATE, DE: NO_STATE, LU: NO_STATE, MY: NO_STATE,
  NL: NO_STATE, NZ: NO_STATE, NO: NO_STATE, PT: NO_STATE, SE: NO_STATE, CH: NO_STATE, GB: NO_STATE,
  IE: LINE_AND_POSTAL, SG: LINE_AND_POSTAL, JP: LINE_AND_POSTAL,
};

/**
 * Refuses an address that lacks what its country needs ("Missing required param: address[city]."), or whose country
 * Terminal does not serve (code `terminal_location_country_unsupported`; the message's wording is the simulator's).
 */
function checkAddressFields(a: Addr): void {
  const country = a.country as string;
  const needed = LOCATION_ADDRESS_FIELDS[country];
  if (!needed) {
    throw invalidRequest(
      `Terminal locations are not supported in ${country}. Supported countries: ${Object.keys(LOCATION_ADDRESS_FIELDS).sort().join(', ')}.`,
      { param: 'address[country]', code: 'terminal_location_country_unsupported' },
    );
  }
  for (const k of needed) {
    if (a[k] === null || a[k] === undefined || String(a[k]).trim() === '') throw parameterMissing(`address[${k}]`);
  }
}

function create(ctx: RequestContext): LocationObject {
  const q = ctx.params;
  if (q.display_name === undefined || q.display_name === null) throw parameterMissing('display_name');
  if (!q.address) throw parameterMissing('address');
  const addr = address(q.address as Record<string, unknown>);
  checkCountry(addr);
  checkAddressFields(addr);
  const loc: Record<string, unknown> = {
    id: ctx.newId('tml'),
    object: TYPE,
    address: addr,
    display_name: q.display_name as string,
    livemode: false,
    metadata: applyMetadata({}, q.metadata as MetadataParam | undefined),
  };
  for (const k of ['configuration_overrides', 'display_name_kana', 'display_name_kanji', 'phone'] as const) {
    if (typeof q[k] === 'string') loc[k] = q[k];
  }
  for (const k of ['address_kana', 'address_kanji'] as const) {
    if (q[k]) loc[k] = { ...address(q[k] as Record<string, unknown>), town: ((q[k] as Record<string, unknown>).town as string | undefined) ?? null };
  }
  ctx.insert(loc as unknown as LocationObject);
  return loc as unknown as LocationObject;
}

function retrieve(ctx: RequestContext): StripeObject {
  const id = ctx.pathParams.id;
  const rec = ctx.find<StripeObject>(id, TYPE) ?? ctx.find<StripeObject>(id, DELETED);
  if (!rec) throw resourceMissing(KIND, id);
  return rec.data;
}

function update(ctx: RequestContext): LocationObject {
  const loc = ctx.get<LocationObject>(ctx.pathParams.id, TYPE, { kind: KIND });
  const q = ctx.params;
  if ('display_name' in q) {
    if (!q.display_name) throw invalidRequest('You cannot unset display_name.', { param: 'display_name' });
    loc.display_name = q.display_name as string;
  }
  if (q.address) {
    const a = address(q.address as Record<string, unknown>, loc.address);
    checkCountry(a);
    checkAddressFields(a);
    loc.address = a;
  }
  if ('metadata' in q) loc.metadata = applyMetadata(loc.metadata, q.metadata as MetadataParam | null);
  const l = loc as unknown as Record<string, unknown>;
  for (const k of ['configuration_overrides', 'display_name_kana', 'display_name_kanji', 'phone'] as const) {
    if (k in q) {
      if (q[k] === null) delete l[k];
      else l[k] = q[k];
    }
  }
  ctx.update(loc);
  return loc;
}

function remove(ctx: RequestContext): StripeObject {
  const loc = ctx.get<LocationObject>(ctx.pathParams.id, TYPE, { kind: KIND });
  const stub = deletedStub(loc);
  ctx.remove(loc.id);
  ctx.store.insert({ id: loc.id, type: DELETED, account: ctx.account, created: ctx.now(), data: stub });
  return stub;
}

function list(ctx: RequestContext) {
  return ctx.list<LocationObject>(TYPE, { url: '/v1/terminal/locations', kind: KIND });
}

export const terminalLocationRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/terminal/locations', params: createParams, handler: create },
  { method: 'GET', path: '/v1/terminal/locations', params: listParams, handler: list },
  { method: 'GET', path: '/v1/terminal/locations/:id', handler: retrieve },
  { method: 'POST', path: '/v1/terminal/locations/:id', params: updateParams, handler: update },
  { method: 'DELETE', path: '/v1/terminal/locations/:id', handler: remove },
];

export function registerTerminalLocations(sim: Simulator): void {
  for (const r of terminalLocationRoutes) sim.route(r);
}

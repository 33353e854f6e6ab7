// Persons of a connected company account (representative, owners, directors, executives): create, retrieve,
// update, delete, list. The representative's requirements appear on the account as `<person id>.<field>`.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { checkEmail, listParams, p, previousAttributes } from '../resource-kit.ts';
import type { Simulator } from '../app.ts';
import { applyPerson, newPerson, refreshAccount } from '../connect/account-kit.ts';
import { listChildren } from '../connect/list.ts';
import type { AccountObject, PersonObject } from '../connect/requirements.ts';
import { getAccount, loadSecrets, personsOf } from '../connect/store.ts';
import { useConnectToken } from '../connect/tokens.ts';
import { personCreateSchema } from './accounts.ts';

function getPerson(ctx: RequestContext, accountId: string, id: string): PersonObject {
  const rec = ctx.store.get<PersonObject>(id);
  if (!rec || rec.type !== 'person' || rec.data.account !== accountId) throw resourceMissing('person', id);
  return rec.data;
}

/** Only one representative: making a person the representative unsets the previous one. */
function oneRepresentative(ctx: RequestContext, account: AccountObject, keep: PersonObject): void {
  if (!keep.relationship?.representative) return;
  for (const other of personsOf(ctx.store, ctx.platformAccount, account.id)) {
    if (other.id !== keep.id && other.relationship?.representative) {
      const next = JSON.parse(JSON.stringify(other)) as PersonObject;
      (next.relationship as { representative: boolean }).representative = false;
      ctx.store.update(next.id, next);
      ctx.emit('person.updated', next, { account: account.id, previousAttributes: { relationship: { representative: true } } });
    }
  }
}

/** Creates or updates a person from params (also used by the onboarding pages). */
export function savePerson(ctx: RequestContext, account: AccountObject, existing: PersonObject | null, params: Record<string, unknown>): PersonObject {
  let q = params;
  if (account.business_type === 'individual') {
    throw invalidRequest('You cannot add persons to an account whose `business_type` is `individual`; use `individual` on the account instead.', { param: 'account' });
  }
  checkEmail(q.email, 'email');
  if (typeof q.person_token === 'string') {
    const { person_token: tokenId, ...given } = q;
    const { details } = useConnectToken(ctx, tokenId as string, 'person', 'person_token');
    for (const k of Object.keys(details)) {
      // The wording is the simulator's: the token carries these details.
      if (k in given) throw invalidRequest(`You cannot provide \`${k}\` together with \`person_token\`: the person token carries it.`, { param: k });
    }
    q = { ...details, ...given };
  }
  const secrets = loadSecrets(ctx.store, account.id);
  const person = existing ? (JSON.parse(JSON.stringify(existing)) as PersonObject) : newPerson(ctx, account.id);
  applyPerson(ctx, person, q, 'person', person.id, secrets, account.country ?? 'US');
  if (existing) {
    ctx.store.update(person.id, person);
    const prev = previousAttributes(existing as unknown as Record<string, unknown>, person as unknown as Record<string, unknown>);
    if (Object.keys(prev).length > 0) ctx.emit('person.updated', person, { account: account.id, previousAttributes: prev });
  } else {
    ctx.store.insert({ id: person.id, type: 'person', account: ctx.platformAccount, created: person.created, data: person, index: { account: account.id } });
    ctx.emit('person.created', person, { account: account.id });
  }
  oneRepresentative(ctx, account, person);
  refreshAccount(ctx, JSON.parse(JSON.stringify(account)) as AccountObject, { secrets, before: account });
  return ctx.store.get<PersonObject>(person.id)?.data ?? person;
}

export function registerPersons(sim: Simulator): void {
  const base = '/v1/accounts/:id/persons';
  sim.route({ method: 'POST', path: base, params: personCreateSchema, handler: (ctx) => savePerson(ctx, getAccount(ctx, ctx.pathParams.id), null, ctx.params) });
  sim.route({
    method: 'POST',
    path: `${base}/:person`,
    params: personCreateSchema,
    handler: (ctx) => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      return savePerson(ctx, acct, getPerson(ctx, acct.id, ctx.pathParams.person), ctx.params);
    },
  });
  sim.route({ method: 'GET', path: `${base}/:person`, handler: (ctx) => getPerson(ctx, getAccount(ctx, ctx.pathParams.id).id, ctx.pathParams.person) });
  sim.route({
    method: 'DELETE',
    path: `${base}/:person`,
    handler: (ctx): StripeObject => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      const person = getPerson(ctx, acct.id, ctx.pathParams.person);
      ctx.store.remove(person.id);
      ctx.emit('person.deleted', person, { account: acct.id });
      refreshAccount(ctx, JSON.parse(JSON.stringify(acct)) as AccountObject, { before: acct });
      return { id: person.id, object: 'person', deleted: true };
    },
  });
  sim.route({
    method: 'GET',
    path: base,
    params: {
      ...listParams,
      relationship: p.object({ authorizer: p.boolean(), director: p.boolean(), executive: p.boolean(), legal_guardian: p.boolean(), owner: p.boolean(), representative: p.boolean() }),
    },
    handler: (ctx) => {
      const acct = getAccount(ctx, ctx.pathParams.id);
      const rel = (ctx.params.relationship ?? {}) as Record<string, boolean | null>;
      const filter = (d: PersonObject) => Object.entries(rel).every(([k, v]) => v === null || (d.relationship as Record<string, unknown> | undefined)?.[k] === v);
      return listChildren<PersonObject>(ctx, 'person', acct.id, `/v1/accounts/${acct.id}/persons`, filter);
    },
  });
}

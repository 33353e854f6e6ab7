// Connect tokens (POST /v1/tokens with `account`, `person` or `bank_account`): single-use tokens that carry a connected
// account's legal details, a person's details or a bank account from the browser (Stripe.js `createToken`) to the
// platform's server. Ids `ct_` (account), `cpt_` (person) and `btok_` (bank account, with its `bank_account`
// preview), as on Stripe. The details stay in a side record (a token shows none of them) until a request uses the
// token: `account_token` on accounts create/update, `person_token` on persons, `external_account` on accounts and
// external accounts. A token is used once ("You cannot use a Stripe token more than once"). The resources that
// validate the details register the token types (sim.services.createConnectToken, set by accounts.ts).

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { bankTokenParams } from './account-kit.ts';

export type ConnectTokenType = 'account' | 'person' | 'bank_account';

const PREFIX: Readonly<Record<ConnectTokenType, string>> = { account: 'ct', person: 'cpt', bank_account: 'btok' };

/** The side record holding a token's details. */
const DETAILS_TYPE = 'sim_connect_token_details';

export interface ConnectTokenObject extends StripeObject {
  object: 'token';
  bank_account?: Record<string, unknown>;
  client_ip: string | null;
  created: number;
  livemode: false;
  type: ConnectTokenType;
  used: boolean;
}

interface DetailsRecord extends StripeObject {
  object: typeof DETAILS_TYPE;
  token: string;
  details: Record<string, unknown>;
}

function detailsId(tokenId: string): string {
  return `tokdet_${tokenId}`;
}

/** Stores a token of `type` whose `details` a later request applies; `preview` is what the token shows (bank_account). */
export function insertConnectToken(
  ctx: RequestContext, type: ConnectTokenType, details: Record<string, unknown>, preview?: { bank_account: Record<string, unknown> },
): ConnectTokenObject {
  const id = ctx.newId(PREFIX[type]);
  const created = ctx.now();
  const token = {
    id,
    object: 'token',
    ...(preview ?? {}),
    client_ip: null,
    created,
    livemode: false,
    type,
    used: false,
  } as ConnectTokenObject;
  ctx.insert(token);
  const side: DetailsRecord = { id: detailsId(id), object: DETAILS_TYPE, token: id, details };
  ctx.insert(side);
  return token;
}

/** Whether `id` is a stored Connect token of `type` (used or not). */
export function isConnectToken(ctx: RequestContext, id: string, type: ConnectTokenType): boolean {
  const rec = ctx.find<ConnectTokenObject>(id, 'token');
  return rec !== undefined && rec.data.type === type;
}

/**
 * Uses a token of `type` once and returns it with its details. Unknown ids (or a token of another type) are Stripe's
 * "No such token"; a used token is "You cannot use a Stripe token more than once" (`token_already_used`).
 */
export function useConnectToken(ctx: RequestContext, id: string, type: ConnectTokenType, param: string): { token: ConnectTokenObject; details: Record<string, unknown> } {
  const rec = ctx.find<ConnectTokenObject>(id, 'token');
  const details = rec ? ctx.find<DetailsRecord>(detailsId(id), DETAILS_TYPE)?.data.details : undefined;
  if (!rec || rec.data.type !== type || !details) {
    throw invalidRequest(`No such token: '${id.slice(0, 100)}'`, { param, code: 'resource_missing' });
  }
  if (rec.data.used) throw invalidRequest(`You cannot use a Stripe token more than once: ${id}.`, { param, code: 'token_already_used' });
  const token = { ...rec.data, used: true };
  ctx.update(token);
  return { token, details: structuredClone(details) };
}

/**
 * The bank account an `external_account` string names: one of Stripe's fixed test tokens (`btok_us_verified` ...,
 * reusable) or a bank account token created here (used up). Anything else is "No such token".
 */
export function externalAccountParams(ctx: RequestContext, value: string, param: string): Record<string, unknown> {
  const fixed = bankTokenParams(value);
  if (fixed) return fixed;
  return useConnectToken(ctx, value, 'bank_account', param).details;
}

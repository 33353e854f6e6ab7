// Terminal ConnectionTokens: the short-lived secret (`pst_test_...`) a Terminal SDK uses to talk to Stripe,
// optionally restricted to one location. The simulator hands them out and remembers them (internal record) so a
// token can be recognised later; nothing else consumes them yet.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { randomString } from '../ids.ts';
import { p, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';

export type ConnectionTokenObject = Stripe.Terminal.ConnectionToken;

interface SimConnectionToken extends StripeObject {
  object: 'sim_terminal_connection_token';
  location: string | null;
  expires_ms: number;
}

const params: Schema = { location: p.id() };

function create(ctx: RequestContext): ConnectionTokenObject & StripeObject {
  const location = (ctx.params.location as string | undefined) ?? undefined;
  if (location) ctx.get(location, 'terminal.location', { kind: 'terminal.location', param: 'location' });
  const secret = `pst_test_${randomString(24)}`;
  const record: SimConnectionToken = {
    id: `simpst_${secret}`, object: 'sim_terminal_connection_token', location: location ?? null, expires_ms: ctx.clock.nowMs() + 10 * 60 * 1000,
  };
  ctx.insert(record);
  const out: Record<string, unknown> = { object: 'terminal.connection_token' };
  if (location) out.location = location;
  out.secret = secret;
  return out as unknown as ConnectionTokenObject & StripeObject;
}

export const terminalConnectionTokenRoutes: RouteDef[] = [{ method: 'POST', path: '/v1/terminal/connection_tokens', params, handler: create }];

export function registerTerminalConnectionTokens(sim: Simulator): void {
  for (const r of terminalConnectionTokenRoutes) sim.route(r);
}

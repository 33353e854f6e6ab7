// The marketplace's landlord side: landlords sign up (a connected account is created with what the platform
// already knows, prefilled), then onboard with Stripe, hosted (account links) or embedded (account sessions),
// through <ck-connect-onboarding>. The page shows each landlord's status and what is still due; only landlords
// whose account has charges enabled can be paid (the rentals page, /rentals.html, uses destination charges).
// The secret key stays here; the browser only ever gets account ids, link URLs and account session client secrets.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { DemoContext } from '../context.ts';

const ACCOUNT_ID = /^acct_[A-Za-z0-9]{6,64}$/;
const ROLE = 'landlord';

export interface LandlordSummary {
  id: string;
  name: string;
  email: string | null;
  country: string | null;
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  /** True when the account can receive destination charges. */
  can_be_paid: boolean;
  requirements: {
    currently_due: string[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
    disabled_reason: string | null;
    errors: { code: string; reason: string; requirement: string }[];
  };
}

export function summarize(a: Stripe.Account): LandlordSummary {
  const r = a.requirements;
  return {
    id: a.id,
    name: a.metadata?.landlord_name ?? a.business_profile?.name ?? a.email ?? a.id,
    email: a.email,
    country: a.country ?? null,
    details_submitted: a.details_submitted,
    charges_enabled: a.charges_enabled,
    payouts_enabled: a.payouts_enabled,
    can_be_paid: a.charges_enabled && a.capabilities?.transfers === 'active',
    requirements: {
      currently_due: r?.currently_due ?? [],
      eventually_due: r?.eventually_due ?? [],
      past_due: r?.past_due ?? [],
      pending_verification: r?.pending_verification ?? [],
      disabled_reason: r?.disabled_reason ?? null,
      errors: (r?.errors ?? []).map((e) => ({ code: e.code, reason: e.reason, requirement: e.requirement })),
    },
  };
}

function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t && t.length <= max ? t : null;
}

export function marketplaceRoutes(ctx: DemoContext): Hono {
  const app = new Hono();
  const stripe = ctx.stripe;
  const origin = new URL(ctx.baseUrl).origin;

  /** A landlord account of this marketplace, or null (never another platform object). */
  async function landlord(id: unknown): Promise<Stripe.Account | null> {
    if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) return null;
    try {
      const a = await stripe.accounts.retrieve(id);
      return a.metadata?.role === ROLE ? a : null;
    } catch {
      return null;
    }
  }

  /** Return/refresh URLs must come back to this site (no open redirect through Stripe). */
  function ownUrl(v: unknown, fallback: string): string {
    if (typeof v === 'string') {
      try {
        const u = new URL(v, ctx.baseUrl);
        if (u.origin === origin || u.origin === new URL(ctx.baseUrl).origin) return u.toString();
      } catch {
        /* fall through */
      }
    }
    return new URL(fallback, ctx.baseUrl).toString();
  }

  app.get('/marketplace', (c) => c.redirect('/marketplace.html'));

  app.get('/api/marketplace/landlords', async (c) => {
    const out: LandlordSummary[] = [];
    for await (const a of stripe.accounts.list({ limit: 100 })) {
      if (a.metadata?.role === ROLE) out.push(summarize(a));
      if (out.length >= 100) break;
    }
    return c.json({ landlords: out });
  });

  app.post('/api/marketplace/landlords', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const name = text(body.name, 100);
    const email = text(body.email, 200);
    const country = body.country === 'FR' ? 'FR' : 'US';
    if (!name) return c.json({ error: { message: 'Enter the landlord’s name.', field: 'name' } }, 400);
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return c.json({ error: { message: 'Enter a valid email address.', field: 'email' } }, 400);
    const [first, ...rest] = name.split(/\s+/);
    // Prefill what the platform already knows; onboarding shows it for confirmation instead of asking again.
    const account = await stripe.accounts.create({
      country,
      email,
      controller: {
        stripe_dashboard: { type: 'express' },
        fees: { payer: 'application' },
        losses: { payments: 'application' },
        requirement_collection: 'stripe',
      },
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      business_type: 'individual',
      individual: { first_name: first, ...(rest.length ? { last_name: rest.join(' ') } : {}), email },
      business_profile: { mcc: '6513', product_description: 'Short-term apartment rentals through the checkout-kit demo marketplace.' },
      metadata: { role: ROLE, landlord_name: name },
    });
    return c.json({ landlord: summarize(account) }, 201);
  });

  app.post('/api/marketplace/account-link', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const a = await landlord(body.account);
    if (!a) return c.json({ error: { message: 'Unknown landlord account.' } }, 404);
    const link = await stripe.accountLinks.create({
      account: a.id,
      type: 'account_onboarding',
      refresh_url: ownUrl(body.refresh_url, `/marketplace.html?account=${a.id}&mode=hosted&ck_onboarding=refresh`),
      return_url: ownUrl(body.return_url, `/marketplace.html?account=${a.id}&mode=hosted&ck_onboarding=return`),
      collection_options: { fields: body.collect === 'eventually_due' ? 'eventually_due' : 'currently_due' },
    });
    return c.json({ url: link.url, expires_at: link.expires_at });
  });

  app.post('/api/marketplace/account-session', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const a = await landlord(body.account);
    if (!a) return c.json({ error: { message: 'Unknown landlord account.' } }, 404);
    const session = await stripe.accountSessions.create({
      account: a.id,
      components: { account_onboarding: { enabled: true, features: { external_account_collection: true } } },
    });
    return c.json({ client_secret: session.client_secret, expires_at: session.expires_at });
  });

  app.get('/api/marketplace/account-status', async (c) => {
    const a = await landlord(c.req.query('account'));
    if (!a) return c.json({ error: { message: 'Unknown landlord account.' } }, 404);
    return c.json(summarize(a));
  });

  return app;
}

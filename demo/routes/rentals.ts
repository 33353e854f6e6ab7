// The rental marketplace's payment side: a renter books a stay and pays the landlord (a connected account)
// through Checkout with a destination charge; the platform keeps an application fee (12.3%, so a $10.00 night
// leaves the landlord $8.77 and the platform $0.64 after Stripe's fee). A ledger endpoint shows balances,
// transfers, application fees and the webhook log. Landlord onboarding itself is /marketplace.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { DemoContext } from '../context.ts';

/** The platform's commission, in basis points (12.3%). */
export const PLATFORM_FEE_BPS = 1230;
const NIGHTLY = 1000;

export function platformFee(amount: number): number {
  return Math.round((amount * PLATFORM_FEE_BPS) / 10_000);
}

const ACCOUNT_ID = /^acct_[A-Za-z0-9]+$/;

function landlordName(a: Stripe.Account): string {
  return a.business_profile?.name || [a.individual?.first_name, a.individual?.last_name].filter(Boolean).join(' ') || a.email || a.id;
}

async function landlords(ctx: DemoContext): Promise<Stripe.Account[]> {
  const list = await ctx.stripe.accounts.list({ limit: 100 });
  return list.data.filter((a) => a.capabilities?.transfers === 'active');
}

export function rentalRoutes(ctx: DemoContext): Hono {
  const app = new Hono();

  app.get('/rentals', (c) => c.redirect('/rentals.html'));

  app.get('/api/rentals/listings', async (c) => {
    const accounts = await landlords(ctx);
    return c.json({
      nightly: NIGHTLY,
      currency: 'usd',
      feeBps: PLATFORM_FEE_BPS,
      listings: accounts.map((a) => ({ landlord: a.id, name: landlordName(a), title: `Flat of ${landlordName(a)}` })),
    });
  });

  // Test-mode shortcut: a landlord that passes verification with Stripe's test values (real onboarding: /marketplace).
  app.post('/api/rentals/demo-landlord', async (c) => {
    if (!ctx.simulatorUrl) return c.json({ error: 'Only available on the simulator' }, 403);
    const account = await ctx.stripe.accounts.create({
      country: 'US', type: 'custom', email: 'landlord@example.com',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      business_type: 'individual',
      business_profile: { name: 'Jane’s loft', mcc: '6513', url: 'https://rentals.example/jane', product_description: 'Short-term rentals' },
      individual: {
        first_name: 'Jane', last_name: 'Landlord', dob: { day: 1, month: 1, year: 1901 }, ssn_last_4: '0000', id_number: '000000000',
        email: 'landlord@example.com', phone: '+15555550100',
        address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
      },
      tos_acceptance: { date: Math.floor(Date.now() / 1000), ip: '127.0.0.1' },
      external_account: 'btok_us_verified',
    } as Stripe.AccountCreateParams);
    return c.json({ id: account.id, transfers: account.capabilities?.transfers ?? null });
  });

  // The renter books: a Checkout Session whose PaymentIntent is a destination charge with the platform's fee.
  app.post('/rentals/book', async (c) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const landlord = String(form.landlord ?? '');
    const nights = Number(form.nights ?? 1);
    if (!ACCOUNT_ID.test(landlord) || !Number.isInteger(nights) || nights < 1 || nights > 30) return c.text('Invalid booking', 400);
    const account = (await landlords(ctx)).find((a) => a.id === landlord);
    if (!account) return c.text('This landlord cannot receive payments yet', 400);
    const amount = NIGHTLY * nights;
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: nights, price_data: { currency: 'usd', unit_amount: NIGHTLY, product_data: { name: `Night at ${landlordName(account)}` } } }],
      payment_intent_data: {
        application_fee_amount: platformFee(amount),
        transfer_data: { destination: landlord },
        description: `Rental: ${nights} night(s)`,
        metadata: { landlord },
      },
      success_url: `${ctx.baseUrl}/rentals.html?booked={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ctx.baseUrl}/rentals.html`,
    });
    return c.redirect(session.url!, 303);
  });

  // Everything the ledger page shows: balances per account, transfers, application fees, the webhook log.
  app.get('/api/rentals/ledger', async (c) => {
    const accounts = await landlords(ctx);
    const sum = (b: Stripe.Balance, k: 'available' | 'pending') => b[k].find((x) => x.currency === 'usd')?.amount ?? 0;
    const platform = await ctx.stripe.balance.retrieve();
    const perLandlord = await Promise.all(
      accounts.map(async (a) => {
        const b = await ctx.stripe.balance.retrieve({}, { stripeAccount: a.id });
        return { id: a.id, name: landlordName(a), available: sum(b, 'available'), pending: sum(b, 'pending') };
      }),
    );
    const [transfers, fees, txns] = await Promise.all([
      ctx.stripe.transfers.list({ limit: 20 }),
      ctx.stripe.applicationFees.list({ limit: 20 }),
      ctx.stripe.balanceTransactions.list({ limit: 30 }),
    ]);
    return c.json({
      currency: 'usd',
      platform: { available: sum(platform, 'available'), pending: sum(platform, 'pending') },
      landlords: perLandlord,
      transfers: transfers.data.map((t) => ({ id: t.id, amount: t.amount, destination: t.destination, created: t.created, source_transaction: t.source_transaction })),
      applicationFees: fees.data.map((f) => ({ id: f.id, amount: f.amount, account: f.account, charge: f.charge, created: f.created })),
      balanceTransactions: txns.data.map((t) => ({ id: t.id, type: t.type, amount: t.amount, fee: t.fee, net: t.net, status: t.status, available_on: t.available_on })),
      webhooks: ctx.store.webhookLog.slice(0, 30),
    });
  });

  return app;
}

// Connect fixtures shared by the simulator's tests.
import assert from 'node:assert/strict';
import type Stripe from 'stripe';

/** A US custom account that passes verification with Stripe's test values: transfers and card_payments active. */
export async function onboardedAccount(stripe: Stripe): Promise<string> {
  const a = await stripe.accounts.create({
    country: 'US', type: 'custom', capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    business_type: 'individual', business_profile: { mcc: '6513', url: 'https://landlord.example', product_description: 'Rentals' },
    individual: {
      first_name: 'Jane', last_name: 'Landlord', dob: { day: 1, month: 1, year: 1901 }, ssn_last_4: '0000', id_number: '000000000',
      email: 'jane@example.com', phone: '+15555550100',
      address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
    },
    tos_acceptance: { date: Math.floor(Date.now() / 1000), ip: '127.0.0.1' },
    external_account: 'btok_us_verified',
  } as Stripe.AccountCreateParams);
  assert.equal(a.capabilities?.transfers, 'active');
  return a.id;
}

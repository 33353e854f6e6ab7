// In-person payments: the card_present / interac_present PaymentMethod a reader creates when a card is presented,
// the Charge with `payment_method_details.card_present` (receipt fields, read method), and the PaymentIntent
// transition (succeeded, requires_capture, or back to requires_payment_method with last_payment_error). Tips are
// added to the amount the reader authorises: `amount` grows by the tip and `amount_details.tip.amount` records it.

import type Stripe from 'stripe';
import { intentErrorOf, type CardDecline } from '../cards.ts';
import type { RequestContext } from '../context.ts';
import { onChargeCaptured } from '../connect-money/index.ts';
import { insertChargeTransaction } from '../resources/balance_transactions.ts';
import { chargeIndex, newChargeObject, type ChargeObject } from '../resources/charges.ts';
import type { PaymentIntentObject } from '../resources/payment_intents.ts';
import type { PaymentMethodObject } from '../resources/payment_methods.ts';
import type { PresentedCard } from './outcomes.ts';

/** Payment method types a reader can collect for a PaymentIntent. */
export const IN_PERSON_TYPES = ['card_present', 'interac_present'] as const;

/**
 * The types a PaymentIntent accepts (allowed_payment_method_types on endive, else payment_method_types). An intent
 * with dynamic payment methods (`automatic_payment_methods[enabled]`, and no allowed list) accepts card_present
 * unless it excludes it: Stripe's API reference hands exactly such an intent (`{amount: 2000, currency: 'usd',
 * automatic_payment_methods: {enabled: true}}`) to process_payment_intent and collect_payment_method.
 */
export function acceptedTypes(pi: PaymentIntentObject): string[] {
  const allowed = (pi as unknown as { allowed_payment_method_types?: string[] | null }).allowed_payment_method_types;
  const types = [...new Set([...(pi.payment_method_types ?? []), ...(allowed ?? [])])];
  const excluded = (pi.excluded_payment_method_types ?? []) as string[];
  if (pi.automatic_payment_methods?.enabled && !allowed?.length && !excluded.includes('card_present') && !types.includes('card_present')) {
    types.push('card_present');
  }
  return types;
}

/** Inserts the PaymentMethod a reader created from a presented card (never attached, as on Stripe). */
export function insertPresentPaymentMethod(ctx: RequestContext, card: PresentedCard): PaymentMethodObject {
  const details = {
    brand: card.brand,
    brand_product: null,
    cardholder_name: null,
    country: card.country,
    description: null,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    fingerprint: card.fingerprint,
    funding: card.funding,
    issuer: null,
    last4: card.last4,
    networks: { available: [card.brand], preferred: null },
    offline: null,
    preferred_locales: ['en', 'fr'],
    read_method: card.read_method,
    wallet: { type: 'unknown' },
  };
  const pm = {
    id: ctx.newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null, name: null, phone: null, tax_id: null,
    },
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: card.type,
    [card.type]: details,
  } as unknown as PaymentMethodObject;
  ctx.insert(pm, { customer: null, type: card.type });
  return pm;
}

function authorizationCode(): string {
  return String(100000 + Math.floor(Math.random() * 900000));
}

function receiptOf(card: PresentedCard, approved: boolean, authCode: string | null): Stripe.Charge.PaymentMethodDetails.CardPresent.Receipt {
  const names: Record<string, string> = { visa: 'Visa Credit', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', interac: 'Interac' };
  return {
    account_type: card.funding === 'debit' ? 'checking' : card.funding === 'prepaid' ? 'prepaid' : 'credit',
    application_cryptogram: '8BC1A5F2E7D3C9B0',
    application_preferred_name: names[card.brand] ?? card.brand.toUpperCase(),
    authorization_code: authCode,
    authorization_response_code: approved ? '3030' : '3035',
    cardholder_verification_method: card.cvm,
    dedicated_file_name: card.brand === 'mastercard' ? 'A0000000041010' : 'A0000000031010',
    terminal_verification_results: '0000000000',
    transaction_status_information: '0000',
  } as Stripe.Charge.PaymentMethodDetails.CardPresent.Receipt;
}

function chargeOutcome(decline: CardDecline | null): Stripe.Charge.Outcome {
  if (!decline) {
    return {
      advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network',
      reason: null, risk_level: 'not_assessed', seller_message: 'Payment complete.', type: 'authorized',
    } as unknown as Stripe.Charge.Outcome;
  }
  const reason = decline.decline_code ?? decline.code;
  return {
    advice_code: decline.advice_code ?? null, network_advice_code: null, network_decline_code: reason === 'generic_decline' ? '05' : null,
    network_status: 'declined_by_network', reason, risk_level: 'not_assessed',
    seller_message: reason === 'generic_decline' ? 'The bank did not return any further details with this decline.' : `The bank returned the decline code \`${reason}\`.`,
    type: 'issuer_declined',
  } as unknown as Stripe.Charge.Outcome;
}

export interface InPersonChargeInput {
  pi: PaymentIntentObject;
  pm: PaymentMethodObject;
  card: PresentedCard;
  amount: number;
  decline: CardDecline | null;
  capture: boolean;
  reader: string;
  location: string | null;
}

/** Inserts the charge of one in-person attempt, with its balance transaction when captured. */
export function insertInPersonCharge(ctx: RequestContext, input: InPersonChargeInput): ChargeObject {
  const { pi, pm, card, amount, decline } = input;
  const approved = decline === null;
  const captured = approved && input.capture;
  const authCode = approved ? authorizationCode() : null;
  const details: Record<string, unknown> = {
    amount_authorized: approved ? amount : null,
    brand: card.brand,
    brand_product: null,
    capture_before: approved && !captured ? ctx.now() + 2 * 24 * 3600 : undefined,
    cardholder_name: null,
    country: card.country,
    description: null,
    emv_auth_data: approved ? 'ck-sim-emv-auth' : null,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    fingerprint: card.fingerprint,
    funding: card.funding,
    generated_card: null,
    incremental_authorization_supported: false,
    issuer: null,
    last4: card.last4,
    location: input.location ?? undefined,
    network: card.brand,
    network_transaction_id: approved ? String(Math.floor(1e14 + Math.random() * 9e14)) : null,
    offline: null,
    overcapture_supported: false,
    preferred_locales: ['en', 'fr'],
    read_method: card.read_method,
    reader: input.reader,
    receipt: receiptOf(card, approved, authCode),
    wallet: { type: 'unknown' },
  };
  for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
  const charge = newChargeObject(ctx, {
    pi,
    pm,
    amount,
    captured,
    decline,
    outcome: chargeOutcome(decline),
    paymentMethodDetails: { type: card.type, [card.type]: details },
  });
  if (captured) {
    charge.balance_transaction = insertChargeTransaction(ctx, charge).id;
    onChargeCaptured(ctx, charge, pi, charge.amount_captured); // Connect: transfers, application fees
  }
  ctx.insert(charge, chargeIndex(charge));
  return charge;
}

function savePi(ctx: RequestContext, pi: PaymentIntentObject): void {
  const customer = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
  ctx.update(pi, { customer, status: pi.status });
}

export interface InPersonResult {
  pi: PaymentIntentObject;
  charge: ChargeObject;
  pm: PaymentMethodObject;
  decline: CardDecline | null;
}

/**
 * Runs the authorisation of `pi` with a presented card and a tip: succeeded (automatic capture) or requires_capture
 * (manual), or a decline that returns the intent to requires_payment_method with `last_payment_error`.
 */
export function payInPerson(
  ctx: RequestContext, pi: PaymentIntentObject, card: PresentedCard, tip: number, decline: CardDecline | null,
  where: { reader: string; location: string | null }, collected?: PaymentMethodObject,
): InPersonResult {
  const pm = collected ?? insertPresentPaymentMethod(ctx, card);
  const amount = pi.amount + tip;
  const manual = pi.capture_method === 'manual'
    || (pi.payment_method_options as { card_present?: { capture_method?: string } } | null)?.card_present?.capture_method === 'manual';
  const charge = insertInPersonCharge(ctx, { pi, pm, card, amount, decline, capture: !manual, reader: where.reader, location: where.location });
  pi.latest_charge = charge.id;
  pi.next_action = null;
  if (decline) {
    const lastError = intentErrorOf(decline, pm, { type: 'card_error', charge: charge.id, paymentMethodType: card.type });
    pi.last_payment_error = lastError as unknown as Stripe.PaymentIntent.LastPaymentError;
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    savePi(ctx, pi);
    ctx.emit('charge.failed', charge);
    ctx.emit('payment_intent.payment_failed', pi);
    return { pi, charge, pm, decline };
  }
  if (tip > 0) {
    pi.amount = amount;
    pi.amount_details = { ...(pi.amount_details ?? {}), tip: { amount: tip } } as Stripe.PaymentIntent.AmountDetails;
  }
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = amount;
  } else {
    pi.status = 'succeeded';
    pi.amount_received = amount;
  }
  savePi(ctx, pi);
  ctx.emit('charge.succeeded', charge);
  ctx.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', pi);
  return { pi, charge, pm, decline: null };
}


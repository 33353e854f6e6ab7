// Connect money movement, called from the payments modules at the points where money moves:
//
// - Destination charges (`transfer_data[destination]` on a platform PaymentIntent): when the charge is captured,
//   the full amount (or `transfer_data[amount]`) is transferred to the destination (Transfer `tr_`, a platform
//   balance transaction of type `transfer`), which receives it as a payment (`py_`, balance transaction of type
//   `payment`); an `application_fee_amount` is then taken back from that payment for the platform (ApplicationFee
//   `fee_`, platform balance transaction of type `application_fee`). $10.00 with a $1.23 fee: the destination nets
//   $8.77; the platform keeps 10.00 - 0.59 (Stripe fee) - 10.00 + 1.23 = $0.64.
// - Direct charges (made with `Stripe-Account`): the charge and its Stripe fee are on the connected account, the
//   application fee is one more fee detail of that charge's balance transaction and goes to the platform.
//   $10.00 with a $1.23 fee: the connected account nets 10.00 - 0.59 - 1.23 = $8.18.
//
// Objects live on the account that owns them: transfers and application fees on the platform, payments on the
// destination. Everything here runs inside the caller's transaction.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.ts';
import type { FeeBreakdown } from '../money.ts';
import { availableOn } from '../resources/balance_transactions.ts';
import { simCardOf } from '../resources/payment_methods.ts';
import { cardSpecFor } from '../cards.ts';

/** The platform's Connect application (what `application` fields show). */
export const PLATFORM_APPLICATION = 'ca_CkSimPlatformApplication01';

type ChargeLike = { id: string; application_fee_amount?: number | null };
type PI = Stripe.PaymentIntent & StripeObject;
type Charge = Stripe.Charge & StripeObject;

export interface TransferObject extends StripeObject {
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string | null;
  livemode: boolean;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: unknown[]; has_more: boolean; total_count: number; url: string };
  reversed: boolean;
  source_transaction: string | null;
  source_type: string;
  transfer_group: string | null;
}

export interface ApplicationFeeObject extends StripeObject {
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  fee_source: { charge: string; type: 'charge' };
  livemode: boolean;
  originating_transaction: string | null;
  refunded: boolean;
  refunds: { object: 'list'; data: unknown[]; has_more: boolean; total_count: number; url: string };
}

/** A connected account of this platform, or undefined. */
export function connectedAccount(ctx: RequestContext, id: string): StripeObject | undefined {
  const rec = ctx.store.get<StripeObject>(id);
  if (!rec || rec.type !== 'account' || rec.account !== ctx.platformAccount) return undefined;
  return rec.data;
}

/**
 * Validates the Connect parameters of a payment (`application_fee_amount`, `transfer_data`, `on_behalf_of`) for an
 * amount, and that a connected account making a direct charge has `card_payments` active; `prefix` names the
 * parameter group in errors (`payment_intent_data` on Checkout).
 */
export function checkDestinationCharge(ctx: RequestContext, q: Record<string, unknown>, amount: number, prefix = ''): void {
  const at = (k: string, sub?: string) => {
    const name = sub ? `${k}[${sub}]` : k;
    return prefix ? `${prefix}[${k}]${sub ? `[${sub}]` : ''}` : name;
  };
  const td = (q.transfer_data as { destination?: string; amount?: number } | null | undefined) ?? null;
  const fee = (q.application_fee_amount as number | null | undefined) ?? null;
  const direct = ctx.account !== ctx.platformAccount;
  if (td && !td.destination) throw parameterMissing(at('transfer_data', 'destination'));
  if (direct) {
    // A direct charge is made on the connected account: it must be able to accept card payments (Stripe's message).
    const caps = connectedAccount(ctx, ctx.account)?.capabilities as Record<string, string> | undefined;
    if (caps && caps.card_payments !== 'active') {
      throw invalidRequest('You cannot create a charge on a connected account without the `card_payments` capability enabled.');
    }
  }
  if (td?.destination) {
    if (direct) {
      throw invalidRequest('Connected accounts cannot create destination charges: `transfer_data` is only available to the platform.', { param: at('transfer_data') });
    }
    const acct = connectedAccount(ctx, td.destination);
    if (!acct) throw resourceMissing('destination', td.destination, at('transfer_data', 'destination'));
    const caps = acct.capabilities as Record<string, string> | undefined;
    if (caps && caps.transfers !== 'active' && caps.legacy_payments !== 'active' && caps.crypto_transfers !== 'active') {
      throw invalidRequest(
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        { param: at('transfer_data', 'destination'), code: 'insufficient_capabilities_for_transfer' },
      );
    }
    // Stripe's message, verbatim: destination charges settle on the platform, so the destination must be in the
    // platform's region unless the charge settles on the connected account (on_behalf_of).
    const settlesOn = (q.on_behalf_of as string | null | undefined) ?? null;
    const country = (acct.country as string | undefined) ?? 'US';
    if (regionOf(country) !== regionOf(platformCountry(ctx)) && settlesOn !== td.destination) {
      throw invalidRequest(
        `Cannot create a destination charge for connected accounts in ${country} because funds would be settled on the platform and the connected account is outside the platform's region. You may use the \`on_behalf_of\` parameter to have the charge settle in the connected account's country. For more information on \`on_behalf_of\`, see https://stripe.com/docs/connect/charges-transfers#on-behalf-of. If using capabilities (e.g. \`card_payments\`, \`transfers\`), note that they affect settlement as well. For more information on capabilities, see https://stripe.com/docs/connect/account-capabilities. If you still need assistance, please contact us via https://support.stripe.com/contact.`,
        { param: at('transfer_data', 'destination') },
      );
    }
    if (td.amount !== undefined && td.amount !== null) {
      if (fee !== null) {
        throw invalidRequest('You may only specify one of these parameters: application_fee_amount, transfer_data[amount].', { param: at('application_fee_amount') });
      }
      if (td.amount > amount) {
        throw invalidRequest('The `transfer_data[amount]` must be less than or equal to the payment amount.', { param: at('transfer_data', 'amount') });
      }
    }
  }
  if (fee !== null && fee > 0) {
    if (!direct && !td?.destination) {
      throw invalidRequest(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        { param: at('application_fee_amount') },
      );
    }
    if (fee > amount) {
      throw invalidRequest('The application fee amount cannot be greater than the amount of the payment.', { param: at('application_fee_amount') });
    }
  }
  const obo = (q.on_behalf_of as string | null | undefined) ?? null;
  if (obo) {
    if (!connectedAccount(ctx, obo)) throw resourceMissing('account', obo, at('on_behalf_of'));
    if (td?.destination && td.destination !== obo) {
      // Stripe's wording (first sentence; its explanation that follows is not reproduced).
      throw invalidRequest(
        'You cannot specify an `on_behalf_of` value that is different from the `transfer_data[destination]` value when using `card` or `card_present` in `payment_method_types`.',
        { param: at('on_behalf_of') },
      );
    }
  }
}

/** Stripe's settlement regions for cross-border Connect: Europe (EEA, United Kingdom, Switzerland), else the country. */
const EUROPE = new Set([
  'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV',
  'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

function regionOf(country: string): string {
  return EUROPE.has(country.toUpperCase()) ? 'EUROPE' : country.toUpperCase();
}

function platformCountry(ctx: RequestContext): string {
  return (ctx.store.get<{ country?: string | null }>(ctx.platformAccount)?.data.country ?? 'US') || 'US';
}

function applicationFeeOf(ctx: RequestContext, charge: ChargeLike): number {
  if (charge.application_fee_amount !== undefined) return charge.application_fee_amount ?? 0;
  return ctx.find<Charge>(charge.id, 'charge')?.data.application_fee_amount ?? 0;
}

/**
 * Fees of a charge's balance transaction: on a direct charge (made on a connected account) the application fee
 * is collected from the charge next to Stripe's fee. Called by BalanceTransactions when it records a charge.
 */
export function withApplicationFee(ctx: RequestContext, charge: ChargeLike, currency: string, base: FeeBreakdown): FeeBreakdown {
  if (ctx.account === ctx.platformAccount) return base;
  const fee = Math.min(applicationFeeOf(ctx, charge), base.net);
  if (fee <= 0) return base;
  return {
    fee: base.fee + fee,
    net: base.net - fee,
    fee_details: [
      ...base.fee_details,
      { amount: fee, application: PLATFORM_APPLICATION, currency, description: 'Application fee', type: 'application_fee' },
    ] as unknown as FeeBreakdown['fee_details'],
  };
}

export function insertTxn(
  ctx: RequestContext, account: string,
  t: { amount: number; fee?: number; feeDetails?: unknown[]; currency: string; type: string; category: string; source: string; description: string | null; on: number },
): StripeObject {
  const created = ctx.now();
  const fee = t.fee ?? 0;
  const bt = {
    id: ctx.newId('txn'),
    object: 'balance_transaction',
    amount: t.amount,
    available_on: t.on,
    balance_type: 'payments',
    created,
    currency: t.currency,
    description: t.description,
    exchange_rate: null,
    fee,
    fee_details: t.feeDetails ?? [],
    net: t.amount - fee,
    reporting_category: t.category,
    source: t.source,
    status: t.on <= created ? 'available' : 'pending',
    type: t.type,
  };
  ctx.insert(bt, { type: t.type, source: t.source, currency: t.currency }, { account });
  return bt;
}

function emitOn(ctx: RequestContext, account: string, type: string, obj: StripeObject): void {
  ctx.emit(type, obj, { account });
}

/** Creates the platform's ApplicationFee for a charge (and its balance transaction). */
function collectApplicationFee(
  ctx: RequestContext, opts: { from: string; charge: string; originating: string | null; amount: number; currency: string; on: number },
): ApplicationFeeObject {
  const id = ctx.newId('fee');
  const bt = insertTxn(ctx, ctx.platformAccount, {
    amount: opts.amount, currency: opts.currency, type: 'application_fee', category: 'platform_earning', source: id,
    description: null, on: opts.on,
  });
  const fee: ApplicationFeeObject = {
    id,
    object: 'application_fee',
    account: opts.from,
    amount: opts.amount,
    amount_refunded: 0,
    application: PLATFORM_APPLICATION,
    balance_transaction: bt.id,
    charge: opts.charge,
    created: ctx.now(),
    currency: opts.currency,
    fee_source: { charge: opts.charge, type: 'charge' },
    livemode: false,
    originating_transaction: opts.originating,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/application_fees/${id}/refunds` },
  };
  ctx.insert(fee, { account: opts.from, charge: opts.charge }, { account: ctx.platformAccount });
  emitOn(ctx, ctx.platformAccount, 'application_fee.created', fee);
  return fee;
}

/**
 * Money movement when a charge is captured for `amount`. Mutates `charge` (transfer, transfer_data,
 * application_fee, on_behalf_of); the caller stores it. Call before inserting/updating the charge.
 */
export function onChargeCaptured(ctx: RequestContext, charge: Charge, pi: PI | undefined, amount: number): void {
  if (!pi) return;
  const feeAmount = Math.min(pi.application_fee_amount ?? 0, amount);
  const on = chargeFundsAvailableOn(ctx, charge);
  if (pi.on_behalf_of) charge.on_behalf_of = pi.on_behalf_of;
  if (charge.transfer) return; // already moved (a later capture of the same charge)
  const direct = ctx.account !== ctx.platformAccount;
  if (direct) {
    if (feeAmount > 0) {
      const fee = collectApplicationFee(ctx, { from: ctx.account, charge: charge.id, originating: null, amount: feeAmount, currency: charge.currency, on });
      charge.application_fee = fee.id;
      charge.application_fee_amount = feeAmount;
      charge.application = PLATFORM_APPLICATION;
    }
    return;
  }
  const td = pi.transfer_data as { destination: string | { id: string }; amount?: number | null } | null;
  if (!td) return;
  const destination = typeof td.destination === 'string' ? td.destination : td.destination.id;
  const transferAmount = Math.min(td.amount ?? amount, amount);
  const { transfer, fee } = createTransfer(ctx, {
    amount: transferAmount, currency: charge.currency, destination, sourceTransaction: charge.id,
    transferGroup: charge.transfer_group ?? `group_${pi.id}`, applicationFee: feeAmount, on, metadata: {}, description: null,
  });
  const transferId = transfer.id;
  const transferGroup = transfer.transfer_group;
  charge.transfer = transferId;
  charge.transfer_group = transferGroup;
  // The PaymentIntent shows the group too (`group_<pi id>` unless it had one); the caller stores the intent.
  if (!pi.transfer_group) pi.transfer_group = transferGroup;
  charge.transfer_data = { amount: td.amount ?? null, destination } as Stripe.Charge.TransferData;
  if (fee) {
    charge.application_fee = fee.id;
    charge.application_fee_amount = feeAmount;
    charge.application = PLATFORM_APPLICATION;
  }
}

/**
 * When the funds of a captured charge become available: the date of its balance transaction, or, before an
 * asynchronous capture has attached one, the date that transaction will get (at once for Stripe's bypass-pending
 * test cards such as 4000000000000077, else the usual schedule). A destination charge's transfer, the destination's
 * payment and the application fee are funded by the charge, so they become available with it (as a transfer with
 * `source_transaction` does).
 */
function chargeFundsAvailableOn(ctx: RequestContext, charge: Charge): number {
  const btId = typeof charge.balance_transaction === 'string' ? charge.balance_transaction : charge.balance_transaction?.id;
  const bt = btId ? ctx.find<{ available_on: number }>(btId, 'balance_transaction')?.data : undefined;
  if (bt) return bt.available_on;
  const number = typeof charge.payment_method === 'string' ? simCardOf(ctx, charge.payment_method)?.number : undefined;
  return availableOn(ctx.now(), number ? cardSpecFor(number).bypassPending === true : false);
}

export interface TransferInput {
  amount: number;
  currency: string;
  destination: string;
  sourceTransaction: string | null;
  transferGroup: string | null;
  /** Taken back from the destination's payment for the platform (destination charges). */
  applicationFee: number;
  on: number;
  metadata: Record<string, string>;
  description: string | null;
}

/**
 * A platform -> connected account transfer: the Transfer and its (negative) platform balance transaction, the
 * destination's payment `py_` and its balance transaction, and the ApplicationFee taken from it, if any.
 */
export function createTransfer(ctx: RequestContext, input: TransferInput): { transfer: TransferObject; fee: ApplicationFeeObject | null } {
  const { destination, on } = input;
  const transferAmount = input.amount;
  const feeAmount = input.applicationFee;
  const charge = { currency: input.currency };
  const transferId = ctx.newId('tr');
  const paymentId = ctx.newId('py');
  const transferGroup = input.transferGroup;
  const platformBt = insertTxn(ctx, ctx.platformAccount, {
    amount: -transferAmount, currency: charge.currency, type: 'transfer', category: 'transfer', source: transferId, description: null, on,
  });
  const transfer: TransferObject = {
    id: transferId,
    object: 'transfer',
    amount: transferAmount,
    amount_reversed: 0,
    balance_transaction: platformBt.id,
    created: ctx.now(),
    currency: charge.currency,
    description: input.description,
    destination,
    destination_payment: paymentId,
    livemode: false,
    metadata: input.metadata,
    reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${transferId}/reversals` },
    reversed: false,
    source_transaction: input.sourceTransaction,
    source_type: input.sourceTransaction ? 'card' : 'card',
    transfer_group: transferGroup,
  };
  ctx.insert(transfer, { destination, transfer_group: transferGroup, source_transaction: input.sourceTransaction }, { account: ctx.platformAccount });

  // The destination receives the transfer as a payment; the application fee is taken from it.
  let fee: ApplicationFeeObject | null = null;
  if (feeAmount > 0) {
    fee = collectApplicationFee(ctx, { from: destination, charge: paymentId, originating: input.sourceTransaction, amount: feeAmount, currency: charge.currency, on });
  }
  const paymentBt = insertTxn(ctx, destination, {
    amount: transferAmount, fee: fee ? feeAmount : 0, currency: charge.currency, type: 'payment', category: 'charge', source: paymentId,
    description: null, on,
    feeDetails: fee ? [{ amount: feeAmount, application: PLATFORM_APPLICATION, currency: charge.currency, description: 'Application fee', type: 'application_fee' }] : [],
  });
  const payment = {
    id: paymentId,
    object: 'charge',
    amount: transferAmount,
    amount_captured: transferAmount,
    amount_refunded: 0,
    application: PLATFORM_APPLICATION,
    application_fee: fee?.id ?? null,
    application_fee_amount: fee ? feeAmount : null,
    balance_transaction: paymentBt.id,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: null,
    captured: true,
    created: ctx.now(),
    currency: charge.currency,
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid: true,
    payment_intent: null,
    payment_method: null,
    payment_method_details: { stripe_account: {}, type: 'stripe_account' },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: transferId,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: transferGroup,
  };
  ctx.insert(payment, { customer: null, payment_intent: null }, { account: destination });
  emitOn(ctx, ctx.platformAccount, 'transfer.created', transfer);

  return { transfer, fee };
}

export interface ReversalObject extends StripeObject {
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  destination_payment_refund: string | null;
  metadata: Record<string, string>;
  source_refund: string | null;
  transfer: string;
}

/** Reverses `amount` of a transfer: platform `transfer_refund` (+), destination `payment_refund` (-); transfer.reversed. */
export function createReversal(
  ctx: RequestContext, t: TransferObject, amount: number, metadata: Record<string, string>, sourceRefund: string | null,
): ReversalObject {
  const id = ctx.newId('trr');
  const now = ctx.now();
  const bt = insertTxn(ctx, ctx.platformAccount, { amount, currency: t.currency, type: 'transfer_refund', category: 'transfer_reversal', source: id, description: null, on: now });
  let refundId: string | null = null;
  if (t.destination_payment) {
    refundId = ctx.newId('pyr');
    insertTxn(ctx, t.destination, { amount: -amount, currency: t.currency, type: 'payment_refund', category: 'refund', source: refundId, description: null, on: now });
  }
  const reversal: ReversalObject = {
    id, object: 'transfer_reversal', amount, balance_transaction: bt.id, created: now, currency: t.currency,
    destination_payment_refund: refundId, metadata, source_refund: sourceRefund, transfer: t.id,
  };
  ctx.insert(reversal, { transfer: t.id }, { account: ctx.platformAccount });
  const before = { amount_reversed: t.amount_reversed, reversed: t.reversed };
  t.amount_reversed += amount;
  t.reversed = t.amount_reversed >= t.amount;
  t.reversals = { ...t.reversals, total_count: t.reversals.total_count + 1 };
  ctx.update(t);
  ctx.emit('transfer.reversed', t, { account: ctx.platformAccount, previousAttributes: before });
  return reversal;
}

/** Application fee refund `fr_`: the platform gives back part of its fee (application_fee_refund transactions). */
export function refundApplicationFee(ctx: RequestContext, fee: ApplicationFeeObject, amount: number, metadata: Record<string, string> = {}): StripeObject | null {
  if (amount <= 0) return null;
  const id = ctx.newId('fr');
  const now = ctx.now();
  const bt = insertTxn(ctx, ctx.platformAccount, { amount: -amount, currency: fee.currency, type: 'application_fee_refund', category: 'platform_earning_refund', source: id, description: null, on: now });
  insertTxn(ctx, fee.account, { amount, currency: fee.currency, type: 'application_fee_refund', category: 'fee', source: id, description: null, on: now });
  const fr = { id, object: 'fee_refund', amount, balance_transaction: bt.id, created: now, currency: fee.currency, fee: fee.id, metadata };
  ctx.insert(fr, { fee: fee.id }, { account: ctx.platformAccount });
  fee.amount_refunded += amount;
  fee.refunded = fee.amount_refunded >= fee.amount;
  fee.refunds = { ...fee.refunds, data: [fr, ...fee.refunds.data].slice(0, 10), total_count: fee.refunds.total_count + 1 };
  ctx.update(fee);
  emitOn(ctx, ctx.platformAccount, 'application_fee.refunded', fee);
  return fr;
}

/**
 * Connect side of a refund (called by Refunds before it stores the refund): `reverse_transfer` takes back the
 * transfer of a destination charge in proportion to the refund; `refund_application_fee` gives back the
 * application fee in the same proportion. Sets `refund.transfer_reversal`.
 */
export function onChargeRefunded(
  ctx: RequestContext, charge: Charge, refund: StripeObject & { amount: number; transfer_reversal?: unknown },
  opts: { reverseTransfer: boolean; refundApplicationFee: boolean },
): void {
  const share = (total: number) => Math.round((total * refund.amount) / charge.amount);
  if (opts.reverseTransfer) {
    if (ctx.account !== ctx.platformAccount || typeof charge.transfer !== 'string') {
      throw invalidRequest('You cannot reverse the transfer of a charge that has no transfer (only destination charges can use `reverse_transfer`).', { param: 'reverse_transfer' });
    }
    const t = ctx.store.get<TransferObject>(charge.transfer)?.data;
    if (t) {
      const amount = Math.min(share(t.amount), t.amount - t.amount_reversed);
      if (amount > 0) refund.transfer_reversal = createReversal(ctx, t, amount, {}, refund.id).id;
    }
  }
  if (opts.refundApplicationFee) {
    const feeId = typeof charge.application_fee === 'string' ? charge.application_fee : null;
    const fee = feeId ? ctx.store.get<ApplicationFeeObject>(feeId)?.data : undefined;
    if (fee) refundApplicationFee(ctx, fee, Math.min(share(fee.amount), fee.amount - fee.amount_refunded));
  }
}

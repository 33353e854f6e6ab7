// The server-driven action state machine of a simulated reader. A reader runs one action at a time:
//
//   process_payment_intent / process_setup_intent / refund_payment: in_progress until a card is presented
//     (test helper present_payment_method, or a person on <ck-terminal-reader>), then succeeded or failed;
//     the customer may cancel when enable_customer_cancellation is set (failed, customer_canceled).
//   set_reader_display: succeeded at once (the cart stays on screen until the next action or cancel_action).
//   collect_inputs: in_progress until the test helper succeed_input_collection (succeeded, values filled in) or
//     timeout_input_collection (failed, terminal_reader_timeout).
//   cancel_action: clears the reader (action null, idle screen).
//
// A new action while one is in_progress is refused with terminal_reader_busy. Each transition emits
// terminal.reader.action_succeeded / action_failed (action_updated for collect_payment_method, as on Stripe) and
// publishes the customer's screen (screen.ts).

import type Stripe from 'stripe';
import type { CardDecline } from '../cards.ts';
import { createContext, type RequestContext, type StripeObject } from '../context.ts';
import { invalidRequest, StripeError } from '../errors.ts';
import type { PaymentIntentObject } from '../resources/payment_intents.ts';
import type { PaymentMethodObject } from '../resources/payment_methods.ts';
import { attachPaymentMethod, insertCardPaymentMethod } from '../resources/payment_methods.ts';
import { SETUP_AUTHENTICATION_FAILURE_MESSAGE, type SetupIntentObject } from '../resources/setup_intents.ts';
import { recordSetupAttempt } from '../resources/setup_attempts.ts';
import { AMOUNT_OUTCOMES, amountCents, declineFor, readCard, type PresentedCard, type ReadMethod } from './outcomes.ts';
import { acceptedTypes, insertPresentPaymentMethod, payInPerson } from './payments.ts';
import { loadScreen, showScreen, type ReaderScreen, type ScreenCart, type TipOption } from './screen.ts';

export type ReaderObject = Stripe.Terminal.Reader & StripeObject;
export type ReaderAction = Stripe.Terminal.Reader.Action;
type ActionType = 'process_payment_intent' | 'process_setup_intent' | 'refund_payment' | 'set_reader_display' | 'collect_payment_method' | 'confirm_payment_intent' | 'collect_inputs';

export const BUSY_MESSAGE =
  'Reader is currently busy processing another request. Please reference the integration guide at https://stripe.com/docs/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven#handle-errors for details on how to handle this error.';
export const CUSTOMER_CANCELED_MESSAGE = 'This action could not be completed due to an error on the card reader.';

/** Percentages offered on the tip screen (of `tipping.amount_eligible`, else the amount due). */
export const TIP_PERCENTAGES = [15, 18, 20] as const;

export function readerIndex(r: ReaderObject): Record<string, string | null> {
  return {
    location: typeof r.location === 'string' ? r.location : (r.location?.id ?? null),
    status: r.status ?? null,
    device_type: r.device_type,
    serial_number: r.serial_number,
  };
}

function save(ctx: RequestContext, reader: ReaderObject): void {
  reader.last_seen_at = ctx.clock.nowMs();
  ctx.update(reader, readerIndex(reader));
}

export function assertNotBusy(reader: ReaderObject): void {
  if (reader.action?.status === 'in_progress') {
    throw new StripeError({ status: 400, type: 'invalid_request_error', code: 'terminal_reader_busy', message: BUSY_MESSAGE });
  }
}

function locationOf(ctx: RequestContext, reader: ReaderObject): ReaderScreen['location'] {
  const id = typeof reader.location === 'string' ? reader.location : (reader.location?.id ?? null);
  if (!id) return null;
  const loc = ctx.find<{ id: string; display_name: string }>(id, 'terminal.location');
  return loc ? { id, display_name: loc.data.display_name } : null;
}

function screenBase(ctx: RequestContext, reader: ReaderObject): Partial<ReaderScreen> {
  return { device_type: reader.device_type, location: locationOf(ctx, reader) };
}

function newAction(type: ActionType, detail: Record<string, unknown>, status: 'in_progress' | 'succeeded'): ReaderAction {
  return { api_error: null, failure_code: null, failure_message: null, [type]: detail, status, type } as unknown as ReaderAction;
}

function emitAction(ctx: RequestContext, reader: ReaderObject, event: 'succeeded' | 'failed' | 'updated'): void {
  ctx.emit(`terminal.reader.action_${event}`, reader);
}

// ---------------------------------------------------------------------------------------------------------------
// Starting actions

export interface ProcessConfig {
  enable_customer_cancellation?: boolean;
  skip_tipping?: boolean;
  tipping?: { amount_eligible?: number } | null;
  allow_redisplay?: string;
  return_url?: string;
}

export function tipOptions(eligible: number): TipOption[] {
  return TIP_PERCENTAGES.map((percent) => ({ percent, amount: Math.round((eligible * percent) / 100) }));
}

/** Starts collecting a payment for `pi` (which must await a payment method and accept card_present / interac_present). */
export function processPaymentIntent(ctx: RequestContext, reader: ReaderObject, pi: PaymentIntentObject, config: ProcessConfig | null): ReaderObject {
  return startPayment(ctx, reader, pi, config, 'process_payment_intent');
}

/** Collect-then-confirm: reads the card and attaches it to `pi` (requires_confirmation) without authorising. */
export function collectPaymentMethod(ctx: RequestContext, reader: ReaderObject, pi: PaymentIntentObject, config: ProcessConfig | null): ReaderObject {
  return startPayment(ctx, reader, pi, config, 'collect_payment_method');
}

function startPayment(
  ctx: RequestContext, reader: ReaderObject, pi: PaymentIntentObject, config: ProcessConfig | null,
  type: 'process_payment_intent' | 'collect_payment_method',
): ReaderObject {
  assertNotBusy(reader);
  if (pi.status !== 'requires_payment_method') {
    throw invalidRequest('Payment intent must be in the requires_payment_method state to be processed by a reader.', {
      code: 'intent_invalid_state', param: 'payment_intent',
    });
  }
  const types = acceptedTypes(pi);
  if (!types.includes('card_present') && !types.includes('interac_present')) {
    throw invalidRequest(
      `PaymentIntent ${pi.id} cannot be processed by a reader: its payment method types must include card_present (or interac_present). It allows: ${types.join(', ') || 'none'}.`,
      { param: 'payment_intent', code: 'payment_intent_invalid_parameter' },
    );
  }
  const detail: Record<string, unknown> = { payment_intent: pi.id };
  if (config) detail[type === 'collect_payment_method' ? 'collect_config' : 'process_config'] = config;
  reader.action = newAction(type, detail, 'in_progress');
  save(ctx, reader);
  const tipping = config && config.skip_tipping !== true && config.tipping !== undefined && config.tipping !== null;
  const eligible = config?.tipping?.amount_eligible ?? pi.amount;
  const prev = loadScreen(ctx, reader);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader),
    screen: tipping ? 'tipping' : 'collecting',
    action: { type, status: 'in_progress' },
    cart: prev.cart,
    currency: pi.currency,
    amount: pi.amount,
    tipping: tipping ? { amount_eligible: eligible, options: tipOptions(eligible) } : null,
    tip: null,
    customer_cancellation: config?.enable_customer_cancellation === true,
    payment: null,
    failure: null,
  });
  return reader;
}

export function processSetupIntent(
  ctx: RequestContext, reader: ReaderObject, si: SetupIntentObject, config: { enable_customer_cancellation?: boolean } | null, allowRedisplay: string,
): ReaderObject {
  assertNotBusy(reader);
  if (si.status !== 'requires_payment_method') {
    throw invalidRequest('Setup intent must be in the requires_payment_method state to be processed by a reader.', {
      code: 'intent_invalid_state', param: 'setup_intent',
    });
  }
  const detail: Record<string, unknown> = { setup_intent: si.id };
  if (config) detail.process_config = config;
  reader.action = newAction('process_setup_intent', detail, 'in_progress');
  save(ctx, reader);
  const pending: SetupPending = { id: setupPendingId(reader.id), object: 'sim_terminal_setup', allow_redisplay: allowRedisplay };
  if (ctx.find(pending.id, 'sim_terminal_setup')) ctx.update(pending);
  else ctx.insert(pending);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader), screen: 'setup', action: { type: 'process_setup_intent', status: 'in_progress' },
    cart: null, currency: null, amount: null, tipping: null, tip: null,
    customer_cancellation: config?.enable_customer_cancellation === true, payment: null, failure: null,
  });
  return reader;
}

/** What process_setup_intent was asked that the Reader object does not show (internal record). */
interface SetupPending extends StripeObject {
  object: 'sim_terminal_setup';
  allow_redisplay: string;
}
const setupPendingId = (readerId: string): string => `simsetup_${readerId}`;

export interface RefundParams {
  payment_intent?: string;
  charge?: string;
  amount?: number;
  metadata?: Record<string, string>;
  refund_application_fee?: boolean;
  reverse_transfer?: boolean;
  refund_payment_config?: { enable_customer_cancellation?: boolean };
}

export function refundPayment(ctx: RequestContext, reader: ReaderObject, params: RefundParams, refundable: { amount: number; currency: string }): ReaderObject {
  assertNotBusy(reader);
  const detail: Record<string, unknown> = {};
  for (const k of ['amount', 'charge', 'metadata', 'payment_intent', 'refund_application_fee', 'refund_payment_config', 'reverse_transfer'] as const) {
    if (params[k] !== undefined) detail[k] = params[k];
  }
  reader.action = newAction('refund_payment', detail, 'in_progress');
  save(ctx, reader);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader), screen: 'refund', action: { type: 'refund_payment', status: 'in_progress' },
    cart: null, currency: refundable.currency, amount: params.amount ?? refundable.amount, tipping: null, tip: null,
    customer_cancellation: params.refund_payment_config?.enable_customer_cancellation === true, payment: null, failure: null,
  });
  return reader;
}

export function setReaderDisplay(ctx: RequestContext, reader: ReaderObject, cart: ScreenCart): ReaderObject {
  assertNotBusy(reader);
  reader.action = newAction('set_reader_display', { cart, type: 'cart' }, 'succeeded');
  save(ctx, reader);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader), screen: 'cart', action: { type: 'set_reader_display', status: 'succeeded' },
    cart, currency: cart.currency, amount: cart.total, tipping: null, tip: null, customer_cancellation: false, payment: null, failure: null,
  });
  emitAction(ctx, reader, 'succeeded');
  return reader;
}

/** Clears the reader: any in-progress collection stops, the cart leaves the screen, `action` becomes null. */
export function cancelAction(ctx: RequestContext, reader: ReaderObject): ReaderObject {
  const wasCollecting = reader.action?.status === 'in_progress';
  reader.action = null;
  save(ctx, reader);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader), screen: wasCollecting ? 'canceled' : 'idle', action: null, cart: null, currency: null, amount: null,
    tipping: null, tip: null, customer_cancellation: false, payment: null, failure: null,
  });
  return reader;
}

// ---------------------------------------------------------------------------------------------------------------
// The customer's side (test helpers and <ck-terminal-reader>)

function requireInProgress(reader: ReaderObject): ReaderAction {
  const action = reader.action;
  if (!action || action.status !== 'in_progress') {
    throw invalidRequest(
      `Reader ${reader.id} has no action in progress waiting for a payment method. Start one with process_payment_intent, process_setup_intent or refund_payment first.`,
      { code: 'terminal_reader_action_required' },
    );
  }
  return action;
}

function fail(
  ctx: RequestContext, reader: ReaderObject, code: string, message: string, apiError: Record<string, unknown> | null,
  screen: Partial<ReaderScreen>,
): void {
  const action = reader.action as ReaderAction;
  reader.action = { ...action, api_error: apiError, failure_code: code, failure_message: message, status: 'failed' } as ReaderAction;
  save(ctx, reader);
  showScreen(ctx, reader, { ...screenBase(ctx, reader), action: { type: action.type, status: 'failed' }, customer_cancellation: false, ...screen });
  emitAction(ctx, reader, 'failed');
}

function succeed(ctx: RequestContext, reader: ReaderObject, detailPatch: Record<string, unknown>, screen: Partial<ReaderScreen>): void {
  const action = reader.action as ReaderAction;
  const type = action.type as ActionType;
  const detail = { ...((action as unknown as Record<string, Record<string, unknown>>)[type] ?? {}), ...detailPatch };
  reader.action = { ...action, [type]: detail, status: 'succeeded' } as unknown as ReaderAction;
  save(ctx, reader);
  showScreen(ctx, reader, { ...screenBase(ctx, reader), action: { type, status: 'succeeded' }, customer_cancellation: false, ...screen });
  emitAction(ctx, reader, 'succeeded');
}

function apiErrorOf(err: { type: string; code?: string; decline_code?: string; message: string; param?: string; charge?: string; advice_code?: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (err.advice_code) out.advice_code = err.advice_code;
  if (err.charge) out.charge = err.charge;
  if (err.code) out.code = err.code;
  if (err.decline_code) out.decline_code = err.decline_code;
  if (err.code) out.doc_url = `https://stripe.com/docs/error-codes/${err.code.replace(/_/g, '-')}`;
  out.message = err.message;
  if (err.param) out.param = err.param;
  out.type = err.type;
  return out;
}

export interface PresentParams {
  type?: 'card_present' | 'interac_present';
  number?: string;
  amount_tip?: number;
  read_method?: ReadMethod;
}

/**
 * The card type presented when the test helper names none ("Test Stripe Terminal": the default test card follows the
 * payment method types): Interac for an intent that accepts interac_present but not card_present, or for the refund of
 * an Interac payment; card_present otherwise.
 */
function defaultPresentType(ctx: RequestContext, action: ReaderAction): 'card_present' | 'interac_present' {
  const idOf = (v: unknown) => (typeof v === 'string' ? v : (v as { id?: string } | null | undefined)?.id);
  const detail = (action as unknown as Record<string, Record<string, unknown> | undefined>)[action.type];
  if (action.type === 'process_payment_intent' || action.type === 'collect_payment_method') {
    const piId = idOf(detail?.payment_intent);
    const pi = piId ? ctx.find<PaymentIntentObject>(piId, 'payment_intent')?.data : undefined;
    const types = pi ? acceptedTypes(pi) : [];
    if (types.includes('interac_present') && !types.includes('card_present')) return 'interac_present';
  }
  if (action.type === 'refund_payment') {
    let chargeId = idOf(detail?.charge);
    const piId = idOf(detail?.payment_intent);
    if (!chargeId && piId) chargeId = idOf(ctx.find<PaymentIntentObject>(piId, 'payment_intent')?.data.latest_charge);
    const charge = chargeId ? ctx.find<Stripe.Charge & StripeObject>(chargeId, 'charge')?.data : undefined;
    if (charge?.payment_method_details?.type === 'interac_present') return 'interac_present';
  }
  return 'card_present';
}

/** A card is tapped, inserted or swiped: runs the action in progress to its outcome. */
export function presentPaymentMethod(ctx: RequestContext, reader: ReaderObject, params: PresentParams): ReaderObject {
  const action = requireInProgress(reader);
  const type = params.type ?? defaultPresentType(ctx, action);
  const read = readCard(type, params.number, ctx.clock.nowMs(), params.read_method ?? 'contactless_emv');
  if (!('type' in read)) throw invalidRequest(read.message, { param: read.param, code: read.code });
  const card: PresentedCard = read;
  switch (action.type) {
    case 'process_payment_intent':
      presentForPayment(ctx, reader, action, card, params.amount_tip);
      break;
    case 'collect_payment_method':
      presentForCollect(ctx, reader, action, card, params.amount_tip);
      break;
    case 'process_setup_intent':
      presentForSetup(ctx, reader, action, card);
      break;
    case 'refund_payment':
      presentForRefund(ctx, reader, action, card);
      break;
    default:
      throw invalidRequest(`Reader ${reader.id} is not collecting a payment method.`);
  }
  return reader;
}

function presentForPayment(ctx: RequestContext, reader: ReaderObject, action: ReaderAction, card: PresentedCard, amountTip: number | undefined): void {
  const detail = action.process_payment_intent as Stripe.Terminal.Reader.Action.ProcessPaymentIntent;
  const piId = typeof detail.payment_intent === 'string' ? detail.payment_intent : detail.payment_intent.id;
  const pi = ctx.get<PaymentIntentObject>(piId, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
  const screen = loadScreen(ctx, reader);
  const tip = amountTip ?? screen.tip ?? 0;
  const types = acceptedTypes(pi);
  if (!types.includes(card.type)) {
    throw invalidRequest(
      `The PaymentIntent ${pi.id} does not accept ${card.type} payments. Its payment method types are: ${types.join(', ')}.`,
      { param: 'type' },
    );
  }
  if (card.type === 'interac_present' && pi.currency !== 'cad') {
    throw invalidRequest('Interac payments must be in cad.', { param: 'type' });
  }
  if (pi.status !== 'requires_payment_method') {
    fail(ctx, reader, 'intent_invalid_state', 'Payment intent must be in the requires_payment_method state to be processed by a reader.',
      { code: 'intent_invalid_state', message: 'Payment intent must be in the requires_payment_method state to be processed by a reader.', type: 'invalid_request_error' },
      { screen: 'declined', failure: { code: 'intent_invalid_state', decline_code: null, message: 'Payment intent must be in the requires_payment_method state to be processed by a reader.' } });
    return;
  }
  const decline = declineFor(card, pi.amount + tip, pi.currency);
  const location = typeof reader.location === 'string' ? reader.location : (reader.location?.id ?? null);
  const result = payInPerson(ctx, pi, card, tip, decline, { reader: reader.id, location });
  const payment = { type: card.type, brand: card.brand, last4: card.last4, amount: result.charge.amount, tip, read_method: card.read_method };
  if (decline) {
    fail(ctx, reader, decline.code, decline.message, apiErrorOf({ ...decline, type: 'card_error', charge: result.charge.id }), {
      screen: 'declined', payment, tip, failure: { code: decline.code, decline_code: decline.decline_code ?? null, message: decline.message },
    });
    return;
  }
  succeed(ctx, reader, {}, { screen: 'approved', payment, tip, cart: null });
}

/** A reader setup attempt's details: the reusable card it generated (none when declined). */
function presentDetails(generatedCard: string | null): Stripe.SetupAttempt.PaymentMethodDetails {
  return { card_present: { generated_card: generatedCard, offline: null }, type: 'card_present' } as unknown as Stripe.SetupAttempt.PaymentMethodDetails;
}

function presentForSetup(ctx: RequestContext, reader: ReaderObject, action: ReaderAction, card: PresentedCard): void {
  if (card.type !== 'card_present') throw invalidRequest('Only card_present cards can be saved with process_setup_intent.', { param: 'type' });
  const detail = action.process_setup_intent as Stripe.Terminal.Reader.Action.ProcessSetupIntent;
  const siId = typeof detail.setup_intent === 'string' ? detail.setup_intent : detail.setup_intent.id;
  const si = ctx.get<SetupIntentObject>(siId, 'setup_intent', { kind: 'setup_intent', param: 'setup_intent' });
  const payment = { type: card.type, brand: card.brand, last4: card.last4, amount: 0, tip: 0, read_method: card.read_method };
  const decline: CardDecline | null = declineFor(card, 0, 'usd');
  if (decline) {
    // "Test Stripe Terminal": the error-case test cards used to save a card (SetupIntents) answer
    // setup_intent_authentication_failure, not the decline a payment gets.
    const code = 'setup_intent_authentication_failure';
    const message = SETUP_AUTHENTICATION_FAILURE_MESSAGE;
    si.last_setup_error = { code, message, type: 'invalid_request_error' } as unknown as Stripe.SetupIntent.LastSetupError;
    const presented = insertPresentPaymentMethod(ctx, card);
    recordSetupAttempt(ctx, si, presented, card.number, 'failed', si.last_setup_error as unknown as Record<string, unknown>, presentDetails(null));
    ctx.update(si);
    ctx.emit('setup_intent.setup_failed', si);
    fail(ctx, reader, code, message, apiErrorOf({ code, message, type: 'invalid_request_error' }), {
      screen: 'declined', payment, failure: { code, decline_code: null, message },
    });
    return;
  }
  const present = insertPresentPaymentMethod(ctx, card);
  const generated = insertCardPaymentMethod(ctx, {
    number: card.number, expMonth: card.exp_month, expYear: card.exp_year,
    allowRedisplay: ctx.find<SetupPending>(setupPendingId(reader.id), 'sim_terminal_setup')?.data.allow_redisplay ?? 'unspecified',
  });
  const attempt = recordSetupAttempt(ctx, si, present, card.number, 'succeeded', null, presentDetails(generated.id));
  (generated.card as unknown as { generated_from: unknown }).generated_from = {
    charge: null, payment_method_details: { card_present: present.card_present, type: 'card_present' }, setup_attempt: attempt.id,
  };
  ctx.update(generated, { customer: null, type: 'card' });
  const customer = typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null);
  if (customer) attachPaymentMethod(ctx, generated, customer);
  si.status = 'succeeded';
  si.payment_method = present.id;
  si.last_setup_error = null;
  si.next_action = null;
  ctx.update(si, { customer, status: si.status });
  ctx.emit('setup_intent.succeeded', si);
  succeed(ctx, reader, { generated_card: generated.id }, { screen: 'saved', payment });
}

/** The currency of the payment a refund_payment action refunds (its charge, or its PaymentIntent's). */
function refundCurrency(ctx: RequestContext, params: Record<string, unknown>): string | undefined {
  if (typeof params.charge === 'string') return ctx.find<{ currency: string }>(params.charge, 'charge')?.data.currency;
  if (typeof params.payment_intent === 'string') return ctx.find<{ currency: string }>(params.payment_intent, 'payment_intent')?.data.currency;
  return undefined;
}

function presentForRefund(ctx: RequestContext, reader: ReaderObject, action: ReaderAction, card: PresentedCard): void {
  const detail = action.refund_payment as Stripe.Terminal.Reader.Action.RefundPayment;
  const params: Record<string, unknown> = {};
  for (const k of ['payment_intent', 'charge', 'amount', 'metadata', 'refund_application_fee', 'reverse_transfer'] as const) {
    const v = (detail as Record<string, unknown>)[k];
    if (v !== undefined) params[k] = typeof v === 'object' && v !== null && 'id' in v ? (v as { id: string }).id : v;
  }
  const payment = { type: card.type, brand: card.brand, last4: card.last4, amount: (detail.amount as number | undefined) ?? 0, tip: 0, read_method: card.read_method };
  // "Test Stripe Terminal": a partial Interac refund whose amount ends in .01, .05, .55, .65 or .75 is declined.
  const partial = detail.amount as number | undefined;
  if (card.type === 'interac_present' && partial !== undefined) {
    const decline = AMOUNT_OUTCOMES[amountCents(partial, refundCurrency(ctx, params) ?? 'cad')];
    if (decline) {
      fail(ctx, reader, decline.code, decline.message, apiErrorOf({ ...decline, type: 'card_error' }), {
        screen: 'declined', payment, failure: { code: decline.code, decline_code: decline.decline_code ?? null, message: decline.message },
      });
      return;
    }
  }
  const def = ctx.sim.routes().find((r) => r.method === 'POST' && r.path === '/v1/refunds');
  if (!def) throw new Error('refunds are not registered');
  const child = createContext({
    sim: ctx.sim, account: ctx.account, keyType: 'secret', version: ctx.version, method: 'POST', path: '/v1/refunds', pathParams: {},
    params, rawParams: {}, requestId: ctx.requestId, idempotencyKey: null, origin: null,
  });
  let refund: StripeObject & { id: string; amount: number };
  try {
    refund = def.handler(child) as StripeObject & { id: string; amount: number };
  } catch (e) {
    if (!(e instanceof StripeError)) throw e;
    const err = e.toJSON().error as { type: string; code?: string; message: string; param?: string };
    fail(ctx, reader, err.code ?? 'refund_failed', err.message, apiErrorOf(err), {
      screen: 'declined', payment, failure: { code: err.code ?? 'refund_failed', decline_code: null, message: err.message },
    });
    return;
  }
  for (const hook of child.commitHooks) ctx.afterCommit(hook);
  succeed(ctx, reader, { refund: refund.id }, { screen: 'refunded', payment: { ...payment, amount: refund.amount } });
}

/** The customer chose a tip on the tip screen (an amount in minor units; 0 for no tip). */
export function chooseTip(ctx: RequestContext, reader: ReaderObject, amount: number): ReaderObject {
  const action = requireInProgress(reader);
  const screen = loadScreen(ctx, reader);
  if ((action.type !== 'process_payment_intent' && action.type !== 'collect_payment_method') || screen.screen !== 'tipping') {
    throw invalidRequest('The reader is not showing the tip screen.', { param: 'amount' });
  }
  if (!Number.isInteger(amount) || amount < 0 || amount > 99_999_999) throw invalidRequest('Invalid tip amount.', { param: 'amount' });
  showScreen(ctx, reader, { screen: 'collecting', tip: amount });
  save(ctx, reader);
  // Stripe sends action_updated for collect_payment_method only.
  if (action.type === 'collect_payment_method') emitAction(ctx, reader, 'updated');
  return reader;
}

/** The customer pressed Cancel (only offered when enable_customer_cancellation was set). */
export function customerCancel(ctx: RequestContext, reader: ReaderObject): ReaderObject {
  const action = requireInProgress(reader);
  const screen = loadScreen(ctx, reader);
  if (!screen.customer_cancellation) {
    throw invalidRequest('Customer cancellation is not enabled for this action (enable_customer_cancellation).');
  }
  fail(ctx, reader, 'customer_canceled', CUSTOMER_CANCELED_MESSAGE, null, {
    screen: 'canceled', failure: { code: 'customer_canceled', decline_code: null, message: CUSTOMER_CANCELED_MESSAGE },
  });
  void action;
  return reader;
}

// ---------------------------------------------------------------------------------------------------------------
// Collect, inspect, confirm

/** The card a collect_payment_method read, kept until confirm_payment_intent authorises it (internal record). */
interface CollectedCard extends StripeObject {
  object: 'sim_collected_card';
  card: PresentedCard;
  tip: number;
}
const collectedId = (pmId: string): string => `simcollected_${pmId}`;

function presentForCollect(ctx: RequestContext, reader: ReaderObject, action: ReaderAction, card: PresentedCard, amountTip: number | undefined): void {
  const detail = action.collect_payment_method as Stripe.Terminal.Reader.Action.CollectPaymentMethod;
  const piId = typeof detail.payment_intent === 'string' ? detail.payment_intent : detail.payment_intent.id;
  const pi = ctx.get<PaymentIntentObject>(piId, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
  const types = acceptedTypes(pi);
  if (!types.includes(card.type)) {
    throw invalidRequest(`The PaymentIntent ${pi.id} does not accept ${card.type} payments. Its payment method types are: ${types.join(', ')}.`, { param: 'type' });
  }
  const tip = amountTip ?? loadScreen(ctx, reader).tip ?? 0;
  const pm = insertPresentPaymentMethod(ctx, card);
  const record: CollectedCard = { id: collectedId(pm.id), object: 'sim_collected_card', card, tip };
  ctx.insert(record);
  if (tip > 0) {
    pi.amount += tip;
    pi.amount_details = { ...(pi.amount_details ?? {}), tip: { amount: tip } } as Stripe.PaymentIntent.AmountDetails;
  }
  pi.payment_method = pm.id;
  pi.status = 'requires_confirmation';
  pi.last_payment_error = null;
  const customer = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
  ctx.update(pi, { customer, status: pi.status });
  const a = reader.action as ReaderAction;
  reader.action = { ...a, collect_payment_method: { ...detail, payment_method: pm }, status: 'succeeded' } as unknown as ReaderAction;
  save(ctx, reader);
  showScreen(ctx, reader, {
    ...screenBase(ctx, reader), screen: 'processing', action: { type: 'collect_payment_method', status: 'succeeded' }, tip, customer_cancellation: false,
    payment: { type: card.type, brand: card.brand, last4: card.last4, amount: pi.amount, tip, read_method: card.read_method },
  });
  emitAction(ctx, reader, 'updated');
  emitAction(ctx, reader, 'succeeded');
}

/** Authorises a PaymentIntent whose card this reader collected (requires_confirmation). */
export function confirmPaymentIntent(ctx: RequestContext, reader: ReaderObject, pi: PaymentIntentObject, config: { return_url?: string } | null): ReaderObject {
  assertNotBusy(reader);
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? null);
  const collected = pmId ? ctx.find<CollectedCard>(collectedId(pmId), 'sim_collected_card')?.data : undefined;
  if (pi.status !== 'requires_confirmation' || !pmId || !collected) {
    throw invalidRequest('Payment intent must be in the requires_confirmation state, with a payment method collected by a reader, to be confirmed by a reader.', {
      code: 'intent_invalid_state', param: 'payment_intent',
    });
  }
  const detail: Record<string, unknown> = { payment_intent: pi.id };
  if (config) detail.confirm_config = config;
  reader.action = newAction('confirm_payment_intent', detail, 'in_progress');
  const pm = ctx.get<PaymentMethodObject>(pmId, 'payment_method', { kind: 'PaymentMethod' });
  const card = collected.card;
  const decline = declineFor(card, pi.amount, pi.currency);
  const location = typeof reader.location === 'string' ? reader.location : (reader.location?.id ?? null);
  const tip = collected.tip;
  // The tip is already in pi.amount (added when the card was collected).
  const result = payInPerson(ctx, pi, card, 0, decline, { reader: reader.id, location }, pm);
  if (decline && tip > 0) {
    // The declined attempt's tip is not kept: the intent asks for its original amount again.
    result.pi.amount -= tip;
    result.pi.amount_details = { ...(result.pi.amount_details ?? {}), tip: {} } as Stripe.PaymentIntent.AmountDetails;
    ctx.update(result.pi);
  } else if (tip > 0) {
    result.pi.amount_details = { ...(result.pi.amount_details ?? {}), tip: { amount: tip } } as Stripe.PaymentIntent.AmountDetails;
    ctx.update(result.pi);
  }
  const payment = { type: card.type, brand: card.brand, last4: card.last4, amount: result.charge.amount, tip, read_method: card.read_method };
  if (decline) {
    fail(ctx, reader, decline.code, decline.message, apiErrorOf({ ...decline, type: 'card_error', charge: result.charge.id }), {
      screen: 'declined', payment, tip, failure: { code: decline.code, decline_code: decline.decline_code ?? null, message: decline.message },
    });
    return reader;
  }
  succeed(ctx, reader, {}, { screen: 'approved', payment, tip, cart: null });
  return reader;
}

// ---------------------------------------------------------------------------------------------------------------
// collect_inputs (Stripe's "Collect on-screen inputs"): the reader shows forms; the test helpers
// succeed_input_collection and timeout_input_collection stand in for the customer.

export interface InputParam {
  type: string;
  custom_text: { title: string; description?: string; skip_button?: string; submit_button?: string };
  required?: boolean;
  selection?: { choices: { id: string; text: string; style?: string }[] };
  toggles?: { title?: string; description?: string; default_value?: string }[];
}

type CollectedInput = Stripe.Terminal.Reader.Action.CollectInputs.Input;

export function collectInputs(ctx: RequestContext, reader: ReaderObject, inputs: InputParam[], metadata: Record<string, string> | null): ReaderObject {
  assertNotBusy(reader);
  const shaped: CollectedInput[] = inputs.map((i) => {
    const out: Record<string, unknown> = {
      custom_text: { description: i.custom_text.description ?? null, skip_button: i.custom_text.skip_button ?? null, submit_button: i.custom_text.submit_button ?? null, title: i.custom_text.title },
      required: i.required ?? null,
      toggles: i.toggles ? i.toggles.map((t) => ({ default_value: t.default_value ?? null, description: t.description ?? null, title: t.title ?? null, value: null })) : null,
      type: i.type,
    };
    if (i.type === 'selection') out.selection = { choices: (i.selection?.choices ?? []).map((c) => ({ id: c.id, style: c.style ?? null, text: c.text })), id: null, text: null };
    else out[i.type] = { value: null };
    return out as unknown as CollectedInput;
  });
  reader.action = newAction('collect_inputs', { inputs: shaped, metadata }, 'in_progress');
  save(ctx, reader);
  return reader;
}

function requireCollectingInputs(reader: ReaderObject): Stripe.Terminal.Reader.Action.CollectInputs {
  const action = reader.action;
  if (!action || action.status !== 'in_progress' || action.type !== 'collect_inputs' || !action.collect_inputs) {
    throw invalidRequest(`Reader ${reader.id} is not collecting inputs. Start with collect_inputs first.`, { code: 'terminal_reader_action_required' });
  }
  return action.collect_inputs;
}

/** What a simulated customer enters (the simulator's own values: Stripe documents no fixed test values). */
const SIMULATED_VALUES: Readonly<Record<string, string>> = {
  email: 'customer@example.com', numeric: '1234', phone: '+15555550123', text: 'Simulated text input', signature: 'file_simulated_signature',
};

/** The customer fills in every input (or skips the optional ones with skip_non_required_inputs=all). */
export function succeedInputCollection(ctx: RequestContext, reader: ReaderObject, skipOptional: boolean): ReaderObject {
  const collect = requireCollectingInputs(reader);
  const inputs = collect.inputs.map((input) => {
    const out = JSON.parse(JSON.stringify(input)) as Record<string, unknown> & { type: string; required: boolean | null };
    const skip = skipOptional && out.required !== true;
    out.skipped = skip;
    if (skip) return out as unknown as CollectedInput;
    if (out.type === 'selection') {
      const sel = out.selection as { choices: { id: string | null; text: string }[]; id: string | null; text: string | null };
      sel.id = sel.choices[0]?.id ?? null;
      sel.text = sel.choices[0]?.text ?? null;
    } else out[out.type] = { value: SIMULATED_VALUES[out.type] ?? 'value' };
    if (Array.isArray(out.toggles)) for (const t of out.toggles as { default_value: string | null; value: string | null }[]) t.value = t.default_value ?? 'disabled';
    return out as unknown as CollectedInput;
  });
  succeed(ctx, reader, { inputs }, {});
  return reader;
}

/** The customer never answers: the action fails with terminal_reader_timeout (the message is the simulator's). */
export function timeoutInputCollection(ctx: RequestContext, reader: ReaderObject): ReaderObject {
  requireCollectingInputs(reader);
  fail(ctx, reader, 'terminal_reader_timeout', 'The reader timed out waiting for the customer to complete the inputs.', null, {});
  return reader;
}

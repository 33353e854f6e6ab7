// Terminal Readers: simulated smart readers registered with `simulated-wpe` (BBPOS WisePOS E), `simulated-s700` or
// `simulated-s710` (Stripe Reader S700/S710). Create, retrieve (deleted ones as a stub), update (label, metadata),
// list (location, status, device_type, serial_number), delete; the server-driven actions (process_payment_intent,
// collect_payment_method + confirm_payment_intent, process_setup_intent, set_reader_display, refund_payment,
// cancel_action) and the test helper
// present_payment_method. The state machine lives in sim/core/terminal/actions.ts; the live channel that shows
// the reader's screen to a page in sim/core/terminal/live.ts.

import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.ts';
import { registerExpandable } from '../expand.ts';
import { applyMetadata, type MetadataParam } from '../metadata.ts';
import { validateCurrency } from '../money.ts';
import { p, listParams, type Schema } from '../params.ts';
import type { RouteDef } from '../router.ts';
import type { Simulator } from '../app.ts';
import { isEndive, registerVersionTransform } from '../versions.ts';
import {
  cancelAction, collectInputs, collectPaymentMethod, confirmPaymentIntent, presentPaymentMethod, processPaymentIntent, processSetupIntent, readerIndex, refundPayment,
  setReaderDisplay, succeedInputCollection, timeoutInputCollection, type InputParam, type ProcessConfig, type ReaderObject, type RefundParams,
} from '../terminal/actions.ts';
import { registerReaderLiveRoutes } from '../terminal/live.ts';
import { hubOf, showScreen } from '../terminal/screen.ts';
import type { ChargeObject } from './charges.ts';
import type { PaymentIntentObject } from './payment_intents.ts';
import type { SetupIntentObject } from './setup_intents.ts';

const TYPE = 'terminal.reader';
const DELETED = 'terminal.reader:deleted';
const KIND = 'terminal.reader';

/** Registration codes of simulated readers and what they register. */
export const SIMULATED_READERS: Readonly<Record<string, { device_type: string; label: string; sw: string }>> = {
  'simulated-wpe': { device_type: 'simulated_wisepos_e', label: 'Simulated WisePOS E', sw: '2.37.2.0' },
  'simulated-s700': { device_type: 'simulated_stripe_s700', label: 'Simulated Stripe S700', sw: '2.37.2.0' },
  'simulated-s710': { device_type: 'simulated_stripe_s710', label: 'Simulated Stripe S710', sw: '2.37.2.0' },
};

const DEVICE_TYPES = [
  'bbpos_chipper2x', 'bbpos_wisepad3', 'bbpos_wisepos_e', 'mobile_phone_reader', 'simulated_stripe_s700', 'simulated_stripe_s710',
  'simulated_stripe_t600', 'simulated_verifone_m425', 'simulated_verifone_p630', 'simulated_verifone_ux700', 'simulated_verifone_v660p',
  'simulated_wisepos_e', 'stripe_m2', 'stripe_s700', 'stripe_s710', 'stripe_t600', 'verifone_P400', 'verifone_m425', 'verifone_p630',
  'verifone_ux700', 'verifone_v660p',
];

// ---------------------------------------------------------------------------------------------------------------
// Schemas

const createParams: Schema = {
  registration_code: p.string({ required: true }),
  label: p.string({ maxLength: 5000 }),
  // Optional, as in the SDK's types and the API reference's parameter list: Stripe's guides say a reader must be
  // registered to a location to take payments, but registration itself does not refuse a reader without one.
  location: p.id(),
  metadata: p.metadata(),
};
const updateParams: Schema = { label: p.string({ maxLength: 5000 }), metadata: p.metadata() };
const listSchema: Schema = {
  ...listParams,
  device_type: p.enumOf(DEVICE_TYPES),
  location: p.id(),
  serial_number: p.string(),
  status: p.enumOf(['offline', 'online']),
};
const processPaymentParams: Schema = {
  payment_intent: p.id({ required: true }),
  process_config: p.object({
    allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']),
    enable_customer_cancellation: p.boolean(),
    return_url: p.string(),
    skip_tipping: p.boolean(),
    tipping: p.object({ amount_eligible: p.integer({ min: 1 }) }),
  }),
};
const collectParams: Schema = {
  payment_intent: p.id({ required: true }),
  collect_config: p.object({
    allow_redisplay: p.enumOf(['always', 'limited', 'unspecified']),
    enable_customer_cancellation: p.boolean(),
    skip_tipping: p.boolean(),
    tipping: p.object({ amount_eligible: p.integer({ min: 1 }) }),
  }),
};
const confirmParams: Schema = { payment_intent: p.id({ required: true }), confirm_config: p.object({ return_url: p.string() }) };
const processSetupParams: Schema = {
  setup_intent: p.id({ required: true }),
  allow_redisplay: p.enumOf(['always', 'limited', 'unspecified'], { required: true }),
  process_config: p.object({ enable_customer_cancellation: p.boolean() }),
};
const displayParams: Schema = {
  type: p.enumOf(['cart'], { required: true }),
  cart: p.object({
    currency: p.string({ required: true }),
    line_items: p.array(
      p.object({ amount: p.integer({ required: true }), description: p.string({ required: true, maxLength: 5000 }), quantity: p.integer({ required: true, min: 1 }) }),
      { required: true, maxItems: 100 },
    ),
    tax: p.integer(),
    total: p.integer({ required: true }),
  }),
};
const refundParams: Schema = {
  amount: p.integer({ min: 1 }),
  charge: p.id(),
  payment_intent: p.id(),
  metadata: p.metadata(),
  refund_application_fee: p.boolean(),
  reverse_transfer: p.boolean(),
  refund_payment_config: p.object({ enable_customer_cancellation: p.boolean() }),
};
const INPUT_TYPES = ['email', 'numeric', 'phone', 'selection', 'signature', 'text'];
const collectInputsParams: Schema = {
  inputs: p.array(
    p.object({
      type: p.enumOf(INPUT_TYPES, { required: true }),
      custom_text: p.object({
        title: p.string({ required: true, maxLength: 5000 }), description: p.string({ maxLength: 5000 }),
        skip_button: p.string({ maxLength: 5000 }), submit_button: p.string({ maxLength: 5000 }),
      }, { required: true }),
      required: p.boolean(),
      selection: p.object({
        choices: p.array(p.object({ id: p.string({ required: true, maxLength: 50 }), text: p.string({ required: true, maxLength: 30 }), style: p.enumOf(['primary', 'secondary']) }), { required: true }),
      }),
      toggles: p.array(p.object({ title: p.string({ maxLength: 50 }), description: p.string({ maxLength: 50 }), default_value: p.enumOf(['enabled', 'disabled']) })),
    }),
    { required: true },
  ),
  metadata: p.metadata(),
};
const presentParams: Schema = {
  type: p.enumOf(['card', 'card_present', 'interac_present']),
  amount_tip: p.integer({ min: 0 }),
  card_present: p.object({ number: p.string({ maxLength: 30 }) }),
  interac_present: p.object({ number: p.string({ maxLength: 30 }) }),
  card: p.object({ number: p.string({ required: true }), exp_month: p.integer({ required: true }), exp_year: p.integer({ required: true }), cvc: p.string() }),
};

// ---------------------------------------------------------------------------------------------------------------
// Handlers

function loadReader(ctx: RequestContext, id = ctx.pathParams.id): ReaderObject {
  return ctx.get<ReaderObject>(id, TYPE, { kind: KIND });
}

function create(ctx: RequestContext): ReaderObject {
  const q = ctx.params;
  const code = q.registration_code as string;
  const sim = SIMULATED_READERS[code];
  if (!sim) {
    throw invalidRequest(
      `The registration code provided is invalid or has expired: '${code.slice(0, 100)}'. To register a simulated reader, use one of: ${Object.keys(SIMULATED_READERS).join(', ')}.`,
      { param: 'registration_code', code: 'resource_missing' },
    );
  }
  const location = (q.location as string | undefined) ?? null;
  if (location) ctx.get(location, 'terminal.location', { kind: 'terminal.location', param: 'location' });
  const reader = {
    id: ctx.newId('tmr'),
    object: TYPE,
    action: null,
    device_sw_version: sim.sw,
    device_type: sim.device_type,
    ip_address: '0.0.0.0',
    // "If no label is specified, the registration code will be used." (API reference)
    label: (q.label as string | undefined) || code,
    last_seen_at: ctx.clock.nowMs(),
    livemode: false,
    location,
    metadata: applyMetadata({}, q.metadata as MetadataParam | undefined),
    serial_number: crypto.randomUUID(),
    status: 'online',
  } as unknown as ReaderObject;
  ctx.insert(reader, readerIndex(reader));
  showScreen(ctx, reader, { device_type: reader.device_type });
  return reader;
}

function retrieve(ctx: RequestContext): StripeObject {
  const id = ctx.pathParams.id;
  const rec = ctx.find<StripeObject>(id, TYPE) ?? ctx.find<StripeObject>(id, DELETED);
  if (!rec) throw resourceMissing(KIND, id);
  return rec.data;
}

function update(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const q = ctx.params;
  if ('label' in q) {
    // Unsetting the label falls back to the registration code, as at registration.
    reader.label = (q.label as string | null) || (Object.keys(SIMULATED_READERS).find((k) => SIMULATED_READERS[k].device_type === reader.device_type) ?? reader.serial_number);
  }
  if ('metadata' in q) reader.metadata = applyMetadata(reader.metadata, q.metadata as MetadataParam | null);
  ctx.update(reader, readerIndex(reader));
  if ('label' in q) showScreen(ctx, reader, {});
  return reader;
}

function remove(ctx: RequestContext): StripeObject {
  const reader = loadReader(ctx);
  const stub = { id: reader.id, object: TYPE, deleted: true, device_type: reader.device_type, serial_number: reader.serial_number };
  ctx.remove(reader.id);
  ctx.store.insert({ id: reader.id, type: DELETED, account: ctx.account, created: ctx.now(), data: stub });
  const hub = hubOf(ctx.sim);
  ctx.afterCommit(() => hub.revokeReader(reader.id));
  return stub;
}

function list(ctx: RequestContext) {
  const q = ctx.params;
  if (q.location) ctx.get(q.location as string, 'terminal.location', { kind: 'terminal.location', param: 'location' });
  return ctx.list<ReaderObject>(TYPE, {
    where: {
      location: q.location as string | undefined,
      status: q.status as string | undefined,
      device_type: q.device_type as string | undefined,
      serial_number: q.serial_number as string | undefined,
    },
    url: '/v1/terminal/readers',
    kind: KIND,
  });
}

function processPayment(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const pi = ctx.get<PaymentIntentObject>(ctx.params.payment_intent as string, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
  return processPaymentIntent(ctx, reader, pi, (ctx.params.process_config as ProcessConfig | undefined) ?? null);
}

function collect(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const pi = ctx.get<PaymentIntentObject>(ctx.params.payment_intent as string, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
  return collectPaymentMethod(ctx, reader, pi, (ctx.params.collect_config as ProcessConfig | undefined) ?? null);
}

function confirmIntent(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const pi = ctx.get<PaymentIntentObject>(ctx.params.payment_intent as string, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
  return confirmPaymentIntent(ctx, reader, pi, (ctx.params.confirm_config as { return_url?: string } | undefined) ?? null);
}

function processSetup(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const si = ctx.get<SetupIntentObject>(ctx.params.setup_intent as string, 'setup_intent', { kind: 'setup_intent', param: 'setup_intent' });
  return processSetupIntent(ctx, reader, si, (ctx.params.process_config as { enable_customer_cancellation?: boolean } | undefined) ?? null, ctx.params.allow_redisplay as string);
}

function display(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const cart = ctx.params.cart as { currency: string; line_items: { amount: number; description: string; quantity: number }[]; tax?: number; total: number } | undefined;
  if (!cart) throw parameterMissing('cart');
  const cur = validateCurrency(cart.currency, 'cart[currency]');
  if ('error' in cur) throw invalidRequest(cur.error.message, { param: 'cart[currency]' });
  return setReaderDisplay(ctx, reader, {
    currency: cur.currency,
    line_items: cart.line_items.map((l) => ({ amount: l.amount, description: l.description, quantity: l.quantity })),
    tax: cart.tax ?? null,
    total: cart.total,
  });
}

function refund(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const q = ctx.params as RefundParams;
  if (!q.charge && !q.payment_intent) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  }
  let charge: ChargeObject | undefined;
  if (q.payment_intent) {
    const pi = ctx.get<PaymentIntentObject>(q.payment_intent, 'payment_intent', { kind: 'payment_intent', param: 'payment_intent' });
    if (typeof pi.latest_charge === 'string') charge = ctx.find<ChargeObject>(pi.latest_charge, 'charge')?.data;
    if (!charge || pi.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
    }
  }
  if (q.charge) charge = ctx.get<ChargeObject>(q.charge, 'charge', { param: 'charge' });
  const c = charge as ChargeObject;
  return refundPayment(ctx, reader, q, { amount: c.amount_captured - c.amount_refunded, currency: c.currency });
}

function inputs(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const list = ctx.params.inputs as InputParam[];
  if (list.length === 0) throw invalidRequest('Invalid array: inputs must contain at least one input.', { param: 'inputs' });
  list.forEach((input, i) => {
    if (input.type === 'selection' && !input.selection?.choices?.length) throw parameterMissing(`inputs[${i}][selection]`);
    if (input.type !== 'selection' && input.selection) {
      throw invalidRequest(`\`inputs[${i}][selection]\` can only be provided for inputs of type \`selection\`.`, { param: `inputs[${i}][selection]` });
    }
  });
  return collectInputs(ctx, reader, list, applyMetadata({}, ctx.params.metadata as MetadataParam | undefined));
}

function succeedInputs(ctx: RequestContext): ReaderObject {
  return succeedInputCollection(ctx, loadReader(ctx), ctx.params.skip_non_required_inputs === 'all');
}

function timeoutInputs(ctx: RequestContext): ReaderObject {
  return timeoutInputCollection(ctx, loadReader(ctx));
}

function cancel(ctx: RequestContext): ReaderObject {
  return cancelAction(ctx, loadReader(ctx));
}

function present(ctx: RequestContext): ReaderObject {
  const reader = loadReader(ctx);
  const q = ctx.params;
  // Without a type, the card data given says which; with none either, the reader's action decides (actions.ts).
  const type = (q.type as string | undefined) ?? (q.interac_present ? 'interac_present' : q.card_present ? 'card_present' : undefined);
  if (type === 'card') {
    throw invalidRequest('Simulated smart readers read cards as card_present: use type card_present with card_present[number].', { param: 'type' });
  }
  const number = type === 'interac_present'
    ? (q.interac_present as { number?: string } | undefined)?.number
    : (q.card_present as { number?: string } | undefined)?.number;
  return presentPaymentMethod(ctx, reader, {
    type: type as 'card_present' | 'interac_present' | undefined,
    number: number ?? undefined,
    amount_tip: (q.amount_tip as number | undefined) ?? undefined,
  });
}

export const terminalReaderRoutes: RouteDef[] = [
  { method: 'POST', path: '/v1/terminal/readers', params: createParams, handler: create },
  { method: 'GET', path: '/v1/terminal/readers', params: listSchema, handler: list },
  { method: 'GET', path: '/v1/terminal/readers/:id', handler: retrieve },
  { method: 'POST', path: '/v1/terminal/readers/:id', params: updateParams, handler: update },
  { method: 'DELETE', path: '/v1/terminal/readers/:id', handler: remove },
  { method: 'POST', path: '/v1/terminal/readers/:id/process_payment_intent', params: processPaymentParams, handler: processPayment },
  { method: 'POST', path: '/v1/terminal/readers/:id/process_setup_intent', params: processSetupParams, handler: processSetup },
  { method: 'POST', path: '/v1/terminal/readers/:id/collect_payment_method', params: collectParams, handler: collect },
  { method: 'POST', path: '/v1/terminal/readers/:id/confirm_payment_intent', params: confirmParams, handler: confirmIntent },
  { method: 'POST', path: '/v1/terminal/readers/:id/set_reader_display', params: displayParams, handler: display },
  { method: 'POST', path: '/v1/terminal/readers/:id/refund_payment', params: refundParams, handler: refund },
  { method: 'POST', path: '/v1/terminal/readers/:id/cancel_action', params: {}, handler: cancel },
  { method: 'POST', path: '/v1/terminal/readers/:id/collect_inputs', params: collectInputsParams, handler: inputs },
  { method: 'POST', path: '/v1/test_helpers/terminal/readers/:id/succeed_input_collection', params: { skip_non_required_inputs: p.enumOf(['all', 'none']) }, handler: succeedInputs },
  { method: 'POST', path: '/v1/test_helpers/terminal/readers/:id/timeout_input_collection', params: {}, handler: timeoutInputs },
  { method: 'POST', path: '/v1/test_helpers/terminal/readers/:id/present_payment_method', params: presentParams, handler: present },
];

/** Registers the reader routes, the test helper and the live channel (`/_sim/terminal/...`). */
export function registerTerminalReaders(sim: Simulator): void {
  registerExpandable(TYPE, {
    location: null,
    'action.process_payment_intent.payment_intent': null,
    'action.collect_payment_method.payment_intent': null,
    'action.confirm_payment_intent.payment_intent': null,
    'action.process_setup_intent.setup_intent': null,
    'action.refund_payment.payment_intent': null,
    'action.refund_payment.charge': null,
    'action.refund_payment.refund': null,
  });
  // `action.api_error` arrived with a later release than dahlia's 2026-03-25.
  registerVersionTransform(TYPE, (obj, version) => {
    if (isEndive(version) || !obj.action || typeof obj.action !== 'object') return obj;
    const action = { ...(obj.action as Record<string, unknown>) };
    delete action.api_error;
    return { ...obj, action };
  });
  for (const r of terminalReaderRoutes) sim.route(r);
  registerReaderLiveRoutes(sim);
}

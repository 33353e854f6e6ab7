// Customer tax IDs (`txi_`): POST/GET/DELETE /v1/customers/:id/tax_ids[/:tax_id]. The type must be one the SDK
// knows; the value's format is checked for the common types (Stripe's 400 `tax_id_invalid`, "Invalid value for
// <type>."). Verification: the types Stripe checks against a government register (eu_vat: VIES, gb_vat: HMRC,
// au_abn: ABR) start `pending`; others are `unavailable`. In test mode values containing 000000000 verify,
// 111111111 fail (`unverified`) and 111111112 are `unavailable`: the result is applied on the next read of the tax ID
// (retrieve, list, the customer's `tax_ids` expansion), with `customer.tax_id.updated`; other values stay `pending`,
// as in Stripe's own example of DE123456789. Events: customer.tax_id.created / .updated / .deleted.

import type Stripe from 'stripe';
import type { RequestContext, StripeObject } from '../context.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { deletedStub, listParams, p, type Schema } from '../resource-kit.ts';
import { registerExpandable } from '../expand.ts';
import type { Simulator } from '../app.ts';

export type TaxIdObject = Stripe.TaxId & StripeObject;
type CustomerObject = Stripe.Customer & StripeObject;

/** Every tax ID type of the SDK's `CustomerCreateTaxIdParams.Type`. */
export const TAX_ID_TYPES = [
  'ad_nrt', 'ae_trn', 'al_tin', 'am_tin', 'ao_tin', 'ar_cuit', 'au_abn', 'au_acn', 'au_arn', 'au_wpn', 'aw_tin', 'az_tin',
  'ba_tin', 'bb_tin', 'bd_bin', 'bf_ifu', 'bg_uic', 'bh_vat', 'bj_ifu', 'bo_tin', 'br_cnpj', 'br_cpf', 'bs_tin', 'bw_vat',
  'by_tin', 'ca_bn', 'ca_gst_hst', 'ca_pst_bc', 'ca_pst_mb', 'ca_pst_sk', 'ca_qst', 'cd_nif', 'ch_uid', 'ch_vat', 'ci_vat',
  'cl_tin', 'cm_niu', 'cn_tin', 'co_nit', 'cr_tin', 'cv_nif', 'cz_dic', 'de_stn', 'do_rcn', 'ec_ruc', 'eg_tin', 'es_cif',
  'et_tin', 'eu_oss_vat', 'eu_vat', 'fo_vat', 'fr_siren', 'fr_siret', 'fr_spi', 'gb_vat', 'ge_vat', 'gh_tin', 'gi_tin',
  'gn_nif', 'hk_br', 'hr_oib', 'hu_tin', 'ic_nif', 'id_npwp', 'il_vat', 'in_gst', 'is_kt', 'is_vat', 'it_cf', 'jp_cn',
  'jp_rn', 'jp_trn', 'ke_pin', 'kg_tin', 'kh_tin', 'kr_brn', 'kz_bin', 'la_tin', 'li_uid', 'li_vat', 'lk_vat', 'ma_vat',
  'md_cf', 'md_vat', 'me_pib', 'mk_vat', 'mr_nif', 'mu_vat', 'mx_rfc', 'my_frp', 'my_itn', 'my_sst', 'mz_nuit', 'ng_tin',
  'no_vat', 'no_voec', 'np_pan', 'nz_bn', 'nz_gst', 'om_vat', 'pe_ruc', 'ph_tin', 'pl_nip', 'pt_nif', 'py_ruc', 'ro_tin',
  'rs_pib', 'ru_inn', 'ru_kpp', 'sa_vat', 'sg_gst', 'sg_uen', 'si_tin', 'sm_coe', 'sn_ninea', 'sr_fin', 'sv_nit', 'th_vat',
  'tj_tin', 'tr_tin', 'tt_bir', 'tt_vat', 'tw_vat', 'tz_vat', 'ua_vat', 'ug_tin', 'us_ein', 'uy_ruc', 'uz_tin', 'uz_vat',
  've_rif', 'vn_tin', 'za_vat', 'zm_tin', 'zw_tin',
] as const;

/** EU VAT number formats by prefix (EL is Greece, XI Northern Ireland), after spaces, dots and dashes are removed. */
const EU_VAT: Record<string, RegExp> = {
  AT: /^U\d{8}$/, BE: /^[01]\d{9}$/, BG: /^\d{9,10}$/, CY: /^\d{8}[A-Z]$/, CZ: /^\d{8,10}$/, DE: /^\d{9}$/, DK: /^\d{8}$/,
  EE: /^\d{9}$/, EL: /^\d{9}$/, ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/, FI: /^\d{8}$/, FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/, HR: /^\d{11}$/,
  HU: /^\d{8}$/, IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, IT: /^\d{11}$/, LT: /^(\d{9}|\d{12})$/, LU: /^\d{8}$/,
  LV: /^\d{11}$/, MT: /^\d{8}$/, NL: /^\d{9}B\d{2}$/, PL: /^\d{10}$/, PT: /^\d{9}$/, RO: /^\d{2,10}$/, SE: /^\d{10}01$/,
  SI: /^\d{8}$/, SK: /^\d{10}$/, XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};
const COUNTRY_OF_PREFIX: Record<string, string> = { EL: 'GR', XI: 'GB' };

/** Formats of the common types (Stripe's examples in its "Supported tax ID types" table). */
const FORMATS: Record<string, RegExp> = {
  gb_vat: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  us_ein: /^\d{2}-?\d{7}$/,
  au_abn: /^\d{11}$/,
  au_arn: /^\d{12}$/,
  ca_bn: /^\d{9}$/,
  ca_gst_hst: /^\d{9}RT\d{4}$/,
  ca_qst: /^\d{10}TQ\d{4}$/,
  ch_vat: /^CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)$/,
  ch_uid: /^CHE-?\d{3}\.?\d{3}\.?\d{3}$/,
  in_gst: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/,
  no_vat: /^\d{9}MVA$/,
  nz_gst: /^\d{8,9}$/,
  jp_cn: /^\d{13}$/,
  sg_uen: /^\d{8,9}[A-Z]$/,
  br_cnpj: /^\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}$/,
  br_cpf: /^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$/,
  mx_rfc: /^[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}$/,
  za_vat: /^4\d{9}$/,
};

/** Types checked against a government register (VIES, HMRC, ABR); the others are `unavailable`. */
const VERIFIED_TYPES = new Set(['eu_vat', 'gb_vat', 'au_abn']);

const createParams: Schema = {
  type: p.enumOf(TAX_ID_TYPES, { required: true }),
  value: p.string({ required: true }),
};

function invalidValue(type: string, param: string): never {
  throw invalidRequest(`Invalid value for ${type}.`, { param, code: 'tax_id_invalid' });
}

/** The tax ID's country, or a 400 when the value does not fit the type's format. */
export function checkTaxId(type: string, value: string, param = 'value'): string | null {
  const v = value.toUpperCase().replace(/[\s]/g, '');
  if (v === '') invalidValue(type, param);
  if (type === 'eu_vat') {
    const prefix = v.slice(0, 2);
    const rest = v.slice(2).replace(/[.-]/g, '');
    const re = EU_VAT[prefix];
    if (!re || !re.test(rest)) invalidValue(type, param);
    return COUNTRY_OF_PREFIX[prefix] ?? prefix;
  }
  const re = FORMATS[type];
  if (re && !re.test(v)) invalidValue(type, param);
  if (type === 'eu_oss_vat') return null;
  return type.slice(0, 2).toUpperCase();
}

function testOutcome(value: string): Stripe.TaxId.Verification.Status | null {
  if (value.includes('111111112')) return 'unavailable';
  if (value.includes('111111111')) return 'unverified';
  if (value.includes('000000000')) return 'verified';
  return null;
}

/** Creates a tax ID for a customer (also used by `POST /v1/customers` with `tax_id_data`). */
export function createTaxId(ctx: RequestContext, customerId: string, type: string, value: string, param = 'value'): TaxIdObject {
  const country = checkTaxId(type, value, param);
  const obj = {
    id: ctx.newId('txi'),
    object: 'tax_id',
    country,
    created: ctx.now(),
    customer: customerId,
    customer_account: null,
    livemode: false,
    owner: { customer: customerId, customer_account: null, type: 'customer' },
    type,
    value,
    verification: { status: VERIFIED_TYPES.has(type) ? 'pending' : 'unavailable', verified_address: null, verified_name: null },
  } as unknown as TaxIdObject;
  ctx.insert(obj, { customer: customerId });
  ctx.emit('customer.tax_id.created', obj);
  return obj;
}

/** A pending verification of a test value completes when the tax ID is next read. */
function settle(ctx: RequestContext, t: TaxIdObject): TaxIdObject {
  if (t.verification?.status !== 'pending') return t;
  const outcome = testOutcome(t.value.toUpperCase());
  if (!outcome) return t;
  const before = t.verification;
  const after: TaxIdObject = { ...t, verification: { ...before, status: outcome } };
  ctx.update(after);
  ctx.emit('customer.tax_id.updated', after, { previousAttributes: { verification: before } });
  return after;
}

function customerOf(ctx: RequestContext): CustomerObject {
  return ctx.get<CustomerObject>(ctx.pathParams.id, 'customer', { kind: 'customer' });
}

function load(ctx: RequestContext): TaxIdObject {
  const customer = customerOf(ctx);
  const id = ctx.pathParams.taxId;
  const rec = ctx.find<TaxIdObject>(id, 'tax_id');
  if (!rec || rec.data.customer !== customer.id) throw resourceMissing('tax_id', id);
  return rec.data;
}

function create(ctx: RequestContext): TaxIdObject {
  const customer = customerOf(ctx);
  return createTaxId(ctx, customer.id, ctx.params.type as string, ctx.params.value as string);
}

function remove(ctx: RequestContext): StripeObject {
  const t = load(ctx);
  ctx.remove(t.id);
  ctx.emit('customer.tax_id.deleted', t);
  return deletedStub(t);
}

/** The customer's tax IDs as a list object (newest first), verification results applied. */
export function listTaxIds(ctx: RequestContext, customerId: string, url: string) {
  const res = ctx.list<TaxIdObject>('tax_id', { where: { customer: customerId }, url, kind: 'tax_id' });
  return { ...res, data: res.data.map((t) => settle(ctx, t)) };
}

/** Removes every tax ID of a deleted customer (no events, as the customer's own deletion says it all). */
export function removeCustomerTaxIds(ctx: RequestContext, customerId: string): void {
  for (;;) {
    const page = ctx.store.list<TaxIdObject>({ account: ctx.account, type: 'tax_id', where: { customer: customerId }, limit: 100 });
    for (const rec of page.items) ctx.remove(rec.id);
    if (!page.hasMore || page.items.length === 0) break;
  }
}

export function registerTaxIds(sim: Simulator): void {
  registerExpandable('tax_id', ['customer']);
  sim.services.createCustomerTaxId = createTaxId;
  sim.services.listCustomerTaxIds = listTaxIds;
  sim.services.removeCustomerTaxIds = removeCustomerTaxIds;
  sim.route({ method: 'POST', path: '/v1/customers/:id/tax_ids', params: createParams, handler: create });
  sim.route({
    method: 'GET', path: '/v1/customers/:id/tax_ids', params: { ...listParams },
    handler: (ctx) => listTaxIds(ctx, customerOf(ctx).id, `/v1/customers/${ctx.pathParams.id}/tax_ids`),
  });
  sim.route({ method: 'GET', path: '/v1/customers/:id/tax_ids/:taxId', params: {}, handler: (ctx) => settle(ctx, load(ctx)) });
  sim.route({ method: 'DELETE', path: '/v1/customers/:id/tax_ids/:taxId', params: {}, handler: remove });
}

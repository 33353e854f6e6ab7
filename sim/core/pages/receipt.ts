// The simulator's payment receipt page: every succeeded charge has a `receipt_url`, as on Stripe ("the URL to view
// the receipt for this charge ... kept up-to-date to the latest state of the charge, including any refunds").
// `GET /receipts/payment/<charge id>/<secret>`: the secret is part of the charge's own receipt_url, so only who
// holds the URL sees the receipt (amount, date, card brand and last 4, refunds). Read-only, no script, strict CSP,
// English and French (`?locale=`, else Accept-Language); it reuses the 3D Secure page's stylesheet.

import type { Context, Hono } from 'hono';
import type Stripe from 'stripe';
import type { Simulator } from '../app.ts';
import { randomString } from '../ids.ts';
import { currencyExponent, formatAmount } from '../money.ts';
import { pickLocale, type ChallengeLocale } from './3ds-i18n.ts';
import { RECEIPT_MESSAGES } from './receipt-i18n.ts';
import { escapeHtml as esc } from './html.ts';

export const RECEIPT_PATH = '/receipts/payment/';
/** The 3D Secure page's stylesheet (3ds.ts CSS_PATH; not imported, so that charges.ts does not import 3ds.ts). */
const CSS_PATH = '/3ds/assets/challenge.css';

/** A new receipt URL for a charge (on the simulator's public origin). */
export function receiptUrlFor(baseUrl: string, chargeId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${RECEIPT_PATH}${chargeId}/${randomString(32)}`;
}


function money(locale: ChallengeLocale, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { style: 'currency', currency: currency.toUpperCase() })
      .format(amount / 10 ** currencyExponent(currency));
  } catch {
    return formatAmount(amount, currency);
  }
}

function page(locale: ChallengeLocale, title: string, body: string, status: number): Response {
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${CSS_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function showReceipt(c: Context, sim: Simulator): Response {
  const locale = pickLocale(c.req.query('locale'), c.req.header('accept-language'));
  const t = RECEIPT_MESSAGES[locale];
  const chargeId = c.req.param('charge') ?? '';
  const secret = c.req.param('secret') ?? '';
  const rec = chargeId.startsWith('ch_') ? sim.store.get<Stripe.Charge>(chargeId) : undefined;
  const charge = rec?.type === 'charge' ? rec.data : undefined;
  if (!charge || !secret || charge.receipt_url !== `${sim.baseUrl}${RECEIPT_PATH}${chargeId}/${secret}`) {
    return page(locale, t.unknownTitle, `<h1>${esc(t.unknownTitle)}</h1>\n<p>${esc(t.unknownBody)}</p>`, 404);
  }
  const title = t.title.replace('{merchant}', sim.settings.branding.platform_name);
  const card = charge.payment_method_details?.card ?? charge.payment_method_details?.card_present;
  const brand = card?.brand ?? '';
  const rows: [string, string][] = [
    [charge.captured ? t.amountPaid : t.amountAuthorized, money(locale, charge.captured ? charge.amount_captured : charge.amount, charge.currency)],
    [t.datePaid, new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(charge.created * 1000))],
  ];
  if (card) rows.push([t.paymentMethod, `${brand.charAt(0).toUpperCase()}${brand.slice(1)} •••• ${card.last4 ?? ''}`]);
  // Refunds of captured money (a released authorisation also counts in amount_refunded, but was never paid).
  const refunded = charge.captured ? charge.amount_refunded - (charge.amount - charge.amount_captured) : 0;
  if (refunded > 0) rows.push([t.refunded, money(locale, refunded, charge.currency)]);
  if (charge.description) rows.push([t.description, charge.description]);
  const body = `<p><span class="ck-3ds-badge">${esc(t.testBadge)}</span></p>
<h1>${esc(title)}</h1>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}
</dl>
<p>${esc(t.testNotice)}</p>`;
  return page(locale, title, body, 200);
}

/** Registers the receipt page on the simulator's Hono app. */
export function receiptPages(app: Hono, sim: Simulator): void {
  app.get(`${RECEIPT_PATH}:charge/:secret`, (c) => showReceipt(c, sim));
}

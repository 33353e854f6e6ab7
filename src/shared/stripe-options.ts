/**
 * What the kit's components hand Stripe.js: the theme as Stripe's `appearance` (Stripe's iframes cannot read CSS
 * custom properties, so the computed `--ck-*` tokens are passed as variables) and the language as an Elements locale.
 *
 * @module
 */
import type { Appearance, StripeElementLocale } from '@stripe/stripe-js';
import { readThemeTokens } from './tokens.js';

/** The computed `--ck-*` tokens of `el` as Stripe appearance (`night` for a dark scheme). */
export function stripeAppearance(el: Element): Appearance {
  const tokens = readThemeTokens(el);
  return {
    theme: tokens.colorScheme === 'dark' ? 'night' : 'stripe',
    labels: 'above',
    variables: {
      colorPrimary: tokens.colorPrimary,
      colorBackground: tokens.colorBackground,
      colorText: tokens.colorText,
      colorTextSecondary: tokens.colorTextSecondary,
      colorDanger: tokens.colorDanger,
      colorSuccess: tokens.colorSuccess,
      colorWarning: tokens.colorWarning,
      fontFamily: tokens.fontFamily,
      fontSizeBase: tokens.fontSizeBase,
      borderRadius: tokens.borderRadius,
      spacingUnit: tokens.spacingUnit,
    },
  };
}

/** A BCP 47 locale (`fr-CA`) as the Elements locale Stripe.js takes (`fr`); `auto` when there is none. */
export function stripeLocale(locale: string): StripeElementLocale {
  return (locale.toLowerCase().startsWith('fr') ? 'fr' : locale.split('-')[0] || 'auto') as StripeElementLocale;
}

/**
 * checkout-kit: registers every `ck-*` tag and re-exports the classes, events and shared helpers.
 * For one component only, import its entry (`checkout-kit/cart`).
 *
 * @module
 */
export * from './define/ck-cart.js';
export * from './define/ck-payment-element.js';
export * from './define/ck-terminal-reader.js';
export * from './define/ck-checkout.js';
export * from './define/ck-connect-onboarding.js';
export { summarize, withQuantity, itemName } from './components/cart/line-items.js';
export { configure } from './stripe/loader.js';

export { CkElement } from './shared/ck-element.js';
export { CkEvent, emit, type CkEventOptions } from './shared/events.js';
export {
  formatAmount,
  currencyExponent,
  toMajorUnits,
  toMinorUnits,
  isCurrencyCode,
  ZERO_DECIMAL_CURRENCIES,
  THREE_DECIMAL_CURRENCIES,
} from './shared/money.js';
export {
  LANGUAGES,
  LocaleController,
  resolveLocale,
  languageOf,
  plural,
  defineMessages,
  messagesFor,
  type Language,
  type Message,
  type Messages,
  type MessageSection,
} from './shared/i18n.js';
export {
  TOKENS,
  TOKEN_DEFAULTS,
  tokenProperty,
  applyTheme,
  baseStyles,
  readThemeTokens,
  resolveTheme,
  ThemeController,
  type ThemeChoice,
  type ThemeTokens,
  type TokenName,
} from './shared/tokens.js';

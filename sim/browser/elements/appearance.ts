// Stripe's Appearance API applied inside the card iframe without inline styles: variables become CSS
// custom properties set through the CSSOM, rules become a constructed stylesheet (both allowed under a
// strict style-src), and every selector, property and value is checked first.

export const KNOWN_VARIABLES = [
  'fontFamily',
  'fontSizeBase',
  'fontSizeSm',
  'fontWeightNormal',
  'fontWeightMedium',
  'fontLineHeight',
  'spacingUnit',
  'gridRowSpacing',
  'gridColumnSpacing',
  'borderRadius',
  'colorPrimary',
  'colorBackground',
  'colorText',
  'colorTextSecondary',
  'colorTextPlaceholder',
  'colorDanger',
  'colorSuccess',
  'colorWarning',
  'colorIcon',
  'focusOutline',
  'focusBoxShadow',
] as const;

/**
 * Every `appearance.variables` name Stripe.js recognises (@stripe/stripe-js's `Appearance['variables']`): setting one the
 * simulator does not render (fontWeightBold, buttonColorBackground...) is not a mistake and draws no warning; the card
 * iframe applies those of KNOWN_VARIABLES.
 */
export const STRIPE_VARIABLES: readonly string[] = [
  ...KNOWN_VARIABLES,
  ...'fontSmooth fontVariantLigatures fontVariationSettings fontSizeXs fontSizeLg fontSizeXl fontWeightLight fontWeightBold tabSpacing accordionItemSpacing spacingGridRow spacingGridColumn spacingTab spacingAccordionItem accordionItemLabelColorText accordionItemLabelFontSize accordionItemLabelFontWeight accordionItemLabelSelectedColorText accordionItemLabelSelectedFontWeight accordionItemTriggerColor accordionItemTriggerSelectedColor accordionItemTriggerHoverColor buttonBoxShadow buttonColorBackground buttonColorText buttonFontSize buttonFontWeight buttonPadding accessibleColorOnColorPrimary accessibleColorOnColorBackground accessibleColorOnColorSuccess accessibleColorOnColorDanger accessibleColorOnColorWarning colorPrimaryText colorBackgroundText colorSuccessText colorDangerText colorWarningText iconColor iconHoverColor iconCardErrorColor iconCardCvcColor iconCardCvcErrorColor iconCheckmarkColor iconChevronDownColor iconChevronDownHoverColor iconCloseColor iconCloseHoverColor iconLoadingIndicatorColor iconMenuColor iconMenuHoverColor iconPasscodeDeviceColor iconPasscodeDeviceHoverColor iconPasscodeDeviceNotificationColor iconRedirectColor colorIconHover colorIconCardError colorIconCardCvc colorIconCardCvcError colorIconCheckmark colorIconChevronDown colorIconChevronDownHover colorIconRedirect tabIconColor tabIconHoverColor tabIconSelectedColor tabIconMoreColor tabIconMoreHoverColor colorIconTab colorIconTabHover colorIconTabSelected colorIconTabMore colorIconTabMoreHover logoColor tabLogoColor tabLogoSelectedColor blockLogoColor colorLogo colorLogoTab colorLogoTabSelected colorLogoBlock inputBoxShadow inputColorBorder inputFocusBoxShadow inputFocusColorBorder labelColorText labelFontSize labelFontWeight labelSpacing buttonBorderRadius buttonExpressCheckoutBorderRadius'.split(' '),
];

/** The keys of Stripe's Appearance object. */
export const APPEARANCE_KEYS: readonly string[] = ['disableAnimations', 'theme', 'variables', 'rules', 'labels', 'inputs'];

/** Stripe's themes (`appearance.theme`). */
export const THEMES: readonly string[] = ['stripe', 'night', 'flat'];

const SELECTOR = /^\.(Input|Label|Error|Tab|TabLabel|TabIcon|Block|Text|Icon)(--(invalid|empty|selected|complete))?(:(focus|hover|disabled|autofill|focus-visible))?(::placeholder|::selection)?$/;
const PROPERTY = /^(color|background|background-color|border|border-(top|right|bottom|left)(-(color|width|style))?|border-(color|width|style)|border-radius|box-shadow|padding(-(top|right|bottom|left))?|margin(-(top|right|bottom|left))?|font|font-(family|size|weight|style|variant)|line-height|letter-spacing|text-transform|text-decoration|text-shadow|outline|outline-(color|width|style|offset)|transition|opacity|fill|caret-color|-webkit-text-fill-color)$/;

export function safeValue(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const v = String(value).trim();
  if (!v || v.length > 200) return null;
  if (/[{};<>\\]|url\s*\(|expression\s*\(|@import|javascript:/i.test(v)) return null;
  return v;
}

function kebab(prop: string): string {
  return prop.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
}

/** Rules -> CSS text, keeping only the selectors and properties Stripe allows. */
export function rulesToCss(rules: unknown, warn: (msg: string) => void = () => {}): string {
  if (!rules || typeof rules !== 'object') return '';
  let css = '';
  for (const [selector, decls] of Object.entries(rules as Record<string, unknown>)) {
    const selectors = selector.split(',').map((s) => s.trim());
    if (!selectors.every((s) => SELECTOR.test(s))) {
      warn(`Unsupported selector in appearance.rules: ${selector}`);
      continue;
    }
    if (!decls || typeof decls !== 'object') continue;
    const body: string[] = [];
    for (const [prop, value] of Object.entries(decls as Record<string, unknown>)) {
      const name = kebab(prop);
      const v = safeValue(value);
      if (!PROPERTY.test(name) || v === null) {
        warn(`Ignored appearance.rules["${selector}"].${prop}`);
        continue;
      }
      body.push(`${name}: ${v};`);
    }
    if (body.length) css += `${selectors.join(', ')} { ${body.join(' ')} }\n`;
  }
  return css;
}

export interface AppearanceLike {
  theme?: string;
  labels?: string;
  variables?: Record<string, unknown>;
  rules?: Record<string, unknown>;
}

let ruleSheet: CSSStyleSheet | null = null;

export function applyAppearance(doc: Document, appearance: AppearanceLike): void {
  const root = doc.documentElement;
  const theme = appearance.theme === 'night' || appearance.theme === 'flat' ? appearance.theme : 'stripe';
  root.dataset.theme = theme;
  root.dataset.labels = appearance.labels === 'floating' ? 'floating' : 'above';
  for (const name of KNOWN_VARIABLES) root.style.removeProperty(`--p-${name}`);
  for (const [name, value] of Object.entries(appearance.variables ?? {})) {
    if (!(KNOWN_VARIABLES as readonly string[]).includes(name)) continue;
    const v = safeValue(value);
    if (v !== null) root.style.setProperty(`--p-${name}`, v);
  }
  const css = rulesToCss(appearance.rules);
  if (!ruleSheet) {
    ruleSheet = new CSSStyleSheet();
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, ruleSheet];
  }
  ruleSheet.replaceSync(css);
}

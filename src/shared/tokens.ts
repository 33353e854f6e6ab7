/**
 * Design tokens, the shared base stylesheet and theme resolution for every `ck-*` component.
 *
 * ## Three tiers
 * 1. **Global tokens** `--ck-*` (this file, {@link TOKENS}): set them anywhere on the page (`:root`, a wrapper, the
 *    element itself) to theme every component. None has to be set: each has a light and a dark default here, so no
 *    global stylesheet is required.
 * 2. **Component tokens** `--ck-<component>-*` (e.g. `--ck-cart-background`), documented with `@cssprop` on each
 *    component, falling back to a global token.
 * 3. **Private locals** `--_*` inside shadow styles. `baseStyles` resolves every global token into a private
 *    `--_ck-*` local on `:host` (public value, else the default), and components read only those locals.
 *
 * ## Light and dark
 * Defaults are written with CSS `light-dark()`, which follows the element's used `color-scheme`. A component's host
 * is `color-scheme: light dark` (it follows `prefers-color-scheme`) unless a theme is chosen explicitly, in order:
 * - the element's own `theme="light|dark|auto"` attribute;
 * - the closest ancestor with `data-ck-theme="light|dark|auto"` (e.g. `<html data-ck-theme="dark">`), found across
 *   shadow roots and watched for changes by {@link ThemeController}.
 * The chosen theme is exposed as the custom states `:state(light)` / `:state(dark)` on the host, which set its
 * `color-scheme`. This works across shadow roots in every engine, unlike `:host-context()`.
 *
 * ## Forced colours and motion
 * Under `forced-colors: active` the browser substitutes system colours for text, backgrounds, borders and outlines
 * (focus rings are outlines, never box shadows, so they survive; buttons keep a transparent border so they stay
 * outlined); disabled controls are set to `GrayText`. Under `prefers-reduced-motion: reduce` transitions and
 * animations are switched off.
 *
 * @module
 */
import { css, unsafeCSS, type CSSResult, type ReactiveController, type ReactiveControllerHost } from '@lit/reactive-element';
import { closestAttribute, watchInheritedAttributes } from './ancestry.js';

/** A global token: its custom property name and its default value (may use `light-dark()`). */
export interface TokenDefinition {
  readonly property: `--ck-${string}`;
  readonly fallback: string;
}

const ld = (light: string, dark: string) => `light-dark(${light},${dark})`;

/**
 * Default of every global token, by name. The custom property is `--ck-` and the kebab-case name
 * (`colorPrimary` -> `--ck-color-primary`). Colour defaults meet WCAG AA (4.5:1 for text, 3:1 for control
 * borders) against `colorBackground` and `colorSurface` in both schemes.
 */
export const TOKEN_DEFAULTS = {
  colorPrimary: ld('#4f45d6', '#a9a4ff'),
  colorPrimaryContrast: ld('#fff', '#15161c'),
  colorText: ld('#1b1c24', '#eceef3'),
  colorMuted: ld('#596070', '#a7adbd'),
  colorBackground: ld('#fff', '#15161c'),
  colorSurface: ld('#f4f5f8', '#20222b'),
  colorBorder: ld('#d9dce3', '#343745'),
  colorBorderStrong: ld('#80869a', '#7b8196'),
  colorDanger: ld('#b4182b', '#ff8f9a'),
  colorSuccess: ld('#16703a', '#6fd893'),
  colorWarning: ld('#855500', '#f2c45e'),
  colorFocusRing: ld('#2f5bd8', '#8fb0ff'),
  fontFamily: 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif',
  fontSizeSmall: '.875rem',
  fontSizeBase: '1rem',
  fontSizeLarge: '1.25rem',
  radius: '6px',
  space: '4px',
  shadow: '0 1px 3px rgb(0 0 0/.12),0 1px 2px rgb(0 0 0/.08)',
  focusRingWidth: '2px',
} as const;

export type TokenName = keyof typeof TOKEN_DEFAULTS;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** The public custom property of a token: `colorPrimary` -> `--ck-color-primary`. */
export const tokenProperty = (name: TokenName): `--ck-${string}` => `--ck-${kebab(name)}`;

/** The private local a token resolves into on every component host: `colorPrimary` -> `--_ck-color-primary`. */
export const local = (name: TokenName): string => `--_ck-${kebab(name)}`;

/** Every global token with its property and default. */
function defineTokens(): Readonly<Record<TokenName, TokenDefinition>> {
  const entries = Object.entries(TOKEN_DEFAULTS).map(([name, fallback]) => [name, { property: tokenProperty(name as TokenName), fallback }]);
  return Object.fromEntries(entries) as Record<TokenName, TokenDefinition>;
}
export const TOKENS = /* @__PURE__ */ defineTokens();

const locals = Object.entries(TOKEN_DEFAULTS)
  .map(([name, fallback]) => `${local(name as TokenName)}:var(${tokenProperty(name as TokenName)},${fallback});`)
  .join('');

/**
 * Styles every component includes first: token locals, theme states, host defaults, focus ring, a `.visually-hidden`
 * utility and a button reset (`button` elements inherit font and colour; style them from there).
 *
 * Forced colours: the browser substitutes system colours for text, backgrounds, borders and outlines (buttons keep
 * a transparent border so they stay outlined there); only the disabled look is set explicitly.
 */
export const baseStyles: CSSResult = css`
  :host {
    ${unsafeCSS(locals)}
    color-scheme: light dark;
    display: block;
    box-sizing: border-box;
    font: var(--_ck-font-size-base) / 1.5 var(--_ck-font-family);
    color: var(--_ck-color-text);
  }
  :host(:state(light)) { color-scheme: light }
  :host(:state(dark)) { color-scheme: dark }
  :host([hidden]) { display: none !important }
  *, ::before, ::after { box-sizing: inherit }
  :focus-visible { outline: var(--_ck-focus-ring-width) solid var(--_ck-color-focus-ring); outline-offset: 2px }
  button { font: inherit; color: inherit; background: none; border: 1px solid transparent; margin: 0; padding: 0; cursor: pointer }
  .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap }
  @media (forced-colors: active) {
    button[aria-disabled='true'], button:disabled { color: GrayText !important }
  }
  @media (prefers-reduced-motion: reduce) {
    *, ::before, ::after { animation: none !important; transition: none !important; scroll-behavior: auto !important }
  }
`;

/** A theme as chosen by the page. `auto` follows `prefers-color-scheme`. */
export type ThemeChoice = 'light' | 'dark' | 'auto';

/**
 * The theme an element should use: its own `theme` property or attribute, else the closest `data-ck-theme` ancestor across
 * shadow roots, else `auto`. The first of these that is set decides; a value other than `light` or `dark` means `auto`.
 */
export function resolveTheme(el: Element & { theme?: string | null }): ThemeChoice {
  const theme = el.theme ?? el.getAttribute('theme') ?? closestAttribute(el, 'data-ck-theme');
  return theme === 'light' || theme === 'dark' ? theme : 'auto';
}

/**
 * Resolves `host`'s theme ({@link resolveTheme}) and sets its custom states accordingly: `:state(light)`,
 * `:state(dark)` or neither (`auto`). Returns the theme.
 */
export function applyTheme(host: ThemeHost): ThemeChoice {
  const theme = resolveTheme(host);
  const states = host.internals.states;
  try {
    states.delete('light');
    states.delete('dark');
    if (theme !== 'auto') states.add(theme);
  } catch {
    // Engines without CustomStateSet (or with only its older `--state` syntax): follow prefers-color-scheme.
  }
  return theme;
}

/** Host of a {@link ThemeController}: a Lit element that owns `ElementInternals`. */
export interface ThemeHost extends ReactiveControllerHost, HTMLElement {
  readonly internals: ElementInternals;
}

/**
 * Keeps the host's `:state(light)` / `:state(dark)` in step with its theme (see {@link resolveTheme}), re-resolving
 * when the host's `theme` attribute or any ancestor's `data-ck-theme` changes.
 */
export class ThemeController implements ReactiveController {
  /** The resolved choice (`auto` when nothing is set). */
  theme: ThemeChoice = 'auto';
  readonly #host: ThemeHost;
  #unwatch?: () => void;

  constructor(host: ThemeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#unwatch = watchInheritedAttributes(this.#host, this.hostUpdate);
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.#unwatch?.();
  }

  /** Re-resolves the theme and updates the host's custom states (before each render, and on ancestor changes). */
  hostUpdate = (): void => {
    this.theme = applyTheme(this.#host);
  };
}

/** Resolved token values, named after Stripe's `appearance.variables` where one exists. */
export interface ThemeTokens {
  /** `light` or `dark`: the scheme the element actually renders in. Maps to Stripe's `theme: 'stripe' | 'night'`. */
  colorScheme: 'light' | 'dark';
  colorPrimary: string;
  colorPrimaryContrast: string;
  colorText: string;
  /** The muted token (Stripe's `colorTextSecondary`). */
  colorTextSecondary: string;
  colorBackground: string;
  colorSurface: string;
  colorBorder: string;
  colorBorderStrong: string;
  colorDanger: string;
  colorSuccess: string;
  colorWarning: string;
  colorFocusRing: string;
  fontFamily: string;
  /** Computed in px, e.g. `"16px"`. */
  fontSizeBase: string;
  fontSizeSm: string;
  fontSizeLg: string;
  /** Computed in px, e.g. `"6px"`. */
  borderRadius: string;
  /** Computed in px, e.g. `"4px"`. */
  spacingUnit: string;
  focusRingWidth: string;
}

/**
 * Reads the computed tokens as they apply to `el`: colours as `rgb()`/`rgba()` strings, lengths in px, the font
 * family as declared. Page overrides of `--ck-*` are honoured, `light-dark()` defaults are resolved for the
 * element's scheme. Stripe's iframes cannot see CSS variables; the payment element passes these to
 * `appearance.variables` (and again when the theme changes).
 *
 * Works on any element; for a `ck-*` component the probe is placed in its shadow root so it sees the host's scheme.
 */
export function readThemeTokens(el: Element): ThemeTokens {
  const probe = document.createElement('span');
  const parent: Node = el.shadowRoot ?? el;
  probe.style.setProperty('display', 'none');
  parent.appendChild(probe);
  const style = getComputedStyle(probe);
  const read = (prop: string, value: string): string => {
    probe.style.setProperty(prop, value);
    const v = style.getPropertyValue(prop).trim();
    probe.style.removeProperty(prop);
    return v;
  };
  try {
    const tokens = { colorScheme: read('color', 'light-dark(#000,#fff)') === 'rgb(255, 255, 255)' ? 'dark' : 'light' } as Record<string, string>;
    for (const [name, fallback] of Object.entries(TOKEN_DEFAULTS)) {
      if (name === 'shadow') continue;
      // Colours resolve through `color`, the font through `font-family`, sizes and lengths to px.
      const prop = name.startsWith('color') ? 'color' : name === 'fontFamily' ? 'font-family' : name.startsWith('fontSize') ? 'font-size' : 'padding-left';
      tokens[(THEME_TOKEN_NAMES as Partial<Record<string, string>>)[name] ?? name] = read(prop, `var(${tokenProperty(name as TokenName)},${fallback})`);
    }
    return tokens as unknown as ThemeTokens;
  } finally {
    probe.remove();
  }
}

/** {@link ThemeTokens} fields named after Stripe's appearance variables rather than after the token. */
const THEME_TOKEN_NAMES = {
  colorMuted: 'colorTextSecondary',
  fontSizeSmall: 'fontSizeSm',
  fontSizeLarge: 'fontSizeLg',
  radius: 'borderRadius',
  space: 'spacingUnit',
} as const satisfies Partial<Record<TokenName, keyof ThemeTokens>>;

// Type-level check that readThemeTokens fills exactly ThemeTokens: every token but `shadow`, renamed where above.
type ReadTokenFields =
  | 'colorScheme'
  | Exclude<TokenName, 'shadow' | keyof typeof THEME_TOKEN_NAMES>
  | (typeof THEME_TOKEN_NAMES)[keyof typeof THEME_TOKEN_NAMES];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const readsEveryThemeToken: Same<ReadTokenFields, keyof ThemeTokens> = true;
void readsEveryThemeToken;

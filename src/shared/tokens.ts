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
 * Under `forced-colors: active` the locals map to system colours and focus uses `outline` (box shadows vanish in that
 * mode). Under `prefers-reduced-motion: reduce` transitions and animations are switched off.
 *
 * @module
 */
import { css, unsafeCSS, type CSSResult, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { closestAttribute, watchInheritedAttributes } from './ancestry.js';

/** A global token: its custom property name and its default value (may use `light-dark()`). */
export interface TokenDefinition {
  readonly property: `--ck-${string}`;
  readonly fallback: string;
}

const ld = (light: string, dark: string) => `light-dark(${light}, ${dark})`;

/**
 * Every global token with its default. Colour defaults meet WCAG AA (4.5:1 for text, 3:1 for control borders)
 * against `colorBackground` and `colorSurface` in both schemes.
 */
export const TOKENS = {
  colorPrimary: { property: '--ck-color-primary', fallback: ld('#4f45d6', '#a9a4ff') },
  colorPrimaryContrast: { property: '--ck-color-primary-contrast', fallback: ld('#ffffff', '#15161c') },
  colorText: { property: '--ck-color-text', fallback: ld('#1b1c24', '#eceef3') },
  colorMuted: { property: '--ck-color-muted', fallback: ld('#596070', '#a7adbd') },
  colorBackground: { property: '--ck-color-background', fallback: ld('#ffffff', '#15161c') },
  colorSurface: { property: '--ck-color-surface', fallback: ld('#f4f5f8', '#20222b') },
  colorBorder: { property: '--ck-color-border', fallback: ld('#d9dce3', '#343745') },
  colorBorderStrong: { property: '--ck-color-border-strong', fallback: ld('#80869a', '#7b8196') },
  colorDanger: { property: '--ck-color-danger', fallback: ld('#b4182b', '#ff8f9a') },
  colorSuccess: { property: '--ck-color-success', fallback: ld('#16703a', '#6fd893') },
  colorWarning: { property: '--ck-color-warning', fallback: ld('#855500', '#f2c45e') },
  colorFocusRing: { property: '--ck-color-focus-ring', fallback: ld('#2f5bd8', '#8fb0ff') },
  fontFamily: {
    property: '--ck-font-family',
    fallback: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  fontSizeSmall: { property: '--ck-font-size-small', fallback: '0.875rem' },
  fontSizeBase: { property: '--ck-font-size-base', fallback: '1rem' },
  fontSizeLarge: { property: '--ck-font-size-large', fallback: '1.25rem' },
  radius: { property: '--ck-radius', fallback: '6px' },
  space: { property: '--ck-space', fallback: '4px' },
  shadow: { property: '--ck-shadow', fallback: '0 1px 3px rgb(0 0 0 / 0.12), 0 1px 2px rgb(0 0 0 / 0.08)' },
  focusRingWidth: { property: '--ck-focus-ring-width', fallback: '2px' },
} as const satisfies Record<string, TokenDefinition>;

export type TokenName = keyof typeof TOKENS;

/** The private local a token resolves into on every component host: `colorPrimary` -> `--_ck-color-primary`. */
export const local = (name: TokenName): string => TOKENS[name].property.replace('--ck-', '--_ck-');

const locals = Object.values(TOKENS)
  .map((t) => `${t.property.replace('--ck-', '--_ck-')}: var(${t.property}, ${t.fallback});`)
  .join('\n');

/**
 * Styles every component includes first: token locals, theme states, host defaults, focus ring, a `.visually-hidden`
 * utility and a button reset (`button` elements inherit font and colour; style them from there).
 */
export const baseStyles: CSSResult = css`
  :host {
    ${unsafeCSS(locals)}
    color-scheme: light dark;
    display: block;
    box-sizing: border-box;
    font-family: var(--_ck-font-family);
    font-size: var(--_ck-font-size-base);
    line-height: 1.5;
    color: var(--_ck-color-text);
    -webkit-text-size-adjust: 100%;
  }
  :host(:state(light)) {
    color-scheme: light;
  }
  :host(:state(dark)) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_ck-focus-ring-width) solid var(--_ck-color-focus-ring);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    margin: 0;
    padding: 0;
    cursor: pointer;
    -webkit-tap-highlight-color: transparent;
  }
  button[aria-disabled='true'],
  button:disabled {
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
  @media (forced-colors: active) {
    :host {
      --_ck-color-primary: LinkText;
      --_ck-color-primary-contrast: Canvas;
      --_ck-color-text: CanvasText;
      --_ck-color-muted: CanvasText;
      --_ck-color-background: Canvas;
      --_ck-color-surface: Canvas;
      --_ck-color-border: CanvasText;
      --_ck-color-border-strong: CanvasText;
      --_ck-color-danger: CanvasText;
      --_ck-color-success: CanvasText;
      --_ck-color-warning: CanvasText;
      --_ck-color-focus-ring: Highlight;
      --_ck-shadow: none;
    }
    button[aria-disabled='true'],
    button:disabled {
      color: GrayText;
      border-color: GrayText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** A theme as chosen by the page. `auto` follows `prefers-color-scheme`. */
export type ThemeChoice = 'light' | 'dark' | 'auto';

function asTheme(value: string | null | undefined): ThemeChoice | null {
  return value === 'light' || value === 'dark' || value === 'auto' ? value : null;
}

/**
 * The theme an element should use: its own `theme` property or attribute, else the closest `data-ck-theme` ancestor across
 * shadow roots, else `auto`.
 */
export function resolveTheme(el: Element & { theme?: string | null }): ThemeChoice {
  return asTheme(el.theme ?? el.getAttribute('theme')) ?? asTheme(closestAttribute(el, 'data-ck-theme')) ?? 'auto';
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
  private unwatch?: () => void;

  constructor(private readonly host: ThemeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unwatch = watchInheritedAttributes(this.host, this.refresh);
    this.refresh();
  }

  hostDisconnected(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  hostUpdate(): void {
    this.refresh();
  }

  /** Re-resolves the theme and updates the host's custom states. */
  refresh = (): void => {
    const next = resolveTheme(this.host);
    this.theme = next;
    const states = this.host.internals.states;
    if (!states) return;
    try {
      for (const t of ['light', 'dark'] as const) {
        if (t === next) states.add(t);
        else states.delete(t);
      }
    } catch {
      // Engines with the older `--state` syntax only: the element follows prefers-color-scheme instead.
    }
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
  const read = (prop: string, name: TokenName): string => {
    probe.style.setProperty(prop, `var(${TOKENS[name].property}, ${TOKENS[name].fallback})`);
    const v = style.getPropertyValue(prop).trim();
    probe.style.removeProperty(prop);
    return v;
  };
  try {
    probe.style.setProperty('color', 'light-dark(rgb(0, 0, 0), rgb(255, 255, 255))');
    const colorScheme = style.color === 'rgb(255, 255, 255)' ? 'dark' : 'light';
    probe.style.removeProperty('color');
    return {
      colorScheme,
      colorPrimary: read('color', 'colorPrimary'),
      colorPrimaryContrast: read('color', 'colorPrimaryContrast'),
      colorText: read('color', 'colorText'),
      colorTextSecondary: read('color', 'colorMuted'),
      colorBackground: read('color', 'colorBackground'),
      colorSurface: read('color', 'colorSurface'),
      colorBorder: read('color', 'colorBorder'),
      colorBorderStrong: read('color', 'colorBorderStrong'),
      colorDanger: read('color', 'colorDanger'),
      colorSuccess: read('color', 'colorSuccess'),
      colorWarning: read('color', 'colorWarning'),
      colorFocusRing: read('color', 'colorFocusRing'),
      fontFamily: read('font-family', 'fontFamily'),
      fontSizeBase: read('font-size', 'fontSizeBase'),
      fontSizeSm: read('font-size', 'fontSizeSmall'),
      fontSizeLg: read('font-size', 'fontSizeLarge'),
      borderRadius: read('padding-left', 'radius'),
      spacingUnit: read('padding-left', 'space'),
      focusRingWidth: read('padding-left', 'focusRingWidth'),
    };
  } finally {
    probe.remove();
  }
}

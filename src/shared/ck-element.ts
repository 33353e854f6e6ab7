/**
 * Base class of the `ck-*` components rendered with lit-html templates: language, theme and `ElementInternals` wired
 * once. (`<ck-payment-element>` is built on Lit's `ReactiveElement` with the same `ContextController`, to stay within
 * its size budget.)
 *
 * @module
 */
import { LitElement, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { ContextController } from './context.js';
import { baseStyles, type ThemeChoice } from './tokens.js';

/**
 * Shared behaviour of `ck-*` components. Subclasses add their styles after {@link baseStyles}:
 * `static override styles = [CkElement.styles, myStyles]`, and read `this.i18n.locale` / `this.i18n.language` in
 * `render()`.
 *
 * It has no side effects and registers nothing; `src/define/*` entries do.
 */
export class CkElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  static override properties: PropertyDeclarations = {
    locale: {},
    theme: { reflect: true },
  };

  /**
   * Explicit locale (BCP 47, e.g. `fr-CA`) for messages and amounts. When unset, the element follows the closest
   * `lang` attribute (across shadow roots), then the browser language.
   */
  locale?: string;

  /**
   * `light`, `dark` or `auto` (follow `prefers-color-scheme`). When unset, the closest ancestor's `data-ck-theme`
   * decides, else `auto`.
   */
  theme?: ThemeChoice;

  /** The element's `ElementInternals` (custom states, and form association in subclasses that opt in). */
  readonly internals: ElementInternals = this.attachInternals();

  /** Resolved locale and message language; re-renders the element when either changes. */
  protected readonly i18n = new ContextController(this);

  /** Resolved theme (`theme`), exposed as `:state(light)` / `:state(dark)`; `hostUpdate()` re-resolves it. */
  protected readonly themeController = this.i18n;
}

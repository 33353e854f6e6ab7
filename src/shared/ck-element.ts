/**
 * Base class of every `ck-*` component: language, theme and `ElementInternals` wired once.
 *
 * @module
 */
import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { LocaleController } from './i18n.js';
import { baseStyles, ThemeController, type ThemeChoice } from './tokens.js';

/**
 * Shared behaviour of `ck-*` components. Subclasses add their styles after {@link baseStyles}:
 * `static override styles = [CkElement.styles, myStyles]`, and read `this.i18n.locale` / `this.i18n.language` in
 * `render()`.
 *
 * It has no side effects and registers nothing; `src/define/*` entries do.
 */
export class CkElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  /**
   * Explicit locale (BCP 47, e.g. `fr-CA`) for messages and amounts. When unset, the element follows the closest
   * `lang` attribute (across shadow roots), then the browser language.
   */
  @property({ reflect: false }) locale?: string;

  /**
   * `light`, `dark` or `auto` (follow `prefers-color-scheme`). When unset, the closest ancestor's `data-ck-theme`
   * decides, else `auto`.
   */
  @property({ reflect: true }) theme?: ThemeChoice;

  /** The element's `ElementInternals` (custom states, and form association in subclasses that opt in). */
  readonly internals: ElementInternals = this.attachInternals();

  /** Resolved locale and message language; re-renders the element when either changes. */
  protected readonly i18n = new LocaleController(this);

  /** Resolved theme, exposed as `:state(light)` / `:state(dark)`. */
  protected readonly themeController = new ThemeController(this);
}

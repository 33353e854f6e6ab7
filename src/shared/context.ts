/**
 * Language and theme in one controller, shared by every `ck-*` base class (`CkElement` on `LitElement`, and the
 * payment element on `ReactiveElement`). It imports nothing from `lit` at run time, so an element built on
 * `@lit/reactive-element` alone does not pull in lit-html.
 *
 * @module
 */
import { LocaleController } from './i18n.js';
import { applyTheme, type ThemeChoice, type ThemeHost } from './tokens.js';

/**
 * One observer of `lang` / `data-ck-theme` per element, one hook per update: a {@link LocaleController} that also
 * keeps the host's `:state(light|dark)` current (see `ThemeController` for the standalone equivalent).
 */
export class ContextController extends LocaleController {
  /** The resolved theme choice. */
  theme: ThemeChoice = 'auto';

  override hostUpdate(): boolean {
    this.theme = applyTheme(this.host as ThemeHost);
    return super.hostUpdate();
  }
}

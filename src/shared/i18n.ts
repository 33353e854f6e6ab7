/**
 * Localisation runtime for every `ck-*` component: languages, message sections, plural rules, locale resolution and
 * a Lit controller that re-renders when the language changes.
 *
 * ## The catalogue
 * There is one catalogue, split into **sections** (one per component plus `common`) under `src/shared/messages/`.
 * Each section is one file with its English and French side by side, declared with {@link defineMessages}, whose
 * types make a missing (or extra) French key a compile error and require French functions to take the same
 * parameters as the English ones. `src/shared/messages/index.ts` gathers every section into {@link Catalogue}
 * form for tests and tooling. Components import only their own sections, so `checkout-kit/cart` does not ship the
 * payment element's strings.
 *
 * To add strings for a new component: create `src/shared/messages/<component>.ts` with `defineMessages(en, fr)`,
 * and add it to `src/shared/messages/index.ts`.
 *
 * Messages are plain strings or functions of a parameter object (`({ name }) => \`Remove ${name}\``). Messages
 * receive amounts already formatted (see `formatAmount`); counts go through {@link plural}.
 *
 * ## Locale resolution
 * {@link resolveLocale}: the element's explicit `locale` property, else the closest `lang` attribute walking up
 * through shadow roots, else `navigator.language`, else `en`. Formatting (`Intl`) uses the full tag (`fr-CA`);
 * messages use its language (`fr`), English when the language has no section.
 *
 * @module
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closestAttribute, watchInheritedAttributes } from './ancestry.js';

/** Languages with complete message sections. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A message: a string, or a function of named parameters that returns one. */
// `never` accepts every parameter object type, so `(p: { name: string }) => string` is a valid message.
export type Message = string | ((params: never) => string);

/** The English messages of a section: keys to messages. */
export type Messages = Readonly<Record<string, Message>>;

/** A section's messages in every language; `fr` has exactly the keys and signatures of `en`. */
export interface MessageSection<E extends Messages> {
  readonly en: E;
  readonly fr: E;
  /** Keys whose French text is legitimately identical to the English (e.g. "Total"); checked by tests. */
  readonly sameInFrench: readonly (keyof E)[];
}

/** Every section, keyed by section name (sections seen without their precise key types). */
export type Catalogue = Readonly<
  Record<string, { readonly en: Messages; readonly fr: Messages; readonly sameInFrench: readonly PropertyKey[] }>
>;

/**
 * Declares a section of the catalogue. `fr` must have every key of `en` (a missing key fails type-checking), no
 * other key, and functions with the same parameters.
 *
 * @param sameInFrench keys allowed to read the same in both languages; any other identical pair fails the tests.
 */
export function defineMessages<E extends Messages>(
  en: E,
  fr: { readonly [K in keyof NoInfer<E>]: NoInfer<E>[K] },
  sameInFrench: readonly (keyof NoInfer<E>)[] = [],
): MessageSection<E> {
  return { en, fr, sameInFrench };
}

/** A section's messages for a language (English when it has none). */
export function messagesFor<E extends Messages>(section: MessageSection<E>, language: Language): E {
  return language === 'fr' ? section.fr : section.en;
}

/** The message language of a BCP 47 locale: `fr-CA` -> `fr`; anything without a section -> `en`. */
export function languageOf(locale: string): Language {
  const lang = locale.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
}

/** Formats an integer count for `locale` (`1234` -> `1,234` / `1 234`). */
export function formatCount(n: number, locale: string): string {
  return n.toLocaleString(locale);
}

/**
 * Picks the plural form of `n` for `locale` (CLDR rules via `Intl.PluralRules`) and replaces `#` with the formatted
 * number. French treats 0 and 1 as singular: `plural('fr', 0, { one: '# article', other: '# articles' })` is
 * "0 article"; English: "0 items".
 */
export function plural(
  locale: string,
  n: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string {
  const form = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
  return form.replace(/#/g, n.toLocaleString(locale));
}

/** A canonical BCP 47 tag, or null when `tag` is empty or malformed. */
function canonical(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The locale an element renders in: its explicit `locale` property, else its closest `lang`
 * attribute (including its own, across shadow roots), else `navigator.language`, else `en`. As in HTML, the closest
 * `lang` decides even when it is empty (`lang=""`, "unknown") or malformed: both fall through to the browser
 * language rather than to a further ancestor.
 */
export function resolveLocale(el: Element & { locale?: string | null }): string {
  return (
    canonical(el.locale) ??
    canonical(closestAttribute(el, 'lang')) ??
    canonical(typeof navigator === 'undefined' ? null : navigator.language) ??
    'en'
  );
}

/** Host of a {@link LocaleController}: any Lit element, optionally with a `locale` property. */
export type LocaleHost = ReactiveControllerHost & HTMLElement & { locale?: string | null };

/**
 * Tracks the host's locale and requests a render when it changes: when the host's `locale` property changes, when
 * `lang` changes on the host or any ancestor (across shadow roots). The browser language is re-read on each update. Read {@link locale} for `Intl` and {@link language} for messages in `render()`.
 */
export class LocaleController implements ReactiveController {
  /** Resolved BCP 47 locale, e.g. `fr-FR`. */
  locale = 'en';
  /** Message language of {@link locale}. */
  language: Language = 'en';
  #unwatch?: () => void;

  constructor(protected readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#unwatch = watchInheritedAttributes(this.host, this.#onChange);
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.#unwatch?.();
  }

  /**
   * Re-resolves the locale; returns true when it changed. Runs before each render, so a changed `locale` property
   * is picked up without another update cycle; components may call it earlier (e.g. in `willUpdate`).
   */
  hostUpdate(): boolean {
    const next = resolveLocale(this.host);
    if (next === this.locale) return false;
    this.locale = next;
    this.language = languageOf(next);
    return true;
  }

  /** The section's messages in the current language. */
  messages<E extends Messages>(section: MessageSection<E>): E {
    return section[this.language];
  }

  #onChange = (): void => {
    if (this.hostUpdate()) this.host.requestUpdate();
  };
}

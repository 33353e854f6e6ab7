// The demo's language, shared by its pages: `?lang=` in the URL, else the customer's last choice on any demo page
// (kept in localStorage across reloads and pages), else the page's own.
const KEY = 'ck-demo-lang';

/** The language the customer chose (`en` or `fr`), or null when there is none. */
export function chosenLanguage() {
  const value = new URLSearchParams(location.search).get('lang') || localStorage.getItem(KEY);
  return value === 'fr' || value === 'en' ? value : null;
}

/**
 * Applies the chosen language (`apply`, default: `<html lang>`) and keeps it; then wires the page's Language
 * `select` so that a new choice is applied, kept, and `onChange` runs (the page translates itself).
 */
export function bindLanguage(select, onChange, apply = (value) => {
  document.documentElement.lang = value;
}) {
  const saved = chosenLanguage();
  if (saved) {
    apply(saved);
    localStorage.setItem(KEY, saved);
  }
  select.value = document.documentElement.lang === 'fr' ? 'fr' : 'en';
  select.addEventListener('change', () => {
    apply(select.value);
    localStorage.setItem(KEY, select.value);
    onChange();
  });
}

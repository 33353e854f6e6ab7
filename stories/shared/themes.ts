// Themes of the Storybook toolbar and of the theming gallery: CSS custom properties only (the kit's public `--ck-*`
// tokens), no component code. Light and dark are the kit's own defaults; the brand themes set tokens.

export interface Theme {
  title: string;
  /** `data-ck-theme` for the components (light / dark colour scheme of the defaults). */
  scheme: 'light' | 'dark';
  /** Page background and text behind the components. */
  page: { background: string; color: string };
  /** The `--ck-*` tokens this theme sets. */
  tokens: Record<`--ck-${string}`, string>;
}

export const THEMES: Record<string, Theme> = {
  light: { title: 'Light', scheme: 'light', page: { background: '#ffffff', color: '#1b1c24' }, tokens: {} },
  dark: { title: 'Dark', scheme: 'dark', page: { background: '#15161c', color: '#eceef3' }, tokens: {} },
  evergreen: {
    title: 'Brand: Evergreen',
    scheme: 'light',
    page: { background: '#fbfaf5', color: '#1f2a24' },
    tokens: {
      '--ck-color-primary': '#0b6e4f',
      '--ck-color-primary-contrast': '#ffffff',
      '--ck-color-text': '#1f2a24',
      '--ck-color-muted': '#4d5a52',
      '--ck-color-background': '#fbfaf5',
      '--ck-color-surface': '#f0eee4',
      '--ck-color-border': '#c9c4b0',
      '--ck-color-border-strong': '#6f6a55',
      '--ck-color-focus-ring': '#0b6e4f',
      '--ck-font-family': 'Georgia, "Times New Roman", serif',
      '--ck-radius': '2px',
    },
  },
  coral: {
    title: 'Brand: Coral',
    scheme: 'light',
    page: { background: '#fff8f5', color: '#2b1a16' },
    tokens: {
      '--ck-color-primary': '#b3261e',
      '--ck-color-primary-contrast': '#ffffff',
      '--ck-color-text': '#2b1a16',
      '--ck-color-muted': '#6b4a40',
      '--ck-color-background': '#fff8f5',
      '--ck-color-surface': '#ffede6',
      '--ck-color-border': '#e8c5b8',
      '--ck-color-border-strong': '#8c5a4c',
      '--ck-color-focus-ring': '#7a1a14',
      '--ck-font-family': '"Trebuchet MS", "Segoe UI", sans-serif',
      '--ck-radius': '14px',
    },
  },
};

/** Applies a theme to an element (tokens as inline custom properties, scheme as `data-ck-theme`). */
export function applyTheme(el: HTMLElement, name: string): void {
  const theme = THEMES[name] ?? THEMES.light;
  for (const t of Object.values(THEMES)) for (const prop of Object.keys(t.tokens)) el.style.removeProperty(prop);
  for (const [prop, value] of Object.entries(theme.tokens)) el.style.setProperty(prop, value);
  el.dataset.ckTheme = theme.scheme;
}

/** `style` attribute text for a themed wrapper (tokens, page colours). */
export function themeStyle(name: string): string {
  const theme = THEMES[name] ?? THEMES.light;
  const tokens = Object.entries(theme.tokens).map(([k, v]) => `${k}: ${v}`);
  return [...tokens, `background: ${theme.page.background}`, `color: ${theme.page.color}`, `color-scheme: ${theme.scheme}`].join('; ');
}

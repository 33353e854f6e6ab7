import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import { configure } from '../src/stripe/loader.ts';
import { SIMULATOR_URL, simulatorReady } from '../stories/shared/sim.ts';
import { THEMES, applyTheme } from '../stories/shared/themes.ts';

// Autodocs and the controls read attributes, properties, events, slots, parts and CSS custom properties from here.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
  globalTypes: {
    locale: {
      description: 'Language of the components',
      toolbar: { title: 'Language', icon: 'globe', items: [{ value: 'en', title: 'English' }, { value: 'fr', title: 'Français' }], dynamicTitle: true },
    },
    theme: {
      description: 'Theme: light, dark, or a brand made of --ck-* custom properties only',
      toolbar: { title: 'Theme', icon: 'mirror', items: Object.entries(THEMES).map(([value, t]) => ({ value, title: t.title })), dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
  // The simulator (its core running in this page) answers before the first story renders; components without a
  // `simulator` attribute use it too.
  // Stories without a simulator still render when it cannot start (e.g. no Service Workers outside a secure
  // context); those that need it fail in their loaders with the reason.
  async beforeAll() {
    configure({ simulatorUrl: SIMULATOR_URL });
    await simulatorReady().catch((err: unknown) => {
      console.warn(`checkout-kit: the in-browser simulator did not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  },
  decorators: [
    (story, context) => {
      const root = document.documentElement;
      root.lang = (context.globals.locale as string) || 'en';
      const name = (context.globals.theme as string) || 'light';
      applyTheme(root, name);
      const theme = THEMES[name] ?? THEMES.light;
      document.body.style.setProperty('background', theme.page.background);
      document.body.style.setProperty('color', theme.page.color);
      root.style.setProperty('color-scheme', theme.scheme);
      return story();
    },
  ],
};

export default preview;

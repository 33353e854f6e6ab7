import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import { configure } from '../src/stripe/loader.ts';
import { SIMULATOR_URL, simulatorReady } from '../stories/shared/sim.ts';

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
      description: 'Colour scheme',
      toolbar: { title: 'Theme', icon: 'mirror', items: [{ value: 'light', title: 'Light' }, { value: 'dark', title: 'Dark' }], dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
  // The simulator (its core running in this page) answers before the first story renders; components without a
  // `simulator` attribute use it too.
  async beforeAll() {
    configure({ simulatorUrl: SIMULATOR_URL });
    await simulatorReady();
  },
  decorators: [
    (story, context) => {
      const root = document.documentElement;
      root.lang = (context.globals.locale as string) || 'en';
      root.dataset.ckTheme = (context.globals.theme as string) || 'light';
      return story();
    },
  ],
};

export default preview;

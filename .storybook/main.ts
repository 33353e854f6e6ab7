import type { StorybookConfig } from '@storybook/web-components-vite';
import { ckSimulatorPlugin } from '../sim/browser-runtime/vite-plugin.ts';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  // The simulator runs in the preview page (sim/browser-runtime); its Service Worker is emitted next to iframe.html.
  viteFinal: (vite) => ({ ...vite, plugins: [...(vite.plugins ?? []), ckSimulatorPlugin()] }),
};

export default config;

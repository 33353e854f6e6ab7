import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/define/ck-cart.js';
import '../src/define/ck-payment-element.js';
import type { CkPaymentElement } from '../src/components/payment-element/payment-element.js';
import { checkoutLineItems } from './shared/cart-fixtures.js';
import { PUBLISHABLE_KEY, SIMULATOR_URL, createTestIntent } from './shared/sim.ts';
import { THEMES, themeStyle } from './shared/themes.ts';
import { deepQuery, frameElement } from './shared/keyboard.ts';

// Theming with CSS custom properties only: each panel sets `--ck-*` tokens on a wrapper (see stories/shared/themes.ts);
// the cart reads them through its shadow root, and <ck-payment-element> turns them into Stripe's Appearance API
// (`variables`), which the simulator's card iframe applies to its own fields.

interface Args {
  themes: string[];
}

const meta: Meta<Args> = {
  title: 'Theming/Gallery',
  parameters: {
    docs: {
      description: {
        component:
          'Light, dark and two brand themes, made with `--ck-*` CSS custom properties only. The tokens flow into the card ' +
          "fields' iframe through the Appearance API: compare the card fields' font, radius and focus colour across panels.",
      },
    },
  },
  loaders: [async ({ args }) => ({ secrets: await Promise.all((args as Args).themes.map(() => createTestIntent({ amount: 7300 }))) })],
  render: (args, { loaded }) => html`<div class="ck-gallery" style="display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));">
    ${args.themes.map(
      (name, i) => html`<section
        aria-label=${THEMES[name].title}
        data-ck-theme=${THEMES[name].scheme}
        data-theme-name=${name}
        style="${themeStyle(name)}; padding: 1rem; border-radius: 8px; border: 1px solid #80869a;"
      >
        <h2 style="margin: 0 0 .75rem; font: 600 1rem/1.4 system-ui, sans-serif;">${THEMES[name].title}</h2>
        <ck-cart .items=${checkoutLineItems.slice(0, 2)}></ck-cart>
        <ck-payment-element
          publishable-key=${PUBLISHABLE_KEY}
          simulator=${SIMULATOR_URL}
          client-secret=${(loaded.secrets as string[])[i]}
        ></ck-payment-element>
      </section>`,
    )}
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Resolves a CSS colour to the browser's canonical `rgb(...)` form. */
function canonical(color: string): string {
  const probe = document.createElement('span');
  probe.style.setProperty('color', color);
  document.body.append(probe);
  const out = getComputedStyle(probe).color;
  probe.remove();
  return out;
}

/** Every panel's primary colour and font reach the card iframe (as the Appearance variables it applies). */
const tokensReachIframe: Story['play'] = async ({ canvasElement }) => {
  for (const section of canvasElement.querySelectorAll<HTMLElement>('section[data-theme-name]')) {
    const name = section.dataset.themeName!;
    const el = section.querySelector('ck-payment-element') as CkPaymentElement;
    await waitFor(() => expect(el.status).toBe('ready'), { timeout: 15_000 });
    const frame = deepQuery<HTMLIFrameElement>(section, 'iframe[src*="/elements/card.html"]')!;
    const input = await frameElement<HTMLInputElement>(frame, '#Field-numberInput');
    const root = frame.contentDocument!.documentElement;
    const expectedPrimary = THEMES[name].tokens['--ck-color-primary'];
    if (expectedPrimary) {
      await waitFor(() => expect(canonical(root.style.getPropertyValue('--p-colorPrimary'))).toBe(canonical(expectedPrimary)));
    }
    const font = THEMES[name].tokens['--ck-font-family'];
    if (font) {
      await waitFor(() => expect(frame.contentWindow!.getComputedStyle(input).fontFamily.split(',')[0].replace(/"/g, '')).toBe(font.split(',')[0].replace(/"/g, '')));
    }
    // Under forced colours the system palette replaces every author colour, so the scheme is the system's.
    if (!matchMedia('(forced-colors: active)').matches) {
      await expect(root.dataset.theme).toBe(THEMES[name].scheme === 'dark' ? 'night' : 'stripe');
    }
  }
};

/** All four side by side. */
export const Gallery: Story = { args: { themes: ['light', 'dark', 'evergreen', 'coral'] }, play: tokensReachIframe };

export const Light: Story = { args: { themes: ['light'] }, play: tokensReachIframe };

export const Dark: Story = { args: { themes: ['dark'] }, play: tokensReachIframe };

/** `--ck-color-primary: #0b6e4f`, a serif `--ck-font-family`, `--ck-radius: 2px`, warm neutrals. */
export const BrandEvergreen: Story = { name: 'Brand: Evergreen', args: { themes: ['evergreen'] }, play: tokensReachIframe };

/** `--ck-color-primary: #b3261e`, a humanist sans, `--ck-radius: 14px`, coral neutrals. */
export const BrandCoral: Story = { name: 'Brand: Coral', args: { themes: ['coral'] }, play: tokensReachIframe };

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, waitFor } from 'storybook/test';
import '../src/define/ck-payment-element.js';
import type { CkPaymentElement } from '../src/components/payment-element/payment-element.js';
import { PUBLISHABLE_KEY, SIMULATOR_URL, createTestIntent } from './shared/sim.ts';

interface PaymentArgs {
  clientSecret?: string;
  secretEndpoint?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  layout?: 'tabs' | 'accordion' | 'auto';
  hideButton?: boolean;
}

const el = (canvas: HTMLElement) => canvas.querySelector('ck-payment-element') as CkPaymentElement;
const shadowText = (canvas: HTMLElement, part: string) =>
  (el(canvas).shadowRoot!.querySelector(`[part="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
const whenStatus = (canvas: HTMLElement, status: string) =>
  waitFor(() => expect(el(canvas).status).toBe(status), { timeout: 15_000 });

const meta: Meta<PaymentArgs> = {
  title: 'Components/Payment Element',
  component: 'ck-payment-element',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Stripe’s Payment Element with a Pay button, 3D Secure and localised outcomes. These stories run on the simulator at ' +
          `${SIMULATOR_URL} (its Stripe.js-compatible script and card iframe). Card fields are cross-origin: type a test card ` +
          '(4242 4242 4242 4242, 4000 0025 0000 3155 for 3D Secure, 4000 0000 0000 0002 to be declined) to try them.',
      },
    },
  },
  argTypes: {
    locale: { control: 'text' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    layout: { control: 'inline-radio', options: ['tabs', 'accordion', 'auto'] },
    hideButton: { control: 'boolean' },
  },
  loaders: [async () => ({ clientSecret: await createTestIntent() })],
  render: (a, { loaded }) => html`<div
    data-ck-theme=${ifDefined(a.theme)}
    style=${a.theme === 'dark' ? 'background:#15161c;color:#eceef3;padding:16px;color-scheme:dark' : 'padding:16px'}
  >
    <ck-payment-element
      publishable-key=${PUBLISHABLE_KEY}
      simulator=${SIMULATOR_URL}
      client-secret=${ifDefined(a.secretEndpoint ? undefined : (a.clientSecret ?? (loaded.clientSecret as string | undefined)))}
      secret-endpoint=${ifDefined(a.secretEndpoint)}
      locale=${ifDefined(a.locale)}
      layout=${ifDefined(a.layout)}
      ?hide-button=${a.hideButton ?? false}
    ></ck-payment-element>
  </div>`,
};
export default meta;

type Story = StoryObj<PaymentArgs>;

/** Ready for the customer: card fields from the simulator's iframe, and the amount of the PaymentIntent on the button. */
export const Ready: Story = {
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'ready');
    await expect(shadowText(canvasElement, 'button')).toBe('Pay $25.00');
    const iframe = canvasElement.querySelector('iframe');
    await expect(iframe?.getRootNode()).toBe(document);
  },
};

/** While the client secret is being fetched (here from an endpoint that never answers in time), placeholders show. */
export const Loading: Story = {
  loaders: [],
  args: { secretEndpoint: 'http://127.0.0.1:9/create-payment-intent' },
  play: async ({ canvasElement }) => {
    await expect(el(canvasElement).status).toBe('loading');
    await expect(el(canvasElement).shadowRoot!.querySelector('[part="loading"]')?.hasAttribute('hidden')).toBe(false);
  },
};

/**
 * The merchant's endpoint could not create the payment (here it answers HTTP 404; network errors, 429 and 5xx are
 * retried first): a localised error in the live region and a "Try again" button that asks again.
 */
export const ErrorState: Story = {
  name: 'Error',
  loaders: [],
  args: { secretEndpoint: '/no-such-endpoint/create-payment-intent' },
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'error');
    await expect(shadowText(canvasElement, 'message')).toBe('We could not start the payment. Check your connection and try again.');
    await expect(shadowText(canvasElement, 'retry-button')).toBe('Try again');
    await expect(el(canvasElement).shadowRoot!.querySelector('[part="button"]')?.getAttribute('aria-disabled')).toBe('true');
  },
};

/** Pay with empty fields: the card iframe flags each field, and the element asks the customer to check the details. */
export const Invalid: Story = {
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'ready');
    await el(canvasElement).submit();
    await waitFor(() => expect(shadowText(canvasElement, 'message')).toBe('Check your card details.'));
    await expect(el(canvasElement).checkValidity()).toBe(false);
  },
};

/** The PaymentIntent's last attempt was declined (4000 0000 0000 0002): the element says why and lets the customer retry. */
export const Declined: Story = {
  loaders: [async () => ({ clientSecret: await createTestIntent({ confirmWith: 'pm_card_visa_chargeDeclined' }) })],
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'failed');
    await expect(shadowText(canvasElement, 'message')).toBe('Payment failed: Your card was declined.');
    await expect(el(canvasElement).shadowRoot!.querySelector('[part="button"]')?.getAttribute('aria-disabled')).toBe('false');
  },
};

/** The PaymentIntent needs 3D Secure: Pay opens the authentication dialog with the simulator's challenge page. */
export const ThreeDSecure: Story = {
  name: '3D Secure',
  loaders: [async () => ({ clientSecret: await createTestIntent({ confirmWith: 'pm_card_threeDSecure2Required' }) })],
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'ready');
    void el(canvasElement).submit();
    await waitFor(() => expect(document.querySelector('[data-ck-3ds-host]')?.shadowRoot?.querySelector('dialog')?.open).toBe(true), { timeout: 10_000 });
  },
};

/** Paid: the PaymentIntent already succeeded, so the form is read-only and the outcome is announced. */
export const Succeeded: Story = {
  loaders: [async () => ({ clientSecret: await createTestIntent({ confirmWith: 'pm_card_visa' }) })],
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'succeeded');
    await expect(shadowText(canvasElement, 'message')).toBe('Payment successful. Thank you!');
    await expect(shadowText(canvasElement, 'button')).toBe('Payment complete');
  },
};

/** Dark: the computed --ck-* tokens become Stripe's `night` theme and variables inside the iframe. */
export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { default: 'dark' } },
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'ready');
    await expect(el(canvasElement).appearance().theme).toBe('night');
  },
};

/** French: labels inside the iframe, the button and the messages follow the element's language. */
export const French: Story = {
  args: { locale: 'fr-FR' },
  play: async ({ canvasElement }) => {
    await whenStatus(canvasElement, 'ready');
    await expect(shadowText(canvasElement, 'button')).toMatch(/^Payer 25,00\s\$US$/);
    await el(canvasElement).submit();
    await waitFor(() => expect(shadowText(canvasElement, 'message')).toBe('Vérifiez les informations de votre carte.'));
  },
};

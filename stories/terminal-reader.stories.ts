import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, waitFor } from 'storybook/test';
import '../src/define/ck-terminal-reader.js';
import type { CkTerminalReader, ReaderScreen } from '../src/components/terminal-reader/terminal-reader.js';

// Every screen of a simulated reader, rendered from static frames (the shape the simulator's live channel streams),
// so the stories need no simulator and no key. On a page, <ck-terminal-reader> gets these frames live.

const base: ReaderScreen = {
  reader: 'tmr_StoryReader0001',
  label: 'Front counter',
  device_type: 'simulated_wisepos_e',
  location: { id: 'tml_StoryLocation01', display_name: 'Downtown café' },
  branding: { name: 'Downtown café', color: '#4f46e5', icon_url: null },
  screen: 'idle',
  action: null,
  cart: null,
  currency: null,
  amount: null,
  tipping: null,
  tip: null,
  customer_cancellation: false,
  payment: null,
  failure: null,
  seq: 1,
  updated_ms: 0,
};

const cart = {
  currency: 'usd',
  line_items: [
    { description: 'Latte', amount: 450, quantity: 2 },
    { description: 'Croissant', amount: 350, quantity: 1 },
  ],
  tax: 103,
  total: 1353,
};
const paying = { currency: 'usd', amount: 1353, action: { type: 'process_payment_intent', status: 'in_progress' } };
const card = { type: 'card_present', brand: 'visa', last4: '4242', amount: 1353, tip: 0, read_method: 'contactless_emv' };

const frames = {
  idle: base,
  cart: { ...base, screen: 'cart', cart, currency: 'usd', amount: 1353, action: { type: 'set_reader_display', status: 'succeeded' } },
  tipping: {
    ...base, ...paying, screen: 'tipping', cart, customer_cancellation: true,
    tipping: { amount_eligible: 1250, options: [15, 18, 20].map((percent) => ({ percent, amount: Math.round((1250 * percent) / 100) })) },
  },
  collecting: { ...base, ...paying, screen: 'collecting', cart },
  collectingWithTip: { ...base, ...paying, screen: 'collecting', tip: 225, customer_cancellation: true },
  processing: { ...base, ...paying, screen: 'processing', tip: 225 },
  approved: { ...base, currency: 'usd', amount: 1353, screen: 'approved', tip: 225, payment: { ...card, amount: 1578, tip: 225 }, action: { type: 'process_payment_intent', status: 'succeeded' } },
  declinedByAmount: {
    ...base, currency: 'usd', amount: 1005, screen: 'declined', payment: { ...card, amount: 1005 },
    failure: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    action: { type: 'process_payment_intent', status: 'failed' },
  },
  declinedByCard: {
    ...base, currency: 'usd', amount: 1353, screen: 'declined', payment: { ...card, last4: '9995' },
    failure: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    action: { type: 'process_payment_intent', status: 'failed' },
  },
  declinedPin: {
    ...base, currency: 'usd', amount: 1055, screen: 'declined', payment: { ...card, amount: 1055 },
    failure: { code: 'card_declined', decline_code: 'incorrect_pin', message: 'The PIN entered is incorrect.' },
    action: { type: 'process_payment_intent', status: 'failed' },
  },
  canceled: {
    ...base, screen: 'canceled', action: { type: 'process_payment_intent', status: 'failed' },
    failure: { code: 'customer_canceled', decline_code: null, message: 'This action could not be completed due to an error on the card reader.' },
  },
  refund: { ...base, screen: 'refund', currency: 'usd', amount: 650, customer_cancellation: true, action: { type: 'refund_payment', status: 'in_progress' } },
  refunded: { ...base, screen: 'refunded', currency: 'usd', amount: 650, payment: { ...card, amount: 650 }, action: { type: 'refund_payment', status: 'succeeded' } },
  setup: { ...base, screen: 'setup', action: { type: 'process_setup_intent', status: 'in_progress' } },
  saved: { ...base, screen: 'saved', payment: { ...card, amount: 0 }, action: { type: 'process_setup_intent', status: 'succeeded' } },
} satisfies Record<string, ReaderScreen>;

interface ReaderArgs {
  screen?: ReaderScreen;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  hideControls: boolean;
  reader?: string;
  tokenEndpoint?: string;
}

const el = (canvas: HTMLElement) => canvas.querySelector('ck-terminal-reader') as CkTerminalReader;
const text = (canvas: HTMLElement) => (el(canvas).shadowRoot?.querySelector('[part=screen]')?.textContent ?? '').replace(/\s+/g, ' ');
const shows = (canvas: HTMLElement, ...parts: string[]) =>
  waitFor(() => {
    for (const p of parts) expect(text(canvas)).toContain(p);
  });

const meta: Meta<ReaderArgs> = {
  title: 'Components/Terminal reader',
  component: 'ck-terminal-reader',
  tags: ['autodocs'],
  args: { hideControls: false, reader: 'tmr_StoryReader0001' },
  argTypes: {
    screen: { control: 'object', description: 'A frame of the reader screen (the live channel replaces it)' },
    locale: { control: 'text' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    hideControls: { control: 'boolean' },
  },
  render: (a) =>
    html`<ck-terminal-reader reader=${ifDefined(a.reader)} .screen=${a.screen} locale=${ifDefined(a.locale)} theme=${ifDefined(a.theme)}
      token-endpoint=${ifDefined(a.tokenEndpoint)} ?hide-controls=${a.hideControls}></ck-terminal-reader>`,
};
export default meta;
type Story = StoryObj<ReaderArgs>;

export const Idle: Story = {
  args: { screen: frames.idle },
  play: ({ canvasElement }) => shows(canvasElement, 'Welcome', 'Downtown café'),
};

export const Cart: Story = {
  args: { screen: frames.cart },
  play: async ({ canvasElement }) => {
    await shows(canvasElement, 'Your order');
    const c = el(canvasElement).shadowRoot!.querySelector('ck-cart')!;
    await waitFor(() => expect(c.shadowRoot?.textContent ?? '').toContain('$13.53'));
  },
};

export const TipChoice: Story = {
  args: { screen: frames.tipping },
  play: ({ canvasElement }) => shows(canvasElement, 'Add a tip?', '15% ($1.88)', '18% ($2.25)', '20% ($2.50)', 'No tip'),
};

export const TapInsertSwipe: Story = {
  args: { screen: frames.collecting },
  play: ({ canvasElement }) => shows(canvasElement, '$13.53', 'Tap, insert or swipe'),
};

export const TapWithTipAndCancel: Story = {
  args: { screen: frames.collectingWithTip },
  play: async ({ canvasElement }) => {
    await shows(canvasElement, '$15.78', 'Tip $2.25', 'Cancel');
  },
};

export const Processing: Story = {
  args: { screen: frames.processing },
  play: ({ canvasElement }) => shows(canvasElement, 'Processing'),
};

export const Approved: Story = {
  args: { screen: frames.approved },
  play: ({ canvasElement }) => shows(canvasElement, 'Approved', '$15.78', 'Visa •••• 4242'),
};

export const DeclinedByAmount: Story = {
  args: { screen: frames.declinedByAmount },
  play: ({ canvasElement }) => shows(canvasElement, 'Declined', 'The card was declined.'),
};

export const DeclinedInsufficientFunds: Story = {
  args: { screen: frames.declinedByCard },
  play: ({ canvasElement }) => shows(canvasElement, 'Declined', 'The card has insufficient funds.', '9995'),
};

export const DeclinedIncorrectPin: Story = {
  args: { screen: frames.declinedPin },
  play: ({ canvasElement }) => shows(canvasElement, 'The PIN entered is incorrect.'),
};

export const Canceled: Story = {
  args: { screen: frames.canceled },
  play: ({ canvasElement }) => shows(canvasElement, 'Transaction canceled'),
};

export const RefundPrompt: Story = {
  args: { screen: frames.refund },
  play: ({ canvasElement }) => shows(canvasElement, 'Refund $6.50'),
};

export const Refunded: Story = {
  args: { screen: frames.refunded },
  play: ({ canvasElement }) => shows(canvasElement, 'Refunded', '$6.50 refunded to Visa •••• 4242'),
};

export const SaveCard: Story = {
  args: { screen: frames.setup },
  play: ({ canvasElement }) => shows(canvasElement, 'Save your card'),
};

export const CardSaved: Story = {
  args: { screen: frames.saved },
  play: ({ canvasElement }) => shows(canvasElement, 'Card saved'),
};

export const Connecting: Story = {
  args: { screen: undefined },
  play: ({ canvasElement }) => shows(canvasElement, 'Connecting to the reader'),
};

/** The merchant's token endpoint refused (here HTTP 404): the reader says it could not be opened, in an alert. */
export const ErrorState: Story = {
  name: 'Error',
  args: { screen: undefined, tokenEndpoint: '/no-such-endpoint/reader-token' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(el(canvasElement).shadowRoot?.querySelector('[part=error]')?.textContent).toContain('The reader could not be opened.'));
    await expect(el(canvasElement).shadowRoot!.querySelector('[part=error]')!.getAttribute('role')).toBe('alert');
  },
};

export const DisplayOnly: Story = {
  args: { screen: frames.tipping, hideControls: true },
  play: async ({ canvasElement }) => {
    await shows(canvasElement, 'Add a tip?');
    await expect(el(canvasElement).shadowRoot!.querySelector('[part=controls]')).toBeNull();
  },
};

export const French: Story = {
  args: { screen: frames.approved, locale: 'fr-FR' },
  play: ({ canvasElement }) => shows(canvasElement, 'Paiement accepté', '15,78'),
};

export const FrenchDeclined: Story = {
  args: { screen: frames.declinedByCard, locale: 'fr-CA' },
  play: ({ canvasElement }) => shows(canvasElement, 'Paiement refusé', 'Le solde de la carte est insuffisant.'),
};

export const Dark: Story = {
  args: { screen: frames.collecting, theme: 'dark' },
  play: ({ canvasElement }) => shows(canvasElement, 'Tap, insert or swipe'),
};

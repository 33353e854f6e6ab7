import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../../src/define/ck-payment-element.js';
import '../../src/define/ck-checkout.js';
import '../../src/define/ck-terminal-reader.js';
import '../../src/define/ck-connect-onboarding.js';
import type { CkPaymentElement } from '../../src/components/payment-element/payment-element.js';
import type { CkCheckout } from '../../src/components/checkout/checkout.js';
import { PUBLISHABLE_KEY, SIMULATOR_URL, createTestIntent, simApi } from '../shared/sim.ts';
import { CHALLENGE_MESSAGES } from '../../sim/core/pages/3ds-i18n.ts';
import { answerChallenge, challengeFrame, deepQuery, frameElement, keyboardIn, pressEnterOn, typeCard } from '../shared/keyboard.ts';

// Whole flows, end to end, on the simulator running in this page: real Stripe.js-compatible shim, real card iframe,
// real 3D Secure page, real API; keyboard only.

const meta: Meta = {
  title: 'Flows/End to end',
  parameters: {
    docs: {
      description: {
        component:
          'Complete flows on the simulator that runs inside this Storybook (no server): its core and in-memory store run in ' +
          'the page, a Service Worker routes the shim, the card iframe, the 3D Secure page and hosted pages to it. Each ' +
          'story has a keyboard-only play function.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const cardFrame = (root: ParentNode) => deepQuery<HTMLIFrameElement>(root, 'iframe[src*="/elements/card.html"]');

/** Card 4000 0025 0000 3155 needs 3D Secure: type it, press Enter on Pay, complete the challenge; the payment succeeds. */
export const PaymentWith3DSecure: Story = {
  name: 'Payment with 3D Secure',
  loaders: [async () => ({ clientSecret: await createTestIntent({ amount: 4200, currency: 'eur' }) })],
  render: (_args, { loaded }) => html`<ck-payment-element
    publishable-key=${PUBLISHABLE_KEY}
    simulator=${SIMULATOR_URL}
    client-secret=${loaded.clientSecret as string}
  ></ck-payment-element>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('ck-payment-element') as CkPaymentElement;
    await waitFor(() => expect(el.status).toBe('ready'), { timeout: 15_000 });
    await waitFor(() => expect(cardFrame(canvasElement)).not.toBeNull());
    await typeCard(cardFrame(canvasElement)!, { number: '4000002500003155' });
    await pressEnterOn(el.shadowRoot!.querySelector<HTMLElement>('[part="button"]')!);
    await answerChallenge('complete');
    await waitFor(() => expect(el.status).toBe('succeeded'), { timeout: 15_000 });
    const id = (el.getAttribute('client-secret') ?? '').split('_secret_')[0];
    const pi = await simApi<{ status: string; amount_received: number }>('GET', `/v1/payment_intents/${id}`);
    await expect(pi.status).toBe('succeeded');
    await expect(pi.amount_received).toBe(4200);
  },
};

/** The same payment in French: the card fields, the 3D Secure dialog and page, and the outcome all speak French. */
export const PaymentWith3DSecureFrench: Story = {
  name: 'Payment with 3D Secure (français)',
  globals: { locale: 'fr' },
  loaders: [async () => ({ clientSecret: await createTestIntent({ amount: 4200, currency: 'eur' }) })],
  render: (_args, { loaded }) => html`<div lang="fr-FR">
    <ck-payment-element
      publishable-key=${PUBLISHABLE_KEY}
      simulator=${SIMULATOR_URL}
      client-secret=${loaded.clientSecret as string}
    ></ck-payment-element>
  </div>`,
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('ck-payment-element') as CkPaymentElement;
    await waitFor(() => expect(el.status).toBe('ready'), { timeout: 15_000 });
    await waitFor(() => expect(cardFrame(canvasElement)).not.toBeNull());
    const frame = cardFrame(canvasElement)!;
    await waitFor(() => expect(frame.contentDocument?.documentElement.lang).toMatch(/^fr/));
    await typeCard(frame, { number: '4000002500003155' });
    await pressEnterOn(el.shadowRoot!.querySelector<HTMLElement>('[part="button"]')!);
    const challenge = await challengeFrame();
    await waitFor(() => expect(challenge.contentDocument?.querySelector('button[value="complete"]')?.textContent).toBe(CHALLENGE_MESSAGES.fr.complete), {
      timeout: 15_000,
    });
    await answerChallenge('complete');
    await waitFor(() => expect(el.status).toBe('succeeded'), { timeout: 15_000 });
    await expect((el.shadowRoot!.querySelector('[part="message"]')?.textContent ?? '').trim()).toBe('Paiement réussi. Merci !');
  },
};

/** A Checkout Session made by "the server" (the story's loader), paid on <ck-checkout> with the keyboard. */
export const CheckoutSessionPaid: Story = {
  name: 'Checkout session, paid',
  loaders: [
    async () => {
      await simApi('GET', '/_sim/health');
      const session = await simApi<{ id: string }>('POST', '/v1/checkout/sessions', {
        mode: 'payment',
        success_url: 'https://shop.example/thanks?session={CHECKOUT_SESSION_ID}',
        cancel_url: 'https://shop.example/cart',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Organic cotton T-shirt' } }, quantity: 2 },
          { price_data: { currency: 'usd', unit_amount: 1200, product_data: { name: 'Enamel mug' } }, quantity: 1 },
        ],
      });
      return { sessionId: session.id };
    },
  ],
  render: (_args, { loaded }) => html`<ck-checkout
    inline
    no-redirect
    session-id=${loaded.sessionId as string}
    publishable-key=${PUBLISHABLE_KEY}
    simulator=${SIMULATOR_URL}
  ></ck-checkout>`,
  play: async ({ canvasElement, loaded }) => {
    const el = canvasElement.querySelector('ck-checkout') as CkCheckout;
    await waitFor(() => expect(el.status).toBe('open'), { timeout: 15_000 });
    const email = el.shadowRoot!.querySelector<HTMLInputElement>('[part="email"]')!;
    email.focus();
    await userEvent.keyboard('jenny@example.com');
    await waitFor(() => expect(cardFrame(canvasElement)).not.toBeNull(), { timeout: 15_000 });
    await typeCard(cardFrame(canvasElement)!, { number: '4242424242424242' });
    await pressEnterOn(el.shadowRoot!.querySelector<HTMLElement>('button[part="button"]')!);
    await waitFor(() => expect(['succeeded', 'paid']).toContain(el.status), { timeout: 20_000 });
    const session = await simApi<{ status: string; payment_status: string; customer_details: { email: string } | null }>(
      'GET',
      `/v1/checkout/sessions/${loaded.sessionId as string}`,
    );
    await expect(session.status).toBe('complete');
    await expect(session.payment_status).toBe('paid');
  },
};

/** Last screen a <ck-terminal-reader> showed (from its ck-terminal-screen events). */
function trackScreen(e: Event): void {
  const d = (e as CustomEvent<{ screen?: { screen?: string } | string }>).detail;
  const name = typeof d?.screen === 'string' ? d.screen : d?.screen?.screen;
  if (name) (e.currentTarget as HTMLElement).dataset.screen = name;
}

/**
 * In person: the "server" (loader) creates a location, registers a simulated WisePOS E, creates a card_present
 * PaymentIntent and hands it to the reader; the customer types a test card on the reader's panel and presses Enter.
 */
export const ReaderPayment: Story = {
  name: 'Reader payment (Terminal)',
  loaders: [
    async () => {
      const location = await simApi<{ id: string }>('POST', '/v1/terminal/locations', {
        display_name: 'Rue du Bac shop',
        address: { line1: '12 Rue du Bac', city: 'Paris', postal_code: '75007', country: 'FR' },
      });
      const reader = await simApi<{ id: string }>('POST', '/v1/terminal/readers', {
        registration_code: 'simulated-wpe',
        label: 'Front counter',
        location: location.id,
      });
      const pi = await simApi<{ id: string }>('POST', '/v1/payment_intents', {
        amount: 1850,
        currency: 'eur',
        allowed_payment_method_types: ['card_present'],
        capture_method: 'automatic',
      });
      await simApi('POST', `/v1/terminal/readers/${reader.id}/process_payment_intent`, { payment_intent: pi.id });
      const token = await simApi<{ token: string }>('POST', `/_sim/terminal/readers/${reader.id}/client_token`);
      return { reader: reader.id, token: token.token, paymentIntent: pi.id };
    },
  ],
  render: (_args, { loaded }) => html`<ck-terminal-reader
    reader=${loaded.reader as string}
    token=${loaded.token as string}
    simulator-url=${SIMULATOR_URL}
    @ck-terminal-screen=${trackScreen}
  ></ck-terminal-reader>`,
  play: async ({ canvasElement, loaded }) => {
    const el = canvasElement.querySelector('ck-terminal-reader') as HTMLElement;
    await waitFor(() => expect(el.dataset.screen).toBe('collecting'), { timeout: 15_000 });
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#typed-number')!;
    await waitFor(() => expect(input.closest('fieldset')?.disabled).toBe(false));
    input.focus();
    await userEvent.keyboard('4242424242424242{Enter}');
    await waitFor(() => expect(el.dataset.screen).toBe('approved'), { timeout: 15_000 });
    const pi = await simApi<{ status: string; amount_received: number }>('GET', `/v1/payment_intents/${loaded.paymentIntent as string}`);
    await expect(pi.status).toBe('succeeded');
  },
};

const individual = {
  first_name: 'Ada',
  last_name: 'Landlord',
  email: 'ada@example.com',
  phone: '0000000000',
  dob: { day: 1, month: 1, year: 1901 },
  address: { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94111' },
  id_number: '000000000',
};

/**
 * Connect onboarding, embedded: an Express account with its details given, opened at "Review and submit"; the
 * landlord ticks the terms with Space and submits with Enter; the account can then take charges and get payouts.
 */
export const Onboarding: Story = {
  name: 'Connect onboarding, submitted',
  loaders: [
    async () => {
      const account = await simApi<{ id: string }>('POST', '/v1/accounts', {
        country: 'US',
        controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        business_type: 'individual',
        individual,
        business_profile: { mcc: '6513', url: 'https://accessible.stripe.com' },
        external_account: 'btok_us_verified',
      });
      return { account: account.id };
    },
  ],
  render: (_args, { loaded }) => {
    const account = loaded.account as string;
    const secret = async () =>
      (await simApi<{ client_secret: string }>('POST', '/v1/account_sessions', { account, components: { account_onboarding: { enabled: true } } }))
        .client_secret;
    const state = (id: string) => simApi('GET', `/v1/accounts/${id}`);
    return html`<ck-connect-onboarding
      mode="embedded"
      account=${account}
      publishable-key=${PUBLISHABLE_KEY}
      simulator=${SIMULATOR_URL}
      .fetchClientSecret=${secret}
      .fetchAccount=${state}
    ></ck-connect-onboarding>`;
  },
  play: async ({ canvasElement, loaded }) => {
    const el = canvasElement.querySelector('ck-connect-onboarding') as HTMLElement & { status: string; step: string };
    await waitFor(() => expect(el.step).toBe('summary'), { timeout: 15_000 });
    const frame = deepQuery<HTMLIFrameElement>(canvasElement, 'iframe')!;
    const tos = await frameElement<HTMLInputElement>(frame, 'input[name="tos"]');
    const user = keyboardIn(frame);
    frame.focus();
    tos.focus();
    await user.keyboard(' ');
    await expect(tos.checked).toBe(true);
    frame.contentDocument!.querySelector<HTMLButtonElement>('form button[type="submit"]')!.focus();
    await user.keyboard('{Enter}');
    await waitFor(
      async () => {
        const a = await simApi<{ details_submitted: boolean; charges_enabled: boolean; payouts_enabled: boolean }>('GET', `/v1/accounts/${loaded.account as string}`);
        expect(a.details_submitted).toBe(true);
        expect(a.charges_enabled).toBe(true);
        expect(a.payouts_enabled).toBe(true);
      },
      { timeout: 15_000 },
    );
  },
};

import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '../src/define/ck-connect-onboarding.js';
import type { CkConnectOnboarding } from '../src/components/connect-onboarding/connect-onboarding.js';
import type { OnboardingAccountState } from '../src/components/connect-onboarding/connect-onboarding-events.js';
import { PUBLISHABLE_KEY, SIMULATOR_URL, simApi } from './shared/sim.ts';

// These stories run against the simulator (stories/shared/sim.ts: by default its core runs in the Storybook page
// itself). The platform's server side (creating the account, the account session) is played here with the
// simulator's built-in TEST key; in an app these calls are made by your server with the official SDK and the
// browser never holds a secret key.
const api = <T,>(path: string, params: Record<string, unknown>) => simApi<T>('POST', path, params);

const person = {
  first_name: 'Ada',
  last_name: 'Landlord',
  email: 'ada@example.com',
  phone: '0000000000',
};
const dob = { day: 1, month: 1, year: 1901 };
const address = { line1: 'address_full_match', city: 'San Francisco', state: 'CA', postal_code: '94111' };

/** What each step's story has already provided, so onboarding opens at that step. */
const PREFILL: Record<string, Record<string, unknown>> = {
  business_type: {},
  representative_details: { business_type: 'individual' },
  date_of_birth: { business_type: 'individual', individual: person },
  address: { business_type: 'individual', individual: { ...person, dob } },
  identity: { business_type: 'individual', individual: { ...person, dob, address } },
  business_profile: { business_type: 'individual', individual: { ...person, dob, address, id_number: '000000000' } },
  external_account: {
    business_type: 'individual',
    individual: { ...person, dob, address, id_number: '000000000' },
    business_profile: { mcc: '6513', url: 'https://accessible.stripe.com' },
  },
  summary: {
    business_type: 'individual',
    individual: { ...person, dob, address, id_number: '000000000' },
    business_profile: { mcc: '6513', url: 'https://accessible.stripe.com' },
    external_account: 'btok_us_verified',
  },
  company_details: { business_type: 'company' },
  verification_error: { business_type: 'individual', individual: { ...person, dob, address: { ...address, line1: 'address_no_match' }, id_number: '000000000' } },
};

const express = {
  controller: { stripe_dashboard: { type: 'express' }, fees: { payer: 'application' }, losses: { payments: 'application' } },
  capabilities: { card_payments: { requested: 'true' }, transfers: { requested: 'true' } },
};

async function accountAt(prefill: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
  const a = await api<{ id: string }>('/v1/accounts', { country: 'US', ...express, ...prefill, ...extra });
  return a.id;
}

const secretFor = (account: string) => async () =>
  (await api<{ client_secret: string }>('/v1/account_sessions', { account, components: { account_onboarding: { enabled: 'true' } } })).client_secret;

const accountStateOf = (account: string): Promise<OnboardingAccountState> => simApi<OnboardingAccountState>('GET', `/v1/accounts/${account}`);

interface Args {
  step: string;
  mode: 'embedded' | 'hosted';
  lang: string;
}

const el = (canvas: HTMLElement) => canvas.querySelector('ck-connect-onboarding') as CkConnectOnboarding;

const meta: Meta<Args> = {
  title: 'Components/Connect onboarding',
  component: 'ck-connect-onboarding',
  tags: ['autodocs'],
  args: { step: 'business_type', mode: 'embedded', lang: 'en' },
  argTypes: {
    step: { control: 'select', options: Object.keys(PREFILL), description: 'What the account already has (the step onboarding opens at)' },
    mode: { control: 'inline-radio', options: ['embedded', 'hosted'] },
    lang: { control: 'inline-radio', options: ['en', 'fr'] },
  },
  loaders: [async ({ args }) => ({ account: await accountAt(PREFILL[(args as Args).step] ?? {}) })],
  render: (a, { loaded }) => {
    const account = (loaded as { account: string }).account;
    return html`<div lang=${a.lang}>
      <ck-connect-onboarding
        mode=${a.mode}
        account=${account}
        publishable-key=${PUBLISHABLE_KEY}
        simulator=${SIMULATOR_URL}
        .fetchClientSecret=${secretFor(account)}
        .fetchAccount=${accountStateOf}
      ></ck-connect-onboarding>
    </div>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Waits for the embedded onboarding to report `step` (via setOnStepChange -> ck-onboarding-step). */
const expectStep = (step: string): Story['play'] => async ({ canvasElement }) => {
  await waitFor(() => expect(el(canvasElement).step).toBe(step), { timeout: 15000 });
  await expect(el(canvasElement).status).toBe('ready');
};

export const BusinessType: Story = { args: { step: 'business_type' }, play: expectStep('business_type') };
export const PersonalDetails: Story = { args: { step: 'representative_details' }, play: expectStep('representative_details') };
export const DateOfBirth: Story = { args: { step: 'date_of_birth' }, play: expectStep('date_of_birth') };
export const Address: Story = { args: { step: 'address' }, play: expectStep('address') };
export const IdentityNumber: Story = { args: { step: 'identity' }, play: expectStep('identity') };
export const BusinessProfile: Story = { args: { step: 'business_profile' }, play: expectStep('business_profile') };
export const BankAccount: Story = { args: { step: 'external_account' }, play: expectStep('external_account') };
export const ReviewAndTerms: Story = { args: { step: 'summary' }, play: expectStep('summary') };
export const CompanyDetails: Story = { args: { step: 'company_details' }, play: expectStep('company_details') };

/** `address_no_match` failed verification: onboarding reopens the address step with Stripe's error. */
export const VerificationError: Story = { args: { step: 'verification_error' }, play: expectStep('address') };

/** In French, the status line names the step in French (connect-js reports ids such as `representative_details`). */
export const French: Story = {
  args: { step: 'representative_details', lang: 'fr' },
  play: async (ctx) => {
    await expectStep('representative_details')!(ctx);
    const message = () => el(ctx.canvasElement).shadowRoot!.querySelector('[part="message"]')?.textContent?.trim();
    await waitFor(() => expect(message()).toBe('Étape en cours : Informations personnelles'));
  },
};

/** Hosted mode before starting: a button that asks the platform for an account link. */
export const HostedStart: Story = {
  args: { mode: 'hosted', step: 'date_of_birth' },
  render: (_a, { loaded }) => html`<ck-connect-onboarding
    mode="hosted"
    account=${(loaded as { account: string }).account}
    .createAccountLink=${async () => ({ url: `${SIMULATOR_URL}/` })}
  ></ck-connect-onboarding>`,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(el(canvasElement).status).toBe('ready'));
    const button = el(canvasElement).shadowRoot!.querySelector('button')!;
    await expect(button.textContent?.trim()).toBe('Set up payouts');
  },
};

/** Hosted mode after the landlord came back half-way: what is still due and a Continue button. */
export const HostedIncomplete: Story = {
  args: { mode: 'hosted', step: 'date_of_birth' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(el(canvasElement).status).toBe('incomplete'), { timeout: 10000 });
    const root = el(canvasElement).shadowRoot!;
    await expect(root.querySelector('[part="due-list"]')?.textContent).toContain('date of birth');
    await expect(root.querySelector('button')?.textContent?.trim()).toBe('Continue onboarding');
  },
};

/** Hosted mode for an account that finished onboarding (a platform-collected account with ToS accepted). */
export const HostedComplete: Story = {
  args: { mode: 'hosted', step: 'summary' },
  loaders: [
    async () => ({
      account: await accountAt(PREFILL.summary, {
        controller: { stripe_dashboard: { type: 'none' }, fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'application' },
        tos_acceptance: { date: 1700000000, ip: '203.0.113.7' },
      }),
    }),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(el(canvasElement).status).toBe('complete'), { timeout: 10000 });
    await expect(el(canvasElement).shadowRoot!.querySelector('[part="message"]')?.textContent).toContain('Onboarding complete');
  },
};

/** Misconfigured: no way to get an account session. */
export const MissingEndpoint: Story = {
  render: (_a, { loaded }) => html`<ck-connect-onboarding account=${(loaded as { account: string }).account} publishable-key=${PUBLISHABLE_KEY}></ck-connect-onboarding>`,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(el(canvasElement).status).toBe('error'));
    await expect(el(canvasElement).shadowRoot!.querySelector('[part="message"]')?.textContent).toContain('session-endpoint');
  },
};

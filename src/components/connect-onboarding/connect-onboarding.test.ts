import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../define/ck-connect-onboarding.js';
import { CkConnectOnboarding, requirementGroup, RETURN_PARAM, stepMessage, verificationReason } from './connect-onboarding.js';
import { connectOnboardingMessages } from '../../shared/messages/connect-onboarding.js';
import { ONBOARDING_MESSAGES } from '../../../sim/browser/connect/i18n.ts';
import type { OnboardingAccountState } from './connect-onboarding-events.js';

// A stand-in for Stripe's connect.js (unit tests only; the e2e tests use the simulator's real shim). It follows
// the contract @stripe/connect-js relies on: window.StripeConnect.init and stripe-connect-* elements with
// setConnector and `<method>InternalOnly` setters.
interface FakeOnboarding extends HTMLElement {
  stepListener?: (e: { step: string }) => void;
  exitListener?: () => void;
  collection?: unknown;
}
const inits: Record<string, unknown>[] = [];
class FakeOnboardingElement extends HTMLElement {
  stepListener?: (e: { step: string }) => void;
  exitListener?: () => void;
  collection?: unknown;
  setConnector(): void {}
  setOnStepChangeInternalOnly(fn: (e: { step: string }) => void): void {
    this.stepListener = fn;
  }
  setOnExitInternalOnly(fn: () => void): void {
    this.exitListener = fn;
  }
  setCollectionOptionsInternalOnly(o: unknown): void {
    this.collection = o;
  }
  setOnLoadErrorInternalOnly(): void {}
  setOnLoaderStartInternalOnly(): void {}
}
customElements.define('stripe-connect-account-onboarding', FakeOnboardingElement);
(window as unknown as { StripeConnect: unknown }).StripeConnect = {
  init(params: Record<string, unknown>) {
    inits.push(params);
    return { connect: {}, update() {}, logout: () => Promise.resolve() };
  },
};

const incomplete: OnboardingAccountState = {
  id: 'acct_123',
  details_submitted: false,
  charges_enabled: false,
  payouts_enabled: false,
  requirements: {
    currently_due: ['individual.dob.day', 'individual.dob.month', 'external_account'],
    errors: [{ code: 'verification_failed_address_match', reason: 'The address could not be verified.', requirement: 'individual.address.line1' }],
  },
};
const complete: OnboardingAccountState = { id: 'acct_123', details_submitted: true, charges_enabled: true, payouts_enabled: true, requirements: { currently_due: [], errors: [] } };

const root = (el: CkConnectOnboarding) => el.shadowRoot!;
const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();

function clearReturn(): void {
  const u = new URL(location.href);
  u.searchParams.delete(RETURN_PARAM);
  history.replaceState(null, '', u);
}

describe('<ck-connect-onboarding>', () => {
  afterEach(() => {
    clearReturn();
    sessionStorage.clear();
  });

  it('is defined once and its define entry can be imported again', async () => {
    await import('../../define/ck-connect-onboarding.js');
    expect(document.createElement('ck-connect-onboarding')).to.be.instanceOf(CkConnectOnboarding);
  });

  it('groups Stripe requirement names into what a user understands', () => {
    expect(requirementGroup('individual.dob.day')).to.equal('field_dob');
    expect(requirementGroup('person_abc123.address.city')).to.equal('field_address');
    expect(requirementGroup('representative.ssn_last_4')).to.equal('field_identity');
    expect(requirementGroup('individual.first_name')).to.equal('field_person');
    expect(requirementGroup('company.tax_id')).to.equal('field_company');
    expect(requirementGroup('external_account')).to.equal('field_external_account');
    expect(requirementGroup('tos_acceptance.date')).to.equal('field_tos');
  });

  describe('hosted', () => {
    it('a returning landlord who is not done is prompted to continue, with what is due', async () => {
      const done = new Promise<CustomEvent>((r) => document.addEventListener('ck-onboarding-complete', (e) => r(e as CustomEvent), { once: true }));
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="en" mode="hosted" account="acct_123" .fetchAccount=${async () => incomplete}></ck-connect-onboarding>`);
      const ev = await done;
      expect(ev.detail.complete).to.equal(false);
      await waitUntil(() => el.status === 'incomplete');
      await el.updateComplete;
      expect(text(root(el).querySelector('[part="message"]'))).to.equal('Your onboarding is not finished');
      const lists = [...root(el).querySelectorAll('[part="due-list"] li')].map(text);
      expect(lists).to.include('date of birth');
      expect(lists).to.include('bank account');
      expect(lists).to.include('address: the address could not be verified. Check that it is correct.');
      expect(text(root(el).querySelector('button'))).to.equal('Continue onboarding');
      await expect(el).to.be.accessible();
    });

    it('continue asks for a new link with return and refresh URLs back to this page; the redirect is cancelable', async () => {
      const requests: Record<string, string>[] = [];
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding
        lang="en"
        mode="hosted"
        account="acct_123"
        .fetchAccount=${async () => incomplete}
        .createAccountLink=${async (r: Record<string, string>) => {
          requests.push(r);
          return { url: 'https://connect.example/setup/s/acct_123/abc' };
        }}
      ></ck-connect-onboarding>`);
      await waitUntil(() => el.status === 'incomplete');
      await el.updateComplete;
      el.addEventListener('ck-onboarding-redirect', (e) => e.preventDefault(), { once: true });
      const redirect = oneEvent(el, 'ck-onboarding-redirect');
      root(el).querySelector('button')!.click();
      const ev = await redirect;
      expect(ev.detail.url).to.equal('https://connect.example/setup/s/acct_123/abc');
      expect(requests[0].account).to.equal('acct_123');
      expect(new URL(requests[0].return_url).searchParams.get(RETURN_PARAM)).to.equal('return');
      expect(new URL(requests[0].refresh_url).searchParams.get(RETURN_PARAM)).to.equal('refresh');
      expect(new URL(requests[0].return_url).origin).to.equal(location.origin);
    });

    it('on refresh_url it gets a new link right away', async () => {
      const u = new URL(location.href);
      u.searchParams.set(RETURN_PARAM, 'refresh');
      history.replaceState(null, '', u);
      let calls = 0;
      const redirected = new Promise<CustomEvent>((r) =>
        document.addEventListener('ck-onboarding-redirect', (e) => {
          e.preventDefault();
          r(e as CustomEvent);
        }, { once: true }),
      );
      await fixture(html`<ck-connect-onboarding mode="hosted" account="acct_123" .createAccountLink=${async () => {
        calls++;
        return { url: 'https://connect.example/new' };
      }}></ck-connect-onboarding>`);
      const ev = await redirected;
      expect(ev.detail.url).to.equal('https://connect.example/new');
      expect(calls).to.equal(1);
      expect(new URL(location.href).searchParams.has(RETURN_PARAM)).to.equal(false);
    });

    it('a finished account shows completion', async () => {
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="en" mode="hosted" account="acct_123" .fetchAccount=${async () => complete}></ck-connect-onboarding>`);
      await waitUntil(() => el.status === 'complete');
      await el.updateComplete;
      expect(text(root(el).querySelector('[part="message"]'))).to.equal('Onboarding complete: you can receive payments.');
      expect(el.accountState?.charges_enabled).to.equal(true);
    });

    it('speaks French', async () => {
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="fr" mode="hosted" account="acct_123" .fetchAccount=${async () => incomplete}></ck-connect-onboarding>`);
      await waitUntil(() => el.status === 'incomplete');
      await el.updateComplete;
      expect(text(root(el).querySelector('button'))).to.equal('Reprendre l’inscription');
      const items = [...root(el).querySelectorAll('[part="due-list"] li')].map(text);
      expect(items).to.include('date de naissance');
      expect(items).to.include('adresse : l’adresse n’a pas pu être vérifiée. Vérifiez qu’elle est correcte.');
    });

    it('verification errors Stripe reports in English are shown in French on a French page, never Stripe’s English reason', async () => {
      const account: OnboardingAccountState = {
        ...incomplete,
        requirements: {
          currently_due: ['individual.dob.day'],
          errors: [
            { code: 'verification_failed_keyed_identity', reason: "The identity information you entered can't be verified.", requirement: 'individual.dob.day' },
            { code: 'verification_failed_something_new', reason: 'Some new English reason.', requirement: 'individual.id_number' },
          ],
        },
      };
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="fr" mode="hosted" account="acct_123" .fetchAccount=${async () => account}></ck-connect-onboarding>`);
      await waitUntil(() => el.status === 'incomplete');
      await el.updateComplete;
      const errors = [...root(el).querySelectorAll('.errors li')].map(text);
      expect(errors).to.deep.equal([
        'date de naissance : votre identité n’a pas pu être vérifiée avec ces informations. Vérifiez votre nom et votre date de naissance.',
        'numéro d’identité : ces informations n’ont pas pu être vérifiées.',
      ]);
      expect(errors.join(' ')).to.not.match(/identity|English/);
    });

    it('an unknown verification code keeps Stripe’s reason on an English page', () => {
      expect(verificationReason(connectOnboardingMessages.en, { code: 'verification_failed_something_new', reason: 'Some new English reason.' }, 'en')).to.equal('Some new English reason.');
      expect(verificationReason(connectOnboardingMessages.fr, { code: 'verification_failed_something_new', reason: 'Some new English reason.' }, 'fr')).to.equal('ces informations n’ont pas pu être vérifiées.');
    });
  });

  describe('embedded', () => {
    it('initialises connect-js with the key, the element’s locale and the tokens as appearance; mounts in light DOM', async () => {
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding
        lang="fr-FR"
        account="acct_123"
        publishable-key="pk_test_123"
        .fetchClientSecret=${async () => 'accs_secret__abc'}
      ></ck-connect-onboarding>`);
      await waitUntil(() => el.querySelector('stripe-connect-account-onboarding') !== null);
      const init = inits[inits.length - 1];
      expect(init.publishableKey).to.equal('pk_test_123');
      expect(init.locale).to.equal('fr-FR');
      const vars = (init.appearance as { variables: Record<string, string> }).variables;
      expect(vars.colorPrimary).to.match(/^(rgb|#|color|oklch)/);
      expect(vars.fontFamily).to.contain('system-ui');
      const inner = el.querySelector('stripe-connect-account-onboarding') as FakeOnboarding;
      await waitUntil(() => inner.collection !== undefined);
      expect(inner.collection).to.deep.equal({ fields: 'currently_due', futureRequirements: 'omit' });
      expect(inner.slot).to.match(/^ck-connect-onboarding-/);
      expect(root(el).querySelector(`slot[name="${inner.slot}"]`)).to.not.equal(null);
      expect(await (init.fetchClientSecret as () => Promise<string>)()).to.equal('accs_secret__abc');
    });

    it('step changes become ck-onboarding-step events and are remembered for a reload; exit reads the account', async () => {
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding
        lang="en"
        account="acct_456"
        publishable-key="pk_test_123"
        .fetchClientSecret=${async () => 'accs_secret__abc'}
        .fetchAccount=${async () => complete}
      ></ck-connect-onboarding>`);
      await waitUntil(() => (el.querySelector('stripe-connect-account-onboarding') as FakeOnboarding | null)?.stepListener !== undefined);
      const inner = el.querySelector('stripe-connect-account-onboarding') as FakeOnboarding;
      const step = oneEvent(el, 'ck-onboarding-step');
      inner.stepListener!({ step: 'date_of_birth' });
      expect((await step).detail).to.deep.equal({ step: 'date_of_birth', account: 'acct_456' });
      expect(sessionStorage.getItem('ck-connect-onboarding:acct_456')).to.equal('date_of_birth');
      await el.updateComplete;
      expect(text(root(el).querySelector('[part="message"]'))).to.equal('Current step: Date of birth');
      const done = oneEvent(el, 'ck-onboarding-complete');
      inner.exitListener!();
      const ev = await done;
      expect(ev.detail.complete).to.equal(true);
      expect(el.querySelector('stripe-connect-account-onboarding')).to.equal(null);
      expect(sessionStorage.getItem('ck-connect-onboarding:acct_456')).to.equal(null);
    });

    it('names each step in French, and an unknown step generically, never by its raw id', async () => {
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding
        lang="fr"
        account="acct_457"
        publishable-key="pk_test_123"
        .fetchClientSecret=${async () => 'accs_secret__abc'}
      ></ck-connect-onboarding>`);
      await waitUntil(() => (el.querySelector('stripe-connect-account-onboarding') as FakeOnboarding | null)?.stepListener !== undefined);
      const inner = el.querySelector('stripe-connect-account-onboarding') as FakeOnboarding;
      const message = async (step: string) => {
        inner.stepListener!({ step });
        await el.updateComplete;
        return text(root(el).querySelector('[part="message"]'));
      };
      expect(await message('representative_details')).to.equal('Étape en cours : Informations personnelles');
      expect(await message('external_account')).to.equal('Étape en cours : Compte bancaire');
      expect(await message('summary')).to.equal('Étape en cours : Vérification et envoi');
      expect(await message('identity')).to.equal('Étape en cours : Numéro d’identité');
      expect(await message('stripe_user_authentication')).to.equal('Étape en cours : Connexion à Stripe');
      expect(await message('some_future_step')).to.equal('L’étape a changé.');
      expect(await message('__proto__')).to.equal('L’étape a changé.');
      expect(el.step).to.equal('__proto__');
    });

    it('has an English and a French label for every step the simulator’s onboarding reports, and for Stripe’s documented steps', () => {
      const documented = ['stripe_user_authentication', 'risk_intervention', 'legal_entity_sharing', 'business_type', 'business_details', 'representative_details', 'owners', 'directors', 'executives', 'external_account', 'summary'];
      const simulated = Object.keys(ONBOARDING_MESSAGES.en.steps);
      expect(simulated).to.include('date_of_birth');
      for (const step of [...documented, ...simulated]) {
        const en = stepMessage(connectOnboardingMessages.en, step);
        const fr = stepMessage(connectOnboardingMessages.fr, step);
        expect(en, step).to.match(/^Current step: [A-Z]/);
        expect(fr, step).to.match(/^Étape en cours : [A-Z]/);
        expect(en + fr, step).to.not.contain(step.includes('_') ? step : `: ${step}`);
        expect(fr, step).to.not.equal(`Étape en cours : ${en.slice('Current step: '.length)}`);
      }
      expect(stepMessage(connectOnboardingMessages.en, 'not_a_step')).to.equal('Step changed.');
    });

    it('after a reload it says it resumes', async () => {
      sessionStorage.setItem('ck-connect-onboarding:acct_789', 'address');
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="en" account="acct_789" publishable-key="pk_test_123" .fetchClientSecret=${async () => 'accs_secret__abc'}></ck-connect-onboarding>`);
      await el.updateComplete;
      expect(el.step).to.equal('address');
      expect(text(root(el).querySelector('[part="message"]'))).to.equal('Welcome back: resuming where you left off.');
    });

    it('reports a missing session endpoint as an error with a retry button, accessibly', async () => {
      const errored = new Promise<CustomEvent>((r) => document.addEventListener('ck-onboarding-error', (e) => r(e as CustomEvent), { once: true }));
      const el = await fixture<CkConnectOnboarding>(html`<ck-connect-onboarding lang="en" account="acct_1" publishable-key="pk_test_123"></ck-connect-onboarding>`);
      const ev = await errored;
      expect(ev.detail.message).to.contain('session-endpoint');
      await el.updateComplete;
      expect(text(root(el).querySelector('button'))).to.equal('Try again');
      await expect(el).to.be.accessible();
    });
  });
});

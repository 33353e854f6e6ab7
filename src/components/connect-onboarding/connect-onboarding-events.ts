/**
 * Typed events of `<ck-connect-onboarding>`.
 *
 * @module
 */
import { CkEvent } from '../../shared/events.js';

/** What the platform's status endpoint reports about the connected account (a subset of Stripe's Account). */
export interface OnboardingAccountState {
  id: string;
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements?: {
    currently_due?: string[];
    eventually_due?: string[];
    past_due?: string[];
    pending_verification?: string[];
    disabled_reason?: string | null;
    errors?: { code: string; reason: string; requirement: string }[];
  } | null;
}

/** The onboarding moved to another step (embedded mode; `step` is connect-js's step name, e.g. `business_type`). */
export class CkOnboardingStepEvent extends CkEvent<{ step: string; account: string | null }> {
  static readonly type = 'ck-onboarding-step';
  constructor(detail: { step: string; account: string | null }) {
    super(CkOnboardingStepEvent.type, detail);
  }
}

/**
 * The user finished or left the onboarding flow (embedded exit, or return from the hosted page) and the account's
 * state was read from the platform's backend. `complete` is true when details are submitted and charges enabled.
 */
export class CkOnboardingCompleteEvent extends CkEvent<{ account: OnboardingAccountState; complete: boolean }> {
  static readonly type = 'ck-onboarding-complete';
  constructor(detail: { account: OnboardingAccountState; complete: boolean }) {
    super(CkOnboardingCompleteEvent.type, detail);
  }
}

/** Hosted mode is about to send the browser to an account link; cancel it to navigate yourself. */
export class CkOnboardingRedirectEvent extends CkEvent<{ url: string }> {
  static readonly type = 'ck-onboarding-redirect';
  constructor(detail: { url: string }) {
    super(CkOnboardingRedirectEvent.type, detail, { cancelable: true });
  }
}

/** Something failed (endpoint, connect-js load, expired session); `message` is localised. */
export class CkOnboardingErrorEvent extends CkEvent<{ message: string; cause?: string }> {
  static readonly type = 'ck-onboarding-error';
  constructor(detail: { message: string; cause?: string }) {
    super(CkOnboardingErrorEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-onboarding-step': CkOnboardingStepEvent;
    'ck-onboarding-complete': CkOnboardingCompleteEvent;
    'ck-onboarding-redirect': CkOnboardingRedirectEvent;
    'ck-onboarding-error': CkOnboardingErrorEvent;
  }
}

/**
 * Registers `<ck-connect-onboarding>` (once; does nothing if the tag is already defined).
 * Import `checkout-kit/connect-onboarding/class` instead to subclass or register under another tag.
 *
 * @module
 */
import { CkConnectOnboarding } from '../components/connect-onboarding/connect-onboarding.js';

export * from '../components/connect-onboarding/connect-onboarding.js';
export * from '../components/connect-onboarding/connect-onboarding-events.js';
export { configure } from '../stripe/loader.js';

if (!customElements.get('ck-connect-onboarding')) customElements.define('ck-connect-onboarding', CkConnectOnboarding);

declare global {
  interface HTMLElementTagNameMap {
    'ck-connect-onboarding': CkConnectOnboarding;
  }
}

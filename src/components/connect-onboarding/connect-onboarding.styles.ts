import { css } from 'lit';

export const connectOnboardingStyles = css`
  :host {
    display: block;
    --_co-gap: var(--ck-connect-onboarding-gap, calc(var(--_ck-space) * 4));
    --_co-button-bg: var(--ck-connect-onboarding-button-background, var(--_ck-color-primary));
    --_co-button-fg: var(--ck-connect-onboarding-button-color, var(--_ck-color-primary-contrast));
    --_co-radius: var(--ck-connect-onboarding-radius, var(--_ck-radius));
  }
  .base {
    display: grid;
    gap: var(--_co-gap);
  }
  .message:empty {
    display: none;
  }
  .message {
    margin: 0;
    color: var(--_ck-color-text);
  }
  .message.error {
    color: var(--_ck-color-danger);
  }
  .message.complete {
    color: var(--_ck-color-success);
    font-weight: 600;
  }
  .message.incomplete {
    font-weight: 600;
  }
  .panel {
    border: 1px solid var(--_ck-color-border);
    border-radius: var(--_co-radius);
    background: var(--_ck-color-surface);
    padding: calc(var(--_ck-space) * 3) calc(var(--_ck-space) * 4);
  }
  .panel p {
    margin: 0 0 calc(var(--_ck-space) * 1);
  }
  .due {
    margin: 0 0 calc(var(--_ck-space) * 2);
    padding-inline-start: 1.25rem;
  }
  .due.errors {
    color: var(--_ck-color-danger);
  }
  .hint {
    margin: 0;
    color: var(--_ck-color-muted);
    font-size: var(--_ck-font-size-small);
  }
  .button {
    justify-self: start;
    min-height: 2.75rem;
    padding: calc(var(--_ck-space) * 3) calc(var(--_ck-space) * 5);
    border: 1px solid var(--_co-button-bg);
    border-radius: var(--_co-radius);
    background: var(--_co-button-bg);
    color: var(--_co-button-fg);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .button.secondary {
    background: transparent;
    color: var(--_ck-color-text);
    border-color: var(--_ck-color-border-strong);
  }
  .button:focus-visible {
    outline: var(--_ck-focus-ring-width) solid var(--_ck-color-focus-ring);
    outline-offset: 2px;
  }
  .onboarding {
    display: block;
    min-height: 0;
  }
  @media (forced-colors: active) {
    .button {
      border: 1px solid ButtonText;
    }
  }
`;

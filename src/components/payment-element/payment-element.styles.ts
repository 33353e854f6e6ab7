import { css } from '@lit/reactive-element';

// Inactive looks (aria-disabled, aria-busy, succeeded) come from tokens that keep AA contrast (muted on surface), not
// from opacity: the button stays in the accessibility tree, so its text must stay readable. (Comments stay out of
// the css literal: its text ships as is.)

export const paymentElementStyles = css`
  :host {
    --_pe-gap: var(--ck-payment-element-gap, calc(var(--_ck-space) * 4));
    --_pe-button-bg: var(--ck-payment-element-button-background, var(--_ck-color-primary));
    --_pe-button-fg: var(--ck-payment-element-button-color, var(--_ck-color-primary-contrast));
    --_pe-radius: var(--ck-payment-element-radius, var(--_ck-radius));
  }
  .base {
    display: grid;
    gap: var(--_pe-gap);
  }
  .field {
    display: block;
    min-height: 3rem;
  }
  .loading {
    display: grid;
    gap: calc(var(--_ck-space) * 3);
  }
  .loading[hidden] {
    display: none;
  }
  .skeleton {
    height: 2.75rem;
    border-radius: var(--_pe-radius);
    background: var(--_ck-color-surface);
    border: 1px solid var(--_ck-color-border);
  }
  .pay {
    width: 100%;
    min-height: 2.75rem;
    padding: calc(var(--_ck-space) * 3) calc(var(--_ck-space) * 4);
    border-radius: var(--_pe-radius);
    background: var(--_pe-button-bg);
    color: var(--_pe-button-fg);
    font-weight: 600;
    font-size: var(--_ck-font-size-base);
  }
  .pay[aria-disabled='true'],
  .pay[aria-busy='true'],
  :host(:state(succeeded)) .pay {
    background: var(--_ck-color-surface);
    color: var(--_ck-color-muted);
    box-shadow: inset 0 0 0 1px var(--_ck-color-border-strong);
  }
  .pay[aria-busy='true'] {
    cursor: progress;
  }
  .message {
    margin: 0;
    min-height: 1.5em;
    font-size: var(--_ck-font-size-small);
  }
  .message:empty {
    min-height: 0;
  }
  :host(:state(failed)) .message,
  :host(:state(error)) .message {
    color: var(--_ck-color-danger);
  }
  :host(:state(succeeded)) .message {
    color: var(--_ck-color-success);
  }
  .retry {
    justify-self: start;
    text-decoration: underline;
    color: var(--_ck-color-primary);
  }
  @media (forced-colors: active) {
    .pay {
      border: 1px solid ButtonText;
    }
  }
`;

import { css } from 'lit';

export const checkoutStyles = css`
  :host {
    --_co-max: var(--ck-checkout-max-width, 64rem);
    --_co-brand: var(--ck-checkout-brand-color, var(--_ck-color-primary));
    --_co-gap: var(--ck-checkout-gap, calc(var(--_ck-space) * 6));
    display: block;
    color: var(--_ck-color-text);
    font-family: var(--_ck-font-family);
  }
  .base {
    background: var(--_ck-color-background);
    max-width: var(--_co-max);
    margin: 0 auto;
    padding: calc(var(--_ck-space) * 4);
    display: grid;
    gap: var(--_co-gap);
  }
  .embedded {
    display: block;
    min-height: 12rem;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_ck-space) * 3);
  }
  .brand {
    display: flex;
    align-items: center;
    gap: calc(var(--_ck-space) * 2);
    font-weight: 600;
  }
  .icon {
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    object-fit: cover;
  }
  .placeholder {
    display: inline-grid;
    place-items: center;
    background: var(--_co-brand);
    color: var(--_ck-color-primary-contrast);
  }
  .badge {
    font-size: var(--_ck-font-size-small);
    font-weight: 600;
    padding: 0 calc(var(--_ck-space) * 2);
    border-radius: var(--_ck-radius);
    background: color-mix(in srgb, var(--_ck-color-warning) 20%, transparent);
    color: var(--_ck-color-warning);
  }
  a {
    color: var(--_ck-color-text);
    text-decoration-color: var(--_co-brand);
    text-decoration-thickness: 2px;
    text-underline-offset: 3px;
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: var(--_ck-focus-ring-width) solid var(--_ck-color-focus-ring);
    outline-offset: 2px;
  }
  .cancel {
    flex-basis: 100%;
    font-size: var(--_ck-font-size-small);
  }
  .columns {
    display: grid;
    gap: var(--_co-gap);
    grid-template-columns: minmax(0, 1fr);
  }
  @media (min-width: 48rem) {
    .columns {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      align-items: start;
    }
    .cancel {
      flex-basis: auto;
    }
  }
  .due {
    display: grid;
    margin: 0 0 calc(var(--_ck-space) * 4);
  }
  .due-label {
    color: var(--_ck-color-muted);
  }
  .due-amount {
    font-size: 2rem;
    font-weight: 700;
  }
  /* Setup mode: a heading instead of an amount; Stripe's form reserves its height while it loads. */
  .setup .due {
    font-size: var(--_ck-font-size-large);
  }
  .setup .due-label {
    color: inherit;
  }
  .setup-intro {
    margin: 0;
    color: var(--_ck-color-muted);
  }
  .setup-field {
    min-height: 3rem;
  }
  .totals {
    margin: calc(var(--_ck-space) * 4) 0 0;
    display: grid;
    gap: calc(var(--_ck-space) * 2);
  }
  .totals div {
    display: flex;
    justify-content: space-between;
  }
  .totals dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .grand {
    font-weight: 700;
    border-top: 1px solid var(--_ck-color-border);
    padding-top: calc(var(--_ck-space) * 2);
  }
  .form {
    display: grid;
    /* a long option name (a country's) must not widen the column past the screen */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_ck-space) * 4);
  }
  select {
    min-width: 0;
    max-width: 100%;
  }
  .section-title,
  .state-title {
    font-size: var(--_ck-font-size-large);
    margin: 0;
  }
  .field {
    display: grid;
    gap: var(--_ck-space);
  }
  label {
    font-weight: 600;
  }
  /* The card typed on the page (the simulator's own checkout pages): number above, expiry and CVC side by side. */
  h1.name {
    font: inherit;
    margin: 0;
  }
  .card-information {
    display: grid;
    gap: var(--_ck-space);
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .card-information legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: var(--_ck-space);
  }
  .card-inputs {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: var(--_ck-space);
  }
  .card-inputs .card-number {
    grid-column: 1 / -1;
  }
  input,
  select {
    font: inherit;
    min-height: 2.75rem;
    padding: 0 calc(var(--_ck-space) * 3);
    border: 1px solid var(--_ck-color-border-strong);
    border-radius: var(--_ck-radius);
    background: var(--_ck-color-background);
    color: var(--_ck-color-text);
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_ck-color-danger);
  }
  input[readonly] {
    background: var(--_ck-color-surface);
  }
  /* What the session asks for: custom fields, consent, addresses; the merchant's custom text. */
  .address {
    display: grid;
    gap: calc(var(--_ck-space) * 3);
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .address legend {
    padding: 0;
    margin-bottom: calc(var(--_ck-space) * 3);
    font-size: var(--_ck-font-size-base, 1rem);
    font-weight: 600;
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_ck-space) * 2);
  }
  .check input {
    min-height: 0;
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.1rem 0 0;
    padding: 0;
    flex: none;
    accent-color: var(--_co-brand);
  }
  .check label {
    font-weight: 400;
  }
  .check input[aria-invalid='true'] {
    outline: 2px solid var(--_ck-color-danger);
    outline-offset: 1px;
  }
  .custom-text {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .custom-text.after {
    font-size: var(--_ck-font-size-small);
    color: var(--_ck-color-muted);
  }
  .hint,
  .terms {
    margin: 0;
    font-size: var(--_ck-font-size-small);
    color: var(--_ck-color-muted);
  }
  .error {
    margin: 0;
    font-size: var(--_ck-font-size-small);
    color: var(--_ck-color-danger);
  }
  .error:empty {
    display: none;
  }
  .pay,
  .SubmitButton,
  .retry {
    font: inherit;
    font-weight: 600;
    min-height: 2.75rem;
    width: 100%;
    border: 0;
    border-radius: var(--_ck-radius);
    background: var(--_co-brand);
    color: var(--_ck-color-primary-contrast);
    cursor: pointer;
  }
  .pay[aria-disabled='true'],
  .SubmitButton[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .state {
    display: grid;
    gap: calc(var(--_ck-space) * 3);
    max-width: 32rem;
    margin: 0 auto;
    text-align: center;
  }
  .state-title:focus {
    outline: none;
  }
  .state p {
    margin: 0;
  }
  .loading {
    text-align: center;
    color: var(--_ck-color-muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .pay,
    .SubmitButton {
      transition: filter 0.15s;
    }
  }
  .pay:hover:not([aria-disabled='true']),
  .SubmitButton:hover:not([aria-disabled='true']) {
    filter: brightness(1.08);
  }
  /* Promotion codes (allow_promotion_codes): "Add promotion code", the code field with Apply, the applied code. */
  .promo-add {
    justify-self: start;
    margin-top: calc(var(--_ck-space) * 3);
    padding: calc(var(--_ck-space) * 1.5) calc(var(--_ck-space) * 3);
    font: inherit;
    font-weight: 600;
    color: var(--_ck-color-text);
    background: var(--_ck-color-surface);
    border: 0;
    border-radius: var(--_ck-radius);
    cursor: pointer;
  }
  .promo {
    display: grid;
    gap: var(--_ck-space);
    margin-top: calc(var(--_ck-space) * 3);
  }
  .promo-row {
    display: flex;
    gap: var(--_ck-space);
  }
  .promo-row input {
    flex: 1;
    min-width: 0;
    text-transform: uppercase;
  }
  .promo-apply {
    font: inherit;
    font-weight: 600;
    padding: 0 calc(var(--_ck-space) * 3);
    border: 1px solid var(--_ck-color-border-strong);
    border-radius: var(--_ck-radius);
    background: var(--_ck-color-background);
    color: var(--_ck-color-text);
    cursor: pointer;
  }
  .promo-apply[aria-disabled='true'],
  .promo-remove[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .totals .discount {
    align-items: center;
  }
  .discount dt {
    display: flex;
    align-items: center;
    gap: var(--_ck-space);
  }
  .promo-code {
    padding: 0 calc(var(--_ck-space) * 2);
    border-radius: var(--_ck-radius);
    background: var(--_ck-color-surface);
    font-weight: 600;
    letter-spacing: 0.02em;
  }
  .promo-remove {
    font: inherit;
    line-height: 1;
    min-width: 1.75rem;
    min-height: 1.75rem;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_ck-color-muted);
    cursor: pointer;
  }
  .promo-remove:hover {
    background: var(--_ck-color-surface);
  }
`;

import { css } from 'lit';

/** Styles of `<ck-cart>`; component tokens fall back to the global `--_ck-*` locals set by `baseStyles`. */
export const cartStyles = css`
  :host {
    --_bg: var(--ck-cart-background, var(--_ck-color-background));
    --_fg: var(--ck-cart-text-color, var(--_ck-color-text));
    --_muted: var(--ck-cart-muted-color, var(--_ck-color-muted));
    --_accent: var(--ck-cart-accent-color, var(--_ck-color-primary));
    --_border: var(--ck-cart-border-color, var(--_ck-color-border));
    --_control-border: var(--ck-cart-control-border-color, var(--_ck-color-border-strong));
    --_radius: var(--ck-cart-radius, var(--_ck-radius));
    --_pad: var(--ck-cart-padding, calc(var(--_ck-space) * 4));
    --_gap: var(--ck-cart-gap, calc(var(--_ck-space) * 3));
    --_image: var(--ck-cart-image-size, 48px);
    --_total-size: var(--ck-cart-total-font-size, var(--_ck-font-size-large));
    --_shadow: var(--ck-cart-shadow, none);
    container-type: inline-size;
  }
  .base {
    position: relative;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: var(--_pad);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: var(--_gap) calc(var(--_gap) / 2);
    text-align: start;
    vertical-align: middle;
    border-bottom: 1px solid var(--_border);
  }
  th:first-child,
  td:first-child {
    padding-inline-start: 0;
  }
  th:last-child,
  td:last-child {
    padding-inline-end: 0;
  }
  thead th {
    font-size: var(--_ck-font-size-small);
    font-weight: 600;
    color: var(--_muted);
    padding-top: 0;
  }
  tbody th {
    font-weight: normal;
  }
  .num {
    text-align: end;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .qty {
    text-align: center;
    white-space: nowrap;
  }
  .line {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    min-width: 0;
  }
  .line img {
    flex: none;
    width: var(--_image);
    height: var(--_image);
    object-fit: cover;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_ck-color-surface);
  }
  .name {
    display: block;
    font-weight: 500;
    overflow-wrap: anywhere;
  }
  .meta {
    display: block;
    font-size: var(--_ck-font-size-small);
    color: var(--_muted);
  }
  .stepper {
    display: inline-flex;
    align-items: stretch;
    border: 1px solid var(--_control-border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .stepper button {
    min-width: 2.25rem;
    min-height: 2.25rem;
    color: var(--_accent);
    font-weight: 600;
  }
  .stepper button:hover:not([aria-disabled='true']) {
    background: var(--_ck-color-surface);
  }
  .stepper button[aria-disabled='true'] {
    color: var(--_muted);
  }
  .stepper :focus-visible {
    outline-offset: -2px;
  }
  .stepper input {
    width: 3.5ch;
    box-sizing: content-box;
    padding: 0 0.25rem;
    border: 0;
    border-inline: 1px solid var(--_control-border);
    font: inherit;
    color: inherit;
    background: transparent;
    text-align: center;
    appearance: textfield;
    -moz-appearance: textfield;
  }
  .stepper input::-webkit-inner-spin-button,
  .stepper input::-webkit-outer-spin-button {
    -webkit-appearance: none;
    margin: 0;
  }
  .remove {
    color: var(--_accent);
    text-decoration: underline;
    padding: 0.25rem;
    border-radius: calc(var(--_radius) / 2);
  }
  .totals {
    margin: var(--_gap) 0 0;
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  .totals div {
    display: flex;
    justify-content: space-between;
    gap: var(--_gap);
  }
  .totals dt {
    color: var(--_muted);
  }
  .totals dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .totals .total {
    font-size: var(--_total-size);
    font-weight: 600;
    padding-top: calc(var(--_gap) / 2);
    border-top: 1px solid var(--_border);
  }
  .totals .total dt {
    color: var(--_fg);
  }
  .empty,
  .error {
    padding: var(--_gap) 0;
    text-align: center;
    color: var(--_muted);
  }
  .empty:focus-visible {
    outline-offset: 2px;
  }
  .error {
    color: var(--_ck-color-danger);
    text-align: start;
    border-inline-start: 3px solid currentColor;
    padding-inline-start: var(--_gap);
  }
  .skeleton {
    display: grid;
    gap: var(--_gap);
  }
  .skeleton span {
    display: block;
    height: 1.25rem;
    border-radius: calc(var(--_radius) / 2);
    background: linear-gradient(90deg, var(--_ck-color-surface) 25%, var(--_border) 50%, var(--_ck-color-surface) 75%);
    background-size: 200% 100%;
    animation: ck-cart-shimmer 1.4s ease-in-out infinite;
  }
  .skeleton span:nth-child(2) {
    width: 80%;
  }
  .skeleton span:nth-child(3) {
    width: 60%;
  }
  @keyframes ck-cart-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    border-radius: calc(var(--_radius) / 2);
  }
  details[open] summary {
    margin-bottom: var(--_gap);
  }
  @container (max-width: 22rem) {
    .line img {
      display: none;
    }
  }
  @media (forced-colors: active) {
    .base {
      border-color: CanvasText;
    }
    .skeleton span {
      background: GrayText;
    }
  }
`;

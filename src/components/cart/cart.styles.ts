import { css } from 'lit';

/** Styles of `<ck-cart>`; component tokens fall back to the global `--_ck-*` locals set by `baseStyles`. */
// .name: overflow-wrap break-word, not anywhere: in a table, anywhere lets the name column shrink to one letter
// ("Espr|esso"); break-word keeps words whole and only splits a word longer than the column can ever be. (Comments
// stay out of the css`` text: it ships as written.)
export const cartStyles = css`
  :host {
    --_muted: var(--ck-cart-muted-color, var(--_ck-color-muted));
    --_accent: var(--ck-cart-accent-color, var(--_ck-color-primary));
    --_line: 1px solid var(--ck-cart-border-color, var(--_ck-color-border));
    --_ctl: 1px solid var(--_ck-color-border-strong);
    --_radius: var(--ck-cart-radius, var(--_ck-radius));
    --_gap: var(--ck-cart-gap, calc(var(--_ck-space) * 3));
  }
  .base { background: var(--ck-cart-background, var(--_ck-color-background)); border: var(--_line); border-radius: var(--_radius); padding: var(--ck-cart-padding, calc(var(--_ck-space) * 4)); box-shadow: var(--ck-cart-shadow) }
  table { width: 100%; border-collapse: collapse }
  th, td { padding: var(--_gap) 0 var(--_gap) var(--_gap); text-align: start; border-bottom: var(--_line); font-weight: 400 }
  th:first-child, td:first-child { padding-inline-start: 0 }
  thead th, .meta { font-size: var(--_ck-font-size-small); color: var(--_muted) }
  .num, .qty, dd { text-align: end; white-space: nowrap }
  .qty { text-align: center }
  .line { display: flex; align-items: center; gap: var(--_gap) }
  img { width: var(--ck-cart-image-size, 48px); aspect-ratio: 1; object-fit: cover; border-radius: var(--_radius) }
  .name, .meta { display: block; overflow-wrap: break-word }
  .stepper { display: inline-flex; border: var(--_ctl); border-radius: var(--_radius) }
  .stepper button { min-width: 2.25rem; min-height: 2.25rem; color: var(--_accent) }
  .stepper [aria-disabled='true'] { color: var(--_muted) }
  .stepper > span { min-width: 3ch; align-self: center }
  .remove { color: var(--_accent); text-decoration: underline; padding: 4px }
  dl div { display: flex; justify-content: space-between; padding-top: calc(var(--_gap) / 2) }
  dt { color: var(--_muted) }
  dd { margin: 0 }
  .total { font-size: var(--ck-cart-total-font-size, var(--_ck-font-size-large)); font-weight: 600; border-top: var(--_line); margin-top: calc(var(--_gap) / 2) }
  .total dt { color: inherit }
  .empty { text-align: center; color: var(--_muted) }
  .error { color: var(--_ck-color-danger); border-inline-start: 3px solid; padding-inline-start: var(--_gap) }
  .skeleton span { display: block; height: 1.25rem; margin: var(--_gap) 0; border-radius: var(--_radius); background: var(--_ck-color-surface) }
  summary { cursor: pointer; font-weight: 600 }
  @media (forced-colors: active) { .skeleton span { background: GrayText } }
`;

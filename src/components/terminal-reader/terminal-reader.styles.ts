import { css } from 'lit';

/** Styles of `<ck-terminal-reader>`; component tokens fall back to the global `--_ck-*` locals set by `baseStyles`. */
export const terminalReaderStyles = css`
  :host {
    --_device: var(--ck-terminal-reader-device-color, #1f2330);
    --_bg: var(--ck-terminal-reader-screen-background, var(--_ck-color-background));
    --_fg: var(--ck-terminal-reader-screen-text-color, var(--_ck-color-text));
    --_accent: var(--ck-terminal-reader-accent-color, var(--_ck-reader-brand, var(--_ck-color-primary)));
    --_ok: var(--ck-terminal-reader-success-color, var(--_ck-color-success));
    --_bad: var(--ck-terminal-reader-danger-color, var(--_ck-color-danger));
    --_width: var(--ck-terminal-reader-width, 22rem);
    --_radius: var(--ck-terminal-reader-radius, calc(var(--_ck-radius) * 3));
    --_space: var(--_ck-space);
    display: block;
    max-width: min(var(--_width), 100%);
  }
  :host([hidden]) {
    display: none;
  }
  .wrap {
    display: grid;
    /* One column as wide as the host: the test-card select's longest option must not widen the reader. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 3);
    width: 100%;
  }
  .device {
    background: var(--_device);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 3);
    box-shadow: var(--_ck-shadow);
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .brand {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 2);
    color: #f4f5f8;
    font-size: var(--_ck-font-size-small);
    min-height: 1.5em;
  }
  .brand img {
    border-radius: 50%;
  }
  .screen {
    background: var(--_bg);
    color: var(--_fg);
    border-radius: calc(var(--_radius) / 2);
    min-height: 18rem;
    padding: calc(var(--_space) * 4);
    display: grid;
    align-content: center;
    overflow: auto;
  }
  h3 {
    margin: 0 0 calc(var(--_space) * 2);
    font-size: var(--_ck-font-size-large);
  }
  p {
    margin: calc(var(--_space) * 1) 0;
  }
  .center {
    text-align: center;
    display: grid;
    justify-items: center;
    gap: calc(var(--_space) * 1);
  }
  .welcome,
  .title {
    font-size: var(--_ck-font-size-large);
    font-weight: 600;
  }
  .amount {
    font-size: 2rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .muted,
  .hint {
    color: var(--_ck-color-muted);
    font-size: var(--_ck-font-size-small);
  }
  .prompt {
    font-weight: 600;
  }
  .reason {
    color: var(--_bad);
    font-weight: 600;
  }
  .status {
    width: 3.5rem;
    height: 3.5rem;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 1.75rem;
    color: var(--_ck-color-primary-contrast);
  }
  .status.ok {
    background: var(--_ok);
  }
  .status.bad {
    background: var(--_bad);
  }
  .status.neutral {
    background: var(--_ck-color-muted);
  }
  .contactless {
    display: flex;
    gap: 4px;
    align-items: flex-end;
    height: 2.5rem;
  }
  .contactless span {
    width: 6px;
    border-radius: 3px;
    background: var(--_accent);
  }
  .contactless span:nth-child(1) {
    height: 40%;
  }
  .contactless span:nth-child(2) {
    height: 70%;
  }
  .contactless span:nth-child(3) {
    height: 100%;
  }
  .spinner {
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 50%;
    border: 4px solid var(--_ck-color-border);
    border-top-color: var(--_accent);
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  .tips {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: calc(var(--_space) * 2);
  }
  button {
    font: inherit;
    border-radius: var(--_ck-radius);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_ck-color-primary-contrast);
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
    cursor: pointer;
    min-height: 2.75rem;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: var(--_ck-focus-ring-width) solid var(--_ck-color-focus-ring);
    outline-offset: 2px;
  }
  .cancel {
    background: transparent;
    color: var(--_fg);
    border-color: var(--_ck-color-border-strong);
    margin-top: calc(var(--_space) * 2);
  }
  .custom-tip {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: center;
    margin-top: calc(var(--_space) * 3);
  }
  input,
  select {
    font: inherit;
    color: var(--_ck-color-text);
    background: var(--_ck-color-background);
    border: 1px solid var(--_ck-color-border-strong);
    border-radius: var(--_ck-radius);
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    min-height: 2.5rem;
    max-width: 100%;
  }
  .custom-tip input {
    width: 7rem;
  }
  .controls {
    border: 1px dashed var(--_ck-color-border-strong);
    border-radius: var(--_ck-radius);
    padding: calc(var(--_space) * 3);
    background: var(--_ck-color-surface);
  }
  .controls h3 {
    font-size: var(--_ck-font-size-base);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    min-width: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 1.5);
  }
  legend {
    font-weight: 600;
    margin-bottom: calc(var(--_space) * 1);
  }
  .error {
    color: var(--_bad);
    font-weight: 600;
    margin: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (forced-colors: active) {
    .device {
      border: 2px solid CanvasText;
      background: Canvas;
    }
    .brand {
      color: CanvasText;
    }
    .status {
      border: 2px solid CanvasText;
    }
  }
`;

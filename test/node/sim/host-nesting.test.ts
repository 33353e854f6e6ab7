// The simulator's checkout page adopts <ck-checkout>'s styles into the document under `ck-checkout { ... }`:
// `:host` selectors must become `&` ones, balanced parentheses included, everything else untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostToNesting } from '../../../sim/browser/checkout/host-nesting.ts';

test(':host and :host(...) become & selectors, nested parentheses and selector lists included', () => {
  assert.equal(hostToNesting(':host { display: block }'), '& { display: block }');
  assert.equal(hostToNesting(':host(:state(dark)) { color-scheme: dark }'), '&:state(dark) { color-scheme: dark }');
  assert.equal(hostToNesting(':host([hidden]), :host(.x:not(.y)) a { display: none }'), '&[hidden], &.x:not(.y) a { display: none }');
  assert.equal(hostToNesting('@media (forced-colors: active) { :host { border: 1px solid } input { color: red } }'), '@media (forced-colors: active) { & { border: 1px solid } input { color: red } }');
});

test('rules without :host are left as they are', () => {
  const css = '*, ::before { box-sizing: inherit } .pay:hover:not([aria-disabled="true"]) { filter: brightness(1.08) }';
  assert.equal(hostToNesting(css), css);
});

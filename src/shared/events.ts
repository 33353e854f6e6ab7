/**
 * Typed domain events for `ck-*` components.
 *
 * Conventions (CONVENTIONS.md, pattern 3):
 * - native names where the meaning is native (`change`, `input`, `focus`); domain events are prefixed `ck-`;
 * - every domain event bubbles and is `composed`, so it crosses shadow roots and reaches page listeners;
 * - requests the page may veto are `cancelable`: the component dispatches first and acts only when nobody called
 *   `preventDefault()`;
 * - each event is a class extending {@link CkEvent} with a typed `detail`, declared in `GlobalEventHandlersEventMap`
 *   next to its component so `el.addEventListener('ck-cart-remove', (e) => e.detail.item)` is typed, including in
 *   React/Vue typings generated from the manifest.
 *
 * ```ts
 * export class CkThingEvent extends CkEvent<{ id: string }> {
 *   static readonly type = 'ck-thing';
 *   constructor(detail: { id: string }) { super(CkThingEvent.type, detail, { cancelable: true }); }
 * }
 * declare global { interface GlobalEventHandlersEventMap { 'ck-thing': CkThingEvent } }
 * if (emit(this, new CkThingEvent({ id }))) doTheThing();
 * ```
 *
 * @module
 */

/** Options of a domain event: only cancelability varies; `bubbles` and `composed` are always on. */
export interface CkEventOptions {
  /** True for requests the page may veto with `preventDefault()`. */
  cancelable?: boolean;
}

/**
 * Base class of every domain event: a `CustomEvent` (so `event.detail` works in any framework) that bubbles and is
 * composed. The detail is frozen so listeners cannot change what later listeners see.
 */
export class CkEvent<D> extends CustomEvent<Readonly<D>> {
  constructor(type: `ck-${string}`, detail: D, options: CkEventOptions = {}) {
    super(type, { detail: Object.freeze(detail), bubbles: true, composed: true, ...options });
  }
}

/**
 * Dispatches `event` on `target` and returns true when the default action should go ahead, i.e. when the event was
 * not canceled.
 */
export function emit(target: EventTarget, event: Event): boolean {
  return target.dispatchEvent(event);
}

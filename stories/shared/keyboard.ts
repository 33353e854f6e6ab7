// Keyboard-only helpers for play functions. Focus crosses into a frame the way Tab would bring it there; everything
// else is keys (`userEvent.keyboard`), never clicks. The simulator's frames are same-origin in Storybook (it runs
// in the preview page), so a play function can reach into them; on a real site they are cross-origin.
import { expect, userEvent, waitFor } from 'storybook/test';

/** Every element matching `selector` in `root` and in the open shadow roots below it. */
export function deepQueryAll<T extends Element = Element>(root: ParentNode, selector: string): T[] {
  const out: T[] = [...root.querySelectorAll<T>(selector)];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepQueryAll<T>(el.shadowRoot, selector));
  return out;
}

export function deepQuery<T extends Element = Element>(root: ParentNode, selector: string): T | null {
  return deepQueryAll<T>(root, selector)[0] ?? null;
}

/** Waits for a same-origin frame's document to contain `selector`, and returns it. */
export async function frameElement<T extends Element>(frame: HTMLIFrameElement, selector: string, timeout = 15_000): Promise<T> {
  let found: T | null = null;
  await waitFor(
    () => {
      found = frame.contentDocument?.querySelector<T>(selector) ?? null;
      expect(found).not.toBeNull();
    },
    { timeout },
  );
  return found!;
}

/** A user-event instance that types into `frame`'s document. */
export function keyboardIn(frame: HTMLIFrameElement) {
  return userEvent.setup({ document: frame.contentDocument! });
}

/** Types a test card into the simulator's card iframe with the keyboard (number, Tab, expiry, Tab, CVC, ...). */
export async function typeCard(frame: HTMLIFrameElement, card: { number: string; expiry?: string; cvc?: string; postal?: string }): Promise<void> {
  const number = await frameElement<HTMLInputElement>(frame, '#Field-numberInput');
  const user = keyboardIn(frame);
  frame.focus();
  number.focus();
  await user.keyboard(card.number);
  await user.tab();
  await user.keyboard(card.expiry ?? '1234');
  await user.tab();
  await user.keyboard(card.cvc ?? '123');
  const postal = frame.contentDocument!.querySelector<HTMLInputElement>('#Field-postalCodeInput');
  if (postal && !postal.closest('[hidden]')) {
    postal.focus();
    await user.keyboard(card.postal ?? '10001');
  }
  (frame.contentDocument!.activeElement as HTMLElement | null)?.blur();
}

/** Focuses `el` (as Tab would) and presses Enter. */
export async function pressEnterOn(el: HTMLElement): Promise<void> {
  el.focus();
  await expect(el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).activeElement : document.activeElement).toBe(el);
  await userEvent.keyboard('{Enter}');
}

/**
 * The document inside the shim's 3D Secure dialog, nested as Stripe's: the lightbox iframe
 * (`__privateStripeFrame...`, a light-DOM child of the dialog's shadow host) holds `iframe#challengeFrame`, whose
 * document has the buttons. Waits for the dialog to be open and returns that inner frame.
 */
export async function challengeFrame(timeout = 15_000): Promise<HTMLIFrameElement> {
  let inner: HTMLIFrameElement | null = null;
  await waitFor(
    () => {
      const host = document.querySelector('[data-ck-3ds-host]');
      expect(host?.shadowRoot?.querySelector('dialog')?.open).toBe(true);
      const lightbox = host!.querySelector<HTMLIFrameElement>('iframe[name^="__privateStripeFrame"]');
      inner = lightbox?.contentDocument?.querySelector<HTMLIFrameElement>('iframe#challengeFrame') ?? null;
      expect(inner?.contentDocument?.querySelector('#test-source-authorize-3ds')).toBeTruthy();
    },
    { timeout },
  );
  return inner!;
}

/** Completes (or fails) the simulator's 3D Secure challenge shown by the shim's dialog, with the keyboard. */
export async function answerChallenge(outcome: 'complete' | 'fail' = 'complete'): Promise<void> {
  const frame = await challengeFrame();
  const button = await frameElement<HTMLButtonElement>(frame, `button[value="${outcome}"]`);
  const user = keyboardIn(frame);
  frame.focus();
  button.focus();
  await user.keyboard('{Enter}');
}

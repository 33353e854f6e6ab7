/**
 * Reading and watching attributes inherited from ancestors across shadow roots.
 *
 * A component's language (`lang`) and colour scheme (`data-ck-theme`) come from its closest ancestor that sets them,
 * even when that ancestor is outside the shadow root the component lives in (e.g. `<html lang="fr">` around a
 * `<ck-cart>` rendered inside `<ck-checkout>`'s shadow root). CSS cannot select across those boundaries in every
 * browser (`:host-context()` is Chromium-only), so components resolve these values in script and re-resolve them
 * when any of the watched attributes changes.
 *
 * @module
 */

/** Attributes that every watcher is notified about. Add here when a new inherited setting is introduced. */
export const INHERITED_ATTRIBUTES = ['lang', 'data-ck-theme'] as const;
export type InheritedAttribute = (typeof INHERITED_ATTRIBUTES)[number];

/**
 * Value of `name` on `el` or its closest ancestor that has it, walking up through shadow roots
 * (`getRootNode().host`). Returns `null` when no ancestor sets it.
 */
export function closestAttribute(el: Element, name: InheritedAttribute | string): string | null {
  for (let n: Node | null = el; n; n = n.parentNode ?? (n as ShadowRoot).host) {
    if ((n as Element).hasAttribute?.(name)) return (n as Element).getAttribute(name);
  }
  return null;
}

/**
 * Calls `callback` whenever `lang` or `data-ck-theme` changes on any element in any root between `el` and the
 * document (its own shadow-including ancestors' trees). Call the returned function to stop watching (components do
 * so on disconnect). One observer per call; attribute filters keep unrelated mutations cheap.
 */
export function watchInheritedAttributes(el: Element, callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  for (let root: Node | undefined = el.getRootNode(); root; root = (root as ShadowRoot).host?.getRootNode()) {
    observer.observe(root, { attributes: true, subtree: true, attributeFilter: INHERITED_ATTRIBUTES as unknown as string[] });
  }
  return () => observer.disconnect();
}

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

/** The parent of `node` in the composed sense: an element's parent node, or a shadow root's host. */
function composedParent(node: Node): Node | null {
  return node.parentNode ?? ((node as ShadowRoot).host || null);
}

/**
 * Value of `name` on `el` or its closest ancestor that has it, walking up through shadow roots
 * (`getRootNode().host`). Returns `null` when no ancestor sets it.
 */
export function closestAttribute(el: Element, name: InheritedAttribute | string): string | null {
  for (let n: Node | null = el; n; n = composedParent(n)) {
    if (n.nodeType === 1 && (n as Element).hasAttribute(name)) return (n as Element).getAttribute(name);
  }
  return null;
}

interface RootWatch {
  observer: MutationObserver;
  callbacks: Set<() => void>;
}

const watches = new Map<Node, RootWatch>();

/** Every root (shadow roots and finally the document) between `el` and the top. */
function rootsOf(el: Node): Node[] {
  const roots: Node[] = [];
  for (let root = el.getRootNode(); ; ) {
    roots.push(root);
    const host = (root as ShadowRoot).host;
    if (!host) break;
    root = host.getRootNode();
  }
  return roots;
}

/**
 * Calls `callback` whenever `lang` or `data-ck-theme` changes on any element in any root between `el` and the
 * document. One MutationObserver is shared per root, however many components watch it. Call the returned function
 * to stop watching (components do so on disconnect).
 */
export function watchInheritedAttributes(el: Element, callback: () => void): () => void {
  const roots = rootsOf(el);
  for (const root of roots) {
    let watch = watches.get(root);
    if (!watch) {
      const callbacks = new Set<() => void>();
      const observer = new MutationObserver(() => {
        for (const cb of [...callbacks]) cb();
      });
      observer.observe(root, { attributes: true, subtree: true, attributeFilter: [...INHERITED_ATTRIBUTES] });
      watch = { observer, callbacks };
      watches.set(root, watch);
    }
    watch.callbacks.add(callback);
  }
  return () => {
    for (const root of roots) {
      const watch = watches.get(root);
      if (!watch) continue;
      watch.callbacks.delete(callback);
      if (watch.callbacks.size === 0) {
        watch.observer.disconnect();
        watches.delete(root);
      }
    }
  };
}

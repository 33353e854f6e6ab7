/**
 * A light-DOM mount node for Stripe's iframe that still renders inside the component's shadow root.
 *
 * Stripe.js refuses to mount into a shadow root, and a component used inside another component's shadow root has
 * no light DOM in the document. So the node goes into the document's light DOM as a child of the outermost shadow
 * host, with a per-instance `slot` name, and is projected down through one `<slot name=X slot=X>` added to each
 * host in between, ending in the component's own `<slot name=X>`. For an element in the document itself it is
 * simply a slotted child of the element.
 *
 * @module
 */
let counter = 0;

export class MountPoint {
  readonly slotName = `ck-payment-element-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private node: HTMLDivElement | null = null;
  private relays: HTMLSlotElement[] = [];

  constructor(private readonly host: HTMLElement) {}

  /** Creates (or re-creates) the chain and returns the node to mount Stripe's element into. */
  attach(): HTMLDivElement {
    this.detach();
    const node = document.createElement('div');
    node.slot = this.slotName;
    node.className = 'ck-payment-element-mount';
    node.style.setProperty('display', 'block');
    node.style.setProperty('width', '100%');
    let outer: Element = this.host;
    for (let root = outer.getRootNode(); root instanceof ShadowRoot; root = outer.getRootNode()) {
      const relay = document.createElement('slot');
      relay.name = this.slotName;
      relay.slot = this.slotName;
      outer.append(relay);
      this.relays.push(relay);
      outer = root.host;
    }
    outer.append(node);
    this.node = node;
    return node;
  }

  detach(): void {
    this.node?.remove();
    this.node = null;
    for (const relay of this.relays) relay.remove();
    this.relays = [];
  }
}

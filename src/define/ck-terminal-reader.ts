/**
 * Registers `<ck-terminal-reader>` (once; does nothing if the tag is already defined, e.g. by another copy of the
 * kit), and `<ck-cart>`, which its cart screen uses. Import `checkout-kit/terminal-reader/class` instead to subclass
 * or register under another tag.
 *
 * @module
 */
import { CkTerminalReader } from '../components/terminal-reader/terminal-reader.js';
import './ck-cart.js';

export * from '../components/terminal-reader/terminal-reader.js';

if (!customElements.get('ck-terminal-reader')) customElements.define('ck-terminal-reader', CkTerminalReader);

declare global {
  interface HTMLElementTagNameMap {
    'ck-terminal-reader': CkTerminalReader;
  }
}

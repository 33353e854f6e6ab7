// Shadow-DOM styles turned into rules nested under a tag (sim/browser/checkout/light-dom.ts): `:host` is the tag.
// Pure string work, tested in test/node/sim/host-nesting.test.ts.

/** `:host(X)` -> `&X` and `:host` -> `&` (parentheses balanced: `:host(:state(dark))`). */
export function hostToNesting(css: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = css.indexOf(':host', i);
    if (at < 0) return out + css.slice(i);
    out += css.slice(i, at) + '&';
    let j = at + 5;
    if (css[j] === '(') {
      let depth = 0;
      const start = j + 1;
      for (; j < css.length; j++) {
        if (css[j] === '(') depth++;
        else if (css[j] === ')' && --depth === 0) break;
      }
      out += css.slice(start, j);
      j++;
    }
    i = j;
  }
}

// The manifest that documents every tag (attributes, properties, events, slots, parts, CSS custom properties).

/**
 * Lit's `static properties = { x: { state: true } }` declares internal reactive state, which has no attribute; the
 * analyzer's Lit support only knows the `@state()` decorator and would list such fields as attributes.
 */
function litStaticStatePlugin() {
  const states = new Map(); // class name -> field names declared with state: true
  return {
    name: 'lit-static-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
        if (!member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
        for (const prop of member.initializer.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) continue;
          const isState = prop.initializer.properties.some(
            (p) => ts.isPropertyAssignment(p) && p.name.getText() === 'state' && p.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (isState) states.set(node.name.text, [...(states.get(node.name.text) ?? []), prop.name.getText()]);
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          const names = states.get(decl.name);
          if (!names) continue;
          decl.attributes = (decl.attributes ?? []).filter((a) => !names.includes(a.fieldName));
          for (const m of decl.members ?? []) if (names.includes(m.name)) delete m.attribute;
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts', 'src/shared/ck-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [litStaticStatePlugin()],
};

// Usage snippets (plain HTML, React, Vue) and reference tables for each tag, generated from custom-elements.json
// (written by `npx custom-elements-manifest analyze`), so the docs never drift from the components.
import manifest from '../../custom-elements.json';

interface Named {
  name: string;
  description?: string;
  default?: string;
  type?: { text: string };
  fieldName?: string;
}
interface Declaration {
  tagName?: string;
  name: string;
  summary?: string;
  description?: string;
  attributes?: Named[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean; readonly?: boolean; attribute?: string })[];
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  cssStates?: Named[];
}

const declarations: Declaration[] = (manifest as { modules: { declarations?: Declaration[] }[] }).modules.flatMap((m) => m.declarations ?? []);

export function declaration(tag: string): Declaration {
  const d = declarations.find((x) => x.tagName === tag);
  if (!d) throw new Error(`${tag} is not in custom-elements.json (run npm run analyze)`);
  return d;
}

/** Attributes and properties the examples set, per tag (values a reader can copy; test-mode placeholders). */
const EXAMPLES: Record<string, { attributes: Record<string, string>; properties?: Record<string, string>; event: string }> = {
  'ck-cart': {
    attributes: { editable: '' },
    properties: { items: "[{ description: 'Ceramic mug', quantity: 1, unit_amount: 1400, currency: 'usd' }]" },
    event: 'ck-cart-quantity-change',
  },
  'ck-payment-element': {
    attributes: { 'publishable-key': 'pk_test_...', 'secret-endpoint': '/create-payment-intent', 'return-url': '/thanks' },
    event: 'ck-payment-succeeded',
  },
  'ck-checkout': {
    attributes: { 'publishable-key': 'pk_test_...', 'session-endpoint': '/create-checkout-session' },
    event: 'ck-checkout-complete',
  },
  'ck-connect-onboarding': {
    attributes: { 'publishable-key': 'pk_test_...', account: 'acct_...', 'session-endpoint': '/account-session', 'status-endpoint': '/account-status' },
    event: 'ck-onboarding-complete',
  },
  'ck-terminal-reader': {
    attributes: { reader: 'tmr_...', 'token-endpoint': '/reader-token' },
    event: 'ck-terminal-screen',
  },
};

const entry = (tag: string) => `checkout-kit/${tag.replace(/^ck-/, '')}`;
const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function example(tag: string) {
  const d = declaration(tag);
  const ex = EXAMPLES[tag] ?? { attributes: {}, event: d.events?.[0]?.name ?? '' };
  const known = new Set((d.attributes ?? []).map((a) => a.name));
  const attributes = Object.entries(ex.attributes).filter(([k]) => known.has(k));
  const event = (d.events ?? []).find((e) => e.name === ex.event) ?? d.events?.[0];
  return { d, attributes, properties: Object.entries(ex.properties ?? {}), event };
}

export function htmlSnippet(tag: string): string {
  const { attributes, properties, event } = example(tag);
  const attrs = attributes.map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${v}"`)).join('');
  const lines = [
    `<!-- checkout-kit.bundle.js (node_modules/checkout-kit/dist/) registers every tag; with a bundler: import '${entry(tag)}'; -->`,
    `<script type="module" src="checkout-kit.bundle.js"></script>`,
    ``,
    `<${tag}${attrs}></${tag}>`,
    ``,
    `<script type="module">`,
    `  const el = document.querySelector('${tag}');`,
    ...properties.map(([k, v]) => `  el.${k} = ${v};`),
    ...(event ? [`  el.addEventListener('${event.name}', (event) => console.log(event.detail)); // ${event.type?.text ?? 'CustomEvent'}`] : []),
    `</script>`,
  ];
  return lines.join('\n');
}

export function reactSnippet(tag: string): string {
  const { d, attributes, properties, event } = example(tag);
  const attrs = attributes.map(([k, v]) => (v === '' ? `      ${k}` : `      ${k}="${v}"`));
  const props = properties.map(([k]) => `      ${k}={${k}}`);
  const listener = event ? [`      on${event.name}={(event) => console.log(event.detail)}`] : [];
  return [
    `// React 19 passes properties and "on<event-name>" listeners to custom elements.`,
    `import '${entry(tag)}';`,
    ``,
    `export function ${d.name.replace(/^Ck/, '')}(${properties.length ? `{ ${properties.map(([k]) => k).join(', ')} }` : ''}) {`,
    `  return (`,
    `    <${tag}`,
    ...attrs,
    ...props,
    ...listener,
    `    />`,
    `  );`,
    `}`,
  ].join('\n');
}

export function vueSnippet(tag: string): string {
  const { attributes, properties, event } = example(tag);
  const attrs = attributes.map(([k, v]) => (v === '' ? `    ${k}` : `    ${k}="${v}"`));
  const props = properties.map(([k]) => `    .${k}="${k}"`);
  return [
    `<!-- vite.config: vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('ck-') } } }) -->`,
    `<script setup>`,
    `import '${entry(tag)}';`,
    ...properties.map(([k, v]) => `const ${k} = ${v};`),
    `</script>`,
    ``,
    `<template>`,
    `  <${tag}`,
    ...attrs,
    ...props,
    ...(event ? [`    @${event.name}="(event) => console.log(event.detail)"`] : []),
    `  />`,
    `</template>`,
  ].join('\n');
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const code = (s: string | undefined) => (s ? `\`${s.replace(/`/g, '')}\`` : '');

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_None._';
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Markdown reference of a tag: attributes, properties, events with detail types, slots, parts, CSS custom properties. */
export function reference(tag: string): string {
  const d = declaration(tag);
  const fields = (d.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('_'));
  const methods = (d.members ?? []).filter((m) => m.kind === 'method' && !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('_'));
  return [
    `### Attributes`,
    table(['Attribute', 'Property', 'Type', 'Default', 'Description'], (d.attributes ?? []).map((a) => [code(a.name), code(a.fieldName ?? camel(a.name)), code(a.type?.text), code(a.default), cell(a.description)])),
    `### Properties`,
    table(['Property', 'Attribute', 'Type', 'Default', 'Description'], fields.map((f) => [code(f.name), code(f.attribute), code(f.type?.text), code(f.default), cell(f.description)])),
    `### Methods`,
    table(['Method', 'Description'], methods.map((m) => [code(`${m.name}()`), cell(m.description)])),
    `### Events`,
    table(['Event', 'Type (detail)', 'Description'], (d.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)])),
    `### Slots`,
    table(['Slot', 'Description'], (d.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)])),
    `### CSS parts`,
    table(['Part', 'Description'], (d.cssParts ?? []).map((p) => [code(p.name), cell(p.description)])),
    `### CSS custom properties`,
    table(['Property', 'Default', 'Description'], (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)])),
    ...(d.cssStates?.length ? [`### CSS states`, table(['State', 'Description'], d.cssStates.map((s) => [code(`:state(${s.name})`), cell(s.description)]))] : []),
  ].join('\n\n');
}

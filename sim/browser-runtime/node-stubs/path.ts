// `node:path` for the simulator's Node-side route modules when they run in a browser (Storybook): only the posix
// `dirname` and `join` they use. Paths are virtual; the stubbed esbuild and fs look files up by name.
export function dirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? (p.startsWith('/') ? '/' : '.') : p.slice(0, i);
}

export function join(...parts: string[]): string {
  const out: string[] = [];
  const absolute = parts[0]?.startsWith('/') ?? false;
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export default { dirname, join };

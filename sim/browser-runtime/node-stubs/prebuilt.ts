// The files the simulator's Node side bundles or reads at run time (Stripe.js shim, card iframe, Connect shim,
// checkout page script), produced at Storybook build time by the same Node functions (see vite-plugin.ts) and
// looked up here by file name.
import prebuilt from 'virtual:ck-sim-prebuilt';

export function prebuiltFile(path: string): string {
  const name = path.split('/').pop() ?? path;
  const text = (prebuilt as Record<string, string>)[name];
  if (text === undefined) throw new Error(`checkout-kit simulator (browser): no prebuilt file for ${name}; add it to sim/browser-runtime/vite-plugin.ts`);
  return text;
}

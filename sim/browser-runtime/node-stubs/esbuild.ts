// `esbuild` for the simulator's route modules in a browser: `build()` answers with the bundle made at Storybook
// build time by the real esbuild (same entry, same options), so the route code itself is unchanged.
import { prebuiltFile } from './prebuilt.ts';

interface BuildOptions {
  entryPoints: string[];
}

export function build(options: BuildOptions): Promise<{ outputFiles: { text: string }[] }> {
  try {
    return Promise.resolve({ outputFiles: [{ text: prebuiltFile(options.entryPoints[0]) }] });
  } catch (e) {
    return Promise.reject(e);
  }
}

export default { build };

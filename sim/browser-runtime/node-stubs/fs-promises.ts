// `node:fs/promises` for the simulator's route modules in a browser: `readFile` of a prebuilt file.
import { prebuiltFile } from './prebuilt.ts';

export function readFile(path: string): Promise<string> {
  try {
    return Promise.resolve(prebuiltFile(path));
  } catch (e) {
    return Promise.reject(e);
  }
}

export default { readFile };

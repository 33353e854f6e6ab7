// `node:url` for the simulator's route modules in a browser: `fileURLToPath` of any URL is its path.
export function fileURLToPath(url: string | URL): string {
  return new URL(String(url)).pathname;
}

export default { fileURLToPath };

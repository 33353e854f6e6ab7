/** Syncs `path` to disk; returns false when it does not exist. */
export function syncFile(path: string): boolean;

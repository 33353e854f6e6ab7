// fsync of a file by path (Linux syncs every dirty page of the file, whichever descriptor wrote it); a missing file
// is nothing to sync. Plain JavaScript so that the worker threads (no tsx) and the TypeScript stores share it.
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Syncs `path` to disk; returns false when it does not exist. */
export function syncFile(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (e.code === 'ENOENT') return false;
    throw e;
  }
  try {
    fsyncSync(fd);
    return true;
  } finally {
    closeSync(fd);
  }
}

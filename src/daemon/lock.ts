/**
 * One daemon per data-root: an exclusive flock on `<data-root>/wharfd.lock`. The kernel drops the
 * lock when the process dies, so a crashed daemon never leaves a stale lock behind.
 */
import { openSync, writeSync, ftruncateSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryLockExclusive } from '../sys/libc.js';

export class DataRootLockedError extends Error {
  readonly code = 'DATA_ROOT_LOCKED';
}

/** Locks the data-root for this process; the returned fd must stay open for the daemon's life. */
export function lockDataRoot(dataRoot: string): number {
  const path = join(dataRoot, 'wharfd.lock');
  const fd = openSync(path, 'a+', 0o600);
  if (!tryLockExclusive(fd)) {
    const holder = readFileSync(path, 'utf8').trim();
    throw new DataRootLockedError(`another wharfd${holder ? ` (pid ${holder})` : ''} is already using data-root ${dataRoot}`);
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  return fd;
}

/**
 * The words Docker's `archive.Untar` uses for the failures `extractInto` reports, so that a refused
 * `docker cp` reads the same on both sides (the daemon's PUT and the client's extraction). `dest`
 * is the extraction directory as the user knows it (a container path on the daemon side, a host
 * path on the client side).
 */
import { posix } from 'node:path';
import { OverwriteError, UnsafeLayerError } from './errors.js';

/** Docker's text for an extraction error, or the error's own message. */
export function untarText(err: unknown, dest: string): string {
  const at = (rel: string) => posix.join(dest, rel);
  if (err instanceof OverwriteError) {
    return err.kind === 'dir-with-non-dir'
      ? `cannot overwrite directory "${at(err.rel)}" with non-directory "${dest}"`
      : `cannot overwrite non-directory "${at(err.rel)}" with directory "${dest}"`;
  }
  if (!(err instanceof UnsafeLayerError)) return err instanceof Error ? err.message : String(err);
  const target = err.reason.match(/"(.*)"/)?.[1] ?? '';
  switch (err.kind) {
    case 'symlink': return `invalid symlink ${JSON.stringify(at(err.entry))} -> ${JSON.stringify(target)}`;
    case 'hardlink': return `invalid hardlink ${JSON.stringify(target)} -> ${JSON.stringify(at(err.entry))}`;
    case 'through-symlink': return `${JSON.stringify(err.entry)} is under a symlink in ${JSON.stringify(dest)}: ${err.reason}`;
    default: return `${JSON.stringify(err.entry)} is outside of ${JSON.stringify(dest)}`;
  }
}

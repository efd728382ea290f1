/** Go's path cleaning, for patterns and relative paths compared with them. */
import { posix } from 'node:path';

/** Go's `filepath.Clean` on Linux: `""` is `"."`, no trailing `/` (except the root), `..` resolved lexically. */
export function goClean(p: string): string {
  if (p === '') return '.';
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/**
 * Docker's path rules of `cp`, over the one in-scope resolver (runtime/spec/in-root.ts: symlinks
 * resolved inside the container's root, never outside it): the last element kept as given, a
 * trailing "/" or "/." preserved, Go's Base. All results are container paths ("/a/b"); `hostPath`
 * puts one under the root.
 */
import { posix } from 'node:path';
import { followInScope } from '../../../runtime/spec/in-root.js';

// One resolver for every path inside a container's root (the runtime's, used by start and create too).
export { followInScope, hostPath, ScopeError } from '../../../runtime/spec/in-root.js';

/**
 * Docker's container.ResolvePath: the parent of `path` resolved in scope, then its last element as
 * given, so a symlink at the end is the link itself, unless `path` ends in "/" or "/." (then it is
 * followed). Returns the container path to lstat and `abs`, the absolute form of the request.
 */
export function resolveInScope(root: string, path: string): { resolved: string; abs: string } {
  const abs = preserveTrailing(posix.join('/', path), path);
  const cut = abs.lastIndexOf('/');
  const dir = followInScope(root, abs.slice(0, cut + 1));
  const base = abs.slice(cut + 1);
  return { resolved: dir === '/' ? `/${base}` : `${dir}/${base}`, abs };
}

/** moby's PreserveTrailingDotOrSeparator: keeps a trailing "/." or "/" of `original` on the cleaned path. */
export function preserveTrailing(cleaned: string, original: string): string {
  if (original.endsWith('/.') || original === '.') return cleaned.endsWith('/') ? `${cleaned}.` : `${cleaned}/.`;
  if (original.endsWith('/') && !cleaned.endsWith('/')) return `${cleaned}/`;
  return cleaned;
}

/** Go's filepath.Base. */
export function goBase(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

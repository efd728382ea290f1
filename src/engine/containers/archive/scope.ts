/**
 * Container paths resolved inside a container's root, never outside it (moby's
 * symlink.FollowSymlinkInScope): each component is looked at with lstat under the root; a symlink
 * is expanded in place (an absolute target restarts from the root), `..` never climbs above the
 * root, and at most 255 links are followed. A component that does not exist is taken as it is.
 * All results are container paths ("/a/b"); `hostPath` puts one under the root.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/** Links followed before giving up (moby's maxIter). */
const MAX_LINKS = 255;

/** A path that cannot be resolved: too many links, or a component that is a file. */
export class ScopeError extends Error {
  readonly code = 'SCOPE';
}

/** `path` (a container path, relative ones are taken from "/") with every symlink resolved in `root`. */
export function followInScope(root: string, path: string): string {
  let rest = posix.normalize(`/${path}`);
  let done = '';
  for (let links = 0; rest !== '';) {
    const i = rest.indexOf('/');
    const part = i < 0 ? rest : rest.slice(0, i);
    rest = i < 0 ? '' : rest.slice(i + 1);
    if (part === '' || part === '.') continue;
    const next = posix.normalize(`/${done}/${part}`);
    if (next === '/') {
      done = '';
      continue;
    }
    const st = lstatOrUndefined(`${root}${next}`);
    if (!st?.isSymbolicLink()) {
      done = next;
      continue;
    }
    if (++links > MAX_LINKS) throw new ScopeError(`too many links in ${path}`);
    const target = readlinkSync(`${root}${next}`);
    if (target.startsWith('/')) done = '';
    rest = `${target}/${rest}`;
  }
  return posix.normalize(`/${done}`);
}

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

/** The host path of a container path under `root` (a view's mounted root). */
export function hostPath(root: string, ctrPath: string): string {
  const clean = posix.normalize(`/${ctrPath}`);
  return clean === '/' ? root : `${root}${clean.replace(/\/$/, '')}`;
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

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new ScopeError(`${p}: not a directory`);
    throw err;
  }
}

/**
 * Lexical normalisation of tar entry names, the first safety gate of `applyLayer`.
 * Follows Docker: a leading "/" is dropped (`/etc/x` is `etc/x`), "." components vanish, and ".."
 * is resolved lexically; a ".." that would climb above the root is refused. Symlinks are never
 * consulted here: the apply code guarantees no symlink is ever traversed (see README.md).
 */
import { CorruptLayerError, UnsafeLayerError } from './errors.js';

/**
 * Normalises an entry name to a relative path with no "." or ".." components ('' is the root).
 * @throws UnsafeLayerError when the name climbs out of the root; CorruptLayerError on a NUL byte.
 */
export function normalizeEntryPath(name: string): string {
  if (name.includes('\0')) throw new CorruptLayerError(`entry name with a NUL byte: ${JSON.stringify(name)}`);
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new UnsafeLayerError(name, 'path climbs out of the layer root');
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

/** The parent of a normalised relative path ('' for a top-level entry). */
export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/** The last component of a normalised relative path. */
export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** Joins a parent and a child name ('' parent is the root). */
export function joinRel(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** Number of components ('' has depth 0): used to set directory times deepest first. */
export function depthOf(rel: string): number {
  if (rel === '') return 0;
  let n = 1;
  for (let i = 0; i < rel.length; i++) if (rel.charCodeAt(i) === 47) n++;
  return n;
}

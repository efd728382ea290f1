/**
 * `treeTar`: a plain tar of a whole tree, for `docker export` and import-style round trips. Unlike
 * `diffTar` nothing is translated: a char device 0:0 stays a device.
 */
import type { Readable } from 'node:stream';
import { packTree } from './tar-pack.js';

/**
 * Streams a plain tar of a whole tree (for `docker export` and `import`-style round trips); paths
 * relative, no leading "/", the root itself omitted. Sorted and deterministic like `diffTar`.
 */
export function treeTar(root: string, opts: { signal?: AbortSignal } = {}): Readable {
  return packTree(root, opts);
}

/**
 * Streams a tar of one path as `docker cp` and `GET /containers/{id}/archive` send it: the path
 * itself first, named `name` (a directory then its contents as `name/…`; `name` "." gives a
 * directory's contents as `./…`). A symlink is archived as the link. Deterministic like `treeTar`.
 */
export function pathTar(path: string, name: string, opts: { signal?: AbortSignal } = {}): Readable {
  return packTree(path, { ...opts, top: name });
}

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

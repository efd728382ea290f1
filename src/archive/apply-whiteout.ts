/**
 * Turns whiteout entries of a layer tar into overlayfs form in the target dir:
 * `d/.wh.x` → char device 0:0 `d/x`; `d/.wh..wh..opq` → `trusted.overlay.opaque=y` on `d`.
 * A whiteout only hides lower layers: when this layer already holds `d/x`, a file stays as it is
 * (it hides the lower one anyway) and a directory becomes opaque (the lower one is deleted, the
 * new one stays). A later entry at `d/x` replaces the device; a directory replacing it is opaque.
 */
import { lchown } from 'node:fs/promises';
import { mknod, S_IFCHR } from '../sys/libc.js';
import type { EntryMeta } from './entry-meta.js';
import { CorruptLayerError, UnsafeLayerError } from './errors.js';
import { joinRel, parentOf } from './safe-path.js';
import type { TargetTree } from './target-tree.js';
import type { WhiteoutKind } from './whiteout.js';

/** Applies one whiteout-class entry (`rel` is the marker's own normalised path). */
export async function applyWhiteout(
  tree: TargetTree, name: string, rel: string, kind: Exclude<WhiteoutKind, { kind: 'none' }>, meta: EntryMeta,
): Promise<void> {
  const dir = parentOf(rel);
  if (kind.kind === 'meta') return;
  await tree.ensureDir(dir, name);
  if (kind.kind === 'opaque') {
    tree.setOpaque(dir);
    return;
  }
  const target = kind.target;
  if (target === '') throw new CorruptLayerError(`${name}: whiteout without a name`);
  if (target === '.' || target === '..') throw new UnsafeLayerError(name, 'whiteout of "." or ".."');
  await whiteoutPath(tree, joinRel(dir, target), meta);
}

async function whiteoutPath(tree: TargetTree, rel: string, meta: EntryMeta): Promise<void> {
  if (tree.isDir(rel)) {
    tree.setOpaque(rel);
    return;
  }
  const path = tree.abs(rel);
  try {
    mknod(path, S_IFCHR, 0, 0);
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return;
    throw err;
  }
  tree.addWhiteout(rel);
  await lchown(path, meta.uid, meta.gid);
}

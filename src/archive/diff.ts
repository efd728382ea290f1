/**
 * `diffTar`: the layer tar of an overlayfs upper dir. The upper dir already is the change set;
 * only overlayfs' own markers need translating to the OCI form (as Docker's overlay2 driver does):
 * a whiteout (char device 0:0) `d/x` becomes an empty file `d/.wh.x` (mode 0600, the device's owner
 * and mtime), and a dir with `trusted.overlay.opaque=y` is followed by `d/.wh..wh..opq`.
 * `trusted.*` xattrs are never written (see xattrs.ts), so the opaque xattr itself stays out.
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../oci/digest.js';
import { lgetxattr } from '../sys/libc.js';
import { OverlayFeatureError } from './errors.js';
import { joinRel, parentOf, baseOf } from './safe-path.js';
import { packTree, type Plan } from './tar-pack.js';
import type { TreeNode } from './tree-walk.js';
import { OPAQUE_MARKER, OPAQUE_XATTR, WHITEOUT_PREFIX } from './whiteout.js';

/**
 * Streams a layer tar of an overlay upper dir: whiteout char devices 0/0 → `.wh.<name>`,
 * `trusted.overlay.opaque=y` dirs → `.wh..wh..opq`. Sorted, deterministic (same tree → same bytes,
 * so same diffID). The tree must not change while it is read (a file changing size fails the
 * stream with `FILE_CHANGED`). An upper dir of a mount with `redirect_dir` or `metacopy` fails the
 * stream with `OVERLAY_FEATURE` (part of its changes would be missing). `skip` leaves nodes out
 * (commit leaves out the mount points the runtime made).
 */
export function diffTar(upperDir: string, opts: { signal?: AbortSignal; skip?: (node: TreeNode) => boolean } = {}): Readable {
  const { skip, ...rest } = opts;
  return packTree(upperDir, { ...rest, plan: skip ? (n) => (skip(n) ? { kind: 'skip' } : overlayPlan(n)) : overlayPlan });
}

/** The diffID of an empty tar (1024 zero bytes): the diff of an upper dir that changes nothing. */
export const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef' as Digest;

/** Xattrs meaning part of a node's change lives outside the upper dir. */
const UNSUPPORTED = ['trusted.overlay.redirect', 'trusted.overlay.metacopy'];

function overlayPlan(node: TreeNode): Plan {
  const { st } = node;
  const unsupported = UNSUPPORTED.find((x) => node.xattrNames().includes(x));
  if (unsupported) throw new OverlayFeatureError(node.abs, unsupported);
  if (st.isCharacterDevice() && st.rdev === 0n) {
    return {
      kind: 'replace',
      header: {
        name: joinRel(parentOf(node.rel), WHITEOUT_PREFIX + baseOf(node.rel)), type: 'file', mode: 0o600,
        uid: Number(st.uid), gid: Number(st.gid), mtime: Number(st.mtimeMs / 1000n),
      },
    };
  }
  if (st.isDirectory() && node.xattrNames().includes(OPAQUE_XATTR) && lgetxattr(node.abs, OPAQUE_XATTR)?.toString() === 'y') {
    return {
      kind: 'node',
      after: [{ name: `${node.rel}/${OPAQUE_MARKER}`, type: 'file', mode: Number(st.mode & 0o777n),
        uid: Number(st.uid), gid: Number(st.gid), mtime: 0 }],
    };
  }
  return { kind: 'node' };
}

/**
 * Which extended attributes a layer from a stranger may set, and setting them.
 *
 * Accepted: `user.*`, `security.capability` (file capabilities, e.g. ping's cap_net_raw) and the
 * POSIX ACLs `system.posix_acl_access` / `system.posix_acl_default`. Everything else is skipped:
 * `trusted.*` above all, since `trusted.overlay.*` (opaque, redirect, metacopy, origin) steers
 * overlayfs itself and only `applyLayer` may write it (for `.wh..wh..opq`); `security.selinux`
 * and other LSM labels belong to the host's policy, not to an image.
 */
import { lsetxattr } from '../sys/libc.js';

const ACCEPTED_EXACT = new Set(['security.capability', 'system.posix_acl_access', 'system.posix_acl_default']);

/** True when a layer may set the xattr `name` (see the module comment for the policy). */
export function isAcceptedXattr(name: string): boolean {
  return name.startsWith('user.') || ACCEPTED_EXACT.has(name);
}

/**
 * Sets the accepted xattrs of `xattrs` on `path` (not following a symlink). Call after chown:
 * chown clears `security.capability`. `user.*` is skipped on symlinks (the kernel refuses it) and
 * where the filesystem does not support it.
 */
export function applyXattrs(path: string, xattrs: ReadonlyMap<string, Buffer>, isSymlink: boolean): void {
  for (const [name, value] of xattrs) {
    if (!isAcceptedXattr(name)) continue;
    if (isSymlink && name.startsWith('user.')) continue;
    try {
      lsetxattr(path, name, value);
    } catch (err) {
      if (name.startsWith('user.') && (err as { code?: string }).code === 'ENOTSUP') continue;
      throw err;
    }
  }
}

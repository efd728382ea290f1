/**
 * Doing the mounts that snapshotters describe (oci/mount.ts), and undoing them. Mounting is
 * idempotent: a target that is already a mount point is left as it is, so a restarted daemon can
 * call it again; unmounting removes every mount stacked on the target (lazily, as containers may
 * still hold files open).
 */
import { readFile } from 'node:fs/promises';
import type { FsMount } from '../oci/mount.js';
import { mount, umount2, MNT_DETACH, MS_RDONLY } from './libc.js';

/** The kernel keeps mount data under a page. */
const MAX_MOUNT_DATA = 4096;

/** Whether `path` is a mount point (from /proc/self/mountinfo). */
export async function isMounted(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const escaped = path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return info.split('\n').some((line) => line.split(' ')[4] === escaped);
}

/** Mounts each of `mounts` on `target`, in order, unless `target` is a mount point already. */
export async function mountAll(mounts: readonly FsMount[], target: string): Promise<void> {
  if (await isMounted(target)) return;
  for (const m of mounts) {
    const flags = m.options.includes('ro') ? MS_RDONLY : 0;
    const data = m.options.filter((o) => o !== 'ro' && o !== 'rw').join(',');
    if (Buffer.byteLength(data) >= MAX_MOUNT_DATA) throw new Error(`mount options for ${target} are too long (${Buffer.byteLength(data)} bytes)`);
    mount(m.source, target, m.type, flags, data || null);
  }
}

/** Unmounts everything mounted on `target`; a no-op when nothing is. */
export async function unmountAll(target: string): Promise<void> {
  while (await isMounted(target)) umount2(target, MNT_DETACH);
}

/** Mounting as the engine uses it: a seam, so lifecycle unit tests can run without mounts. */
export interface Mounter {
  mountAll(mounts: readonly FsMount[], target: string): Promise<void>;
  unmountAll(target: string): Promise<void>;
  isMounted(target: string): Promise<boolean>;
}

/** The real thing. */
export const systemMounter: Mounter = { mountAll, unmountAll, isMounted };

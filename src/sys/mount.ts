/**
 * Doing the mounts that snapshotters describe (oci/mount.ts), and undoing them. Mounting is
 * idempotent: a target that is already a mount point is left as it is, so a restarted daemon can
 * call it again; unmounting removes every mount stacked on the target (lazily, as containers may
 * still hold files open).
 */
import { readFile } from 'node:fs/promises';
import { getSystemErrorMap } from 'node:util';
import type { FsMount } from '../oci/mount.js';
import { mount, umount2, MNT_DETACH, MS_RDONLY, SyscallError } from './libc.js';
import { parseMountOptions, MS_BIND, MS_REMOUNT } from './mount-flags.js';

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

/**
 * Mounts `device` on `target` as `mount -t <type> -o <options> <device> <target>` does (Docker's
 * local volume options): flag names become mount(2) flags, the rest the filesystem's data. A
 * read-only bind is remounted read-only (the kernel ignores MS_RDONLY on the first bind call), and
 * propagation is set by a call of its own. No-op when `target` is a mount point already.
 */
export async function mountDevice(device: string, target: string, type: string, options: string): Promise<void> {
  if (await isMounted(target)) return;
  const o = parseMountOptions(options);
  if (Buffer.byteLength(o.data) >= MAX_MOUNT_DATA) throw new Error(`mount options for ${target} are too long (${Buffer.byteLength(o.data)} bytes)`);
  try {
    mount(device, target, type === 'none' ? null : type, o.flags, o.data || null);
  } catch (e) {
    throw new MountError(device, target, o.flags, o.data, e);
  }
  try {
    if (o.flags & MS_BIND && o.flags & MS_RDONLY) mount('', target, null, o.flags | MS_REMOUNT, null);
    if (o.propagation) mount('', target, null, o.propagation, null);
  } catch (e) {
    umount2(target, MNT_DETACH); // never leave a mount that is not the one asked for
    throw e;
  }
}

/** A failed mount(2), worded as moby's mount errors (`mount tmpfs:/x, data: bogus=1: invalid argument`). */
export class MountError extends Error {
  constructor(source: string, target: string, flags: number, data: string, cause: unknown) {
    const errno = cause instanceof SyscallError ? cause.errno : 0;
    const reason = getSystemErrorMap().get(-errno)?.[1] ?? (cause as Error).message;
    const at = source ? `${source}:${target}` : target;
    super(`mount ${at}${flags ? `, flags: 0x${flags.toString(16)}` : ''}${data ? `, data: ${data}` : ''}: ${reason}`, { cause });
  }
}

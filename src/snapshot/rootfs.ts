/**
 * A container's root filesystem: an overlay of the image's layer diff dirs (lowest last in
 * `lowerdir`, as overlayfs wants) under the container's own upper and work dirs:
 *   <containerDir>/upper, <containerDir>/work, <containerDir>/merged
 * Mounting is idempotent (a mounted merged dir is left as it is), so a restarted daemon can call it.
 */
import { mkdir, rm, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mount, umount2, MNT_DETACH } from '../sys/libc.js';

export interface RootfsPaths { upper: string; work: string; merged: string; empty: string }

export function rootfsPaths(containerDir: string): RootfsPaths {
  return {
    upper: join(containerDir, 'upper'),
    work: join(containerDir, 'work'),
    merged: join(containerDir, 'merged'),
    empty: join(containerDir, 'empty'),
  };
}

export async function prepareRootfs(containerDir: string): Promise<RootfsPaths> {
  const p = rootfsPaths(containerDir);
  await Promise.all([p.upper, p.work, p.merged].map((d) => mkdir(d, { recursive: true })));
  return p;
}

/** Whether `path` is a mount point (from /proc/self/mountinfo). */
export async function isMounted(path: string): Promise<boolean> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const escaped = path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return info.split('\n').some((line) => line.split(' ')[4] === escaped);
}

/**
 * Mounts the overlay. `lowerDirs` are the image's layers, base first (the image config order);
 * an image without layers gets an empty lower dir.
 */
export async function mountRootfs(containerDir: string, lowerDirs: string[]): Promise<string> {
  const p = rootfsPaths(containerDir);
  if (await isMounted(p.merged)) return p.merged;
  let lowers = [...lowerDirs].reverse();
  if (lowers.length === 0) {
    await mkdir(p.empty, { recursive: true });
    lowers = [p.empty];
  }
  const data = `lowerdir=${lowers.join(':')},upperdir=${p.upper},workdir=${p.work}`;
  if (Buffer.byteLength(data) >= 4096) throw new Error(`overlay options too long for ${lowers.length} layers`);
  mount('overlay', p.merged, 'overlay', 0, data);
  return p.merged;
}

export async function unmountRootfs(containerDir: string): Promise<void> {
  const merged = rootfsPaths(containerDir).merged;
  while (await isMounted(merged)) umount2(merged, MNT_DETACH);
}

export async function removeRootfs(containerDir: string): Promise<void> {
  await unmountRootfs(containerDir);
  const p = rootfsPaths(containerDir);
  await Promise.all([p.upper, p.work, p.merged, p.empty].map((d) => rm(d, { recursive: true, force: true })));
}

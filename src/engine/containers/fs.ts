/**
 * A container's filesystem as images see it: `export` (a tar of the whole tree) and `changes`
 * (`docker diff`). A running container's mounted rootfs is read in place; a stopped one's snapshot
 * is mounted read-only in a private scratch dir (never its own mount point, so a concurrent start
 * is not disturbed), unmounted when the tar ends.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { treeTar } from '../../archive/tree-tar.js';
import type { TreeNode } from '../../archive/tree-walk.js';
import type { Change } from '../../snapshot/snapshotter.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

/** Mount points the runtime creates in the upper dir; Docker keeps them in its init layer. */
export const RUNTIME_PATHS: ReadonlySet<string> = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/dev', '/proc', '/sys', '/.dockerenv']);

export async function exportContainer(d: ContainerDeps, rec: ContainerRecord): Promise<Readable> {
  const rootfs = d.paths.rootfs(rec.Id);
  if (await d.mounter.isMounted(rootfs)) return treeTar(rootfs);
  const mounts = await d.snapshots.mounts(rec.Id, { readonly: true });
  await mkdir(d.paths.scratch, { recursive: true });
  const dir = await mkdtemp(join(d.paths.scratch, 'export-'));
  try {
    await d.mounter.mountAll(mounts, dir);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const tar = treeTar(dir);
  tar.once('close', () => void d.mounter.unmountAll(dir).catch(() => undefined).then(() => rm(dir, { recursive: true, force: true })));
  return tar;
}

export function containerChanges(d: ContainerDeps, rec: ContainerRecord): Promise<Change[]> {
  return d.snapshots.changes(rec.Id, { skip: RUNTIME_PATHS });
}

/** Leaves the runtime's mount points out of a commit when they are empty placeholders (an `etc` that holds only them too). */
export function isRuntimeMountPoint(node: TreeNode): boolean {
  if (node.rel === 'etc' && node.st.isDirectory()) {
    return readdirSync(node.abs).every((n) => RUNTIME_PATHS.has(`/etc/${n}`) && statSync(join(node.abs, n)).size === 0);
  }
  if (!RUNTIME_PATHS.has(`/${node.rel}`)) return false;
  return node.st.isDirectory() || (node.st.isFile() && node.st.size === 0n);
}

/**
 * Copy-up: an empty volume mounted over image content is filled with it, as Docker does for
 * volumes whose CopyData is set (moby container.CopyImagePathContent, copyExistingContents):
 * the tree with owners, modes, times, xattrs, symlinks and hardlinks (a tar of it applied by
 * archive/, in a worker thread), then the owner and mode of the image's directory given to the
 * volume's root. A volume with anything in it is left alone.
 *
 * The tree is applied into a fresh directory inside the volume and moved up entry by entry, so a
 * failed copy leaves the volume empty, and a volume that is a mount point (tmpfs) works too.
 */
import { chmod, chown, lstat, readdir, rename, rmdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { applyLayer } from '../archive/apply.js';
import { treeTar } from '../archive/tree-tar.js';

/** Whether `dir` holds nothing. */
async function isEmpty(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}

/**
 * Copies the tree at `source` (a directory of the container's mounted rootfs, already resolved
 * inside it) into the empty volume directory `volume`. Returns false when nothing was done (the
 * volume was not empty, or `source` is not a directory).
 */
export async function copyUp(source: string, volume: string, signal?: AbortSignal): Promise<boolean> {
  const st = await lstat(source).catch(() => undefined);
  if (!st?.isDirectory() || !(await isEmpty(volume))) return false;
  const staging = await mkdtemp(join(volume, '.wharf-copy-up-'));
  await applyLayer(treeTar(source, signal ? { signal } : {}), staging, signal ? { signal } : {}); // removes staging on failure
  for (const name of await readdir(staging)) await rename(join(staging, name), join(volume, name));
  await rmdir(staging);
  await chown(volume, st.uid, st.gid);
  await chmod(volume, st.mode & 0o7777);
  return true;
}

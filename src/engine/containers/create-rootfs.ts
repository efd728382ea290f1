/**
 * The parts of create that look at the image's filesystem, as Docker's create does: the image
 * looked up by the reference Docker names in its error, and the working directory made in the
 * container's root filesystem (mounted for the moment), so `diff` shows it before any start, and
 * its empty volumes filled from the image there (copy-up happens at create in Docker).
 */
import { mkdir } from 'node:fs/promises';
import type { FsMount } from '../../oci/mount.js';
import { ensureWorkingDir } from '../../runtime/spec/in-root.js';
import { familiarString, parseNormalizedNamed } from '../../reference/reference.js';
import { NotFoundError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';
import { needsCopyUp, populateVolumes } from './mounts.js';

/** Docker's create names the tagged reference: "No such image: busybox:latest". */
function taggedReference(ref: string): string {
  try {
    const r = parseNormalizedNamed(ref);
    return familiarString(r.tag || r.digest ? r : { ...r, tag: 'latest' });
  } catch {
    return ref;
  }
}

/** The image of a create, NOT_FOUND with Docker's create message. */
export async function resolveImageForCreate(d: ContainerDeps, ref: string): ReturnType<ContainerDeps['images']['resolveWithConfig']> {
  try {
    return await d.images.resolveWithConfig(ref);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`No such image: ${taggedReference(ref)}`, { cause: e });
    throw e;
  }
}

/**
 * With the new container's rootfs mounted for the moment, as Docker's create: the working
 * directory made (none or `/`: nothing to make), then the volumes that copy-up fills (mounts.ts).
 * Nothing is mounted when neither is needed.
 */
export async function prepareRootfs(d: ContainerDeps, rec: ContainerRecord, mounts: readonly FsMount[]): Promise<void> {
  const dir = rec.Config.WorkingDir;
  const makeDir = Boolean(dir) && dir !== '/';
  if (!makeDir && !needsCopyUp(rec)) return;
  const rootfs = d.paths.rootfs(rec.Id);
  await d.mutex.run(rec.Id, async () => {
    await mkdir(rootfs, { recursive: true });
    await d.mounter.mountAll(mounts, rootfs);
    try {
      if (makeDir) await ensureWorkingDir(rootfs, dir!);
      await populateVolumes(d, rec, rootfs);
    } finally {
      await d.mounter.unmountAll(rootfs);
    }
  });
}

/**
 * A container's mount points through its life (volume/ does the parsing and the mount logic):
 * resolved at create (volume/resolve.ts) and the empty volumes filled from the image there
 * (copy-up, as Docker's create does), volumes mounted through the provider at start, unmounted at
 * teardown, anonymous ones released with `rm -v` and `--rm`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { CreateRequest } from '../engine.js';
import type { MountPoint, MountSpec } from '../../volume/mount-point.js';
import { releaseAll, resolveMounts } from '../../volume/resolve.js';
import { checkPropagation } from '../../volume/propagation.js';
import { rootPropagation, runtimeMounts } from '../../volume/runtime-mounts.js';
import { copyUp } from '../../volume/copy-up.js';
import type { RuntimeMount } from '../../oci/runtime-spec.js';
import { resolveInRoot } from '../../runtime/spec/in-root.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

/** The mount points of a new container (Config.Volumes: the image's and the user's, merged). */
export function createMountPoints(d: ContainerDeps, req: CreateRequest, volumes: Record<string, unknown> | null | undefined): Promise<MountPoint[]> {
  const h = req.hostConfig;
  return resolveMounts(
    { Binds: h.Binds, Mounts: h['Mounts'] as MountSpec[] | null | undefined, Tmpfs: h.Tmpfs, VolumesFrom: h.VolumesFrom, VolumeDriver: h['VolumeDriver'] as string | undefined, Volumes: volumes },
    { container: (ref) => d.store.find(ref), ...(d.volumes ? { volumes: d.volumes } : {}) },
  );
}

const volumesOf = (rec: Pick<ContainerRecord, 'MountPoints'>): MountPoint[] => (rec.MountPoints ?? []).filter((m) => m.Type === 'volume');

/** Releases the anonymous volumes of a removed (or never made) container; named ones stay. */
export async function releaseAnonymous(d: ContainerDeps, rec: Pick<ContainerRecord, 'MountPoints'>): Promise<void> {
  await releaseAll(d.volumes, volumesOf(rec).filter((m) => m.Anonymous).map((m) => ({ Name: m.Name ?? '' })));
}

/** What start gives the spec: the runtime mounts, and the root propagation they need. */
export interface RunMounts { mounts: RuntimeMount[]; rootfsPropagation?: string }

/** Whether a volume of the new container is to be filled from the image. */
export const needsCopyUp = (rec: Pick<ContainerRecord, 'MountPoints'>): boolean => volumesOf(rec).some((m) => m.CopyData);

/**
 * Copy-up at create (moby populateVolumes), the rootfs mounted at `rootfs`: each volume that
 * copies is mounted for the moment, filled if empty (copy-up.ts), unmounted, and copies no more.
 * (A tmpfs-backed volume thus starts empty, as under Docker: what was copied went with its mount.)
 */
export async function populateVolumes(d: ContainerDeps, rec: ContainerRecord, rootfs: string): Promise<void> {
  const copying = volumesOf(rec).filter((v) => v.CopyData);
  if (copying.length === 0) return;
  for (const m of copying) {
    const path = await volumeProvider(d).mount(m.Name ?? '', rec.Id);
    try {
      await copyUp(await resolveInRoot(rootfs, m.Destination), path);
    } finally {
      await volumeProvider(d).unmount(m.Name ?? '', rec.Id);
    }
    m.CopyData = false;
  }
  await d.store.save(rec);
}

/**
 * Readies each mount for a run of `rec`: a missing `-v` host dir made (0755, as Docker),
 * propagation checked, each volume mounted through the provider (a `mount` event).
 */
export async function prepareRunMounts(d: ContainerDeps, rec: ContainerRecord): Promise<RunMounts> {
  const points = rec.MountPoints ?? [];
  for (const m of points) {
    // -v makes a missing host dir, --mount only with CreateMountpoint (API 1.44).
    const create = !m.Spec || m.Spec.BindOptions?.CreateMountpoint;
    if (m.Type === 'bind' && create && !existsSync(m.Source)) await mkdir(m.Source, { recursive: true, mode: 0o755 });
  }
  checkPropagation(points);
  const paths = new Map<string, string>();
  for (const m of volumesOf(rec)) {
    const path = await volumeProvider(d).mount(m.Name ?? '', rec.Id, { destination: m.Destination, rw: m.RW, propagation: m.Propagation });
    paths.set(m.Destination, path);
  }
  const prop = rootPropagation(points);
  return { mounts: runtimeMounts(points, rec.HostConfig.Tmpfs, paths), ...(prop ? { rootfsPropagation: prop } : {}) };
}

function volumeProvider(d: ContainerDeps): NonNullable<ContainerDeps['volumes']> {
  if (!d.volumes) throw new Error('volumes are not available in this daemon');
  return d.volumes;
}

/**
 * After a daemon restart, the volume mounts of a container that had a process are the provider's
 * again (it counts holders in memory): re-taken before any exit is handled, so the teardown of an
 * exit that happened meanwhile, or a later one, unmounts what the driver mounted for it.
 */
export async function retakeVolumes(d: ContainerDeps, rec: ContainerRecord): Promise<void> {
  if (!d.volumes) return;
  for (const m of volumesOf(rec)) await d.volumes.mount(m.Name ?? '', rec.Id).catch(() => undefined);
}

/** Unmounts the container's volumes (teardown: every one tried, whatever fails). */
export async function unmountVolumes(d: ContainerDeps, rec: Pick<ContainerRecord, 'Id' | 'MountPoints'> | undefined): Promise<void> {
  if (!rec || !d.volumes) return;
  await Promise.all(volumesOf(rec).map((m) => d.volumes!.unmount(m.Name ?? '', rec.Id).catch(() => undefined)));
}

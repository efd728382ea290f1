/**
 * A container's mount points through its life (volume/ does the parsing and the mount logic):
 * resolved at create (volume/resolve.ts), volumes mounted through the provider and filled from the
 * image at start (copy-up), unmounted at teardown, anonymous ones released with `rm -v` and `--rm`.
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

/**
 * Readies each mount for a run of `rec` whose rootfs is mounted at `rootfs`: a missing `-v` host
 * dir made (0755, as Docker), propagation checked, each volume mounted and, on its first run,
 * filled from the image (unless nocopy). CopyData is cleared after, as Docker copies only once.
 */
export async function prepareRunMounts(d: ContainerDeps, rec: ContainerRecord, rootfs: string): Promise<RunMounts> {
  const points = rec.MountPoints ?? [];
  for (const m of points) {
    if (m.Type === 'bind' && !m.Spec && !existsSync(m.Source)) await mkdir(m.Source, { recursive: true, mode: 0o755 });
  }
  checkPropagation(points);
  const paths = new Map<string, string>();
  for (const m of volumesOf(rec)) {
    const name = m.Name ?? '';
    const path = await volumeProvider(d).mount(name, rec.Id, { destination: m.Destination, rw: m.RW, propagation: m.Propagation });
    paths.set(name, path);
    if (m.CopyData) {
      await copyUp(await resolveInRoot(rootfs, m.Destination), path);
      m.CopyData = false;
    }
  }
  const prop = rootPropagation(points);
  return { mounts: runtimeMounts(points, rec.HostConfig.Tmpfs, paths), ...(prop ? { rootfsPropagation: prop } : {}) };
}

function volumeProvider(d: ContainerDeps): NonNullable<ContainerDeps['volumes']> {
  if (!d.volumes) throw new Error('volumes are not available in this daemon');
  return d.volumes;
}

/** Unmounts the container's volumes (teardown: every one tried, whatever fails). */
export async function unmountVolumes(d: ContainerDeps, rec: Pick<ContainerRecord, 'Id' | 'MountPoints'> | undefined): Promise<void> {
  if (!rec || !d.volumes) return;
  await Promise.all(volumesOf(rec).map((m) => d.volumes!.unmount(m.Name ?? '', rec.Id).catch(() => undefined)));
}

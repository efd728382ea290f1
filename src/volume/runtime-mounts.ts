/**
 * A container's mount points as OCI runtime mounts, as moby's setMounts writes them: binds and
 * volumes are `bind` mounts (`rbind`, or `bind` for bind-nonrecursive; `ro` when read-only; the
 * bind's propagation), tmpfs mounts carry Docker's defaults and the user's options (tmpfs.ts).
 * Sorted parents first (moby sortMounts: by the number of path components, stable), so a mount
 * inside another lands on top of it, not under it.
 */
import type { RuntimeMount } from '../oci/runtime-spec.js';
import type { MountPoint } from './mount-point.js';
import { tmpfsData, tmpfsOptions } from './tmpfs.js';

/** What each volume mount point binds: the host path its provider mounted (by destination). */
export type VolumePaths = ReadonlyMap<string, string>;

function bindMount(m: MountPoint, source: string): RuntimeMount {
  const options = [m.NonRecursive ? 'bind' : 'rbind'];
  // A read-only bind is read-only on its top mount only (as Docker 20.10 makes it), unless asked for all.
  if (!m.RW) options.push(m.ReadOnlyRecursive ? 'rro' : 'ro');
  if (m.Propagation) options.push(m.Propagation);
  return { destination: m.Destination, type: 'bind', source, options };
}

const tmpfsMount = (destination: string, data: string): RuntimeMount => ({ destination, type: 'tmpfs', source: 'tmpfs', options: tmpfsOptions(data) });

function runtimeMount(m: MountPoint, paths: VolumePaths): RuntimeMount {
  if (m.Type === 'tmpfs') return tmpfsMount(m.Destination, tmpfsData(m.Tmpfs, !m.RW, m.Spec?.TmpfsOptions?.Options));
  return bindMount(m, m.Type === 'volume' ? paths.get(m.Destination) ?? m.Source : m.Source);
}

const depth = (dest: string): number => dest.split('/').filter(Boolean).length;

/** The runtime mounts of `points` and of HostConfig.Tmpfs, parents first. */
export function runtimeMounts(points: readonly MountPoint[], tmpfs: Record<string, string> | null | undefined, paths: VolumePaths): RuntimeMount[] {
  const all = [
    ...points.map((m) => runtimeMount(m, paths)),
    ...Object.entries(tmpfs ?? {}).map(([dest, data]) => tmpfsMount(dest, data)),
  ];
  return all.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i).map(({ m }) => m);
}

/**
 * The root propagation the binds need (moby): `shared` for a shared bind, `rslave` for a slave one
 * (a private root would cut the bind's propagation); undefined when none asks.
 */
export function rootPropagation(points: readonly MountPoint[]): string | undefined {
  const props = points.filter((m) => m.Type === 'bind').map((m) => m.Propagation);
  if (props.some((p) => p === 'shared' || p === 'rshared')) return 'shared';
  if (props.some((p) => p === 'slave' || p === 'rslave')) return 'rslave';
  return undefined;
}

/**
 * A container's mount points, resolved at create in Docker's order and precedence (moby
 * daemon/volumes.go registerMountPoints, create_unix.go): the mounts of `--volumes-from` donors
 * first, then Binds (`-v`), then Mounts (`--mount`), a later one replacing a donor's at the same
 * destination; then Config.Volumes (the image's VOLUME, `-v /path`) as anonymous volumes where
 * nothing else is mounted. Two binds or mounts on one destination, or a bind where a --tmpfs is,
 * are `Duplicate mount point`.
 *
 * Everything is parsed and checked before any volume is acquired, volume names and drivers too
 * (as the local driver checks them); a failure after that releases the anonymous volumes acquired
 * so far, so a failed create leaves nothing behind. (A named volume it made stays, as
 * `docker volume create` would have left it; with the checks up front only a driver failure can
 * get there.)
 */
import type { MountPoint, MountSpec } from './mount-point.js';
import type { Volume, VolumeProvider } from './volume.js';
import { InvalidMountError, duplicateMountPoint } from './mount-errors.js';
import { parseBind } from './bind-spec.js';
import { cleanPath, mountPointOf } from './mount-spec.js';
import { inherited, parseVolumesFrom } from './volumes-from.js';
import { validateTmpfsDestinations } from './tmpfs.js';
import { randomVolumeName, validateVolumeName } from './names.js';
import { NoSuchVolumeDriverError } from './errors.js';

/** What a create asks for, as HostConfig and Config carry it. */
export interface MountRequest {
  Binds?: string[] | null;
  Mounts?: MountSpec[] | null;
  Tmpfs?: Record<string, string> | null;
  VolumesFrom?: string[] | null;
  VolumeDriver?: string;
  /** Config.Volumes after the image's are merged in. */
  Volumes?: Record<string, unknown> | null;
}

export interface ResolveDeps {
  /** A donor of --volumes-from by name or ID (undefined: none such). */
  container(idOrName: string): { MountPoints?: MountPoint[] } | undefined;
  /** Absent: a create that needs a volume fails (no volume service wired). */
  volumes?: VolumeProvider;
}

/** The mount points without acquiring anything: throws Docker's message for the first bad one. */
export function planMounts(req: MountRequest, d: Pick<ResolveDeps, 'container'>): MountPoint[] {
  validateTmpfsDestinations(req.Tmpfs);
  const byDest = new Map<string, MountPoint>();
  for (const spec of req.VolumesFrom ?? []) {
    const { container, mode } = parseVolumesFrom(spec);
    const donor = d.container(container);
    if (!donor) throw new InvalidMountError(`No such container: ${container}`);
    for (const m of donor.MountPoints ?? []) byDest.set(m.Destination, inherited(m, mode));
  }
  const taken = new Set<string>();
  const claim = (m: MountPoint, dest: string): void => {
    if (taken.has(m.Destination)) throw duplicateMountPoint(dest);
    taken.add(m.Destination);
    byDest.delete(m.Destination); // a donor's mount there gives way
    byDest.set(m.Destination, m);
  };
  for (const raw of req.Binds ?? []) {
    const m = parseBind(raw, req.VolumeDriver ?? '');
    if (Object.hasOwn(req.Tmpfs ?? {}, m.Destination)) throw duplicateMountPoint(m.Destination);
    claim(m, m.Destination);
  }
  for (const spec of req.Mounts ?? []) claim(mountPointOf(spec, { bindSourceMustExist: true, keepSpec: true }), spec.Target ?? '');
  for (const v of Object.keys(req.Volumes ?? {})) {
    const dest = cleanPath(v);
    if (byDest.has(dest) || Object.hasOwn(req.Tmpfs ?? {}, dest)) continue;
    byDest.set(dest, anonymousVolume(dest, req.VolumeDriver));
  }
  const out = [...byDest.values()];
  for (const m of out) if (needsVolume(m)) checkVolume(m);
  return out;
}

/** The local driver's checks of a volume to be acquired: its name, and that its driver is `local`. */
function checkVolume(m: MountPoint): void {
  if (m.Name) validateVolumeName(m.Name);
  if (m.Driver && m.Driver !== 'local') throw new NoSuchVolumeDriverError('create', m.Name || randomVolumeName(), m.Driver);
}

/** The anonymous volumes of Config.Volumes (moby gives them no "z" mode). */
const CONFIG_VOLUMES = new WeakSet<MountPoint>();

function anonymousVolume(dest: string, driver: string | undefined): MountPoint {
  const m: MountPoint = { Type: 'volume', Destination: dest, Source: '', Name: '', Mode: '', RW: true, Propagation: '', CopyData: true, Anonymous: true, ...(driver ? { Driver: driver } : {}) };
  CONFIG_VOLUMES.add(m);
  return m;
}

/** Whether the mount point is a volume this create must acquire (a donor's is already there). */
const needsVolume = (m: MountPoint): boolean => m.Type === 'volume' && m.Source === '';

/**
 * planMounts, then each volume acquired (created when missing) with its Source, Name and Driver
 * filled in. On failure the volumes acquired here are released before the error is rethrown.
 */
export async function resolveMounts(req: MountRequest, d: ResolveDeps): Promise<MountPoint[]> {
  const planned = planMounts(req, d);
  const acquired: Volume[] = [];
  try {
    const out: MountPoint[] = [];
    for (const m of planned) out.push(needsVolume(m) ? withVolume(m, await acquire(d, m, acquired)) : m);
    return out;
  } catch (e) {
    await releaseAll(d.volumes, acquired.filter((_, i) => planned.filter(needsVolume)[i]?.Anonymous));
    throw e;
  }
}

async function acquire(d: ResolveDeps, m: MountPoint, acquired: Volume[]): Promise<Volume> {
  if (!d.volumes) throw new InvalidMountError(`volumes are not available: cannot mount a volume at ${m.Destination}`);
  const o = m.Spec?.VolumeOptions;
  const v = await d.volumes.acquire({
    ...(m.Name ? { Name: m.Name } : {}), ...(m.Driver ? { Driver: m.Driver } : {}),
    ...(o?.DriverConfig?.Options ? { DriverOpts: o.DriverConfig.Options } : {}), ...(o?.Labels ? { Labels: o.Labels } : {}),
    anonymous: Boolean(m.Anonymous),
  });
  acquired.push(v);
  return v;
}

/**
 * The mount point of an acquired volume. moby's setBindModeIfNull: a `-v name:/x` or `--mount`
 * volume of the local driver shows Mode "z" when it has none (an image VOLUME keeps "").
 */
function withVolume(m: MountPoint, v: Volume): MountPoint {
  const mode = m.Mode === '' && v.Driver === 'local' && !CONFIG_VOLUMES.has(m) ? 'z' : m.Mode;
  return { ...m, Name: v.Name, Driver: v.Driver, Source: v.Mountpoint, Mode: mode };
}

/**
 * Releases volumes of a container that is gone or never made: the provider removes each one no
 * other container uses, so pass only anonymous ones (errors of the release are not the caller's).
 */
export async function releaseAll(provider: VolumeProvider | undefined, volumes: readonly Pick<Volume, 'Name'>[]): Promise<void> {
  for (const v of volumes) await provider?.release(v.Name).catch(() => undefined);
}

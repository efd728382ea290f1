/**
 * Host devices given to a container (`--device host[:container][:perms]`): each becomes a device
 * node in the spec's `linux.devices` and an allow rule in the devices cgroup, as Docker's
 * getDevicesFromPath makes them. A symlink is followed; a directory gives every device below it
 * (at the same relative path under the container path); anything else is refused with Docker's
 * message. Read at start, so the host's devices are looked at when the container runs.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RuntimeSpec } from '../../oci/runtime-spec.js';

/** One `HostConfig.Devices` entry, as the API sends it. */
export interface DeviceMapping { PathOnHost: string; PathInContainer?: string; CgroupPermissions?: string }

export type SpecDevice = NonNullable<RuntimeSpec['linux']['devices']>[number];
export type DeviceRule = NonNullable<NonNullable<RuntimeSpec['linux']['resources']>['devices']>[number];

/** The device nodes to create and the cgroup rules that let the container use them. */
export interface ResolvedDevices { devices: SpecDevice[]; rules: DeviceRule[] }

/** Thrown for a device that cannot be given; the message is Docker's. */
export class DeviceError extends Error {
  readonly code = 'DEVICE';
}

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

/** Linux's major/minor split of a dev_t (glibc's gnu_dev_major/minor). */
export function majorMinor(rdev: bigint): { major: number; minor: number } {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

/** The device at `hostPath` (not followed), or undefined when it is not a device node. */
async function deviceAt(hostPath: string, containerPath: string): Promise<SpecDevice | undefined> {
  const st = await lstat(hostPath, { bigint: true });
  const kind = Number(st.mode) & S_IFMT;
  if (kind !== S_IFCHR && kind !== S_IFBLK) return undefined;
  return {
    path: containerPath, type: kind === S_IFCHR ? 'c' : 'b', ...majorMinor(st.rdev),
    fileMode: Number(st.mode) & 0o7777, uid: Number(st.uid), gid: Number(st.gid),
  };
}

/** Every device node under `dir`, mapped below `containerDir`. */
async function devicesUnder(dir: string, containerDir: string): Promise<SpecDevice[]> {
  const out: SpecDevice[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isCharacterDevice() && !entry.isBlockDevice()) continue;
    const host = join(entry.parentPath ?? entry.path, entry.name);
    const dev = await deviceAt(host, join(containerDir, relative(dir, host)));
    if (dev) out.push(dev);
  }
  return out;
}

async function resolveOne(m: DeviceMapping): Promise<SpecDevice[]> {
  const fail = (why: string): DeviceError =>
    new DeviceError(`error gathering device information while adding custom device ${JSON.stringify(m.PathOnHost)}: ${why}`);
  const containerPath = m.PathInContainer || m.PathOnHost;
  let host: string;
  try {
    host = await realpath(m.PathOnHost);
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message);
  }
  const dev = await deviceAt(host, containerPath);
  if (dev) return [dev];
  if ((await stat(host)).isDirectory()) return devicesUnder(host, containerPath);
  throw fail('not a device node');
}

/** What containerd's HostDevices leaves out of /dev for a privileged container. */
const NOT_HOST_DEVICES = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', 'console']);

/** Every device node of the host's /dev (what a privileged container gets, as in Docker). */
export async function hostDevices(dev = '/dev'): Promise<SpecDevice[]> {
  const out: SpecDevice[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (NOT_HOST_DEVICES.has(e.name)) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isCharacterDevice() || e.isBlockDevice()) {
        const d = await deviceAt(path, path).catch(() => undefined);
        if (d) out.push(d);
      }
    }
  };
  await walk(dev);
  return out;
}

/**
 * Resolves the requested devices on the host; throws DeviceError with Docker's message. A
 * privileged container gets every host device too, and the devices cgroup allows all.
 */
export async function resolveDevices(mappings: readonly DeviceMapping[] | null | undefined, o: { privileged?: boolean } = {}): Promise<ResolvedDevices> {
  const out: ResolvedDevices = { devices: [], rules: [] };
  if (o.privileged) {
    out.devices.push(...await hostDevices());
    out.rules.push({ allow: true, access: 'rwm' });
  }
  for (const m of mappings ?? []) {
    for (const d of await resolveOne(m)) {
      const i = out.devices.findIndex((x) => x.path === d.path);
      if (i >= 0) out.devices.splice(i, 1); // a --device on a privileged container replaces the host's node
      out.devices.push(d);
      out.rules.push({ allow: true, type: d.type, major: d.major, minor: d.minor, access: m.CgroupPermissions || 'rwm' });
    }
  }
  return out;
}

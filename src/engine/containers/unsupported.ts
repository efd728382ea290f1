/**
 * Nothing silently ignored: a create that asks for what Wharf does not do yet fails with a clear
 * error, until the issue that implements it lands. Each row names the field, says when a value
 * asks for something (the docker CLI sends every field, zero-valued), and what to tell the user.
 */
import type { ContainerConfig, HostConfig } from './record.js';
import type { CreateRequest } from '../engine.js';
import { NotImplementedError } from '../errors.js';

type Asks = (v: unknown) => boolean;

const nonEmpty: Asks = (v) => (Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));
const notIn = (...ok: unknown[]): Asks => (v) => v !== undefined && v !== null && !ok.includes(v);

interface Row { field: string; asks: Asks; what: string }

const HOST_CONFIG: Row[] = [
  // No userns-remap: `host` is the default (no user namespace); other modes would need a remapped daemon.
  { field: 'UsernsMode', asks: notIn('', 'host'), what: 'user namespaces (--userns)' },
  { field: 'Cgroup', asks: nonEmpty, what: '--cgroup' },
  // Clients of API < 1.42 only (the route drops it after, as moby does). runc 1.1 leaves the kmem limit unset.
  { field: 'KernelMemory', asks: nonEmpty, what: 'kernel memory limits (--kernel-memory)' },
  { field: 'DeviceRequests', asks: nonEmpty, what: 'device requests (--gpus)' },
  { field: 'Isolation', asks: notIn('', 'default'), what: 'isolation modes (--isolation)' },
];

const CONFIG: Row[] = [];

/** Throws NOT_IMPLEMENTED for the first field that asks for what Wharf does not do yet. */
export function refuseUnsupported(req: CreateRequest): void {
  check(HOST_CONFIG, req.hostConfig, 'HostConfig');
  check(CONFIG, req.config, 'Config');
  for (const opt of req.hostConfig.SecurityOpt ?? []) {
    // The options themselves are checked first (security-opts.ts); AppArmor profiles are not applied.
    if (/^apparmor[=:]/.test(opt) && !/^apparmor[=:]unconfined$/.test(opt)) {
      throw new NotImplementedError(`--security-opt ${opt} is not supported by Wharf yet`);
    }
  }
  // Endpoint requests (driver options, IPv6 addresses, links on user networks): engine/networks/endpoint-config.ts.
  // A bind of a path inside a volume needs a race-free resolution (openat2, a mount from an fd): a
  // container holding the volume could swap a component for a symlink to the host between a check and runc's mount.
  const mounts = (req.hostConfig['Mounts'] ?? []) as Array<{ VolumeOptions?: { Subpath?: string } | null }>;
  if (Array.isArray(mounts) && mounts.some((m) => m?.VolumeOptions?.Subpath)) {
    throw new NotImplementedError('volume subpaths (--mount volume-subpath, HostConfig.Mounts VolumeOptions.Subpath) are not supported by Wharf yet');
  }
}

function check(rows: Row[], obj: HostConfig | ContainerConfig, where: string): void {
  const o = obj as Record<string, unknown>;
  for (const r of rows) {
    if (r.asks(o[r.field])) throw new NotImplementedError(`${r.what} (${where}.${r.field}) is not supported by Wharf yet`);
  }
}

/**
 * Resource limits (`-m`, `--memory-swap`, `--cpus`, `--cpu-shares`, `--cpu-quota`, `--cpuset-*`,
 * `--cpu-rt-period`, `--cpu-rt-runtime`, `--pids-limit`, `--blkio-weight`, `--oom-kill-disable`) as OCI `linux.resources`; runc writes them to the cgroups.
 * Docker's rule for swap: with `-m` and no `--memory-swap`, memory+swap is twice the memory.
 */
import type { RuntimeSpec } from '../../oci/runtime-spec.js';
import type { DeviceRule } from './devices.js';

export interface ResourceRequest {
  Memory?: number; MemorySwap?: number; MemoryReservation?: number; NanoCpus?: number; CpuShares?: number;
  CpuQuota?: number; CpuPeriod?: number; CpusetCpus?: string; CpusetMems?: string; PidsLimit?: number | null;
  BlkioWeight?: number; OomKillDisable?: boolean | null; CpuRealtimePeriod?: number; CpuRealtimeRuntime?: number;
}

type Resources = NonNullable<RuntimeSpec['linux']['resources']>;

const CFS_PERIOD = 100_000;

function memory(r: ResourceRequest): Resources['memory'] | undefined {
  const limit = r.Memory ?? 0;
  if (limit <= 0 && !r.MemoryReservation && !r.OomKillDisable) return undefined;
  const swap = r.MemorySwap === -1 ? -1 : r.MemorySwap && r.MemorySwap > 0 ? r.MemorySwap : limit > 0 ? 2 * limit : undefined;
  return {
    ...(limit > 0 ? { limit } : {}),
    ...(swap !== undefined ? { swap } : {}),
    ...(r.MemoryReservation ? { reservation: r.MemoryReservation } : {}),
    // runc writes memory.oom_control (cgroup v1; v2 has no such switch, create already warned).
    ...(r.OomKillDisable ? { disableOOMKiller: true } : {}),
  };
}

function cpu(r: ResourceRequest): Resources['cpu'] | undefined {
  const out: NonNullable<Resources['cpu']> = {};
  if (r.NanoCpus && r.NanoCpus > 0) {
    out.period = CFS_PERIOD;
    out.quota = Math.round((r.NanoCpus * CFS_PERIOD) / 1e9);
  }
  if (r.CpuQuota) out.quota = r.CpuQuota;
  if (r.CpuPeriod) out.period = r.CpuPeriod;
  if (r.CpuShares) out.shares = r.CpuShares;
  // Written to cpu.rt_*_us as given, as moby does: runc fails the start when the parent cgroup has no real-time budget.
  if (r.CpuRealtimePeriod) out.realtimePeriod = r.CpuRealtimePeriod;
  if (r.CpuRealtimeRuntime) out.realtimeRuntime = r.CpuRealtimeRuntime;
  if (r.CpusetCpus) out.cpus = r.CpusetCpus;
  if (r.CpusetMems) out.mems = r.CpusetMems;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The `linux.resources` for a container. Device rules: deny all but runc's defaults, then allow
 * the devices given with `--device` (`allowed`).
 */
export function resourcesFor(r: ResourceRequest, allowed: DeviceRule[] = []): Resources {
  const mem = memory(r);
  const c = cpu(r);
  return {
    devices: [{ allow: false, access: 'rwm' }, ...allowed],
    ...(mem ? { memory: mem } : {}),
    ...(c ? { cpu: c } : {}),
    ...(r.PidsLimit && r.PidsLimit > 0 ? { pids: { limit: r.PidsLimit } } : {}),
    ...(r.BlkioWeight ? { blockIO: { weight: r.BlkioWeight } } : {}),
  };
}

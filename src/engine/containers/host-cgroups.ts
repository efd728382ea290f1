/**
 * What the host's cgroups can do, as resource checks need it (moby pkg/sysinfo): the CPUs and
 * memory nodes a cpuset may name, and whether block I/O weights exist (they need the BFQ or CFQ
 * scheduler; many hosts have neither). Read once, for cgroup v1 (one mount per controller) and v2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CgroupSupport {
  /** cpuset list of the CPUs available, e.g. `0-1`. */
  cpus: string;
  /** cpuset list of the memory nodes available, e.g. `0`. */
  mems: string;
  blkioWeight: boolean;
  /** Per-device weights (`--blkio-weight-device`): blkio.weight_device, with CFQ or BFQ. */
  blkioWeightDevice?: boolean;
  /** The CPU real-time scheduler's cgroup files (cpu.rt_runtime_us, cgroup v1 only). */
  cpuRealtime?: boolean;
  /** memory.oom_control (`--oom-kill-disable`: cgroup v1 only). */
  oomKillDisable?: boolean;
}

const ROOT = '/sys/fs/cgroup';

function read(path: string): string {
  try { return readFileSync(path, 'utf8').trim(); } catch { return ''; }
}

function readSupport(root: string): CgroupSupport {
  if (existsSync(join(root, 'cgroup.controllers'))) {
    return {
      cpus: read(join(root, 'cpuset.cpus.effective')),
      mems: read(join(root, 'cpuset.mems.effective')),
      blkioWeight: read(join(root, 'cgroup.controllers')).split(/\s+/).includes('io'),
      blkioWeightDevice: read(join(root, 'cgroup.controllers')).split(/\s+/).includes('io'),
    };
  }
  const blkio = join(root, 'blkio');
  return {
    cpus: read(join(root, 'cpuset', 'cpuset.cpus')),
    mems: read(join(root, 'cpuset', 'cpuset.mems')),
    blkioWeight: existsSync(join(blkio, 'blkio.weight')) || existsSync(join(blkio, 'blkio.bfq.weight')),
    blkioWeightDevice: existsSync(join(blkio, 'blkio.weight_device')) || existsSync(join(blkio, 'blkio.bfq.weight_device')),
    cpuRealtime: existsSync(join(root, 'cpu', 'cpu.rt_runtime_us')),
    oomKillDisable: existsSync(join(root, 'memory', 'memory.oom_control')),
  };
}

let cached: CgroupSupport | undefined;

/** The host's cgroup support (read on first use). */
export function cgroupSupport(): CgroupSupport {
  return (cached ??= readSupport(ROOT));
}

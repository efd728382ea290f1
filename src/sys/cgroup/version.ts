/** Which cgroup hierarchy a host runs: v2 when /sys/fs/cgroup is a cgroup2 mount (unified), else v1. */
import { statfsSync } from 'node:fs';

export type CgroupVersion = 1 | 2;

/** The default mount point of the cgroup hierarchies. */
export const CGROUP_ROOT = '/sys/fs/cgroup';

const CGROUP2_SUPER_MAGIC = 0x63677270;

/** The host's cgroup version, from the filesystem type of `root`. */
export function cgroupVersion(root = CGROUP_ROOT): CgroupVersion {
  try {
    return Number(statfsSync(root).type) === CGROUP2_SUPER_MAGIC ? 2 : 1;
  } catch {
    return 1;
  }
}

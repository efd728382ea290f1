/**
 * Facts about the host that `info` reports, read from the host rather than assumed: the filesystem
 * under the data-root (Docker's "Backing Filesystem"), the cgroup version and which controllers the
 * kernel offers, forwarding and bridge-netfilter settings. Read once, at daemon start.
 */
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupVersion as hostCgroupVersion } from '../../sys/cgroup/version.js';

/** statfs f_type → Docker's name (moby pkg/fsutils / graphdriver FsNames). */
const FS_NAMES: Record<number, string> = {
  0xef53: 'extfs', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs',
  0x6969: 'nfs', 0x2fc12fc1: 'zfs', 0x65735546: 'fuse', 0x5346544e: 'ntfs', 0x73717368: 'squashfs', 0x858458f6: 'ramfs',
};
/** Filesystems that fill in d_type (overlayfs needs it). */
const D_TYPE = new Set(['extfs', 'xfs', 'btrfs', 'tmpfs', 'zfs']);

export interface HostFacts {
  backingFs: string;
  supportsDType: boolean;
  cgroupVersion: '1' | '2';
  cgroupDriver: 'cgroupfs';
  memoryLimit: boolean;
  swapLimit: boolean;
  cpuCfs: boolean;
  cpuShares: boolean;
  cpuSet: boolean;
  pidsLimit: boolean;
  ipv4Forwarding: boolean;
  bridgeNfIptables: boolean;
  bridgeNfIp6tables: boolean;
}

function fsType(path: string): number | undefined {
  try { return Number(statfsSync(path).type); } catch { return undefined; }
}

function readFlag(path: string): boolean {
  try { return readFileSync(path, 'utf8').trim() === '1'; } catch { return false; }
}

/** Which cgroup controllers the host offers, for v1 (one mount per controller) and v2 (cgroup.controllers). */
function controllers(version: '1' | '2'): (name: string, file?: string) => boolean {
  const root = '/sys/fs/cgroup';
  if (version === '2') {
    const list = (() => { try { return readFileSync(join(root, 'cgroup.controllers'), 'utf8').split(/\s+/); } catch { return []; } })();
    return (name) => list.includes(name);
  }
  return (name, file) => existsSync(join(root, name, file ?? ''));
}

export function readHostFacts(dataRoot: string): HostFacts {
  const backingFs = FS_NAMES[fsType(dataRoot) ?? -1] ?? 'unknown';
  const cgroupVersion = hostCgroupVersion() === 2 ? '2' : '1';
  const has = controllers(cgroupVersion);
  return {
    backingFs,
    supportsDType: D_TYPE.has(backingFs),
    cgroupVersion,
    cgroupDriver: 'cgroupfs',
    memoryLimit: has('memory'),
    swapLimit: cgroupVersion === '2' ? has('memory') : has('memory', 'memory.memsw.limit_in_bytes'),
    cpuCfs: cgroupVersion === '2' ? has('cpu') : has('cpu', 'cpu.cfs_quota_us'),
    cpuShares: has('cpu'),
    cpuSet: has('cpuset'),
    pidsLimit: has('pids'),
    ipv4Forwarding: readFlag('/proc/sys/net/ipv4/ip_forward'),
    bridgeNfIptables: readFlag('/proc/sys/net/bridge/bridge-nf-call-iptables'),
    bridgeNfIp6tables: readFlag('/proc/sys/net/bridge/bridge-nf-call-ip6tables'),
  };
}

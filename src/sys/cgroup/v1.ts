/**
 * A container's cgroup v1 statistics: cpuacct, cpu (throttling), memory, pids and blkio, each read
 * from that controller's directory. Units as containerd's v1 reader gives them: cpuacct.stat's
 * clock ticks become nanoseconds (USER_HZ is 100 on Linux, as containerd assumes).
 */
import { readFlatKeyed, readText, readU64, toU64 } from './files.js';
import { readV1Blkio } from './v1-blkio.js';
import type { V1Metrics } from './types.js';

const NS_PER_TICK = 1_000_000_000n / 100n;

/** Each v1 controller's directory for the container; a controller the host lacks reads as zeros. */
export interface V1Dirs { cpu?: string; cpuacct?: string; memory?: string; pids?: string; blkio?: string }

async function cpu(dirs: V1Dirs): Promise<V1Metrics['cpu']> {
  const stat = await readFlatKeyed(dirs.cpuacct, 'cpuacct.stat');
  const perCpu = (await readText(dirs.cpuacct, 'cpuacct.usage_percpu')).trim().split(/\s+/).filter(Boolean).map((v) => toU64(v));
  return {
    total: await readU64(dirs.cpuacct, 'cpuacct.usage'),
    perCpu,
    user: (stat['user'] ?? 0n) * NS_PER_TICK,
    system: (stat['system'] ?? 0n) * NS_PER_TICK,
  };
}

async function throttling(dir: string | undefined): Promise<V1Metrics['throttling']> {
  const s = await readFlatKeyed(dir, 'cpu.stat');
  return { periods: s['nr_periods'] ?? 0n, throttledPeriods: s['nr_throttled'] ?? 0n, throttledTime: s['throttled_time'] ?? 0n };
}

async function memory(dir: string | undefined): Promise<V1Metrics['memory']> {
  const [usage, maxUsage, failcnt, limit, stat] = await Promise.all([
    readU64(dir, 'memory.usage_in_bytes'), readU64(dir, 'memory.max_usage_in_bytes'), readU64(dir, 'memory.failcnt'),
    readU64(dir, 'memory.limit_in_bytes'), readFlatKeyed(dir, 'memory.stat'),
  ]);
  return { usage, maxUsage, failcnt, limit, stat };
}

/** Reads the statistics; a controller whose directory is gone reads as zeros. */
export async function readV1Metrics(dirs: V1Dirs): Promise<V1Metrics> {
  const [c, t, m, current, limit, blkio] = await Promise.all([
    cpu(dirs), throttling(dirs.cpu), memory(dirs.memory),
    readU64(dirs.pids, 'pids.current'), readU64(dirs.pids, 'pids.max'), readV1Blkio(dirs.blkio),
  ]);
  return { version: 1, cpu: c, throttling: t, memory: m, pids: { current, limit }, blkio };
}

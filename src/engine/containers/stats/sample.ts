/**
 * From cgroup readings to Docker's sample, as moby's statsV1/statsV2 map containerd's metrics:
 * the same memory keys (Docker lists fixed ones, not whatever memory.stat holds), the memory limit
 * capped at the host's memory, blkio lists that are empty on v1 and null where v2 has nothing,
 * CPU figures of the host beside the container's, and every non-loopback interface.
 */
import type { BlkioEntry, CgroupMetrics, V1Metrics, V2Metrics } from '../../../sys/cgroup/types.js';
import type { InterfaceCounters } from '../../../sys/procfs.js';
import { ZERO_TIME } from '../record.js';
import type { BlkioStats, CpuStats, MemoryStats, NetworkStats, StatsSample } from './types.js';

/** The memory.stat keys Docker reports on v1 (moby's statsV1, from containerd's v1 MemoryStat). */
const V1_MEMORY_KEYS = [
  'cache', 'rss', 'rss_huge', 'mapped_file', 'dirty', 'writeback', 'pgpgin', 'pgpgout', 'pgfault', 'pgmajfault',
  'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'hierarchical_memory_limit',
  'hierarchical_memsw_limit',
  ...['cache', 'rss', 'rss_huge', 'mapped_file', 'dirty', 'writeback', 'pgpgin', 'pgpgout', 'pgfault', 'pgmajfault',
    'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable'].map((k) => `total_${k}`),
];

/** The memory.stat keys Docker reports on v2 (moby's statsV2, from containerd's v2 MemoryStat). */
const V2_MEMORY_KEYS = [
  'anon', 'file', 'kernel_stack', 'slab', 'sock', 'shmem', 'file_mapped', 'file_dirty', 'file_writeback', 'anon_thp',
  'inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable', 'slab_reclaimable',
  'slab_unreclaimable', 'pgfault', 'pgmajfault', 'workingset_refault', 'workingset_activate', 'workingset_nodereclaim',
  'pgrefill', 'pgscan', 'pgsteal', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pglazyfreed', 'thp_fault_alloc',
  'thp_collapse_alloc',
];

/** What the host contributes to a sample, read at the same moment as the cgroup. */
export interface HostReading {
  /** When the sample was read (RFC 3339, ns). */
  read: string;
  /** /proc/stat's total CPU time in ns. */
  systemCpu: bigint | undefined;
  onlineCpus: number;
  /** Bytes of RAM: a larger memory limit (none set) is reported as this. */
  machineMemory: bigint;
  /** The container's network interfaces (loopback included; it is left out here). */
  interfaces: Map<string, InterfaceCounters>;
}

/** Docker's CPU figures when there is no reading: zeros, and no host fields. */
export function zeroCpu(): CpuStats {
  return {
    cpu_usage: { total_usage: 0n, usage_in_kernelmode: 0n, usage_in_usermode: 0n },
    throttling_data: { periods: 0n, throttled_periods: 0n, throttled_time: 0n },
  };
}

function nullBlkio(): BlkioStats {
  return {
    io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null,
    io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null,
  };
}

/** Docker's sample of a container with no reading (not running): only the name and ID. */
export function emptySample(c: { Name: string; Id: string }): StatsSample {
  return {
    read: ZERO_TIME, preread: ZERO_TIME, pids_stats: {}, blkio_stats: nullBlkio(), num_procs: 0, storage_stats: {},
    cpu_stats: zeroCpu(), precpu_stats: zeroCpu(), memory_stats: {}, name: c.Name, id: c.Id,
  };
}

/** `{key: value}` when value is not zero (Go's omitempty). */
function nz<K extends string, V extends bigint | number>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v ? ({ [key]: v } as Record<K, V>) : {};
}

function pickKeys(stat: Record<string, bigint>, keys: readonly string[]): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const k of [...keys].sort()) out[k] = stat[k] ?? 0n;
  return out;
}

const entries = (l: BlkioEntry[]) => l.map((e) => ({ major: e.major, minor: e.minor, op: e.op, value: e.value }));

function v1Blkio(b: V1Metrics['blkio']): BlkioStats {
  return {
    io_service_bytes_recursive: entries(b.ioServiceBytesRecursive), io_serviced_recursive: entries(b.ioServicedRecursive),
    io_queue_recursive: entries(b.ioQueuedRecursive), io_service_time_recursive: entries(b.ioServiceTimeRecursive),
    io_wait_time_recursive: entries(b.ioWaitTimeRecursive), io_merged_recursive: entries(b.ioMergedRecursive),
    io_time_recursive: entries(b.ioTimeRecursive), sectors_recursive: entries(b.sectorsRecursive),
  };
}

function v2Blkio(io: V2Metrics['io']): BlkioStats {
  const bytes = io.flatMap((d) => [
    { major: d.major, minor: d.minor, op: 'read', value: d.rbytes },
    { major: d.major, minor: d.minor, op: 'write', value: d.wbytes },
  ]);
  return { ...nullBlkio(), io_service_bytes_recursive: bytes.length > 0 ? bytes : null };
}

function cpuStats(m: CgroupMetrics, h: HostReading): CpuStats {
  const t = m.version === 1 ? m.throttling : m.cpu;
  const perCpu = m.version === 1 && m.cpu.perCpu.length > 0 ? { percpu_usage: m.cpu.perCpu } : {};
  return {
    cpu_usage: { total_usage: m.cpu.total, ...perCpu, usage_in_kernelmode: m.cpu.system, usage_in_usermode: m.cpu.user },
    ...nz('system_cpu_usage', h.systemCpu),
    ...nz('online_cpus', h.onlineCpus),
    throttling_data: { periods: t.periods, throttled_periods: t.throttledPeriods, throttled_time: t.throttledTime },
  };
}

function memoryStats(m: CgroupMetrics, h: HostReading): MemoryStats {
  const limit = h.machineMemory > 0n && m.memory.limit > h.machineMemory ? h.machineMemory : m.memory.limit;
  const stats = pickKeys(m.memory.stat, m.version === 1 ? V1_MEMORY_KEYS : V2_MEMORY_KEYS);
  if (m.version === 2) return { ...nz('usage', m.memory.usage), stats, ...nz('limit', limit) };
  return { ...nz('usage', m.memory.usage), ...nz('max_usage', m.memory.maxUsage), stats, ...nz('failcnt', m.memory.failcnt), ...nz('limit', limit) };
}

function networks(interfaces: Map<string, InterfaceCounters>): { networks?: Record<string, NetworkStats> } {
  const names = [...interfaces.keys()].filter((n) => n !== 'lo').sort();
  if (names.length === 0) return {};
  return { networks: Object.fromEntries(names.map((n) => [n, { ...interfaces.get(n)! }])) };
}

/** The sample of a running container (precpu and preread are the stream's to fill). */
export function sampleFromMetrics(m: CgroupMetrics, h: HostReading, c: { Name: string; Id: string }): StatsSample {
  return {
    read: h.read, preread: ZERO_TIME,
    pids_stats: { ...nz('current', m.pids.current), ...nz('limit', m.pids.limit) },
    blkio_stats: m.version === 1 ? v1Blkio(m.blkio) : v2Blkio(m.io),
    num_procs: 0, storage_stats: {},
    cpu_stats: cpuStats(m, h), precpu_stats: zeroCpu(),
    memory_stats: memoryStats(m, h),
    name: c.Name, id: c.Id,
    ...networks(h.interfaces),
  };
}

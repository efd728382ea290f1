/**
 * What a cgroup's files say about its processes, per hierarchy version, read as the kernel writes
 * them (units converted to nanoseconds and bytes where the file uses others). cgroup counters are
 * unsigned 64-bit values, so they are bigints: limits such as 9223372036854771712 stay exact.
 */

/** One `MAJ:MIN [op] value` line of a v1 blkio file. */
export interface BlkioEntry { major: bigint; minor: bigint; op: string; value: bigint }

/** The blkio lists runc's v1 reader fills (each from the first group of files that has data). */
export interface V1Blkio {
  ioServiceBytesRecursive: BlkioEntry[];
  ioServicedRecursive: BlkioEntry[];
  ioQueuedRecursive: BlkioEntry[];
  ioServiceTimeRecursive: BlkioEntry[];
  ioWaitTimeRecursive: BlkioEntry[];
  ioMergedRecursive: BlkioEntry[];
  ioTimeRecursive: BlkioEntry[];
  sectorsRecursive: BlkioEntry[];
}

/** A cgroup v1 container: one directory per controller. */
export interface V1Metrics {
  version: 1;
  cpu: {
    /** cpuacct.usage, ns. */
    total: bigint;
    /** cpuacct.usage_percpu, ns per CPU. */
    perCpu: bigint[];
    /** cpuacct.stat (clock ticks), in ns. */
    user: bigint;
    system: bigint;
  };
  /** cpu.stat; throttledTime in ns. */
  throttling: { periods: bigint; throttledPeriods: bigint; throttledTime: bigint };
  memory: { usage: bigint; maxUsage: bigint; failcnt: bigint; limit: bigint; stat: Record<string, bigint> };
  /** pids.current and pids.max (0 when "max"). */
  pids: { current: bigint; limit: bigint };
  blkio: V1Blkio;
}

/** One device line of v2 io.stat. */
export interface IoStatEntry { major: bigint; minor: bigint; rbytes: bigint; wbytes: bigint; rios: bigint; wios: bigint }

/** A cgroup v2 container: one directory. */
export interface V2Metrics {
  version: 2;
  /** cpu.stat, converted from µs to ns. */
  cpu: { total: bigint; user: bigint; system: bigint; periods: bigint; throttledPeriods: bigint; throttledTime: bigint };
  /** memory.current, memory.max (2^64-1 when "max"), memory.stat. */
  memory: { usage: bigint; limit: bigint; stat: Record<string, bigint> };
  /** pids.current and pids.max (0 when "max"). */
  pids: { current: bigint; limit: bigint };
  io: IoStatEntry[];
}

export type CgroupMetrics = V1Metrics | V2Metrics;

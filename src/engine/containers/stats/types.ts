/**
 * One statistics sample of a container in Docker's shape (`GET /containers/{id}/stats`, Docker
 * 20.10 on cgroup v1; v2 as the v1.50 spec describes). Keys are declared in Docker's order, and an
 * optional key is one Docker leaves out when zero (`omitempty`). u64 counters are bigints.
 */
export interface BlkioStatEntry { major: bigint; minor: bigint; op: string; value: bigint }

/** Each list is null when Docker has no reading (not running; on v2 all but the first). */
export interface BlkioStats {
  io_service_bytes_recursive: BlkioStatEntry[] | null;
  io_serviced_recursive: BlkioStatEntry[] | null;
  io_queue_recursive: BlkioStatEntry[] | null;
  io_service_time_recursive: BlkioStatEntry[] | null;
  io_wait_time_recursive: BlkioStatEntry[] | null;
  io_merged_recursive: BlkioStatEntry[] | null;
  io_time_recursive: BlkioStatEntry[] | null;
  sectors_recursive: BlkioStatEntry[] | null;
}

export interface CpuStats {
  cpu_usage: {
    total_usage: bigint;
    /** v1 only. */
    percpu_usage?: bigint[];
    usage_in_kernelmode: bigint;
    usage_in_usermode: bigint;
  };
  system_cpu_usage?: bigint;
  online_cpus?: number;
  throttling_data: { periods: bigint; throttled_periods: bigint; throttled_time: bigint };
}

export interface MemoryStats {
  usage?: bigint;
  /** v1 only. */
  max_usage?: bigint;
  stats?: Record<string, bigint>;
  /** v1 only. */
  failcnt?: bigint;
  limit?: bigint;
}

export interface NetworkStats {
  rx_bytes: bigint; rx_packets: bigint; rx_errors: bigint; rx_dropped: bigint;
  tx_bytes: bigint; tx_packets: bigint; tx_errors: bigint; tx_dropped: bigint;
}

export interface StatsSample {
  /** RFC 3339 with nanoseconds; Go's zero time when there was no reading. */
  read: string;
  preread: string;
  pids_stats: { current?: bigint; limit?: bigint };
  blkio_stats: BlkioStats;
  /** Windows only: always 0. */
  num_procs: number;
  /** Windows only: always empty. */
  storage_stats: Record<string, never>;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: MemoryStats;
  name: string;
  id: string;
  /** Per interface other than loopback; absent when the container has none (`--network none`). */
  networks?: Record<string, NetworkStats>;
}

/** What `stats` streams: samples, once a second (`stream`), or one (`one-shot`: no previous CPU reading). */
export interface StatsOptions { stream: boolean; oneShot: boolean }

/** A container's statistics, validated (the container exists) and ready to read. */
export interface StatsStream {
  /**
   * Hands each sample to `emit`; with `stream`, until `signal` aborts or the container is removed.
   * When `emit` returns a promise (the client is not keeping up), sampling waits for it.
   */
  read(emit: (s: StatsSample) => void | Promise<void>, signal?: AbortSignal): Promise<void>;
}

/** `GET /containers/{id}/top`: ps's column titles and the rows of the container's processes. */
export interface TopResult { Titles: string[]; Processes: string[][] }

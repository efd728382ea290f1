/**
 * `docker stats`'s numbers and `--format` context (cli/command/container stats_helpers.go and
 * formatter_stats.go): CPU % from the sample and its precpu figures, memory without the inactive
 * file cache, network and block I/O totals, and the columns as the docker CLI prints them (`--`
 * for a container whose statistics are invalid: an error, or none for 2 s).
 */
import type { StatsResponse } from '../../client/api/stats.js';
import { shortId } from '../../oci/digest.js';
import { bytesSize, humanSize } from '../../util/go-units.js';
import { goMarshal } from './container-context.js';
import { TYPE_NAME } from './template/exec.js';

/** `docker stats`'s default table on Linux. */
export const DEFAULT_STATS_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

/** Header titles of the stats fields. */
export const statsHeader = {
  Container: 'CONTAINER', Name: 'NAME', ID: 'CONTAINER ID', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

/** One row: what the user named (`Container`) and the figures of its last sample. */
export interface StatsEntry {
  Container: string;
  Name: string;
  ID: string;
  CPUPercentage: number;
  Memory: number;
  MemoryLimit: number;
  MemoryPercentage: number;
  NetworkRx: number;
  NetworkTx: number;
  BlockRead: number;
  BlockWrite: number;
  PidsCurrent: number;
  IsInvalid: boolean;
}

/** A row with no figures yet. */
export function emptyEntry(container: string): StatsEntry {
  return {
    Container: container, Name: '', ID: '', CPUPercentage: 0, Memory: 0, MemoryLimit: 0, MemoryPercentage: 0,
    NetworkRx: 0, NetworkTx: 0, BlockRead: 0, BlockWrite: 0, PidsCurrent: 0, IsInvalid: false,
  };
}

/** The container's share of the host's CPU time between the two readings, times the CPUs online. */
export function cpuPercent(v: StatsResponse): number {
  const cur = v.cpu_stats ?? {};
  const pre = v.precpu_stats ?? {};
  const cpuDelta = (cur.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cur.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const online = cur.online_cpus || (cur.cpu_usage?.percpu_usage?.length ?? 0);
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

/** Usage less the inactive file cache (`total_inactive_file` on v1, `inactive_file` on v2). */
export function memoryUsage(v: StatsResponse): number {
  const usage = v.memory_stats?.usage ?? 0;
  const stats = v.memory_stats?.stats ?? {};
  const v1 = stats['total_inactive_file'];
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats['inactive_file'] ?? 0;
  return v2 < usage ? usage - v2 : usage;
}

function blockIo(v: StatsResponse): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const e of v.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '')[0];
    if (op === 'r' || op === 'R') read += e.value ?? 0;
    if (op === 'w' || op === 'W') write += e.value ?? 0;
  }
  return { read, write };
}

/** The row figures of a sample. */
export function entryFromSample(container: string, v: StatsResponse): StatsEntry {
  const mem = memoryUsage(v);
  const limit = v.memory_stats?.limit ?? 0;
  const net = Object.values(v.networks ?? {});
  const io = blockIo(v);
  return {
    Container: container, Name: v.name ?? '', ID: v.id ?? '',
    CPUPercentage: cpuPercent(v), Memory: mem, MemoryLimit: limit, MemoryPercentage: limit !== 0 ? (mem / limit) * 100 : 0,
    NetworkRx: net.reduce((n, i) => n + (i.rx_bytes ?? 0), 0), NetworkTx: net.reduce((n, i) => n + (i.tx_bytes ?? 0), 0),
    BlockRead: io.read, BlockWrite: io.write, PidsCurrent: v.pids_stats?.current ?? 0, IsInvalid: false,
  };
}

const percent = (x: number) => `${x.toFixed(2)}%`;
const JSON_FIELDS = ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs'] as const;

/** One row as template data. */
export class StatsContext {
  readonly [TYPE_NAME] = '*container.statsContext';
  constructor(readonly s: StatsEntry, readonly trunc: boolean) {}

  Container(): string {
    return this.s.Container;
  }

  Name(): string {
    return this.s.Name.length > 1 ? this.s.Name.slice(1) : '--';
  }

  ID(): string {
    return this.trunc ? shortId(this.s.ID) : this.s.ID;
  }

  CPUPerc(): string {
    return this.s.IsInvalid ? '--' : percent(this.s.CPUPercentage);
  }

  MemUsage(): string {
    return this.s.IsInvalid ? '-- / --' : `${bytesSize(this.s.Memory)} / ${bytesSize(this.s.MemoryLimit)}`;
  }

  MemPerc(): string {
    return this.s.IsInvalid ? '--' : percent(this.s.MemoryPercentage);
  }

  NetIO(): string {
    return this.s.IsInvalid ? '--' : `${humanSize(this.s.NetworkRx, 3)} / ${humanSize(this.s.NetworkTx, 3)}`;
  }

  BlockIO(): string {
    return this.s.IsInvalid ? '--' : `${humanSize(this.s.BlockRead, 3)} / ${humanSize(this.s.BlockWrite, 3)}`;
  }

  PIDs(): string {
    return this.s.IsInvalid ? '--' : String(this.s.PidsCurrent);
  }

  /** docker's MarshalJSON: every field, as strings, keys sorted. */
  marshalJSON(): string {
    const o: Record<string, string> = {};
    for (const k of JSON_FIELDS) o[k] = this[k]();
    return goMarshal(o);
  }
}

/**
 * docker CLI 28's redraw of the live table: cursor home and the table, then (its buffer read back
 * line by line) every line again followed by erase-to-end-of-line, and erase-below for rows that
 * went away. The same bytes go out whether or not stdout is a terminal, as docker sends them.
 */
export function screenFrame(table: string): string {
  const text = `\x1b[H${table}`;
  return `${text}${text.split('\n').map((line) => `${line} \x1b[K\n`).join('')}\x1b[J`;
}

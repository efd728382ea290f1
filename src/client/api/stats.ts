/** `top` and `stats` endpoints, with the parts of Docker's answers the CLI reads. */
import type { IncomingMessage } from 'node:http';
import type { Transport } from '../transport.js';

/** `GET /containers/{id}/top`'s answer. */
export interface TopResponse { Titles: string[]; Processes: string[][] | null }

/** `GET /containers/{id}/top?ps_args=` with the words joined by spaces, as docker's client does. */
export function containerTop(t: Transport, id: string, psArgs: readonly string[]): Promise<TopResponse> {
  const query = psArgs.length > 0 ? { ps_args: psArgs.join(' ') } : {};
  return t.json<TopResponse>({ method: 'GET', path: `/containers/${encodeURIComponent(id)}/top`, query });
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** One sample of `GET /containers/{id}/stats` (numbers as JSON gives them: u64s beyond 2^53 round). */
export interface StatsResponse {
  read?: string;
  name?: string;
  id?: string;
  pids_stats?: { current?: number };
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

/** `GET /containers/{id}/stats?stream=`: one JSON sample per line (one in all without `stream`). */
export function containerStats(t: Transport, id: string, o: { stream: boolean; signal?: AbortSignal }): Promise<IncomingMessage> {
  return t.request({
    method: 'GET', path: `/containers/${encodeURIComponent(id)}/stats`, query: { stream: o.stream ? '1' : '0' },
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

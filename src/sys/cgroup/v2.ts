/**
 * A container's cgroup v2 statistics, from its one directory: cpu.stat (µs, converted to ns),
 * memory.current/max/stat, pids.current/max and io.stat (`MAJ:MIN rbytes=… wbytes=… rios=… wios=…`).
 */
import { parseDevice, readFlatKeyed, readText, readU64, toU64, U64_MAX } from './files.js';
import type { IoStatEntry, V2Metrics } from './types.js';

/** io.stat lines → one entry per device. */
export function parseIoStat(text: string): IoStatEntry[] {
  const out: IoStatEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    const dev = parseDevice(device);
    if (!dev) continue;
    const kv = new Map(pairs.map((p) => p.split('=') as [string, string]));
    out.push({ ...dev, rbytes: toU64(kv.get('rbytes')), wbytes: toU64(kv.get('wbytes')), rios: toU64(kv.get('rios')), wios: toU64(kv.get('wios')) });
  }
  return out;
}

async function cpu(dir: string): Promise<V2Metrics['cpu']> {
  const s = await readFlatKeyed(dir, 'cpu.stat');
  const ns = (key: string) => (s[key] ?? 0n) * 1000n;
  return {
    total: ns('usage_usec'), user: ns('user_usec'), system: ns('system_usec'),
    periods: s['nr_periods'] ?? 0n, throttledPeriods: s['nr_throttled'] ?? 0n, throttledTime: ns('throttled_usec'),
  };
}

/** Reads the statistics of the cgroup directory `dir`. */
export async function readV2Metrics(dir: string): Promise<V2Metrics> {
  const [c, usage, limit, stat, current, pidsMax, io] = await Promise.all([
    cpu(dir), readU64(dir, 'memory.current'), readU64(dir, 'memory.max', U64_MAX), readFlatKeyed(dir, 'memory.stat'),
    readU64(dir, 'pids.current'), readU64(dir, 'pids.max'), readText(dir, 'io.stat'),
  ]);
  return { version: 2, cpu: c, memory: { usage, limit, stat }, pids: { current, limit: pidsMax }, io: parseIoStat(io) };
}

/**
 * Host figures from procfs that container statistics need: the host's CPU time (/proc/stat) and a
 * process's network interface counters (/proc/<pid>/net/dev, which shows the process's own network
 * namespace). Counters are bigints (u64 in the kernel).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const NS_PER_TICK = 1_000_000_000n / 100n;

/**
 * The host's CPU time in ns as Docker computes `system_cpu_usage`: the first seven fields of the
 * `cpu` line of /proc/stat (user, nice, system, idle, iowait, irq, softirq), in USER_HZ ticks.
 */
export function parseSystemCpuUsage(text: string): bigint | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  const fields = line?.trim().split(/\s+/).slice(1, 8) ?? [];
  if (fields.length < 7 || !fields.every((f) => /^\d+$/.test(f))) return undefined;
  return fields.reduce((sum, f) => sum + BigInt(f), 0n) * NS_PER_TICK;
}

export async function systemCpuUsage(procRoot = '/proc'): Promise<bigint | undefined> {
  return parseSystemCpuUsage(await readFile(join(procRoot, 'stat'), 'utf8').catch(() => ''));
}

/** One interface's counters, named as Docker's stats name them. */
export interface InterfaceCounters {
  rx_bytes: bigint; rx_packets: bigint; rx_errors: bigint; rx_dropped: bigint;
  tx_bytes: bigint; tx_packets: bigint; tx_errors: bigint; tx_dropped: bigint;
}

/** /proc/net/dev text → interface → counters (receive: bytes packets errs drop …, transmit likewise from field 9). */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const out = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map((v) => (/^\d+$/.test(v) ? BigInt(v) : 0n));
    if (f.length < 16) continue;
    const at = (i: number) => f[i] ?? 0n;
    out.set(line.slice(0, colon).trim(), {
      rx_bytes: at(0), rx_packets: at(1), rx_errors: at(2), rx_dropped: at(3),
      tx_bytes: at(8), tx_packets: at(9), tx_errors: at(10), tx_dropped: at(11),
    });
  }
  return out;
}

/** The interfaces of `pid`'s network namespace (empty when the process is gone). */
export async function netDev(pid: number, procRoot = '/proc'): Promise<Map<string, InterfaceCounters>> {
  return parseNetDev(await readFile(join(procRoot, String(pid), 'net', 'dev'), 'utf8').catch(() => ''));
}

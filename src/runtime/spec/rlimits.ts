/**
 * Resource limits for containers, clamped to the daemon's own hard limits: without CAP_SYS_RESOURCE
 * runc cannot raise a limit above its parent's, and hard limits differ between processes on one host.
 */
import { readFileSync } from 'node:fs';

export interface Rlimit { type: string; soft: number; hard: number }

const NAMES: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU', 'Max file size': 'RLIMIT_FSIZE', 'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK', 'Max core file size': 'RLIMIT_CORE', 'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC', 'Max open files': 'RLIMIT_NOFILE', 'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS', 'Max file locks': 'RLIMIT_LOCKS', 'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE', 'Max nice priority': 'RLIMIT_NICE', 'Max realtime priority': 'RLIMIT_RTPRIO',
  'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** Hard limits of this process, by RLIMIT_ name (Infinity for unlimited). Parsed from /proc/self/limits. */
export function hostHardLimits(text = readFileSync('/proc/self/limits', 'utf8')): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const name = Object.keys(NAMES).find((n) => line.startsWith(n));
    if (!name) continue;
    const hard = line.slice(name.length).trim().split(/\s+/)[1];
    out.set(NAMES[name]!, hard === 'unlimited' || hard === undefined ? Infinity : Number(hard));
  }
  return out;
}

/** Clamps each limit to the host's hard limit (soft ≤ hard). Never fails. */
export function clampRlimits(wanted: Rlimit[], hard = hostHardLimits()): Rlimit[] {
  return wanted.map((r) => {
    const max = hard.get(r.type) ?? Infinity;
    const h = Math.min(r.hard, max);
    return { type: r.type, hard: h, soft: Math.min(r.soft, h) };
  });
}

/** Docker's effective default for open files (dockerd runs with 1048576 under systemd), clamped here. */
export function defaultRlimits(): Rlimit[] {
  return clampRlimits([{ type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 }]);
}

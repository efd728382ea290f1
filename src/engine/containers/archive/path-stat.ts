/**
 * A path's stat as Docker's archive API reports it (types.ContainerPathStat): the JSON that
 * `HEAD`/`GET /containers/{id}/archive` send base64-encoded in `X-Docker-Container-Path-Stat`.
 * `mode` carries Go's os.FileMode bits (type bits high, permissions low), `mtime` Go's RFC 3339
 * with nanoseconds (trailing zeros dropped), as the reference sends them.
 */
import type { BigIntStats } from 'node:fs';

/** What the stat header holds, in Docker's key order. */
export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode. */
  mode: number;
  /** RFC 3339 with nanoseconds, UTC. */
  mtime: string;
  /** For a symlink: its target resolved in the container's root, as an absolute container path; else "". */
  linkTarget: string;
}

/** Go's os.FileMode type bits. */
export const GO_MODE = {
  dir: 2 ** 31, symlink: 2 ** 27, device: 2 ** 26, namedPipe: 2 ** 25, socket: 2 ** 24,
  setuid: 2 ** 23, setgid: 2 ** 22, charDevice: 2 ** 21, sticky: 2 ** 20,
} as const;

const S_IFMT = 0o170000;
const TYPE_BITS: Record<number, number> = {
  0o040000: GO_MODE.dir, 0o120000: GO_MODE.symlink, 0o060000: GO_MODE.device,
  0o020000: GO_MODE.device + GO_MODE.charDevice, 0o010000: GO_MODE.namedPipe, 0o140000: GO_MODE.socket,
};

/** A Unix st_mode as Go's os.FileMode (what `fs.FileInfo.Mode()` gives). */
export function goFileMode(stMode: number): number {
  let mode = (stMode & 0o777) + (TYPE_BITS[stMode & S_IFMT] ?? 0);
  if (stMode & 0o4000) mode += GO_MODE.setuid;
  if (stMode & 0o2000) mode += GO_MODE.setgid;
  if (stMode & 0o1000) mode += GO_MODE.sticky;
  return mode;
}

/** Go's time.RFC3339Nano of a time in nanoseconds since the epoch, in UTC. */
export function goTime(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = Number(ns - secs * 1_000_000_000n);
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  const digits = frac === 0 ? '' : `.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${digits}Z`;
}

/** The stat of an lstat result under the name Docker shows. */
export function pathStat(name: string, st: BigIntStats, linkTarget: string): PathStat {
  return { name, size: Number(st.size), mode: goFileMode(Number(st.mode)), mtime: goTime(st.mtimeNs), linkTarget };
}

/** Whether a Go FileMode is a directory. */
export function isDirMode(mode: number): boolean {
  return mode >= GO_MODE.dir;
}

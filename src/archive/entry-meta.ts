/**
 * The attributes of one tar entry, with PAX records taking precedence over the ustar fields
 * (tar-stream applies PAX `path`, `linkpath` and `size` but not `uid`, `gid`, `mtime`, `atime`).
 */
import type { Header as Headers } from 'tar-stream';
import { xattrsFromPax } from './pax.js';

/** Ownership, mode, times (seconds, may be fractional) and xattrs of an entry. */
export interface EntryMeta {
  uid: number;
  gid: number;
  /** Permission bits incl. setuid/setgid/sticky (0o7777). */
  mode: number;
  mtime: number;
  atime: number;
  xattrs: Map<string, Buffer>;
}

type PaxHeaders = Omit<Headers, 'pax'> & { pax?: unknown };

/** Reads the attributes of `header`; `rawPax` is the entry's raw PAX header, for binary xattrs. */
export function entryMeta(header: PaxHeaders, rawPax: Buffer | undefined): EntryMeta {
  const pax = (header.pax ?? {}) as Record<string, string | undefined>;
  const mtime = paxNumber(pax.mtime) ?? (header.mtime ? header.mtime.getTime() / 1000 : 0);
  return {
    uid: paxNumber(pax.uid) ?? header.uid ?? 0,
    gid: paxNumber(pax.gid) ?? header.gid ?? 0,
    mode: (header.mode ?? 0o644) & 0o7777,
    mtime,
    atime: paxNumber(pax.atime) ?? mtime,
    xattrs: xattrsFromPax(rawPax),
  };
}

function paxNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** True when an entry uses GNU sparse files in PAX form, which Wharf does not support. */
export function isSparse(header: PaxHeaders): boolean {
  const pax = header.pax as Record<string, string> | null | undefined;
  return !!pax && Object.keys(pax).some((k) => k.startsWith('GNU.sparse.'));
}

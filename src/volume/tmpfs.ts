/**
 * tmpfs mounts: HostConfig.Tmpfs (`--tmpfs /x:size=…,mode=…`, kept in HostConfig as Docker keeps it)
 * and `--mount type=tmpfs`. Both become a tmpfs with Docker's defaults, `noexec,nosuid,nodev` and
 * rprivate, the user's options after them (moby oci_linux.go setMounts, mount.MergeTmpfsOptions).
 */
import { InvalidMountError } from './mount-errors.js';
import type { MountPoint } from './mount-point.js';
import { destinationProblem } from './mount-spec.js';

/** moby's ValidateTmpfsMountDestination for each HostConfig.Tmpfs key (no prefix to its message). */
export function validateTmpfsDestinations(tmpfs: Record<string, string> | null | undefined): void {
  for (const dest of Object.keys(tmpfs ?? {})) {
    const problem = destinationProblem(dest);
    if (problem) throw new InvalidMountError(problem);
  }
}

/**
 * moby's ConvertTmpfsOptions: `ro`, `mode=<octal>`, `size=<n>[kmg]` (the largest unit that
 * divides), then API 1.46's TmpfsOptions.Options (`[flag]` or `[key, value]`).
 */
export function tmpfsData(t: MountPoint['Tmpfs'], readOnly: boolean, extra: string[][] | null | undefined = undefined): string {
  const out: string[] = [];
  if (readOnly) out.push('ro');
  if (t?.Mode) out.push(`mode=${t.Mode.toString(8)}`);
  if (t?.SizeBytes) {
    const unit = ([['g', 2 ** 30], ['m', 2 ** 20], ['k', 2 ** 10]] as const).find(([, d]) => t.SizeBytes! % d === 0);
    out.push(unit ? `size=${t.SizeBytes / unit[1]}${unit[0]}` : `size=${t.SizeBytes}`);
  }
  for (const o of extra ?? []) out.push(o.length === 1 ? o[0]! : `${o[0]}=${o[1]}`);
  return out.join(',');
}

/**
 * moby's mount flags by the kernel flag they set or clear: two words of one group collide (`exec`
 * undoes the default `noexec`). rprivate and private differ (MS_REC), as in moby's table.
 */
const FLAG_GROUP: Record<string, string> = {
  ro: 'rdonly', rw: 'rdonly', suid: 'nosuid', nosuid: 'nosuid', dev: 'nodev', nodev: 'nodev', exec: 'noexec', noexec: 'noexec',
  sync: 'sync', async: 'sync', dirsync: 'dirsync', remount: 'remount', mand: 'mand', nomand: 'mand', atime: 'noatime',
  noatime: 'noatime', diratime: 'nodiratime', nodiratime: 'nodiratime', bind: 'bind', rbind: 'rbind', unbindable: 'unbindable',
  runbindable: 'runbindable', private: 'private', rprivate: 'rprivate', shared: 'shared', rshared: 'rshared', slave: 'slave',
  rslave: 'rslave', relatime: 'relatime', norelatime: 'relatime', strictatime: 'strictatime', nostrictatime: 'strictatime',
};
/** The data options tmpfs takes (moby's validFlags). */
const DATA_KEYS = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol']);

const goQuoted = (parts: string[]): string => `[${parts.map((p) => JSON.stringify(p)).join(' ')}]`;

/**
 * moby's MergeTmpfsOptions over Docker's defaults and `data`: the last word of each flag group and
 * the last value of each key win, in the order of their last appearance. An unknown option is
 * moby's `Invalid tmpfs option ["…"]`.
 */
export function tmpfsOptions(data: string): string[] {
  const all = ['noexec', 'nosuid', 'nodev', 'rprivate', ...(data ? data.split(',') : [])];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const o of all.reverse()) {
    if (o === 'defaults') continue;
    const parts = o.split(/=(.*)/s, 2);
    const key = FLAG_GROUP[o] ?? (parts.length === 2 && DATA_KEYS.has(parts[0]!) ? `${parts[0]}=` : undefined);
    if (key === undefined) throw new InvalidMountError(`Invalid tmpfs option ${goQuoted(parts.filter((p) => p !== undefined))}`);
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(o);
  }
  return out;
}

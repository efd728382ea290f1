/**
 * moby's checks of a shared or slave bind's source (ensureShared, ensureSharedOrSlave): the host
 * mount that holds the source must itself propagate, or the bind could not. Read from
 * /proc/self/mountinfo (the optional fields `shared:N`, `master:N`).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { InvalidMountError } from './mount-errors.js';
import type { MountPoint } from './mount-point.js';

interface MountInfo { point: string; shared: boolean; slave: boolean }

const unescape = (s: string): string => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

function mountInfo(text: string): MountInfo[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    const optional = f.slice(6, sep < 0 ? undefined : sep);
    return { point: unescape(f[4] ?? ''), shared: optional.some((o) => o.startsWith('shared:')), slave: optional.some((o) => o.startsWith('master:')) };
  });
}

/** The mount that holds `path`: the longest mount point that is `path` or a parent of it (the last one mounted). */
function holder(mounts: MountInfo[], path: string): MountInfo | undefined {
  let best: MountInfo | undefined;
  for (const m of mounts) {
    const under = m.point === '/' || path === m.point || path.startsWith(`${m.point}/`);
    if (under && (!best || m.point.length >= best.point.length)) best = m;
  }
  return best;
}

/** Throws moby's message for a shared or slave bind whose source's mount does not propagate so. */
export function checkPropagation(points: readonly MountPoint[], mountinfo = (): string => readFileSync('/proc/self/mountinfo', 'utf8')): void {
  const wanted = points.filter((m) => m.Type === 'bind' && /^r?(shared|slave)$/.test(m.Propagation));
  if (wanted.length === 0) return;
  const mounts = mountInfo(mountinfo());
  for (const m of wanted) {
    let real = m.Source;
    try { real = realpathSync(m.Source); } catch { /* a missing source fails later, in the runtime */ }
    const h = holder(mounts, real);
    if (!h) continue;
    if (/shared$/.test(m.Propagation) && !h.shared) throw new InvalidMountError(`path ${m.Source} is mounted on ${h.point} but it is not a shared mount`);
    if (/slave$/.test(m.Propagation) && !h.shared && !h.slave) throw new InvalidMountError(`path ${m.Source} is mounted on ${h.point} but it is not a shared or slave mount`);
  }
}

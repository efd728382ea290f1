/**
 * Where a process's cgroups are: `/proc/<pid>/cgroup` names, per hierarchy, the path under that
 * hierarchy's root (`4:memory:/wharf/<id>`, `0::/wharf/<id>` on v2). Reading it rather than
 * rebuilding the runtime's cgroupsPath keeps this right whatever parent the runtime chose. Paths
 * are as the daemon's cgroup namespace sees them, which is the host's: Wharf runs there.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupVersion } from './version.js';
import type { V1Dirs } from './v1.js';

/** A process's cgroup directories: one per controller on v1, one on v2. */
export type CgroupLocation = { version: 1; dirs: V1Dirs; procsDir: string | undefined } | { version: 2; dir: string; procsDir: string };

/** Where the hierarchies are mounted and where /proc is (replaceable in tests). */
export interface CgroupRoots { cgroupRoot: string; procRoot: string; version: CgroupVersion }

/** controller name → path, from the text of /proc/<pid>/cgroup. */
export function parseProcCgroup(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const names = m[1] === '' ? [''] : m[1]!.split(',');
    for (const name of names) out.set(name, m[2]!);
  }
  return out;
}

/** The cgroup directories of `pid`, or undefined when the process is gone. */
export async function locateCgroup(pid: number, r: CgroupRoots): Promise<CgroupLocation | undefined> {
  let text: string;
  try {
    text = await readFile(join(r.procRoot, String(pid), 'cgroup'), 'utf8');
  } catch {
    return undefined;
  }
  const paths = parseProcCgroup(text);
  if (r.version === 2) {
    const path = paths.get('');
    if (path === undefined) return undefined;
    const dir = join(r.cgroupRoot, path);
    return { version: 2, dir, procsDir: dir };
  }
  const at = (c: string) => {
    const path = paths.get(c);
    return path === undefined ? undefined : join(r.cgroupRoot, c, path);
  };
  const dirs: V1Dirs = { cpu: at('cpu'), cpuacct: at('cpuacct'), memory: at('memory'), pids: at('pids'), blkio: at('blkio') };
  // runc lists a container's processes from its devices cgroup, which every v1 container has.
  return { version: 1, dirs, procsDir: at('devices') };
}

/**
 * Every process in the cgroup directory `dir` and the cgroups below it (cgroup.procs), in order
 * of appearance; empty when the cgroup is gone.
 */
export async function cgroupPids(dir: string | undefined): Promise<number[]> {
  const out: number[] = [];
  if (dir === undefined) return out;
  const walk = async (d: string): Promise<void> => {
    const text = await readFile(join(d, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const line of text.split('\n')) if (/^\d+$/.test(line)) out.push(Number(line));
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) await walk(join(d, e.name));
  };
  await walk(dir);
  return out;
}

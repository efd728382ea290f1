/**
 * Signalling a process and everything it started, from /proc (this kernel has no
 * /proc/<pid>/task/<tid>/children). A SIGKILL of a tree first stops it and looks again until no
 * new process appears, so nothing forked meanwhile escapes by being reparented.
 */
import { readdirSync, readFileSync } from 'node:fs';

const SIGSTOP = 19;
const SIGKILL = 9;

/** Parent pid of every live process. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(name), ppid);
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** `pid` and its live descendants, parents before children. */
export function processTree(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  const all = parents();
  for (const [p, pp] of all) byParent.set(pp, [...(byParent.get(pp) ?? []), p]);
  const out = all.has(pid) ? [pid] : [];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i]!) ?? []));
  return out;
}

function signal(pids: number[], sig: number): void {
  for (const p of pids) {
    try { process.kill(p, sig); } catch { /* already gone */ }
  }
}

/** Sends `sig` to `pid` and all its descendants. A SIGKILL leaves none of them running. */
export function killTree(pid: number, sig: number): void {
  if (sig !== SIGKILL) return signal(processTree(pid), sig);
  let seen = new Set<number>();
  for (let round = 0; round < 50; round++) {
    const tree = processTree(pid).filter((p) => !seen.has(p));
    if (tree.length === 0) break;
    signal(tree, SIGSTOP);
    seen = new Set([...seen, ...tree]);
  }
  signal([...seen], SIGKILL);
}

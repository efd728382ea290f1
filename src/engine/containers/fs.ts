/**
 * A container's filesystem as images see it: `export` (a tar of the whole merged tree) and
 * `changes` (`docker diff`: A/C/D from the overlay upper dir). A stopped container's layers are
 * mounted read-only in a private scratch dir for the export (its own merged dir is left alone, so
 * a concurrent start is not disturbed); a running container's merged dir is read in place.
 */
import { lstat, mkdir, readdir, rm, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { treeTar } from '../../archive/tree-tar.js';
import { rootfsPaths, isMounted } from '../../snapshot/rootfs.js';
import { mount, umount2, MNT_DETACH, MS_RDONLY, lgetxattr } from '../../sys/libc.js';

/** Docker's change kinds. */
export const ChangeKind = { Modify: 0, Add: 1, Delete: 2 } as const;

export interface Change { Path: string; Kind: 0 | 1 | 2 }

/** Streams a tar of the container's root filesystem; unmounts a scratch mount when done. */
export async function exportRootfs(containerDir: string, lowerDirs: string[], scratchRoot: string): Promise<Readable> {
  const p = rootfsPaths(containerDir);
  if (await isMounted(p.merged)) return treeTar(p.merged);
  await mkdir(scratchRoot, { recursive: true });
  const dir = await mkdtemp(join(scratchRoot, 'export-'));
  const lowers = [p.upper, ...[...lowerDirs].reverse()];
  if (lowers.length < 2) lowers.push(await emptyDir(dir));
  const target = join(dir, 'm');
  await mkdir(target);
  mount('overlay', target, 'overlay', MS_RDONLY, `lowerdir=${lowers.join(':')}`);
  const tar = treeTar(target);
  tar.once('close', () => void cleanup(dir, target));
  return tar;
}

async function emptyDir(dir: string): Promise<string> {
  const e = join(dir, 'empty');
  await mkdir(e);
  return e;
}

async function cleanup(dir: string, target: string): Promise<void> {
  try { umount2(target, MNT_DETACH); } catch { /* already gone */ }
  await rm(dir, { recursive: true, force: true });
}

/** `docker diff`: walks the upper dir; existence below decides Add versus Modify. */
export async function containerChanges(containerDir: string, lowerDirs: string[]): Promise<Change[]> {
  const upper = rootfsPaths(containerDir).upper;
  const lowers = [...lowerDirs].reverse();
  const out: Change[] = [];
  await walk(upper, '', lowers, out);
  return out;
}

/** Mount points the runtime creates in the upper dir; Docker keeps them in its init layer. */
export const RUNTIME_PATHS = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/dev', '/proc', '/sys', '/.dockerenv']);

/** Walks `rel`; returns whether it emitted anything (a modified dir with no other change is dropped). */
async function walk(upper: string, rel: string, lowers: string[], out: Change[]): Promise<boolean> {
  const names = (await readdir(join(upper, rel)).catch(() => [] as string[])).sort();
  let emitted = false;
  for (const name of names) {
    const r = `${rel}/${name}`;
    if (RUNTIME_PATHS.has(r)) continue;
    const st = await lstat(join(upper, r));
    if (st.isCharacterDevice() && st.rdev === 0) {
      out.push({ Path: r, Kind: ChangeKind.Delete });
      emitted = true;
      continue;
    }
    const below = await existsBelow(lowers, r);
    const at = out.push({ Path: r, Kind: below ? ChangeKind.Modify : ChangeKind.Add }) - 1;
    const opaque = st.isDirectory() && lgetxattr(join(upper, r), 'trusted.overlay.opaque')?.toString() === 'y';
    const inner = st.isDirectory() ? await walk(upper, r, opaque ? [] : lowers, out) : false;
    if (st.isDirectory() && below && !inner && !opaque) out.splice(at, 1);
    else emitted = true;
  }
  return emitted;
}

/** Whether `rel` exists in the image layers (top first), honouring whiteouts. */
async function existsBelow(lowers: string[], rel: string): Promise<boolean> {
  for (const l of lowers) {
    const st = await lstat(join(l, rel)).catch(() => undefined);
    if (!st) continue;
    return !(st.isCharacterDevice() && st.rdev === 0);
  }
  return false;
}

/** Bytes of regular files under `dir` (a container's SizeRw from its upper dir). */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const st = await lstat(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).catch(() => undefined);
    total += st?.size ?? 0;
  }
  return total;
}

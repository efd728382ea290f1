/**
 * `docker diff` of an overlay snapshot: walk its upper dir; a whiteout (char device 0:0) is a
 * deletion, anything else is an addition unless the path exists in the layers below (then a
 * modification). A directory that only holds changes deeper down is not reported itself.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lgetxattr } from '../../sys/libc.js';
import { ChangeKind, type Change } from '../snapshotter.js';

/** The changes of `upper` over `lowers` (top first), leaving out the absolute paths in `skip`. */
export async function upperChanges(upper: string, lowers: readonly string[], skip: ReadonlySet<string>): Promise<Change[]> {
  const out: Change[] = [];
  await walk(upper, '', lowers, skip, out);
  return out;
}

/** Walks `rel`; returns whether it emitted anything (a modified dir with no other change is dropped). */
async function walk(upper: string, rel: string, lowers: readonly string[], skip: ReadonlySet<string>, out: Change[]): Promise<boolean> {
  const names = (await readdir(join(upper, rel)).catch(() => [] as string[])).sort();
  let emitted = false;
  for (const name of names) {
    const r = `${rel}/${name}`;
    if (skip.has(r)) continue;
    const st = await lstat(join(upper, r));
    if (st.isCharacterDevice() && st.rdev === 0) {
      out.push({ Path: r, Kind: ChangeKind.Delete });
      emitted = true;
      continue;
    }
    const below = await existsBelow(lowers, r);
    const at = out.push({ Path: r, Kind: below ? ChangeKind.Modify : ChangeKind.Add }) - 1;
    const opaque = st.isDirectory() && lgetxattr(join(upper, r), 'trusted.overlay.opaque')?.toString() === 'y';
    const inner = st.isDirectory() ? await walk(upper, r, opaque ? [] : lowers, skip, out) : false;
    if (st.isDirectory() && below && !inner && !opaque) out.splice(at, 1);
    else emitted = true;
  }
  return emitted;
}

/** Whether `rel` exists in the layers (top first), honouring whiteouts. */
async function existsBelow(lowers: readonly string[], rel: string): Promise<boolean> {
  for (const l of lowers) {
    const st = await lstat(join(l, rel)).catch(() => undefined);
    if (!st) continue;
    return !(st.isCharacterDevice() && st.rdev === 0);
  }
  return false;
}

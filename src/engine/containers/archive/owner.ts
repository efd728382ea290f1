/**
 * The ownership of `docker cp -a` into a container (moby's tarCopyOptions): with copyUIDGID, every
 * entry is owned by the container's user and that user's primary group (or the group it names),
 * looked up in the container's own /etc/passwd and /etc/group. A container without a user keeps the
 * tar's owners, exactly as a PUT without copyUIDGID does. Numeric ids need no entry.
 */
import { readFile } from 'node:fs/promises';
import { InternalError } from '../../errors.js';
import { followInScope, hostPath } from './scope.js';

/** What extraction should do with owners: the tar's, or fixed ids. */
export type CopyOwner = 'tar' | { uid: number; gid: number };

/** The owner for `user` ("name|uid[:group|gid]") in the container rooted at `root`. */
export async function copyOwner(root: string, user: string): Promise<CopyOwner> {
  if (user === '') return 'tar';
  const [name = '', group] = user.split(':', 2);
  const passwd = await readTable(root, '/etc/passwd');
  const entry = passwd.find((f) => f[0] === name) ?? (isId(name) ? passwd.find((f) => f[2] === name) : undefined);
  if (!entry && !isId(name)) throw new InternalError(`getent unable to find entry "${name}" in passwd database`);
  const uid = Number(entry?.[2] ?? name);
  let gid = Number(entry?.[3] ?? 0);
  if (group !== undefined && group !== '') {
    const g = (await readTable(root, '/etc/group')).find((f) => f[0] === group);
    if (!g && !isId(group)) throw new InternalError(`getent unable to find entry "${group}" in group database`);
    gid = Number(g?.[2] ?? group);
  }
  return { uid, gid };
}

function isId(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/** Lines of a colon-separated database read inside the container ([] when it has none). */
async function readTable(root: string, path: string): Promise<string[][]> {
  try {
    const text = await readFile(hostPath(root, followInScope(root, path)), 'utf8');
    return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

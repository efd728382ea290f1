/**
 * Resolves `-u user[:group]` against the container's /etc/passwd and /etc/group, as Docker does
 * (moby/sys/user): names or numbers; unknown names are errors with Docker's wording.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ResolvedUser { uid: number; gid: number; additionalGids: number[]; home: string }

interface PasswdEntry { name: string; uid: number; gid: number; home: string }
interface GroupEntry { name: string; gid: number; members: string[] }

async function readLines(path: string): Promise<string[][]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}

async function passwd(rootfs: string): Promise<PasswdEntry[]> {
  return (await readLines(join(rootfs, 'etc/passwd'))).map((f) => ({
    name: f[0] ?? '', uid: Number(f[2]), gid: Number(f[3]), home: f[5] || '/',
  }));
}

async function groups(rootfs: string): Promise<GroupEntry[]> {
  return (await readLines(join(rootfs, 'etc/group'))).map((f) => ({
    name: f[0] ?? '', gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean),
  }));
}

const isNum = (s: string) => /^\d+$/.test(s);

/** `spec` is Docker's User field ("", "name", "uid", "uid:gid", "name:group"). */
export async function resolveUser(rootfs: string, spec: string): Promise<ResolvedUser> {
  const [userPart = '', groupPart] = spec.split(':');
  const users = await passwd(rootfs);
  const wantUser = userPart === '' ? '0' : userPart;
  const entry = users.find((u) => (isNum(wantUser) ? u.uid === Number(wantUser) : u.name === wantUser));
  if (!entry && !isNum(wantUser)) {
    throw new Error(`unable to find user ${wantUser}: no matching entries in passwd file`);
  }
  const uid = entry?.uid ?? Number(wantUser);
  let gid = entry?.gid ?? 0;
  const allGroups = await groups(rootfs);
  if (groupPart !== undefined && groupPart !== '') {
    const g = allGroups.find((x) => (isNum(groupPart) ? x.gid === Number(groupPart) : x.name === groupPart));
    if (!g && !isNum(groupPart)) throw new Error(`unable to find group ${groupPart}: no matching entries in group file`);
    gid = g?.gid ?? Number(groupPart);
  }
  const name = entry?.name;
  const additionalGids = name
    ? allGroups.filter((g) => g.members.includes(name) && g.gid !== gid).map((g) => g.gid)
    : [];
  return { uid, gid, additionalGids, home: entry?.home ?? '/' };
}

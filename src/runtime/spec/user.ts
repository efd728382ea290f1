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
  // As moby's getUser: the primary group, then the groups that list the user (only when no group was named).
  const member = name && !groupPart ? allGroups.filter((g) => g.members.includes(name)).map((g) => g.gid) : [];
  return { uid, gid, additionalGids: [...new Set([gid, ...member])], home: entry?.home ?? '/' };
}

/**
 * `--group-add`: group names (looked up in the container's /etc/group) or numbers, as moby's
 * GetAdditionalGroups; an unknown name fails the start with Docker's message.
 */
export async function additionalGroups(rootfs: string, wanted: readonly string[]): Promise<number[]> {
  if (wanted.length === 0) return [];
  const all = await groups(rootfs);
  return wanted.map((w) => {
    const g = all.find((x) => x.name === w) ?? (isNum(w) ? { gid: Number(w) } : undefined);
    if (!g) throw new Error(`Unable to find group ${w}: no matching entries in group file`);
    return g.gid;
  });
}

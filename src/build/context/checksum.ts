/**
 * The content checksums of COPY/ADD sources, byte for byte as Docker's legacy builder makes them
 * (moby builder/remotecontext/filehash.go and copy.go), since they are both the step's cache key and
 * the text `docker history` shows (`COPY file:<sum> in /dst `). One entry's sum is sha256 over its
 * tar-header fields (name, mode, ids, size, type, link target; no times, no user names) and then
 * its content; a directory's is sha256 over the sorted sums of everything in it, itself included.
 * Vectors checked against the reference Docker are in checksum.test.ts.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readlink } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { readXattrs, walkTree, type TreeNode } from '../../archive/tree-walk.js';
import type { IgnoreMatcher } from '../dockerignore/index.js';
import type { Source } from './sources.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function typeflag(st: BigIntStats): string {
  if (st.isFile()) return '0';
  if (st.isDirectory()) return '5';
  if (st.isSymbolicLink()) return '2';
  if (st.isCharacterDevice()) return '3';
  if (st.isBlockDevice()) return '4';
  return '6';
}

/** The sum of one entry named `name` (a directory's name ends in `/`). */
async function entrySum(node: TreeNode, name: string): Promise<string> {
  const { st } = node;
  const size = st.isFile() ? st.size : 0n;
  const link = st.isSymbolicLink() ? await readlink(node.abs) : '';
  const fields: Array<[string, string]> = [
    ['name', name], ['mode', String(Number(st.mode) & 0o7777)], ['uid', String(st.uid)], ['gid', String(st.gid)], ['size', String(size)],
    ['typeflag', typeflag(st)], ['linkname', link], ['uname', ''], ['gname', ''], ['devmajor', '0'], ['devminor', '0'],
  ];
  const cap = readXattrs(node).get('security.capability');
  if (cap) fields.push(['security.capability', cap.toString('latin1')]);
  const h = createHash('sha256').update(fields.map(([k, v]) => k + v).join(''), 'latin1');
  if (size > 0n) for await (const chunk of createReadStream(node.abs)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** `file:<sum>` or `dir:<sum>` of one source (entries `ignore` excludes left out). */
export async function sourceSum(s: Source, ignore?: IgnoreMatcher): Promise<string> {
  const under = (rel: string) => (s.rel === '.' ? rel : rel === '' ? s.rel : `${s.rel}/${rel}`);
  if (!s.isDir) {
    for await (const node of walkTree(s.abs, undefined, '')) return `file:${await entrySum(node, s.rel)}`;
  }
  const sums: string[] = [];
  // The root's own entry counts, except for the context root itself (`COPY . /`).
  for await (const node of walkTree(s.abs, undefined, s.rel === '.' ? undefined : '')) {
    const rel = under(node.rel);
    if (node.rel !== '' && ignore?.ignores(rel)) continue;
    sums.push(await entrySum(node, node.st.isDirectory() ? `${rel}/` : rel));
  }
  return `dir:${sha256(sums.sort().join(','))}`;
}

/** The checksum of a step's sources: one source's own, or `multi:` over each one's in order. */
export function combineSums(sums: readonly string[]): string {
  return sums.length === 1 ? sums[0]! : `multi:${sha256(sums.join(','))}`;
}

/**
 * COPY and ADD writing into a step's root, with Docker's rules: a directory source gives its
 * contents, a file goes to `dest` itself unless `dest` ends in `/` or is a directory already, missing
 * parents are made 0755, everything is owned by 0:0 unless `--chown`, modes and mtimes are kept
 * unless `--chmod`. The destination is resolved inside the root (its symlinks followed in scope);
 * the files go through the same tar extraction as `docker cp` (archive/extractInto), so nothing is
 * ever written through a symlink and no path leaves the root.
 */
import { createReadStream } from 'node:fs';
import { chmod, chown, lstat, stat, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { extractInto } from '../../archive/apply.js';
import { packTree } from '../../archive/tar-pack.js';
import { walkTree } from '../../archive/tree-walk.js';
import { ensureWorkingDir, resolveInRoot } from '../../runtime/spec/in-root.js';
import type { IgnoreMatcher } from '../dockerignore/index.js';
import type { Heredoc } from '../parser/ast.js';
import type { Source } from './sources.js';
import { isTarArchive } from './archive-detect.js';

export interface CopyOptions {
  owner: { uid: number; gid: number };
  /** `--chmod`: the mode of every copied file and directory. */
  mode?: number;
  /** The context's `.dockerignore` (entries inside a copied directory that match are left out). */
  ignore?: IgnoreMatcher;
  signal?: AbortSignal;
}

/** The destination as a container path: relative to the working directory, trailing `/` kept. */
export function destinationPath(dest: string, workdir: string | undefined): string {
  const abs = posix.isAbsolute(dest) ? dest : posix.join(workdir || '/', dest);
  const clean = posix.normalize(abs);
  return /\/\.?$/.test(dest) && clean !== '/' ? `${clean.replace(/\/$/, '')}/` : clean;
}

async function isDirIn(root: string, path: string): Promise<boolean> {
  return (await stat(await resolveInRoot(root, path)).catch(() => undefined))?.isDirectory() ?? false;
}

/** Makes `dir` in the root (0755, root's), then gives it the copy's owner when it was not there. */
async function destDir(root: string, dir: string, o: CopyOptions): Promise<string> {
  const host = await resolveInRoot(root, dir);
  const existed = await lstat(host).then(() => true, () => false);
  await ensureWorkingDir(root, dir);
  if (!existed && (o.owner.uid !== 0 || o.owner.gid !== 0)) await chown(host, o.owner.uid, o.owner.gid);
  return resolveInRoot(root, dir);
}

/** Applies `--chmod` to what was copied from `src` into `hostDest` (symlinks keep theirs). */
async function applyMode(src: string, hostDest: string, top: string | undefined, o: CopyOptions, rel: (r: string) => string): Promise<void> {
  if (o.mode === undefined) return;
  for await (const node of walkTree(src, o.signal, top)) {
    if (node.st.isSymbolicLink() || o.ignore?.ignores(rel(node.rel))) continue;
    await chmod(posix.join(hostDest, node.rel), o.mode);
  }
}

async function copyTree(src: string, hostDir: string, top: string | undefined, o: CopyOptions, rel: (r: string) => string): Promise<void> {
  const ignore = o.ignore;
  const tar = packTree(src, {
    ...(top !== undefined ? { top } : {}), ...(o.signal ? { signal: o.signal } : {}),
    ...(ignore ? { plan: (n) => (ignore.ignores(rel(n.rel)) ? { kind: 'skip' } : { kind: 'node' }) } : {}),
  });
  await extractInto(tar, hostDir, { owner: o.owner, keepSymlinks: true, ...(o.signal ? { signal: o.signal } : {}) });
  await applyMode(src, hostDir, top, o, rel);
}

/** Where a file lands: in `dest` when it is a directory (or will be one), else at `dest`. */
async function fileTarget(root: string, dest: string, name: string, intoDir: boolean): Promise<{ dir: string; name: string }> {
  if (intoDir || dest.endsWith('/') || (await isDirIn(root, dest))) return { dir: dest, name };
  return { dir: posix.dirname(dest), name: posix.basename(dest) };
}

/** Copies context sources into the root at `dest` (a container path, see destinationPath). */
export async function copyInto(root: string, sources: readonly Source[], dest: string, o: CopyOptions): Promise<void> {
  for (const s of sources) {
    const rel = (r: string) => (s.rel === '.' ? r : r === '' ? s.rel : `${s.rel}/${r}`);
    if (s.isDir) {
      await copyTree(s.abs, await destDir(root, dest, o), undefined, o, rel);
      continue;
    }
    const t = await fileTarget(root, dest, posix.basename(s.name), sources.length > 1);
    await copyTree(s.abs, await destDir(root, t.dir, o), t.name, o, (r) => (r === t.name ? s.rel : rel(r)));
  }
}

/**
 * ADD of a local file: a tar (plain, gzip, bzip2, xz or zstd) is unpacked into `dest` as a
 * directory, its owners kept unless `--chown`; anything else is copied as COPY does.
 */
export async function addInto(root: string, sources: readonly Source[], dest: string, o: CopyOptions & { chown: boolean }): Promise<void> {
  for (const s of sources) {
    if (s.isDir || !(await isTarArchive(s.abs))) {
      await copyInto(root, [s], sources.length > 1 && !dest.endsWith('/') ? `${dest}/` : dest, o);
      continue;
    }
    const hostDir = await destDir(root, dest, o);
    await extractInto(createReadStream(s.abs), hostDir, { ...(o.chown ? { owner: o.owner } : {}), keepSymlinks: true, ...(o.signal ? { signal: o.signal } : {}) });
  }
}

/** `COPY <<EOF /file`: an inline file, 0644 unless `--chmod`, at `dest` (or `dest/<name>` for a directory). */
export async function writeHeredoc(root: string, doc: Heredoc, dest: string, o: CopyOptions): Promise<void> {
  const t = await fileTarget(root, dest, doc.name, false);
  const hostDir = await destDir(root, t.dir, o);
  const file = posix.join(hostDir, t.name);
  if ((await lstat(file).catch(() => undefined))?.isSymbolicLink()) throw new Error(`cannot write ${dest}: it is a symbolic link`);
  await writeFile(file, doc.content, { mode: o.mode ?? 0o644 });
  await chmod(file, o.mode ?? 0o644);
  await chown(file, o.owner.uid, o.owner.gid);
}

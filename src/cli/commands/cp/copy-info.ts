/**
 * The client-side rules of `docker cp` (moby's pkg/archive copy.go, ported for POSIX paths): what
 * a source or destination is (CopyInfo), how trailing "/" and "/." change it, and where an archive
 * is extracted and under which name (PrepareArchiveCopy). Errors are moby's, word for word.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { posix } from 'node:path';

/** moby's CopyInfo. */
export interface CopyInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
  /** The name the archive's top entry must take (a followed symlink keeps the name asked for). */
  rebaseName: string;
}

/** moby's archive errors, by their exact text. */
export const COPY_ERRORS = {
  notDirectory: 'not a directory',
  dirNotExists: 'no such directory',
  cannotCopyDir: 'cannot copy directory',
} as const;

/** An error of the copy rules (printed as is, exit 1). */
export class CopyError extends Error {
  readonly code = 'COPY';
}

export function hasTrailingSeparator(p: string): boolean {
  return p.endsWith('/');
}

export function specifiesCurrentDir(p: string): boolean {
  return posix.basename(p) === '.' && (p === '.' || p.endsWith('/.'));
}

/** The path asks for a directory: it ends in "/" or "/.". */
export function assertsDirectory(p: string): boolean {
  return hasTrailingSeparator(p) || specifiesCurrentDir(p);
}

/** moby's PreserveTrailingDotOrSeparator. */
export function preserveTrailing(cleaned: string, original: string): string {
  if (specifiesCurrentDir(original) && !specifiesCurrentDir(cleaned)) return `${cleaned.replace(/\/$/, '')}/.`;
  if (hasTrailingSeparator(original) && !hasTrailingSeparator(cleaned)) return `${cleaned}/`;
  return cleaned;
}

/** moby's SplitPathDirEntry: the dir and the last element ("." kept). */
export function splitPathDirEntry(p: string): { dir: string; base: string } {
  let cleaned = posix.normalize(p).replace(/(.)\/$/, '$1');
  if (specifiesCurrentDir(p)) cleaned = `${cleaned === '/' ? '' : cleaned}/.`;
  return { dir: posix.dirname(cleaned), base: posix.basename(cleaned) || '/' };
}

/** moby's GetRebaseName: keeps the trailing "/" or "/." of `path` on the resolved path, and the name to rebase to. */
export function getRebaseName(path: string, resolved: string): { resolved: string; rebaseName: string } {
  let r = resolved;
  if (specifiesCurrentDir(path) && !specifiesCurrentDir(r)) r += '/.';
  if (hasTrailingSeparator(path) && !hasTrailingSeparator(r)) r += '/';
  return { resolved: r, rebaseName: goBase(path) !== goBase(r) ? goBase(path) : '' };
}

/** moby's CopyInfoSourcePath for a host path (absolute): symlinks in the parent are resolved; the last element with `followLink`. */
export function copyInfoSourcePath(path: string, followLink: boolean): CopyInfo {
  let resolved: string;
  let rebaseName = '';
  if (followLink) {
    ({ resolved, rebaseName } = getRebaseName(path, realpath(path)));
  } else {
    const cut = path.lastIndexOf('/');
    const dir = realpath(path.slice(0, cut + 1) || '/');
    const base = path.slice(cut + 1);
    resolved = `${dir === '/' ? '' : dir}/${base}`;
    if (hasTrailingSeparator(path) && goBase(path) !== goBase(resolved)) rebaseName = goBase(path);
  }
  const st = lstat(resolved);
  return { path: resolved, exists: true, isDir: st.isDirectory(), rebaseName };
}

/**
 * moby's CopyInfoDestinationPath: a final symlink is followed (up to 10 times); a missing path is
 * fine when its parent is a directory.
 */
export function copyInfoDestinationPath(path: string): CopyInfo {
  let p = path;
  let st = lstatSync(p, { throwIfNoEntry: false });
  for (let n = 0; st?.isSymbolicLink(); n++) {
    if (n > 10) throw new CopyError(`too many symlinks in ${path}`);
    const target = readlinkSync(p);
    p = target.startsWith('/') ? target : posix.join(splitPathDirEntry(p).dir, target);
    st = lstatSync(p, { throwIfNoEntry: false });
  }
  if (st) return { path: p, exists: true, isDir: st.isDirectory(), rebaseName: '' };
  const parent = splitPathDirEntry(p).dir;
  const pst = statSync(parent, { throwIfNoEntry: false });
  if (!pst) throw new CopyError(`stat ${parent}: no such file or directory`);
  if (!pst.isDirectory()) throw new CopyError(COPY_ERRORS.notDirectory);
  return { path: p, exists: false, isDir: false, rebaseName: '' };
}

/** What PrepareArchiveCopy decides: the directory to extract into, and the rename of the archive's entries. */
export interface ArchivePlan {
  dstDir: string;
  rebase?: { from: string; to: string };
}

/** moby's PrepareArchiveCopy. */
export function prepareArchiveCopy(src: CopyInfo, dst: CopyInfo): ArchivePlan {
  const { dir: dstDir, base: dstBase } = splitPathDirEntry(dst.path);
  const srcBase = src.rebaseName || splitPathDirEntry(src.path).base;
  if (dst.exists && dst.isDir) return { dstDir: dst.path };
  if (dst.exists && src.isDir) throw new CopyError(COPY_ERRORS.cannotCopyDir);
  if (!dst.exists && !src.isDir && assertsDirectory(dst.path)) throw new CopyError(COPY_ERRORS.dirNotExists);
  return { dstDir, rebase: { from: srcBase, to: dstBase } };
}

/** Go's filepath.Base. */
export function goBase(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch (err) {
    throw goFsError('lstat', p, err);
  }
}

function lstat(p: string): ReturnType<typeof lstatSync> & object {
  try {
    return lstatSync(p);
  } catch (err) {
    throw goFsError('lstat', p, err);
  }
}

const GO_ERRNO: Record<string, string> = { ENOENT: 'no such file or directory', ENOTDIR: 'not a directory', EACCES: 'permission denied', ELOOP: 'too many levels of symbolic links' };

/** A Node fs error in Go's os.PathError words ("lstat /x: no such file or directory"). */
export function goFsError(op: string, path: string, err: unknown): Error {
  const code = (err as { code?: string }).code ?? '';
  return new CopyError(`${op} ${path}: ${GO_ERRNO[code] ?? (err as Error).message}`);
}

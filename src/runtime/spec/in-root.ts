/**
 * Paths inside a container's root filesystem, resolved as the container would see them: symlinks
 * are followed relative to the root and `..` never climbs above it (moby's FollowSymlinkInScope),
 * so a hostile image cannot make the daemon touch host files.
 */
import { lstat, mkdir, readlink, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';

const MAX_LINKS = 255;

/** The host path of `path` inside `root`, symlinks resolved in scope; missing components are kept as named. */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const todo = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') { done.pop(); continue; }
    const host = join(root, ...done, part);
    const st = await lstat(host).catch(() => undefined);
    if (!st?.isSymbolicLink()) { done.push(part); continue; }
    if (++links > MAX_LINKS) throw new Error(`too many links resolving ${path}`);
    const target = await readlink(host);
    if (target.startsWith('/')) done.length = 0;
    todo.unshift(...target.split('/').filter(Boolean));
  }
  return join(root, ...done);
}

/**
 * Docker's setupWorkingDirectory: creates the working directory (0755, root's) if missing.
 * Throws "Cannot mkdir: <dir> is not a directory" when something else is there.
 */
export async function ensureWorkingDir(root: string, dir: string): Promise<void> {
  const host = await resolveInRoot(root, dir);
  try {
    await mkdir(host, { recursive: true, mode: 0o755 });
  } catch (e) {
    const st = await stat(host).catch(() => undefined);
    if (st && !st.isDirectory()) throw new NotADirectoryError(`Cannot mkdir: ${dir} is not a directory`);
    throw e;
  }
}

/** The working directory exists and is not a directory. */
export class NotADirectoryError extends Error {
  readonly code = 'NOT_A_DIRECTORY';
}

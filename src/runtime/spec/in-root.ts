/**
 * Paths inside a container's root filesystem, resolved as the container would see them: symlinks
 * are followed relative to the root and `..` never climbs above it (moby's FollowSymlinkInScope),
 * so a hostile image cannot make the daemon touch host files.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';

/** Links followed before giving up (moby's maxIter). */
const MAX_LINKS = 255;

/** A path that cannot be resolved: too many links, or a component that is a file. */
export class ScopeError extends Error {
  readonly code = 'SCOPE';
}

/**
 * `path` (a container path; a relative one is taken from "/") with every symlink resolved in
 * `root`: each component is looked at with lstat under the root, a symlink is expanded in place
 * (an absolute target restarts from the root), `..` never climbs above the root, at most 255
 * links are followed. A component that does not exist is taken as it is. Returns a container path.
 * @throws ScopeError for too many links or a component that is a file (Go's lstat error in moby).
 */
export function followInScope(root: string, path: string): string {
  let rest = posix.normalize(`/${path}`);
  let done = '';
  for (let links = 0; rest !== '';) {
    const i = rest.indexOf('/');
    const part = i < 0 ? rest : rest.slice(0, i);
    rest = i < 0 ? '' : rest.slice(i + 1);
    if (part === '' || part === '.') continue;
    const next = posix.normalize(`/${done}/${part}`);
    if (next === '/') {
      done = '';
      continue;
    }
    const st = lstatOrUndefined(`${root}${next}`);
    if (!st?.isSymbolicLink()) {
      done = next;
      continue;
    }
    if (++links > MAX_LINKS) throw new ScopeError(`too many links in ${path}`);
    const target = readlinkSync(`${root}${next}`);
    if (target.startsWith('/')) done = '';
    rest = `${target}/${rest}`;
  }
  return posix.normalize(`/${done}`);
}

/** The host path of a container path under `root`. */
export function hostPath(root: string, ctrPath: string): string {
  const clean = posix.normalize(`/${ctrPath}`);
  return clean === '/' ? root : `${root}${clean.replace(/\/$/, '')}`;
}

/** The host path of `path` inside `root`, symlinks resolved in scope; missing components are kept as named. */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  return hostPath(root, followInScope(root, path));
}

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new ScopeError(`${p}: not a directory`);
    throw err;
  }
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

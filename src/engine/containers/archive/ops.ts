/**
 * The archive operations of `/containers/{id}/archive` (moby's daemon/archive.go), on a view of
 * the container (view.ts) with paths resolved in its scope (scope.ts):
 * - `statPath` (HEAD) and `getArchive` (GET): the path as Docker's ResolvePath finds it (a final
 *   symlink is the link unless the path ends in "/" or "/."), its stat (path-stat.ts), and a tar
 *   rebased as Docker rebases it (a directory's entries start with the last element of the path).
 * - `putArchive` (PUT): the path fully resolved must be a directory, not in a read-only mount nor
 *   on a `--read-only` rootfs outside mounts; the tar is extracted with archive/extract's rules.
 *
 * Locking: the container's mutex is held while the view is opened (so a stop/rm/start cannot change
 * the rootfs under it); a GET then streams without it (the view's binds keep the rootfs alive). A
 * PUT into a stopped container holds it to the end: its snapshot is mounted read-write, and a start
 * must not mount the same upper dir beside it.
 */
import { lstatSync, type BigIntStats } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extractInto } from '../../../archive/apply.js';
import { pathTarOffThread } from '../../../archive/tree-tar-worker.js';
import { InvalidArgumentError, NotFoundError } from '../../errors.js';
import type { ContainerDeps } from '../deps.js';
import { hasProcess, type ContainerRecord } from '../record.js';
import { extractError, readOnlyReason } from './put-checks.js';
import { pathStat, type PathStat } from './path-stat.js';
import { followInScope, goBase, hostPath, resolveInScope, ScopeError, preserveTrailing } from './scope.js';
import { copyOwner } from './owner.js';
import { openView, type ArchiveView } from './view.js';
import { posix } from 'node:path';

/** What PUT takes besides the path and the tar. */
export interface PutArchiveOptions {
  /** Refuse to replace a directory with a non-directory and the reverse. */
  noOverwriteDirNonDir?: boolean;
  /** Own what is written as the container's user (`docker cp -a`); else as the tar says. */
  copyUIDGID?: boolean;
  signal?: AbortSignal;
}

/** `HEAD …/archive`: the stat of `path` in the container. */
export async function statPath(d: ContainerDeps, rec: ContainerRecord, path: string): Promise<PathStat> {
  const view = await d.mutex.run(rec.Id, () => openView(d, rec, { writable: false }));
  try {
    return statIn(view, rec, path).stat;
  } finally {
    await view.close();
  }
}

/**
 * `GET …/archive`: the stat and the tar, made in a worker thread (packing is synchronous syscalls:
 * on the daemon's thread the socket would idle while each chunk is made). The view closes when the
 * tar ends, fails or is destroyed (a client that goes away).
 */
export async function getArchive(d: ContainerDeps, rec: ContainerRecord, path: string): Promise<{ stat: PathStat; tar: Readable }> {
  const view = await d.mutex.run(rec.Id, () => openView(d, rec, { writable: false }));
  try {
    const { stat, host } = statIn(view, rec, path);
    return { stat, tar: closingWith(pathTarOffThread(host, stat.name === '/' ? '.' : stat.name), view) };
  } catch (err) {
    await view.close();
    throw err;
  }
}

/** `PUT …/archive`: extracts `input` into the directory `path` of the container. */
export async function putArchive(d: ContainerDeps, rec: ContainerRecord, path: string, input: Readable, o: PutArchiveOptions): Promise<void> {
  const stopped = !hasProcess(rec.State);
  const run = async (): Promise<void> => {
    const view = await (stopped ? openView(d, rec, { writable: true }) : d.mutex.run(rec.Id, () => openView(d, rec, { writable: true })));
    try {
      await extractIn(view, rec, path, input, o);
    } finally {
      await view.close();
    }
  };
  await (stopped ? d.mutex.run(rec.Id, run) : run());
}

async function extractIn(view: ArchiveView, rec: ContainerRecord, path: string, input: Readable, o: PutArchiveOptions): Promise<void> {
  const abs = preserveTrailing(posix.join('/', path), path);
  const resolved = inScope(() => followInScope(view.root, abs), rec, path);
  const st = lstatSync(hostPath(view.root, resolved), { throwIfNoEntry: false });
  if (!st) throw notFound(rec, path);
  if (!st.isDirectory()) throw extractError('extraction point is not a directory');
  const refused = readOnlyReason(view, rec, resolved);
  if (refused) throw extractError(refused);
  const owner = o.copyUIDGID ? copyOwner(view.root, rec.Config.User ?? '') : 'tar';
  try {
    await extractInto(input, hostPath(view.root, resolved), {
      noOverwriteDirNonDir: o.noOverwriteDirNonDir ?? false, owner: await owner, ...(o.signal ? { signal: o.signal } : {}),
    });
  } catch (err) {
    throw extractError(err, resolved);
  }
}

/**
 * `tar`, ending only once `view` is closed (so a client that read to the end finds nothing left
 * mounted); a destroyed or failed tar closes the view too.
 */
function closingWith(tar: Readable, view: ArchiveView): Readable {
  const out = new Transform({
    transform: (chunk: Buffer, _enc, cb) => cb(null, chunk),
    flush: (cb) => void view.close().then(() => cb(), cb),
  });
  pipeline(tar, out).catch(() => undefined).finally(() => void view.close());
  return out;
}

/** The stat of `path` as ResolvePath finds it, and the host path to archive. */
function statIn(view: ArchiveView, rec: ContainerRecord, path: string): { stat: PathStat; host: string } {
  const { resolved, abs } = inScope(() => resolveInScope(view.root, path), rec, path);
  const host = hostPath(view.root, resolved);
  let st: BigIntStats | undefined;
  try {
    st = lstatSync(host, { bigint: true, throwIfNoEntry: false });
  } catch {
    st = undefined; // ENOTDIR: a file in the middle of the path
  }
  if (!st) throw notFound(rec, path);
  const linkTarget = st.isSymbolicLink() ? inScope(() => followInScope(view.root, abs), rec, path) : '';
  const stat = pathStat(goBase(abs), st, linkTarget);
  return { stat, host };
}

function inScope<T>(fn: () => T, rec: ContainerRecord, path: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ScopeError) throw notFound(rec, path);
    throw err;
  }
}

/** Docker's containerFileNotFound. */
function notFound(rec: ContainerRecord, path: string): NotFoundError {
  return new NotFoundError(`Could not find the file ${path} in container ${rec.Name.replace(/^\//, '')}`);
}

/** A PUT or GET without a path: the router's check. */
export function checkPath(path: string): void {
  if (path === '') throw new InvalidArgumentError('bad parameter: pathcannot be empty');
}

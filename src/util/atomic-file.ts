/**
 * Crash-safe state files: write to a temp file in the same directory, fsync it, rename over the
 * target, fsync the directory. A kill -9 at any point leaves the old file or the new one, never a torn one.
 * Temp files are named `.tmp-*` so startup sweeps can find orphans (`removeOrphanTemps`).
 */
import { open, rename, readFile, readdir, rm, mkdir } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

export const TEMP_PREFIX = '.tmp-';

export function tempPathFor(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${basename(target)}-${randomBytes(6).toString('hex')}`);
}

/** fsyncs a file, or a directory so a rename inside it survives a crash. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The same as fsyncPath, named for the common case. */
export const fsyncDir = fsyncPath;

export async function writeFileAtomic(target: string, data: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, target);
  await fsyncDir(dirname(target));
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, JSON.stringify(value, null, 1) + '\n');
}

/** Reads a JSON file; `undefined` when it does not exist. */
export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as T;
}

/** Removes `.tmp-*` leftovers of interrupted writes in `dir` (not recursive). */
export async function removeOrphanTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const orphans = names.filter((n) => n.startsWith(TEMP_PREFIX));
  await Promise.all(orphans.map((n) => rm(join(dir, n), { recursive: true, force: true })));
  return orphans.length;
}

/** Small filesystem helpers shared by the storage modules (ENOENT-tolerant stat/read/list). */
import { readdir, readFile, stat, rm } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Whether an fs error means "not there" (ENOENT, ENOTDIR). */
export function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `stat`, or undefined when the path does not exist. */
export async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Reads a UTF-8 file, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Directory entries, or [] when the directory does not exist. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

/** Removes a file; returns whether it existed. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

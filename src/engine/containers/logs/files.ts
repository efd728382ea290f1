/**
 * A container log on disk: the live file `<path>` that conmon writes, and the rotated ones
 * `<path>.1` (newest) … `<path>.<n>` (oldest), as Docker's json-file driver names them.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The log's files, oldest first, the live one last (whether or not it exists yet). */
export async function logFiles(path: string): Promise<string[]> {
  const base = basename(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const rotated = names
    .map((n) => (n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)) ? Number(n.slice(base.length + 1)) : 0))
    .filter((i) => i > 0)
    .sort((a, b) => b - a);
  return [...rotated.map((i) => join(dirname(path), `${base}.${i}`)), path];
}

/** The name of rotated file `i` (1 is the newest). */
export function rotatedName(path: string, i: number): string {
  return `${path}.${i}`;
}

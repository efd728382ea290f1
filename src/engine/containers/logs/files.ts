/**
 * A container log on disk: the live file `<path>` that conmon writes, and the rotated ones
 * `<path>.1` (newest) … `<path>.<n>` (oldest), as Docker's json-file driver names them.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The log's files, oldest first, the live one last (whether or not it exists yet). Synchronous on
 * purpose: listed and opened in one turn of the event loop, the files cannot be rotated in between
 * (the rotator runs in this process).
 */
export function logFiles(path: string): string[] {
  const base = basename(path);
  let names: string[];
  try { names = readdirSync(dirname(path)); } catch { names = []; }
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

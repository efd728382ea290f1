/**
 * Test helpers: build tar archives from header lists (including hostile ones a normal tar tool
 * would refuse to write) and temp dirs. Used by the `*.test.ts` files of this module only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { encodeHeader, END_OF_ARCHIVE, padding, type TarHeader } from './tar-header.js';

/** A tar entry to build: header fields plus data for files. */
export type FixtureEntry = Omit<TarHeader, 'type'> & { type?: TarHeader['type']; data?: Buffer | string };

/** Encodes one entry (header blocks, data, padding). */
export function tarEntry(e: FixtureEntry): Buffer {
  const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
  const type = e.type ?? 'file';
  const header = encodeHeader({ mtime: 1_000_000_000, ...e, type, size: type === 'file' ? data.length : 0 });
  return Buffer.concat([header, data, padding(data.length)]);
}

/** A whole archive of `entries`. */
export function tarOf(entries: FixtureEntry[]): Buffer {
  return Buffer.concat([...entries.map(tarEntry), END_OF_ARCHIVE]);
}

/** A gzip-compressed archive of `entries`. */
export function gzipOf(entries: FixtureEntry[]): Buffer {
  return gzipSync(tarOf(entries));
}

/** A zstd-compressed archive of `entries` (made with the zstd binary). */
export function zstdOf(entries: FixtureEntry[]): Buffer {
  return execFileSync('/usr/bin/zstd', ['-cq'], { input: tarOf(entries) });
}

/** A stream of `buf` in chunks of `chunk` bytes (exercises split headers). */
export function streamOf(buf: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
  })());
}

/** Runs `fn` with a fresh temp dir under os.tmpdir(), removed afterwards. */
export async function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-archive-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

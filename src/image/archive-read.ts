/**
 * Reads an image archive (docker-archive or OCI layout tar, from a stranger) into the content
 * store: every regular file becomes a verified blob, named by its member path. Member names are
 * checked (no absolute paths after normalisation, no `..` climbing out); links must point at
 * members inside the archive. The member count is capped (tar bombs).
 */
import { Readable } from 'node:stream';
import { posix } from 'node:path';
import tar from 'tar-stream';
import type { ContentInfo, ContentIngester } from '../content/store.js';
import { detectCompression, peek, decompressor } from '../archive/decompress.js';

/** Archive entries: member path → blob. */
export interface ArchiveFiles {
  files: Map<string, ContentInfo>;
  /** Every blob ingested (to release on failure). */
  ingested: ContentInfo[];
}

/** A malformed or hostile archive. Maps to a 400. */
export class InvalidArchiveError extends Error {
  readonly code = 'INVALID_ARCHIVE';
}

export const MAX_ARCHIVE_MEMBERS = 100_000;

/** Normalises a member name; throws for one that climbs out of the archive. */
export function memberName(raw: string): string {
  if (raw.includes('\0')) throw new InvalidArchiveError(`invalid archive member name ${JSON.stringify(raw)}`);
  const norm = posix.normalize(`/${raw}`).slice(1).replace(/\/$/, '');
  if (posix.normalize(raw).startsWith('..') || raw.split('/').includes('..')) {
    throw new InvalidArchiveError(`invalid archive member name ${JSON.stringify(raw)}: path escapes the archive`);
  }
  return norm;
}

/** Reads the tar (optionally gzip/zstd compressed) into `content`. */
export async function readArchive(input: Readable, content: ContentIngester, opts: { onProgress?: (bytes: number) => void } = {}): Promise<ArchiveFiles> {
  const head = await peek(input, 6);
  const extract = tar.extract();
  const source = detectCompression(head) === 'none' ? input : input.pipe(decompressor(detectCompression(head)));
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract);
  const out: ArchiveFiles = { files: new Map(), ingested: [] };
  const links = new Map<string, string>();
  let members = 0;
  let bytes = 0;
  try {
    for await (const entry of extract) {
      if (++members > MAX_ARCHIVE_MEMBERS) throw new InvalidArchiveError(`archive has more than ${MAX_ARCHIVE_MEMBERS} members`);
      const name = memberName(entry.header.name);
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        const info = await content.ingest(Readable.from(entry), { size: entry.header.size ?? 0 });
        out.ingested.push(info);
        out.files.set(name, info);
        bytes += info.size;
        opts.onProgress?.(bytes);
      } else {
        if (entry.header.type === 'symlink' || entry.header.type === 'link') links.set(name, linkTarget(name, entry.header));
        entry.resume();
      }
    }
  } catch (e) {
    throw wrapTarError(e);
  }
  for (const [name, target] of links) {
    const info = out.files.get(target);
    if (info) out.files.set(name, info);
  }
  return out;
}

function linkTarget(name: string, h: tar.Header): string {
  const target = h.linkname ?? '';
  const joined = h.type === 'symlink' && !target.startsWith('/') ? posix.join(posix.dirname(name), target) : target;
  if (posix.normalize(joined).startsWith('..')) throw new InvalidArchiveError(`invalid link ${JSON.stringify(name)} -> ${JSON.stringify(target)}: points outside the archive`);
  return memberName(joined);
}

function wrapTarError(e: unknown): Error {
  if (e instanceof InvalidArchiveError || (e as { code?: string }).code) return e as Error;
  const msg = e instanceof Error ? e.message : String(e);
  return new InvalidArchiveError(`Error processing tar file: ${msg}`);
}

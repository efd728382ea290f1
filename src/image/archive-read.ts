/**
 * Reads an image archive (docker-archive or OCI layout tar, from a stranger) into the content
 * store: every regular file becomes a verified blob, named by its member path. Member names are
 * checked (no absolute paths after normalisation, no `..` climbing out); links must point at
 * members inside the archive. The member count is capped (tar bombs).
 */
import { Readable } from 'node:stream';
import { posix } from 'node:path';
import tar from 'tar-stream';
import type { ContentInfo, ContentIngester, ContentProvider } from '../content/store.js';
import { sha256Digest } from '../oci/digest.js';
import { detectCompression, peek, decompressor } from '../archive/decompress.js';

/** A regular file of the archive: small ones stay in memory until used, large ones are blobs already. */
export interface ArchiveMember extends ContentInfo { data?: Buffer }

/** Archive entries: member path → member. */
export interface ArchiveFiles {
  files: Map<string, ArchiveMember>;
}

/** Members up to this size are held in memory (JSON files, tiny layers), up to MAX_IN_MEMORY in all. */
const SMALL_MEMBER = 1024 * 1024;
const MAX_IN_MEMORY = 64 * 1024 * 1024;

/** Puts an in-memory member into the store (a no-op for one streamed there already). */
export async function storeMember(content: ContentIngester, m: ArchiveMember): Promise<void> {
  if (m.data) await content.put(m.data, m.digest);
}

/** The bytes of a member (from memory or the store). */
export async function memberBytes(content: ContentProvider, m: ArchiveMember): Promise<Buffer> {
  return m.data ?? content.readBytes(m.digest);
}

/** A malformed or hostile archive. Maps to a 400. */
export class InvalidArchiveError extends Error {
  readonly code = 'INVALID_ARCHIVE';
}

export const MAX_ARCHIVE_MEMBERS = 20_000;

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
  const out: ArchiveFiles = { files: new Map() };
  const links = new Map<string, string>();
  let members = 0;
  let bytes = 0;
  let inMemory = 0;
  try {
    for await (const entry of extract) {
      if (++members > MAX_ARCHIVE_MEMBERS) throw new InvalidArchiveError(`archive has more than ${MAX_ARCHIVE_MEMBERS} members`);
      const name = memberName(entry.header.name);
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        const size = entry.header.size ?? 0;
        const small = size <= SMALL_MEMBER && inMemory + size <= MAX_IN_MEMORY;
        const info: ArchiveMember = small ? await readSmall(entry, size) : await content.ingest(Readable.from(entry), { size });
        if (small) inMemory += size;
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

async function readSmall(entry: AsyncIterable<unknown>, size: number): Promise<ArchiveMember> {
  const chunks: Buffer[] = [];
  for await (const c of entry) chunks.push(c as Buffer);
  const data = Buffer.concat(chunks);
  if (data.length !== size) throw new InvalidArchiveError('Error processing tar file: unexpected EOF');
  return { digest: sha256Digest(data), size, data };
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

/**
 * Whether a file ADD should unpack: a tar, plain or compressed (gzip, bzip2, xz, zstd), as moby's
 * IsArchivePath decides it: the first block after decompression must be a tar header.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { archiveDecompressor, detectArchiveCompression } from '../../archive/decompress.js';

const BLOCK = 512;

/** A tar header block: the checksum field matches the sum of its bytes (spaces in the field). */
function isTarHeader(b: Buffer): boolean {
  if (b.length < BLOCK) return false;
  const field = b.subarray(148, 156).toString('latin1').replace(/\0.*$/, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]!;
  return sum === parseInt(field, 8);
}

async function firstBlock(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of input as AsyncIterable<Buffer>) {
      chunks.push(c);
      n += c.length;
      if (n >= BLOCK) break;
    }
  } catch {
    // not the compression its magic said: not an archive
  } finally {
    input.destroy();
  }
  return Buffer.concat(chunks).subarray(0, BLOCK);
}

export async function isTarArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const kind = detectArchiveCompression(head);
  if (kind === 'none') return isTarHeader(head);
  const src = createReadStream(path);
  const d = archiveDecompressor(kind);
  src.once('error', (e) => d.destroy(e));
  const block = await firstBlock(src.pipe(d));
  src.destroy();
  return isTarHeader(block);
}

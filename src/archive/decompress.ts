/**
 * Compression detection and streaming decompression for layer blobs. The format is chosen from the
 * magic bytes, not the media type (Docker does the same): gzip `1f 8b`, zstd `28 b5 2f fd`, else plain.
 * gzip uses zlib; zstd spawns `zstd -dc` (Node 20's zlib has no zstd) as a stream. Errors of the
 * decompressors surface as `CorruptLayerError`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptLayerError } from './errors.js';

/** Compression of a layer blob, as `ApplyResult.compression` reports it. */
export type Compression = 'gzip' | 'zstd' | 'none';

/** Path of the zstd binary (Debian package `zstd`). */
export const ZSTD_BIN = '/usr/bin/zstd';

/** Compression format of a blob from its first bytes (at least 4 are needed to see zstd). */
export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/**
 * Reads at least `n` bytes (fewer at end of input) without consuming them: they are pushed back
 * with `unshift`, so whoever reads `input` next still sees every byte.
 */
export async function peek(input: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let len = 0;
  while (len < n && !input.readableEnded) {
    const chunk = input.read() as Buffer | string | null;
    if (chunk !== null) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buf);
      len += buf.length;
      continue;
    }
    await readableOrEnd(input);
  }
  const head = Buffer.concat(chunks);
  if (head.length > 0) input.unshift(head);
  return head;
}

function readableOrEnd(input: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      input.off('readable', ok).off('end', ok).off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const ok = (): void => done();
    input.once('readable', ok).once('end', ok).once('error', done);
  });
}

/**
 * zlib passes stream options through: a large readable buffer lets inflate (on the thread pool) run
 * ahead of the tar parser instead of taking turns with it (measured: ~25% faster parallel unpack).
 */
const GUNZIP_OPTIONS = { chunkSize: 128 * 1024, highWaterMark: 4 * 1024 * 1024 };

/** A transform from compressed to plain tar bytes for `kind`. */
export function decompressor(kind: Compression): Duplex {
  if (kind === 'gzip') return createGunzip(GUNZIP_OPTIONS);
  if (kind === 'zstd') return zstdDecompressor();
  return new PassThrough({ highWaterMark: 128 * 1024 });
}

/**
 * `zstd -dc` as a Duplex. Its output ends only once the child has exited 0, so a truncated frame
 * (non-zero exit) always fails the stream, even when the bytes out so far happen to end a tar.
 * Destroying the duplex kills the child.
 */
export function zstdDecompressor(bin = ZSTD_BIN): Duplex {
  const child = spawn(bin, ['-dcq'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const out = new PassThrough({ highWaterMark: 128 * 1024 });
  child.stdout.pipe(out, { end: false });
  const duplex = Duplex.from({ writable: child.stdin, readable: out });
  watchExit(child, duplex, out, stderr);
  return duplex;
}

function watchExit(child: ChildProcess, duplex: Duplex, out: PassThrough, stderr: Buffer[]): void {
  child.once('error', (err) => duplex.destroy(new CorruptLayerError(`zstd: ${err.message}`, { cause: err })));
  child.once('close', (code, signal) => {
    if (code === 0) return void out.end();
    if (duplex.destroyed) return;
    const msg = Buffer.concat(stderr).toString().trim() || `exit ${code ?? signal}`;
    duplex.destroy(new CorruptLayerError(`zstd: ${msg}`));
  });
  duplex.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // A consumer that stops early (error downstream) must not crash the process with EPIPE.
  child.stdin?.on('error', () => undefined);
}

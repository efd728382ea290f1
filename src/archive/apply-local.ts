/**
 * The body of `applyLayer`, run on the current thread: one layer blob (gzip, zstd or plain tar) →
 * one overlayfs diff dir, in one stream. `applyLayer` runs it in a worker thread (apply-worker.ts).
 *
 *   input ─▶ Digester (compressedDigest) ─▶ [gunzip | zstd -dc ─▶ Digester (diffId)] ─▶ limitSize(maxBytes)
 *         ─▶ tar-stream extract ─▶ one writer per entry (writers.ts)      (plain tar: one digest for both)
 *
 * Safety rests on `safe-path.ts` (lexical, no escaping "..") and `target-tree.ts` (no symlink is ever
 * followed under the target). On any failure the target dir is removed before the promise rejects.
 */
import { mkdir, readdir, rm, lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { Digester, limitSize, SizeLimitError } from '../util/verify.js';
import type { ApplyOptions, ApplyResult } from './apply.js';
import { decompressor, detectCompression, peek } from './decompress.js';
import { CorruptLayerError, LayerLimitError, UnsafeLayerError } from './errors.js';
import { EntryReader } from './entry-reader.js';
import { TargetTree } from './target-tree.js';

/** Accepts pre-POSIX (v7) headers, as Go's reader (Docker) does; checksums are still verified. */
const EXTRACT_OPTIONS = { allowUnknownFormat: true } as Parameters<typeof tar.extract>[0];

const DEFAULTS = { maxEntries: 1_000_000, maxBytes: 64 * 1024 ** 3 };

/**
 * `applyLayer` on the calling thread (same contract). Its file syscalls are synchronous, so it
 * blocks this thread's event loop for the duration: use `applyLayer` unless already in a worker.
 */
export async function applyLayerHere(input: Readable, dir: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  opts.signal?.throwIfAborted();
  const root = resolve(dir);
  await prepareDir(root);
  const tree = new TargetTree(root);
  try {
    return await run(input, tree, { ...DEFAULTS, ...withoutUndefined(opts) });
  } catch (err) {
    await tree.settle();
    await rm(root, { recursive: true, force: true });
    throw classify(err);
  }
}

async function run(input: Readable, tree: TargetTree, opts: ApplyOptions & typeof DEFAULTS): Promise<ApplyResult> {
  const head = await peekAbortable(input, opts.signal);
  const compression = detectCompression(head);
  // A plain tar's diffID is its input digest: hash it once. A compressed input the caller hashes is not hashed here.
  const compressed = compression === 'none' || !opts.inputHashed ? new Digester() : undefined;
  const plain = compression === 'none' ? compressed! : new Digester();
  const extract = tar.extract(EXTRACT_OPTIONS);
  const reader = new EntryReader(tree, extract, { maxEntries: opts.maxEntries });
  const stages = compression === 'none' ? [] : [decompressor(compression), plain];
  const streams = [input, ...(compressed ? [compressed] : []), ...stages, limitSize(opts.maxBytes, 'uncompressed layer'), extract];
  await pipeline(streams, ...(opts.signal ? [{ signal: opts.signal }] : []) as []);
  await tree.finish();
  return {
    diffId: plain.digest(), size: reader.bytesWritten, compression,
    ...(compressed ? { compressedDigest: compressed.digest(), compressedSize: compressed.size } : {}),
  };
}

/** Creates `dir` if missing; refuses a symlink or a non-empty dir (it would be removed on failure). */
async function prepareDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const st = await lstat(dir);
  if (!st.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
  if ((await readdir(dir)).length > 0) throw Object.assign(new Error(`${dir} is not empty`), { code: 'ENOTEMPTY' });
}

async function peekAbortable(input: Readable, signal: AbortSignal | undefined): Promise<Buffer> {
  if (!signal) return peek(input, 4);
  const onAbort = (): void => void input.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await peek(input, 4);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Maps a pipeline failure to the module's typed errors. Errors with a `code` (fs, input stream,
 * abort) pass through; zlib's (`Z_*`) and tar-stream's (no code) mean corrupt bytes.
 */
function classify(err: unknown): unknown {
  if (err instanceof UnsafeLayerError || err instanceof LayerLimitError || err instanceof CorruptLayerError) return err;
  if (err instanceof SizeLimitError) return new LayerLimitError('bytes', err.limit);
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (err.name === 'AbortError' || (typeof code === 'string' && !code.startsWith('Z_'))) return err;
  return new CorruptLayerError(err.message, { cause: err });
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

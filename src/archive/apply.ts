/**
 * `applyLayer`: one layer blob (gzip, zstd or plain tar) → one overlayfs diff dir, in one stream,
 * in a worker thread. Unpacking is mostly small synchronous syscalls (apply-local.ts explains why);
 * a worker per layer keeps them off the caller's event loop and lets parallel layers use all cores,
 * as parallel `tar` processes do. The caller's stream is read here and fed to the worker with
 * backpressure (one chunk per pull); an error of that stream is rethrown as the same object.
 */
import { rm } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Digest } from '../oci/digest.js';
import type { Compression } from './decompress.js';
import { decodeError, encodeError } from './error-codec.js';
import type { ApplyWorkerData, FromWorker, ToWorker } from './apply-worker.js';

/** Options of `applyLayer`. */
export interface ApplyOptions {
  signal?: AbortSignal;
  /** Most entries a layer may hold (default 1,000,000). */
  maxEntries?: number;
  /** Most uncompressed tar bytes (default 64 GiB). */
  maxBytes?: number;
}

/** What `applyLayer` learnt while applying. */
export interface ApplyResult {
  /** sha256 of the uncompressed tar. */
  diffId: Digest;
  /** Bytes of regular files written (for an image's Size). */
  size: number;
  /** sha256 of the input bytes as given. */
  compressedDigest: Digest;
  compressedSize: number;
  compression: Compression;
}
/**
 * Applies one layer tar (gzip, zstd or plain: detected from magic bytes) into `dir` (an empty
 * overlay diff dir it creates if missing) in overlayfs form. Whiteouts become char devices 0:0,
 * opaque markers the xattr `trusted.overlay.opaque=y`. Reads `input` to its end on success.
 * @throws UnsafeLayerError (traversal, symlink or hardlink escape), LayerLimitError, CorruptLayerError,
 *   an AbortError, the input stream's own error, or an fs error (ENOSPC…, ENOTEMPTY for a non-empty
 *   `dir`, which is then left alone); otherwise `dir` has been removed before the promise rejects.
 */
export async function applyLayer(input: Readable, dir: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  opts.signal?.throwIfAborted();
  const data: ApplyWorkerData = { dir: resolvePath(dir), maxEntries: opts.maxEntries, maxBytes: opts.maxBytes };
  const worker = new Worker(new URL('./apply-worker.js', import.meta.url), { workerData: data });
  try {
    return await drive(worker, input, opts.signal);
  } catch (err) {
    input.destroy();
    if (err instanceof WorkerCrash) {
      await worker.terminate();
      await rm(data.dir, { recursive: true, force: true });
      throw err.cause;
    }
    throw err;
  } finally {
    void worker.terminate();
  }
}

/** The worker died without answering (it did not clean up: the caller must). */
class WorkerCrash extends Error {}

function drive(worker: Worker, input: Readable, signal: AbortSignal | undefined): Promise<ApplyResult> {
  const post = (m: ToWorker): void => worker.postMessage(m);
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let inputError: unknown;
  const pull = async (): Promise<void> => {
    try {
      const next = await chunks.next();
      if (next.done) return post({ type: 'end' });
      post({ type: 'data', chunk: typeof next.value === 'string' ? Buffer.from(next.value) : next.value });
    } catch (err) {
      inputError = err;
      post({ type: 'error', error: encodeError(err) });
    }
  };
  const onAbort = (): void => post({ type: 'abort' });
  signal?.addEventListener('abort', onAbort, { once: true });
  // The iterator listens only from its first next(); an error before that (a failed open) must not
  // crash the process: the stream keeps it, and the first pull rethrows it.
  input.on('error', ignore);
  return new Promise<ApplyResult>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'pull') void pull();
      else if (m.type === 'done') resolve(m.result as ApplyResult);
      else reject(inputError ?? decodeError(m.error));
    });
    worker.once('error', (err) => reject(new WorkerCrash('worker error', { cause: err })));
    worker.once('exit', (code) => reject(new WorkerCrash('worker exit', { cause: new Error(`layer apply worker exited (code ${code})`) })));
  }).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    input.off('error', ignore);
  });
}

function ignore(): void {}

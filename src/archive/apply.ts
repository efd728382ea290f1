/**
 * `applyLayer`: one layer blob (gzip, zstd or plain tar) → one overlayfs diff dir, in one stream,
 * in a worker thread. Unpacking is mostly small synchronous syscalls (apply-local.ts explains why);
 * a worker per layer (pooled: worker-pool.ts) keeps them off the caller's event loop and lets
 * parallel layers use all cores, as parallel `tar` processes do. The caller's stream is read here and fed to the worker with
 * backpressure (one chunk per pull); an error of that stream is rethrown as the same object.
 */
import { rm } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { Digest } from '../oci/digest.js';
import type { Compression } from './decompress.js';
import { decodeError, encodeError } from './error-codec.js';
import type { ApplyWorkerData, FromWorker, ToWorker } from './apply-worker.js';
import { acquireWorker, releaseWorker } from './worker-pool.js';
import type { ExtractOptions, ExtractResult } from './extract-local.js';

/** Options of `applyLayer`. */
export interface ApplyOptions {
  signal?: AbortSignal;
  /** Most entries a layer may hold (default 1,000,000). */
  maxEntries?: number;
  /** Most uncompressed tar bytes (default 64 GiB). */
  maxBytes?: number;
  /** The caller hashes the (compressed) input itself, as a pull's blob store does: not again here. */
  inputHashed?: boolean;
}

/** What `applyLayer` learnt while applying. */
export interface ApplyResult {
  /** sha256 of the uncompressed tar. */
  diffId: Digest;
  /** Bytes of regular files written (for an image's Size). */
  size: number;
  /** sha256 and size of the input bytes as given (unless `inputHashed`, for a compressed input). */
  compressedDigest?: Digest;
  compressedSize?: number;
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
  const data: ApplyWorkerData = { dir: resolvePath(dir), maxEntries: opts.maxEntries, maxBytes: opts.maxBytes, inputHashed: opts.inputHashed };
  const worker = await acquireWorker(opts.signal);
  try {
    const result = await drive(worker, ++lastJob, data, input, opts.signal);
    releaseWorker(worker);
    return result;
  } catch (err) {
    input.destroy();
    if (!(err instanceof WorkerCrash)) {
      releaseWorker(worker);
      throw err;
    }
    releaseWorker(worker, false);
    await worker.terminate();
    await rm(data.dir, { recursive: true, force: true });
    throw err.cause;
  }
}

/**
 * Extracts a tar (gzip, zstd or plain) into the existing directory `dir`, in a worker thread, with
 * the rules of extract-local.ts (`docker cp` into a container). A failure leaves what was written.
 * @throws UnsafeLayerError, OverwriteError, LayerLimitError, CorruptLayerError, an AbortError, the input's error, an fs error.
 */
export async function extractInto(input: Readable, dir: string, opts: ExtractOptions & { signal?: AbortSignal } = {}): Promise<ExtractResult> {
  opts.signal?.throwIfAborted();
  const { signal, maxEntries, maxBytes, ...extract } = opts;
  const data: ApplyWorkerData = { dir: resolvePath(dir), maxEntries, maxBytes, extract };
  const worker = await acquireWorker(signal);
  try {
    const result = await drive(worker, ++lastJob, data, input, signal);
    releaseWorker(worker);
    return result as unknown as ExtractResult;
  } catch (err) {
    input.destroy();
    releaseWorker(worker, !(err instanceof WorkerCrash));
    if (err instanceof WorkerCrash) {
      await worker.terminate();
      throw err.cause;
    }
    throw err;
  }
}

let lastJob = 0;

/** The worker died without answering (it did not clean up: the caller must). */
class WorkerCrash extends Error {}

/** Runs one job on `worker`: feeds `input` on each pull, settles on the worker's answer. */
function drive(worker: Worker, job: number, data: ApplyWorkerData, input: Readable, signal?: AbortSignal): Promise<ApplyResult> {
  const post = (m: ToWorker): void => worker.postMessage(m);
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let inputError: unknown;
  const pull = async (): Promise<void> => {
    try {
      const next = await chunks.next();
      if (next.done) return post({ job, type: 'end' });
      post({ job, type: 'data', chunk: withBuffered(input, typeof next.value === 'string' ? Buffer.from(next.value) : next.value) });
    } catch (err) {
      inputError = err;
      post({ job, type: 'error', error: encodeError(err) });
    }
  };
  const onAbort = (): void => post({ job, type: 'abort' });
  signal?.addEventListener('abort', onAbort, { once: true });
  // The iterator listens only from its first next(); an error before that (a failed open) must not
  // crash the process: the stream keeps it, and the first pull rethrows it.
  input.on('error', ignore);
  let onMessage!: (m: FromWorker) => void;
  let onError!: (err: Error) => void;
  let onExit!: (code: number) => void;
  return new Promise<ApplyResult>((resolve, reject) => {
    onMessage = (m) => {
      if (m.job !== job) return;
      if (m.type === 'pull') void pull();
      else if (m.type === 'done') resolve(m.result as ApplyResult);
      else if (m.type === 'failed') reject(inputError ?? decodeError(m.error));
    };
    onError = (err) => reject(new WorkerCrash('worker error', { cause: err }));
    onExit = (code) => reject(new WorkerCrash('worker exit', { cause: new Error(`layer apply worker exited (code ${code})`) }));
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
    post({ job, type: 'start', data });
  }).finally(() => {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    signal?.removeEventListener('abort', onAbort);
    input.off('error', ignore);
  });
}

/** Most bytes handed to the worker in one message. */
const MAX_MESSAGE = 1024 * 1024;

/**
 * `first` and whatever `input` already holds (up to MAX_MESSAGE): a message per small chunk (64 KiB
 * from a socket) cost a thread round trip each, ~30% of a `docker cp` of small files.
 */
function withBuffered(input: Readable, first: Buffer): Buffer {
  const parts = [first];
  let size = first.length;
  while (size < MAX_MESSAGE && input.readableLength > 0) {
    const more = input.read(Math.min(input.readableLength, MAX_MESSAGE - size)) as Buffer | string | null;
    if (more === null) break;
    const buf = typeof more === 'string' ? Buffer.from(more) : more;
    parts.push(buf);
    size += buf.length;
  }
  return parts.length === 1 ? first : Buffer.concat(parts, size);
}

function ignore(): void {}

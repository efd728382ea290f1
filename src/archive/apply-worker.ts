/**
 * Worker-thread entry of `applyLayer`, reused for one job after another (worker-pool.ts). For each
 * job (`start`), the main thread feeds the layer bytes one chunk per `pull` (so the worker's Readable
 * gives backpressure), the worker runs `applyLayerHere` with its direct syscalls off the caller's
 * event loop, and answers `done` or `failed` once the dir is complete or removed. Messages carry the
 * job number, so a late message of an earlier job is never fed to the next one.
 */
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { applyLayerHere } from './apply-local.js';
import { extractIntoHere, type ExtractOptions } from './extract-local.js';
import { decodeError, encodeError, type WireError } from './error-codec.js';

/** What the main thread sends; `job` tells a reused worker's jobs apart. */
export type ToWorker = { job: number } & (
  | { type: 'start'; data: ApplyWorkerData }
  | { type: 'data'; chunk: Uint8Array } | { type: 'end' } | { type: 'error'; error: WireError } | { type: 'abort' });
/** What the worker sends. */
export type FromWorker = { job: number } & (
  | { type: 'pull' } | { type: 'done'; result: unknown } | { type: 'failed'; error: WireError });

/** What a job needs to start. */
export interface ApplyWorkerData {
  dir: string;
  maxEntries?: number;
  maxBytes?: number;
  /** Present: an `extractInto` job (into an existing dir) rather than a layer apply. */
  extract?: ExtractOptions;
}

interface Job { id: number; input: Readable; abort: AbortController }

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('apply-worker must run in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  let job: Job | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') job = start(m.job, m.data, send, () => (job = undefined));
    else if (job?.id === m.job) feed(job, m);
  });
}

function start(id: number, data: ApplyWorkerData, send: (m: FromWorker) => void, finished: () => void): Job {
  const input = new Readable({ highWaterMark: 1024 * 1024, read: () => send({ job: id, type: 'pull' }) });
  const abort = new AbortController();
  const limits = { maxEntries: data.maxEntries, maxBytes: data.maxBytes, signal: abort.signal };
  const run = data.extract ? extractIntoHere(input, data.dir, { ...data.extract, ...limits }) : applyLayerHere(input, data.dir, limits);
  (run as Promise<unknown>)
    .then((result) => send({ job: id, type: 'done', result }),
      (err: unknown) => send({ job: id, type: 'failed', error: encodeError(err) }))
    .finally(finished);
  return { id, input, abort };
}

function feed(job: Job, m: ToWorker): void {
  if (m.type === 'data') job.input.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
  else if (m.type === 'end') job.input.push(null);
  else if (m.type === 'error') job.input.destroy(decodeError(m.error));
  else if (m.type === 'abort') job.abort.abort();
}

main();

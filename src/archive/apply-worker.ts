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
import { pathTar } from './tree-tar.js';
import { decodeError, encodeError, type WireError } from './error-codec.js';

/** What the main thread sends; `job` tells a reused worker's jobs apart. */
export type ToWorker = { job: number } & (
  | { type: 'start'; data: ApplyWorkerData } | { type: 'pack'; data: PackWorkerData }
  | { type: 'data'; chunk: Uint8Array } | { type: 'end' } | { type: 'error'; error: WireError } | { type: 'abort' }
  | { type: 'more' });
/** What the worker sends. */
export type FromWorker = { job: number } & (
  | { type: 'pull' } | { type: 'chunk'; chunk: Uint8Array } | { type: 'done'; result: unknown } | { type: 'failed'; error: WireError });

/** A `pathTar` job: the tar's bytes come back as `chunk` messages, at most PACK_WINDOW ahead of the `more` credits. */
export interface PackWorkerData { path: string; top: string }

/** Chunks (~1 MiB each) a pack job may send before the main thread asks for more. */
export const PACK_WINDOW = 4;

/** What a job needs to start. */
export interface ApplyWorkerData {
  dir: string;
  maxEntries?: number;
  maxBytes?: number;
  inputHashed?: boolean;
  /** Present: an `extractInto` job (into an existing dir) rather than a layer apply. */
  extract?: ExtractOptions;
}

interface Job { id: number; input?: Readable; abort: AbortController; more?: () => void }

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('apply-worker must run in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  let job: Job | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') job = start(m.job, m.data, send, () => (job = undefined));
    else if (m.type === 'pack') job = pack(m.job, m.data, send, () => (job = undefined));
    else if (job?.id === m.job) feed(job, m);
  });
}

function start(id: number, data: ApplyWorkerData, send: (m: FromWorker) => void, finished: () => void): Job {
  const input = new Readable({ highWaterMark: 1024 * 1024, read: () => send({ job: id, type: 'pull' }) });
  const abort = new AbortController();
  const limits = { maxEntries: data.maxEntries, maxBytes: data.maxBytes, signal: abort.signal };
  const run = data.extract ? extractIntoHere(input, data.dir, { ...data.extract, ...limits }) : applyLayerHere(input, data.dir, { ...limits, inputHashed: data.inputHashed });
  (run as Promise<unknown>)
    .then((result) => send({ job: id, type: 'done', result }),
      (err: unknown) => send({ job: id, type: 'failed', error: encodeError(err) }))
    .finally(finished);
  return { id, input, abort };
}

/** Streams `pathTar` back in chunks, PACK_WINDOW ahead of the main thread's `more` credits. */
function pack(id: number, data: PackWorkerData, send: (m: FromWorker) => void, finished: () => void): Job {
  const abort = new AbortController();
  let credits = PACK_WINDOW;
  let wake: (() => void) | undefined;
  const more = (): void => {
    credits++;
    wake?.();
  };
  const run = async (): Promise<void> => {
    for await (const chunk of pathTar(data.path, data.top, { signal: abort.signal }) as AsyncIterable<Buffer>) {
      while (credits === 0) await new Promise<void>((r) => (wake = r));
      credits--;
      send({ job: id, type: 'chunk', chunk });
    }
  };
  run().then(() => send({ job: id, type: 'done', result: null }), (err: unknown) => send({ job: id, type: 'failed', error: encodeError(err) }))
    .finally(finished);
  return { id, abort, more };
}

function feed(job: Job, m: ToWorker): void {
  if (m.type === 'more') job.more?.();
  else if (m.type === 'abort') {
    job.abort.abort();
    job.more?.();
  } else if (!job.input) return;
  else if (m.type === 'data') job.input.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
  else if (m.type === 'end') job.input.push(null);
  else if (m.type === 'error') job.input.destroy(decodeError(m.error));
}

main();

/**
 * Worker-thread entry of `applyLayer`. The main thread feeds the layer bytes one chunk per `pull`
 * (so the worker's Readable gives backpressure), the worker runs `applyLayerHere` with its direct
 * syscalls off the caller's event loop, and answers `done` or `failed` once the dir is complete or
 * removed. Messages: main → worker `data | end | error | abort`; worker → main `pull | done | failed`.
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { applyLayerHere } from './apply-local.js';
import { decodeError, encodeError, type WireError } from './error-codec.js';

/** What the main thread sends. */
export type ToWorker =
  | { type: 'data'; chunk: Uint8Array } | { type: 'end' } | { type: 'error'; error: WireError } | { type: 'abort' };
/** What the worker sends. */
export type FromWorker =
  | { type: 'pull' } | { type: 'done'; result: unknown } | { type: 'failed'; error: WireError };

/** Data given to the worker at start. */
export interface ApplyWorkerData { dir: string; maxEntries?: number; maxBytes?: number }

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('apply-worker must run in a worker thread');
  const data = workerData as ApplyWorkerData;
  const ac = new AbortController();
  const send = (m: FromWorker): void => port.postMessage(m);
  const input = new Readable({ highWaterMark: 1024 * 1024, read: () => send({ type: 'pull' }) });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'data') input.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
    else if (m.type === 'end') input.push(null);
    else if (m.type === 'error') input.destroy(decodeError(m.error));
    else ac.abort();
  });
  applyLayerHere(input, data.dir, { maxEntries: data.maxEntries, maxBytes: data.maxBytes, signal: ac.signal })
    .then((result) => send({ type: 'done', result }), (err: unknown) => send({ type: 'failed', error: encodeError(err) }))
    .finally(() => port.close());
}

main();

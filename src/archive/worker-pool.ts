/**
 * The apply-worker threads: at most `MAX_BUSY` run at once (more callers wait their turn, their
 * input unread, so a pull of 50 layers does not start 50 isolates), and a few idle ones are kept
 * for reuse: starting a worker costs ~50 ms (a new V8 isolate loading the module graph), reusing one
 * ~1 ms. Idle workers are unref'ed, so they never keep the process alive, and end after 30 s unused:
 * each holds an isolate (~10 MB), which a daemon at rest should not keep.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const MAX_IDLE = 4;
let idleMs = 30_000;
const MAX_BUSY = Math.max(4, 2 * availableParallelism());
const idle: Worker[] = [];
const idleTimers = new Map<Worker, NodeJS.Timeout>();
const waiting: Array<() => void> = [];
let busy = 0;

/** A worker for one job: reused if one is idle, else started. Give it back with `releaseWorker`. */
export async function acquireWorker(signal?: AbortSignal): Promise<Worker> {
  while (busy >= MAX_BUSY) await turn(signal);
  busy++;
  const worker = idle.pop() ?? startWorker();
  clearTimeout(idleTimers.get(worker));
  idleTimers.delete(worker);
  worker.ref();
  return worker;
}

/** Returns a worker whose job is over; `reusable` is false when it crashed or was terminated. */
export function releaseWorker(worker: Worker, reusable = true): void {
  busy--;
  waiting.shift()?.();
  if (!reusable) return;
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idle.push(worker);
  const timer = setTimeout(() => {
    idleTimers.delete(worker);
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
    void worker.terminate();
  }, idleMs);
  timer.unref();
  idleTimers.set(worker, timer);
}

function turn(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const go = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      waiting.splice(waiting.indexOf(go), 1);
      reject(signal?.reason as Error);
    };
    waiting.push(go);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function startWorker(): Worker {
  const worker = new Worker(new URL('./apply-worker.js', import.meta.url));
  // A job's own listeners report errors; this one keeps an idle worker's death from throwing.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    clearTimeout(idleTimers.get(worker));
    idleTimers.delete(worker);
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  });
  return worker;
}

/** How many workers wait idle (for tests). */
export function idleWorkers(): number {
  return idle.length;
}

/** How long an idle worker is kept (tests shorten it). */
export function setIdleWorkerTimeout(ms: number): void {
  idleMs = ms;
}

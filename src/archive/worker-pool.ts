/**
 * A few idle `apply-worker` threads kept for reuse: starting one costs ~50 ms (a new V8 isolate
 * loading the module graph), reusing one ~1 ms. Idle workers are unref'ed, so they never keep the
 * process alive; at most `MAX_IDLE` are kept, the rest end when released.
 */
import { Worker } from 'node:worker_threads';

const MAX_IDLE = 4;
const idle: Worker[] = [];

/** A worker for one job: reused if one is idle, else started. Give it back with `releaseWorker`. */
export function acquireWorker(): Worker {
  const worker = idle.pop() ?? startWorker();
  worker.ref();
  return worker;
}

/** Returns a worker whose job is over (and which did not crash) to the idle set. */
export function releaseWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idle.push(worker);
}

function startWorker(): Worker {
  const worker = new Worker(new URL('./apply-worker.js', import.meta.url));
  // A job's own listeners report errors; this one keeps an idle worker's death from throwing.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  });
  return worker;
}

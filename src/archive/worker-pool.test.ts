import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acquireWorker, idleWorkers, releaseWorker, setIdleWorkerTimeout } from './worker-pool.js';

test('an idle worker is reused, and ends once it has been idle too long (a daemon at rest keeps no isolates)', async () => {
  setIdleWorkerTimeout(200);
  const w = await acquireWorker();
  releaseWorker(w);
  assert.equal(idleWorkers(), 1);
  const again = await acquireWorker();
  assert.equal(again, w, 'reused');
  releaseWorker(again);
  const alive = setInterval(() => undefined, 1000); // idle workers and their timers do not hold the loop
  await new Promise((r) => w.once('exit', r));
  clearInterval(alive);
  assert.equal(idleWorkers(), 0);
});

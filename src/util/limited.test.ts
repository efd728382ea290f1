import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachLimited } from './limited.js';

const tick = () => new Promise((r) => setTimeout(r, 2));

test('at most `limit` run at once, every item once, in order of start', async () => {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    started.push(n);
    peak = Math.max(peak, ++running);
    await tick();
    running--;
  });
  assert.equal(peak, 3);
  assert.deepEqual(started, [1, 2, 3, 4, 5, 6, 7]);
});

test('after a failure nothing new starts; the running ones finish before the first error is thrown', async () => {
  const finished: number[] = [];
  const started: number[] = [];
  await assert.rejects(forEachLimited([1, 2, 3, 4, 5], 2, async (n) => {
    started.push(n);
    await tick();
    if (n === 1) throw new Error('first');
    if (n === 2) {
      await tick();
      finished.push(n);
      throw new Error('second');
    }
    finished.push(n);
  }), { message: 'first' });
  assert.deepEqual(started, [1, 2]);
  assert.deepEqual(finished, [2], 'the sibling ran to its end');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tee } from './tee.js';

const chunks = (n: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(64 * 1024, i % 251));

function sink(delayMs = 0): { w: Writable; bytes: () => number } {
  let n = 0;
  const w = new Writable({
    highWaterMark: 1024,
    write(c: Buffer, _e, cb) {
      n += c.length;
      setTimeout(cb, delayMs);
    },
  });
  return { w, bytes: () => n };
}

test('both consumers get every byte, the slow one setting the pace', async () => {
  const [a, b] = tee(Readable.from(chunks(40)), 64 * 1024);
  const fast = sink();
  const slow = sink(1);
  await Promise.all([pipeline(a, fast.w), pipeline(b, slow.w)]);
  assert.equal(fast.bytes(), 40 * 64 * 1024);
  assert.equal(slow.bytes(), 40 * 64 * 1024);
});

test('a consumer that fails stops the source and the other consumer', async () => {
  const src = Readable.from(chunks(1000));
  const [a, b] = tee(src, 64 * 1024);
  const failing = new Writable({ write(_c, _e, cb) { cb(new Error('unpack failed')); } });
  const results = await Promise.allSettled([pipeline(a, failing), pipeline(b, sink().w)]);
  assert.equal(results[0].status, 'rejected');
  assert.equal(results[1].status, 'rejected', 'the other side does not wait forever');
  assert.ok(src.destroyed);
});

test('a source error reaches both consumers', async () => {
  const src = new Readable({ read() { this.destroy(new Error('connection reset')); } });
  const [a, b] = tee(src);
  const results = await Promise.allSettled([pipeline(a, sink().w), pipeline(b, sink().w)]);
  assert.deepEqual(results.map((r) => r.status === 'rejected' && (r.reason as Error).message), ['connection reset', 'connection reset']);
});

// Regression: a truncated layer blob crashed wharfd. The source failed before a consumer that
// starts asynchronously (the content store's ingest) had attached: its branch had no 'error' listener.
test('a source error before a consumer attaches is not an uncaught error; the consumer still sees it', async () => {
  const src = new PassThrough();
  const [a, b] = tee(src);
  src.write('data');
  src.destroy(new Error('other side closed'));
  // An uncaught 'error' would fail the test process here.
  await new Promise((r) => setImmediate(r));
  await assert.rejects(pipeline(a, sink().w), /other side closed/);
  await assert.rejects(pipeline(b, sink().w), /other side closed/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tee } from './tee.js';

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

test('both branches get every chunk', async () => {
  const src = new PassThrough();
  const [a, b] = tee(src);
  const got: string[][] = [[], []];
  const read = [a, b].map((s, i) => pipeline(s, new Writable({ write: (c, _e, cb) => { got[i]!.push(String(c)); cb(); } })));
  src.write('x');
  src.end('y');
  await Promise.all(read);
  assert.deepEqual(got, [['x', 'y'], ['x', 'y']]);
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
  await assert.rejects(pipeline(a, sink()), /other side closed/);
  await assert.rejects(pipeline(b, sink()), /other side closed/);
});

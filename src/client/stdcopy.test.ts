import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { SystemStreamError } from './errors.js';
import { demuxStream } from './stdcopy.js';
import { StdStream, encodeFrame } from '../protocol/framing.js';

function sink(): { w: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const w = new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } });
  return { w, text: () => Buffer.concat(chunks).toString() };
}

test('demuxStream routes stdout and stderr', async () => {
  const out = sink();
  const err = sink();
  const src = Readable.from([Buffer.concat([encodeFrame(1, 'a'), encodeFrame(2, 'b').subarray(0, 3)]), encodeFrame(2, 'b').subarray(3), encodeFrame(1, 'c')]);
  await demuxStream(src, { stdout: out.w, stderr: err.w });
  assert.equal(out.text(), 'ac');
  assert.equal(err.text(), 'b');
});

test('demuxStream fails on a systemerr frame', async () => {
  const src = new PassThrough();
  src.end(encodeFrame(StdStream.systemerr, 'boom'));
  await assert.rejects(demuxStream(src, {}), (e: unknown) => e instanceof SystemStreamError && /boom/.test(e.message));
});

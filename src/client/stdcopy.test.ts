import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { SystemStreamError } from './errors.js';
import { FrameDecoder, StdStream, demuxStream, encodeFrame } from './stdcopy.js';

function sink(): { w: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const w = new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } });
  return { w, text: () => Buffer.concat(chunks).toString() };
}

test('encodeFrame writes the 8-byte header', () => {
  const f = encodeFrame(StdStream.stderr, 'hi');
  assert.deepEqual([...f], [2, 0, 0, 0, 0, 0, 0, 2, 104, 105]);
});

test('FrameDecoder reassembles frames split at every byte', () => {
  const all = Buffer.concat([encodeFrame(1, 'out\n'), encodeFrame(2, 'err\n'), encodeFrame(1, '')]);
  const dec = new FrameDecoder();
  const frames = [];
  for (const b of all) frames.push(...dec.push(Buffer.from([b])));
  assert.deepEqual(frames.map((f) => [f.stream, f.payload.toString()]), [[1, 'out\n'], [2, 'err\n'], [1, '']]);
  assert.equal(dec.pending, 0);
});

test('FrameDecoder holds an incomplete frame', () => {
  const dec = new FrameDecoder();
  assert.deepEqual(dec.push(encodeFrame(1, 'abcdef').subarray(0, 10)), []);
  assert.equal(dec.pending, 10);
});

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

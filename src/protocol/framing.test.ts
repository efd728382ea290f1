import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, StdStream, encodeFrame } from './framing.js';

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

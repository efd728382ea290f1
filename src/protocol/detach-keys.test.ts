import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetachKeyFilter, parseDetachKeys } from './detach-keys.js';

test('parseDetachKeys reads Docker key specs', () => {
  assert.deepEqual(parseDetachKeys('ctrl-p,ctrl-q'), [16, 17]);
  assert.deepEqual(parseDetachKeys('a,ctrl-@'), [97, 0]);
  assert.throws(() => parseDetachKeys('ctrl-pp'), /Invalid detach keys/);
});

test('DetachKeyFilter detects the sequence across chunks and passes other bytes', () => {
  const f = new DetachKeyFilter([16, 17]);
  assert.deepEqual(f.push(Buffer.from('ab\x10')), { pass: Buffer.from('ab'), detach: false });
  assert.deepEqual(f.push(Buffer.from('\x11')), { pass: Buffer.from(''), detach: true });
  const g = new DetachKeyFilter([16, 17]);
  assert.deepEqual(g.push(Buffer.from('\x10x')), { pass: Buffer.from('\x10x'), detach: false });
});

/** Docker's mount option names (moby pkg/mount ParseOptions). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MS_BIND, MS_NODEV, MS_NOEXEC, MS_PRIVATE, MS_RDONLY, MS_REC, MS_SHARED, parseMountOptions } from './mount-flags.js';

test('flags become flags, the rest is data', () => {
  assert.deepEqual(parseMountOptions('size=1m,uid=1000'), { flags: 0, propagation: 0, data: 'size=1m,uid=1000' });
  assert.deepEqual(parseMountOptions('bind,ro'), { flags: MS_BIND | MS_RDONLY, propagation: 0, data: '' });
  assert.deepEqual(parseMountOptions('noexec,nodev,mode=700'), { flags: MS_NOEXEC | MS_NODEV, propagation: 0, data: 'mode=700' });
  assert.deepEqual(parseMountOptions(''), { flags: 0, propagation: 0, data: '' });
});

test('a later option clears an earlier one', () => {
  assert.equal(parseMountOptions('ro,rw').flags, 0);
});

test('propagation is kept apart, with its recursion', () => {
  assert.deepEqual(parseMountOptions('rbind,rshared'), { flags: MS_BIND | MS_REC, propagation: MS_SHARED | MS_REC, data: '' });
  assert.deepEqual(parseMountOptions('bind,private'), { flags: MS_BIND, propagation: MS_PRIVATE, data: '' });
});

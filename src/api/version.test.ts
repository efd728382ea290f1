import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitVersion } from './version.js';
import { ApiError } from './errors.js';

test('splitVersion accepts 1.24..1.50 and unversioned paths', () => {
  assert.deepEqual(splitVersion('/v1.41/containers/json'), { version: '1.41', path: '/containers/json' });
  assert.deepEqual(splitVersion('/v1.24/_ping'), { version: '1.24', path: '/_ping' });
  assert.deepEqual(splitVersion('/_ping'), { version: '1.50', path: '/_ping' });
});

test('splitVersion rejects versions out of range with Docker messages', () => {
  assert.throws(() => splitVersion('/v1.23/info'), (e: unknown) => e instanceof ApiError && e.status === 400 && /too old. Minimum supported API version is 1.24/.test(e.message));
  assert.throws(() => splitVersion('/v1.51/info'), (e: unknown) => e instanceof ApiError && e.status === 400 && /too new. Maximum supported API version is 1.50/.test(e.message));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../oci/digest.js';
import { BlobNotFoundError } from '../content/store.js';
import { NotImplementedError, NotModifiedError, UnavailableError } from '../engine/errors.js';
import { ApiError, toStatus } from './errors.js';

test('one table: categories to statuses; a missing blob is a 404, never a 500', () => {
  assert.deepEqual(toStatus(new BlobNotFoundError(`sha256:${'1'.repeat(64)}` as Digest)), { status: 404, message: `blob sha256:${'1'.repeat(64)} not found` });
  assert.equal(toStatus(new NotModifiedError()).status, 304);
  assert.equal(toStatus(new UnavailableError('This node is not part of a swarm')).status, 503);
  assert.equal(toStatus(new NotImplementedError('x')).status, 501);
  assert.equal(toStatus(new ApiError(413, 'too large')).status, 413);
  assert.equal(toStatus(new Error('boom')).status, 500);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../oci/digest.js';
import { InvalidDigestError } from '../oci/digest.js';
import { InvalidReferenceError } from '../reference/reference.js';
import { BlobNotFoundError } from '../content/store.js';
import { UnsafeLayerError, CorruptLayerError } from '../archive/errors.js';
import { DigestMismatchError } from '../util/verify.js';
import { InvalidArchiveError } from '../image/archive-read.js';
import { InvalidDetachKeysError } from '../protocol/detach-keys.js';
import { AddressInUseError, AddressOutOfRangeError, InvalidNetworkConfigError, NoSuchNetworkPoolError, PoolExhaustedError, PoolOverlapError } from '../network/errors.js';
import { InvalidVolumeNameError, NoSuchVolumeError, VolumeInUseError, NoSuchVolumeDriverError, InvalidVolumeOptionError, VolumeMountError, VolumePathTakenError } from '../volume/errors.js';
import { ConflictError, EngineError, NotFoundError, toEngineError } from './errors.js';

const D = `sha256:${'0'.repeat(64)}` as Digest;

test('lower-layer errors are classified by class, keeping the message and the cause', () => {
  const cases: Array<[Error, string]> = [
    [new BlobNotFoundError(D), 'NOT_FOUND'],
    [new InvalidReferenceError(), 'INVALID_ARGUMENT'],
    [new InvalidDigestError('x'), 'INVALID_ARGUMENT'],
    [new UnsafeLayerError('../x', 'escapes'), 'INVALID_ARGUMENT'],
    [new CorruptLayerError('truncated'), 'INVALID_ARGUMENT'],
    [new DigestMismatchError(D, D), 'INVALID_ARGUMENT'],
    [new InvalidArchiveError('bad'), 'INVALID_ARGUMENT'],
    [new InvalidDetachKeysError('x'), 'INVALID_ARGUMENT'],
    [new InvalidVolumeNameError('create', 'x/y', 'bad'), 'INVALID_ARGUMENT'],
    [new InvalidVolumeOptionError('create', 'v', 'invalid option: "foo"'), 'INVALID_ARGUMENT'],
    [new NoSuchVolumeError('get', 'nope'), 'NOT_FOUND'],
    [new NoSuchVolumeDriverError('create', 'v', 'nope'), 'NOT_FOUND'],
    [new VolumeInUseError('remove', 'v1', ['c1']), 'CONFLICT'],
    [new VolumePathTakenError('v1', '/x/v1'), 'CONFLICT'],
    [new VolumeMountError('v', 'error while mounting volume'), 'INTERNAL'],
    [new InvalidNetworkConfigError('Invalid subnet x'), 'INVALID_ARGUMENT'],
    [new AddressOutOfRangeError('out of range'), 'INVALID_ARGUMENT'],
    [new PoolOverlapError(), 'FORBIDDEN'],
    [new PoolExhaustedError('no pool'), 'NOT_FOUND'],
    [new AddressInUseError('in use'), 'CONFLICT'],
    [new NoSuchNetworkPoolError('none'), 'NOT_FOUND'],
    [new Error('something else'), 'INTERNAL'],
  ];
  for (const [err, code] of cases) {
    const e = toEngineError(err);
    assert.equal(e.code, code, err.constructor.name);
    assert.equal(e.message, err.message);
    assert.equal(e.cause, err);
  }
});

test('engine errors pass through as they are', () => {
  const e = new ConflictError('in use');
  assert.equal(toEngineError(e), e);
  assert.ok(new NotFoundError('x') instanceof EngineError);
  assert.equal(toEngineError('text').message, 'text');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainIds } from './chain-id.js';
import { EMPTY_LAYER_DIFF_ID } from '../archive/diff.js';
import { sha256Digest, type Digest } from '../oci/digest.js';

test('chain IDs: the first is the diffID, the next hash "parent diff"', () => {
  const a = sha256Digest('a');
  const b = sha256Digest('b');
  const [c0, c1] = chainIds([a, b]);
  assert.equal(c0, a);
  assert.equal(c1, sha256Digest(`${a} ${b}`));
  assert.deepEqual(chainIds([] as Digest[]), []);
});

test('the empty layer diffID is the digest of 1024 zero bytes', () => {
  assert.equal(sha256Digest(Buffer.alloc(1024)), EMPTY_LAYER_DIFF_ID);
});

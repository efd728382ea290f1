import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sha256Digest } from '../oci/digest.js';
import { verifyDigest, limitSize, DigestMismatchError, SizeLimitError, SizeMismatchError } from './verify.js';

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

test('verifyDigest passes matching content and rejects a mismatch', async () => {
  const data = Buffer.from('hello');
  await pipeline(Readable.from([data]), verifyDigest(sha256Digest(data), 5), sink());
  await assert.rejects(pipeline(Readable.from([data]), verifyDigest(sha256Digest('other')), sink()), DigestMismatchError);
  await assert.rejects(pipeline(Readable.from([data]), verifyDigest(sha256Digest(data), 4), sink()), SizeMismatchError);
});

test('limitSize stops an oversized stream', async () => {
  await assert.rejects(pipeline(Readable.from([Buffer.alloc(10)]), limitSize(9), sink()), SizeLimitError);
  await pipeline(Readable.from([Buffer.alloc(9)]), limitSize(9), sink());
});

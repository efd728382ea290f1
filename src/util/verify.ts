/**
 * Streams that check what passes through them: `verifyDigest` hashes bytes in flight and fails at
 * the end on a digest or size mismatch; `limitSize` fails as soon as a stream passes a cap.
 * Compose them with `stream/promises.pipeline` so a failure tears the whole pipeline down.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Digest } from '../oci/digest.js';

export class DigestMismatchError extends Error {
  readonly code = 'DIGEST_MISMATCH';
  constructor(readonly expected: string, readonly actual: string) {
    super(`digest mismatch: expected ${expected}, got ${actual}`);
  }
}

export class SizeMismatchError extends Error {
  readonly code = 'SIZE_MISMATCH';
  constructor(readonly expected: number, readonly actual: number) {
    super(`size mismatch: expected ${expected} bytes, got ${actual}`);
  }
}

export class SizeLimitError extends Error {
  readonly code = 'SIZE_LIMIT';
  constructor(readonly limit: number, what = 'input') {
    super(`${what} exceeds the limit of ${limit} bytes`);
  }
}

/** A pass-through that hashes; `digest()` and `size` are valid after the stream ends. */
export class Digester extends Transform {
  #hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
  #digest?: Digest;
  digest(): Digest {
    return (this.#digest ??= `sha256:${this.#hash.digest('hex')}` as Digest);
  }
}

/** Fails at the end of input if the bytes do not hash to `expected` (and, when given, have `size` bytes). */
export function verifyDigest(expected: Digest, size?: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (size !== undefined && seen > size) return cb(new SizeMismatchError(size, seen));
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      if (size !== undefined && seen !== size) return cb(new SizeMismatchError(size, seen));
      const actual = `sha256:${hash.digest('hex')}`;
      cb(actual === expected ? null : new DigestMismatchError(expected, actual));
    },
  });
}

/** Fails as soon as more than `limit` bytes pass. */
export function limitSize(limit: number, what?: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      cb(seen > limit ? new SizeLimitError(limit, what) : null, chunk);
    },
  });
}

/**
 * Content digests ("sha256:<64 hex>"). A `Digest` is only made by `parseDigest` or `sha256Digest`,
 * so code that holds one knows it is well formed.
 */
import { createHash } from 'node:crypto';

export type Digest = string & { readonly __brand: 'Digest' };

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const ANY_ALGO_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Thrown for a string that is not a digest; `code` lets callers map it without reading the message. */
export class InvalidDigestError extends Error {
  readonly code = 'INVALID_DIGEST';
  constructor(readonly input: string, reason = 'invalid checksum digest format') {
    super(reason);
  }
}

/** Parses a sha256 digest; other well-formed algorithms are refused as unsupported. */
export function parseDigest(s: string): Digest {
  if (DIGEST_RE.test(s)) return s as Digest;
  if (ANY_ALGO_RE.test(s) && !s.startsWith('sha256:')) {
    throw new InvalidDigestError(s, 'unsupported digest algorithm');
  }
  throw new InvalidDigestError(s);
}

export function isDigest(s: string): s is Digest {
  return DIGEST_RE.test(s);
}

export function sha256Digest(data: Buffer | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;
}

/** The 64 hex characters after "sha256:". */
export function digestHex(d: Digest): string {
  return d.slice(7);
}

/** Docker's short ID: the first 12 hex characters. */
export function shortId(idOrDigest: string): string {
  const hex = idOrDigest.startsWith('sha256:') ? idOrDigest.slice(7) : idOrDigest;
  return hex.slice(0, 12);
}

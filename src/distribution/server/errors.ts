/**
 * The registry's error catalogue: every spec error code with its HTTP status and default message,
 * in one table. Handlers throw `RegistryError`; `writeError` (the edge) turns it into the spec's
 * `{"errors":[{code,message,detail}]}` body. Statuses follow distribution 2.8 where the spec is silent.
 */
import type { ServerResponse } from 'node:http';

/** Spec error codes (OCI Distribution v1.1) plus distribution's RANGE_INVALID, PAGINATION_NUMBER_INVALID, UNKNOWN. */
export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'RANGE_INVALID'
  | 'PAGINATION_NUMBER_INVALID'
  | 'UNKNOWN';

interface CatalogueEntry {
  readonly status: number;
  readonly message: string;
}

/** The one status table. */
export const ERROR_CATALOGUE: Readonly<Record<RegistryErrorCode, CatalogueEntry>> = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: 'manifest references a manifest or blob unknown to registry' },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown to registry' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length' },
  UNAUTHORIZED: { status: 401, message: 'authentication required' },
  DENIED: { status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { status: 405, message: 'the operation is unsupported' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests' },
  RANGE_INVALID: { status: 416, message: 'invalid content range' },
  PAGINATION_NUMBER_INVALID: { status: 400, message: 'invalid number of results requested' },
  UNKNOWN: { status: 500, message: 'unknown error' },
};

/** Options for a RegistryError beyond its code. */
export interface RegistryErrorOptions {
  /** Unstructured JSON detail for the client. */
  detail?: unknown;
  /** Overrides the catalogue status (e.g. 413 for an oversized manifest). */
  status?: number;
  /** Extra response headers (e.g. `Range` on a 416, `WWW-Authenticate` on a 401). */
  headers?: Record<string, string>;
  message?: string;
  cause?: unknown;
}

/** An error with a spec code; thrown anywhere below the HTTP edge. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;
  constructor(code: RegistryErrorCode, opts: RegistryErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(opts.message ?? entry.message, { cause: opts.cause });
    this.code = code;
    this.status = opts.status ?? entry.status;
    this.detail = opts.detail;
    this.headers = opts.headers ?? {};
  }
}

/** Normalises anything thrown into a RegistryError (unknown errors become 500 UNKNOWN). */
export function toRegistryError(e: unknown): RegistryError {
  if (e instanceof RegistryError) return e;
  return new RegistryError('UNKNOWN', { cause: e, message: (e as Error)?.message ?? String(e) });
}

/** Writes the spec's JSON error body. HEAD responses get the headers only. */
export function writeError(res: ServerResponse, err: RegistryError, head = false): void {
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const body = JSON.stringify({
    errors: [{ code: err.code, message: err.message, detail: err.detail ?? null }],
  });
  res.statusCode = err.status;
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

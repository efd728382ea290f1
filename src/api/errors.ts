/**
 * The one table from error categories to HTTP statuses. Everything a handler throws passes here;
 * the body is Docker's `{"message": …}`.
 */
import { EngineError, type EngineErrorCode } from '../engine/errors.js';

export const STATUS_BY_CODE: Record<EngineErrorCode, number> = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  INVALID_ARGUMENT: 400,
  CONFLICT: 409,
  FAILED_PRECONDITION: 409,
  NOT_MODIFIED: 304,
  UNAVAILABLE: 503,
  NOT_IMPLEMENTED: 501,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
};

/** Errors from lower layers that carry a `code` of their own, mapped to categories. */
const FOREIGN_CODES: Record<string, EngineErrorCode> = {
  INVALID_REFERENCE: 'INVALID_ARGUMENT',
  INVALID_DIGEST: 'INVALID_ARGUMENT',
  UNSAFE_LAYER: 'INVALID_ARGUMENT',
  LAYER_LIMIT: 'INVALID_ARGUMENT',
  CORRUPT_LAYER: 'INVALID_ARGUMENT',
  DIGEST_MISMATCH: 'INVALID_ARGUMENT',
  SIZE_MISMATCH: 'INVALID_ARGUMENT',
  SIZE_LIMIT: 'INVALID_ARGUMENT',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
};

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function toStatus(err: unknown): { status: number; message: string } {
  if (err instanceof ApiError) return { status: err.status, message: err.message };
  if (err instanceof EngineError) return { status: STATUS_BY_CODE[err.code], message: err.message };
  const code = (err as { code?: string })?.code;
  const mapped = code ? FOREIGN_CODES[code] : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return { status: mapped ? STATUS_BY_CODE[mapped] : 500, message };
}

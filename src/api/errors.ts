/**
 * The one table from error categories to HTTP statuses. Everything a handler throws passes here:
 * request-parsing errors (`ApiError`, raised only while reading the request) carry their status;
 * everything else becomes an EngineError (engine/errors.ts classifies lower-layer errors) and gets
 * its category's status. The body is Docker's `{"message": …}`.
 */
import { toEngineError, type ErrorCategory } from '../engine/errors.js';

export const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_ARGUMENT: 400,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  NOT_IMPLEMENTED: 501,
  NOT_MODIFIED: 304,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
};

/** A request the API could not read: bad JSON, a bad query value, a body too large. */
export class ApiError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

export function toStatus(err: unknown): { status: number; message: string } {
  if (err instanceof ApiError) return { status: err.status, message: err.message };
  const e = toEngineError(err);
  return { status: STATUS_BY_CATEGORY[e.code], message: e.message };
}

/**
 * Engine errors by category. The API maps `code` to an HTTP status in one table (api/errors.ts);
 * messages follow Docker's wording because users and tools read them.
 */
export type EngineErrorCode =
  | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_ARGUMENT' | 'CONFLICT' | 'FAILED_PRECONDITION'
  | 'NOT_MODIFIED' | 'UNAVAILABLE' | 'NOT_IMPLEMENTED' | 'UNAUTHORIZED' | 'INTERNAL';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const notFound = (m: string) => new EngineError('NOT_FOUND', m);
export const invalidArgument = (m: string) => new EngineError('INVALID_ARGUMENT', m);
export const conflict = (m: string) => new EngineError('CONFLICT', m);
export const notModified = (m = '') => new EngineError('NOT_MODIFIED', m);

export const noSuchContainer = (id: string) => notFound(`No such container: ${id}`);
export const noSuchImage = (ref: string) => notFound(`No such image: ${ref}`);

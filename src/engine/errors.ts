/**
 * The engine's one error model. Every failure the API can see is an EngineError of one category
 * (`code`); the API maps categories to HTTP statuses in one table (api/errors.ts). Errors of the
 * layers below (stores, archives, references, the runtime) are classified here, by class, in one
 * table (`toEngineError`): callers branch on the category, never on message text or foreign codes.
 * Messages follow Docker's wording because users and tools read them.
 */
import { InvalidReferenceError } from '../reference/reference.js';
import { InvalidDigestError } from '../oci/digest.js';
import { InvalidManifestError } from '../oci/manifest.js';
import { DigestMismatchError, SizeLimitError, SizeMismatchError } from '../util/verify.js';
import { CorruptLayerError, LayerLimitError, OverlayFeatureError, UnsafeLayerError } from '../archive/errors.js';
import { BlobNotFoundError } from '../content/store.js';
import { InvalidArchiveError } from '../image/archive-read.js';
import { InvalidSeccompProfileError } from '../runtime/spec/seccomp.js';
import { InvalidDetachKeysError } from '../protocol/detach-keys.js';
import { InvalidTimestampError } from '../protocol/time.js';
import { InvalidMountError } from '../volume/mount-errors.js';
import { InvalidVolumeNameError, InvalidVolumeOptionError, NoSuchVolumeDriverError, NoSuchVolumeError, VolumeInUseError, VolumeMountError } from '../volume/errors.js';
import { VolumePathTakenError } from '../volume/errors.js';
import { AddressInUseError, AddressOutOfRangeError, InvalidNetworkConfigError, NoSuchNetworkPoolError, PoolExhaustedError, PoolOverlapError } from '../network/errors.js';
import { InvalidPortSpecError, PortAllocationError } from '../network/ports.js';
import { RegistryNotFoundError } from '../distribution/client/errors.js';

export type ErrorCategory =
  | 'NOT_FOUND' | 'CONFLICT' | 'INVALID_ARGUMENT' | 'FORBIDDEN' | 'UNAVAILABLE' | 'NOT_IMPLEMENTED'
  | 'NOT_MODIFIED' | 'UNAUTHORIZED' | 'INTERNAL';

export class EngineError extends Error {
  constructor(readonly code: ErrorCategory, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The base of each category's class: only the message (and a cause) to give. */
function category(code: ErrorCategory) {
  return class extends EngineError {
    constructor(message: string, options?: { cause?: unknown }) {
      super(code, message, options);
    }
  };
}

/** The object does not exist (404): "No such container: x". */
export class NotFoundError extends category('NOT_FOUND') {}
/** The request clashes with the object's state (409): a name in use, a running container. */
export class ConflictError extends category('CONFLICT') {}
/** The request is malformed or asks for something invalid (400). */
export class InvalidArgumentError extends category('INVALID_ARGUMENT') {}
/** The request is understood and refused (403). */
export class ForbiddenError extends category('FORBIDDEN') {}
/** A service the request needs is not there (503): no swarm, a registry that does not answer. */
export class UnavailableError extends category('UNAVAILABLE') {}
/** Wharf does not do this (yet) (501). */
export class NotImplementedError extends category('NOT_IMPLEMENTED') {}
/** Credentials missing or refused (401). */
export class UnauthorizedError extends category('UNAUTHORIZED') {}
/** Something failed that the caller cannot fix (500). */
export class InternalError extends category('INTERNAL') {}
/** Nothing to do: start of a running container, stop of a stopped one (304, no body). */
export class NotModifiedError extends category('NOT_MODIFIED') {
  constructor(message = '', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A build's RUN that exited non-zero: dockerd's message, and the code the client exits with. */
export class BuildRunError extends EngineError {
  constructor(message: string, readonly exitCode: number) {
    super('INTERNAL', message);
  }
}

/** dockerd's answer to a swarm request on a node outside a swarm (503): Wharf never is in one. */
export const NOT_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

export const noSuchContainer = (id: string) => new NotFoundError(`No such container: ${id}`);
export const noSuchImage = (ref: string) => new NotFoundError(`No such image: ${ref}`);

type ErrorClass = abstract new (...args: never[]) => Error;

/** Errors of the lower layers, by class, and the category each one is. */
const CATEGORY_OF: Array<[ErrorClass, ErrorCategory]> = [
  [InvalidReferenceError, 'INVALID_ARGUMENT'],
  [InvalidDigestError, 'INVALID_ARGUMENT'],
  [InvalidManifestError, 'INVALID_ARGUMENT'],
  [InvalidArchiveError, 'INVALID_ARGUMENT'],
  [UnsafeLayerError, 'INVALID_ARGUMENT'],
  [LayerLimitError, 'INVALID_ARGUMENT'],
  [CorruptLayerError, 'INVALID_ARGUMENT'],
  [DigestMismatchError, 'INVALID_ARGUMENT'],
  [SizeMismatchError, 'INVALID_ARGUMENT'],
  [SizeLimitError, 'INVALID_ARGUMENT'],
  [InvalidSeccompProfileError, 'INVALID_ARGUMENT'],
  [InvalidDetachKeysError, 'INVALID_ARGUMENT'],
  [InvalidTimestampError, 'INVALID_ARGUMENT'],
  [InvalidMountError, 'INVALID_ARGUMENT'],
  [BlobNotFoundError, 'NOT_FOUND'],
  [InvalidVolumeNameError, 'INVALID_ARGUMENT'],
  [InvalidVolumeOptionError, 'INVALID_ARGUMENT'],
  [NoSuchVolumeError, 'NOT_FOUND'],
  [NoSuchVolumeDriverError, 'NOT_FOUND'],
  [VolumeInUseError, 'CONFLICT'],
  [VolumePathTakenError, 'CONFLICT'],
  [VolumeMountError, 'INTERNAL'],
  [OverlayFeatureError, 'INTERNAL'],
  [InvalidNetworkConfigError, 'INVALID_ARGUMENT'],
  [AddressOutOfRangeError, 'INVALID_ARGUMENT'],
  // Docker answers 403 for an overlap and 404 when no default pool is left.
  [PoolOverlapError, 'FORBIDDEN'],
  [PoolExhaustedError, 'NOT_FOUND'],
  [AddressInUseError, 'CONFLICT'],
  [NoSuchNetworkPoolError, 'NOT_FOUND'],
  [InvalidPortSpecError, 'INVALID_ARGUMENT'],
  // Docker answers a port it cannot have with a 500 at start.
  [PortAllocationError, 'INTERNAL'],
  // dockerd answers 404 for an unknown manifest or repository, 500 for the registry's other refusals
  // (401 included: the oracle's pull and /auth both say 500).
  [RegistryNotFoundError, 'NOT_FOUND'],
];

/** The error as an EngineError: itself, or a classified lower-layer error (INTERNAL when unknown), as its cause. */
export function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const hit = CATEGORY_OF.find(([cls]) => err instanceof cls);
  return new EngineError(hit?.[1] ?? 'INTERNAL', message, { cause: err });
}

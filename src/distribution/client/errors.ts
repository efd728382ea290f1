/**
 * What can go wrong talking to a registry, as types the engine classifies (engine/errors.ts). Messages
 * are dockerd's: Go's `Get "url": dial tcp …` for transport failures, the registry's own
 * `code: message` for spec errors, so users see what they would see with Docker.
 */

/** The registry could not be reached, or the exchange broke (refused, reset, timed out, TLS). */
export class RegistryTransportError extends Error {
  readonly code = 'REGISTRY_TRANSPORT';
}

/** The registry answered with an error status; `errors` are the spec error codes of its body. */
export class RegistryStatusError extends Error {
  readonly code = 'REGISTRY_STATUS';
  constructor(readonly status: number, message: string, readonly errors: Array<{ code: string; message: string }> = []) {
    super(message);
  }
}

/** Credentials are missing or were refused (401, or a token server that says no). */
export class RegistryUnauthorizedError extends Error {
  readonly code = 'REGISTRY_UNAUTHORIZED';
}

/** Credentials could not be had before a request went out (none for Basic, a token refused): Go names the request. */
export class RoundTripAuthError extends RegistryUnauthorizedError {}

/** The manifest, tag or repository does not exist (Docker answers 404 for these). */
export class RegistryNotFoundError extends Error {
  readonly code = 'REGISTRY_NOT_FOUND';
}

/** What the registry sent breaks the rules: bad digest, oversized or malformed manifest, wrong platform. */
export class RegistryContentError extends Error {
  readonly code = 'REGISTRY_CONTENT';
}

/** `code: message` of a spec error body (`{"errors":[{"code","message"}]}`), as distribution's client prints it. */
export function specErrors(body: string): Array<{ code: string; message: string }> {
  try {
    const doc = JSON.parse(body) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    if (!Array.isArray(doc.errors)) return [];
    return doc.errors.map((e) => ({ code: String(e.code ?? 'UNKNOWN'), message: String(e.message ?? '') }));
  } catch {
    return [];
  }
}

/** Docker's rendering of spec errors: `unauthorized: authentication required` (several joined by `, `). */
export function describeErrors(errors: Array<{ code: string; message: string }>): string {
  return errors.map((e) => `${e.code.toLowerCase().replace(/_/g, ' ')}: ${e.message}`).join(', ');
}

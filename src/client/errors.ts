/**
 * Errors of the Engine API client. Each has a `code` so callers branch on the kind, never on text;
 * `message` is what docker would print (the daemon's own words for ApiError).
 */

/** The daemon answered with an error status; `message` is the `message` field of its JSON body. */
export class ApiError extends Error {
  readonly code = 'API_ERROR';
  constructor(readonly status: number, message: string) {
    super(message);
  }

  /** True for 404 — "No such container/image". */
  get notFound(): boolean {
    return this.status === 404;
  }

  /** docker's rendering: `Error response from daemon: <message>`. */
  display(): string {
    return `Error response from daemon: ${this.message.trim()}`; // docker's client trims the daemon's message
  }
}

/** Nothing answers on the daemon socket (ENOENT, ECONNREFUSED, …). */
export class ConnectionError extends Error {
  readonly code = 'DAEMON_UNREACHABLE';
  constructor(readonly host: string, options?: { cause?: unknown }) {
    super(`Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`, options);
  }
}

/** The daemon sent something the client cannot read (bad framing, no upgrade, bad JSON). */
export class ProtocolError extends Error {
  readonly code = 'PROTOCOL_ERROR';
}

/** An error reported inside a JSON progress stream (`errorDetail`), after the 200 status. */
export class StreamError extends Error {
  readonly code = 'STREAM_ERROR';
}

/** An error frame (stream 3, "systemerr") inside a multiplexed stream. */
export class SystemStreamError extends Error {
  readonly code = 'SYSTEM_STREAM_ERROR';
}

/** Whether `e` is a socket error that means "no daemon listening". */
export function isConnectFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ENOTSOCK';
}

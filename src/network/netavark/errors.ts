/**
 * netavark's failures as typed errors. netavark prints `{"error":"…"}` on stdout and exits 1 when
 * a setup or teardown fails; several failures at once come as one message that starts with
 * "netavark encountered multiple errors:" and lists them on tab-indented `- ` lines. It may also
 * print plain text (argument errors from its option parser) or die from a signal.
 */

/** Why a netavark call failed, as a code callers can switch on. */
export type NetavarkErrorCode =
  | 'FAILED' // netavark ran and reported an error
  | 'TIMEOUT' // it ran past the call's time limit and was killed
  | 'ABORTED' // the caller's signal fired and it was killed
  | 'SPAWN' // it could not be started at all
  | 'INVALID'; // the options were refused before netavark ran

export class NetavarkError extends Error {
  constructor(
    readonly code: NetavarkErrorCode,
    message: string,
    /** The individual failures, one per line of a "multiple errors" report; `[message]` otherwise. */
    readonly errors: string[] = [message],
    /** The exit code, when netavark exited. */
    readonly exitCode?: number,
    /** What netavark wrote to stderr, for logs. */
    readonly stderr = '',
  ) {
    super(`netavark: ${message}`);
  }
  /** What the teardown after a failed setup reported (the parts setup had not made yet). */
  rollbackErrors?: string[];
  override readonly name = 'NetavarkError';
}

const MULTIPLE = 'netavark encountered multiple errors:';

/**
 * The message and the individual errors in netavark's output: the `error` of its JSON answer when
 * stdout holds one, else the option parser's `error: …` line, else the last line of stderr or stdout
 * that is not syslog noise.
 */
export function parseNetavarkOutput(stdout: string, stderr: string): { message: string; errors: string[] } | undefined {
  const message = jsonError(stdout) ?? textError(stderr) ?? textError(stdout);
  if (message === undefined) return undefined;
  if (!message.startsWith(MULTIPLE)) return { message, errors: [message] };
  const errors = message
    .slice(MULTIPLE.length)
    .split('\n')
    .map((l) => l.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean);
  return { message, errors };
}

function jsonError(stdout: string): string | undefined {
  try {
    const j = JSON.parse(stdout) as { error?: unknown };
    return typeof j.error === 'string' ? j.error : undefined;
  } catch {
    return undefined;
  }
}

// netavark tries syslog first and says so, with no newline, when there is none; that is not the error.
const NOISE = /failed to connect to syslog: (Initialization)?/g;

function textError(text: string): string | undefined {
  const lines = text.replace(NOISE, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const flagged = lines.find((l) => l.startsWith('error: '));
  return flagged ? flagged.slice('error: '.length) : lines.at(-1);
}

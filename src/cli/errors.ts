/**
 * CLI outcomes that are not plain success. Commands throw these; `main` prints `message` (when not
 * empty) to stderr and exits with `status`, as docker's cli.StatusError does.
 */

/** Ends the command with `status`; `message`, if any, is printed to stderr first. */
export class StatusError extends Error {
  readonly code = 'STATUS';
  constructor(readonly status: number, message = '') {
    super(message);
  }
}

/** docker's "flag/usage" failure: printed with the usage line, exit 125. */
export class FlagUsageError extends StatusError {
  constructor(message: string, readonly commandPath: string, readonly usage: string) {
    super(125, `${message}\n\nUsage:  ${usage}\n\nRun '${commandPath} --help' for more information`);
  }
}

/** What the user sees for an error: an API error's docker-style text (`display()`), else its message. */
export function errorText(e: unknown): string {
  const display = (e as { display?: () => string } | null)?.display;
  return typeof display === 'function' ? display.call(e) : (e as Error).message;
}

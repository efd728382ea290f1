/**
 * Docker's words and categories for an exec that could not start (moby translateContainerdStartErr,
 * with containerd's prefix): the command missing, a permission refused or a path that is not a
 * directory are the request's fault (400); anything else is the server's (500). The instance's
 * exit code is 126 either way (set by the caller).
 */
import { EngineError, InternalError, InvalidArgumentError } from '../errors.js';

const MOUNT_HINT = ': Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type';

export function execStartFailure(runtimeMessage: string, command: string): EngineError {
  let message = `OCI runtime exec failed: ${runtimeMessage}: unknown`;
  const lower = message.toLowerCase();
  let invalid = lower.includes(command.toLowerCase())
    && /executable file not found|no such file or directory|system cannot find the file specified/.test(lower);
  if (lower.includes('permission denied')) invalid = true;
  if (lower.includes('not a directory')) {
    message += MOUNT_HINT;
    invalid = true;
  }
  return invalid ? new InvalidArgumentError(message) : new InternalError(message);
}

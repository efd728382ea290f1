/**
 * Docker's translation of runtime start failures (moby daemon/start.go): a missing executable is
 * exit code 127 and a bad request, a non-executable one 126, anything else 128 and a server error.
 */
import { EngineError, InvalidArgumentError, InternalError } from '../errors.js';

export function startFailure(runtimeMessage: string): { exitCode: number; error: EngineError } {
  const message = `failed to create shim task: OCI runtime create failed: ${runtimeMessage}: unknown`;
  if (/executable file not found|no such file or directory/.test(runtimeMessage)) {
    return { exitCode: 127, error: new InvalidArgumentError(message) };
  }
  if (/permission denied/.test(runtimeMessage)) {
    return { exitCode: 126, error: new InvalidArgumentError(message) };
  }
  return { exitCode: 128, error: new InternalError(message) };
}

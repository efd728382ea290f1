/** `GET /exec/{id}/json` as Docker serves it (keys in Docker's order; `user` only when set). */
import type { ExecDetails } from '../../engine/engine.js';

export function execInspect(e: ExecDetails) {
  return {
    ID: e.ID,
    Running: e.Running,
    ExitCode: e.ExitCode,
    ProcessConfig: { tty: e.Tty, entrypoint: e.Entrypoint, arguments: e.Args, privileged: e.Privileged, ...(e.User ? { user: e.User } : {}) },
    OpenStdin: e.OpenStdin,
    OpenStderr: e.OpenStderr,
    OpenStdout: e.OpenStdout,
    CanRemove: e.CanRemove,
    ContainerID: e.ContainerID,
    // Docker keeps the parsed keys as bytes, so JSON shows them base64-encoded ("GA==" for ctrl-x).
    DetachKeys: Buffer.from(e.DetachKeys).toString('base64'),
    Pid: e.Pid,
  };
}

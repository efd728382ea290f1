/**
 * The process an exec runs, as Docker builds it (daemon/exec.go): the container's own process spec
 * (capabilities, rlimits, no-new-privileges, user) with the exec's command, TTY, environment (the
 * container's Docker environment for this TTY setting, then the exec's variables), working
 * directory (the exec's, else the container's) and, when asked, a user resolved in the container's
 * root filesystem (with the container's extra groups) or every capability (`Privileged`).
 */
import type { RuntimeProcess } from '../../oci/runtime-spec.js';
import { containerCapabilities } from '../../runtime/spec/capabilities.js';
import { mergeEnv, processEnv } from '../../runtime/spec/builder.js';
import { additionalGroups, resolveUser } from '../../runtime/spec/user.js';
import type { ContainerRecord } from '../containers/record.js';
import { InternalError } from '../errors.js';
import type { ExecRecord } from './record.js';

export interface ProcessInputs {
  /** The process spec the container was created with. */
  base: RuntimeProcess;
  container: ContainerRecord;
  exec: ExecRecord;
  /** The container's mounted root filesystem (for `User`). */
  rootfs: string;
}

/** `-u` in the container: its passwd and group files, plus the container's `--group-add` groups. */
async function execUser(rootfs: string, spec: string, groupAdd: readonly string[]): Promise<RuntimeProcess['user']> {
  try {
    const u = await resolveUser(rootfs, spec);
    const extra = await additionalGroups(rootfs, groupAdd);
    return { uid: u.uid, gid: u.gid, additionalGids: [...new Set([...u.additionalGids, ...extra])] };
  } catch (e) {
    throw new InternalError((e as Error).message);
  }
}

export async function execProcess(i: ProcessInputs): Promise<RuntimeProcess> {
  const { base, container, exec } = i;
  const caps = exec.Privileged ? containerCapabilities({ privileged: true }) : undefined;
  const size = exec.ConsoleSize;
  const p: RuntimeProcess = {
    ...base,
    terminal: exec.Tty,
    args: [exec.Entrypoint, ...exec.Args],
    env: mergeEnv(processEnv({ ...container, Config: { ...container.Config, Tty: exec.Tty } }), exec.Env),
    cwd: exec.WorkingDir || container.Config.WorkingDir || '/',
    user: exec.User ? await execUser(i.rootfs, exec.User, container.HostConfig.GroupAdd ?? []) : base.user,
    ...(caps ? { capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: caps } } : {}),
  };
  delete p.consoleSize;
  if (exec.Tty && size && size[0] > 0 && size[1] > 0) p.consoleSize = { height: size[0], width: size[1] };
  return p;
}

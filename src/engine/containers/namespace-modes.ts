/**
 * `--pid`, `--ipc`, `--uts`, `--cgroupns` with moby's rules and messages. At create: the modes are checked, a
 * `container:<name>` is stored as `container:<full id>`, and a hostname cannot come with the host's
 * UTS namespace. At start: the donor of `container:<id>` must be running (and its IPC shareable),
 * and its namespaces are joined through its process's /proc entries.
 */
import type { JoinedNamespaces } from '../../runtime/spec/namespaces.js';
import { cgroupVersion } from '../../sys/cgroup/version.js';
import { InternalError, InvalidArgumentError } from '../errors.js';
import { hasProcess, type ContainerConfig, type ContainerRecord, type HostConfig } from './record.js';

type Find = (idOrName: string) => ContainerRecord | undefined;

const MODES = { PidMode: ['', 'host'], IpcMode: ['', 'private', 'shareable', 'host', 'none'], UTSMode: ['', 'host'] } as const;
const NAMES = { PidMode: 'PID', IpcMode: 'IPC', UTSMode: 'UTS' } as const;

/** The modes checked, with each `container:` reference resolved to the donor's full ID. */
export function resolveNamespaceModes(h: HostConfig, config: ContainerConfig, find: Find): HostConfig {
  const out: HostConfig = { ...h };
  for (const field of ['IpcMode', 'PidMode', 'UTSMode'] as const) {
    const mode = (h[field] as string | undefined) ?? '';
    const ref = /^container:./.test(mode) && field !== 'UTSMode' ? mode.slice('container:'.length) : undefined;
    if (ref === undefined) {
      if (!(MODES[field] as readonly string[]).includes(mode)) throw new InvalidArgumentError(`invalid ${NAMES[field]} mode: ${mode}`);
      // Docker stores the daemon's default IPC mode when none is given.
      if (field === 'IpcMode' && mode === '') out.IpcMode = 'private';
      continue;
    }
    const donor = find(ref);
    if (!donor) throw new InvalidArgumentError(`No such container: ${ref}`);
    out[field] = `container:${donor.Id}`;
  }
  const cgroupns = String(h.CgroupnsMode ?? '');
  if (!['', 'host', 'private'].includes(cgroupns)) throw new InvalidArgumentError(`invalid cgroup namespace mode: ${cgroupns}`);
  // Docker's daemon default, stored: the host's namespace on cgroup v1, a private one on v2.
  out.CgroupnsMode = cgroupns || (cgroupVersion() === 2 ? 'private' : 'host');
  if (h.UTSMode === 'host' && config.Hostname) throw new InvalidArgumentError('conflicting options: hostname and the UTS mode');
  return out;
}

/** The namespaces `rec` joins at start; throws Docker's start errors when a donor cannot give them. IPC is checked first, as in moby. */
export function joinedNamespaces(rec: ContainerRecord, find: Find, shmOf: (donor: ContainerRecord) => string): JoinedNamespaces {
  const join: JoinedNamespaces = {};
  const donorOf = (mode: unknown): ContainerRecord | undefined => {
    if (typeof mode !== 'string' || !mode.startsWith('container:')) return undefined;
    const id = mode.slice('container:'.length);
    const donor = find(id);
    if (!donor) throw new InternalError(`No such container: ${id}`);
    if (!hasProcess(donor.State) || donor.State.Pid <= 0) throw new InternalError(`container ${donor.Id} is not running`);
    return donor;
  };
  const ipcMode = rec.HostConfig.IpcMode;
  let ipc: ContainerRecord | undefined;
  try {
    ipc = donorOf(ipcMode);
    if (ipc && !['shareable', 'host'].includes(String(ipc.HostConfig.IpcMode))) {
      throw new InternalError('non-shareable IPC (hint: use IpcMode:shareable for the donor container)');
    }
  } catch (e) {
    throw new InternalError(`can't join IPC of container ${String(ipcMode).slice('container:'.length)}: ${(e as Error).message}`);
  }
  if (ipc) {
    join.ipc = `/proc/${ipc.State.Pid}/ns/ipc`;
    join.shm = ipc.HostConfig.IpcMode === 'host' ? '/dev/shm' : shmOf(ipc);
  }
  const pid = donorOf(rec.HostConfig.PidMode);
  if (pid) join.pid = `/proc/${pid.State.Pid}/ns/pid`;
  return join;
}

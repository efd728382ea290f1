/**
 * The container's namespaces from `--pid`, `--ipc`, `--uts`, `--cgroupns` (and the network namespace), as moby
 * makes them: `host` leaves that namespace out (the container shares the host's), `container:<id>`
 * joins the one of that container's process (the engine gives its /proc path). Sharing IPC shares
 * /dev/shm too: the host's with `--ipc host`, the donor's with `--ipc container:<id>`; `--ipc none`
 * has none (builder.ts).
 */
import type { RuntimeMount } from '../../oci/runtime-spec.js';

export interface NamespaceModes { PidMode?: string; IpcMode?: string; UTSMode?: string; CgroupnsMode?: string }

/** Namespaces of another container to join (paths under /proc/<pid>/ns), and the host path to bind as /dev/shm (shareable or joined IPC). */
export interface JoinedNamespaces { pid?: string; ipc?: string; shm?: string }

export type Namespace = { type: string; path?: string };

/** The network namespace: the host's (none in the spec), an existing one by path, or (undefined) a new one from runc. */
export type NetworkNamespace = 'host' | { path: string } | undefined;

export function namespacesFor(m: NamespaceModes, join: JoinedNamespaces = {}, net?: NetworkNamespace): Namespace[] {
  const ns = (type: 'pid' | 'ipc', mode: string | undefined): Namespace[] =>
    mode === 'host' ? [] : join[type] ? [{ type, path: join[type] }] : [{ type }];
  return [
    ...ns('pid', m.PidMode), ...ns('ipc', m.IpcMode), ...(m.UTSMode === 'host' ? [] : [{ type: 'uts' }]), { type: 'mount' },
    ...(net === 'host' ? [] : [net ? { type: 'network', path: net.path } : { type: 'network' }]),
    // `private` gives the container its own cgroup namespace, rooted at its cgroup; `host` (and an unset mode) none.
    ...(m.CgroupnsMode === 'private' ? [{ type: 'cgroup' }] : []),
  ];
}

/** The /dev/shm bind that replaces the container's own tmpfs when it shares another's IPC, if any. */
export function sharedShm(m: NamespaceModes, join: JoinedNamespaces = {}): RuntimeMount | undefined {
  const source = m.IpcMode === 'host' ? '/dev/shm' : join.shm;
  return source ? { destination: '/dev/shm', type: 'bind', source, options: ['rbind', 'nosuid', 'noexec', 'nodev', 'rprivate'] } : undefined;
}

/**
 * Builds the OCI runtime spec for a container from its record: Docker's defaults (capabilities,
 * masked and read-only paths, the standard mounts), the user resolved inside the rootfs, the
 * environment Docker gives processes, rlimits clamped to the daemon's own, sysctls, host devices
 * and the init process.
 */
import { posix } from 'node:path';
import type { RuntimeSpec, RuntimeMount } from '../../oci/runtime-spec.js';
import { DEFAULT_MOUNTS, MASKED_PATHS, READONLY_PATHS, DEFAULT_PATH_ENV } from './defaults.js';
import { clampRlimits, defaultRlimits } from './rlimits.js';
import type { ResolvedUser } from './user.js';
import { seccompFor } from './seccomp.js';
import { containerCapabilities } from './capabilities.js';
import { resourcesFor, type ResourceRequest } from './resources.js';
import type { ResolvedDevices } from './devices.js';
import { withInit } from './init.js';
import type { BlockIO } from './block-io.js';
import { namespacesFor, sharedShm, type JoinedNamespaces, type NamespaceModes, type NetworkNamespace } from './namespaces.js';

/** What the spec needs of a container (the engine's record satisfies it). */
export interface RuntimeContainer {
  Id: string;
  Path: string;
  Args: string[];
  Config: { Tty?: boolean; Env?: string[] | null; WorkingDir?: string; Hostname?: string; Domainname?: string };
  HostConfig: ResourceRequest & NamespaceModes & {
    OomScoreAdj?: number;
    CapAdd?: string[] | null; CapDrop?: string[] | null; Privileged?: boolean; ReadonlyRootfs?: boolean; SecurityOpt?: string[] | null;
    Ulimits?: Array<{ Name: string; Soft: number; Hard: number }> | null; ConsoleSize?: [number, number]; ShmSize?: number;
    Sysctls?: Record<string, string> | null; CgroupParent?: string; Annotations?: Record<string, string> | null;
    MaskedPaths?: string[] | null; ReadonlyPaths?: string[] | null;
  };
}

export interface SpecInputs {
  record: RuntimeContainer;
  rootfs: string;
  user: ResolvedUser;
  /** Files Wharf manages for the container, bind-mounted over the image's. */
  etc: { hosts: string; resolvConf: string; hostname: string };
  /** Path of an existing network namespace to join; absent: a new one (loopback only). */
  net?: NetworkNamespace;
  /**
   * The container's own mounts (volumes, binds, tmpfs), already resolved and sorted parents first.
   * A default mount or managed /etc file at the same destination gives way (under /dev too, for a
   * user /dev), as in moby.
   */
  mounts?: RuntimeMount[];
  /** The root's propagation a shared or slave bind needs (volume/runtime-mounts.ts). */
  rootfsPropagation?: string;
  /** Host path of the init binary when the container runs under one (`--init`, daemon `init`). */
  init?: string;
  /** Host devices given with `--device`, already resolved (devices.ts). */
  devices?: ResolvedDevices;
  /** Namespaces of other containers to join (`--pid`/`--ipc container:<id>`), resolved by the engine. */
  join?: JoinedNamespaces;
  /** Per-device block I/O limits, the devices looked up (block-io.ts). */
  blockIO?: BlockIO;
}

/**
 * moby's ReplaceOrAppendEnvValues: each override replaces the variable of the same name in place, or
 * is appended; a bare `NAME` unsets NAME.
 */
export function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const env: Array<string | undefined> = [...base];
  const at = new Map(base.map((kv, i) => [kv.slice(0, kv.indexOf('=')), i]));
  for (const kv of overrides) {
    const eq = kv.indexOf('=');
    const i = at.get(eq < 0 ? kv : kv.slice(0, eq));
    if (eq < 0) {
      if (i !== undefined) env[i] = undefined;
    } else if (i !== undefined) env[i] = kv;
    else at.set(kv.slice(0, eq), env.push(kv) - 1);
  }
  return env.filter((kv): kv is string => kv !== undefined);
}

/** Docker's process environment: PATH and HOSTNAME defaults (and TERM with a TTY), then Config.Env (mergeEnv). */
export function processEnv(record: RuntimeContainer): string[] {
  const defaults = [DEFAULT_PATH_ENV, `HOSTNAME=${record.Config.Hostname ?? ''}`];
  if (record.Config.Tty) defaults.push('TERM=xterm');
  return mergeEnv(defaults, record.Config.Env ?? []);
}

/** A ulimit value: -1 (or any negative) is unlimited, as Docker's uint64 conversion makes it. */
const limitValue = (n: number): number => (n < 0 ? Infinity : n);

function rlimits(record: RuntimeContainer) {
  const wanted = (record.HostConfig.Ulimits ?? []).map((u) => ({
    type: `RLIMIT_${u.Name.toUpperCase()}`, soft: limitValue(u.Soft), hard: limitValue(u.Hard),
  }));
  const defaults = defaultRlimits().filter((d) => !wanted.some((w) => w.type === d.type));
  return [...defaults, ...clampRlimits(wanted)];
}

/** Docker's default mounts, /dev/shm sized by `--shm-size`. */
/** Docker's mounts: /dev/shm sized by --shm-size; /sys and its cgroups writable when privileged. */
function defaultMounts(shmSize: number | undefined, privileged: boolean): RuntimeMount[] {
  return DEFAULT_MOUNTS.map((m) => {
    if (m.destination === '/dev/shm' && shmSize && shmSize > 0) return { ...m, options: [...m.options.filter((o) => !o.startsWith('size=')), `size=${shmSize}`] };
    if (privileged && (m.destination === '/sys' || m.destination === '/sys/fs/cgroup')) return { ...m, options: m.options.map((o) => (o === 'ro' ? 'rw' : o)) };
    return m;
  });
}

function noNewPrivileges(securityOpt: string[] | null | undefined): boolean {
  return (securityOpt ?? []).some((o) => /^no-new-privileges([:=](1|t|T|TRUE|true|True))?$/.test(o));
}

/** The managed /etc files, read-only with the rootfs (moby NetworkMounts: Writable = !ReadonlyRootfs). */
function etcMounts(etc: SpecInputs['etc'], readOnly: boolean): RuntimeMount[] {
  const options = readOnly ? ['rbind', 'ro', 'rprivate'] : ['rbind', 'rprivate'];
  const bind = (source: string, destination: string) => ({ destination, type: 'bind', source, options });
  return [bind(etc.resolvConf, '/etc/resolv.conf'), bind(etc.hostname, '/etc/hostname'), bind(etc.hosts, '/etc/hosts')];
}

/** Sysctls to set: the user's (runc refuses those of namespaces the container shares), and the domain name. */
function sysctls(record: RuntimeContainer): Record<string, string> | undefined {
  // As moby does: runc of this era ignores the spec's `domainname`, the sysctl it honours.
  const domain: Record<string, string> = record.Config.Domainname ? { 'kernel.domainname': record.Config.Domainname } : {};
  const all = { ...domain, ...(record.HostConfig.Sysctls ?? {}) };
  return Object.keys(all).length > 0 ? all : undefined;
}

export function buildSpec(inp: SpecInputs): RuntimeSpec {
  const { record, user } = inp;
  const command = [record.Path, ...record.Args];
  const init = inp.init ? withInit(command, inp.init) : undefined;
  const hc = record.HostConfig;
  const caps = containerCapabilities({ privileged: hc.Privileged, add: hc.CapAdd, drop: hc.CapDrop });
  const tty = Boolean(record.Config.Tty);
  const size = record.HostConfig.ConsoleSize;
  const namespaces = namespacesFor(hc, inp.join, inp.net);
  const shm = sharedShm(hc, inp.join);
  const own = inp.mounts ?? [];
  const mine = overriddenBy(own);
  const base = defaultMounts(hc.ShmSize, Boolean(hc.Privileged)).filter((m) => m.destination !== '/dev/shm' || (!shm && hc.IpcMode !== 'none'));
  const readOnly = Boolean(record.HostConfig.ReadonlyRootfs);
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: tty,
      ...(tty && size && size[0] > 0 ? { consoleSize: { height: size[0], width: size[1] } } : {}),
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: init?.args ?? command,
      env: processEnv(record),
      cwd: record.Config.WorkingDir || '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: rlimits(record),
      noNewPrivileges: noNewPrivileges(hc.SecurityOpt),
      oomScoreAdj: hc.OomScoreAdj ?? 0,
    },
    root: { path: inp.rootfs, readonly: Boolean(record.HostConfig.ReadonlyRootfs) },
    // The host's UTS namespace keeps the host's name (runc refuses a hostname without its own namespace).
    hostname: hc.UTSMode === 'host' ? '' : record.Config.Hostname ?? '',
    ...optional('annotations', hc.Annotations && Object.keys(hc.Annotations).length > 0 ? hc.Annotations : undefined),
    // As moby: the defaults, then the container's own, /etc files, /dev/shm and init sorted parents
    // first together, so a user /etc does not hide the managed /etc/hosts.
    mounts: [...base.filter((m) => !mine(m.destination)), ...parentsFirst([...own, ...[...(shm ? [shm] : []), ...etcMounts(inp.etc, readOnly)].filter((m) => !mine(m.destination)), ...(init ? [init.mount] : [])])],
    linux: {
      namespaces,
      resources: withBlockIO(resourcesFor(record.HostConfig, inp.devices?.rules), inp.blockIO),
      // As moby with the cgroupfs driver: <parent>/<id>; a relative parent is runc's own cgroup's child.
      cgroupsPath: hc.CgroupParent ? posix.join(hc.CgroupParent, record.Id) : `/wharf/${record.Id}`,
      ...optional('rootfsPropagation', inp.rootfsPropagation),
      ...optional('sysctl', sysctls(record)),
      ...(inp.devices && inp.devices.devices.length > 0 ? { devices: inp.devices.devices } : {}),
      ...optional('seccomp', seccompFor(record.HostConfig.SecurityOpt, Boolean(record.HostConfig.Privileged), caps)),
      // moby: none when privileged; a list given at create replaces the defaults (empty: systempaths=unconfined).
      maskedPaths: hc.Privileged ? [] : hc.MaskedPaths ?? MASKED_PATHS,
      readonlyPaths: hc.Privileged ? [] : hc.ReadonlyPaths ?? READONLY_PATHS,
    },
  };
}

/** Mounts sorted by the depth of their destination, the given order kept within a depth (moby sortMounts). */
function parentsFirst(mounts: RuntimeMount[]): RuntimeMount[] {
  const depth = (m: RuntimeMount): number => m.destination.split('/').filter(Boolean).length;
  return mounts.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m) - depth(b.m) || a.i - b.i).map(({ m }) => m);
}

/** Whether a default mount at `dest` gives way to the user's mounts (the same destination, or under a user /dev). */
function overriddenBy(user: readonly RuntimeMount[]): (dest: string) => boolean {
  const dests = new Set(user.map((m) => m.destination));
  return (dest) => dests.has(dest) || (dests.has('/dev') && dest.startsWith('/dev/'));
}

function withBlockIO(r: ReturnType<typeof resourcesFor>, blockIO: BlockIO | undefined): ReturnType<typeof resourcesFor> {
  return blockIO ? { ...r, blockIO: { ...r.blockIO, ...blockIO } } : r;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

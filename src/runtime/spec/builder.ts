/**
 * Builds the OCI runtime spec for a container from its record: Docker's defaults (capabilities,
 * masked and read-only paths, the standard mounts), the user resolved inside the rootfs, the
 * environment Docker gives processes, and rlimits clamped to the daemon's own.
 */
import type { RuntimeSpec, RuntimeMount } from '../../oci/runtime-spec.js';
import { DEFAULT_MOUNTS, MASKED_PATHS, READONLY_PATHS, DEFAULT_PATH_ENV } from './defaults.js';
import { clampRlimits, defaultRlimits } from './rlimits.js';
import type { ResolvedUser } from './user.js';
import { seccompFor } from './seccomp.js';
import { containerCapabilities } from './capabilities.js';
import { resourcesFor, type ResourceRequest } from './resources.js';

/** What the spec needs of a container (the engine's record satisfies it). */
export interface RuntimeContainer {
  Id: string;
  Path: string;
  Args: string[];
  Config: { Tty?: boolean; Env?: string[] | null; WorkingDir?: string; Hostname?: string; Domainname?: string };
  HostConfig: ResourceRequest & {
    CapAdd?: string[] | null; CapDrop?: string[] | null; Privileged?: boolean; ReadonlyRootfs?: boolean; SecurityOpt?: string[] | null;
    Ulimits?: Array<{ Name: string; Soft: number; Hard: number }> | null; ConsoleSize?: [number, number]; ShmSize?: number;
  };
}

export interface SpecInputs {
  record: RuntimeContainer;
  rootfs: string;
  user: ResolvedUser;
  /** Files Wharf manages for the container, bind-mounted over the image's. */
  etc: { hosts: string; resolvConf: string; hostname: string };
  /** Path of an existing network namespace to join; absent: a new one (loopback only). */
  netnsPath?: string;
  /** Extra mounts (volumes, binds), already resolved. */
  mounts?: RuntimeMount[];
}

/**
 * Docker's ReplaceOrAppendEnvValues: each override replaces the variable of the same name in place
 * or is appended; an override without `=` unsets the variable.
 */
export function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const env = new Map<string, string>();
  for (const kv of [...base, ...overrides]) {
    const eq = kv.indexOf('=');
    if (eq < 0) env.delete(kv);
    else env.set(kv.slice(0, eq), kv);
  }
  return [...env.values()];
}

/** Docker's process environment: PATH and HOSTNAME defaults (and TERM with a TTY), overridden by Config.Env. */
export function processEnv(record: RuntimeContainer): string[] {
  const defaults = [DEFAULT_PATH_ENV, `HOSTNAME=${record.Config.Hostname ?? ''}`];
  if (record.Config.Tty) defaults.push('TERM=xterm');
  return mergeEnv(defaults, record.Config.Env ?? []);
}

function rlimits(record: RuntimeContainer) {
  const wanted = (record.HostConfig.Ulimits ?? []).map((u) => ({ type: `RLIMIT_${u.Name.toUpperCase()}`, soft: u.Soft, hard: u.Hard }));
  const defaults = defaultRlimits().filter((d) => !wanted.some((w) => w.type === d.type));
  return [...defaults, ...clampRlimits(wanted)];
}

/** Docker's default mounts, /dev/shm sized by `--shm-size`. */
function defaultMounts(shmSize: number | undefined): RuntimeMount[] {
  if (!shmSize || shmSize <= 0) return DEFAULT_MOUNTS;
  return DEFAULT_MOUNTS.map((m) => (m.destination === '/dev/shm' ? { ...m, options: [...m.options.filter((o) => !o.startsWith('size=')), `size=${shmSize}`] } : m));
}

function noNewPrivileges(securityOpt: string[] | null | undefined): boolean {
  return (securityOpt ?? []).some((o) => /^no-new-privileges(:true|=true)?$/.test(o));
}

function etcMounts(etc: SpecInputs['etc']): RuntimeMount[] {
  const bind = (source: string, destination: string) => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate'] });
  return [bind(etc.resolvConf, '/etc/resolv.conf'), bind(etc.hostname, '/etc/hostname'), bind(etc.hosts, '/etc/hosts')];
}

export function buildSpec(inp: SpecInputs): RuntimeSpec {
  const { record, user } = inp;
  const hc = record.HostConfig;
  const caps = containerCapabilities({ privileged: hc.Privileged, add: hc.CapAdd, drop: hc.CapDrop });
  const tty = Boolean(record.Config.Tty);
  const size = record.HostConfig.ConsoleSize;
  const namespaces: Array<{ type: string; path?: string }> = [
    { type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' },
    inp.netnsPath ? { type: 'network', path: inp.netnsPath } : { type: 'network' },
  ];
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: tty,
      ...(tty && size && size[0] > 0 ? { consoleSize: { height: size[0], width: size[1] } } : {}),
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: [record.Path, ...record.Args],
      env: processEnv(record),
      cwd: record.Config.WorkingDir || '/',
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: rlimits(record),
      noNewPrivileges: noNewPrivileges(hc.SecurityOpt),
      oomScoreAdj: 0,
    },
    root: { path: inp.rootfs, readonly: Boolean(record.HostConfig.ReadonlyRootfs) },
    hostname: record.Config.Hostname ?? '',
    mounts: [...defaultMounts(hc.ShmSize), ...etcMounts(inp.etc), ...(inp.mounts ?? [])],
    linux: {
      namespaces,
      resources: resourcesFor(record.HostConfig),
      cgroupsPath: `/wharf/${record.Id}`,
      // As moby does: runc of this era ignores the spec's `domainname`, the sysctl it honours.
      ...(record.Config.Domainname ? { sysctl: { 'kernel.domainname': record.Config.Domainname } } : {}),
      ...optional('seccomp', seccompFor(record.HostConfig.SecurityOpt, Boolean(record.HostConfig.Privileged), caps)),
      maskedPaths: record.HostConfig.Privileged ? [] : MASKED_PATHS,
      readonlyPaths: record.HostConfig.Privileged ? [] : READONLY_PATHS,
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

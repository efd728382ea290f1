/**
 * Maps `run`/`create` flags to the `POST /containers/create` body, field for field as docker CLI 28
 * sends it (Config fields at top level, HostConfig and NetworkingConfig beside them), so a daemon
 * that understands docker's requests understands ours.
 */
import type { CreateBody } from '../../../client/api/types.js';
import { bool, list, num, str, type ParsedFlags } from '../../flags/types.js';
import { addExpose, addPublish, type PortSpecs } from './ports.js';

/** Terminal facts the body depends on. */
export interface TerminalInfo {
  /** [rows, columns] of the output terminal, when `-t` and stdout is one. */
  consoleSize?: [number, number];
}

/** docker's ValidateEnv: `NAME` alone takes the value from the client's environment if set. */
export function expandEnv(values: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return values.map((v) => {
    if (v.includes('=')) return v;
    const val = env[v];
    return val === undefined ? v : `${v}=${val}`;
  });
}

/** `-l k=v` / `-l k` → Labels. */
export function parseLabels(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    out[i < 0 ? v : v.slice(0, i)] = i < 0 ? '' : v.slice(i + 1);
  }
  return out;
}

/**
 * `--restart no|always|unless-stopped|on-failure[:N]` → RestartPolicy, parsed as the docker CLI does:
 * only the form is checked here (the daemon judges names and counts, with its own messages).
 */
export function parseRestart(s: string): { Name: string; MaximumRetryCount: number } {
  if (s === '') return { Name: '', MaximumRetryCount: 0 };
  const colon = s.indexOf(':');
  const name = colon < 0 ? s : s.slice(0, colon);
  const count = colon < 0 ? '' : s.slice(colon + 1);
  if (colon === 0) throw new Error('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) throw new Error('invalid restart policy format: maximum retry count must be an integer');
  return { Name: name, MaximumRetryCount: count === '' ? 0 : Number(count) };
}

function volumes(values: readonly string[]): { binds: string[] | null; anon: Record<string, Record<string, never>> } {
  const binds: string[] = [];
  const anon: Record<string, Record<string, never>> = {};
  for (const v of values) {
    if (v.split(':').length === 1) anon[v] = {};
    else binds.push(v);
  }
  return { binds: binds.length > 0 ? binds : null, anon };
}

function entrypoint(p: ParsedFlags): string[] | null {
  if (!p.changed.has('entrypoint')) return null;
  const e = str(p, 'entrypoint');
  return e === '' ? [''] : [e];
}

/** Builds the create body from parsed run flags; throws Error with docker's wording for bad flags. */
export function buildCreateBody(p: ParsedFlags, env: NodeJS.ProcessEnv, term: TerminalInfo = {}): CreateBody {
  const [image = '', ...cmd] = p.args;
  const detach = bool(p, 'detach');
  const interactive = bool(p, 'interactive');
  const attach = new Set(list(p, 'attach').map((a) => a.toLowerCase()));
  if (detach && attach.size > 0) throw new Error('conflicting options: cannot specify both --attach and --detach');
  const restart = parseRestart(str(p, 'restart'));
  if (bool(p, 'rm') && restart.Name !== 'no') throw new Error('conflicting options: cannot specify both --restart and --rm');
  const ports: PortSpecs = { exposed: {}, bindings: {} };
  for (const e of list(p, 'expose')) addExpose(ports, e);
  for (const e of list(p, 'publish')) addPublish(ports, e);
  const vols = volumes(list(p, 'volume'));
  const env_ = expandEnv(list(p, 'env'), env);
  const attachStdin = !detach && (attach.size > 0 ? attach.has('stdin') : interactive);
  const network = str(p, 'network') || 'default';
  return {
    Hostname: str(p, 'hostname'), Domainname: '', User: str(p, 'user'),
    AttachStdin: attachStdin,
    AttachStdout: !detach && (attach.size === 0 || attach.has('stdout')),
    AttachStderr: !detach && (attach.size === 0 || attach.has('stderr')),
    ...(Object.keys(ports.exposed).length > 0 ? { ExposedPorts: ports.exposed } : {}),
    Tty: bool(p, 'tty'), OpenStdin: interactive, StdinOnce: attachStdin && interactive,
    Env: env_.length > 0 ? env_ : null, Cmd: cmd.length > 0 ? cmd : null, Image: image,
    Volumes: vols.anon, WorkingDir: str(p, 'workdir'), Entrypoint: entrypoint(p), OnBuild: null,
    Labels: parseLabels(list(p, 'label')),
    ...(str(p, 'stop-signal') ? { StopSignal: str(p, 'stop-signal') } : {}),
    ...(p.changed.has('stop-timeout') ? { StopTimeout: num(p, 'stop-timeout') } : {}),
    HostConfig: hostConfig(p, { binds: vols.binds, ports, restart, network, term }),
    NetworkingConfig: { EndpointsConfig: { [network]: endpoint() } },
  };
}

interface HostParts {
  binds: string[] | null;
  ports: PortSpecs;
  restart: { Name: string; MaximumRetryCount: number };
  network: string;
  term: TerminalInfo;
}

function hostConfig(p: ParsedFlags, h: HostParts): Record<string, unknown> {
  const caps = (name: string): string[] | null => (list(p, name).length > 0 ? list(p, name) : null);
  return {
    Binds: h.binds, ContainerIDFile: '', LogConfig: { Type: '', Config: {} }, NetworkMode: h.network,
    PortBindings: h.ports.bindings, RestartPolicy: h.restart, AutoRemove: bool(p, 'rm'), VolumeDriver: '',
    VolumesFrom: null, ConsoleSize: h.term.consoleSize ?? [0, 0], CapAdd: caps('cap-add'), CapDrop: caps('cap-drop'),
    CgroupnsMode: '', Dns: [], DnsOptions: [], DnsSearch: [], ExtraHosts: null, GroupAdd: null, IpcMode: '',
    Cgroup: '', Links: null, OomScoreAdj: 0, PidMode: '', Privileged: bool(p, 'privileged'),
    PublishAllPorts: bool(p, 'publish-all'), ReadonlyRootfs: bool(p, 'read-only'), SecurityOpt: null,
    UTSMode: '', UsernsMode: '', ShmSize: 0, Isolation: '', CpuShares: 0, Memory: num(p, 'memory'), NanoCpus: 0,
    CgroupParent: '', BlkioWeight: 0, BlkioWeightDevice: [], BlkioDeviceReadBps: [], BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [], BlkioDeviceWriteIOps: [], CpuPeriod: 0, CpuQuota: 0, CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0, CpusetCpus: '', CpusetMems: '', Devices: [], DeviceCgroupRules: null, DeviceRequests: null,
    MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: -1, OomKillDisable: false, PidsLimit: 0, Ulimits: [],
    CpuCount: 0, CpuPercent: 0, IOMaximumIOps: 0, IOMaximumBandwidth: 0, MaskedPaths: null, ReadonlyPaths: null,
    ...(bool(p, 'init') ? { Init: true } : {}),
  };
}

function endpoint(): Record<string, unknown> {
  return {
    IPAMConfig: null, Links: null, Aliases: null, MacAddress: '', DriverOpts: null, GwPriority: 0, NetworkID: '',
    EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0, DNSNames: null,
  };
}

/**
 * Maps `run`/`create` flags to the `POST /containers/create` body, field for field as docker CLI 28
 * sends it (Config fields at top level, HostConfig and NetworkingConfig beside them), so a daemon
 * that understands docker's requests understands ours.
 */
import type { CreateBody } from '../../../client/api/types.js';
import { bool, list, num, str, type ParsedFlags } from '../../flags/types.js';
import { addExpose, addPublish, type PortSpecs } from './ports.js';
import { healthConfig } from './healthcheck.js';
import { parseBpsDevice, parseDevice, parseIopsDevice, parseWeightDevice, sysctlMap, ulimitList, type DeviceMapping } from './host-options.js';
import { readKeyValueStrings } from './kv-file.js';
import { securityParts } from './security-opts.js';
import { parseMountFlag, splitVolumes, tmpfsMap } from './mounts.js';

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
  if (name === '') throw new Error('invalid restart policy format: no policy provided before colon');
  if (count === '') return { Name: name, MaximumRetryCount: 0 };
  if (!/^[+-]?\d+$/.test(count)) throw new Error('invalid restart policy format: maximum retry count must be an integer');
  return { Name: name, MaximumRetryCount: Number(count) };
}

/** docker CLI 28 sends repeated `-e NAME=…` once per name: the last value, where the name first came. */
export function dedupeEnv(values: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const v of values) byName.set(v.split('=', 1)[0] ?? v, v);
  return [...byName.values()];
}

function entrypoint(p: ParsedFlags): string[] | null {
  if (!p.changed.has('entrypoint')) return null;
  const e = str(p, 'entrypoint');
  return e === '' ? [''] : [e];
}

/** `--annotation k=v` as docker's MapOpts reads it: a bare key maps to "", the last value per key wins. */
function annotationMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq < 0) out[v] = '';
    else out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/** The docker CLI's checks of --pid, --uts, --userns and --cgroupns (--ipc is left to the daemon). */
function checkNamespaceModes(p: ParsedFlags): void {
  const userns = str(p, 'userns');
  if (userns !== '' && userns !== 'host') throw new Error('--userns: invalid USER mode');
  const cgroupns = str(p, 'cgroupns');
  if (!['', 'host', 'private'].includes(cgroupns)) throw new Error('--cgroupns: invalid CGROUP mode');
  const pid = str(p, 'pid');
  if (pid !== '' && pid !== 'host' && !/^container:./.test(pid)) throw new Error('--pid: invalid PID mode');
  const uts = str(p, 'uts');
  if (uts !== '' && uts !== 'host') throw new Error('--uts: invalid UTS mode');
}

/** Builds the create body from parsed run flags; throws Error with docker's wording for bad flags. */
export function buildCreateBody(p: ParsedFlags, env: NodeJS.ProcessEnv, term: TerminalInfo = {}): CreateBody {
  const [image = '', ...cmd] = p.args;
  const detach = bool(p, 'detach');
  const interactive = bool(p, 'interactive');
  const attach = new Set(list(p, 'attach').map((a) => a.toLowerCase()));
  if (detach && attach.size > 0) throw new Error('conflicting options: cannot specify both --attach and --detach');
  const restart = parseRestart(str(p, 'restart'));
  if (bool(p, 'rm') && restart.Name !== 'no' && restart.Name !== '') throw new Error('conflicting options: cannot specify both --restart and --rm');
  checkNamespaceModes(p);
  const ports: PortSpecs = { exposed: {}, bindings: {} };
  for (const e of list(p, 'expose')) addExpose(ports, e);
  for (const e of list(p, 'publish')) addPublish(ports, e);
  const vols = splitVolumes(list(p, 'volume'));
  const devices = list(p, 'device').map(parseDevice);
  const lookup = (name: string): string | undefined => env[name];
  const env_ = readKeyValueStrings(list(p, 'env-file'), dedupeEnv(expandEnv(list(p, 'env'), env)), lookup);
  const labels = parseLabels(readKeyValueStrings(list(p, 'label-file'), list(p, 'label')));
  const healthcheck = healthConfig(p);
  const attachStdin = !detach && (attach.size > 0 ? attach.has('stdin') : interactive);
  const network = str(p, 'network') || 'default';
  return {
    Hostname: str(p, 'hostname'), Domainname: '', User: str(p, 'user'),
    AttachStdin: attachStdin,
    AttachStdout: !detach && (attach.size === 0 || attach.has('stdout')),
    AttachStderr: !detach && (attach.size === 0 || attach.has('stderr')),
    ...(Object.keys(ports.exposed).length > 0 ? { ExposedPorts: ports.exposed } : {}),
    Tty: bool(p, 'tty'), OpenStdin: interactive, StdinOnce: attachStdin && interactive,
    Env: env_.length > 0 ? env_ : null, Cmd: cmd.length > 0 ? cmd : null,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}), Image: image,
    Volumes: vols.anon, WorkingDir: str(p, 'workdir'), Entrypoint: entrypoint(p), OnBuild: null,
    Labels: labels,
    ...(str(p, 'stop-signal') ? { StopSignal: str(p, 'stop-signal') } : {}),
    ...(p.changed.has('stop-timeout') ? { StopTimeout: num(p, 'stop-timeout') } : {}),
    HostConfig: hostConfig(p, { binds: vols.binds.length > 0 ? vols.binds : null, ports, restart, network, term, devices }),
    NetworkingConfig: { EndpointsConfig: { [network]: endpoint() } },
  };
}

interface HostParts {
  binds: string[] | null;
  ports: PortSpecs;
  restart: { Name: string; MaximumRetryCount: number };
  network: string;
  term: TerminalInfo;
  devices: DeviceMapping[];
}

function hostConfig(p: ParsedFlags, h: HostParts): Record<string, unknown> {
  const orNull = (name: string): string[] | null => (list(p, name).length > 0 ? list(p, name) : null);
  const caps = orNull;
  const sysctls = sysctlMap(list(p, 'sysctl'));
  const security = securityParts(list(p, 'security-opt'));
  return {
    Binds: h.binds, ContainerIDFile: str(p, 'cidfile'), LogConfig: { Type: '', Config: {} }, NetworkMode: h.network,
    PortBindings: h.ports.bindings, RestartPolicy: h.restart, AutoRemove: bool(p, 'rm'), VolumeDriver: str(p, 'volume-driver'),
    VolumesFrom: orNull('volumes-from'), ConsoleSize: h.term.consoleSize ?? [0, 0], CapAdd: caps('cap-add'), CapDrop: caps('cap-drop'),
    CgroupnsMode: str(p, 'cgroupns'), Dns: [], DnsOptions: [], DnsSearch: [], ExtraHosts: null, GroupAdd: orNull('group-add'), IpcMode: str(p, 'ipc'),
    Cgroup: '', Links: null, OomScoreAdj: num(p, 'oom-score-adj'), PidMode: str(p, 'pid'), Privileged: bool(p, 'privileged'),
    PublishAllPorts: bool(p, 'publish-all'), ReadonlyRootfs: bool(p, 'read-only'), SecurityOpt: security.SecurityOpt,
    UTSMode: str(p, 'uts'), UsernsMode: str(p, 'userns'), ShmSize: num(p, 'shm-size'), Isolation: '', CpuShares: 0, Memory: num(p, 'memory'), NanoCpus: 0,
    CgroupParent: str(p, 'cgroup-parent'), BlkioWeight: 0, BlkioWeightDevice: list(p, 'blkio-weight-device').map(parseWeightDevice),
    BlkioDeviceReadBps: list(p, 'device-read-bps').map(parseBpsDevice), BlkioDeviceWriteBps: list(p, 'device-write-bps').map(parseBpsDevice),
    BlkioDeviceReadIOps: list(p, 'device-read-iops').map(parseIopsDevice), BlkioDeviceWriteIOps: list(p, 'device-write-iops').map(parseIopsDevice), CpuPeriod: 0, CpuQuota: 0, CpuRealtimePeriod: num(p, 'cpu-rt-period'),
    CpuRealtimeRuntime: num(p, 'cpu-rt-runtime'), CpusetCpus: '', CpusetMems: '', Devices: h.devices, DeviceCgroupRules: orNull('device-cgroup-rule'), DeviceRequests: null,
    MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: -1, OomKillDisable: bool(p, 'oom-kill-disable'), PidsLimit: 0,
    Ulimits: ulimitList(list(p, 'ulimit')),
    CpuCount: 0, CpuPercent: 0, IOMaximumIOps: 0, IOMaximumBandwidth: 0, MaskedPaths: security.MaskedPaths, ReadonlyPaths: security.ReadonlyPaths,
    ...(str(p, 'runtime') ? { Runtime: str(p, 'runtime') } : {}),
    ...(list(p, 'tmpfs').length > 0 ? { Tmpfs: tmpfsMap(list(p, 'tmpfs')) } : {}),
    ...(list(p, 'mount').length > 0 ? { Mounts: list(p, 'mount').map(parseMountFlag) } : {}),
    ...(Object.keys(sysctls).length > 0 ? { Sysctls: sysctls } : {}),
    ...(list(p, 'annotation').length > 0 ? { Annotations: annotationMap(list(p, 'annotation')) } : {}),
    // Only when given, so the daemon's `init` default applies otherwise (docker: flags.Changed("init")).
    ...(p.changed.has('init') ? { Init: bool(p, 'init') } : {}),
  };
}

function endpoint(): Record<string, unknown> {
  return {
    IPAMConfig: null, Links: null, Aliases: null, MacAddress: '', DriverOpts: null, GwPriority: 0, NetworkID: '',
    EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0, DNSNames: null,
  };
}

/**
 * Container JSON as Docker serves it: `GET /containers/json` summaries and `GET /containers/{id}/json`.
 * Every field Docker sends is present, with null or empty values rather than absent.
 */
import { hasProcess, isRunning, mountView, requestedEndpoint, summaryPorts, type ContainerDetails, type ContainerRecord, type EndpointSettings } from '../../engine/engine.js';
import { humanDuration } from '../../util/go-units.js';

/** Docker's Command column: the argv joined, each argument quoted only when needed. */
export function commandLine(rec: ContainerRecord): string {
  return [rec.Path, ...rec.Args].map((a) => (/[\s'"\\]|^$/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
}

/** `Up 3 seconds`, `Up 3 seconds (healthy)`, `Up 3 seconds (Paused)`, `Exited (0) 2 minutes ago`, `Restarting (1) Less than a second ago`, `Created`. */
export function statusText(rec: ContainerRecord, now = Date.now()): string {
  const s = rec.State;
  if (s.Status === 'running') return `Up ${humanDuration(now - Date.parse(s.StartedAt))}${healthSuffix(s.Health?.Status)}`;
  if (s.Status === 'paused') return `Up ${humanDuration(now - Date.parse(s.StartedAt))} (Paused)`;
  if (s.Status === 'exited') {
    if (s.FinishedAt.startsWith('0001')) return 'Created';
    return `Exited (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
  }
  if (s.Status === 'restarting') return `Restarting (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
  if (s.Status === 'removing') return 'Removal In Progress';
  if (s.Status === 'dead') return 'Dead';
  return s.Status === 'created' ? 'Created' : s.Status;
}

/** Docker's Health.String() in the Status column: ` (healthy)`, ` (unhealthy)`, ` (health: starting)`. */
function healthSuffix(status: string | undefined): string {
  if (!status) return '';
  return status === 'starting' ? ' (health: starting)' : ` (${status})`;
}

/** Inspect's per-network entries (v1.50 EndpointSettings); records from before networks show the default one, empty. */
function networks(rec: ContainerRecord): Record<string, EndpointSettings> {
  if (rec.NetworkSettings) return rec.NetworkSettings.Networks;
  const name = rec.HostConfig.NetworkMode === 'default' ? 'bridge' : rec.HostConfig.NetworkMode ?? 'bridge';
  return { [name]: requestedEndpoint() };
}

/** The list's entries: Docker's summary leaves out GwPriority and DNSNames. */
function summaryNetworks(rec: ContainerRecord) {
  return Object.fromEntries(Object.entries(networks(rec)).map(([name, ep]) => {
    const { GwPriority: _g, DNSNames: _d, ...rest } = ep;
    return [name, rest];
  }));
}

/** A list item; `size` (asked for with `size=1`) adds SizeRw and SizeRootFs after Ports, where Docker has them. */
export function containerSummary(rec: ContainerRecord, size?: { sizeRw: number; sizeRootFs: number }) {
  return {
    Id: rec.Id,
    Names: [rec.Name],
    Image: rec.Config.Image,
    ImageID: rec.Image,
    Command: commandLine(rec),
    Created: Math.floor(Date.parse(rec.Created) / 1000),
    Ports: hasProcess(rec.State) ? summaryPorts(rec.NetworkSettings?.Ports ?? {}) : [],
    ...(size ? { SizeRw: size.sizeRw, SizeRootFs: size.sizeRootFs } : {}),
    Labels: rec.Config.Labels ?? {},
    State: rec.State.Status,
    Status: statusText(rec),
    HostConfig: { NetworkMode: rec.HostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: summaryNetworks(rec) },
    Mounts: (rec.MountPoints ?? []).map(mountView),
  };
}

const HOST_CONFIG_DEFAULTS = {
  Binds: null, ContainerIDFile: '', LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: 'default', PortBindings: {},
  RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '', VolumesFrom: null,
  ConsoleSize: [0, 0], Annotations: null, CapAdd: null, CapDrop: null, CgroupnsMode: 'host', Dns: [], DnsOptions: [],
  DnsSearch: [], ExtraHosts: null, GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null, OomScoreAdj: 0,
  PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null, UTSMode: '',
  UsernsMode: '', ShmSize: 67108864, Runtime: 'runc', Isolation: '', CpuShares: 0, Memory: 0, NanoCpus: 0,
  CgroupParent: '', BlkioWeight: 0, BlkioWeightDevice: [], BlkioDeviceReadBps: [], BlkioDeviceWriteBps: [],
  BlkioDeviceReadIOps: [], BlkioDeviceWriteIOps: [], CpuPeriod: 0, CpuQuota: 0, CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0, CpusetCpus: '', CpusetMems: '', Devices: [], DeviceCgroupRules: null, DeviceRequests: null,
  MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: null, OomKillDisable: false, PidsLimit: null, Ulimits: [],
  CpuCount: 0, CpuPercent: 0, IOMaximumIOps: 0, IOMaximumBandwidth: 0,
};

function configJson(rec: ContainerRecord) {
  const c = rec.Config;
  return {
    Hostname: c.Hostname ?? '', Domainname: c.Domainname ?? '', User: c.User ?? '',
    AttachStdin: Boolean(c.AttachStdin), AttachStdout: Boolean(c.AttachStdout), AttachStderr: Boolean(c.AttachStderr),
    ...(c.ExposedPorts ? { ExposedPorts: c.ExposedPorts } : {}),
    Tty: Boolean(c.Tty), OpenStdin: Boolean(c.OpenStdin), StdinOnce: Boolean(c.StdinOnce),
    Env: c.Env && c.Env.length > 0 ? c.Env : null, Cmd: c.Cmd ?? null,
    ...(c.Healthcheck ? { Healthcheck: c.Healthcheck } : {}),
    Image: c.Image, Volumes: c.Volumes ?? null, WorkingDir: c.WorkingDir ?? '', Entrypoint: c.Entrypoint ?? null,
    OnBuild: c.OnBuild ?? null, Labels: c.Labels ?? {},
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
    ...(c.StopTimeout !== undefined ? { StopTimeout: c.StopTimeout } : {}),
    ...(c.Shell ? { Shell: c.Shell } : {}),
  };
}

export function containerInspect(d: ContainerDetails) {
  const rec = d.record;
  const etc = d.files;
  const g = d.graph;
  const s = rec.State;
  return {
    Id: rec.Id,
    Created: rec.Created,
    Path: rec.Path,
    Args: rec.Args,
    State: {
      // Docker's State.Running: a paused or restarting container counts as running.
      Status: s.Status, Running: isRunning(s), Paused: s.Status === 'paused', Restarting: s.Status === 'restarting',
      OOMKilled: s.OOMKilled, Dead: s.Status === 'dead', Pid: s.Pid, ExitCode: s.ExitCode, Error: s.Error,
      StartedAt: s.StartedAt, FinishedAt: s.FinishedAt,
      ...(s.Health ? { Health: s.Health } : {}),
    },
    Image: rec.Image,
    ResolvConfPath: etc.resolvConf,
    HostnamePath: etc.hostname,
    HostsPath: etc.hosts,
    // Docker shows a path only for json-file (its other drivers keep logs where users do not read them).
    LogPath: (rec.HostConfig.LogConfig?.Type ?? 'json-file') === 'json-file' ? rec.LogPath : '',
    Name: rec.Name,
    RestartCount: rec.RestartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: d.execIds,
    HostConfig: {
      ...HOST_CONFIG_DEFAULTS, ...rec.HostConfig,
      MaskedPaths: d.maskedPaths,
      ReadonlyPaths: d.readonlyPaths,
    },
    GraphDriver: { Data: { LowerDir: [...g.lowerDirs].reverse().join(':'), MergedDir: g.mergedDir, UpperDir: g.upperDir, WorkDir: g.workDir }, Name: 'overlay2' },
    Mounts: (rec.MountPoints ?? []).map(mountView),
    Config: configJson(rec),
    NetworkSettings: networkSettings(rec),
  };
}

/** Inspect's NetworkSettings: the top-level address fields mirror the default bridge's endpoint, as Docker's do. */
function networkSettings(rec: ContainerRecord) {
  const st = rec.NetworkSettings;
  const b = st?.Networks['bridge'];
  const key = st?.SandboxKey ?? '';
  return {
    Bridge: '', SandboxID: key ? rec.Id : '', HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0, Ports: st?.Ports ?? {},
    SandboxKey: key, SecondaryIPAddresses: null, SecondaryIPv6Addresses: null, EndpointID: b?.EndpointID ?? '', Gateway: b?.Gateway ?? '',
    GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, IPAddress: b?.IPAddress ?? '', IPPrefixLen: b?.IPPrefixLen ?? 0, IPv6Gateway: '', MacAddress: b?.MacAddress ?? '',
    Networks: networks(rec),
  };
}

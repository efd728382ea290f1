/** `/version`, `/info`, `/system/df` and `/events`: facts about the daemon and the host, disk usage, the event stream. */
import { cpus, totalmem, hostname, release, arch } from 'node:os';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { loadDefaultProfile } from '../../runtime/spec/seccomp.js';
import type { ContainerEngine, DiskUsage, DiskUsageType, EventsOptions, EventStream, ImageEngine, SystemEngine, VolumeEngine } from '../engine.js';
import type { ContainerRecord } from '../containers/record.js';
import { InvalidArgumentError } from '../errors.js';
import { LOG_DRIVERS } from '../containers/logs/policy.js';
import type { HostFacts } from './host.js';
import type { EventJournal } from '../events/journal.js';
import { openEventStream } from '../events/stream.js';

export interface SystemFacts {
  version: string;
  dataRoot: string;
  runcPath: string;
  conmonPath: string;
  id: string;
  /** The default log driver (daemon.json `log-driver`). */
  logDriver: string;
  host: HostFacts;
}

/** What system needs of the other engines. */
export interface SystemSources {
  containers: Pick<ContainerEngine, 'usage'> & { all(): ContainerRecord[] };
  images: Pick<ImageEngine, 'usage'> & { count(): number };
  volumes: Pick<VolumeEngine, 'usage'>;
  journal: EventJournal;
}

const DF_TYPES: DiskUsageType[] = ['container', 'image', 'volume', 'build-cache'];

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const UNAME: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

function osRelease(): { pretty: string; version: string } {
  const text = (() => { try { return readFileSync('/etc/os-release', 'utf8'); } catch { return ''; } })();
  const get = (k: string) => new RegExp(`^${k}="?([^"\\n]*)"?`, 'm').exec(text)?.[1] ?? '';
  return { pretty: get('PRETTY_NAME') || 'Linux', version: get('VERSION_ID') };
}

function toolVersion(bin: string): string {
  try {
    return /version\s+(\S+)/.exec(execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 5000 }))?.[1] ?? '';
  } catch {
    return '';
  }
}

export class SystemService implements SystemEngine {
  #runcVersion?: string;
  #conmonVersion?: string;

  constructor(readonly facts: SystemFacts, readonly sources: SystemSources) {}

  version() {
    this.#runcVersion ??= toolVersion(this.facts.runcPath);
    this.#conmonVersion ??= toolVersion(this.facts.conmonPath);
    const details = { ApiVersion: '1.50', Arch: GOARCH[arch()] ?? arch(), BuildTime: '', Experimental: 'false', GitCommit: '', GoVersion: '', KernelVersion: release(), MinAPIVersion: '1.24', Os: 'linux' };
    return {
      Platform: { Name: 'Wharf Engine' },
      Components: [
        { Name: 'Engine', Version: this.facts.version, Details: details },
        { Name: 'runc', Version: this.#runcVersion, Details: { GitCommit: '' } },
        { Name: 'conmon', Version: this.#conmonVersion, Details: { GitCommit: '' } },
      ],
      Version: this.facts.version, ApiVersion: '1.50', MinAPIVersion: '1.24', GitCommit: '', GoVersion: `node${process.versions.node}`,
      Os: 'linux', Arch: details.Arch, KernelVersion: release(), BuildTime: '',
    };
  }

  info() {
    const all = this.sources.containers.all();
    const h = this.facts.host;
    const running = all.filter((c) => c.State.Status === 'running').length;
    const paused = all.filter((c) => c.State.Status === 'paused').length;
    const os = osRelease();
    return {
      ID: this.facts.id, Containers: all.length, ContainersRunning: running, ContainersPaused: paused,
      ContainersStopped: all.length - running - paused, Images: this.sources.images.count(), Driver: 'overlay2',
      DriverStatus: [['Backing Filesystem', h.backingFs], ['Supports d_type', String(h.supportsDType)], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
      Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: LOG_DRIVERS },
      MemoryLimit: h.memoryLimit, SwapLimit: h.swapLimit, KernelMemoryTCP: false, CpuCfsPeriod: h.cpuCfs, CpuCfsQuota: h.cpuCfs,
      CPUShares: h.cpuShares, CPUSet: h.cpuSet, PidsLimit: h.pidsLimit, IPv4Forwarding: h.ipv4Forwarding,
      BridgeNfIptables: h.bridgeNfIptables, BridgeNfIp6tables: h.bridgeNfIp6tables, Debug: false,
      NFd: 0, OomKillDisable: false, NGoroutines: 0, SystemTime: new Date().toISOString(), LoggingDriver: this.facts.logDriver,
      CgroupDriver: h.cgroupDriver, CgroupVersion: h.cgroupVersion, NEventsListener: 0, KernelVersion: release(),
      OperatingSystem: os.pretty, OSVersion: os.version, OSType: 'linux', Architecture: UNAME[arch()] ?? arch(),
      IndexServerAddress: 'https://index.docker.io/v1/',
      RegistryConfig: { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null, InsecureRegistryCIDRs: ['127.0.0.0/8'], IndexConfigs: {}, Mirrors: null },
      NCPU: cpus().length, MemTotal: totalmem(), GenericResources: null, DockerRootDir: this.facts.dataRoot,
      HttpProxy: process.env.HTTP_PROXY ?? '', HttpsProxy: process.env.HTTPS_PROXY ?? '', NoProxy: process.env.NO_PROXY ?? '',
      Name: hostname(), Labels: [], ExperimentalBuild: false, ServerVersion: this.facts.version,
      // The names create accepts for runc (containers/runtime-name.ts).
      Runtimes: { 'io.containerd.runc.v2': { path: this.facts.runcPath }, runc: { path: this.facts.runcPath } }, DefaultRuntime: 'runc',
      Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
      LiveRestoreEnabled: true, Isolation: '', InitBinary: 'catatonit',
      ContainerdCommit: { ID: '', Expected: '' }, RuncCommit: { ID: this.#runcVersion ?? '', Expected: '' }, InitCommit: { ID: '', Expected: '' },
      SecurityOptions: loadDefaultProfile() ? ['name=seccomp,profile=default'] : [], CDISpecDirs: [], Containerd: null, Warnings: null,
    };
  }

  /** `docker system df`: what each kind holds (`types` narrows it; empty: all). */
  async df(types: DiskUsageType[]): Promise<DiskUsage> {
    for (const t of types) if (!DF_TYPES.includes(t)) throw new InvalidArgumentError(`unknown object type: ${t}`);
    const want = (t: DiskUsageType) => types.length === 0 || types.includes(t);
    return {
      ...(want('image') ? { images: await this.sources.images.usage() } : {}),
      ...(want('container') ? { containers: await this.sources.containers.usage() } : {}),
      ...(want('volume') ? { volumes: await this.sources.volumes.usage() } : {}),
      ...(want('build-cache') ? { buildCache: [] as [] } : {}),
    };
  }

  /** `GET /events` (engine/events/stream.ts). */
  events(o: EventsOptions): EventStream {
    return openEventStream(this.sources.journal, o);
  }
}

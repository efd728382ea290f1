/** Facts about the daemon and host for `/version` and `/info`. */
import { cpus, totalmem, hostname, release, arch } from 'node:os';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { ContainerStore } from '../containers/store.js';
import type { ImageStore } from '../../image/store.js';
import { loadDefaultProfile } from '../../runtime/spec/seccomp.js';

export interface SystemFacts {
  version: string;
  dataRoot: string;
  runcPath: string;
  conmonPath: string;
  id: string;
}

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

export class SystemService {
  #runcVersion?: string;
  #conmonVersion?: string;

  constructor(readonly facts: SystemFacts, readonly containers: ContainerStore, readonly images: ImageStore) {}

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
    const all = this.containers.list();
    const running = all.filter((c) => c.State.Status === 'running').length;
    const paused = all.filter((c) => c.State.Status === 'paused').length;
    const os = osRelease();
    return {
      ID: this.facts.id, Containers: all.length, ContainersRunning: running, ContainersPaused: paused,
      ContainersStopped: all.length - running - paused, Images: this.images.list().length, Driver: 'overlay2',
      DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
      Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['k8s-file'] },
      MemoryLimit: true, SwapLimit: true, KernelMemoryTCP: true, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true,
      CPUSet: true, PidsLimit: true, IPv4Forwarding: true, BridgeNfIptables: true, BridgeNfIp6tables: true, Debug: false,
      NFd: 0, OomKillDisable: true, NGoroutines: 0, SystemTime: new Date().toISOString(), LoggingDriver: 'k8s-file',
      CgroupDriver: 'cgroupfs', CgroupVersion: '1', NEventsListener: 0, KernelVersion: release(),
      OperatingSystem: os.pretty, OSVersion: os.version, OSType: 'linux', Architecture: UNAME[arch()] ?? arch(),
      IndexServerAddress: 'https://index.docker.io/v1/',
      RegistryConfig: { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null, InsecureRegistryCIDRs: ['127.0.0.0/8'], IndexConfigs: {}, Mirrors: null },
      NCPU: cpus().length, MemTotal: totalmem(), GenericResources: null, DockerRootDir: this.facts.dataRoot,
      HttpProxy: process.env.HTTP_PROXY ?? '', HttpsProxy: process.env.HTTPS_PROXY ?? '', NoProxy: process.env.NO_PROXY ?? '',
      Name: hostname(), Labels: [], ExperimentalBuild: false, ServerVersion: this.facts.version,
      Runtimes: { runc: { path: this.facts.runcPath } }, DefaultRuntime: 'runc',
      Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
      LiveRestoreEnabled: true, Isolation: '', InitBinary: 'catatonit',
      ContainerdCommit: { ID: '', Expected: '' }, RuncCommit: { ID: this.#runcVersion ?? '', Expected: '' }, InitCommit: { ID: '', Expected: '' },
      SecurityOptions: loadDefaultProfile() ? ['name=seccomp,profile=default'] : [], CDISpecDirs: [], Containerd: null, Warnings: null,
    };
  }
}

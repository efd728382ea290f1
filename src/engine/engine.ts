/**
 * What the API may call: the engine's faces, and the data they take and give. api/ imports
 * this file and engine/errors.ts, nothing else of the engine (a test checks it); wiring in daemon/
 * builds the implementations (containers/service.ts, images/service.ts, system/service.ts).
 *
 * Methods validate before they act and throw EngineErrors (engine/errors.ts). Methods that stream
 * (attach, logs, save, export) validate first and return an object to stream from, so the API can
 * answer 404/400 before it commits to a status line.
 */
import type { Readable, Writable } from 'node:stream';
import type { Digest } from '../oci/digest.js';
import type { ContainerDefaults, ImageConfig } from '../oci/image-config.js';
import type { ImageRecord } from '../image/record.js';
import type { Change } from '../snapshot/snapshotter.js';
import type { ContainerConfig, ContainerRecord, HostConfig, RestartPolicy } from './containers/record.js';
import type { Filters } from './filters.js';
import type { StatsOptions, StatsStream, TopResult } from './containers/stats/types.js';
import type { EngineEvent, EventActor, EventType } from './events/journal.js';
import type { PathStat } from './containers/archive/path-stat.js';
import type { PutArchiveOptions } from './containers/archive/ops.js';
import type { Volume, VolumeCreateRequest } from '../volume/volume.js';
import type { Network, NetworkCreateRequest } from '../network/network.js';

export type { ContainerConfig, ContainerRecord, HostConfig, ContainerState, ContainerStatus } from './containers/record.js';
export { isRunning, hasProcess } from './containers/record.js';
export { requestedEndpoint, type EndpointSettings, type PortMap } from '../network/endpoint.js';
import type { EndpointSettings } from '../network/endpoint.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { Platform } from '../oci/platform.js';
import type { Credentials as RegistryAuth } from '../distribution/client/auth.js';
import type { PullProgress as TransferProgress } from '../distribution/client/progress.js';
import type { SearchResult } from '../distribution/client/search.js';
import type { PullRequest } from './images/pull.js';
import type { PushRequest } from './images/push.js';
import type { BuildResources, RegistryCredentials } from '../build/executor/worker.js';

export type { RegistryAuth, TransferProgress, SearchResult, PullRequest, PushRequest };
export { summaryPorts } from '../network/ports.js';
export type { ImageRecord, Change, Filters, EngineEvent, EventActor, EventType, Volume, VolumeCreateRequest, Network, NetworkCreateRequest };
export type { StatsOptions, StatsSample, StatsStream, TopResult } from './containers/stats/types.js';

// ---- containers ----

export interface CreateRequest {
  name?: string;
  config: ContainerConfig;
  hostConfig: HostConfig;
  /** `NetworkingConfig` of the create body. */
  networking?: { EndpointsConfig?: Record<string, unknown> | null } | null;
  /** `?platform=os/arch[/variant]`: the image must suit it. */
  platform?: string;
}

export interface CreateReport { Id: string; Warnings: string[] }

export interface ContainerListOptions {
  /** Stopped containers too (also implied by `limit` > 0, as in Docker). */
  all?: boolean;
  /** At most this many, newest first; 0 or negative: no limit. */
  limit?: number;
  filters?: Filters;
}

/** Everything inspect shows beyond the record. */
/** inspect's and ps's `Mounts` item of a mount point (the api sees volume/ only through here). */
export { mountView, type MountView } from '../volume/mount-point.js';

export interface ContainerDetails {
  record: ContainerRecord;
  files: { hosts: string; resolvConf: string; hostname: string };
  graph: { lowerDirs: string[]; upperDir: string; workDir: string; mergedDir: string };
  /** The paths masked and made read-only inside the container (null when privileged). */
  maskedPaths: string[] | null;
  readonlyPaths: string[] | null;
  /** Exec instances created or running in it (null when none), oldest first. */
  execIds: string[] | null;
}

export interface StopOptions {
  /** Seconds before SIGKILL; -1 waits forever; default the container's StopTimeout, else 10. */
  timeout?: number;
  signal?: string;
}

/** `DELETE /containers/{id}?force=&v=`: `volumes` removes its anonymous volumes (named ones stay). */
export interface RemoveOptions { force?: boolean; volumes?: boolean }

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface WaitResult { StatusCode: number; Error?: { Message: string } }

export type StdStreamName = 'stdout' | 'stderr';

/**
 * Where attached output goes. `end` is called once, when the output ends. `write` returns a promise
 * when the client is not keeping up: no more is written before it settles.
 */
export interface OutputSink {
  write(stream: StdStreamName, data: Buffer): void | Promise<void>;
  end(): void;
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Replay the log first. */
  logs: boolean;
  /** Stream live output (and take stdin) after the replay. */
  stream: boolean;
}

/** An attach session, validated but not yet connected. */
export interface AttachSession {
  /** Whether the container has a TTY (raw output, detach keys). */
  readonly tty: boolean;
  /** Starts output (and stdin); runs until the container's output ends or `close`. */
  open(sink: OutputSink): void;
  writeStdin(data: Buffer): void;
  /** Stdin EOF (the client half-closed). */
  closeStdin(): void;
  /**
   * Detaches: stops output without touching the container. `detached`: the user asked for it (the
   * detach keys), which is announced as a `detach` event; a client that just goes away is not.
   */
  close(o?: { detached?: boolean }): void;
}

export interface LogsOptions {
  stdout: boolean;
  stderr: boolean;
  /** Unix seconds (fractional); entries before are skipped. */
  since?: number;
  /** Unix seconds (fractional, may be negative); entries after are skipped. */
  until?: number;
  /** The last N lines (counted before the stream and time filters); undefined for all. */
  tail?: number;
  timestamps: boolean;
  follow: boolean;
}

export interface LogEntry { stream: StdStreamName; time: string; data: Buffer }

/** A container's log, ready to read. */
export interface LogStream {
  readonly tty: boolean;
  /**
   * Hands each entry to `emit` (in order); with `follow`, until the container stops or `signal` aborts.
   * When `emit` returns a promise (the client is not keeping up), reading waits for it.
   */
  read(emit: (e: LogEntry) => void | Promise<void>, signal?: AbortSignal): Promise<void>;
}

export interface ContainerUsage { record: ContainerRecord; sizeRw: number; sizeRootFs: number }

/** `POST /containers/{id}/update`: Docker's UpdateConfig (Resources and RestartPolicy); zero or absent fields stay as they are. */
export interface ContainerUpdate {
  BlkioWeight?: number;
  CpuShares?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpuRealtimePeriod?: number;
  CpuRealtimeRuntime?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  NanoCpus?: number;
  Memory?: number;
  /** Memory + swap; -1 unlimited. */
  MemorySwap?: number;
  MemoryReservation?: number;
  /** 0 or negative: unlimited; null or absent: unchanged. */
  PidsLimit?: number | null;
  RestartPolicy?: RestartPolicy;
}

export interface UpdateReport { Warnings: string[] }

export interface ContainerPruneReport {
  /** IDs of the containers removed. */
  ContainersDeleted: string[];
  /** Bytes of their writable layers. */
  SpaceReclaimed: number;
}

/** `X-Docker-Container-Path-Stat`: Docker's ContainerPathStat (mode in Go's FileMode bits). */
export type { PathStat } from './containers/archive/path-stat.js';
export type { PutArchiveOptions } from './containers/archive/ops.js';

export interface ContainerEngine {
  create(req: CreateRequest): Promise<CreateReport>;
  list(o?: ContainerListOptions): ContainerRecord[];
  inspect(idOrName: string): Promise<ContainerDetails>;
  start(idOrName: string): Promise<void>;
  stop(idOrName: string, o?: StopOptions): Promise<void>;
  restart(idOrName: string, o?: StopOptions): Promise<void>;
  /** Sends a signal (default SIGKILL; a SIGKILL returns once the exit is recorded). */
  kill(idOrName: string, signal?: string): Promise<void>;
  remove(idOrName: string, o?: RemoveOptions): Promise<void>;
  /** Registers a wait at once (the API flushes headers then); `result` settles on the condition. */
  wait(idOrName: string, condition?: WaitCondition): { result: Promise<WaitResult> };
  attach(idOrName: string, o: AttachOptions): AttachSession;
  resize(idOrName: string, height: number, width: number): Promise<void>;
  logs(idOrName: string, o: LogsOptions): LogStream;
  /** A tar of the container's filesystem. */
  export(idOrName: string): Promise<Readable>;
  changes(idOrName: string): Promise<Change[]>;
  /** `HEAD /containers/{id}/archive`: the stat of a path, resolved in the container's root and mounts (NOT_FOUND when missing). */
  statPath(idOrName: string, path: string): Promise<PathStat>;
  /** `GET …/archive`: the stat and a tar of the path, rebased as Docker does; errors come before the tar. Destroying the tar ends the work. */
  getArchive(idOrName: string, path: string): Promise<{ stat: PathStat; tar: Readable }>;
  /** `PUT …/archive`: extracts a tar into the directory at `path`; resolves once it is all written. */
  putArchive(idOrName: string, path: string, input: Readable, o?: PutArchiveOptions): Promise<void>;
  usage(): Promise<ContainerUsage[]>;
  /** Freezes every process of a running container. */
  pause(idOrName: string): Promise<void>;
  unpause(idOrName: string): Promise<void>;
  rename(idOrName: string, newName: string): Promise<void>;
  /** Changes resource limits (applied at once to a running container) and the restart policy. */
  update(idOrName: string, u: ContainerUpdate): Promise<UpdateReport>;
  /** Removes stopped containers (filters `until`, `label`, `label!`). */
  prune(filters: Filters): Promise<ContainerPruneReport>;
  /** The container's processes as the host's `ps <psArgs>` shows them (default `-ef`); CONFLICT when not running. */
  top(idOrName: string, psArgs?: string): Promise<TopResult>;
  /** Its resource statistics; NOT_FOUND is thrown at once, before anything streams. */
  stats(idOrName: string, o: StatsOptions): StatsStream;
  /** Bytes in the container's writable layer, and with its image's (`GET /containers/json?size=1`). */
  size(record: ContainerRecord): Promise<ContainerUsage>;
}

// ---- exec ----

/** `POST /containers/{id}/exec`'s body (Docker's ExecConfig). */
export interface ExecCreateRequest {
  Cmd?: string[] | null;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  /** Added to the container's environment (`NAME=value`; `NAME` alone unsets it). */
  Env?: string[] | null;
  /** Default: the container's WorkingDir. */
  WorkingDir?: string;
  /** `user[:group]`, resolved in the container; default: the container's user. */
  User?: string;
  /** Every capability the daemon holds. */
  Privileged?: boolean;
  /** Default ctrl-p,ctrl-q. */
  DetachKeys?: string;
  /** `[height, width]` of the TTY at start. */
  ConsoleSize?: [number, number] | null;
}

export interface ExecStartOptions {
  /** Replaces the create's ConsoleSize. */
  consoleSize?: [number, number];
}

/** What exec inspect shows. */
export interface ExecDetails {
  ID: string;
  ContainerID: string;
  Running: boolean;
  /** null until the process ended (or could not start: 126). */
  ExitCode: number | null;
  /** The host pid; kept after the end, 0 when it never ran. */
  Pid: number;
  Entrypoint: string;
  Args: string[];
  Tty: boolean;
  Privileged: boolean;
  /** As asked ('' when the container's user applies). */
  User: string;
  OpenStdin: boolean;
  OpenStdout: boolean;
  OpenStderr: boolean;
  /** Set once the session may be forgotten (Docker's two-pass cleanup). */
  CanRemove: boolean;
  /** The detach keys asked for, as bytes (empty: the default). */
  DetachKeys: number[];
}

/**
 * An exec session to stream, validated (the exec exists) but not started: `open` starts the process
 * and output; a start that fails writes its message to stdout, then ends.
 */
export interface ExecAttachment extends AttachSession {
  /** The bytes that detach the client (watched only with a TTY). */
  readonly detachKeys: number[];
}

export interface ExecEngine {
  /** Creates an exec instance in a running container; returns its ID. */
  create(container: string, req: ExecCreateRequest): { Id: string };
  /** NOT_FOUND "No such exec instance: x". */
  inspect(id: string): ExecDetails;
  /** Starts without attaching: resolves once the process runs. */
  start(id: string, o?: ExecStartOptions): Promise<void>;
  /** The session to stream (NOT_FOUND before anything is sent); its `open` starts the process. */
  attach(id: string, o?: ExecStartOptions): ExecAttachment;
  /** Resizes a TTY exec; one not yet started is waited for (up to 10 s, as Docker). */
  resize(id: string, height: number, width: number): Promise<void>;
}

// ---- images ----

export type ImportSource = { stream: Readable } | { url: string };

export interface ImportOptions { repo?: string; tag?: string; changes?: string[]; message?: string }

/** How an import reports: `started` once the source answers (errors before it are plain HTTP errors). */
export interface ImportProgress {
  started(): void;
  /** Bytes read of a URL source (`total` 0 when unknown). */
  progress(current: number, total: number): void;
}

/** An image with what listing and inspect show of it. */
export interface ImageView {
  record: ImageRecord;
  config: ImageConfig;
  repoTags: string[];
  repoDigests: string[];
  /** Containers using it; -1 when not counted. */
  containers: number;
}

export interface ImageDetails extends ImageView {
  /** The layers' diff dirs, base first. */
  layerDirs: string[];
}

export interface ImageListOptions { all?: boolean; filters?: Filters; sharedSize?: boolean }

/** One line of the `DELETE /images/{name}` answer. */
export interface DeleteItem { Untagged?: string; Deleted?: string }

export interface HistoryItem { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }

export interface PruneReport { ImagesDeleted: DeleteItem[] | null; SpaceReclaimed: number }

/** Where load reports: `line` for the `stream` messages, `layer` for progress. */
export interface LoadSink {
  line(text: string): void;
  layer?(id: string, current: number, total: number): void;
}

export interface CommitOptions {
  container: string;
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  changes?: string[];
  /** Config overrides (the request body). */
  config?: ContainerDefaults;
  /** Pause a running container while its changes are read (default true). */
  pause?: boolean;
}

/** A save, resolved (every name found) and ready to write. */
export interface ImageArchive { write(out: Writable): Promise<void> }

export interface ImageUsage extends ImageView { sharedSize: number }

export interface ImagesDiskUsage { layersSize: number; images: ImageUsage[] }

export interface ImageEngine {
  import(source: ImportSource, o: ImportOptions, p?: ImportProgress): Promise<ImageRecord>;
  list(o?: ImageListOptions): Promise<ImageView[]>;
  inspect(name: string): Promise<ImageDetails>;
  /** Tags `source` as `repo[:tag]`; returns the full reference. */
  tag(source: string, repo: string, tag: string): Promise<string>;
  remove(name: string, o?: { force?: boolean; prune?: boolean }): Promise<DeleteItem[]>;
  history(name: string): Promise<HistoryItem[]>;
  prune(filters: Filters): Promise<PruneReport>;
  save(names: string[]): ImageArchive;
  load(input: Readable, sink: LoadSink): Promise<void>;
  commit(o: CommitOptions): Promise<ImageRecord>;
  usage(): Promise<ImagesDiskUsage>;
  /** How many images there are. */
  count(): number;
  /** Pulls from a registry; progress as dockerd's messages. Errors before any progress are plain (404, 500). */
  pull(req: PullRequest, progress: TransferProgress): Promise<void>;
  /** Pushes local tags of a repository; every failure after the first line is in-band. */
  push(req: PushRequest, progress: TransferProgress): Promise<void>;
}

// ---- registries ----

/** `POST /auth`'s answer. */
export interface LoginReport { Status: string; IdentityToken: string }

/** `GET /distribution/{name}/json`'s answer. */
export interface DistributionInspect { Descriptor: Descriptor; Platforms: Platform[] }

export interface SearchOptions {
  term: string;
  /** 1…100 (default 25). */
  limit?: number;
  /** `stars`, `is-official`, `is-automated`. */
  filters?: Filters;
  auth?: RegistryAuth;
}

export interface RegistryEngine {
  /** Checks credentials against a registry (`serveraddress`; empty: Docker Hub) as `docker login` does. */
  login(server: string, auth: RegistryAuth): Promise<LoginReport>;
  search(o: SearchOptions): Promise<SearchResult[]>;
  /** The manifest a reference names, and its platforms (an index's entries, or the config's). */
  distribution(name: string, auth?: RegistryAuth): Promise<DistributionInspect>;
}

// ---- volumes ----

/** `POST /volumes/prune`'s answer. */
export interface VolumePruneReport { VolumesDeleted: string[]; SpaceReclaimed: number }

export interface VolumeRemoveOptions {
  /** A missing volume is no error (Docker's `force`); one in use is still refused. */
  force?: boolean;
}

export interface VolumeEngine {
  /**
   * Creates a volume (`local` driver only), or answers the existing one of that name, as Docker
   * does. No name: an anonymous volume with a random name and the `com.docker.volume.anonymous` label.
   */
  create(req: VolumeCreateRequest): Promise<Volume>;
  /** NOT_FOUND `get x: no such volume`. */
  inspect(name: string): Volume;
  /** Filters `dangling`, `name` (a regular expression), `label`, `driver`; sorted by name. */
  list(filters?: Filters): Volume[];
  /** CONFLICT `remove x: volume is in use - [<ids>]` while a container uses it. */
  remove(name: string, o?: VolumeRemoveOptions): Promise<void>;
  /**
   * Removes unused local volumes: anonymous ones only, unless the filter `all` is true (API ≥ 1.42;
   * the API adds `all` for older clients, which pruned every unused volume). Filters `label`, `label!`, `all`.
   */
  prune(filters: Filters): Promise<VolumePruneReport>;
  /** `system df`: local volumes without driver options, each with UsageData (bytes, containers using it). */
  usage(): Promise<Volume[]>;
}

// ---- networks ----

/** `POST /networks/create`'s answer. */
export interface NetworkCreateReport { Id: string; Warning: string }

/** `POST /networks/prune`'s answer: the names removed (null when none, as Docker answers). */
export interface NetworkPruneReport { NetworksDeleted: string[] | null }

export interface NetworkEngine {
  /**
   * Creates a user network (`bridge` driver), its pools checked and reserved by IPAM. A name in use is
   * CONFLICT (always: Docker's CheckDuplicate is the rule since API 1.44).
   */
  create(req: NetworkCreateRequest): Promise<NetworkCreateReport>;
  /** By full ID, then full name, then ID prefix (Docker's order); NOT_FOUND `network x not found`. */
  inspect(idOrName: string): Network;
  /** Filters `driver`, `id`, `label`, `name`, `scope`, `type` (custom|builtin), `dangling`; sorted by name. */
  list(filters?: Filters): Network[];
  /** FORBIDDEN for a predefined network (`bridge is a pre-defined network and cannot be removed`). */
  remove(idOrName: string): Promise<void>;
  /** Removes unused user networks; filters `until`, `label`, `label!`. */
  prune(filters: Filters): Promise<NetworkPruneReport>;
  /** Joins a container (running: at once; stopped: at its next start); `config` is Docker's EndpointConfig (Aliases, IPAMConfig, Links, MacAddress). */
  connect(idOrName: string, container: string, config?: Partial<EndpointSettings>): Promise<void>;
  /** Detaches a container; FORBIDDEN when it is not on the network. */
  disconnect(idOrName: string, container: string): Promise<void>;
}

// ---- builds ----

/** `POST /build`'s query, read (engine/build/service.ts). */
export interface BuildOptions {
  /** Path of the Dockerfile in the context (`dockerfile`, default `Dockerfile`). */
  dockerfile: string;
  tags: string[];
  /** `buildargs`: a null value is an arg the client named without a value (it stays unset). */
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  pull: boolean;
  quiet: boolean;
  rm: boolean;
  forceRm: boolean;
  networkMode?: string;
  extraHosts: string[];
  shmSize?: number;
  platform?: string;
  resources: BuildResources;
  /** `cachefrom`: local images whose history may serve as the cache. */
  cacheFrom: string[];
  /** `X-Registry-Config`: credentials by registry address. */
  registryAuth?: Record<string, RegistryCredentials>;
  /** The client went away. */
  signal?: AbortSignal;
}

/** Where a build's messages go: the stream text, the result's aux, and pull progress during FROM. */
export interface BuildProgress extends TransferProgress {
  stream(text: string): void;
  aux(value: Record<string, unknown>): void;
}

export interface BuildPruneOptions { all: boolean; filters: Filters }

/** `POST /build/prune`'s answer. */
export interface BuildPruneReport { CachesDeleted: string[]; SpaceReclaimed: number }

export interface BuildEngine {
  /** Builds from a context tar (plain, gzip, bzip2, xz or zstd); returns the image ID. */
  build(context: Readable, o: BuildOptions, out: BuildProgress): Promise<Digest>;
  /** Forgets cached steps (all, or those older than `until`) and removes their images that nothing else uses. */
  prune(o: BuildPruneOptions): Promise<BuildPruneReport>;
}

// ---- system ----

export type DiskUsageType = 'container' | 'image' | 'volume' | 'build-cache';

export interface DiskUsage {
  images?: ImagesDiskUsage;
  containers?: ContainerUsage[];
  /** Local volumes with their UsageData (driver-option volumes are left out, as Docker leaves them). */
  volumes?: Volume[];
  /** Present (empty) when asked for: the build cache comes with its issue. */
  buildCache?: [];
}

export interface SystemEngine {
  version(): Record<string, unknown>;
  info(): Record<string, unknown>;
  df(types: DiskUsageType[]): Promise<DiskUsage>;
  /** `GET /events`: validated here (INVALID_ARGUMENT), read from the returned stream. */
  events(o: EventsOptions): EventStream;
}

// ---- events ----

export interface EventsOptions {
  /** API form: Unix seconds with an optional fraction (`1700000000.5`); replays kept events from then. */
  since?: string;
  /** API form; the stream ends once this time has passed (at once after the replay when it is past). */
  until?: string;
  /** type, container, image, event, label, volume, network, daemon, scope, plugin, node, service, secret, config. */
  filters?: Filters;
}

export interface EventStream {
  /**
   * Hands each event to `emit`, in order: the kept events in [since, until], then live ones. When
   * `emit` returns a promise (the client is not keeping up) the next waits for it. Resolves when
   * `until` has passed or `signal` aborts.
   */
  read(emit: (e: EngineEvent) => void | Promise<void>, signal?: AbortSignal): Promise<void>;
}

export interface Engine {
  containers: ContainerEngine;
  images: ImageEngine;
  registry: RegistryEngine;
  system: SystemEngine;
  exec: ExecEngine;
  volumes: VolumeEngine;
  networks: NetworkEngine;
  builds: BuildEngine;
}

export type { Digest };
export type { BuildResources, RegistryCredentials };

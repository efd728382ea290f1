/** What the container lifecycle works with: stores, the runtime, snapshots, images, events. */
import type { Digest } from '../../oci/digest.js';
import type { ImageConfig } from '../../oci/image-config.js';
import type { ImageRecord } from '../../image/record.js';
import type { OciRuntime } from '../../runtime/runtime.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';
import type { Mounter } from '../../sys/mount.js';
import type { KeyedMutex } from '../../util/keyed-mutex.js';
import type { EnginePaths } from '../paths.js';
import type { ContainerStore } from './store.js';
import type { ContainerEvents } from './events.js';
import type { LogPolicy } from './logs/policy.js';
import type { LogRotator } from './logs/rotate.js';
import type { EventJournal } from '../events/journal.js';
import type { HealthMonitors } from './health/monitors.js';
import type { ExecIndex } from '../exec/store.js';
import type { ContainerRecord } from './record.js';
import type { VolumeProvider } from '../../volume/volume.js';
import type { Attachment } from '../networks/attach.js';
import type { NetworkRequest, ResolvedNetworking } from '../networks/endpoint-config.js';

/** Containers' networking (engine/networks/): decided at create, attached for each run. */
export interface ContainerNetworking {
  /** At create: the mode checked, endpoint requests checked against their networks, links resolved. */
  resolve(req: NetworkRequest, name: string): ResolvedNetworking;
  /** At start (the caller holds the mutex): namespace, addresses, ports, netavark; fills rec.NetworkSettings. */
  attach(rec: ContainerRecord): Promise<Attachment>;
  /** At the end of a run; idempotent. Clears the operational part of the record's NetworkSettings (the caller saves). */
  detach(id: string): Promise<void>;
  /** At daemon start, after reconcile: undoes what runs that ended (or never started) left. */
  recover(): Promise<void>;
}

/** The images, as containers need them. */
export interface ImageResolver {
  /** Docker's lookup for create (full ID, name, ID prefix); NOT_FOUND "No such image: x:latest", a bad name INVALID_ARGUMENT. */
  resolveWithConfig(refOrId: string): Promise<{ record: ImageRecord; config: ImageConfig }>;
  /** The image of an ID, including a deleted one a container still uses. */
  byId(id: Digest): ImageRecord | undefined;
  /** A name or ID, or undefined (the `ancestor` filter). */
  find(refOrId: string): ImageRecord | undefined;
  /** Diff dirs of the image's layers, base first. */
  layerDirs(rec: ImageRecord): string[];
}

export interface ContainerDeps {
  paths: EnginePaths;
  store: ContainerStore;
  images: ImageResolver;
  runtime: OciRuntime;
  snapshots: Snapshotter;
  mounter: Mounter;
  logs: { policy: LogPolicy; rotator: LogRotator };
  events: ContainerEvents;
  /** What `GET /events` shows (announce.ts publishes there). */
  journal: EventJournal;
  /** Serialises state changes of one container. */
  mutex: KeyedMutex;
  /** The healthcheck monitors: started with a run, stopped by its teardown. */
  health: HealthMonitors;
  /** The exec instances (container inspect lists a container's `ExecIDs`). */
  execs?: ExecIndex;
  /**
   * Decides at an exit whether the restart policy restarts the container (restart/manager.ts):
   * true makes the record `restarting` before it is saved. Set by the container service.
   */
  restarts?: { afterExit(rec: ContainerRecord): boolean };
  /** Draws a container name (default: Docker's adjective_surname). */
  randomName?: () => string;
  /** Named and anonymous volumes (engine/volumes/service.ts): get, mount and release them for containers. */
  volumes?: VolumeProvider;
  /** Networks; absent (unit tests), each container gets an empty namespace from runc. */
  networks?: ContainerNetworking;
  /** The init process of `--init` (daemon.json `init`, `init-path`); absent: containers run none by default. */
  init?: InitSettings;
}

/** How containers get an init process. */
export interface InitSettings {
  /** Containers that do not say (HostConfig.Init null) run one. */
  byDefault: boolean;
  /** Host path of the init binary (catatonit); undefined when none was found. */
  path: string | undefined;
}

/**
 * What the builder needs from the engine, and nothing more (the engine implements it in
 * engine/build/worker.ts; the builder may not import the engine). Every step result is an image
 * record whose parent is the step before, as Docker's legacy builder leaves them, so `images -a`,
 * `history` and the layer cache see the same chain.
 */
import type { Digest } from '../../oci/digest.js';
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';

/** Registry credentials as a build request carries them (`X-Registry-Config`), by registry address. */
export interface RegistryCredentials { username?: string; password?: string; identitytoken?: string; registrytoken?: string }

/** How an image is fetched: pulled when missing (or always with `pull`), for a platform, with the build's credentials. */
export interface ImageFetch { pull: boolean; platform?: string; signal?: AbortSignal; registryAuth?: Readonly<Record<string, RegistryCredentials>> }

/** An image a step starts from: its ID and config. */
export interface StepImage { id: Digest; config: ImageConfig }

/** What the image of a step is written from, once the layer (if any) is known. */
export type ComposeConfig = (layer: { diffId: Digest } | undefined) => ImageConfig;

/** A mount of a RUN step's container (RUN --mount), resolved to the host. */
export interface RunMountSpec {
  type: 'bind' | 'tmpfs';
  /** Host path of a bind. */
  source?: string;
  target: string;
  readonly: boolean;
  /** tmpfs size in bytes. */
  size?: number;
}

/** A RUN step's container. */
export interface RunSpec {
  /** The image to start from; undefined for an empty root (FROM scratch). */
  image?: Digest;
  /** The container's config: Cmd is the command, Env includes the build args in scope. */
  config: ContainerDefaults;
  networkMode?: string;
  /** `docker build --memory/--cpu-*`: the limits of every RUN container. */
  resources: BuildResources;
  extraHosts: string[];
  shmSize?: number;
  mounts: RunMountSpec[];
}

/** Resource limits of RUN containers, in HostConfig's words (absent: none). */
export interface BuildResources { Memory?: number; MemorySwap?: number; CpuShares?: number; CpusetCpus?: string; CpuPeriod?: number; CpuQuota?: number }

/** Where a step's process output goes, by stream. */
export type OutputWriter = (stream: 'stdout' | 'stderr', data: Buffer) => void;

export interface BuildWorker {
  /** An image by reference or ID; pulled when missing, or always when `pull`. Progress goes to `progress`. */
  image(ref: string, o: ImageFetch, progress: PullProgressSink): Promise<StepImage>;
  /** A local image by reference or ID, never pulled (`--cache-from` sources); undefined when missing. */
  localImage(ref: string): Promise<StepImage | undefined>;
  /**
   * Writes a step image restored from a `--cache-from` source: `parent`'s layers, then the source's
   * layer at `layer` (none for an empty layer), with `config`.
   */
  restoreImage(parent: StepImage | undefined, config: ImageConfig, source: Digest, layer: number | undefined): Promise<Digest>;
  /** A step image by ID (from the cache), or undefined when it is gone. */
  stepImage(id: Digest): Promise<StepImage | undefined>;
  /** Creates a RUN step's container; returns its ID (not started). */
  createContainer(spec: RunSpec): Promise<string>;
  /** Starts the container, copies its output to `out` until it exits; returns the exit code. */
  runContainer(id: string, out: OutputWriter, signal?: AbortSignal): Promise<number>;
  /** Commits the container's changes as the step image over `parent` (undefined: no parent image). */
  commitContainer(id: string, parent: Digest | undefined, compose: ComposeConfig): Promise<Digest>;
  removeContainer(id: string): Promise<void>;
  /**
   * Runs `edit` on a writable root over `parent`'s layers (an empty one when undefined), then writes
   * the step image from its changes. Used by COPY and ADD: no container, no process.
   */
  editFiles(parent: StepImage | undefined, edit: (root: string) => Promise<void>, compose: ComposeConfig): Promise<Digest>;
  /** Runs `read` with `image`'s root filesystem mounted read-only (COPY --from, RUN --mount from=). */
  readFiles<T>(image: StepImage | undefined, read: (root: string) => Promise<T>): Promise<T>;
  /** Writes a step image with `parent`'s layers and a new config (the metadata instructions). */
  writeConfig(parent: StepImage | undefined, config: ImageConfig): Promise<Digest>;
  /** Tags the built image (`repo:tag` as given to -t). Returns the reference as Docker prints it. */
  tag(id: Digest, ref: string): Promise<string>;
}

/** Pull progress during FROM, as dockerd's messages (the build stream carries them as they are). */
export interface PullProgressSink {
  status(text: string, id?: string): void;
  layer(id: string, status: string, detail?: { current: number; total: number }): void;
}

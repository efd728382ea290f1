/**
 * What every step shares: the build's settings, the worker, the cache and the log; and `commitStep`,
 * the one path by which a step's result becomes an image: the probe config (Docker's
 * container_config) is the cache key with the parent; a hit is one lookup, a miss runs the step's
 * work and records the image it made.
 */
import type { Digest } from '../../oci/digest.js';
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import type { ShellLex } from '../shell/lex.js';
import type { BuildCache } from './cache.js';
import type { CacheSources } from './cache-from.js';
import type { StepLog } from './output.js';
import type { IgnoreMatcher } from '../dockerignore/index.js';
import type { BuildResources, BuildWorker, ImageFetch, RegistryCredentials, StepImage } from './worker.js';
import { dockerRunConfig } from './config-json.js';
import { imageBase, type StageState } from './state.js';

export interface BuildSettings {
  /** The unpacked build context. */
  contextRoot: string;
  /** A private directory of this build, removed with it (ADD's downloads). */
  scratchDir: string;
  /** The context's `.dockerignore`: what COPY and ADD may not see. */
  ignore?: IgnoreMatcher;
  /** `--build-arg`s; a name without a value (null in the API) is left out before it gets here. */
  buildArgs: ReadonlyMap<string, string>;
  noCache: boolean;
  pull: boolean;
  platform?: string;
  networkMode?: string;
  extraHosts: string[];
  shmSize?: number;
  resources: BuildResources;
  /** `--cache-from` images (references); missing ones are passed over, as Docker does. */
  cacheFrom: string[];
  registryAuth?: Readonly<Record<string, RegistryCredentials>>;
  /** Remove intermediate containers after a successful step (Docker's default). */
  rm: boolean;
  quiet: boolean;
  signal?: AbortSignal;
}

export interface StepContext {
  readonly worker: BuildWorker;
  readonly cache: BuildCache;
  /** The build's `--cache-from` images, when it has some. */
  readonly cacheSources?: CacheSources;
  readonly log: StepLog;
  readonly settings: BuildSettings;
  readonly lex: ShellLex;
  /** The same lexer keeping quotes and escapes (here-document bodies). */
  readonly rawLex: ShellLex;
  /** The result of an earlier stage by name or index (COPY --from, FROM <stage>); undefined when `ref` names none. */
  stage(ref: string): Promise<StageState> | undefined;
  /** The ARGs before the first FROM, with their values (a stage's `ARG NAME` takes the value from here). */
  readonly metaArgs: ReadonlyMap<string, string | undefined>;
  /** Build args that some ARG declared (the rest are reported as not consumed). */
  readonly consumedArgs: Set<string>;
  /** Host directory of a `RUN --mount=type=cache` id, and a lock for `sharing=locked`. */
  cacheMount(id: string): Promise<string>;
  lockCacheMount<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

/** How a step that does work makes its image: `compose` turns the layer (if any) into the config. */
export type StepWork = (compose: (layer: { diffId: Digest } | undefined, container?: string) => ImageConfig) => Promise<Digest>;

export interface StepResult {
  /** The run config after the step. */
  config: ContainerDefaults;
  /** Docker's container_config Cmd for the step: what history shows as CREATED BY, joined by spaces. */
  probeCmd: string[];
  /** The step's work; metadata steps have none (the image is the parent's layers and the new config). */
  work?: StepWork;
  /** State beyond the config that the step changes (MAINTAINER, CMD, ARG). */
  author?: string;
  cmdSet?: boolean;
  args?: ReadonlyMap<string, string | undefined>;
}

/** The image config of a step over `state` (Docker's CommitBuildStep). */
export function stepImageConfig(state: StageState, r: StepResult, layer: { diffId: Digest } | undefined, container = ''): ImageConfig {
  const base = imageBase(state);
  const created = new Date().toISOString();
  const parent = state.image?.id ?? '';
  const author = r.author ?? state.author;
  return {
    architecture: base.architecture,
    ...(author ? { author } : {}),
    config: dockerRunConfig({ ...r.config, Image: parent }),
    ...(container ? { container } : {}),
    container_config: dockerRunConfig({ ...r.config, Cmd: r.probeCmd, Image: parent }),
    created,
    history: [...(base.history ?? []), {
      created, ...(author ? { author } : {}), created_by: r.probeCmd.join(' '), ...(layer ? {} : { empty_layer: true }),
    }],
    os: base.os,
    ...(base.variant ? { variant: base.variant } : {}),
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, ...(layer ? [layer.diffId] : [])] },
  };
}

/** Makes (or finds in the cache) the image of a step; returns the state after it. */
export async function commitStep(ctx: StepContext, state: StageState, r: StepResult): Promise<StageState> {
  const parent = state.image?.id;
  const key = { parent, probe: dockerRunConfig({ ...r.config, Cmd: r.probeCmd, Image: parent ?? '' }) };
  const next = (image: StepImage): StageState => ({
    ...state, image, config: r.config,
    ...(r.author ? { author: r.author } : {}), ...(r.cmdSet ? { cmdSet: true } : {}), ...(r.args ? { args: r.args } : {}),
  });
  if (!ctx.settings.noCache) {
    const hit = await cached(ctx, key) ?? await fromSources(ctx, state, r, key);
    if (hit) {
      ctx.log.usingCache();
      ctx.log.result(hit.id);
      return next(hit);
    }
  }
  const compose = (layer: { diffId: Digest } | undefined, container?: string) => stepImageConfig(state, r, layer, container);
  const id = r.work ? await r.work(compose) : await ctx.worker.writeConfig(state.image, compose(undefined));
  await ctx.cache.put(key, id);
  const image = await ctx.worker.stepImage(id);
  if (!image) throw new Error(`step image ${id} vanished`);
  ctx.log.result(id);
  return next(image);
}

async function cached(ctx: StepContext, key: { parent: Digest | undefined; probe: unknown }): Promise<StepImage | undefined> {
  const id = await ctx.cache.get(key);
  if (!id) return undefined;
  const image = await ctx.worker.stepImage(id);
  if (!image) await ctx.cache.drop(key);
  return image;
}

/** A step image from a `--cache-from` source, kept in the cache index for the next build. */
async function fromSources(ctx: StepContext, state: StageState, r: StepResult, key: { parent: Digest | undefined; probe: unknown }): Promise<StepImage | undefined> {
  const id = await ctx.cacheSources?.find(state.image, r.probeCmd, dockerRunConfig({ ...r.config, Image: state.image?.id ?? '' }));
  const image = id && await ctx.worker.stepImage(id);
  if (image) await ctx.cache.put(key, image.id);
  return image || undefined;
}

/** How FROM, COPY --from and RUN --mount from= fetch an image for this build. */
export function imageFetch(ctx: StepContext, pull: boolean, platform = ctx.settings.platform): ImageFetch {
  const { signal, registryAuth } = ctx.settings;
  return { pull, ...(platform ? { platform } : {}), ...(signal ? { signal } : {}), ...(registryAuth ? { registryAuth } : {}) };
}

/** Docker's `#(nop) ` comment command of a metadata step: `[shell…, "#(nop) ", comment]`. */
export function nopCmd(shell: string[], comment: string): string[] {
  return [...shell, '#(nop) ', comment];
}

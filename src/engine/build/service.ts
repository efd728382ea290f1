/**
 * `POST /build` and `POST /build/prune` over the builder (build/executor): the context tar is
 * unpacked into a private directory (traversal refused, size capped), the Dockerfile found as
 * dockerd finds it, the build run with the engine as its worker, and the directory removed. Errors
 * leave with Docker's words (engine/build/errors.ts).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Digest } from '../../oci/digest.js';
import { Builder } from '../../build/executor/build.js';
import { contextIgnore, readDockerfile, receiveContext } from '../../build/context/receive.js';
import type { BuildEngine, BuildOptions, BuildProgress, BuildPruneOptions, BuildPruneReport } from '../engine.js';
import type { ImageService } from '../images/service.js';
import { EngineBuildWorker, type BuildWorkerDeps } from './worker.js';
import { buildError } from './errors.js';
import { pruneBuildCache } from './prune.js';

/** The most context bytes a build takes (uncompressed): beyond it, the build is refused. */
const MAX_CONTEXT_BYTES = 64 * 1024 ** 3;

export interface BuildServiceDeps extends BuildWorkerDeps {
  images: ImageService;
  /** `<data-root>/build`: the cache index, cache mounts and unpacked contexts. */
  stateDir: string;
}

export class BuildService implements BuildEngine {
  readonly #builder: Builder;

  constructor(readonly d: BuildServiceDeps) {
    this.#builder = new Builder(new EngineBuildWorker(d), d.stateDir);
  }

  /** Removes the contexts a killed daemon left unpacked (a build never outlives its daemon). */
  async init(): Promise<void> {
    await rm(join(this.d.stateDir, 'contexts'), { recursive: true, force: true });
  }

  async build(context: Readable, o: BuildOptions, out: BuildProgress): Promise<Digest> {
    const parent = join(this.d.stateDir, 'contexts');
    await mkdir(parent, { recursive: true });
    const dir = await mkdtemp(join(parent, 'build-'));
    const contextRoot = join(dir, 'context');
    const scratchDir = join(dir, 'scratch');
    try {
      await Promise.all([mkdir(contextRoot), mkdir(scratchDir)]);
      await receiveContext(context, contextRoot, { maxBytes: MAX_CONTEXT_BYTES, ...(o.signal ? { signal: o.signal } : {}) });
      const dockerfileText = await readDockerfile(contextRoot, o.dockerfile);
      const ignore = await contextIgnore(contextRoot, o.dockerfile);
      return await this.#builder.build({
        dockerfileText, contextRoot, scratchDir, ...(ignore ? { ignore } : {}),
        buildArgs: new Map(Object.entries(o.buildArgs).filter((e): e is [string, string] => e[1] !== null)),
        tags: o.tags, labels: o.labels, ...(o.target ? { target: o.target } : {}),
        noCache: o.noCache, pull: o.pull, quiet: o.quiet, rm: o.rm || o.forceRm,
        ...(o.platform ? { platform: o.platform } : {}), ...(o.networkMode ? { networkMode: o.networkMode } : {}),
        extraHosts: o.extraHosts, ...(o.shmSize ? { shmSize: o.shmSize } : {}), resources: o.resources, cacheFrom: o.cacheFrom,
        ...(o.registryAuth ? { registryAuth: o.registryAuth } : {}), ...(o.signal ? { signal: o.signal } : {}),
      }, out);
    } catch (e) {
      throw buildError(e);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  prune(o: BuildPruneOptions): Promise<BuildPruneReport> {
    return pruneBuildCache(this.#builder.cache, this.d.images, o);
  }
}

/**
 * The builder's worker over the engine: RUN steps are ordinary containers (created, attached,
 * started, waited for, committed, removed: runc, overlayfs and netavark as for `docker run`), COPY
 * and WORKDIR edit a snapshot mounted on the host (no process), metadata steps write a config over
 * the parent's layers. Every image is written inside a collector lease, layers first, record last.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Digest } from '../../oci/digest.js';
import type { ImageConfig } from '../../oci/image-config.js';
import type { ImageLayer, ImageRecord } from '../../image/record.js';
import type { CommittedLayer, Snapshotter } from '../../snapshot/snapshotter.js';
import type { Mounter } from '../../sys/mount.js';
import type { BuildWorker, ComposeConfig, ImageFetch, OutputWriter, PullProgressSink, RunSpec, StepImage } from '../../build/executor/worker.js';
import { hostArchitecture } from '../../build/executor/state.js';
import type { ContainerService } from '../containers/service.js';
import type { ImageService } from '../images/service.js';
import { writeImage } from '../images/writer.js';
import { familiarString, parseNormalizedNamed } from '../../reference/reference.js';
import { NotFoundError } from '../errors.js';
import { credentialsFor } from './registry-config.js';

export interface BuildWorkerDeps {
  containers: ContainerService;
  images: ImageService;
  snapshots: Snapshotter;
  mounter: Mounter;
  /** Where edit snapshots are mounted (exec root). */
  scratch: string;
}

export class EngineBuildWorker implements BuildWorker {
  constructor(readonly d: BuildWorkerDeps) {}

  get #catalog() {
    return this.d.images.catalog;
  }

  async #step(rec: ImageRecord): Promise<StepImage> {
    return { id: rec.id, config: await this.#catalog.config(rec) };
  }

  async image(ref: string, o: ImageFetch, progress: PullProgressSink): Promise<StepImage> {
    const local = this.#catalog.find(ref);
    if (local && !o.pull) return this.#step(local);
    const auth = o.registryAuth && credentialsFor(ref, o.registryAuth);
    try {
      await this.d.images.pull({ image: ref, ...(o.platform ? { platform: o.platform } : {}), ...(auth ? { auth } : {}), ...(o.signal ? { signal: o.signal } : {}) }, progress);
    } catch (e) {
      if (local && o.pull) return this.#step(local); // --pull with a local image the registry cannot give: Docker builds with the local one
      throw e;
    }
    const rec = this.#catalog.find(ref);
    if (!rec) throw new NotFoundError(`No such image: ${ref}`);
    return this.#step(rec);
  }

  async localImage(ref: string): Promise<StepImage | undefined> {
    const rec = this.#catalog.find(ref);
    return rec ? this.#step(rec) : undefined;
  }

  restoreImage(parent: StepImage | undefined, config: ImageConfig, source: Digest, layer: number | undefined): Promise<Digest> {
    const from = this.#layers(source)[layer ?? -1];
    return this.d.images.gc.lease(async () => {
      const rec = await writeImage(this.#catalog.content, this.#catalog.store, {
        configBytes: Buffer.from(JSON.stringify(config)), ...(parent ? { parent: parent.id } : {}),
        layers: [...this.#layers(parent?.id), ...(from ? [from] : [])],
        size: (parent ? this.#catalog.byId(parent.id)?.size ?? 0 : 0) + (from ? (await this.d.images.catalog.layers.get(from.diffId))?.size ?? 0 : 0),
      });
      return rec.id;
    });
  }

  async stepImage(id: Digest): Promise<StepImage | undefined> {
    const rec = this.#catalog.byId(id);
    return rec ? this.#step(rec) : undefined;
  }

  async createContainer(spec: RunSpec): Promise<string> {
    const image = spec.image ?? (await this.writeConfig(undefined, emptyConfig()));
    const tmpfs = Object.fromEntries(spec.mounts.filter((m) => m.type === 'tmpfs').map((m) => [m.target, m.size ? `size=${m.size}` : '']));
    const binds = spec.mounts.filter((m) => m.type === 'bind').map((m) => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readonly }));
    const { Id } = await this.d.containers.create({
      config: { ...spec.config, Image: image, AttachStdout: true, AttachStderr: true },
      hostConfig: {
        NetworkMode: spec.networkMode ?? 'default', ExtraHosts: spec.extraHosts, ...spec.resources,
        ...(spec.shmSize ? { ShmSize: spec.shmSize } : {}),
        ...(binds.length ? { Mounts: binds } : {}), ...(Object.keys(tmpfs).length ? { Tmpfs: tmpfs } : {}),
      },
    });
    return Id;
  }

  async runContainer(id: string, out: OutputWriter, signal?: AbortSignal): Promise<number> {
    const session = this.d.containers.attach(id, { stdin: false, stdout: true, stderr: true, logs: false, stream: true });
    const ended = new Promise<void>((resolve) => session.open({ write: (stream, data) => out(stream, data), end: resolve }));
    const kill = () => void this.d.containers.kill(id, 'SIGKILL').catch(() => undefined);
    signal?.addEventListener('abort', kill, { once: true });
    try {
      await this.d.containers.start(id);
      const { StatusCode } = await this.d.containers.wait(id, 'not-running').result;
      await ended;
      signal?.throwIfAborted();
      return StatusCode;
    } finally {
      signal?.removeEventListener('abort', kill);
      session.close();
    }
  }

  commitContainer(id: string, parent: Digest | undefined, compose: ComposeConfig): Promise<Digest> {
    return this.d.images.gc.lease(() => this.d.containers.commitLayer(id, { pause: false }, (layer) => this.#write(parent, layer, compose)));
  }

  async removeContainer(id: string): Promise<void> {
    await this.d.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
  }

  editFiles(parent: StepImage | undefined, edit: (root: string) => Promise<void>, compose: ComposeConfig): Promise<Digest> {
    const key = `build-${randomBytes(16).toString('hex')}`;
    return this.d.images.gc.lease(async () => {
      try {
        await this.#mounted(key, this.#layers(parent?.id), false, edit);
        return await this.#write(parent?.id, await this.d.snapshots.commit(key), compose);
      } finally {
        await this.d.snapshots.remove(key);
      }
    });
  }

  async readFiles<T>(image: StepImage | undefined, read: (root: string) => Promise<T>): Promise<T> {
    const key = `build-view-${randomBytes(16).toString('hex')}`;
    try {
      return await this.#mounted(key, this.#layers(image?.id), true, read);
    } finally {
      await this.d.snapshots.remove(key);
    }
  }

  writeConfig(parent: StepImage | undefined, config: ImageConfig): Promise<Digest> {
    return this.d.images.gc.lease(() => this.#write(parent?.id, undefined, () => config));
  }

  async tag(id: Digest, ref: string): Promise<string> {
    const full = await this.d.images.tag(id, ref, '');
    return familiarString(parseNormalizedNamed(full));
  }

  #layers(id: Digest | undefined): ImageLayer[] {
    if (!id) return [];
    const rec = this.#catalog.byId(id);
    if (!rec) throw new NotFoundError(`No such image: ${id}`);
    return rec.layers;
  }

  /** Mounts snapshot `key` (prepared over `layers`) on a scratch dir for `use`. */
  async #mounted<T>(key: string, layers: ImageLayer[], readonly: boolean, use: (root: string) => Promise<T>): Promise<T> {
    const diffIds = layers.map((l) => l.diffId);
    const mounts = readonly ? await this.d.snapshots.view(key, diffIds) : await this.d.snapshots.prepare(key, diffIds);
    const dir = join(this.d.scratch, key);
    await mkdir(dir, { recursive: true });
    try {
      await this.d.mounter.mountAll(mounts, dir);
      try {
        return await use(dir);
      } finally {
        await this.d.mounter.unmountAll(dir);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #write(parent: Digest | undefined, layer: CommittedLayer | undefined, compose: ComposeConfig): Promise<Digest> {
    const base = this.#layers(parent);
    const baseSize = parent ? this.#catalog.byId(parent)?.size ?? 0 : 0;
    const config = compose(layer ? { diffId: layer.diffId } : undefined);
    const rec = await writeImage(this.#catalog.content, this.#catalog.store, {
      configBytes: Buffer.from(JSON.stringify(config)), ...(parent ? { parent } : {}),
      layers: [...base, ...(layer ? [{ diffId: layer.diffId, blob: layer.blob }] : [])],
      size: baseSize + (layer?.size ?? 0),
    });
    return rec.id;
  }
}

/** The config of an empty root (a RUN straight after `FROM scratch`). */
function emptyConfig(): ImageConfig {
  return { architecture: hostArchitecture(), os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } };
}

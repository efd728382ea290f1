/**
 * The image side of the engine: resolving names and IDs as Docker does, importing root filesystem
 * tarballs, and the data behind `images` and `image inspect`.
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import type { ImageConfig, ContainerDefaults } from '../oci/image-config.js';
import type { Manifest } from '../oci/manifest.js';
import { hostPlatform } from '../oci/platform.js';
import { parseNormalizedNamed, parseReference, referenceString, familiarString, InvalidReferenceError } from '../reference/reference.js';
import type { ContentStore } from '../content/store.js';
import type { LayerStore } from '../snapshot/layer-store.js';
import type { ImageStore } from '../image/store.js';
import type { ImageRecord } from '../image/record.js';
import { GarbageCollector } from '../image/gc.js';
import { parseImageConfig } from '../image/config-read.js';
import { applyChanges } from './changes.js';
import { EngineError, invalidArgument, noSuchImage } from './errors.js';

export interface ImportOptions { repo?: string; tag?: string; changes?: string[]; message?: string; source?: string }

export interface ResolvedImage { record: ImageRecord; config: ImageConfig }

export class ImageService {
  /** Sweeps blobs and layers no image references; writers of new images hold a lease. */
  readonly gc: GarbageCollector;

  constructor(readonly content: ContentStore, readonly layers: LayerStore, readonly store: ImageStore) {
    this.gc = new GarbageCollector(content, layers, store);
  }

  /**
   * Docker's lookup for commands that name one image (rmi, tag, history, save): a full ID, else a
   * valid reference (400 on a bad one), else an ID prefix. Not found: "No such image: name:tag".
   */
  lookup(refOrId: string): ImageRecord {
    const full = /^(sha256:)?[a-f0-9]{64}$/.test(refOrId) ? this.store.get((refOrId.startsWith('sha256:') ? refOrId : `sha256:${refOrId}`) as Digest) : undefined;
    if (full) return full;
    let ref;
    try {
      ref = parseNormalizedNamed(refOrId);
    } catch (e) {
      if (e instanceof InvalidReferenceError && !/^[a-f0-9]{64}$/.test(refOrId)) throw invalidArgument(e.message);
      throw noSuchImage(refOrId);
    }
    const rec = this.find(refOrId);
    if (!rec) throw noSuchImage(familiarString(ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' }));
    return rec;
  }

  /**
   * Docker's lookup order: a full `sha256:` ID, then a name (tag or digest), then a unique ID prefix.
   * Throws NOT_FOUND "No such image: x".
   */
  resolve(refOrId: string): ImageRecord {
    const rec = this.find(refOrId);
    if (!rec) throw noSuchImage(refOrId);
    return rec;
  }

  find(refOrId: string): ImageRecord | undefined {
    if (/^sha256:[a-f0-9]{64}$/.test(refOrId)) return this.store.get(refOrId as Digest);
    let byName: ImageRecord | undefined;
    try {
      const ref = parseReference(refOrId);
      const id = ref.digest ? this.#byRepoDigest(referenceString({ ...ref, tag: undefined })) : this.store.resolveTag(referenceString(ref));
      byName = id ? this.store.get(id) : undefined;
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
    }
    if (byName) return byName;
    const byId = this.store.findByIdPrefix(refOrId);
    return byId.length === 1 ? byId[0] : undefined;
  }

  #byRepoDigest(ref: string): Digest | undefined {
    return this.store.list().find((r) => r.repoDigests.includes(ref))?.id;
  }

  async config(rec: ImageRecord): Promise<ImageConfig> {
    return parseImageConfig(await this.content.readBytes(rec.id));
  }

  async resolveWithConfig(refOrId: string): Promise<ResolvedImage> {
    const record = this.resolve(refOrId);
    return { record, config: await this.config(record) };
  }

  /** Familiar `repo:tag` names of an image, e.g. ["busybox:latest"]. */
  repoTags(rec: ImageRecord): string[] {
    return this.store.tagsOf(rec.id).map((t) => familiarString(parseNormalizedNamed(t)));
  }

  repoDigests(rec: ImageRecord): string[] {
    return rec.repoDigests.map((t) => familiarString(parseNormalizedNamed(t)));
  }

  /** Diff dirs of the image's layers, base first, as overlay lower dirs (short links). */
  async lowerDirs(rec: ImageRecord): Promise<string[]> {
    return Promise.all(rec.layers.map(async (l) => {
      const layer = await this.layers.get(l.diffId);
      if (!layer) throw new EngineError('FAILED_PRECONDITION', `layer ${l.diffId} of image ${rec.id} is missing`);
      return this.layers.linkPath(layer);
    }));
  }

  /** `docker import`: one layer from a (possibly compressed) rootfs tarball. */
  async import(input: Readable, o: ImportOptions): Promise<ImageRecord> {
    return this.gc.lease(() => this.#import(input, o));
  }

  async #import(input: Readable, o: ImportOptions): Promise<ImageRecord> {
    const target = o.repo ? this.#importTarget(o.repo, o.tag) : undefined;
    const changed = applyChanges({}, o.changes ?? []);
    const blob = await this.content.ingest(input);
    try {
      const { layer, result } = await this.layers.apply(await this.content.read(blob.digest));
      const created = new Date().toISOString();
      const config = importConfig(changed, layer.diffId, created, o.message ?? `Imported from ${o.source ?? '-'}`);
      const configBytes = Buffer.from(JSON.stringify(config));
      const cfg = await this.content.put(configBytes);
      const layerType = result?.compression === 'gzip' ? MediaType.dockerLayerGzip : MediaType.dockerLayer;
      const manifest: Manifest = {
        schemaVersion: 2, mediaType: MediaType.dockerManifest,
        config: { mediaType: MediaType.dockerConfig, digest: cfg.digest, size: cfg.size },
        layers: [{ mediaType: layerType, digest: blob.digest, size: blob.size }],
      };
      const mBytes = Buffer.from(JSON.stringify(manifest));
      const m = await this.content.put(mBytes);
      const rec: ImageRecord = {
        id: cfg.digest, layers: [{ diffId: layer.diffId, blob: manifest.layers[0] }],
        manifest: { mediaType: MediaType.dockerManifest, digest: m.digest, size: m.size },
        repoDigests: [], size: layer.size, loaded: created,
      };
      await this.store.put(rec);
      if (target) await this.store.tag(target, rec.id);
      return rec;
    } catch (e) {
      await this.content.delete(blob.digest);
      throw e;
    }
  }

  #importTarget(repo: string, tag?: string): string {
    try {
      const ref = parseNormalizedNamed(tag ? `${repo}:${tag}` : repo);
      if (ref.digest) throw invalidArgument('cannot import digest reference');
      return referenceString({ ...ref, tag: ref.tag ?? 'latest' });
    } catch (e) {
      if (e instanceof InvalidReferenceError) throw invalidArgument(e.message);
      throw e;
    }
  }
}

function importConfig(defaults: ContainerDefaults, diffId: Digest, created: string, comment: string): ImageConfig {
  const { os, architecture } = hostPlatform();
  return {
    architecture, os, created, comment,
    config: { ...defaults },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created, comment }],
  };
}

/**
 * The local images as the engine reads them: Docker's name and ID lookups, configs, familiar names,
 * layer dirs. Shared by the image service and the containers (which resolve their images here).
 */
import type { Digest } from '../../oci/digest.js';
import type { ImageConfig } from '../../oci/image-config.js';
import { parseNormalizedNamed, parseReference, referenceString, familiarString, InvalidReferenceError } from '../../reference/reference.js';
import type { ContentStore } from '../../content/store.js';
import type { ImageResolver } from '../containers/deps.js';
import type { LayerStore } from '../../snapshot/layer-store.js';
import type { ImageStore } from '../../image/store.js';
import type { ImageRecord } from '../../image/record.js';
import { parseImageConfig } from '../../image/config-read.js';
import { InvalidArgumentError, noSuchImage } from '../errors.js';

export interface ResolvedImage { record: ImageRecord; config: ImageConfig }

export class ImageCatalog implements ImageResolver {
  constructor(readonly content: ContentStore, readonly layers: LayerStore, readonly store: ImageStore) {}

  /**
   * Docker's lookup for commands that name one image (rmi, tag, history, save, create): a full ID, else a
   * valid reference (400 on a bad one), else an ID prefix. Not found: "No such image: name:tag".
   */
  lookup(refOrId: string): ImageRecord {
    const full = /^(sha256:)?[a-f0-9]{64}$/.test(refOrId) ? this.store.get((refOrId.startsWith('sha256:') ? refOrId : `sha256:${refOrId}`) as Digest) : undefined;
    if (full) return full;
    let ref;
    try {
      ref = parseNormalizedNamed(refOrId);
    } catch (e) {
      if (e instanceof InvalidReferenceError && !/^[a-f0-9]{64}$/.test(refOrId)) throw new InvalidArgumentError(e.message);
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

  /** The image a container is created from, found as `lookup` finds it (Docker's create: "No such image: x:latest"). */
  async resolveWithConfig(refOrId: string): Promise<ResolvedImage> {
    const record = this.lookup(refOrId);
    return { record, config: await this.config(record) };
  }

  /** Familiar `repo:tag` names of an image, e.g. ["busybox:latest"]. */
  repoTags(rec: ImageRecord): string[] {
    return this.store.tagsOf(rec.id).map((t) => familiarString(parseNormalizedNamed(t)));
  }

  repoDigests(rec: ImageRecord): string[] {
    return rec.repoDigests.map((t) => familiarString(parseNormalizedNamed(t)));
  }

  /** The image of a full ID, a deleted one that a container still uses too. */
  byId(id: Digest): ImageRecord | undefined {
    return this.store.get(id);
  }

  /** Diff dirs of the image's layers, base first. */
  layerDirs(rec: ImageRecord): string[] {
    return rec.layers.map((l) => this.layers.diffDir(l.diffId));
  }
}

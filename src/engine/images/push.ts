/**
 * `docker push` (`POST /images/{name}/push?tag=`): one tag, or every local tag of the repository
 * when none is given. The stored manifest and compressed blobs are pushed as they are, so the
 * digest the registry reports is the one Wharf already had; blobs another repository of the same
 * registry holds (known from RepoDigests) are mounted rather than sent. The pushed digest joins the
 * image's RepoDigests.
 */
import type { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { familiarString, parseNormalizedNamed, referenceString, type Reference } from '../../reference/reference.js';
import { parseManifest } from '../../oci/manifest.js';
import type { Digest } from '../../oci/digest.js';
import type { RegistryClient } from '../../distribution/client/client.js';
import type { Credentials } from '../../distribution/client/auth.js';
import { Pusher, type PushImage } from '../../distribution/client/pusher.js';
import type { PushProgress } from '../../distribution/client/progress.js';
import type { ImageRecord } from '../../image/record.js';
import type { GarbageCollector } from '../../image/gc.js';
import type { ImageAnnouncer } from './announce.js';
import { InternalError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { MediaType } from '../../oci/media-types.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { putManifest } from './writer.js';

const UNCOMPRESSED = new Set<string>([MediaType.dockerLayer, MediaType.ociLayer]);
/** One compression per image at a time (two pushes of one image share the result). */
const compressions = new KeyedMutex();

export interface PushRequest { name: string; tag?: string; auth?: Credentials }

export interface PushSettings {
  /** `max-concurrent-uploads` (default 5). */
  concurrency: number;
}

export class ImagePusher {
  constructor(
    private readonly announcer: ImageAnnouncer,
    private readonly gc: GarbageCollector,
    private readonly client: RegistryClient,
    private readonly settings: PushSettings,
  ) {}

  /** The repository and the local tags a request pushes (errors as dockerd words them, in-band). */
  static repository(name: string): Reference {
    try {
      const named = parseNormalizedNamed(name);
      return { domain: named.domain, path: named.path, ...(named.tag ? { tag: named.tag } : {}) };
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  }

  plan(req: PushRequest): { repo: Reference; tags: string[] } {
    const named = ImagePusher.repository(req.name);
    const repo = { domain: named.domain, path: named.path };
    const tag = req.tag || named.tag;
    const store = this.announcer.catalog.store;
    if (tag) {
      const full = referenceString({ ...repo, tag });
      if (!store.resolveTag(full)) throw new NotFoundError(`tag does not exist: ${full}`);
      return { repo, tags: [tag] };
    }
    const prefix = `${referenceString(repo)}:`;
    const tags = store.list().flatMap((r) => store.tagsOf(r.id)).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
    if (tags.length === 0) throw new NotFoundError(`An image does not exist locally with the tag: ${familiarString(repo)}`);
    return { repo, tags: [...new Set(tags)].sort() };
  }

  async push(req: PushRequest, progress: PushProgress): Promise<void> {
    const repo = ImagePusher.repository(req.name);
    progress.status(`The push refers to repository [${referenceString({ domain: repo.domain, path: repo.path })}]`);
    const { tags } = this.plan(req);
    const catalog = this.announcer.catalog;
    const repository = this.client.repository(repo.domain, repo.path, req.auth);
    const pusher = new Pusher(repository, { read: (d, range) => this.#read(d, range) }, progress);
    for (const tag of tags) {
      const found = catalog.store.get(catalog.store.resolveTag(referenceString({ ...repo, tag }))!);
      if (!found) throw new NotFoundError(`tag does not exist: ${referenceString({ ...repo, tag })}`);
      const rec = await this.#compressed(found);
      const img = await this.#image(rec, repo.domain);
      const { digest, size } = await pusher.push(img, tag, { concurrency: this.settings.concurrency });
      progress.status(`${tag}: digest: ${digest} size: ${size}`);
      progress.aux?.({ Tag: tag, Digest: digest, Size: size });
      await this.#remember(rec, `${referenceString(repo)}@${digest}`);
      await this.announcer.announce('push', rec.id, familiarString({ ...repo, tag }));
    }
  }

  /**
   * The record with every uncompressed layer blob gzipped (once: the record keeps the result), as
   * dockerd compresses on push. Layers from `load`, `import` of a plain tar and `commit` are stored
   * uncompressed; registries and the clients pulling from them expect compressed layers. The image
   * ID (its config) does not change; the manifest, and so the pushed digest, does.
   */
  async #compressed(rec: ImageRecord): Promise<ImageRecord> {
    const { content, store } = this.announcer.catalog;
    const plain = (l: ImageRecord['layers'][number]) => l.blob && UNCOMPRESSED.has(l.blob.mediaType);
    if (!rec.manifest || !rec.layers.some(plain)) return rec;
    return compressions.run(rec.id, () => this.gc.lease(async () => {
      const cur = store.get(rec.id) ?? rec;
      if (!cur.layers.some(plain)) return cur;
      const layers = await Promise.all(cur.layers.map(async (l) => {
        if (!plain(l)) return l;
        const gz = await content.ingest((await content.read(l.blob!.digest)).pipe(createGzip()));
        return { ...l, blob: { mediaType: MediaType.dockerLayerGzip, digest: gz.digest, size: gz.size } };
      }));
      const config = await content.info(cur.id);
      const manifest = await putManifest(content, { mediaType: MediaType.dockerConfig, digest: cur.id, size: config!.size }, layers);
      const next = { ...cur, layers, manifest };
      await store.put(next);
      return next;
    }));
  }

  async #read(d: Digest, range?: { offset: number; length: number }): Promise<Readable> {
    const content = this.announcer.catalog.content;
    if (!range) return content.read(d);
    return createReadStream(content.path(d), { start: range.offset, end: range.offset + range.length - 1 });
  }

  /** The stored manifest, config and layer blobs of a record, with mount sources in `domain`. */
  async #image(rec: ImageRecord, domain: string): Promise<PushImage> {
    const { content, store } = this.announcer.catalog;
    if (!rec.manifest) throw new InternalError(`image ${rec.id} has no stored manifest`);
    const bytes = await content.readBytes(rec.manifest.digest);
    const parsed = parseManifest(bytes, rec.manifest.mediaType);
    if (parsed.kind !== 'manifest') throw new InternalError(`image ${rec.id}: stored manifest is an index`);
    const m = parsed.value;
    const layers = rec.layers.map((l, i) => {
      const blob = m.layers[i] ?? l.blob;
      if (!blob) throw new InternalError(`image ${rec.id}: layer ${l.diffId} has no stored blob`);
      const mountFrom = store.list()
        .filter((o) => o.layers.some((x) => x.blob?.digest === blob.digest))
        .flatMap((o) => o.repoDigests)
        .map((rd) => parseNormalizedNamed(rd))
        .filter((r) => r.domain === domain)
        .map((r) => r.path);
      return { blob, diffId: l.diffId, mountFrom: [...new Set(mountFrom)] };
    });
    for (const l of layers) if (!(await content.info(l.blob.digest))) throw new InternalError(`image ${rec.id}: layer blob ${l.blob.digest} is missing from the store`);
    return { manifest: { mediaType: parsed.mediaType, bytes, digest: rec.manifest.digest }, config: m.config, layers };
  }

  async #remember(rec: ImageRecord, repoDigest: string): Promise<void> {
    const store = this.announcer.catalog.store;
    const cur = store.get(rec.id);
    if (!cur || cur.repoDigests.includes(repoDigest)) return;
    await store.put({ ...cur, repoDigests: [...cur.repoDigests, repoDigest] });
  }
}

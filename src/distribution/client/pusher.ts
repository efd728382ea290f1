/**
 * Pushes one local image under one tag: layer blobs as they are stored (so their digests, and the
 * manifest's, stay what they were), each checked with a HEAD first, mounted from another repository
 * of the same registry when one is known to have it, or uploaded; `max-concurrent-uploads` at a
 * time. Big blobs go in chunks so a failed chunk is sent again alone. Then the config, then the
 * manifest. Messages are dockerd's (Preparing, Waiting, Layer already exists, Mounted from, Pushing,
 * Pushed, `tag: digest: … size: N`).
 */
import type { Readable } from 'node:stream';
import { type Digest, shortId } from '../../oci/digest.js';
import type { Descriptor } from '../../oci/descriptor.js';
import { MediaType } from '../../oci/media-types.js';
import { transient } from './blob-stream.js';
import type { PushProgress } from './progress.js';
import { byteCounter } from '../../util/byte-counter.js';
import { forEachLimited } from '../../util/limited.js';
import type { Repository } from './repository.js';

/** What the pusher reads from the engine's stores. */
export interface PushSource {
  /** A stored blob's bytes from `offset` (default the start) for `length` bytes (default the rest). */
  read(digest: Digest, range?: { offset: number; length: number }): Promise<Readable>;
}

export interface PushImage {
  manifest: { mediaType: string; bytes: Buffer; digest: Digest };
  config: Descriptor;
  /** Layer blobs with their diffIDs (progress ids) and the repositories of this registry known to hold them. */
  layers: Array<{ blob: Descriptor; diffId: Digest; mountFrom: string[] }>;
}

export interface PushOptions {
  concurrency?: number;
  /** Blobs bigger than this go in chunks of `chunkBytes` (defaults 256 MiB and 64 MiB). */
  chunkThreshold?: number;
  chunkBytes?: number;
  attempts?: number;
}

/** Foreign and non-distributable layers stay where their URLs say; dockerd does not push them. */
const FOREIGN = new Set<string>([MediaType.dockerLayerForeign, MediaType.ociLayerNondistGzip,
  'application/vnd.oci.image.layer.nondistributable.v1.tar', 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Pusher {
  constructor(private readonly repo: Repository, private readonly source: PushSource, private readonly progress: PushProgress) {}

  /** Pushes blobs and the manifest under `tag`; returns the manifest digest and size. */
  async push(img: PushImage, tag: string, o: PushOptions = {}): Promise<{ digest: Digest; size: number }> {
    const layers = img.layers.filter((l) => !FOREIGN.has(l.blob.mediaType));
    const unique = [...new Map(layers.map((l) => [l.blob.digest, l])).values()].reverse();
    for (const l of unique) this.progress.layer(shortId(l.diffId), 'Preparing');
    const limit = Math.max(1, o.concurrency ?? 5);
    for (const l of unique.slice(limit)) this.progress.layer(shortId(l.diffId), 'Waiting');
    await forEachLimited(unique, limit, (l) => this.#layer(l, o));
    if (!(await this.repo.hasBlob(img.config.digest))) await this.#upload(img.config, o);
    const digest = await this.repo.putManifest(tag, img.manifest.mediaType, img.manifest.bytes);
    return { digest, size: img.manifest.bytes.length };
  }

  async #layer(l: PushImage['layers'][number], o: PushOptions): Promise<void> {
    const id = shortId(l.diffId);
    if (await this.repo.hasBlob(l.blob.digest)) {
      this.progress.layer(id, 'Layer already exists');
      return;
    }
    let location: string | undefined;
    for (const from of l.mountFrom.filter((f) => f !== this.repo.path)) {
      const m = await this.repo.mount(l.blob.digest, from).catch(() => undefined);
      if (m?.mounted) {
        this.progress.layer(id, `Mounted from ${from}`);
        return;
      }
      location ??= m?.location;
    }
    await this.#upload(l.blob, o, id, location);
    this.progress.layer(id, 'Pushed');
  }

  /** Uploads one blob (monolithic, or chunked when big), reporting bytes under `id` if given. */
  async #upload(blob: Descriptor, o: PushOptions, id?: string, opened?: string): Promise<void> {
    const total = blob.size;
    const report = (n: number) => id && this.progress.layer(id, 'Pushing', { current: n, total });
    const attempts = o.attempts ?? 3;
    if (total <= (o.chunkThreshold ?? 256 << 20)) {
      for (let i = 1; ; i++) {
        try {
          const location = opened ?? (await this.repo.startUpload());
          opened = undefined;
          const body = await this.source.read(blob.digest);
          const sent = body.pipe(byteCounter(report));
          body.once('error', (e) => sent.destroy(e));
          await this.repo.putBlob(location, blob.digest, total, sent);
          report(total);
          return;
        } catch (e) {
          if (i >= attempts || !transient(e)) throw e;
          await sleep(500 * 2 ** (i - 1));
        }
      }
    }
    const chunk = o.chunkBytes ?? 64 << 20;
    let location = opened ?? (await this.repo.startUpload());
    for (let offset = 0; offset < total; offset += chunk) {
      const length = Math.min(chunk, total - offset);
      for (let i = 1; ; i++) {
        try {
          const bytes = await collect(await this.source.read(blob.digest, { offset, length }));
          location = await this.repo.patchChunk(location, offset, bytes);
          break;
        } catch (e) {
          if (i >= attempts || !transient(e)) throw e;
          await sleep(500 * 2 ** (i - 1));
        }
      }
      report(offset + length);
    }
    await this.repo.closeUpload(location, blob.digest);
  }
}

async function collect(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

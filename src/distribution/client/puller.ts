/**
 * Pulls one image by tag or digest: resolves the manifest (an index or manifest list to the
 * platform's manifest), fetches and checks the config, then fetches the missing layers in parallel
 * (`max-concurrent-downloads`), each streamed once into the target, which verifies, keeps and
 * unpacks it. A transport failure or 5xx mid-layer is retried with back-off before the pull fails.
 * Progress goes out as dockerd's messages (Pulling fs layer, Waiting, Downloading, Verifying
 * Checksum, Download complete, Extracting, Pull complete, Already exists).
 */
import type { Readable } from 'node:stream';
import { type Digest, isDigest, parseDigest, sha256Digest, shortId } from '../../oci/digest.js';
import type { Descriptor } from '../../oci/descriptor.js';
import { isIndexType, MediaType } from '../../oci/media-types.js';
import { InvalidManifestError, parseManifest, type Manifest } from '../../oci/manifest.js';
import { formatPlatform, hostPlatform, normalizeArch, platformAccepts, type Platform } from '../../oci/platform.js';
import type { ImageConfig } from '../../oci/image-config.js';
import { RegistryContentError } from './errors.js';
import { MAX_MANIFEST_BYTES, type Repository, type FetchedManifest } from './repository.js';
import { readBody } from './transport.js';
import type { PullProgress } from './progress.js';
import { byteCounter } from '../../util/byte-counter.js';
import { resumableBlob } from './blob-stream.js';
import { forEachLimited } from '../../util/limited.js';

/** Where pulled content goes: implemented by the engine over its content and layer stores. */
export interface PullTarget {
  /** Keeps these blobs and diffIDs from the garbage collector until the engine has written the image. */
  hold(digests: Digest[]): Promise<void>;
  /** Whether a complete local image has this ID (config digest): then no layer is even looked at. */
  hasImage(id: Digest): boolean;
  /** Whether the unpacked layer (and its blob) is already stored. */
  hasLayer(diffId: Digest, blob: Descriptor): Promise<boolean>;
  /**
   * Consumes a layer blob's bytes: verifies digest and size, keeps the blob, unpacks it and checks
   * its diffID. Concurrent calls for one blob must share one write.
   */
  writeLayer(blob: Descriptor, diffId: Digest, open: () => Promise<Readable>): Promise<void>;
  /** Stores a small verified blob (config, manifests). */
  putBlob(bytes: Buffer, digest: Digest): Promise<void>;
  /** A stored blob's bytes (a manifest pulled before), or undefined when absent or bigger than `limit`. */
  readBlob(digest: Digest, limit: number): Promise<Buffer | undefined>;
}

export interface PullOptions {
  /** The platform wanted; undefined: the host's, and a plain manifest is not checked. */
  platform?: Platform;
  /** Layers fetched at once (default 3). */
  concurrency?: number;
  /** Attempts per layer (default 3), the first retry after `retryDelayMs` (default 1 s), doubling. */
  attempts?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
}

/** What a pull produced: enough for the engine to write the image record. */
export interface PulledImage {
  /** Digest of the manifest the reference names (an index's, for multi-platform images). */
  digest: Digest;
  /** The platform manifest kept with the image. */
  manifest: Descriptor;
  configBytes: Buffer;
  config: ImageConfig;
  layers: Array<{ diffId: Digest; blob: Descriptor }>;
  /** How many layers were fetched (0: everything was here). */
  fetched: number;
}

const MAX_CONFIG_BYTES = 16 << 20;
/** Layer media types Wharf unpacks; others (artifacts) make the pull fail rather than be ignored. */
const LAYER_TYPES = new Set<string>([
  MediaType.dockerLayerGzip, MediaType.dockerLayer, MediaType.dockerLayerForeign, MediaType.ociLayer, MediaType.ociLayerGzip,
  MediaType.ociLayerZstd, MediaType.ociLayerNondistGzip, 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

/** Picks the index entry for `want`: an exact platform first, then the first it accepts. */
export function selectPlatform(entries: Descriptor[], want: Platform): Descriptor | undefined {
  const images = entries.filter((m) => m.platform && !isIndexType(m.mediaType) && m.platform.architecture !== 'unknown');
  const norm = (p: Platform) => ({ os: p.os, ...normalizeArch(p.architecture, p.variant) });
  const w = norm(want);
  return images.find((m) => {
    const p = norm(m.platform!);
    return p.os === w.os && p.architecture === w.architecture && (!w.variant || p.variant === w.variant);
  }) ?? images.find((m) => platformAccepts(want, m.platform!));
}

function configPlatform(c: ImageConfig): Platform {
  return { os: c.os ?? 'linux', architecture: c.architecture ?? '', ...(c.variant ? { variant: c.variant } : {}) };
}

export class Puller {
  constructor(private readonly repo: Repository, private readonly target: PullTarget, private readonly progress: PullProgress) {}

  /** Resolves `ref` to the platform's manifest; the digest is the one `ref` names. */
  async resolve(ref: string, o: PullOptions = {}): Promise<{ digest: Digest; manifest: FetchedManifest; index?: FetchedManifest; value: Manifest }> {
    const top = await this.#top(ref);
    const parsed = this.#parse(top);
    if (parsed.kind === 'manifest') return { digest: top.digest, manifest: top, value: parsed.value };
    const want = o.platform ?? hostPlatform();
    const pick = selectPlatform(parsed.value.manifests, want);
    if (!pick) throw new RegistryContentError(`no matching manifest for ${formatPlatform(want)} in the manifest list entries`);
    const child = await this.#stored(pick.digest) ?? await this.repo.manifest(pick.digest);
    const inner = this.#parse(child);
    if (inner.kind !== 'manifest') throw new RegistryContentError(`manifest ${pick.digest} of the list is not an image manifest`);
    return { digest: top.digest, manifest: child, index: top, value: inner.value };
  }

  /** The manifest `ref` names: a tag is looked up with a HEAD first, and a digest seen before is read from the store. */
  async #top(ref: string): Promise<FetchedManifest> {
    if (isDigest(ref)) return (await this.#stored(ref)) ?? this.repo.manifest(ref);
    const d = await this.repo.manifestDigest(ref);
    if (!d) return this.repo.manifest(ref);
    return (await this.#stored(d)) ?? this.repo.manifest(d);
  }

  async #stored(d: Digest): Promise<FetchedManifest | undefined> {
    const bytes = await this.target.readBlob(d, MAX_MANIFEST_BYTES);
    if (!bytes || sha256Digest(bytes) !== d) return undefined;
    const doc = JSON.parse(bytes.toString('utf8')) as { mediaType?: string };
    return { bytes, digest: d, mediaType: doc.mediaType ?? '' };
  }

  #parse(m: FetchedManifest) {
    try {
      return parseManifest(m.bytes, m.mediaType || undefined);
    } catch (e) {
      if (e instanceof InvalidManifestError) throw new RegistryContentError(`invalid manifest ${m.digest}: ${e.message}`);
      throw e;
    }
  }

  /** Pulls the image `ref` names (resolve, config, layers); `resolved` runs once the manifest is known. */
  async pull(ref: string, o: PullOptions = {}, resolved?: () => void): Promise<PulledImage> {
    const r = await this.resolve(ref, o);
    resolved?.();
    const configDesc = r.value.config;
    if (configDesc.size > MAX_CONFIG_BYTES) throw new RegistryContentError(`image config ${configDesc.digest} is too large (${configDesc.size} bytes)`);
    const res = await this.repo.blob(configDesc.digest, o.signal);
    const configBytes = await readBody(res.body, MAX_CONFIG_BYTES, 'image config');
    if (configBytes.length !== configDesc.size || parseDigest(configDesc.digest) !== sha256Digest(configBytes)) {
      throw new RegistryContentError(`image config verification failed for digest ${configDesc.digest}`);
    }
    let config: ImageConfig;
    try {
      config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
    } catch {
      throw new RegistryContentError(`image config ${configDesc.digest} is not valid JSON`);
    }
    if (o.platform && !r.index && !platformAccepts(o.platform, configPlatform(config))) {
      throw new RegistryContentError(`image with reference ${this.repo.name}:${ref} was found but does not match the specified platform: wanted ${formatPlatform(o.platform)}, actual: ${formatPlatform(configPlatform(config))}`);
    }
    const diffIds = (config.rootfs?.diff_ids ?? []).map((d) => parseDigest(String(d)));
    const blobs = r.value.layers;
    if (diffIds.length !== blobs.length) throw new RegistryContentError(`invalid image: ${blobs.length} layers in the manifest, ${diffIds.length} diffIDs in the config`);
    for (const b of blobs) if (!LAYER_TYPES.has(b.mediaType)) throw new RegistryContentError(`unsupported layer media type ${b.mediaType}`);
    const layers = blobs.map((blob, i) => ({ diffId: diffIds[i]!, blob }));
    await this.target.hold([r.digest, configDesc.digest, r.manifest.digest, ...layers.flatMap((l) => [l.diffId, l.blob.digest])]);
    const fetched = this.target.hasImage(configDesc.digest) ? 0 : await this.#layers(layers, o);
    await this.target.putBlob(configBytes, configDesc.digest);
    await this.target.putBlob(r.manifest.bytes, r.manifest.digest);
    if (r.index) await this.target.putBlob(r.index.bytes, r.index.digest);
    const manifest: Descriptor = { mediaType: r.value.mediaType ?? r.manifest.mediaType, digest: r.manifest.digest, size: r.manifest.bytes.length };
    return { digest: r.digest, manifest, configBytes, config, layers, fetched };
  }

  /** Fetches the layers not stored yet, `concurrency` at a time. */
  async #layers(layers: Array<{ diffId: Digest; blob: Descriptor }>, o: PullOptions): Promise<number> {
    const todo: typeof layers = [];
    const seen = new Set<string>();
    for (const l of layers) {
      const id = shortId(l.blob.digest);
      if (seen.has(l.blob.digest)) continue;
      seen.add(l.blob.digest);
      if (await this.target.hasLayer(l.diffId, l.blob)) this.progress.layer(id, 'Already exists');
      else {
        this.progress.layer(id, 'Pulling fs layer');
        todo.push(l);
      }
    }
    const limit = Math.max(1, o.concurrency ?? 3);
    // Biggest first: the last layer to start is then a small one, so the tail where one layer
    // unpacks alone on an idle machine is short (each layer is unpacked by one thread).
    todo.sort((a, b) => b.blob.size - a.blob.size);
    for (const l of todo.slice(limit)) this.progress.layer(shortId(l.blob.digest), 'Waiting');
    await forEachLimited(todo, limit, async (l) => {
      o.signal?.throwIfAborted();
      await this.#layer(l, o);
    });
    return todo.length;
  }

  /** One layer: a resumable download into the target (which verifies, keeps and unpacks it). */
  async #layer(l: { diffId: Digest; blob: Descriptor }, o: PullOptions): Promise<void> {
    const id = shortId(l.blob.digest);
    const total = l.blob.size;
    await this.target.writeLayer(l.blob, l.diffId, async () => {
      const bytes = resumableBlob({
        size: total, attempts: o.attempts ?? 3, delayMs: o.retryDelayMs ?? 1000, signal: o.signal,
        open: async (offset) => {
          const res = await this.repo.blob(l.blob.digest, o.signal, l.blob.urls, offset);
          return { body: res.body as unknown as Readable, partial: res.status === 206 };
        },
        onRetry: (delay) => {
          const secs = Math.max(1, Math.round(delay / 1000));
          this.progress.layer(id, `Retrying in ${secs} second${secs > 1 ? 's' : ''}`);
        },
      });
      const counted = bytes.pipe(byteCounter((n) => this.progress.layer(id, 'Downloading', { current: n, total })));
      bytes.once('error', (e) => counted.destroy(e));
      counted.once('close', () => bytes.destroy());
      return counted;
    });
    this.progress.layer(id, 'Verifying Checksum');
    this.progress.layer(id, 'Download complete');
    this.progress.layer(id, 'Extracting', { current: total, total });
    this.progress.layer(id, 'Pull complete');
  }
}

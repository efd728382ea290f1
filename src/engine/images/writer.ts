/**
 * Writes a local image from a config and its layers: config blob, a schema2 manifest over the
 * layer blobs as stored, the record, then tags. Shared by load and commit.
 */
import { type Digest } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import type { Descriptor } from '../../oci/descriptor.js';
import type { Manifest } from '../../oci/manifest.js';
import type { ImageLayer, ImageRecord } from '../../image/record.js';
import type { ContentStore } from '../../content/store.js';
import { detectCompression, peek } from '../../archive/decompress.js';

/** The media type a stored layer blob has, from its magic bytes. */
export async function layerMediaType(content: ContentStore, digest: Digest): Promise<string> {
  const s = await content.read(digest);
  try {
    const kind = detectCompression(await peek(s, 6));
    return kind === 'gzip' ? MediaType.dockerLayerGzip : kind === 'zstd' ? MediaType.ociLayerZstd : MediaType.dockerLayer;
  } finally {
    s.destroy();
  }
}

/** Stores the manifest for `configDigest` and `layers`; returns its descriptor. */
export async function putManifest(content: ContentStore, config: Descriptor, layers: ImageLayer[]): Promise<Descriptor> {
  const manifest: Manifest = {
    schemaVersion: 2, mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: config.digest, size: config.size },
    layers: layers.map((l) => l.blob ?? { mediaType: MediaType.dockerLayer, digest: l.diffId, size: 0 }),
  };
  const m = await content.put(Buffer.from(JSON.stringify(manifest)));
  return { mediaType: MediaType.dockerManifest, digest: m.digest, size: m.size };
}

export interface NewImage { configBytes: Buffer; layers: ImageLayer[]; size: number; parent?: Digest }

/** Writes config, manifest and record (an existing record with the same ID is kept). */
export async function writeImage(content: ContentStore, store: { get(id: Digest): ImageRecord | undefined; put(r: ImageRecord): Promise<void> }, n: NewImage): Promise<ImageRecord> {
  const cfg = await content.put(n.configBytes);
  const existing = store.get(cfg.digest);
  if (existing) return existing;
  const manifest = await putManifest(content, { mediaType: MediaType.dockerConfig, digest: cfg.digest, size: cfg.size }, n.layers);
  const rec: ImageRecord = {
    id: cfg.digest, layers: n.layers, manifest, repoDigests: [], size: n.size, loaded: new Date().toISOString(),
    ...(n.parent ? { parent: n.parent } : {}),
  };
  await store.put(rec);
  return rec;
}

/**
 * `docker load` (`POST /images/load`): an archive (docker-archive or OCI layout, possibly
 * compressed) becomes local images. Blobs are verified as they arrive, layers are checked against
 * the config's diffIDs, and a record is written only when all its layers are in place; whatever
 * a failed load left is swept by the garbage collector.
 */
import type { Readable } from 'node:stream';
import { byteCounter } from '../../util/byte-counter.js';
import { type Digest, parseDigest, shortId } from '../../oci/digest.js';
import type { ImageConfig } from '../../oci/image-config.js';
import { familiarString, parseNormalizedNamed } from '../../reference/reference.js';
import type { ImageLayer, ImageRecord } from '../../image/record.js';
import { readArchive, InvalidArchiveError, memberBytes, storeMember } from '../../image/archive-read.js';
import { planLoad, type LoadImage } from '../../image/archive-plan.js';
import type { ImageCatalog } from './catalog.js';
import type { GarbageCollector } from '../../image/gc.js';
import type { LoadSink } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { layerMediaType, writeImage } from './writer.js';
import type { ImageAnnouncer } from './announce.js';

export async function loadImages(announcer: ImageAnnouncer, gc: GarbageCollector, input: Readable, sink: LoadSink): Promise<void> {
  const images = announcer.catalog;
  try {
    await gc.lease(async () => {
      const files = await readArchive(input, images.content);
      const plan = await planLoad(images.content, files);
      if (plan.length === 0) throw new InvalidArchiveError('invalid archive: no images found');
      for (const img of plan) {
        const rec = await loadOne(images, img, sink);
        await announcer.announce('load', rec.id, rec.id); // dockerd announces no tag for the names an archive brings
      }
    });
  } catch (e) {
    if (e instanceof InvalidArchiveError) throw new InvalidArgumentError(e.message);
    throw e;
  } finally {
    await gc.collect().catch(() => undefined);
  }
}

async function readConfig(images: ImageCatalog, img: LoadImage): Promise<{ bytes: Buffer; diffIds: Digest[] }> {
  if (img.config.size > 16 * 1024 * 1024) throw new InvalidArchiveError('image config is too large');
  const bytes = await memberBytes(images.content, img.config);
  let config: ImageConfig;
  try {
    config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
  } catch {
    throw new InvalidArchiveError(`invalid image config ${img.config.digest}`);
  }
  const raw = config?.rootfs?.diff_ids;
  if (!Array.isArray(raw)) throw new InvalidArchiveError(`image config ${img.config.digest} has no rootfs.diff_ids`);
  const diffIds = raw.map((d) => parseDigest(String(d)));
  if (diffIds.length !== img.layers.length) {
    throw new InvalidArchiveError(`invalid archive: ${img.layers.length} layers for ${diffIds.length} diffIDs in the config`);
  }
  return { bytes, diffIds };
}

async function loadOne(images: ImageCatalog, img: LoadImage, sink: LoadSink): Promise<ImageRecord> {
  const { bytes, diffIds } = await readConfig(images, img);
  const settled = await Promise.allSettled(img.layers.map(async (blob, i): Promise<ImageLayer & { size: number }> => {
    const diffId = diffIds[i]!;
    const progressId = img.layerIds?.[i] ?? shortId(diffId);
    const had = await images.layers.get(diffId);
    if (!had) sink.layer?.(progressId, 0, blob.size);
    await storeMember(images.content, blob);
    const input = await images.content.read(blob.digest);
    const counted = had ? input : input.pipe(byteCounter((n) => sink.layer?.(progressId, n, blob.size)));
    input.once('error', (e) => counted.destroy(e));
    const { layer } = await images.layers.apply(counted, { expectedDiffId: diffId });
    if (!had) sink.layer?.(progressId, blob.size, blob.size);
    const mediaType = await layerMediaType(images.content, blob.digest);
    return { diffId, blob: { mediaType, digest: blob.digest, size: blob.size }, size: layer.size };
  }));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const layers = settled.map((r) => (r as PromiseFulfilledResult<ImageLayer & { size: number }>).value);
  const rec = await writeImage(images.content, images.store, {
    configBytes: bytes, layers: layers.map(({ diffId, blob }) => ({ diffId, blob })), size: layers.reduce((s, l) => s + l.size, 0),
    ...(img.parent ? { parent: img.parent } : {}),
  });
  const announce = img.announce ?? true;
  for (const tag of img.tags) {
    const prev = images.store.resolveTag(tag);
    const name = familiarString(parseNormalizedNamed(tag));
    if (prev && prev !== rec.id) sink.line(`The image ${name} already exists, renaming the old one with ID ${prev} to empty string\n`);
    await images.store.tag(tag, rec.id);
    if (announce) sink.line(`Loaded image: ${name}\n`);
  }
  if (announce && img.tags.length === 0) sink.line(`Loaded image ID: ${rec.id}\n`);
  return rec;
}

/**
 * `docker save`: one tar holding both the docker-archive form (`manifest.json`, `repositories`) and
 * an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`), as Docker 25+ writes it.
 * Layers are saved uncompressed (their blob digest is the diffID), configs byte for byte (the image
 * ID survives a round trip). Every blob is written once even when several images share it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { type Digest, digestHex, sha256Digest } from '../oci/digest.js';
import { MediaType, layerCompression } from '../oci/media-types.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { Manifest, Index } from '../oci/manifest.js';
import type { ContentStore } from '../content/store.js';
import { decompressor } from '../archive/decompress.js';
import { verifyDigest } from '../util/verify.js';
import type { ImageRecord } from './record.js';

/** One image to save, with the fully qualified and familiar tags to record for it. */
export interface SaveItem { record: ImageRecord; tags: Array<{ full: string; familiar: string }> }

/** Blob store role needed by save. */
export type SaveSource = Pick<ContentStore, 'info' | 'read' | 'readBytes' | 'path' | 'scratchPath'>;

export class ArchiveSaveError extends Error {
  readonly code = 'INTERNAL';
}

interface Entry { name: string; size: number; open: () => Promise<Readable> }

interface SaveState {
  pack: tar.Pack;
  written: Set<string>;
  sizes: Map<string, number>;
  scratch: string[];
  manifests: Descriptor[];
  dockerManifest: unknown[];
  repositories: Record<string, Record<string, string>>;
}

/** Writes the archive of `items` to `out`. Resolves when the tar is complete. */
export async function saveArchive(content: SaveSource, items: SaveItem[], out: Writable): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, out);
  const st: SaveState = { pack, written: new Set(), sizes: new Map(), scratch: [], manifests: [], dockerManifest: [], repositories: {} };
  try {
    await addBuffer(pack, 'oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
    for (const item of items) await writeImage(content, st, item);
    const index: Index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: st.manifests };
    await addBuffer(pack, 'index.json', Buffer.from(JSON.stringify(index)));
    await addBuffer(pack, 'manifest.json', Buffer.from(JSON.stringify(st.dockerManifest)));
    if (Object.keys(st.repositories).length > 0) await addBuffer(pack, 'repositories', Buffer.from(JSON.stringify(st.repositories)));
    pack.finalize();
    await done;
  } catch (e) {
    pack.destroy(e as Error);
    await done.catch(() => undefined);
    throw e;
  } finally {
    await Promise.all(st.scratch.map((p) => rm(p, { force: true })));
  }
}

async function writeImage(content: SaveSource, st: SaveState, item: SaveItem): Promise<void> {
  const layers = item.record.layers.map((l) => l.diffId);
  for (const l of item.record.layers) {
    if (st.written.has(l.diffId)) continue;
    const e = await layerEntry(content, l.diffId, l.blob, st.scratch);
    st.sizes.set(l.diffId, e.size);
    await addEntry(st.pack, e);
    st.written.add(l.diffId);
  }
  const config = await content.readBytes(item.record.id);
  await addOnce(st, item.record.id, config);
  const m = ociManifest(item.record.id, config.length, layers, layers.map((d) => st.sizes.get(d) ?? 0));
  const mBytes = Buffer.from(JSON.stringify(m));
  const mDigest = sha256Digest(mBytes);
  await addOnce(st, mDigest, mBytes);
  st.manifests.push(...indexEntries(mDigest, mBytes.length, item));
  st.dockerManifest.push({ Config: blobPath(item.record.id), RepoTags: item.tags.length > 0 ? item.tags.map((t) => t.familiar) : null, Layers: layers.map(blobPath) });
  addRepositories(st.repositories, item, layers);
}

async function addOnce(st: SaveState, d: Digest, data: Buffer): Promise<void> {
  if (st.written.has(d)) return;
  await addBuffer(st.pack, blobPath(d), data);
  st.written.add(d);
}

function blobPath(d: Digest): string {
  return `blobs/sha256/${digestHex(d)}`;
}

function ociManifest(config: Digest, configSize: number, layers: Digest[], sizes: number[]): Manifest {
  return {
    schemaVersion: 2, mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: config, size: configSize },
    layers: layers.map((d, i) => ({ mediaType: MediaType.ociLayer, digest: d, size: sizes[i] ?? 0 })),
  };
}

function indexEntries(digest: Digest, size: number, item: SaveItem): Descriptor[] {
  const base = { mediaType: MediaType.ociManifest, digest, size };
  if (item.tags.length === 0) return [base];
  return item.tags.map((t) => ({
    ...base,
    annotations: { 'io.containerd.image.name': t.full, 'org.opencontainers.image.ref.name': t.full.slice(t.full.lastIndexOf(':') + 1) },
  }));
}

function addRepositories(repos: Record<string, Record<string, string>>, item: SaveItem, layers: Digest[]): void {
  const top = layers[layers.length - 1];
  if (!top) return;
  for (const t of item.tags) {
    const colon = t.familiar.lastIndexOf(':');
    (repos[t.familiar.slice(0, colon)] ??= {})[t.familiar.slice(colon + 1)] = digestHex(top);
  }
}

/**
 * The uncompressed layer as an entry. An uncompressed blob is sent as it is; a compressed one is
 * decompressed to a scratch file first (a tar header needs the size), verified against the diffID.
 */
async function layerEntry(content: SaveSource, diffId: Digest, blob: Descriptor | undefined, scratch: string[]): Promise<Entry> {
  if (!blob || !(await content.info(blob.digest))) throw new ArchiveSaveError(`layer ${diffId} has no blob to save`);
  if (blob.digest === diffId) {
    return { name: blobPath(diffId), size: blob.size, open: () => content.read(diffId) };
  }
  const tmp = content.scratchPath();
  scratch.push(tmp);
  await pipeline(await content.read(blob.digest), decompressor(layerCompression(blob.mediaType)), verifyDigest(diffId), createWriteStream(tmp));
  const { size } = await stat(tmp);
  return { name: blobPath(diffId), size, open: async () => createReadStream(tmp) };
}

async function addEntry(pack: tar.Pack, e: Entry): Promise<void> {
  const sink = pack.entry({ name: e.name, size: e.size, mode: 0o644, mtime: new Date(0) });
  await pipeline(await e.open(), sink);
}

async function addBuffer(pack: tar.Pack, name: string, data: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    pack.entry({ name, size: data.length, mode: 0o644, mtime: new Date(0) }, data, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Images crafted byte by byte for the pull tests, in every format a registry may serve: OCI or
 * Docker schema2 manifests, layers gzip-, zstd- or not compressed, any platform, and OCI indexes of
 * them; pushed with raw HTTP (no client under test is involved in putting them there).
 */
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { http, pushBlob, sha, tarGz, type Reply } from '../registry/helpers.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface BuiltImage {
  config: Buffer;
  layers: Buffer[];
  manifest: Buffer;
  mediaType: string;
  digest: string;
  /** Config digest: the image ID. */
  id: string;
}

export interface ImageSpec {
  /** One layer per entry: file name → content. */
  layers?: Array<{ name: string; content: Buffer | string }>;
  format?: 'oci' | 'docker';
  compression?: Compression;
  architecture?: string;
  variant?: string;
  labels?: Record<string, string>;
}

const LAYER_TYPES: Record<'oci' | 'docker', Record<Compression, string>> = {
  oci: { gzip: 'application/vnd.oci.image.layer.v1.tar+gzip', zstd: 'application/vnd.oci.image.layer.v1.tar+zstd', none: 'application/vnd.oci.image.layer.v1.tar' },
  docker: { gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip', zstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd', none: 'application/vnd.docker.image.rootfs.diff.tar' },
};

function compress(tar: Buffer, c: Compression): Buffer {
  if (c === 'none') return tar;
  if (c === 'zstd') return execFileSync('zstd', ['-q', '-c', '-3'], { input: tar, maxBuffer: 256 << 20 });
  throw new Error('gzip layers come from tarGz');
}

export function buildImage(spec: ImageSpec = {}): BuiltImage {
  const format = spec.format ?? 'oci';
  const compression = spec.compression ?? 'gzip';
  const files = spec.layers ?? [{ name: 'hello.txt', content: `hello ${Math.random()}` }];
  const tars = files.map((f) => tarGz(f.name, f.content));
  const plain = tars.map((t) => gunzipSync(t));
  const layers = compression === 'gzip' ? tars : plain.map((t) => compress(t, compression));
  const config = Buffer.from(JSON.stringify({
    architecture: spec.architecture ?? 'amd64', os: 'linux', ...(spec.variant ? { variant: spec.variant } : {}),
    config: { Labels: spec.labels ?? {}, Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: plain.map((t) => sha(t)) }, history: layers.map(() => ({ created_by: 'test' })),
  }));
  const mediaType = format === 'oci' ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType,
    config: { mediaType: format === 'oci' ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: LAYER_TYPES[format][compression], digest: sha(l), size: l.length })),
  }));
  return { config, layers, manifest, mediaType, digest: sha(manifest), id: sha(config) };
}

async function ok(r: Promise<Reply>, what: string): Promise<Reply> {
  const res = await r;
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${res.body.toString()}`);
  return res;
}

/** Pushes blobs, then the manifest under `ref` (a tag, or its digest). */
export async function push(base: string, name: string, img: BuiltImage, ref = img.digest): Promise<void> {
  for (const b of [img.config, ...img.layers]) await ok(pushBlob(base, name, b), `blob of ${name}`);
  await ok(http('PUT', `${base}/v2/${name}/manifests/${ref}`, { headers: { 'Content-Type': img.mediaType }, body: img.manifest }), `manifest ${name}:${ref}`);
}

/** Pushes each image by digest and an OCI index of them under `tag`; the index digest. */
export async function pushIndex(base: string, name: string, entries: Array<{ img: BuiltImage; architecture: string; variant?: string }>, tag: string): Promise<string> {
  for (const e of entries) await push(base, name, e.img);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map((e) => ({
      mediaType: e.img.mediaType, digest: e.img.digest, size: e.img.manifest.length,
      platform: { os: 'linux', architecture: e.architecture, ...(e.variant ? { variant: e.variant } : {}) },
    })),
  }));
  await ok(http('PUT', `${base}/v2/${name}/manifests/${tag}`, { headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: index }), `index ${name}:${tag}`);
  return sha(index);
}

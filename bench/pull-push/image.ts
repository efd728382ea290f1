/**
 * The benchmark's images: a variant of the 5 base layers (layers.ts) with its config and manifests,
 * and the push source on disk in the forms the peers read it (blob files, an OCI layout, a
 * docker-archive for `docker load` / `podman load`).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { execFileSync } from 'node:child_process';
import { type BaseLayer, type LayerBlob, layerStream, variantLayer } from './layers.js';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA = {
  docker: { config: 'application/vnd.docker.container.image.v1+json', layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip' },
  oci: { config: 'application/vnd.oci.image.config.v1+json', layer: 'application/vnd.oci.image.layer.v1.tar+gzip' },
};

export const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A variant image: its layers (base first), config and config digest. */
export interface BenchImage {
  name: string;
  layers: LayerBlob[];
  config: Buffer;
  configDigest: string;
}

/** The image whose layers are the bases plus tails naming `name` (one image per name). */
export function variantImage(bases: BaseLayer[], name: string): BenchImage {
  const layers = bases.map((b, i) => variantLayer(b, `${name}-l${i}`));
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((_, i) => ({ created_by: `wharf bench: layer ${i} of ${name}` })),
  }));
  return { name, layers, config, configDigest: sha256(config) };
}

/** The image's manifest: Docker schema 2 (what the registry serves) or OCI (the layout's). */
export function manifest(img: BenchImage, kind: 'docker' | 'oci'): Buffer {
  const m = MEDIA[kind];
  return Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: kind === 'docker' ? DOCKER_MANIFEST : OCI_MANIFEST,
    config: { mediaType: m.config, digest: img.configDigest, size: img.config.length },
    layers: img.layers.map((l) => ({ mediaType: m.layer, digest: l.digest, size: l.size })),
  }));
}

/** The push source, written once: the layer files, an OCI layout over them, a docker-archive. */
export interface PushSource {
  image: BenchImage;
  /** The layer blob files, in layer order (inside the OCI layout). */
  blobFiles: string[];
  /** `oci:<layout>:<tag>` reads the image. */
  layout: string;
  layoutTag: string;
  /** A docker-archive of the image, tagged `localTag`. */
  archive: string;
  localTag: string;
}

export async function writePushSource(dir: string, img: BenchImage, localTag: string): Promise<PushSource> {
  const blobs = join(dir, 'layout', 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const blob = (digest: string) => join(blobs, digest.slice('sha256:'.length));
  const blobFiles = img.layers.map((l) => blob(l.digest));
  for (const [i, l] of img.layers.entries()) await pipeline(layerStream(l), createWriteStream(blobFiles[i]!));
  writeFileSync(blob(img.configDigest), img.config);
  const oci = manifest(img, 'oci');
  writeFileSync(blob(sha256(oci)), oci);
  const layout = join(dir, 'layout');
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: OCI_MANIFEST, digest: sha256(oci), size: oci.length, annotations: { 'org.opencontainers.image.ref.name': 'push' } }] }));
  return { image: img, blobFiles, layout, layoutTag: 'push', archive: dockerArchive(dir, img, blobFiles, localTag), localTag };
}

/** A docker-archive (`docker save` format) of the image, its layers hard links to the blob files. */
function dockerArchive(dir: string, img: BenchImage, blobFiles: string[], tag: string): string {
  const stage = join(dir, 'archive');
  mkdirSync(stage);
  blobFiles.forEach((f, i) => linkSync(f, join(stage, `layer${i}.tar.gz`)));
  writeFileSync(join(stage, 'config.json'), img.config);
  writeFileSync(join(stage, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [tag], Layers: blobFiles.map((_, i) => `layer${i}.tar.gz`) }]));
  const out = join(dir, 'image.tar');
  execFileSync('tar', ['-cf', out, '-C', stage, '.']);
  return out;
}

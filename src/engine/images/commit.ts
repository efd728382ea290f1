/**
 * `docker commit` (`POST /commit`): a new image from a container. The new layer is the overlay
 * upper dir as a layer tar (`diffTar`), stored uncompressed (its digest is its diffID) and unpacked
 * into the layer store; an empty diff adds an `empty_layer` history entry and no layer, as Docker.
 * The config follows moby's CreateImageFromContainer: request config (or the container's) with the
 * `--change` lines, filled in from the container's config.
 */
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diffTar } from '../../archive/diff.js';
import type { TreeNode } from '../../archive/tree-walk.js';
import { RUNTIME_PATHS } from '../containers/fs.js';
import { rootfsPaths } from '../../snapshot/rootfs.js';
import { EMPTY_LAYER_DIFF_ID } from '../../image/chain-id.js';
import type { ImageRecord, ImageLayer } from '../../image/record.js';
import type { ContainerRecord } from '../containers/record.js';
import type { ImageService } from './service.js';
import { applyChanges } from './changes.js';
import { EngineError } from '../errors.js';
import { MediaType } from '../../oci/media-types.js';
import { writeImage } from './writer.js';
import { tagImage } from './tag.js';
import { parseNormalizedNamed, isValidTag, InvalidReferenceError } from '../../reference/reference.js';

export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  changes?: string[];
  /** The request body: config overrides. */
  config?: ContainerDefaults;
}

/** Where the container's files are, as commit needs them. */
export interface CommitSource { rec: ContainerRecord; containerDir: string }

export async function commitContainer(images: ImageService, src: CommitSource, o: CommitOptions): Promise<ImageRecord> {
  if (o.repo) checkTarget(o);
  const base = images.store.get(src.rec.Image);
  if (!base) throw new EngineError('FAILED_PRECONDITION', `image ${src.rec.Image} of container ${src.rec.Id} is missing`);
  const baseConfig = await images.config(base);
  const rec = await images.gc.lease(async () => {
    const layer = await snapshotLayer(images, rootfsPaths(src.containerDir).upper);
    const config = commitConfig(baseConfig, src.rec, o, layer);
    return writeImage(images.content, images.store, {
      configBytes: Buffer.from(JSON.stringify(config)), parent: base.id,
      layers: [...base.layers, ...(layer ? [{ diffId: layer.diffId, blob: layer.blob }] : [])],
      size: base.size + (layer?.size ?? 0),
    });
  });
  if (o.repo) await tagImage(images, rec.id, o.repo, o.tag ?? '');
  return rec;
}

/** Fails early on a bad target name (before a layer is written). */
function checkTarget(o: CommitOptions): void {
  try {
    parseNormalizedNamed(o.repo!);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new EngineError('INVALID_ARGUMENT', e.message);
    throw e;
  }
  if (o.tag && !isValidTag(o.tag)) throw new EngineError('INVALID_ARGUMENT', 'invalid tag format');
}

/** The upper dir as a stored, unpacked layer; undefined when it changes nothing. */
async function snapshotLayer(images: ImageService, upper: string): Promise<(ImageLayer & { size: number; blob: NonNullable<ImageLayer['blob']> }) | undefined> {
  const blob = await images.content.ingest(diffTar(upper, { skip: isRuntimeMountPoint }));
  if (blob.digest === EMPTY_LAYER_DIFF_ID) return undefined;
  const { layer } = await images.layers.apply(await images.content.read(blob.digest), { expectedDiffId: blob.digest });
  return { diffId: blob.digest, size: layer.size, blob: { mediaType: MediaType.dockerLayer, digest: blob.digest, size: blob.size } };
}

/** Mount points runc creates in the upper dir (Docker keeps them in an init layer): empty files and dirs. */
function isRuntimeMountPoint(node: TreeNode): boolean {
  if (node.rel === 'etc' && node.st.isDirectory()) {
    return readdirSync(node.abs).every((n) => RUNTIME_PATHS.has(`/etc/${n}`) && statSync(join(node.abs, n)).size === 0);
  }
  if (!RUNTIME_PATHS.has(`/${node.rel}`)) return false;
  return node.st.isDirectory() || (node.st.isFile() && node.st.size === 0n);
}

/** Fills unset fields of `c` from the container's config (moby's merge). */
function merge(c: ContainerDefaults, from: ContainerDefaults): ContainerDefaults {
  const out: Record<string, unknown> = { ...c };
  for (const [k, v] of Object.entries(from)) {
    const cur = out[k];
    if (cur === undefined || cur === null || cur === '' || (Array.isArray(cur) && cur.length === 0)) out[k] = v;
  }
  const env = new Map((from.Env ?? []).map((e) => [e.split('=')[0], e]));
  for (const e of c.Env ?? []) env.set(e.split('=')[0], e);
  out.Env = [...env.values()];
  return out as ContainerDefaults;
}

function commitConfig(base: ImageConfig, c: ContainerRecord, o: CommitOptions, layer: { diffId: ImageLayer['diffId'] } | undefined): ImageConfig {
  const created = new Date().toISOString();
  const { Image: _img, ...containerConfig } = c.Config;
  const user = o.config && Object.keys(o.config).length > 0 ? o.config : {};
  const config = merge(applyChanges(user, o.changes ?? []), c.Config);
  return {
    ...base,
    created,
    container: c.Id,
    container_config: { ...containerConfig, Image: c.Config.Image },
    config,
    docker_version: undefined,
    ...(o.author ? { author: o.author } : { author: undefined }),
    ...(o.comment ? { comment: o.comment } : { comment: undefined }),
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, ...(layer ? [layer.diffId] : [])] },
    history: [...(base.history ?? []), {
      created, ...(o.author ? { author: o.author } : {}), created_by: (c.Config.Cmd ?? []).join(' '),
      ...(o.comment ? { comment: o.comment } : {}), ...(layer ? {} : { empty_layer: true }),
    }],
  };
}

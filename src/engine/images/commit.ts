/**
 * `docker commit` (`POST /commit`): a new image from a container. The new layer is the container's
 * snapshot committed (its upper dir as a layer tar, stored uncompressed: its digest is its diffID),
 * with the container paused meanwhile unless `pause=0`; an empty diff adds an `empty_layer` history
 * entry and no layer, as Docker.
 * The config follows moby's CreateImageFromContainer: request config (or the container's) with the
 * `--change` lines, filled in from the container's config.
 */
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import type { ImageRecord, ImageLayer } from '../../image/record.js';
import type { GarbageCollector } from '../../image/gc.js';
import type { CommittedLayer } from '../../snapshot/snapshotter.js';
import type { ContainerRecord } from '../containers/record.js';
import type { CommitOptions } from '../engine.js';
import type { ContainerLister } from './remove.js';
import { applyChanges } from './changes.js';
import { InvalidArgumentError, InternalError } from '../errors.js';
import { writeImage } from './writer.js';
import { tagImage } from './tag.js';
import type { ImageAnnouncer } from './announce.js';
import { announce } from '../containers/announce.js';
import { parseNormalizedNamed, isValidTag, InvalidReferenceError } from '../../reference/reference.js';

/** The containers, as commit needs them. */
export interface ContainerSource extends ContainerLister {
  get(idOrName: string): ContainerRecord;
  /** Runs `use` with the container's changes as a stored layer (undefined: no changes), paused meanwhile when asked. */
  commitLayer<T>(idOrName: string, o: { pause: boolean }, use: (layer: CommittedLayer | undefined) => Promise<T>): Promise<T>;
}

export async function commitContainer(announcer: ImageAnnouncer, gc: GarbageCollector, containers: ContainerSource, o: CommitOptions): Promise<ImageRecord> {
  const images = announcer.catalog;
  if (o.repo) checkTarget(o);
  const c = containers.get(o.container);
  const base = images.store.get(c.Image);
  if (!base) throw new InternalError(`image ${c.Image} of container ${c.Id} is missing`);
  const baseConfig = await images.config(base);
  // Tagged and announced while the container is still paused: dockerd's order (pause, tag, commit, unpause).
  return gc.lease(() => containers.commitLayer(c.Id, { pause: o.pause ?? true }, async (layer) => {
    const config = commitConfig(baseConfig, c, o, layer);
    const rec = await writeImage(images.content, images.store, {
      configBytes: Buffer.from(JSON.stringify(config)), parent: base.id,
      layers: [...base.layers, ...(layer ? [{ diffId: layer.diffId, blob: layer.blob }] : [])],
      size: base.size + (layer?.size ?? 0),
    });
    const tagged = o.repo ? await tagImage(announcer, rec.id, o.repo, o.tag ?? '') : undefined;
    announce(announcer, c, 'commit', { comment: o.comment ?? '', imageID: rec.id, imageRef: tagged?.name ?? '' });
    return rec;
  }));
}

/** Fails early on a bad target name (before a layer is written). */
function checkTarget(o: CommitOptions): void {
  try {
    parseNormalizedNamed(o.repo!);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  if (o.tag && !isValidTag(o.tag)) throw new InvalidArgumentError('invalid tag format');
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

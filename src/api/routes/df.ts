/**
 * `GET /system/df`: disk usage of images, containers, volumes and build cache (`type=` narrows it).
 * `POST /build/prune`: Wharf keeps no build cache yet (df shows it empty), so there is nothing to
 * prune; the filters are still checked as BuildKit's prune checks them. `docker system prune` calls it.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { imageSummary } from '../wire/image.js';
import { containerSummary } from '../wire/container.js';
import type { DiskUsageType } from '../../engine/engine.js';
import { ApiError } from '../errors.js';
import { parseFilters } from '../filters.js';

/** The filter keys of moby's build cache prune (and `label`, which `docker system prune` passes on). */
const BUILD_PRUNE_KEYS = new Set(['id', 'parent', 'type', 'description', 'inuse', 'shared', 'private', 'until', 'label', 'label!']);

function buildPrune(ctx: Ctx): void {
  for (const k of parseFilters(ctx.query.get('filters')).keys()) {
    if (!BUILD_PRUNE_KEYS.has(k)) throw new ApiError(400, `failed to prune build cache: Invalid filter '${k}'`);
  }
  ctx.send(200, { CachesDeleted: null, SpaceReclaimed: 0 });
}

async function df(ctx: Ctx): Promise<void> {
  const du = await ctx.engine.system.df(ctx.query.getAll('type') as DiskUsageType[]);
  const images = du.images?.images.map((u) => ({ ...imageSummary(u), SharedSize: u.sharedSize })).sort((a, b) => b.Created - a.Created);
  ctx.send(200, {
    LayersSize: du.images?.layersSize ?? 0,
    Images: images ?? null,
    Containers: du.containers?.map((c) => containerSummary(c.record, c)) ?? null,
    Volumes: du.volumes ?? null,
    BuildCache: du.buildCache ?? null,
    BuilderSize: 0,
  });
}

export function registerDfRoutes(r: Router): void {
  r.add('GET', '/system/df', df);
  r.add('POST', '/build/prune', buildPrune);
}

/**
 * `GET /system/df`: disk usage of images, containers, volumes and build cache (`type=` narrows it).
*/
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { imageSummary } from '../wire/image.js';
import { containerSummary } from '../wire/container.js';
import type { DiskUsageType } from '../../engine/engine.js';

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
}

/** `GET /system/df`: disk usage of images, containers, volumes and build cache (`type=` narrows it). */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { imageSummary } from '../wire/image.js';
import { containerSummary } from '../wire/container.js';
import { imagesDiskUsage } from '../../engine/images/df.js';
import { dirSize } from '../../engine/containers/fs.js';
import { rootfsPaths } from '../../snapshot/rootfs.js';

const TYPES = ['container', 'image', 'volume', 'build-cache'];

async function images(ctx: Ctx) {
  const e = ctx.engine;
  const du = await imagesDiskUsage(e.images, e.containers.store);
  const list = [];
  for (const u of du.images) {
    const names = { repoTags: e.images.repoTags(u.record), repoDigests: e.images.repoDigests(u.record) };
    const summary = imageSummary(u.record, await e.images.config(u.record), names, u.containers);
    list.push({ ...summary, SharedSize: u.sharedSize });
  }
  return { layersSize: du.layersSize, list: list.sort((a, b) => b.Created - a.Created) };
}

async function containers(ctx: Ctx) {
  const e = ctx.engine;
  return Promise.all(e.containers.store.list().map(async (c) => {
    const sizeRw = await dirSize(rootfsPaths(e.containers.paths.container(c.Id)).upper);
    const image = e.images.store.get(c.Image);
    return { ...containerSummary(c), SizeRw: sizeRw, SizeRootFs: sizeRw + (image?.size ?? 0) };
  }));
}

async function df(ctx: Ctx): Promise<void> {
  const types = ctx.query.getAll('type');
  for (const t of types) if (!TYPES.includes(t)) throw new ApiError(400, `unknown object type: ${t}`);
  const want = (t: string) => types.length === 0 || types.includes(t);
  const img = want('image') ? await images(ctx) : undefined;
  ctx.send(200, {
    LayersSize: img?.layersSize ?? 0,
    Images: img?.list ?? null,
    Containers: want('container') ? await containers(ctx) : null,
    Volumes: want('volume') ? [] : null,
    BuildCache: want('build-cache') ? [] : null,
    BuilderSize: 0,
  });
}

export function registerDfRoutes(r: Router): void {
  r.add('GET', '/system/df', df);
}

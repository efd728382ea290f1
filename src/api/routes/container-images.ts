/** Container → image endpoints: `POST /commit`, `GET /containers/{id}/export`, `GET /containers/{id}/changes`. */
import { join } from 'node:path';
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import type { ContainerDefaults } from '../../oci/image-config.js';
import { commitContainer } from '../../engine/images/commit.js';
import { containerChanges, exportRootfs } from '../../engine/containers/fs.js';

async function commit(ctx: Ctx): Promise<void> {
  const c = ctx.engine.containers.store.get(ctx.query.get('container') ?? '');
  const body = await ctx.json<ContainerDefaults | null>(null as unknown as ContainerDefaults);
  const rec = await commitContainer(ctx.engine.images, { rec: c, containerDir: ctx.engine.containers.paths.container(c.Id) }, {
    repo: ctx.query.get('repo') ?? undefined, tag: ctx.query.get('tag') ?? undefined,
    comment: ctx.query.get('comment') ?? undefined, author: ctx.query.get('author') ?? undefined,
    changes: ctx.query.getAll('changes'), config: body ?? undefined,
  });
  ctx.send(201, { Id: rec.id });
}

/** The container and its image's layer dirs. */
async function containerFs(ctx: Ctx): Promise<{ dir: string; lowers: string[] }> {
  const c = ctx.engine.containers.store.get(ctx.param('id'));
  const image = ctx.engine.images.store.get(c.Image);
  const lowers = image ? await ctx.engine.images.lowerDirs(image) : [];
  return { dir: ctx.engine.containers.paths.container(c.Id), lowers };
}

async function exportContainer(ctx: Ctx): Promise<void> {
  const { dir, lowers } = await containerFs(ctx);
  const tar = await exportRootfs(dir, lowers, join(ctx.engine.containers.paths.execRoot, 'export'));
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  tar.on('error', () => res.destroy());
  tar.pipe(res);
  res.on('close', () => tar.destroy());
}

async function changes(ctx: Ctx): Promise<void> {
  const { dir, lowers } = await containerFs(ctx);
  const list = await containerChanges(dir, lowers);
  ctx.send(200, list.length > 0 ? list : null);
}

export function registerContainerImageRoutes(r: Router): void {
  r.add('POST', '/commit', commit);
  r.add('GET', '/containers/{id}/export', exportContainer);
  r.add('GET', '/containers/{id}/changes', changes);
}

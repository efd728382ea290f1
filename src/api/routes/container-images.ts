/** Container → image endpoints: `POST /commit`, `GET /containers/{id}/export`, `GET /containers/{id}/changes`. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import type { ContainerDefaults } from '../../oci/image-config.js';

async function commit(ctx: Ctx): Promise<void> {
  const body = await ctx.json<ContainerDefaults | null>(null as unknown as ContainerDefaults);
  const q = (name: string) => ctx.query.get(name) ?? undefined;
  const rec = await ctx.engine.images.commit({
    container: ctx.query.get('container') ?? '', repo: q('repo'), tag: q('tag'), comment: q('comment'), author: q('author'),
    changes: ctx.query.getAll('changes'), config: body ?? undefined, pause: ctx.bool('pause', true),
  });
  ctx.send(201, { Id: rec.id });
}

async function exportContainer(ctx: Ctx): Promise<void> {
  const tar = await ctx.engine.containers.export(ctx.param('id'));
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  tar.on('error', () => res.destroy());
  tar.pipe(res);
  res.on('close', () => tar.destroy());
}

async function changes(ctx: Ctx): Promise<void> {
  const list = await ctx.engine.containers.changes(ctx.param('id'));
  ctx.send(200, list.length > 0 ? list : null);
}

export function registerContainerImageRoutes(r: Router): void {
  r.add('POST', '/commit', commit);
  r.add('GET', '/containers/{id}/export', exportContainer);
  r.add('GET', '/containers/{id}/changes', changes);
}

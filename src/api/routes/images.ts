/** `/images/*`: import (`create?fromSrc=`), list, inspect, tag, remove, history, prune. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { JsonProgressWriter, progressBar } from '../stream/json-progress.js';
import { imageInspect, imageSummary } from '../wire/image.js';
import { parseFilters } from '../filters.js';
import { ApiError, toStatus } from '../errors.js';
import { pullImage } from './registry.js';
import type { ImportSource } from '../../engine/engine.js';

/**
 * Import. The status line waits until the source answers: a URL that fails is a plain HTTP error,
 * as in Docker; once streaming, failures travel in-band.
 */
async function createImage(ctx: Ctx): Promise<void> {
  const src = ctx.query.get('fromSrc');
  if (src === null) {
    const from = ctx.query.get('fromImage');
    if (!from) throw new ApiError(400, 'fromImage or fromSrc is required');
    return pullImage(ctx, from);
  }
  const source: ImportSource = src === '-' ? { stream: ctx.req } : { url: src };
  let out: JsonProgressWriter | undefined;
  try {
    const rec = await ctx.engine.images.import(source, {
      repo: ctx.query.get('repo') || undefined, tag: ctx.query.get('tag') || undefined,
      changes: ctx.query.getAll('changes'), message: ctx.query.get('message') || undefined,
    }, {
      started: () => {
        out = new JsonProgressWriter(ctx.response);
        if ('url' in source) out.write({ status: `Downloading from ${src}` });
      },
      progress: (current, total) => out?.write({ status: 'Importing', progressDetail: { current, total }, progress: progressBar(current, total) }),
    });
    (out ?? new JsonProgressWriter(ctx.response)).write({ status: rec.id });
  } catch (e) {
    if (!out) throw e;
    out.error(toStatus(e).message);
  }
  out?.end();
}

async function list(ctx: Ctx): Promise<void> {
  const views = await ctx.engine.images.list({ all: ctx.bool('all'), filters: parseFilters(ctx.query.get('filters')), sharedSize: ctx.query.has('shared-size') });
  ctx.send(200, views.map(imageSummary));
}

async function inspect(ctx: Ctx): Promise<void> {
  ctx.send(200, imageInspect(await ctx.engine.images.inspect(ctx.param('name'))));
}

async function tag(ctx: Ctx): Promise<void> {
  await ctx.engine.images.tag(ctx.param('name'), ctx.query.get('repo') ?? '', ctx.query.get('tag') ?? '');
  ctx.noContent(201);
}

async function remove(ctx: Ctx): Promise<void> {
  ctx.send(200, await ctx.engine.images.remove(ctx.param('name'), { force: ctx.bool('force'), prune: !ctx.bool('noprune') }));
}

async function history(ctx: Ctx): Promise<void> {
  ctx.send(200, await ctx.engine.images.history(ctx.param('name')));
}

async function prune(ctx: Ctx): Promise<void> {
  ctx.send(200, await ctx.engine.images.prune(parseFilters(ctx.query.get('filters'))));
}

export function registerImageRoutes(r: Router): void {
  r.add('POST', '/images/create', createImage);
  r.add('GET', '/images/json', list);
  r.add('POST', '/images/prune', prune);
  r.add('GET', '/images/{name}/json', inspect);
  r.add('GET', '/images/{name}/history', history);
  r.add('POST', '/images/{name}/tag', tag);
  r.add('DELETE', '/images/{name}', remove);
}

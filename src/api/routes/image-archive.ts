/** `GET /images/get`, `GET /images/{name}/get` (save) and `POST /images/load`. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { JsonProgressWriter, progressBar } from '../stream/json-progress.js';
import { toStatus } from '../errors.js';

async function save(ctx: Ctx): Promise<void> {
  const names = ctx.params.name ? [ctx.param('name')] : ctx.query.getAll('names');
  const archive = ctx.engine.images.save(names); // every name resolved before the status line
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  try {
    await archive.write(res);
  } catch {
    res.destroy();
  }
}

async function load(ctx: Ctx): Promise<void> {
  const quiet = ctx.bool('quiet');
  const out = new JsonProgressWriter(ctx.response);
  try {
    await ctx.engine.images.load(ctx.req, {
      line: (text) => out.write({ stream: text }),
      ...(quiet ? {} : { layer: (id: string, current: number, total: number) => out.write({ status: 'Loading layer', progressDetail: { current, total }, progress: progressBar(current, total), id }) }),
    });
  } catch (e) {
    out.error(toStatus(e).message);
  }
  out.end();
}

export function registerImageArchiveRoutes(r: Router): void {
  r.add('GET', '/images/get', save);
  r.add('GET', '/images/{name}/get', save);
  r.add('POST', '/images/load', load);
}

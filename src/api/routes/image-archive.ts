/** `GET /images/get`, `GET /images/{name}/get` (save) and `POST /images/load`. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { JsonProgressWriter } from '../stream/json-progress.js';
import { toStatus } from '../errors.js';
import { planSave, saveImages } from '../../engine/images/save.js';
import { loadImages } from '../../engine/images/load.js';

async function save(ctx: Ctx): Promise<void> {
  const names = ctx.params.name ? [ctx.param('name')] : ctx.query.getAll('names');
  const items = planSave(ctx.engine.images, names);
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  try {
    await saveImages(ctx.engine.images, items, res);
  } catch {
    res.destroy();
  }
}

function bar(current: number, total: number): string {
  const width = 50;
  const done = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : 0;
  return `[${'='.repeat(done)}${done < width ? '>' : ''}${' '.repeat(Math.max(0, width - done - 1))}]`;
}

async function load(ctx: Ctx): Promise<void> {
  const quiet = ctx.bool('quiet');
  const out = new JsonProgressWriter(ctx.response);
  try {
    await loadImages(ctx.engine.images, ctx.req, {
      line: (text) => out.write({ stream: text }),
      ...(quiet ? {} : { layer: (id: string, current: number, total: number) => out.write({ status: 'Loading layer', progressDetail: { current, total }, progress: bar(current, total), id }) }),
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

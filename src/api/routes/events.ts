/**
 * `GET /events`: one JSON object per line, each written as it happens. The engine checks `since`,
 * `until` and `filters` first (a 400 comes before the status line); the stream then ends when
 * `until` has passed or the client goes away.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { parseFilters } from '../filters.js';
import { eventLine } from '../wire/event.js';
import { writePaced } from '../stream/backpressure.js';

async function events(ctx: Ctx): Promise<void> {
  const stream = ctx.engine.system.events({
    since: ctx.query.get('since') ?? undefined,
    until: ctx.query.get('until') ?? undefined,
    filters: parseFilters(ctx.query.get('filters')),
  });
  const res = ctx.response;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  await stream.read((e) => writePaced(res, eventLine(e)), abort.signal);
  res.end();
}

export function registerEventRoutes(r: Router): void {
  r.add('GET', '/events', events);
}

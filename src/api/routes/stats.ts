/**
 * `GET /containers/{id}/top` and `GET /containers/{id}/stats`. A stream of statistics is written at
 * the client's pace and, as Docker does, without a Content-Type; a single sample is a plain JSON
 * answer. `one-shot` exists from API 1.41 on.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { writePaced } from '../stream/backpressure.js';
import { statsJson } from '../wire/stats.js';
import { compareVersions } from '../../protocol/version.js';

async function top(ctx: Ctx): Promise<void> {
  ctx.send(200, await ctx.engine.containers.top(ctx.param('id'), ctx.query.get('ps_args') ?? undefined));
}

async function stats(ctx: Ctx): Promise<void> {
  const stream = ctx.bool('stream', true);
  const oneShot = compareVersions(ctx.version, '1.41') >= 0 && ctx.bool('one-shot');
  const samples = ctx.engine.containers.stats(ctx.param('id'), { stream, oneShot });
  const res = ctx.response;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  if (!stream) {
    await samples.read((s) => ctx.text(200, statsJson(s), 'application/json'), abort.signal);
    return;
  }
  res.writeHead(200);
  res.flushHeaders();
  await samples.read((s) => writePaced(res, Buffer.from(statsJson(s))), abort.signal);
  res.end();
}

export function registerStatsRoutes(r: Router): void {
  r.add('GET', '/containers/{id}/top', top);
  r.add('GET', '/containers/{id}/stats', stats);
}

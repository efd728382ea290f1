/**
 * `HEAD`, `GET` and `PUT /containers/{id}/archive` (docker cp), and the legacy `POST
 * /containers/{id}/copy`, which Docker removed in API 1.24: the reference answers it with a bare 404.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { pipeline } from 'node:stream/promises';
import type { PathStat } from '../../engine/engine.js';

/** Docker's stat header: base64 of Go's encoding/json of ContainerPathStat (which escapes <, >, &). */
export function statHeader(stat: PathStat): string {
  const json = JSON.stringify({ name: stat.name, size: stat.size, mode: stat.mode, mtime: stat.mtime, linkTarget: stat.linkTarget })
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json).toString('base64');
}

const STAT_HEADER = 'X-Docker-Container-Path-Stat';

async function head(ctx: Ctx): Promise<void> {
  const stat = await ctx.engine.containers.statPath(ctx.param('id'), ctx.query.get('path') ?? '');
  ctx.response.writeHead(200, { [STAT_HEADER]: statHeader(stat), 'Content-Type': 'application/json' }).end();
}

async function get(ctx: Ctx): Promise<void> {
  const res = ctx.response;
  const { stat, tar } = await ctx.engine.containers.getArchive(ctx.param('id'), ctx.query.get('path') ?? '');
  res.writeHead(200, { [STAT_HEADER]: statHeader(stat), 'Content-Type': 'application/x-tar' });
  try {
    await pipeline(tar, res);
  } catch {
    res.destroy();
  }
}

async function put(ctx: Ctx): Promise<void> {
  const abort = new AbortController();
  ctx.req.once('close', () => { if (!ctx.req.complete) abort.abort(); });
  await ctx.engine.containers.putArchive(ctx.param('id'), ctx.query.get('path') ?? '', ctx.req, {
    noOverwriteDirNonDir: ctx.bool('noOverwriteDirNonDir'), copyUIDGID: ctx.bool('copyUIDGID'), signal: abort.signal,
  });
  ctx.response.writeHead(200, { 'Content-Length': 0 }).end();
}

export function registerContainerArchiveRoutes(r: Router): void {
  r.add('HEAD', '/containers/{id}/archive', head);
  r.add('GET', '/containers/{id}/archive', get);
  r.add('PUT', '/containers/{id}/archive', put);
  r.add('POST', '/containers/{id}/copy', (ctx) => void ctx.response.writeHead(404, { 'Content-Length': 0 }).end());
}

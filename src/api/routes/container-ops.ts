/** `/containers/*` beyond the lifecycle: pause, unpause, rename, update, prune. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { parseFilters } from '../filters.js';
import type { ContainerUpdate } from '../../engine/engine.js';

/** The typed fields of Docker's UpdateConfig (others are not Docker's to update, and ignored as Docker ignores them). */
const INTEGER_FIELDS = ['BlkioWeight', 'CpuShares', 'CpuPeriod', 'CpuQuota', 'CpuRealtimePeriod', 'CpuRealtimeRuntime', 'NanoCpus',
  'Memory', 'MemorySwap', 'MemoryReservation', 'PidsLimit'];
const STRING_FIELDS = ['CpusetCpus', 'CpusetMems'];

/** Refuses a body Go would not decode into UpdateConfig, with encoding/json's words. */
function checkUpdateBody(body: unknown): ContainerUpdate {
  const bad = (what: string, field?: string, type?: string) => new ApiError(400, field
    ? `json: cannot unmarshal ${what} into Go struct field UpdateConfig.${field} of type ${type}`
    : `json: cannot unmarshal ${what} into Go value of type container.UpdateConfig`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad(Array.isArray(body) ? 'array' : typeof body);
  const o = body as Record<string, unknown>;
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  for (const f of INTEGER_FIELDS) {
    const v = o[f];
    if (v !== undefined && v !== null && !Number.isSafeInteger(v)) throw bad(kind(v), f, 'int64');
  }
  for (const f of STRING_FIELDS) if (o[f] !== undefined && o[f] !== null && typeof o[f] !== 'string') throw bad(kind(o[f]), f, 'string');
  const rp = o['RestartPolicy'];
  if (rp !== undefined && rp !== null) {
    if (typeof rp !== 'object' || Array.isArray(rp)) throw bad(kind(rp), 'RestartPolicy', 'container.RestartPolicy');
    const p = rp as Record<string, unknown>;
    if (p['Name'] !== undefined && typeof p['Name'] !== 'string') throw bad(kind(p['Name']), 'RestartPolicy.Name', 'container.RestartPolicyMode');
    if (p['MaximumRetryCount'] !== undefined && !Number.isSafeInteger(p['MaximumRetryCount'])) throw bad(kind(p['MaximumRetryCount']), 'RestartPolicy.MaximumRetryCount', 'int');
  }
  return o as ContainerUpdate;
}

async function update(ctx: Ctx): Promise<void> {
  const body = checkUpdateBody(await ctx.json<unknown>({}));
  const report = await ctx.engine.containers.update(ctx.param('id'), body);
  ctx.send(200, { Warnings: report.Warnings.length > 0 ? report.Warnings : null });
}

async function prune(ctx: Ctx): Promise<void> {
  const report = await ctx.engine.containers.prune(parseFilters(ctx.query.get('filters')));
  ctx.send(200, { ContainersDeleted: report.ContainersDeleted.length > 0 ? report.ContainersDeleted : null, SpaceReclaimed: report.SpaceReclaimed });
}

export function registerContainerOpsRoutes(r: Router): void {
  r.add('POST', '/containers/prune', prune);
  r.add('POST', '/containers/{id}/pause', async (ctx) => {
    await ctx.engine.containers.pause(ctx.param('id'));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/unpause', async (ctx) => {
    await ctx.engine.containers.unpause(ctx.param('id'));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/rename', async (ctx) => {
    await ctx.engine.containers.rename(ctx.param('id'), ctx.query.get('name') ?? '');
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/update', update);
}

/** `/containers/*`: create, list, inspect, lifecycle, wait, delete, resize. Attach and logs are in their own modules. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { containerInspect, containerSummary } from '../wire/container.js';
import { parseFilters } from '../filters.js';
import { compareVersions } from '../../protocol/version.js';
import type { ContainerConfig, CreateRequest, HostConfig, WaitCondition } from '../../engine/engine.js';
import { registerAttachRoutes } from './attach.js';
import { registerLogsRoutes } from './logs.js';
import { registerContainerOpsRoutes } from './container-ops.js';
import { registerStatsRoutes } from './stats.js';
import { registerContainerArchiveRoutes } from './container-archive.js';

interface CreateBody extends Partial<ContainerConfig> { HostConfig?: HostConfig; NetworkingConfig?: CreateRequest['networking'] }

const WAIT_CONDITIONS: WaitCondition[] = ['not-running', 'next-exit', 'removed'];

/** What an older client cannot mean (Docker drops it): Healthcheck.StartInterval before API 1.44. */
function dropNewerFields(config: Partial<ContainerConfig>, version: string): void {
  const hc = config.Healthcheck;
  if (hc && typeof hc === 'object' && compareVersions(version, '1.44') < 0) delete hc.StartInterval;
}

async function create(ctx: Ctx): Promise<void> {
  const body = await ctx.json<CreateBody>();
  if (!body || typeof body !== 'object' || Array.isArray(body) || !body.Image) {
    throw new ApiError(400, 'Config cannot be empty in order to create a container');
  }
  const { HostConfig: hostConfig = {}, NetworkingConfig: networking, ...config } = body;
  dropNewerFields(config, ctx.version);
  if (compareVersions(ctx.version, '1.43') < 0) delete (hostConfig as { Annotations?: unknown }).Annotations; // added in 1.43
  if (compareVersions(ctx.version, '1.42') >= 0) delete hostConfig.KernelMemory; // removed in 1.42: moby ignores it
  const name = ctx.query.get('name') || undefined;
  const platform = ctx.query.get('platform') || undefined;
  ctx.send(201, await ctx.engine.containers.create({ name, config: config as ContainerConfig, hostConfig, networking, platform }));
}

async function list(ctx: Ctx): Promise<void> {
  const engine = ctx.engine.containers;
  const recs = engine.list({ all: ctx.bool('all'), limit: ctx.int('limit', 0), filters: parseFilters(ctx.query.get('filters')) });
  const sizes = ctx.bool('size') ? await Promise.all(recs.map((r) => engine.size(r))) : undefined;
  ctx.send(200, recs.map((r, i) => containerSummary(r, sizes?.[i])));
}

async function wait(ctx: Ctx): Promise<void> {
  const condition = (ctx.query.get('condition') || 'not-running') as WaitCondition;
  const { result } = ctx.engine.containers.wait(ctx.param('id'), WAIT_CONDITIONS.includes(condition) ? condition : 'not-running');
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders(); // the client may start the container only after this arrives
  const r = await result;
  res.end(JSON.stringify({ Error: r.Error ?? null, StatusCode: r.StatusCode }) + '\n');
}

const stopOptions = (ctx: Ctx) => ({ timeout: ctx.int('t'), signal: ctx.query.get('signal') || undefined });

export function registerContainerRoutes(r: Router): void {
  registerContainerOpsRoutes(r);
  r.add('POST', '/containers/create', create);
  r.add('GET', '/containers/json', list);
  r.add('GET', '/containers/{id}/json', async (ctx) => ctx.send(200, containerInspect(await ctx.engine.containers.inspect(ctx.param('id')))));
  r.add('POST', '/containers/{id}/start', async (ctx) => {
    await ctx.engine.containers.start(ctx.param('id'));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/stop', async (ctx) => {
    await ctx.engine.containers.stop(ctx.param('id'), stopOptions(ctx));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/restart', async (ctx) => {
    await ctx.engine.containers.restart(ctx.param('id'), stopOptions(ctx));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/kill', async (ctx) => {
    await ctx.engine.containers.kill(ctx.param('id'), ctx.query.get('signal') || 'SIGKILL');
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/wait', wait);
  r.add('DELETE', '/containers/{id}', async (ctx) => {
    await ctx.engine.containers.remove(ctx.param('id'), { force: ctx.bool('force'), volumes: ctx.bool('v') });
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/resize', async (ctx) => {
    await ctx.engine.containers.resize(ctx.param('id'), ctx.int('h', 0) ?? 0, ctx.int('w', 0) ?? 0);
    ctx.text(200, '');
  });
  registerAttachRoutes(r);
  registerLogsRoutes(r);
  registerStatsRoutes(r);
  registerContainerArchiveRoutes(r);
}

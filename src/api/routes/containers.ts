/** `/containers/*`: create, list, inspect, lifecycle, wait, delete. Attach and logs are in their own modules. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { containerInspect, containerSummary } from '../wire/container.js';
import { filterContainers, parseFilters } from '../filters.js';
import type { ContainerConfig, HostConfig } from '../../engine/containers/record.js';
import type { WaitCondition } from '../../engine/containers/service.js';
import { registerAttachRoutes } from './attach.js';
import { registerLogsRoutes } from './logs.js';

interface CreateBody extends Partial<ContainerConfig> { HostConfig?: HostConfig; NetworkingConfig?: unknown }

async function create(ctx: Ctx): Promise<void> {
  const body = await ctx.json<CreateBody>();
  if (!body || typeof body !== 'object' || Array.isArray(body) || !body.Image) {
    throw new ApiError(400, 'Config cannot be empty in order to create a container');
  }
  const { HostConfig: hostConfig = {}, NetworkingConfig: _net, ...config } = body;
  const name = ctx.query.get('name') ?? undefined;
  const created = await ctx.engine.containers.create({ name: name || undefined, config: config as ContainerConfig, hostConfig });
  ctx.send(201, created);
}

function list(ctx: Ctx): void {
  const filters = parseFilters(ctx.query.get('filters'));
  let recs = ctx.engine.containers.store.list().sort((a, b) => b.Created.localeCompare(a.Created));
  if (!ctx.bool('all') && !filters.has('status')) recs = recs.filter((r) => r.State.Status === 'running');
  recs = filterContainers(recs, filters, ctx.engine);
  const limit = ctx.int('limit', -1) ?? -1;
  if (limit > 0) recs = recs.slice(0, limit);
  ctx.send(200, recs.map(containerSummary));
}

async function wait(ctx: Ctx): Promise<void> {
  const condition = (ctx.query.get('condition') || 'not-running') as WaitCondition;
  const valid: WaitCondition[] = ['not-running', 'next-exit', 'removed'];
  const { result } = ctx.engine.containers.wait(ctx.param('id'), valid.includes(condition) ? condition : 'not-running');
  const res = ctx.response;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders(); // the client may start the container only after this arrives
  const r = await result;
  res.end(JSON.stringify({ Error: r.Error ?? null, StatusCode: r.StatusCode }) + '\n');
}

export function registerContainerRoutes(r: Router): void {
  r.add('POST', '/containers/create', create);
  r.add('GET', '/containers/json', list);
  r.add('GET', '/containers/{id}/json', async (ctx) => {
    const rec = ctx.engine.containers.store.get(ctx.param('id'));
    const image = ctx.engine.images.find(rec.Image);
    const lowerDirs = image ? await ctx.engine.images.lowerDirs(image).catch(() => []) : [];
    ctx.send(200, containerInspect(rec, ctx.engine.containers.paths, lowerDirs));
  });
  r.add('POST', '/containers/{id}/start', async (ctx) => {
    await ctx.engine.containers.start(ctx.param('id'));
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/stop', async (ctx) => {
    await ctx.engine.containers.stop(ctx.param('id'), { timeout: ctx.int('t'), signal: ctx.query.get('signal') ?? undefined });
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/restart', async (ctx) => {
    const id = ctx.param('id');
    await ctx.engine.containers.stop(id, { timeout: ctx.int('t'), signal: ctx.query.get('signal') ?? undefined }).catch((e: { code?: string }) => {
      if (e.code !== 'NOT_MODIFIED') throw e;
    });
    await ctx.engine.containers.start(id);
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/kill', async (ctx) => {
    await ctx.engine.containers.kill(ctx.param('id'), ctx.query.get('signal') || 'SIGKILL');
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/wait', wait);
  r.add('DELETE', '/containers/{id}', async (ctx) => {
    await ctx.engine.containers.remove(ctx.param('id'), { force: ctx.bool('force') });
    ctx.noContent();
  });
  r.add('POST', '/containers/{id}/resize', async (ctx) => {
    await ctx.engine.attacher.resize(ctx.param('id'), ctx.int('h', 0) ?? 0, ctx.int('w', 0) ?? 0);
    ctx.text(200, '');
  });
  registerAttachRoutes(r);
  registerLogsRoutes(r);
}

/**
 * `POST /build` (the legacy builder's protocol: a context tar in, dockerd's JSON stream out) and
 * `POST /build/prune`. The query is read as dockerd reads it; what Wharf does not do is refused, not
 * ignored (`remote`, `squash`, `outputs`, `version=2`).
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { parseFilters } from '../filters.js';
import { StreamProgress } from '../stream/stream-progress.js';
import type { BuildOptions, BuildResources, RegistryCredentials } from '../../engine/engine.js';
import { BuildRunError } from '../../engine/errors.js';

/** A JSON query value (`buildargs`, `labels`, `cachefrom`), checked for its shape. */
function jsonParam<T>(ctx: Ctx, name: string, check: (v: unknown) => v is T, def: T): T {
  const text = ctx.query.get(name);
  if (text === null || text === '') return def;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, `invalid ${name} JSON: ${(e as Error).message}`);
  }
  if (v === null) return def;
  if (!check(v)) throw new ApiError(400, `invalid ${name}: ${text}`);
  return v;
}

const isStringMap = (v: unknown): v is Record<string, string> => typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => typeof x === 'string');
const isArgMap = (v: unknown): v is Record<string, string | null> => typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => x === null || typeof x === 'string');
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** `X-Registry-Config`: base64url JSON, registry address → AuthConfig. */
function registryConfig(ctx: Ctx): Record<string, RegistryCredentials> | undefined {
  const h = ctx.req.headers['x-registry-config'];
  if (typeof h !== 'string' || h === '') return undefined;
  try {
    const doc = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, Record<string, unknown>>;
    const pick = (a: Record<string, unknown>, k: string) => (typeof a?.[k] === 'string' && a[k] ? { [k]: a[k] as string } : {});
    return Object.fromEntries(Object.entries(doc ?? {}).map(([k, a]) => [k, { ...pick(a, 'username'), ...pick(a, 'password'), ...pick(a, 'identitytoken'), ...pick(a, 'registrytoken') }]));
  } catch {
    return undefined; // dockerd ignores a header it cannot read
  }
}

function resources(ctx: Ctx): BuildResources {
  const n = (k: string) => ctx.int(k);
  const out: BuildResources = {};
  const memory = n('memory'), memswap = n('memswap'), shares = n('cpushares'), period = n('cpuperiod'), quota = n('cpuquota');
  if (memory) out.Memory = memory;
  if (memswap) out.MemorySwap = memswap;
  if (shares) out.CpuShares = shares;
  if (period) out.CpuPeriod = period;
  if (quota) out.CpuQuota = quota;
  const cpus = ctx.query.get('cpusetcpus');
  if (cpus) out.CpusetCpus = cpus;
  return out;
}

/** The query as the engine takes it; throws 400 for what cannot be done. */
export function buildOptions(ctx: Ctx): BuildOptions {
  const version = ctx.query.get('version') || '1';
  if (version !== '1') throw new ApiError(400, `unsupported builder version "${version}": Wharf's /build is the classic builder (version=1)`);
  if (ctx.query.get('remote')) throw new ApiError(400, 'remote build contexts are not supported: send the context as the request body');
  if (ctx.bool('squash')) throw new ApiError(400, 'squash is only supported with experimental mode');
  if (ctx.query.get('outputs')) throw new ApiError(400, 'outputs are not supported by the classic builder');
  const shm = ctx.int('shmsize');
  if (shm !== undefined && shm <= 0) throw new ApiError(400, 'shmsize: The size must be greater than 0');
  const extraHosts = ctx.query.getAll('extrahosts').flatMap((h) => h.split(/[\s,]+/)).filter(Boolean);
  const registryAuth = registryConfig(ctx);
  return {
    dockerfile: ctx.query.get('dockerfile') || 'Dockerfile',
    tags: ctx.query.getAll('t').filter(Boolean),
    buildArgs: jsonParam(ctx, 'buildargs', isArgMap, {}),
    labels: jsonParam(ctx, 'labels', isStringMap, {}),
    ...(ctx.query.get('target') ? { target: ctx.query.get('target')! } : {}),
    noCache: ctx.bool('nocache'), pull: ctx.bool('pull'), quiet: ctx.bool('q'), rm: ctx.bool('rm', true), forceRm: ctx.bool('forcerm'),
    ...(ctx.query.get('networkmode') ? { networkMode: ctx.query.get('networkmode')! } : {}),
    extraHosts, ...(shm ? { shmSize: shm } : {}),
    ...(ctx.query.get('platform') ? { platform: ctx.query.get('platform')! } : {}),
    resources: resources(ctx), cacheFrom: jsonParam(ctx, 'cachefrom', isStringList, []), ...(registryAuth ? { registryAuth } : {}),
  };
}

async function build(ctx: Ctx): Promise<void> {
  const o = buildOptions(ctx);
  const gone = new AbortController();
  ctx.response.once('close', () => {
    if (!ctx.response.writableFinished) gone.abort();
  });
  const out = new StreamProgress(ctx, false);
  let failure: unknown;
  try {
    await ctx.engine.builds.build(ctx.req, { ...o, signal: gone.signal }, out);
  } catch (e) {
    failure = e;
  }
  out.finish(failure, failure instanceof BuildRunError ? failure.exitCode : undefined);
}

async function prune(ctx: Ctx): Promise<void> {
  for (const k of ['keep-storage', 'reserved-space', 'max-used-space', 'min-free-space']) {
    if (ctx.int(k)) throw new ApiError(400, `${k} is not supported: prune by age (until) or all`);
  }
  ctx.send(200, await ctx.engine.builds.prune({ all: ctx.bool('all'), filters: parseFilters(ctx.query.get('filters')) }));
}

export function registerBuildRoutes(r: Router): void {
  r.add('POST', '/build', build);
  r.add('POST', '/build/prune', prune);
}

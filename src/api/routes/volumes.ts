/**
 * `/volumes`: list (`{Volumes, Warnings}`), create (201, also for a name that exists: Docker answers
 * the existing volume), inspect, remove (`force`: a missing volume is no error) and prune. Before
 * API 1.42 prune removed every unused volume; from 1.42 only anonymous ones unless `all=true`, so
 * older clients get `all` added. Cluster volumes (a create with `ClusterVolumeSpec`, `PUT` updates)
 * are swarm's: 503 with moby's words outside a swarm, as Wharf always is.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { parseFilters } from '../filters.js';
import { compareVersions } from '../../protocol/version.js';
import type { VolumeCreateRequest } from '../../engine/engine.js';
import { UnavailableError } from '../../engine/errors.js';
import { NOT_MANAGER } from './stubs.js';

/** When cluster (swarm CSI) volumes came (moby's clusterVolumesVersion). */
const CLUSTER_VOLUMES_VERSION = '1.42';

/** A JSON value's kind in Go's decoding errors. */
const goKind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses a body Go would not decode into VolumeCreateBody, in encoding/json's words. */
function checkCreateBody(body: unknown): VolumeCreateRequest {
  const bad = (v: unknown, field: string, type: string) => new ApiError(400, `json: cannot unmarshal ${goKind(v)} into Go struct field VolumeCreateBody.${field} of type ${type}`);
  if (!isObject(body)) throw new ApiError(400, `json: cannot unmarshal ${goKind(body)} into Go value of type volume.VolumeCreateBody`);
  for (const f of ['Name', 'Driver']) {
    const v = body[f];
    if (v !== undefined && v !== null && typeof v !== 'string') throw bad(v, f, 'string');
  }
  for (const f of ['DriverOpts', 'Labels']) {
    const v = body[f];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) throw bad(v, f, 'map[string]string');
    const wrong = Object.values(v).find((x) => typeof x !== 'string');
    if (wrong !== undefined) throw bad(wrong, f, 'string');
  }
  return body as VolumeCreateRequest;
}

/** moby's CheckForJSON: no Content-Type, or application/json. */
function checkJsonContentType(ctx: Ctx): void {
  const ct = ctx.req.headers['content-type'];
  if (ct && ct.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new ApiError(400, `Content-Type specified (${ct}) must be 'application/json'`);
  }
}

/** What `ctx.json` gives for an empty body, told apart from any JSON value by identity. */
const NO_BODY = Object.freeze({});

async function create(ctx: Ctx): Promise<void> {
  checkJsonContentType(ctx);
  const body = await ctx.json<unknown>(NO_BODY);
  if (body === NO_BODY) throw new ApiError(400, 'got EOF while reading request body');
  const req = checkCreateBody(body);
  // A cluster volume goes to swarm, which Wharf is never part of (moby answers so outside a swarm).
  const cluster = (body as Record<string, unknown>)['ClusterVolumeSpec'];
  if (cluster !== undefined && cluster !== null && compareVersions(ctx.version, CLUSTER_VOLUMES_VERSION) >= 0) throw new UnavailableError(NOT_MANAGER);
  ctx.send(201, await ctx.engine.volumes.create(req));
}

function list(ctx: Ctx): void {
  ctx.send(200, { Volumes: ctx.engine.volumes.list(parseFilters(ctx.query.get('filters'))), Warnings: null });
}

async function prune(ctx: Ctx): Promise<void> {
  const filters = parseFilters(ctx.query.get('filters'));
  if (compareVersions(ctx.version, '1.42') < 0) filters.set('all', ['true']);
  ctx.send(200, await ctx.engine.volumes.prune(filters));
}

async function remove(ctx: Ctx): Promise<void> {
  await ctx.engine.volumes.remove(ctx.param('name'), { force: ctx.bool('force') });
  ctx.noContent();
}

export function registerVolumeRoutes(r: Router): void {
  r.add('GET', '/volumes', list);
  r.add('POST', '/volumes/create', create);
  r.add('POST', '/volumes/prune', prune);
  r.add('GET', '/volumes/{name}', (ctx) => ctx.send(200, ctx.engine.volumes.inspect(ctx.param('name'))));
  r.add('DELETE', '/volumes/{name}', remove);
  r.add('PUT', '/volumes/{name}', () => { throw new UnavailableError('volume update only valid for cluster volumes, but swarm is unavailable'); });
}

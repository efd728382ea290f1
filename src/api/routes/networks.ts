/**
 * `/networks`: list, inspect (`scope` must match the network's; `verbose` adds only swarm details,
 * which Wharf has none of), create (201 `{Id, Warning}`), remove (204), prune (`{NetworksDeleted}`),
 * and connect/disconnect.
 * Lookup goes by full ID, full name, then ID prefix (the engine's).
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { parseFilters } from '../filters.js';
import type { NetworkCreateRequest } from '../../engine/engine.js';
import { NotFoundError } from '../../engine/errors.js';

const goKind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field types of NetworkCreateRequest that Go's decoder would refuse, in encoding/json's words. */
const FIELD_TYPES: Record<string, 'string' | 'bool' | 'map[string]string' | 'object'> = {
  Name: 'string', Driver: 'string', Scope: 'string', Internal: 'bool', Attachable: 'bool', Ingress: 'bool', ConfigOnly: 'bool',
  EnableIPv4: 'bool', EnableIPv6: 'bool', CheckDuplicate: 'bool', Options: 'map[string]string', Labels: 'map[string]string', IPAM: 'object', ConfigFrom: 'object',
};

function fits(v: unknown, type: string): boolean {
  if (type === 'string') return typeof v === 'string';
  if (type === 'bool') return typeof v === 'boolean';
  if (type === 'object') return isObject(v);
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}

function checkCreateBody(body: unknown): NetworkCreateRequest {
  if (!isObject(body)) throw new ApiError(400, `json: cannot unmarshal ${goKind(body)} into Go value of type types.NetworkCreateRequest`);
  for (const [f, type] of Object.entries(FIELD_TYPES)) {
    const v = body[f];
    if (v !== undefined && v !== null && !fits(v, type)) {
      throw new ApiError(400, `json: cannot unmarshal ${goKind(v)} into Go struct field NetworkCreateRequest.${f} of type ${type === 'object' ? f : type}`);
    }
  }
  const ipam = body['IPAM'] as Record<string, unknown> | undefined | null;
  if (ipam && ipam['Config'] !== undefined && ipam['Config'] !== null) {
    const config = ipam['Config'];
    if (!Array.isArray(config) || !config.every((c) => isObject(c) && ['Subnet', 'IPRange', 'Gateway'].every((k) => c[k] === undefined || typeof c[k] === 'string'))) {
      throw new ApiError(400, 'json: cannot unmarshal into Go struct field IPAM.IPAM.Config of type []network.IPAMConfig');
    }
  }
  return { ...body, Name: (body['Name'] as string | undefined) ?? '' } as NetworkCreateRequest;
}

async function create(ctx: Ctx): Promise<void> {
  const ct = ctx.req.headers['content-type'];
  if (ct && ct.split(';')[0]?.trim().toLowerCase() !== 'application/json') throw new ApiError(400, `Content-Type specified (${ct}) must be 'application/json'`);
  const body = await ctx.json<unknown>(null as unknown);
  if (body === null) throw new ApiError(400, 'got EOF while reading request body');
  ctx.send(201, await ctx.engine.networks.create(checkCreateBody(body)));
}

function inspect(ctx: Ctx): void {
  const id = ctx.param('id');
  const n = ctx.engine.networks.inspect(id);
  const scope = ctx.query.get('scope');
  if (scope && scope !== n.Scope) throw new NotFoundError(`network ${id} not found`);
  ctx.send(200, n);
}

async function remove(ctx: Ctx): Promise<void> {
  await ctx.engine.networks.remove(ctx.param('id'));
  ctx.noContent();
}

/** connect/disconnect: the body names the container (Docker checks it is there first). */
async function endpoint(ctx: Ctx, op: 'connect' | 'disconnect'): Promise<void> {
  const body = await ctx.json<Record<string, unknown>>({});
  const container = typeof body['Container'] === 'string' ? body['Container'] : '';
  if (container === '') throw new ApiError(400, 'invalid name or ID supplied: ""');
  const config = body['EndpointConfig'] && typeof body['EndpointConfig'] === 'object' ? body['EndpointConfig'] as Record<string, unknown> : {};
  if (op === 'connect') await ctx.engine.networks.connect(ctx.param('id'), container, config);
  else await ctx.engine.networks.disconnect(ctx.param('id'), container);
  ctx.send(200, {});
}

export function registerNetworkRoutes(r: Router): void {
  r.add('GET', '/networks', (ctx) => ctx.send(200, ctx.engine.networks.list(parseFilters(ctx.query.get('filters')))));
  r.add('POST', '/networks/create', create);
  r.add('POST', '/networks/prune', async (ctx) => ctx.send(200, await ctx.engine.networks.prune(parseFilters(ctx.query.get('filters')))));
  r.add('GET', '/networks/{id}', inspect);
  r.add('DELETE', '/networks/{id}', remove);
  r.add('POST', '/networks/{id}/connect', (ctx) => endpoint(ctx, 'connect'));
  r.add('POST', '/networks/{id}/disconnect', (ctx) => endpoint(ctx, 'disconnect'));
}

/**
 * Registry endpoints: pull (`POST /images/create?fromImage=`, reached from images.ts), push
 * (`POST /images/{name}/push`), `POST /auth`, `GET /images/search`, `GET /distribution/{name}/json`.
 * Credentials come in `X-Registry-Auth` (base64url JSON). Progress is dockerd's JSON stream; its 200
 * goes out with the first message, so a failure before any progress is a plain error reply (404
 * for an unknown manifest, as dockerd answers) and later ones travel in-band.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError, toStatus } from '../errors.js';
import { StreamProgress } from '../stream/stream-progress.js';
import { parseFilters } from '../filters.js';
import type { RegistryAuth } from '../../engine/engine.js';

/** Decodes `X-Registry-Auth`; undefined when absent. A header that does not decode counts as no credentials, as in dockerd. */
export function registryAuth(ctx: Ctx): RegistryAuth | undefined {
  const h = ctx.req.headers['x-registry-auth'];
  if (typeof h !== 'string' || h === '') return undefined;
  try {
    return credentialsOf(JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>);
  } catch {
    return {};
  }
}

/** The credential fields of an AuthConfig document (non-empty strings only). */
function credentialsOf(doc: Record<string, unknown>): RegistryAuth {
  const pick = (k: string) => (typeof doc?.[k] === 'string' && doc[k] ? { [k]: doc[k] as string } : {});
  return { ...pick('username'), ...pick('password'), ...pick('identitytoken'), ...pick('registrytoken') };
}

/** Pull, as `images/create` calls it when `fromImage` is given. */
export async function pullImage(ctx: Ctx, fromImage: string): Promise<void> {
  const p = new StreamProgress(ctx);
  // A client that hangs up cancels the pull, as dockerd's request context does.
  const gone = new AbortController();
  ctx.response.once('close', () => {
    if (!ctx.response.writableFinished) gone.abort();
  });
  let failure: unknown;
  try {
    await ctx.engine.images.pull({
      image: fromImage, tag: ctx.query.get('tag') ?? '', platform: ctx.query.get('platform') || undefined, auth: registryAuth(ctx), signal: gone.signal,
    }, p);
  } catch (e) {
    failure = e;
  }
  p.finish(failure);
}

async function push(ctx: Ctx): Promise<void> {
  let auth = registryAuth(ctx);
  // dockerd (before API 1.44's change, still the reference's rule) takes the credentials from a JSON
  // body when the header is missing, and refuses a request with neither.
  if (auth === undefined) {
    const body = (await ctx.body()).toString('utf8');
    if (body.trim() === '') throw new ApiError(400, 'Bad parameters and missing X-Registry-Auth: EOF');
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(body) as Record<string, unknown>;
    } catch (e) {
      throw new ApiError(400, `Bad parameters and missing X-Registry-Auth: ${(e as Error).message}`);
    }
    auth = credentialsOf(doc);
  }
  const p = new StreamProgress(ctx);
  let failure: unknown;
  try {
    await ctx.engine.images.push({ name: ctx.param('name'), tag: ctx.query.get('tag') ?? '', auth }, p);
  } catch (e) {
    failure = e;
  }
  p.finish(failure);
}

async function auth(ctx: Ctx): Promise<void> {
  const body = await ctx.json<Record<string, unknown>>();
  const server = typeof body?.serveraddress === 'string' ? body.serveraddress : '';
  ctx.send(200, await ctx.engine.registry.login(server, credentialsOf(body)));
}

async function search(ctx: Ctx): Promise<void> {
  const term = ctx.query.get('term') ?? '';
  const limitText = ctx.query.get('limit');
  const limit = limitText === null || limitText === '' ? undefined : Number(limitText);
  if (limit !== undefined && !Number.isInteger(limit)) throw new ApiError(400, `invalid limit: ${limitText}`);
  ctx.send(200, await ctx.engine.registry.search({ term, limit, filters: parseFilters(ctx.query.get('filters')), auth: registryAuth(ctx) }));
}

async function distribution(ctx: Ctx): Promise<void> {
  ctx.send(200, await ctx.engine.registry.distribution(ctx.param('name'), registryAuth(ctx)));
}

export function registerRegistryRoutes(r: Router): void {
  r.add('POST', '/images/{name}/push', push);
  r.add('POST', '/auth', auth);
  r.add('GET', '/images/search', search);
  r.add('GET', '/distribution/{name}/json', distribution);
}

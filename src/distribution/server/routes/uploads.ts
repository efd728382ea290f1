/**
 * Blob uploads: `POST /v2/<name>/blobs/uploads/` (session, monolithic `?digest=`, or cross-repo
 * `?mount=&from=`), and on `/v2/<name>/blobs/uploads/<id>`: `PATCH` (chunk), `PUT ?digest=` (close),
 * `GET` (status, for resuming after a 416) and `DELETE` (cancel).
 */
import { isValidRepositoryPath } from '../../../reference/reference.js';
import type { Digest } from '../../../oci/digest.js';
import type { Handler, RequestContext, Route } from '../context.js';
import { RegistryError } from '../errors.js';
import { contentLength, hasBody, parseContentRange, sendEmpty } from '../http-util.js';
import { type ChunkOptions, rangeHeader } from '../storage/uploads.js';
import { blobUrl, digestParam, uploadUrl } from './common.js';

function created(ctx: RequestContext, d: Digest): void {
  sendEmpty(ctx.res, 201, { Location: blobUrl(ctx, ctx.params.name, d), 'Docker-Content-Digest': d });
}

function sessionHeaders(ctx: RequestContext, id: string, offset: number): Record<string, string> {
  return { Location: uploadUrl(ctx, ctx.params.name, id), 'Docker-Upload-UUID': id, ...rangeHeader(offset) };
}

function maxTotal(ctx: RequestContext): number | undefined {
  return ctx.services.config.maxBlobBytes || undefined;
}

/** Cross-repository mount: links an existing blob into this repository; false when it cannot. */
async function tryMount(ctx: RequestContext): Promise<boolean> {
  const mount = ctx.url.searchParams.get('mount');
  if (mount === null) return false;
  const d = digestParam(mount);
  const from = ctx.url.searchParams.get('from');
  const { repos, blobs } = ctx.services;
  if (from !== null && (!isValidRepositoryPath(from) || !(await repos.hasLayer(from, d)))) return false;
  if (from === null && !(await repos.hasLayer(ctx.params.name, d))) return false;
  if (!(await blobs.touch(d))) return false;
  await repos.linkLayer(ctx.params.name, d);
  created(ctx, d);
  return true;
}

const startUpload: Handler = async (ctx) => {
  if (await tryMount(ctx)) {
    ctx.req.resume();
    return;
  }
  const { uploads, repos } = ctx.services;
  const algorithm = ctx.url.searchParams.get('digest-algorithm');
  if (algorithm !== null && algorithm !== 'sha256') {
    ctx.req.resume();
    throw new RegistryError('DIGEST_INVALID', { detail: { 'digest-algorithm': algorithm, reason: 'only sha256 is supported' } });
  }
  const digest = ctx.url.searchParams.get('digest');
  if (digest !== null) {
    const d = digestParam(digest);
    const s = await uploads.create(ctx.params.name);
    let final: Digest;
    try {
      final = await uploads.complete(s.id, s.repo, d, ctx.req, { length: contentLength(ctx.req), maxTotal: maxTotal(ctx) });
    } catch (e) {
      await uploads.cancel(s.id, s.repo).catch(() => undefined); // a failed one-shot upload leaves no session behind
      throw e;
    }
    await repos.linkLayer(ctx.params.name, final);
    created(ctx, final);
    return;
  }
  ctx.req.resume();
  const s = await uploads.create(ctx.params.name);
  sendEmpty(ctx.res, 202, sessionHeaders(ctx, s.id, 0));
};

function chunkOptions(ctx: RequestContext): ChunkOptions {
  const range = parseContentRange(ctx.req.headers['content-range'] as string | undefined);
  const len = contentLength(ctx.req);
  if (range && len !== undefined && len !== range.end - range.start + 1) {
    throw new RegistryError('RANGE_INVALID', { detail: 'Content-Range does not match Content-Length' });
  }
  return { start: range?.start, length: len ?? (range ? range.end - range.start + 1 : undefined), maxTotal: maxTotal(ctx) };
}

/** Adds the session's Location to a 416 so the client can resume, as the spec asks. */
function withSession(ctx: RequestContext, e: unknown): unknown {
  if (e instanceof RegistryError && e.code === 'RANGE_INVALID') {
    Object.assign(e.headers, { Location: uploadUrl(ctx, ctx.params.name, ctx.params.ref), 'Docker-Upload-UUID': ctx.params.ref });
  }
  return e;
}

const patchUpload: Handler = async (ctx) => {
  try {
    const st = await ctx.services.uploads.append(ctx.params.ref, ctx.params.name, ctx.req, chunkOptions(ctx));
    sendEmpty(ctx.res, 202, sessionHeaders(ctx, st.id, st.offset));
  } catch (e) {
    throw withSession(ctx, e);
  }
};

const putUpload: Handler = async (ctx) => {
  const d = digestParam(ctx.url.searchParams.get('digest'));
  const body = hasBody(ctx.req) ? ctx.req : undefined;
  try {
    const opts = body ? chunkOptions(ctx) : {};
    const final = await ctx.services.uploads.complete(ctx.params.ref, ctx.params.name, d, body, opts);
    await ctx.services.repos.linkLayer(ctx.params.name, final);
    created(ctx, final);
  } catch (e) {
    throw withSession(ctx, e);
  }
};

const uploadStatus: Handler = async (ctx) => {
  const st = await ctx.services.uploads.status(ctx.params.ref, ctx.params.name);
  sendEmpty(ctx.res, 204, sessionHeaders(ctx, st.id, st.offset));
};

const cancelUpload: Handler = async (ctx) => {
  await ctx.services.uploads.cancel(ctx.params.ref, ctx.params.name);
  sendEmpty(ctx.res, 204);
};

/** Upload routes: starting a session and working on one. */
export const uploadRoutes: Route[] = [
  { pattern: /^(.+)\/blobs\/uploads\/?$/, methods: { POST: startUpload } },
  {
    pattern: /^(.+)\/blobs\/uploads\/([^/]+)$/,
    methods: { GET: uploadStatus, PATCH: patchUpload, PUT: putUpload, DELETE: cancelUpload },
    // Cancelling or resuming one's own upload is part of pushing.
    access: (_m, p) => [{ type: 'repository', name: p.name, actions: ['pull', 'push'] }],
  },
];

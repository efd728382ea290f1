/**
 * `GET|HEAD|DELETE /v2/<name>/blobs/<digest>`: streams blobs (with single byte ranges), answers
 * existence checks, and unlinks a blob from a repository (the bytes go at the next GC).
 */
import { pipeline } from 'node:stream/promises';
import type { Digest } from '../../../oci/digest.js';
import type { Handler, RequestContext, Route } from '../context.js';
import { RegistryError } from '../errors.js';
import { parseByteRange, sendEmpty } from '../http-util.js';
import { digestParam, requireDelete } from './common.js';

/** Whether `name` may serve blob `d`: a layer link, or a manifest of the repository fetched as a blob. */
async function linked(ctx: RequestContext, d: Digest): Promise<boolean> {
  const { repos } = ctx.services;
  return (await repos.hasLayer(ctx.params.name, d)) || (await repos.getManifest(ctx.params.name, d)) !== undefined;
}

/** Size of a blob the repository may serve; fetches it first in pull-through mode. BLOB_UNKNOWN otherwise. */
async function locate(ctx: RequestContext, d: Digest): Promise<number> {
  const { blobs, proxy } = ctx.services;
  if (await linked(ctx, d)) {
    const size = await blobs.size(d);
    if (size !== undefined) return size;
  }
  if (proxy) {
    const size = await proxy.ensureBlob(ctx.params.name, d);
    if (size !== undefined) return size;
  }
  throw new RegistryError('BLOB_UNKNOWN', { detail: { digest: d } });
}

const getBlob: Handler = async (ctx) => {
  const d = digestParam(ctx.params.ref);
  const size = await locate(ctx, d);
  // A HEAD is how pushers decide to skip an upload: keep the blob young so GC's grace period covers the push.
  if (ctx.req.method === 'HEAD') await ctx.services.blobs.touch(d);
  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': d,
    ETag: `"${d}"`,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'max-age=31536000',
  };
  const range = parseByteRange(ctx.req.headers.range, size);
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['Content-Length'] = String(range.end - range.start + 1);
  } else {
    headers['Content-Length'] = String(size);
  }
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (ctx.req.method === 'HEAD' || size === 0) {
    ctx.res.end();
    return;
  }
  await pipeline(ctx.services.blobs.open(d, range), ctx.res).catch((e: unknown) => {
    ctx.services.log.debug('blob stream ended early', { digest: d, error: (e as Error).message });
  });
};

const deleteBlob: Handler = async (ctx) => {
  requireDelete(ctx);
  const d = digestParam(ctx.params.ref);
  if (!(await ctx.services.repos.unlinkLayer(ctx.params.name, d))) {
    throw new RegistryError('BLOB_UNKNOWN', { detail: { digest: d } });
  }
  sendEmpty(ctx.res, 202, { 'Docker-Content-Digest': d });
};

/** Blob routes. */
export const blobRoutes: Route[] = [
  { pattern: /^(.+)\/blobs\/([^/]+)$/, methods: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob } },
];

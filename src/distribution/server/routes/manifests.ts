/**
 * `GET|HEAD|DELETE /v2/<name>/manifests/<tag-or-digest>` (PUT lives in manifest-put.ts).
 * Manifests are served byte-for-byte as pushed, with the media type recorded at push time.
 */
import type { Digest } from '../../../oci/digest.js';
import { isIndexType } from '../../../oci/media-types.js';
import { type Index } from '../../../oci/manifest.js';
import type { Handler, RequestContext, Route } from '../context.js';
import { RegistryError } from '../errors.js';
import { sendEmpty } from '../http-util.js';
import { acceptedTypes, accepts, fallbackChild } from '../negotiate.js';
import { type ManifestRef, parseRef, requireDelete } from './common.js';
import { putManifest } from './manifest-put.js';

async function notFound(ctx: RequestContext, detail: unknown): Promise<never> {
  if (!(await ctx.services.repos.exists(ctx.params.name))) throw new RegistryError('NAME_UNKNOWN', { detail: { name: ctx.params.name } });
  throw new RegistryError('MANIFEST_UNKNOWN', { detail });
}

/** Resolves a reference to a digest, asking the upstream first in pull-through mode. */
async function resolve(ctx: RequestContext, ref: ManifestRef): Promise<Digest> {
  const { repos, proxy } = ctx.services;
  if (proxy) {
    const d = await proxy.ensureManifest(ctx.params.name, ref.kind === 'tag' ? ref.tag : ref.digest);
    if (d) return d;
  }
  if (ref.kind === 'digest') return ref.digest;
  return (await repos.getTag(ctx.params.name, ref.tag)) ?? notFound(ctx, { tag: ref.tag });
}

/** Loads a stored manifest's bytes and type; MANIFEST_UNKNOWN when gone. */
async function load(ctx: RequestContext, d: Digest): Promise<{ bytes: Buffer; mediaType: string }> {
  const rec = await ctx.services.repos.getManifest(ctx.params.name, d);
  const bytes = rec && (await ctx.services.blobs.readSmall(d, Math.max(rec.size, 1)));
  if (!rec || !bytes) return notFound(ctx, { digest: d });
  return { bytes, mediaType: rec.mediaType };
}

const getManifest: Handler = async (ctx) => {
  const ref = parseRef(ctx.params.ref);
  if (!ref) throw new RegistryError('MANIFEST_UNKNOWN', { detail: { reference: ctx.params.ref, reason: 'invalid tag' } });
  let digest = await resolve(ctx, ref);
  let m = await load(ctx, digest);
  const accepted = acceptedTypes(ctx.req);
  if (!accepts(accepted, m.mediaType)) {
    const child = isIndexType(m.mediaType) ? fallbackChild(JSON.parse(m.bytes.toString('utf8')) as Index, accepted) : undefined;
    if (!child) throw new RegistryError('MANIFEST_UNKNOWN', { detail: { mediaType: m.mediaType, reason: 'the Accept header does not allow this manifest type' } });
    digest = child.digest;
    m = await load(ctx, digest);
  }
  ctx.res.writeHead(200, {
    'Content-Type': m.mediaType,
    'Content-Length': String(m.bytes.length),
    'Docker-Content-Digest': digest,
    ETag: `"${digest}"`,
  });
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : m.bytes);
};

const deleteManifest: Handler = async (ctx) => {
  requireDelete(ctx);
  const ref = parseRef(ctx.params.ref);
  if (!ref) throw new RegistryError('MANIFEST_UNKNOWN', { detail: { reference: ctx.params.ref, reason: 'invalid tag' } });
  const { repos } = ctx.services;
  const gone = ref.kind === 'tag' ? await repos.deleteTag(ctx.params.name, ref.tag) : await repos.deleteManifest(ctx.params.name, ref.digest);
  if (!gone) await notFound(ctx, ref);
  sendEmpty(ctx.res, 202);
};

/** Manifest routes. */
export const manifestRoutes: Route[] = [
  { pattern: /^(.+)\/manifests\/([^/]+)$/, methods: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest } },
];

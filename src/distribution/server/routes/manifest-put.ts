/**
 * `PUT /v2/<name>/manifests/<tag-or-digest>[?tag=…]`: validates and stores a manifest.
 *
 * Order of checks: size cap (413) → JSON/structure (MANIFEST_INVALID) → digest in the URL
 * (DIGEST_INVALID) → every referenced blob or child manifest present in this repository
 * (MANIFEST_BLOB_UNKNOWN). Order of writes, each atomic: bytes → manifest record → referrer link
 * → tags. A crash between them leaves at worst an untagged manifest, which GC collects.
 */
import type { Digest } from '../../../oci/digest.js';
import { sha256Digest } from '../../../oci/digest.js';
import type { Descriptor } from '../../../oci/descriptor.js';
import { InvalidManifestError, type ParsedManifest, parseManifest } from '../../../oci/manifest.js';
import { isValidTag } from '../../../reference/reference.js';
import type { Handler, RequestContext } from '../context.js';
import { RegistryError } from '../errors.js';
import { bareMediaType, readBody, sendEmpty } from '../http-util.js';
import { manifestUrl, parseRef } from './common.js';

const MAX_TAGS_PER_PUSH = 32;

function parse(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  try {
    return parseManifest(bytes, contentType);
  } catch (e) {
    if (e instanceof InvalidManifestError) throw new RegistryError('MANIFEST_INVALID', { detail: e.message, cause: e });
    throw e;
  }
}

/** Every blob or manifest the manifest needs in this repository, and what it must be. */
function references(p: ParsedManifest): { desc: Descriptor; as: 'blob' | 'manifest' }[] {
  if (p.kind === 'index') return p.value.manifests.map((desc) => ({ desc, as: 'manifest' as const }));
  const layers = p.value.layers.filter((l) => !l.urls?.length); // foreign layers live elsewhere
  return [p.value.config, ...layers].map((desc) => ({ desc, as: 'blob' as const }));
}

/** MANIFEST_BLOB_UNKNOWN for the first missing reference. Touches each blob (GC grace, trash restore). */
async function checkReferences(ctx: RequestContext, p: ParsedManifest): Promise<void> {
  const { repos, blobs } = ctx.services;
  const name = ctx.params.name;
  for (const { desc, as } of references(p)) {
    const linked = as === 'blob' ? await repos.hasLayer(name, desc.digest) : (await repos.getManifest(name, desc.digest)) !== undefined;
    if (!linked || !(await blobs.touch(desc.digest))) {
      throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { detail: { digest: desc.digest, mediaType: desc.mediaType } });
    }
  }
}

/** The descriptor the referrers API lists for this manifest. */
function referrerDescriptor(p: ParsedManifest, d: Digest, size: number): Descriptor {
  const artifactType = p.value.artifactType || (p.kind === 'manifest' ? p.value.config.mediaType : undefined);
  return {
    mediaType: p.mediaType, digest: d, size,
    ...(artifactType ? { artifactType } : {}),
    ...(p.value.annotations ? { annotations: p.value.annotations } : {}),
  };
}

function tagsToSet(ctx: RequestContext, urlTag: string | undefined): string[] {
  const extra = ctx.url.searchParams.getAll('tag');
  if (extra.length > MAX_TAGS_PER_PUSH) throw new RegistryError('MANIFEST_INVALID', { status: 414, detail: 'too many tags' });
  for (const t of extra) if (!isValidTag(t)) throw new RegistryError('MANIFEST_INVALID', { detail: { tag: t, reason: 'invalid tag' } });
  return [...new Set([...(urlTag ? [urlTag] : []), ...extra])];
}

/** `PUT /v2/<name>/manifests/<ref>`: 201 with Location, Docker-Content-Digest, OCI-Subject and OCI-Tag as applicable. */
export const putManifest: Handler = async (ctx) => {
  const ref = parseRef(ctx.params.ref);
  if (!ref) throw new RegistryError('MANIFEST_INVALID', { detail: { tag: ctx.params.ref, reason: 'invalid tag' } });
  const tags = tagsToSet(ctx, ref.kind === 'tag' ? ref.tag : undefined);
  const limit = ctx.services.config.maxManifestBytes;
  const bytes = await readBody(ctx.req, limit, () =>
    new RegistryError('MANIFEST_INVALID', { status: 413, detail: `manifest exceeds the limit of ${limit} bytes` }));
  const parsed = parse(bytes, bareMediaType(ctx.req.headers['content-type']));
  const digest = sha256Digest(bytes);
  if (ref.kind === 'digest' && ref.digest !== digest) {
    throw new RegistryError('DIGEST_INVALID', { detail: { expected: ref.digest, actual: digest } });
  }
  await checkReferences(ctx, parsed);
  const { blobs, repos } = ctx.services;
  const name = ctx.params.name;
  await blobs.putBytes(bytes);
  const subject = parsed.value.subject?.digest;
  await repos.putManifest(name, digest, { mediaType: parsed.mediaType, size: bytes.length, ...(subject ? { subject } : {}) });
  if (subject) await repos.addReferrer(name, subject, referrerDescriptor(parsed, digest, bytes.length));
  for (const t of tags) await repos.setTag(name, t, digest);
  const headers: Record<string, string | string[]> = { Location: manifestUrl(ctx, name, digest), 'Docker-Content-Digest': digest };
  if (subject) headers['OCI-Subject'] = subject;
  if (ref.kind === 'digest' && tags.length) headers['OCI-Tag'] = tags;
  ctx.services.search.invalidate(name);
  sendEmpty(ctx.res, 201, headers);
};

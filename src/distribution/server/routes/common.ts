/** Helpers shared by the route modules: parameter parsing and URL building. */
import { type Digest, parseDigest } from '../../../oci/digest.js';
import { isValidTag } from '../../../reference/reference.js';
import { RegistryError } from '../errors.js';
import type { RequestContext } from '../context.js';

/** Parses a digest parameter; DIGEST_INVALID (400) when malformed or not sha256. */
export function digestParam(v: string | null | undefined): Digest {
  try {
    return parseDigest(v ?? '');
  } catch (e) {
    throw new RegistryError('DIGEST_INVALID', { detail: { digest: v ?? null, reason: (e as Error).message }, cause: e });
  }
}

/** `/v2/<name>/blobs/<digest>` */
export function blobUrl(ctx: RequestContext, name: string, d: Digest): string {
  return `${ctx.baseUrl}/v2/${name}/blobs/${d}`;
}

/** `/v2/<name>/blobs/uploads/<id>` */
export function uploadUrl(ctx: RequestContext, name: string, id: string): string {
  return `${ctx.baseUrl}/v2/${name}/blobs/uploads/${id}`;
}

/** `/v2/<name>/manifests/<ref>` */
export function manifestUrl(ctx: RequestContext, name: string, ref: string): string {
  return `${ctx.baseUrl}/v2/${name}/manifests/${ref}`;
}

/** Throws UNSUPPORTED (405) unless deletes are enabled, as distribution does. */
export function requireDelete(ctx: RequestContext): void {
  if (!ctx.services.config.deleteEnabled) {
    throw new RegistryError('UNSUPPORTED', { detail: 'deletes are disabled (storage.delete.enabled)' });
  }
}

/** RFC 5988 `Link` header for the next page: `<path?n=…&last=…>; rel="next"`. */
export function nextLink(path: string, n: number, last: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...extra, n: String(n), last });
  return `<${path}?${q.toString()}>; rel="next"`;
}

/** A parsed `<tag-or-digest>`. */
export type ManifestRef = { kind: 'digest'; digest: Digest } | { kind: 'tag'; tag: string };

/** Parses a manifest reference; undefined for a malformed tag (the caller picks the error); DIGEST_INVALID for a malformed digest. */
export function parseRef(ref: string): ManifestRef | undefined {
  if (ref.includes(':')) return { kind: 'digest', digest: digestParam(ref) };
  return isValidTag(ref) ? { kind: 'tag', tag: ref } : undefined;
}


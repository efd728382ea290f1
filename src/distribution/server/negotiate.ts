/**
 * Manifest content negotiation (spec content-negotiation.md, distribution 2.8 behaviour):
 * - an `Accept` that names no manifest type at all (absent, `*\/*`, `application/json`) accepts anything;
 * - otherwise the stored type must be listed; for an index the client does not accept, the
 *   linux/amd64 child is served instead when the client accepts its type (old docker clients);
 * - anything else is MANIFEST_UNKNOWN (404), like distribution's "OCI manifest found, but accept
 *   header does not support OCI manifests".
 */
import type { IncomingMessage } from 'node:http';
import { MediaType } from '../../oci/media-types.js';
import type { Descriptor } from '../../oci/descriptor.js';
import type { Index } from '../../oci/manifest.js';

const MANIFEST_TYPES: ReadonlySet<string> = new Set([
  MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerManifest, MediaType.dockerManifestList,
  'application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);

/** The media types an `Accept` header (or several) lists, without parameters. */
export function acceptedTypes(req: IncomingMessage): string[] {
  const raw = req.headers.accept;
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return values.flatMap((v) => v.split(',')).map((t) => t.split(';')[0]!.trim().toLowerCase()).filter(Boolean);
}

/** Whether a client with this Accept list takes a manifest of `mediaType`. */
export function accepts(accepted: string[], mediaType: string): boolean {
  if (accepted.includes('*/*') || accepted.includes(mediaType)) return true;
  return !accepted.some((t) => MANIFEST_TYPES.has(t));
}

/** For an unacceptable index: the linux/amd64 child the client accepts, if any. */
export function fallbackChild(index: Index, accepted: string[]): Descriptor | undefined {
  return index.manifests.find((m) =>
    m.platform?.os === 'linux' && m.platform.architecture === 'amd64' && accepted.includes(m.mediaType));
}

/** Image manifests and indexes (OCI and Docker schema2 share one shape), with structural validation. */
import type { Descriptor } from './descriptor.js';
import { parseDigest } from './digest.js';
import { isIndexType, isManifestType } from './media-types.js';

export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface Index {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export class InvalidManifestError extends Error {
  readonly code = 'MANIFEST_INVALID';
}

/** Validates a descriptor's shape; returns it typed. Throws InvalidManifestError. */
export function checkDescriptor(v: unknown, where: string): Descriptor {
  const d = v as Partial<Descriptor> | null;
  if (!d || typeof d !== 'object') throw new InvalidManifestError(`${where}: not an object`);
  if (typeof d.mediaType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(d.mediaType)) {
    throw new InvalidManifestError(`${where}: invalid mediaType`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new InvalidManifestError(`${where}: invalid size`);
  }
  try {
    parseDigest(String(d.digest));
  } catch {
    throw new InvalidManifestError(`${where}: invalid digest`);
  }
  return d as Descriptor;
}

export type ParsedManifest =
  | { kind: 'manifest'; mediaType: string; value: Manifest }
  | { kind: 'index'; mediaType: string; value: Index };

/**
 * Parses manifest bytes. `contentType` (from a header or a descriptor) wins over the body's own
 * mediaType when the body has none; the two must agree when both are present.
 */
export function parseManifest(bytes: Buffer, contentType?: string): ParsedManifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidManifestError('manifest is not valid JSON');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidManifestError('manifest is not an object');
  if (doc.schemaVersion !== 2) throw new InvalidManifestError('unsupported manifest schemaVersion');
  const bodyType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  if (bodyType && contentType && bodyType !== contentType && isKnown(contentType)) {
    throw new InvalidManifestError(`mediaType ${bodyType} does not match ${contentType}`);
  }
  const mediaType = bodyType ?? contentType ?? (Array.isArray(doc.manifests) ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json');
  if (isIndexType(mediaType)) {
    if (!Array.isArray(doc.manifests)) throw new InvalidManifestError('index has no manifests');
    doc.manifests.forEach((m, i) => checkDescriptor(m, `manifests[${i}]`));
    if (doc.subject !== undefined) checkDescriptor(doc.subject, 'subject');
    return { kind: 'index', mediaType, value: doc as unknown as Index };
  }
  if (isManifestType(mediaType)) {
    checkDescriptor(doc.config, 'config');
    if (!Array.isArray(doc.layers)) throw new InvalidManifestError('manifest has no layers');
    doc.layers.forEach((l, i) => checkDescriptor(l, `layers[${i}]`));
    if (doc.subject !== undefined) checkDescriptor(doc.subject, 'subject');
    return { kind: 'manifest', mediaType, value: doc as unknown as Manifest };
  }
  throw new InvalidManifestError(`unsupported manifest media type ${mediaType}`);
}

function isKnown(t: string): boolean {
  return isIndexType(t) || isManifestType(t);
}

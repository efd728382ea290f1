import type { Descriptor } from '../oci/descriptor.js';
import type { Digest } from '../oci/digest.js';

/** One layer of a local image: its diffID (uncompressed) and, when Wharf has it, the blob as distributed. */
export interface ImageLayer { diffId: Digest; blob?: Descriptor }

/**
 * A local image. The ID is the config digest; the config blob is in the content store.
 * `manifest` is the manifest Wharf keeps for push/save (pulled as is, or made on import/commit/build).
 */
export interface ImageRecord {
  id: Digest;
  layers: ImageLayer[];
  manifest?: Descriptor;
  /** Fully qualified `name@sha256:…` of manifests this image was pulled or pushed as. */
  repoDigests: string[];
  /** Parent image (for build/commit lineage: `docker images -a`, dangling children). */
  parent?: Digest;
  /** Sum of the layers' unpacked sizes (Docker's Size). */
  size: number;
  /** When the record was written locally (Metadata.LastTagTime's companion). */
  loaded: string;
}

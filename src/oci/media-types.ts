/** Media types of the OCI image spec and Docker's schema2, as found on the wire and in archives. */
export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerForeign: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

export type ManifestMediaType =
  | typeof MediaType.ociManifest
  | typeof MediaType.dockerManifest;
export type IndexMediaType = typeof MediaType.ociIndex | typeof MediaType.dockerManifestList;

export function isManifestType(t: string | undefined): t is ManifestMediaType {
  return t === MediaType.ociManifest || t === MediaType.dockerManifest;
}

export function isIndexType(t: string | undefined): t is IndexMediaType {
  return t === MediaType.ociIndex || t === MediaType.dockerManifestList;
}

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** The compression a layer media type declares (unknown types are treated as uncompressed tars). */
export function layerCompression(mediaType: string): LayerCompression {
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.tar.gzip')) return 'gzip';
  if (mediaType.endsWith('+zstd')) return 'zstd';
  return 'none';
}

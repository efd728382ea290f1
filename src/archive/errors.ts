/**
 * Typed errors of the archive module. Callers branch on `code`, never on message text.
 * - `UNSAFE_LAYER`: an entry would write outside the target dir (traversal, symlink or hardlink escape).
 * - `LAYER_LIMIT`: the layer has more entries or more uncompressed bytes than the caller allows.
 * - `CORRUPT_LAYER`: the bytes are not a well-formed (compressed) tar: truncated gzip/zstd, bad header.
 * - `OVERLAY_FEATURE`: `diffTar` met an upper dir it cannot diff correctly.
 */

/** How an unsafe entry tries to get out: its name, a symlink target, a hardlink target, a parent that is a symlink. */
export type UnsafeKind = 'traversal' | 'symlink' | 'hardlink' | 'through-symlink';

/** An entry of a layer tries to reach outside the directory it is applied into. */
export class UnsafeLayerError extends Error {
  readonly code = 'UNSAFE_LAYER';
  /** @param entry the entry name as written in the tar header. */
  constructor(readonly entry: string, readonly reason: string, readonly kind: UnsafeKind = 'traversal') {
    super(`unsafe layer entry ${JSON.stringify(entry)}: ${reason}`);
  }
}

/** `noOverwriteDirNonDir`: an entry would replace a directory with a non-directory, or the reverse. */
export class OverwriteError extends Error {
  readonly code = 'OVERWRITE_REFUSED';
  /** @param rel the normalised path of the existing entry. */
  constructor(readonly entry: string, readonly rel: string, readonly kind: 'dir-with-non-dir' | 'non-dir-with-dir') {
    super(kind === 'dir-with-non-dir' ? `cannot overwrite directory "${rel}" with non-directory` : `cannot overwrite non-directory "${rel}" with directory`);
  }
}

/** A layer passes one of the caps of `ApplyOptions` (`maxEntries`, `maxBytes`). */
export class LayerLimitError extends Error {
  readonly code = 'LAYER_LIMIT';
  constructor(readonly limit: 'entries' | 'bytes', readonly max: number) {
    super(`layer exceeds the limit of ${max} ${limit}`);
  }
}

/** The layer's bytes are not a valid tar stream (or its compression is broken or truncated). */
export class CorruptLayerError extends Error {
  readonly code = 'CORRUPT_LAYER';
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(`corrupt layer: ${detail}`, options);
  }
}

/**
 * An overlay upper dir uses a feature whose changes are not all in the upper dir (`redirect_dir`
 * renames, `metacopy` files): a diff of it would be silently incomplete. Mount without them.
 */
export class OverlayFeatureError extends Error {
  readonly code = 'OVERLAY_FEATURE';
  constructor(readonly path: string, readonly xattr: string) {
    super(`${path} has ${xattr}: diffs need overlay mounts with redirect_dir=off and metacopy=off`);
  }
}

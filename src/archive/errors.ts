/**
 * Typed errors of the archive module. Callers branch on `code`, never on message text.
 * - `UNSAFE_LAYER`: an entry would write outside the target dir (traversal, symlink or hardlink escape).
 * - `LAYER_LIMIT`: the layer has more entries or more uncompressed bytes than the caller allows.
 * - `CORRUPT_LAYER`: the bytes are not a well-formed (compressed) tar: truncated gzip/zstd, bad header.
 */

/** An entry of a layer tries to reach outside the directory it is applied into. */
export class UnsafeLayerError extends Error {
  readonly code = 'UNSAFE_LAYER';
  /** @param entry the entry name as written in the tar header. */
  constructor(readonly entry: string, readonly reason: string) {
    super(`unsafe layer entry ${JSON.stringify(entry)}: ${reason}`);
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

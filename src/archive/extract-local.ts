/**
 * `extractInto` on the calling thread: a tar from a stranger (gzip, zstd or plain) extracted into an
 * existing directory that holds data of its own, as `docker cp` into a container does (moby's
 * `archive.Untar`). The layer rules of README.md hold, adapted to a target that is not empty:
 *
 * - names are lexical and stay inside (`..` above the root is UNSAFE_LAYER 'traversal');
 * - no symlink is ever followed: an existing path is a usable parent only when every component
 *   from the root is a real directory (TargetTree's `existing` mode, by lstat); an entry under a
 *   symlink is UNSAFE_LAYER 'through-symlink' (Docker resolves it in a chroot; we cannot chroot);
 * - a symlink whose target, joined to the entry's dir, climbs above the root is refused, as
 *   Docker refuses it ("invalid symlink"; "/etc" passes, "/../../x" does not); the others are
 *   kept: none is ever followed here, and the container reads them in its own root;
 * - hardlinks point at files under the root, through real directories;
 * - `.wh.*` names are plain files (Docker interprets no whiteouts on copy); the root entry (".")
 *   is skipped, so the target keeps its own owner and mode.
 *
 * Unlike `applyLayer`, a failure leaves what was extracted before it, as Docker does: the target
 * held data that is not ours to remove.
 */
import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { limitSize, SizeLimitError } from '../util/verify.js';
import { archiveDecompressor, detectArchiveCompression, peek } from './decompress.js';
import { CorruptLayerError, LayerLimitError, OverwriteError, UnsafeLayerError } from './errors.js';
import { EntryReader, type ReadOptions } from './entry-reader.js';
import { TargetTree } from './target-tree.js';

/** Options of `extractInto` (all cloneable: they cross to a worker thread). */
export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory and the reverse. */
  noOverwriteDirNonDir?: boolean;
  /** Ownership of what is written (default: as the tar says). */
  owner?: ReadOptions['owner'];
  /** Entry renames (moby's RebaseArchiveEntries), applied in order. */
  renames?: ReadOptions['renames'];
  /**
   * Keep symlinks whose targets climb out of `dir` (a build's COPY into an image: the links are the
   * image's, read in its own root, and none is followed here); default: refuse them, as `docker cp` does.
   */
  keepSymlinks?: boolean;
  /** Most entries (default 1,000,000). */
  maxEntries?: number;
  /** Most uncompressed tar bytes (default 64 GiB). */
  maxBytes?: number;
}

/** What an extraction did. */
export interface ExtractResult {
  /** Bytes of regular file data written. */
  size: number;
}

const EXTRACT_OPTIONS = { allowUnknownFormat: true } as Parameters<typeof tar.extract>[0];

/**
 * Extracts `input` into the existing directory `dir` on this thread (see `extractInto`).
 * @throws UnsafeLayerError, OverwriteError, LayerLimitError, CorruptLayerError, an fs error; ENOTDIR when `dir` is not a directory.
 */
export async function extractIntoHere(input: Readable, dir: string, opts: ExtractOptions & { signal?: AbortSignal } = {}): Promise<ExtractResult> {
  opts.signal?.throwIfAborted();
  const root = resolve(dir);
  const st = await lstat(root);
  if (!st.isDirectory()) throw Object.assign(new Error(`${root} is not a directory`), { code: 'ENOTDIR' });
  const tree = new TargetTree(root, { existing: true, noOverwriteDirNonDir: opts.noOverwriteDirNonDir ?? false });
  try {
    const head = await peek(input, 6);
    const compression = detectArchiveCompression(head);
    const extract = tar.extract(EXTRACT_OPTIONS);
    const reader = new EntryReader(tree, extract, {
      maxEntries: opts.maxEntries ?? 1_000_000, whiteouts: false, confineSymlinks: !opts.keepSymlinks, owner: opts.owner ?? 'tar', renames: opts.renames ?? [],
    });
    const stages = compression === 'none' ? [] : [archiveDecompressor(compression)];
    const streams = [input, ...stages, limitSize(opts.maxBytes ?? 64 * 1024 ** 3, 'archive'), extract];
    await (pipeline as (...args: unknown[]) => Promise<void>)(...streams, ...(opts.signal ? [{ signal: opts.signal }] : []));
    await tree.finish();
    return { size: reader.bytesWritten };
  } catch (err) {
    await tree.settle();
    throw classify(err);
  }
}

function classify(err: unknown): unknown {
  if (err instanceof UnsafeLayerError || err instanceof LayerLimitError || err instanceof CorruptLayerError || err instanceof OverwriteError) return err;
  if (err instanceof SizeLimitError) return new LayerLimitError('bytes', err.limit);
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (err.name === 'AbortError' || (typeof code === 'string' && !code.startsWith('Z_'))) return err;
  return new CorruptLayerError(err.message, { cause: err });
}

/**
 * Receives tar-stream's entries one at a time, checks them (count cap, path, type) and dispatches
 * each to its writer or to the whiteout handler. Entry data must be read to the end before the
 * parser moves on, so whatever a writer leaves unread is drained here.
 */
import type { Extract, Header as Headers } from 'tar-stream';
import { applyWhiteout } from './apply-whiteout.js';
import { entryMeta, isSparse } from './entry-meta.js';
import { CorruptLayerError, LayerLimitError, UnsafeLayerError } from './errors.js';
import { capturePax } from './pax.js';
import { baseOf, normalizeEntryPath, parentOf } from './safe-path.js';
import type { TargetTree } from './target-tree.js';
import { classifyName } from './whiteout.js';
import { WRITERS, type EntryType, type LayerEntry } from './writers.js';

const TYPES: Record<string, EntryType> = {
  file: 'file', 'contiguous-file': 'file', directory: 'directory', symlink: 'symlink', link: 'link',
  'character-device': 'character-device', 'block-device': 'block-device', fifo: 'fifo',
};

type Next = (err?: Error | null) => void;

/**
 * How entries are read. The defaults are a layer's (`applyLayer`); `docker cp` extraction
 * (`extractInto`) writes `.wh.*` names as plain files, skips the root entry, refuses relative
 * symlinks that climb out of the target, and may set ownership (Docker's TarOptions).
 */
export interface ReadOptions {
  maxEntries: number;
  /** Interpret `.wh.*` names as overlay whiteouts (default true). */
  whiteouts?: boolean;
  /** Refuse a relative symlink whose target climbs above the root (Docker's "invalid symlink"). */
  confineSymlinks?: boolean;
  /** Ownership: 'tar' (default) as the entry says; 'self' leaves the extracting user's (NoLchown); or fixed ids (ChownOpts). */
  owner?: 'tar' | 'self' | { uid: number; gid: number };
  /**
   * Renames applied in order to each entry name and hardlink target before anything else, as moby's
   * RebaseArchiveEntries does for `docker cp` (the first occurrence of `from` becomes `to`).
   */
  renames?: ReadonlyArray<{ from: string; to: string }>;
}

/** Drives one extract: attach it with `new EntryReader(tree, extract, { maxEntries })`. */
export class EntryReader {
  /** Bytes of regular file data and symlink targets seen so far (Docker's layer size). */
  bytesWritten = 0;
  #entries = 0;
  readonly #tree: TargetTree;
  readonly #maxEntries: number;
  readonly #opts: ReadOptions;
  readonly #takePax: ReturnType<typeof capturePax>;

  constructor(tree: TargetTree, extract: Extract, opts: ReadOptions) {
    this.#tree = tree;
    this.#maxEntries = opts.maxEntries;
    this.#opts = opts;
    this.#takePax = capturePax(extract);
    extract.on('entry', (header: Headers, data: AsyncIterable<unknown>, next: Next) => {
      const rawPax = this.#takePax(header);
      // The extractor reports the same failure; without a listener a destroyed entry would throw.
      (data as unknown as { on(ev: 'error', fn: () => void): void }).on('error', ignore);
      const work = this.#onEntry(header, rawPax, data as AsyncIterable<Buffer>);
      this.#tree.track(work);
      work.then(() => next(), (err: Error) => next(err));
    });
  }

  async #onEntry(header: Headers, rawPax: Buffer | undefined, data: AsyncIterable<Buffer>): Promise<void> {
    if (++this.#entries > this.#maxEntries) throw new LayerLimitError('entries', this.#maxEntries);
    this.#rename(header);
    const name = header.name;
    const rel = normalizeEntryPath(name);
    const meta = this.#owned(entryMeta(header, rawPax));
    const wh = this.#opts.whiteouts === false ? { kind: 'none' as const } : classifyName(baseOf(rel));
    if (wh.kind !== 'none') {
      await applyWhiteout(this.#tree, name, rel, wh, meta);
    } else {
      const entry = this.#toEntry(header, rel, meta);
      // An existing target keeps its own attributes: Docker skips the "." entry then.
      if (rel === '' && entry.type === 'directory' && this.#tree.existing) return drain(data);
      if (entry.type === 'symlink' && this.#opts.confineSymlinks) checkSymlink(entry);
      // Docker's layer size (directory.Size): every non-directory's lstat size, so a symlink counts its target's length.
      if (entry.type === 'file') this.bytesWritten += entry.size;
      else if (entry.type === 'symlink') this.bytesWritten += Buffer.byteLength(entry.linkname);
      await WRITERS[entry.type]({ tree: this.#tree }, entry, data);
      if (entry.type === 'file') return;
    }
    await drain(data);
  }

  #toEntry(header: Headers, rel: string, meta: LayerEntry['meta']): LayerEntry {
    // Old tars mark directories only by a trailing "/" (tar-stream notices but keeps type 'file').
    const dirByName = header.type === 'file' && header.name.endsWith('/') && !header.size;
    const type = dirByName ? 'directory' : TYPES[header.type ?? 'file'];
    if (!type) throw new CorruptLayerError(`${header.name}: unsupported entry type ${String(header.type)}`);
    if (isSparse(header)) throw new CorruptLayerError(`${header.name}: GNU sparse files are not supported`);
    return {
      name: header.name, rel, type, linkname: header.linkname ?? '', size: header.size ?? 0,
      devmajor: header.devmajor ?? 0, devminor: header.devminor ?? 0, meta,
    };
  }

  #rename(header: Headers): void {
    for (const { from, to } of this.#opts.renames ?? []) {
      header.name = header.name.replace(from, to);
      if (header.type === 'link' && header.linkname) header.linkname = header.linkname.replace(from, to);
    }
  }

  #owned(meta: LayerEntry['meta']): LayerEntry['meta'] {
    const owner = this.#opts.owner ?? 'tar';
    if (owner === 'tar') return meta;
    if (owner === 'self') return { ...meta, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    return { ...meta, ...owner };
  }
}

/**
 * Docker's symlink check on copy: the target joined lexically to the entry's dir must stay under
 * the root. An absolute target is joined too (so "/etc" passes and "/../../x" does not); it is
 * never followed here, and the container reads it in its own root.
 */
function checkSymlink(e: LayerEntry): void {
  const dir = parentOf(e.rel);
  const joined = dir === '' ? e.linkname.replace(/^\/+/, '') : `${dir}/${e.linkname.replace(/^\/+/, '')}`;
  try {
    normalizeEntryPath(joined);
  } catch (err) {
    if (err instanceof UnsafeLayerError) throw new UnsafeLayerError(e.name, `symlink target "${e.linkname}" climbs out of the root`, 'symlink');
    throw err;
  }
}

function ignore(): void {}

/** Reads an entry's data to its end (non-file entries normally have none). */
async function drain(data: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of data) void _;
}

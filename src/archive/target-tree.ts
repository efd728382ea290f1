/**
 * The state of one `applyLayer` target dir, and the safety invariant of the whole module:
 * **no path under the target is ever resolved through a symlink.**
 *
 * The target starts empty and only this apply writes to it, so the set of directories it has
 * created (`#dirs`) is the complete truth: an entry's parent is usable only when it is in `#dirs`,
 * i.e. a real directory made by this layer. A missing parent is created (mode 0755, as Docker does);
 * a parent that is a symlink is refused (`UnsafeLayerError`). The final component is always created
 * with calls that do not follow symlinks (O_EXCL|O_NOFOLLOW, mkdir, symlink, link, mknod) and an
 * existing entry is unlinked and created again ("later entry wins"), except dir-over-dir, which merges.
 *
 * Entries are applied one at a time, in tar order. The entry in flight is tracked (`track`) so that
 * cleanup after a failure (`settle`) never races a creation still under way.
 */
import { lstatSync, lutimesSync, type Stats } from 'node:fs';
import { lstat, mkdir, rm, unlink } from 'node:fs/promises';
import { lsetxattr } from '../sys/libc.js';
import { CorruptLayerError, OverwriteError, UnsafeLayerError } from './errors.js';
import { depthOf, parentOf } from './safe-path.js';
import { OPAQUE_XATTR } from './whiteout.js';

/**
 * How a tree treats what is already on disk. `applyLayer` starts from an empty dir (the defaults);
 * an extraction into an existing directory (`extractInto`, `docker cp`) sets `existing`: a path
 * already there counts as a directory only when every component from the root is a real directory
 * (lstat, never through a symlink), so the invariant holds for what the tree did not make.
 */
export interface TreeOptions {
  /** The target holds data of its own: real directories on disk are usable parents. */
  existing?: boolean;
  /** Refuse to replace a directory with a non-directory or the reverse (Docker's NoOverwriteDirNonDir). */
  noOverwriteDirNonDir?: boolean;
}

/** Result of preparing a path for a new entry. */
export type Prepared = 'merge' | 'create';

/** What one apply has made under its target dir; see the module comment for the invariant. */
export class TargetTree {
  readonly #root: string;
  readonly #dirs = new Set<string>(['']);
  /** Directories this tree created: what is under them is all ours, so `isDir` needs no lstat there. */
  readonly #fresh = new Set<string>();
  readonly #whiteouts = new Set<string>();
  readonly #dirTimes = new Map<string, [number, number]>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #opts: TreeOptions;

  /** @param root absolute path of the target dir (empty unless `opts.existing`). */
  constructor(root: string, opts: TreeOptions = {}) {
    this.#root = root;
    this.#opts = opts;
  }

  /** Whether the target held data before (see TreeOptions). */
  get existing(): boolean {
    return this.#opts.existing === true;
  }

  /** Absolute path of a normalised relative path. */
  abs(rel: string): string {
    return rel === '' ? this.#root : `${this.#root}/${rel}`;
  }

  /** Whether `rel` is a real directory of the tree (reached through real directories only). */
  isDir(rel: string): boolean {
    if (this.#dirs.has(rel)) return true;
    if (!this.#opts.existing || this.#fresh.has(parentOf(rel)) || !this.isDir(parentOf(rel))) return false;
    const st = lstatSync(this.abs(rel), { throwIfNoEntry: false });
    if (!st?.isDirectory()) return false;
    this.#dirs.add(rel);
    return true;
  }

  /** Makes sure `rel` is a real directory of this layer, creating missing ones (0755). */
  async ensureDir(rel: string, entry: string): Promise<void> {
    if (this.isDir(rel)) return;
    await this.ensureDir(parentOf(rel), entry);
    const st = await lstatOrUndefined(this.abs(rel));
    if (st?.isSymbolicLink()) throw new UnsafeLayerError(entry, `parent "${rel}" is a symlink`, 'through-symlink');
    if (st && !this.#whiteouts.has(rel)) throw new CorruptLayerError(`${entry}: parent "${rel}" is not a directory`);
    const wasWhiteout = st !== undefined;
    if (wasWhiteout) await this.#removeExisting(rel);
    await mkdir(this.abs(rel), 0o755);
    this.#dirs.add(rel);
    this.#fresh.add(rel);
    if (wasWhiteout) this.setOpaque(rel);
  }

  /**
   * Gets `rel` ready for a new entry: its parent exists as a real dir; an existing directory is
   * kept for a directory entry ('merge') and removed for anything else.
   */
  async prepare(rel: string, entry: string, forDir: boolean): Promise<Prepared> {
    if (rel === '' && !forDir) throw new CorruptLayerError(`${entry}: the layer root must be a directory`);
    await this.ensureDir(parentOf(rel), entry);
    if (this.isDir(rel)) {
      if (forDir) return 'merge';
      if (this.#opts.noOverwriteDirNonDir) throw new OverwriteError(entry, rel, 'dir-with-non-dir');
      await this.#removeDir(rel);
    } else if (forDir && this.#opts.noOverwriteDirNonDir && lstatSync(this.abs(rel), { throwIfNoEntry: false })) {
      throw new OverwriteError(entry, rel, 'non-dir-with-dir');
    }
    return 'create';
  }

  /**
   * Runs `create` (which must not follow symlinks and fail with EEXIST on an existing path); on
   * EEXIST removes what is there (an earlier entry of this layer) and tries once more.
   * @returns whether a whiteout of this layer was replaced.
   */
  async create(rel: string, create: () => Promise<void>): Promise<boolean> {
    try {
      await create();
      return false;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
    const wasWhiteout = await this.#removeExisting(rel);
    await create();
    return wasWhiteout;
  }

  /** Records a directory created by this layer and the times to give it at the end. */
  addDir(rel: string, atime: number, mtime: number, created = false): void {
    this.#dirs.add(rel);
    if (created) this.#fresh.add(rel);
    this.#dirTimes.set(rel, [atime, mtime]);
  }

  addWhiteout(rel: string): void {
    this.#whiteouts.add(rel);
  }

  /** Marks a directory opaque for overlayfs: its lower layers' contents are hidden. */
  setOpaque(rel: string): void {
    lsetxattr(this.abs(rel), OPAQUE_XATTR, Buffer.from('y'));
  }

  /** Tracks the operation in flight; `settle` waits for it (its failure is reported elsewhere). */
  track(work: Promise<void>): void {
    const p: Promise<void> = work.then(noop, noop).finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  /** Waits until no tracked operation is running (never rejects). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Finishes the apply: waits for background work, then sets directory times, deepest first. */
  async finish(): Promise<void> {
    await this.settle();
    const dirs = [...this.#dirTimes.entries()].sort((a, b) => depthOf(b[0]) - depthOf(a[0]));
    for (const [rel, [atime, mtime]] of dirs) lutimesSync(this.abs(rel), atime, mtime);
  }

  async #removeExisting(rel: string): Promise<boolean> {
    if (this.#dirs.has(rel)) {
      await this.#removeDir(rel);
      return false;
    }
    await unlink(this.abs(rel));
    return this.#whiteouts.delete(rel);
  }

  async #removeDir(rel: string): Promise<void> {
    const prefix = `${rel}/`;
    await rm(this.abs(rel), { recursive: true, force: true });
    for (const set of [this.#dirs, this.#whiteouts, this.#fresh]) {
      for (const d of set) if (d === rel || d.startsWith(prefix)) set.delete(d);
    }
    for (const d of this.#dirTimes.keys()) if (d === rel || d.startsWith(prefix)) this.#dirTimes.delete(d);
  }
}

function noop(): void {}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
}
